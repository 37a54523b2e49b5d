"""Reusable Pulumi components of the streaming platform.

- `settings`: parse and validate stack config (`Settings`, `ConfigError`).
- `network.Network`: VPC, subnets, NAT (or a VPC you bring).
- `msk_cluster.MskCluster`: the MSK cluster and everything around it.
"""
