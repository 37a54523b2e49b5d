"""Network: the VPC, private subnets over 2-3 AZs, NAT, endpoints and flow logs (or a brought VPC).

Internal: the package root (`streaming_platform`) exports the public names."""
