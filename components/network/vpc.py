"""Network: the VPC the platform runs in, created or brought (docs/design.md#network).

Created: a VPC with one private and one public subnet per AZ (2 or 3), an
internet gateway, NAT gateway(s) (one, or one per AZ) and route tables, so
brokers, registry tasks and connector workers sit in private subnets and
still reach Snowflake, image registries and AWS APIs on 443.

Brought: the given VPC and private subnets pass through unchanged; nothing
is created.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from ..aws.common import component_type, encrypted_log_group, inline_role_policy, service_role, with_former_type
from ..aws.iam import write_flow_logs_policy
from ..validation import ConfigError, Problems
from .model import SUBNET_PREFIX_BITS, NetworkSettings


@dataclass
class NetworkArgs:
    """Inputs of `Network`."""

    settings: NetworkSettings
    """Bring-your-own VPC + subnets, or the CIDR / AZ count / NAT layout to create."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Extra tags for every created resource (provider default tags still apply)."""


def subnet_cidrs(vpc_cidr: str, az_count: int) -> tuple[list[str], list[str]]:
    """Split the VPC into 16 equal blocks (SUBNET_PREFIX_BITS, which the VPC's size check
    counts with): private subnets take blocks 0..n-1, public subnets blocks 8..8+n-1,
    leaving room to add AZs or tiers later."""
    network = ipaddress.IPv4Network(vpc_cidr)
    blocks = list(network.subnets(prefixlen_diff=SUBNET_PREFIX_BITS))
    private = [str(blocks[i]) for i in range(az_count)]
    public = [str(blocks[8 + i]) for i in range(az_count)]
    return private, public


class Network(pulumi.ComponentResource):
    """The VPC and private subnets every other component is placed in.

    Outputs: `vpc_id`, `private_subnet_ids` (one per AZ, in AZ order),
    `public_subnet_ids` (empty when the VPC is brought).
    """

    vpc_id: pulumi.Output[str]
    private_subnet_ids: pulumi.Output[Sequence[str]]
    public_subnet_ids: pulumi.Output[Sequence[str]]

    def __init__(self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(component_type("Network"), name, None, with_former_type(opts, "network", "Network"))
        self._name = name
        self._tags = dict(args.tags)
        settings = args.settings
        if settings.creates_vpc:
            self._create(settings)
        else:
            self.vpc_id = pulumi.Output.from_input(str(settings.vpc_id))
            self.private_subnet_ids = pulumi.Output.from_input(list(settings.private_subnet_ids))
            self.public_subnet_ids = pulumi.Output.from_input([])
        self.register_outputs(
            {
                "vpcId": self.vpc_id,
                "privateSubnetIds": self.private_subnet_ids,
                "publicSubnetIds": self.public_subnet_ids,
            }
        )

    # --- creation -----------------------------------------------------------------

    def _opts(self) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self)

    def _tagged(self, suffix: str) -> dict[str, str]:
        return {**self._tags, "Name": f"{self._name}-{suffix}"}

    def _create(self, settings: NetworkSettings) -> None:
        zones = availability_zones(settings.az_count, pulumi.InvokeOptions(parent=self))
        vpc = aws.ec2.Vpc(
            f"{self._name}-vpc",
            cidr_block=settings.cidr,
            enable_dns_support=True,
            enable_dns_hostnames=True,  # MSK and VPC endpoints resolve private DNS names
            tags=self._tagged("vpc"),
            opts=self._opts(),
        )
        self._lock_default_security_group(vpc)
        private_cidrs, public_cidrs = subnet_cidrs(settings.cidr, settings.az_count)
        public = self._subnets(vpc, "public", zones, public_cidrs)
        private = self._subnets(vpc, "private", zones, private_cidrs)
        igw = self._public_routes(vpc, public)
        nat_count = settings.az_count if settings.nat_gateways == "perAz" else 1
        nats = [self._nat_gateway(i, public[i], igw) for i in range(nat_count)]
        for i, subnet in enumerate(private):
            self._private_routes(vpc, i, subnet, nats[i % nat_count])
        self._vpc = vpc
        self.vpc_id = vpc.id
        self.private_subnet_ids = pulumi.Output.all(*[s.id for s in private])
        self.public_subnet_ids = pulumi.Output.all(*[s.id for s in public])

    def add_flow_logs(
        self, kms_key_arn: pulumi.Input[str], retention_days: int, account_id: str, log_group_name: str
    ) -> aws.ec2.FlowLog | None:
        """Flow logs of the created VPC (all traffic) to a CMK-encrypted log group,
        delivered by a role that may write to that group only (AWS FSBP EC2.6,
        CIS 3.9). Called once the stack's key exists; nothing for a brought VPC."""
        vpc = getattr(self, "_vpc", None)
        if vpc is None:
            return None
        group = encrypted_log_group(
            f"{self._name}-flow-logs", log_group_name, retention_days, kms_key_arn, self, self._tags
        )
        role = service_role(
            f"{self._name}-flow-logs", "vpc-flow-logs.amazonaws.com", "Delivers VPC flow logs", account_id,
            self, self._tags,
        )  # fmt: skip
        policy = inline_role_policy(
            f"{self._name}-flow-logs-policy", role, group.arn.apply(write_flow_logs_policy), self
        )
        return aws.ec2.FlowLog(
            f"{self._name}-flow-log",
            vpc_id=vpc.id,
            traffic_type="ALL",
            log_destination_type="cloud-watch-logs",
            log_destination=group.arn,
            iam_role_arn=role.arn,
            max_aggregation_interval=600,
            tags=self._tagged("flow-log"),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[policy]),
        )

    def _lock_default_security_group(self, vpc: aws.ec2.Vpc) -> None:
        """Strip every rule from the VPC's default security group (CIS AWS 5.4)."""
        aws.ec2.DefaultSecurityGroup(
            f"{self._name}-default-sg",
            vpc_id=vpc.id,
            tags=self._tagged("default-sg-locked"),
            opts=self._opts(),
        )

    def _subnets(self, vpc: aws.ec2.Vpc, tier: str, zones: list[str], cidrs: list[str]) -> list[aws.ec2.Subnet]:
        return [self._subnet(vpc, tier, i, zone, cidr) for i, (zone, cidr) in enumerate(zip(zones, cidrs, strict=True))]

    def _subnet(self, vpc: aws.ec2.Vpc, tier: str, index: int, zone: str, cidr: str) -> aws.ec2.Subnet:
        return aws.ec2.Subnet(
            f"{self._name}-{tier}-{index}",
            vpc_id=vpc.id,
            cidr_block=cidr,
            availability_zone=zone,
            map_public_ip_on_launch=False,  # public subnets hold only NAT gateways
            tags={**self._tagged(f"{tier}-{zone}"), "Tier": tier},
            opts=self._opts(),
        )

    def _public_routes(self, vpc: aws.ec2.Vpc, public: list[aws.ec2.Subnet]) -> aws.ec2.InternetGateway:
        igw = aws.ec2.InternetGateway(f"{self._name}-igw", vpc_id=vpc.id, tags=self._tagged("igw"), opts=self._opts())
        subnets = {f"public-{i}": subnet for i, subnet in enumerate(public)}
        self._default_route_table(vpc, "public", subnets, gateway_id=igw.id)
        return igw

    def _nat_gateway(self, index: int, subnet: aws.ec2.Subnet, igw: aws.ec2.InternetGateway) -> aws.ec2.NatGateway:
        # A public NAT gateway and its Elastic IP need the VPC's internet
        # gateway attached first, and no input of theirs refers to it (VPC
        # User Guide, "NAT gateways"; the aws_nat_gateway docs say the same).
        after_igw = pulumi.ResourceOptions(parent=self, depends_on=[igw])
        eip = aws.ec2.Eip(
            f"{self._name}-nat-{index}-eip", domain="vpc", tags=self._tagged(f"nat-{index}"), opts=after_igw
        )
        return aws.ec2.NatGateway(
            f"{self._name}-nat-{index}",
            allocation_id=eip.id,
            subnet_id=subnet.id,
            tags=self._tagged(f"nat-{index}"),
            opts=after_igw,
        )

    def _private_routes(self, vpc: aws.ec2.Vpc, index: int, subnet: aws.ec2.Subnet, nat: aws.ec2.NatGateway) -> None:
        label = f"private-{index}"
        self._default_route_table(vpc, label, {label: subnet}, nat_gateway_id=nat.id)

    def _default_route_table(
        self, vpc: aws.ec2.Vpc, label: str, subnets: dict[str, aws.ec2.Subnet], **target: pulumi.Input[str]
    ) -> None:
        """A route table whose default route (0.0.0.0/0) goes to `target`
        (`gateway_id=` or `nat_gateway_id=`), associated with `subnets`."""
        table = aws.ec2.RouteTable(
            f"{self._name}-{label}-rt", vpc_id=vpc.id, tags=self._tagged(label), opts=self._opts()
        )
        aws.ec2.Route(
            f"{self._name}-{label}-default",
            route_table_id=table.id,
            destination_cidr_block="0.0.0.0/0",
            opts=self._opts(),
            **target,
        )
        for subnet_label, subnet in subnets.items():
            aws.ec2.RouteTableAssociation(
                f"{self._name}-{subnet_label}-rta", subnet_id=subnet.id, route_table_id=table.id, opts=self._opts()
            )


def check_existing_vpc(settings: NetworkSettings, stack: str, opts: pulumi.InvokeOptions | None = None) -> None:
    """Refuse a brought VPC the platform cannot run in, before any resource exists.

    The registry's start wrapper learns the task's address with `hostname -i`,
    which resolves only when the VPC has DNS support and DNS host names (the
    ECS agent sets the task host name only then: Amazon ECS Developer Guide,
    "awsvpc network mode"); MSK and interface endpoints are reached by private
    DNS names too. Raises `ConfigError` naming `network.vpcId`.
    """
    if settings.creates_vpc:
        return
    vpc = aws.ec2.get_vpc(id=settings.vpc_id, opts=opts)
    off = [
        name
        for name, on in (("DNS support", vpc.enable_dns_support), ("DNS host names", vpc.enable_dns_hostnames))
        if not on
    ]
    if not off:
        return
    problems = Problems()
    problems.add(
        "network.vpcId",
        settings.vpc_id,
        f"the VPC has {' and '.join(off)} turned off; the schema registry tasks find their own address through "
        "DNS and MSK is reached by private DNS names: turn both on (`aws ec2 modify-vpc-attribute --vpc-id "
        f"{settings.vpc_id} --enable-dns-support` and `--enable-dns-hostnames`) or create the VPC here",
    )
    raise ConfigError(stack, problems.lines)


def availability_zones(count: int, opts: pulumi.InvokeOptions | None = None) -> list[str]:
    """The first `count` AZs of the region that need no opt-in (no Local Zones)."""
    zones = aws.get_availability_zones(
        opts=opts,
        state="available",
        filters=[aws.GetAvailabilityZonesFilterArgs(name="opt-in-status", values=["opt-in-not-required"])],
    )
    if len(zones.names) < count:
        raise ValueError(f"network.azCount = {count}: the region has only {len(zones.names)} AZs available")
    return sorted(zones.names)[:count]
