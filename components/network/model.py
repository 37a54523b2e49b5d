"""The `network` stack config object's model: a VPC to bring, or one to create."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import setting

DEFAULT_VPC_CIDR = "10.0.0.0/16"
SUBNET_PREFIX_BITS = 4
# An ALB needs a /27 or larger subnet with at least 8 free addresses in each of
# its subnets (Elastic Load Balancing, "Application Load Balancers": subnets).
LARGEST_SUBNET_PREFIX = 27


@dataclass(frozen=True)
class NetworkSettings:
    """Where the platform runs: a VPC to bring, or one to create."""

    vpc_id: str | None = setting(None, key="vpcId")
    """Existing VPC id (bring-your-own). When set, `private_subnet_ids` is required."""
    private_subnet_ids: tuple[str, ...] = setting((), key="privateSubnetIds")
    """2 or 3 existing private subnets in distinct AZs (bring-your-own)."""
    cidr: str = setting(
        DEFAULT_VPC_CIDR,
        key="cidr",
        rules=(
            "private IPv4 range, /16 to /23; split into 16 blocks: private subnets take blocks 0..n-1, public "
            "8..8+n-1. Each private subnet must be at least a /27 (an ALB needs that, with 8 free addresses) and hold"
            " the brokers, the registry tasks during a deployment and every connector worker: a CIDR too small for "
            "the configured counts is refused with the size to use."
        ),
    )
    """CIDR of the VPC to create (a private range, /16 to /24)."""
    az_count: int = setting(
        2, key="azCount", default_text="3 if `brokerCount` is a multiple of 3, else 2", rules="2 or 3"
    )
    """How many AZs the created VPC spans (2 or 3)."""
    nat_gateways: str = setting(
        "single", key="natGateways", rules="`single` (cheaper) or `perAz` (no cross-AZ dependency for egress)"
    )
    """`single` (one NAT gateway, cheaper) or `perAz` (one per AZ, no cross-AZ dependency)."""
    flow_logs: bool = setting(
        True,
        key="flowLogs",
        rules=(
            "VPC flow logs (all traffic, 10-minute aggregation) to a CMK-encrypted log group "
            "`/aws/vpc/streaming-platform-<stack>/flow-logs` with `logRetentionDays`, written by a role that may "
            "write to that group only (AWS FSBP EC2.6, CIS). `false` saves their CloudWatch cost in dev (the estimate"
            " assumes 10 GB a month); production stacks must keep them (policy)"
        ),
    )
    """VPC flow logs of a created VPC to a CMK-encrypted log group (AWS FSBP EC2.6)."""

    @property
    def creates_vpc(self) -> bool:
        return self.vpc_id is None

    @property
    def subnet_count(self) -> int:
        return self.az_count if self.creates_vpc else len(self.private_subnet_ids)
