"""The rules that span components, checked once for the whole platform: partitions per
broker (topics, the registry's `_schemas`, the connectors' internal topics), brokers over
the network's AZs, the VPC's size for brokers, registry tasks and connector workers, and
each connector role's IAM quota. The stack-config adapter (`settings`) runs them after each
object is parsed on its own; every problem names the stack key it is about."""

from __future__ import annotations

import ipaddress
import math

from .aws.iam import MANAGED_POLICIES_PER_ROLE, role_grants
from .msk.model import TopicSettings
from .msk.options import partition_load
from .network.model import LARGEST_SUBNET_PREFIX, SUBNET_PREFIX_BITS, NetworkSettings
from .registry.model import SchemaRegistrySettings
from .snowflake.model import SnowflakeSettings
from .validation import Problems

ALB_FREE_ADDRESSES = 8
AWS_RESERVED_ADDRESSES = 5  # per subnet (VPC User Guide, "Subnet CIDR blocks")


def check_partition_load(
    topics: tuple[TopicSettings, ...],
    broker_count: int,
    broker_type: str,
    default_rf: int,
    connectors: int,
    problems: Problems,
) -> list[str]:
    """MSK refuses updates to a cluster above its partitions-per-broker maximum
    (configuration, broker type, SCRAM association), and recommends less."""
    load = partition_load(
        [(t.name, t.partitions, t.replication_factor) for t in topics],
        broker_count,
        broker_type,
        default_rf,
        connectors,
    )
    what = (
        f"{load.per_broker} partition replicas per broker (topics x replication factor, with _schemas, "
        "__consumer_offsets and MSK Connect's internal topics, over brokerCount)"
    )
    source = "MSK Developer Guide, best practices: number of partitions per broker"
    if load.per_broker > load.maximum:
        problems.add_key(
            "topics",
            f"{what} is above the {load.maximum} MSK allows on {broker_type} ({source}); use fewer partitions, "
            "more brokers or a larger brokerInstanceType",
        )
        return []
    if load.per_broker > load.recommended:
        return [f"topics: {what} is above the {load.recommended} MSK recommends on {broker_type} ({source})"]
    return []


def check_broker_layout(broker_count: int, network: NetworkSettings, express: bool, problems: Problems) -> None:
    subnets = network.subnet_count
    if broker_count % subnets != 0:
        allowed = ", ".join(str(subnets * k) for k in range(1, 4))
        other = 5 - subnets  # the other AZ count MSK supports (2 or 3)
        fits_other = broker_count % other == 0
        way = (
            (
                f"; for {broker_count} brokers use {other} AZs (network.azCount: {other}), which is a new network and "
                "so a new cluster for a deployed stack"
                if network.creates_vpc
                else f"; for {broker_count} brokers bring {other} subnets (network.privateSubnetIds), which for a "
                "deployed stack is a new cluster"
            )
            if fits_other
            else ""
        )
        problems.add(
            "brokerCount",
            broker_count,
            f"must be a multiple of the number of private subnets ({subnets}) so brokers spread evenly; "
            f"allowed: {allowed}, ...{way}",
        )
    if express and subnets != 3:
        problems.add(
            "network" if network.creates_vpc else "network.privateSubnetIds",
            network.az_count if network.creates_vpc else list(network.private_subnet_ids),
            "express brokers need 3 AZs; set network.azCount to 3 (or bring 3 subnets)",
        )


def addresses_per_subnet(
    broker_count: int, az_count: int, registry: SchemaRegistrySettings, snowflake: SnowflakeSettings
) -> int:
    """Addresses one private subnet may have to hold at once: the ALB's free
    addresses, its share of the brokers, and (at worst, all in one AZ) every
    registry task during a rolling deployment (up to 200 %) and every
    connector worker at its autoscaling maximum (one ENI each)."""
    workers = sum(c.capacity.workers or c.capacity.max_workers for c in snowflake.connectors)
    return ALB_FREE_ADDRESSES + math.ceil(broker_count / az_count) + 2 * registry.desired_count + workers


def check_role_quota(
    quota: int, snowflake: SnowflakeSettings, registry: SchemaRegistrySettings, problems: Problems
) -> int:
    """`iamManagedPoliciesPerRole`, and each connector's role within it: the sink topics
    its inline policy cannot hold go into managed policies (iam.role_grants)."""
    key = "iamManagedPoliciesPerRole"
    for i, connector in enumerate(snowflake.connectors or [None]):
        secrets = 1 + bool(connector and connector.value_format == "AVRO" and registry.authentication)
        topics, dead_letter = (connector.topic_names, connector.dead_letter_topic) if connector else ((), None)
        role_grants(topics, dead_letter, secrets, quota, (key, f"snowflake.connectors[{i}].topics"), problems)
    return MANAGED_POLICIES_PER_ROLE if problems.refused(key) else quota


def check_vpc_size(
    network: NetworkSettings,
    broker_count: int,
    registry: SchemaRegistrySettings,
    snowflake: SnowflakeSettings,
    problems: Problems,
) -> None:
    vpc = ipaddress.IPv4Network(network.cidr)
    subnet_prefix = vpc.prefixlen + SUBNET_PREFIX_BITS
    usable = 2 ** (32 - subnet_prefix) - AWS_RESERVED_ADDRESSES
    needed = addresses_per_subnet(broker_count, network.az_count, registry, snowflake)
    if usable >= needed:
        return
    smallest = next(
        (p for p in range(LARGEST_SUBNET_PREFIX, 15, -1) if 2 ** (32 - p) - AWS_RESERVED_ADDRESSES >= needed),
        None,
    )
    if smallest is None:  # not even a /16 (the largest VPC AWS allows) holds this layout
        problems.add(
            "brokerCount",
            broker_count,
            f"no VPC can hold this layout: each private subnet would need up to {needed} addresses "
            f"(brokers, registry tasks, connector workers), more than a /16 VPC's subnets have",
        )
        return
    problems.add(
        "network.cidr",
        network.cidr,
        f"too small for this layout: each private subnet is 1/16 of the VPC (/{subnet_prefix}, {usable} usable "
        f"addresses) and must hold the registry ALB ({ALB_FREE_ADDRESSES} free), the brokers, the registry tasks "
        f"during a deployment and the connector workers: up to {needed} addresses; "
        f"use a /{smallest - SUBNET_PREFIX_BITS} or larger",
    )


def check_standby_snowflake(snowflake: SnowflakeSettings, problems: Problems) -> None:
    """A DR stack's Snowflake side: a user of its own (its key pair is its own) with the role the
    primary manages or was given; connectors that never ran on 3.x (their channels are the
    standby's own, `<connector>_<topic>_<partition>`)."""
    if snowflake.manage.enabled:
        problems.add(
            "snowflake.manage.enabled",
            True,
            "not in a DR stack (replication): the role and its grants on the tables are the primary's; create the "
            "standby's own user with that role yourself and register its key (output snowflakeAlterUserStatement)",
        )
    if snowflake.migrate_from_v3 is not None:
        problems.add(
            "snowflake.migrateFromV3.ingestionMethod",
            snowflake.migrate_from_v3.ingestion_method,
            "not in a DR stack (replication): the standby's connectors never ran on 3.x; they resume from the "
            "consumer group offsets copied at failover (docs/operations.md)",
        )
