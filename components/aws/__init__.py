"""What the components share about AWS: physical names within AWS's limits, IAM and KMS policy
documents, private buckets, security groups, log groups, alarms, regions.

Internal: the package root (`streaming_platform`) exports the public names."""
