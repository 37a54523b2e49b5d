"""Stack settings: read `streaming-platform:*` config, apply defaults, validate.

Every rule of the config contract (docs/design.md#configuration-contract) is checked here, before any
resource is registered. Problems are collected, not raised one by one, so a
user sees everything that is wrong with a stack in one run. Each problem names
the key as the user types it in `pulumi config set`, the bad value, and what
is allowed.

`load_settings()` reads the live Pulumi config; `parse_settings()` takes a
plain mapping, which is what the unit tests and the offline plan use.
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from . import catalog
from .aws.iam import MANAGED_POLICIES_PER_ROLE
from .aws.regions import check_region
from .defaults import STACK_DEFAULTS
from .model import stack_keys
from .msk.acls import PrincipalAcls, unknown_topic_warnings
from .msk.model import MskClusterArgs, TopicSettings
from .msk.options import (
    INTERNAL_TOPIC_REPLICATION_FACTORS,
    ClusterShape,
    DataAccess,
    ScramUserSettings,
    SourceAccess,
    check_replication_source,
    parse_cluster_options,
    parse_sources,
)
from .network.model import DEFAULT_VPC_CIDR, LARGEST_SUBNET_PREFIX, SUBNET_PREFIX_BITS, NetworkSettings
from .platform_checks import (
    check_broker_layout,
    check_partition_load,
    check_role_quota,
    check_standby_snowflake,
    check_vpc_size,
)
from .registry.model import SchemaRegistrySettings, parse_schema_registry
from .replication.model import DEPLOY_TIME, ReplicationSettings, parse_replication
from .snowflake.model import (
    ADMIN_SECRET_KEY,
    SECRET_KEY,
    SnowflakeSettings,
    example_account_warning,
    parse_snowflake,
    resolve_v3_migration,
)
from .validation import (
    ConfigError,
    Problems,
    as_bool,
    as_int,
    check_keys,
    flag,
    misspelled,
    one_of,
    parse_named_objects,
)

NAMESPACE = "streaming-platform"

# Defaults of the flat keys (components/defaults.py). Pulumi.yaml declares the
# same defaults (a test keeps the two equal); they apply here too so that a
# program run without the CLI's project defaults (the offline plan, another
# project importing the settings) behaves the same.
DEFAULTS: dict[str, Any] = STACK_DEFAULTS

# The cluster's options beyond the defaults (components/msk/options.py).
CLUSTER_OBJECT_KEYS = (
    "clientAuthentication", "vpcConnectivity", "clusterPolicy", "brokerLogs", "openMonitoring", "serverProperties",
)  # fmt: skip
OBJECT_KEYS = (
    "network", "clientAccess", "topics", "schemaRegistry", "snowflake", *CLUSTER_OBJECT_KEYS, "scramUsers", "kafkaAcls",
    "replication",
)  # fmt: skip
SECRET_KEYS = (SECRET_KEY, ADMIN_SECRET_KEY)
KNOWN_KEYS = (*DEFAULTS, *OBJECT_KEYS, *SECRET_KEYS)

_VPC_ID = re.compile(r"^vpc-[0-9a-f]{8,17}$")
_SUBNET_ID = re.compile(r"^subnet-[0-9a-f]{8,17}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Kafka topic names: [a-zA-Z0-9._-], at most 249 characters (Kafka's Topic.java).
_TOPIC_NAME = re.compile(r"^[a-zA-Z0-9._-]{1,249}$")


ClientAccess = SourceAccess
"""Who may reach the brokers and the schema registry (`clientAccess`)."""


@dataclass(frozen=True)
class Settings:
    """The validated settings of one stack: each component's own model where it has one."""

    project: str
    stack: str
    cluster: MskClusterArgs
    """The cluster as the stack sets it (the flat keys are its fields). Its network
    (`vpc_id`, `subnet_ids`) is the platform's to fill in: `build_platform` does."""
    network: NetworkSettings
    client_access: ClientAccess
    schema_registry: SchemaRegistrySettings = field(default_factory=SchemaRegistrySettings)
    snowflake: SnowflakeSettings = field(default_factory=SnowflakeSettings)
    warnings: tuple[str, ...] = ()
    """Valid but worth a look (e.g. partitions per broker above MSK's recommendation)."""
    iam_managed_policies_per_role: int = MANAGED_POLICIES_PER_ROLE
    """The account's IAM quota of managed policies per role (`iamManagedPoliciesPerRole`)."""
    replication: ReplicationSettings | None = None
    """A DR stack's: what its MSK Replicator copies from the primary stack's cluster (`replication`)."""

    @property
    def is_express(self) -> bool:
        return catalog.is_express(self.cluster.broker_instance_type)


def replicas_per_az(subnet_count: int) -> int:
    """One replica per AZ, at most 3: what MSK itself uses for
    `default.replication.factor` (MSK Developer Guide, "Default Amazon MSK
    configuration": 3 for clusters in 3 AZs, 2 for clusters in 2 AZs).

    The AZs (subnets) of a cluster cannot change without a new cluster, so a
    replication factor derived from them is fixed for the cluster's life, unlike
    one derived from brokerCount: `aws.msk.Topic` replaces a topic whenever its
    `replication_factor` changes (terraform-provider-aws
    internal/service/kafka/topic.go: RequiresReplace).
    """
    return min(3, subnet_count)


def min_insync_replicas(replication_factor: int) -> int:
    """`min.insync.replicas` = RF-1, at least 1 (docs/design.md#mskcluster)."""
    return max(1, replication_factor - 1)


# --- reading raw values ------------------------------------------------------


class _Reader:
    """Reads flat keys from raw config (CLI strings or native values)."""

    def __init__(self, raw: Mapping[str, Any], problems: Problems) -> None:
        self.raw = raw
        self.problems = problems

    def _get(self, key: str) -> Any:
        value = self.raw.get(key)
        return DEFAULTS.get(key) if value is None else value

    def string(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            self.problems.add(key, value, "must be a string")
            return str(DEFAULTS[key])
        return value

    def integer(self, key: str) -> int:
        return self._parsed(key, as_int, "must be a whole number")

    def boolean(self, key: str) -> bool:
        return self._parsed(key, as_bool, "must be true or false")

    def _parsed(self, key: str, parse: Callable[[Any], Any], rule: str) -> Any:
        """`parse` the value; on failure record `rule` and fall back to the default."""
        value = self._get(key)
        parsed = parse(value)
        if parsed is None:
            self.problems.add(key, value, rule)
            return DEFAULTS[key]
        return parsed

    def structured(self, key: str, kind: type) -> Any:
        """An object or list key; the CLI passes these as JSON text."""
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                self.problems.add(key, value, f"must be {_kind_name(kind)} (JSON or YAML)")
                return None
        if not isinstance(value, kind):
            self.problems.add(key, value, f"must be {_kind_name(kind)}")
            return None
        return value


def _kind_name(kind: type) -> str:
    return "a list" if kind is list else "an object"


# --- flat keys -----------------------------------------------------------------


def _check_volume(volume: int, max_volume: int, express: bool, problems: Problems) -> None:
    lo, hi = catalog.MIN_VOLUME_GIB, catalog.MAX_VOLUME_GIB
    if not problems.refused("brokerVolumeGiB") and not lo <= volume <= hi:
        problems.add("brokerVolumeGiB", volume, f"must be between {lo} and {hi} GiB")
    if max_volume == 0 or problems.refused("maxBrokerVolumeGiB", "brokerVolumeGiB"):
        return
    if express:
        problems.add(
            "maxBrokerVolumeGiB",
            max_volume,
            "express brokers have MSK-managed storage (no EBS, no storage autoscaling); allowed: 0",
        )
    elif not volume < max_volume <= hi:
        problems.add(
            "maxBrokerVolumeGiB",
            max_volume,
            f"must be 0 (no storage autoscaling) or above brokerVolumeGiB ({volume}) and at most {hi}",
        )


# --- objects -------------------------------------------------------------------

# The two forms of `network`, which cannot be mixed.
_BYO_KEYS = ("vpcId", "privateSubnetIds")
# A created VPC is cut into 16 equal blocks (private subnets 0..2, public 8..10).
_CREATE_KEYS = tuple(k for k in stack_keys(NetworkSettings) if k not in _BYO_KEYS)


def _parse_network(value: dict | None, broker_count: int, problems: Problems) -> NetworkSettings:
    value = value or {}
    check_keys("network", value, _BYO_KEYS + _CREATE_KEYS, problems)
    if "vpcId" in value or "privateSubnetIds" in value:
        return _parse_byo_network(value, problems)
    default_azs = 3 if broker_count % 3 == 0 else 2
    az_count = as_int(value.get("azCount", default_azs))
    if az_count not in (2, 3):
        problems.add("network.azCount", value.get("azCount"), "allowed: 2 or 3")
        az_count = default_azs
    nat = value.get("natGateways", "single")
    if nat not in ("single", "perAz"):
        problems.add("network.natGateways", nat, "allowed: single, perAz")
        nat = "single"
    cidr = value.get("cidr", DEFAULT_VPC_CIDR)
    if not _valid_vpc_cidr(cidr):
        problems.add("network.cidr", cidr, "must be a private IPv4 CIDR from /16 to /23, e.g. 10.0.0.0/16")
        cidr = DEFAULT_VPC_CIDR
    flow_logs = flag("network.flowLogs", value.get("flowLogs", True), problems, default=True)
    return NetworkSettings(cidr=cidr, az_count=az_count, nat_gateways=nat, flow_logs=flow_logs)


def _valid_vpc_cidr(cidr: Any) -> bool:
    if not isinstance(cidr, str):  # ipaddress reads numbers (and booleans) as addresses
        return False
    try:
        net = ipaddress.IPv4Network(cidr)
    except (ValueError, TypeError):
        return False
    # /16 is the largest VPC AWS allows; /23 the smallest whose subnets can hold an ALB.
    return net.is_private and 16 <= net.prefixlen <= LARGEST_SUBNET_PREFIX - SUBNET_PREFIX_BITS


def _parse_byo_network(value: dict, problems: Problems) -> NetworkSettings:
    mixed = sorted(k for k in _CREATE_KEYS if k in value)
    if mixed:
        problems.add(
            "network",
            value,
            f"bring-your-own VPC (vpcId, privateSubnetIds) cannot be combined with {', '.join(mixed)}",
        )
    vpc_id = value.get("vpcId")
    if not isinstance(vpc_id, str) or not _VPC_ID.match(vpc_id):
        problems.add("network.vpcId", vpc_id, "must be a VPC id like vpc-0123456789abcdef0")
    subnets = value.get("privateSubnetIds")
    if not isinstance(subnets, list) or len(subnets) not in (2, 3) or len(set(subnets)) != len(subnets):
        problems.add("network.privateSubnetIds", subnets, "must list 2 or 3 distinct private subnets, one per AZ")
        subnets = ["subnet-invalid0", "subnet-invalid1"]
    for i, subnet in enumerate(subnets):
        if not isinstance(subnet, str) or not _SUBNET_ID.match(subnet):
            problems.add(f"network.privateSubnetIds[{i}]", subnet, "must be a subnet id like subnet-0123456789abcdef0")
    return NetworkSettings(vpc_id=str(vpc_id), private_subnet_ids=tuple(str(s) for s in subnets))


def _parse_client_access(value: dict | None, problems: Problems) -> ClientAccess:
    return parse_sources(
        "clientAccess", value, problems, "brokers are never open to the whole internet; give the CIDRs of your clients"
    )


_TOPIC_KEYS = (
    "name", "partitions", "replicationFactor", "retentionHours", "cleanupPolicy", "remoteStorage",
    "localRetentionHours",
)  # fmt: skip
# A topic's retention.ms is a Kafka LONG.
_MAX_TOPIC_RETENTION_HOURS = catalog.KAFKA_LONG_MAX // catalog.MS_PER_HOUR


def _parse_topics(
    value: list | None, broker_count: int, default_rf: int, express: bool, tiered: bool, problems: Problems
) -> tuple[TopicSettings, ...]:
    topics = parse_named_objects(
        "topics",
        value or [],
        allowed=_TOPIC_KEYS,
        shape="{name, partitions, replicationFactor?, retentionHours?, cleanupPolicy?, remoteStorage?, "
        "localRetentionHours?}",
        parse=lambda key, item: _parse_topic(key, item, broker_count, default_rf, express, tiered, problems),
        duplicate="duplicate topic name; each topic is listed once",
        problems=problems,
    )
    _check_topic_collisions(topics, problems)
    return topics


def _written_topic_names(raw_topics: Any) -> list[str]:
    """The name of every entry of `topics` as written (valid or not)."""
    entries = raw_topics if isinstance(raw_topics, list) else []
    return [entry["name"] for entry in entries if isinstance(entry, dict) and isinstance(entry.get("name"), str)]


def _check_data_access_topics(
    data_access: Sequence[DataAccess], topic_names: Sequence[str] | None, problems: Problems
) -> None:
    """Other accounts are granted configured topics only (by exact name); None: `topics` was refused."""
    if topic_names is None:
        return
    names = set(topic_names)
    for i, access in enumerate(data_access):
        for j, topic in enumerate(access.topics):
            if topic not in names:
                problems.add(
                    f"clusterPolicy.dataAccess[{i}].topics[{j}]",
                    topic,
                    f"not in `topics`; configured topics: {', '.join(sorted(names)) or 'none'}",
                )


def _check_internal_topic_factors(properties: Sequence[tuple[str, str]], broker_count: int, problems: Problems) -> None:
    """Kafka's internal topics need as many brokers as their replication factor."""
    for name, value in properties:
        if name in INTERNAL_TOPIC_REPLICATION_FACTORS and int(value) > broker_count:
            problems.add(
                f"serverProperties.{name}",
                int(value),
                f"must be at most brokerCount ({broker_count}): Kafka cannot create its internal topic with more "
                "replicas than brokers, and consumer groups or transactions fail until it can",
            )


def kafka_collision_key(name: str) -> str:
    """Kafka treats '.' and '_' in topic names as one character (metric names
    cannot tell them apart) and refuses a topic whose name collides with an
    existing one: Topic.hasCollision / unifyCollisionChars in
    clients/src/main/java/org/apache/kafka/common/internals/Topic.java (3.8.1),
    checked by CreateTopics. The JVM tier shows a 3.8.1 broker refusing it."""
    return name.replace(".", "_")


def _check_topic_collisions(topics: Sequence[TopicSettings], problems: Problems) -> None:
    """Refuse names Kafka would refuse as colliding: among `topics`, and with `_schemas`."""
    taken = {kafka_collision_key(catalog.SCHEMAS_TOPIC): f"the schema registry's {catalog.SCHEMAS_TOPIC!r} topic"}
    for i, topic in enumerate(topics):
        key = kafka_collision_key(topic.name)
        if key in taken and topic.name != catalog.SCHEMAS_TOPIC and not problems.refused(f"topics[{i}].name"):
            problems.add(
                f"topics[{i}].name",
                topic.name,
                f"collides with {taken[key]}: Kafka treats '.' and '_' in topic names as the same character and "
                "refuses the second topic; rename one of them",
            )
        taken.setdefault(key, f"topic {topic.name!r}")


def _parse_topic(
    key: str, item: dict, broker_count: int, default_rf: int, express: bool, tiered: bool, problems: Problems
) -> TopicSettings:
    name = item.get("name")
    if misspelled(item, "name", _TOPIC_KEYS):
        name = f"<{key}>"  # reported once, as the unknown key with its did-you-mean
    elif not isinstance(name, str) or not _TOPIC_NAME.match(name) or name in (".", ".."):
        problems.add(f"{key}.name", name, "must be 1-249 characters of a-z, A-Z, 0-9, '.', '_', '-'")
        name = str(name)
    elif kafka_collision_key(name).startswith("__"):
        problems.add(
            f"{key}.name",
            name,
            "names starting with '__' (with '.' and '_' as one character, as Kafka compares them) are reserved for "
            "Kafka and MSK Connect",
        )
    elif name == catalog.SCHEMAS_TOPIC:
        problems.add(f"{key}.name", name, "reserved: the schema registry's storage topic is managed by the platform")
    partitions = as_int(item.get("partitions"))
    if misspelled(item, "partitions", _TOPIC_KEYS):
        partitions = 1  # `partitons` and the like: reported once, as an unknown key with its did-you-mean
    elif partitions is None or partitions < 1:
        problems.add(f"{key}.partitions", item.get("partitions"), "must be a whole number of at least 1")
        partitions = 1
    rf = _parse_replication_factor(
        f"{key}.replicationFactor", item.get("replicationFactor"), broker_count, express, problems
    )
    rf = rf or default_rf
    retention = _topic_hours(f"{key}.retentionHours", item.get("retentionHours"), problems)
    cleanup = item.get("cleanupPolicy", "delete")
    one_of(f"{key}.cleanupPolicy", cleanup, catalog.TOPIC_CLEANUP_POLICIES, problems)
    remote = flag(f"{key}.remoteStorage", item.get("remoteStorage", False), problems)
    local = _topic_hours(f"{key}.localRetentionHours", item.get("localRetentionHours"), problems)
    _check_tiered_topic(key, remote, local, retention, cleanup, tiered, problems)
    return TopicSettings(name, partitions, rf, retention, str(cleanup), remote, local)


def _topic_hours(key: str, raw: Any, problems: Problems) -> int | None:
    """Hours of a topic retention setting (kept in ms, a Kafka LONG), or None when absent or refused."""
    if raw is None:
        return None
    hours = as_int(raw)
    if hours is None or not 0 < hours <= _MAX_TOPIC_RETENTION_HOURS:
        problems.add(
            key,
            raw,
            f"must be a whole number of hours above 0 and at most {_MAX_TOPIC_RETENTION_HOURS} (Kafka keeps it in "
            "milliseconds as a LONG)",
        )
        return None
    return hours


def _check_tiered_topic(
    key: str, remote: bool, local: int | None, retention: int | None, cleanup: Any, tiered: bool, problems: Problems
) -> None:
    """Tiered storage per topic (MSK Developer Guide, "Guidelines for Amazon MSK
    tiered storage topic-level configuration")."""
    if remote and not tiered:
        problems.add(f"{key}.remoteStorage", True, "needs storageMode: TIERED on the cluster")
    if remote and cleanup != "delete":
        problems.add(f"{key}.remoteStorage", True, f"MSK does not tier compacted topics (cleanupPolicy is {cleanup!r})")
    if remote and retention is None and not problems.refused(f"{key}.retentionHours"):
        problems.add(f"{key}.remoteStorage", True, "needs the topic's own retentionHours (MSK requires retention.ms)")
    if remote and retention is not None and retention < catalog.TIERED_MIN_RETENTION_HOURS:
        problems.add(
            f"{key}.retentionHours",
            retention,
            f"must be at least {catalog.TIERED_MIN_RETENTION_HOURS} (3 days) with remoteStorage: MSK's minimum "
            "retention.ms for tiered topics",
        )
    if local is not None and not remote:
        problems.add(f"{key}.localRetentionHours", local, "only with remoteStorage: true")
    elif local is not None and retention is not None and local >= retention:
        problems.add(
            f"{key}.localRetentionHours",
            local,
            f"must be below the topic's retentionHours ({retention}): MSK refuses local.retention.ms >= retention.ms",
        )


def _parse_replication_factor(key: str, raw: Any, broker_count: int, express: bool, problems: Problems) -> int | None:
    """An explicit replication factor, or None when `raw` is None (or refused)."""
    if raw is None:
        return None
    rf = as_int(raw)
    if rf is None or rf < 1:
        problems.add(key, raw, "must be a whole number of at least 1")
        return None
    if not problems.refused("brokerCount") and rf > broker_count:
        problems.add(key, raw, f"must be at most brokerCount ({broker_count}): each replica needs its own broker")
    if express and rf != 3:
        problems.add(key, raw, "express brokers always replicate 3 times; allowed: 3")
    return rf


def _stack_replication_factor(
    raw: Any, broker_count: int, network: NetworkSettings, express: bool, problems: Problems
) -> int:
    """`defaultReplicationFactor`: 0 (one replica per AZ) or an explicit number."""
    per_az = replicas_per_az(network.subnet_count)
    value = as_int(raw)
    if value is None or value < 0:
        problems.add(
            "defaultReplicationFactor", raw, "must be 0 (one replica per AZ) or a whole number from 1 to brokerCount"
        )
        return per_az
    if value == 0:
        return 3 if express else per_az
    return _parse_replication_factor("defaultReplicationFactor", value, broker_count, express, problems) or per_az


# --- the whole model -------------------------------------------------------------


def parse_settings(raw: Mapping[str, Any], project: str, stack: str) -> Settings:
    """Validate raw config (`key -> value`, no namespace) into `Settings`.

    `raw` may hold every key present in the stack's config: a key this
    program does not know is refused (a typo must not fall back silently).
    Raises `ConfigError` listing every problem found.
    """
    problems = Problems()
    _check_unknown_keys(raw, problems)
    read = _Reader(raw, problems)

    kafka_version = read.string("kafkaVersion")
    one_of("kafkaVersion", kafka_version, catalog.KAFKA_VERSIONS, problems)
    broker_type = read.string("brokerInstanceType")
    one_of("brokerInstanceType", broker_type, catalog.BROKER_TYPES, problems)
    _check_version_and_broker_type(kafka_version, broker_type, problems)
    express = catalog.is_express(broker_type)

    broker_count = read.integer("brokerCount")
    if not problems.refused("brokerCount") and broker_count < 1:
        problems.add("brokerCount", broker_count, "must be at least 1")
    volume = read.integer("brokerVolumeGiB")
    max_volume = read.integer("maxBrokerVolumeGiB")
    _check_volume(volume, max_volume, express, problems)

    retention_hours = read.integer("retentionHours")
    if not problems.refused("retentionHours") and not 0 < retention_hours <= catalog.KAFKA_INT_MAX:
        problems.add(
            "retentionHours",
            retention_hours,
            f"must be a whole number of hours above 0 and at most {catalog.KAFKA_INT_MAX} "
            "(log.retention.hours is a Kafka INT setting)",
        )

    alarm_email = read.string("alarmEmail").strip()
    if alarm_email and not _EMAIL.match(alarm_email):
        problems.add("alarmEmail", alarm_email, "must be an email address, or empty for no subscription")
    monitoring = read.string("enhancedMonitoring")
    one_of("enhancedMonitoring", monitoring, catalog.ENHANCED_MONITORING_LEVELS, problems)
    log_days = read.integer("logRetentionDays")
    if not problems.refused("logRetentionDays"):
        one_of("logRetentionDays", log_days, catalog.LOG_RETENTION_DAYS, problems)

    network = _parse_network(read.structured("network", dict), max(broker_count, 1), problems)
    replication_source = read.boolean("replicationSource")
    if replication_source and not problems.refused("brokerCount", "brokerInstanceType"):
        check_replication_source(broker_type, broker_count, network.subnet_count, problems)
    replication = _parse_replication(read.structured("replication", dict), replication_source, problems)
    if replication is not None and not problems.refused("brokerCount", "brokerInstanceType"):
        check_replication_source(broker_type, broker_count, network.subnet_count, problems, key="replication")
    replication_factor = _stack_replication_factor(
        raw.get("defaultReplicationFactor", 0), broker_count, network, express, problems
    )
    options = parse_cluster_options(
        {
            "storageMode": read.string("storageMode"),
            "brokerVolumeThroughputMiBps": read.integer("brokerVolumeThroughputMiBps"),
            "kafkaAclsRevision": read.integer("kafkaAclsRevision"),
            "replicationSource": replication_source,
            **{key: read.structured(key, dict) for key in CLUSTER_OBJECT_KEYS},
            "scramUsers": read.structured("scramUsers", list),
            "kafkaAcls": read.structured("kafkaAcls", list),
        },
        ClusterShape(kafka_version, broker_type, volume, express, catalog.is_kraft(kafka_version)),
        problems,
    )
    raw_topics = read.structured("topics", list)
    tiered = options["storage_mode"] == "TIERED"
    topics = _parse_topics(raw_topics, broker_count, replication_factor, express, tiered, problems)
    # What other keys may name: every topic as written, a refused one included (its own problem
    # is said once); nothing is checked against a `topics` that is not a list at all.
    named_topics = None if problems.refused("topics") else _written_topic_names(raw_topics)
    _check_data_access_topics(options["cluster_data_access"], named_topics, problems)
    if not problems.refused("brokerCount"):
        check_broker_layout(broker_count, network, express, problems)
        _check_internal_topic_factors(options["extra_server_properties"], broker_count, problems)
    schema_registry = parse_schema_registry(read.structured("schemaRegistry", dict), problems)
    snowflake = parse_snowflake(
        read.structured("snowflake", dict),
        raw.get(SECRET_KEY),
        named_topics,
        problems,
        admin_private_key=raw.get(ADMIN_SECRET_KEY),
    )
    if replication is not None:
        check_standby_snowflake(snowflake, problems)
    snowflake, migration_warnings = resolve_v3_migration(snowflake, {t.name: t.partitions for t in topics}, problems)
    if network.creates_vpc and not problems.refused("brokerCount", "network.cidr", "network.azCount"):
        check_vpc_size(network, broker_count, schema_registry, snowflake, problems)
    policies_per_role = check_role_quota(
        read.integer("iamManagedPoliciesPerRole"), snowflake, schema_registry, problems
    )
    warnings: list[str] = [*example_account_warning(snowflake), *migration_warnings]
    warnings += unknown_topic_warnings(
        _acl_keys(options["scram_users"], options["kafka_acls"]), [t.name for t in topics]
    )
    if not problems.refused("brokerCount", "brokerInstanceType"):
        warnings += check_partition_load(
            topics, broker_count, broker_type, replication_factor, len(snowflake.connectors), problems
        )
    protect = read.boolean("protect")
    if schema_registry.access_logs is None:
        schema_registry = replace(schema_registry, access_logs=protect)
    client_access = _parse_client_access(read.structured("clientAccess", dict), problems)

    if problems.lines:
        raise ConfigError(stack, problems.lines)
    cluster = MskClusterArgs(
        vpc_id="",  # the network's (vpc_id, subnet_ids): build_platform fills them in
        subnet_ids=(),
        kafka_version=kafka_version,
        broker_instance_type=broker_type,
        broker_count=broker_count,
        default_replication_factor=replication_factor,
        broker_volume_gib=volume,
        max_broker_volume_gib=max_volume,
        retention_hours=retention_hours,
        enhanced_monitoring=monitoring,
        log_retention_days=log_days,
        client_cidrs=client_access.cidrs,
        client_security_group_ids=client_access.security_group_ids,
        topics=topics,
        alarm_email=alarm_email or None,
        protect=protect,
        replication_source=replication_source,
        **options,
    )
    return Settings(
        project=project,
        stack=stack,
        cluster=cluster,
        network=network,
        client_access=client_access,
        schema_registry=schema_registry,
        snowflake=snowflake,
        warnings=tuple(warnings),
        iam_managed_policies_per_role=policies_per_role,
        replication=replication,
    )


def _parse_replication(value: dict | None, replication_source: bool, problems: Problems) -> ReplicationSettings | None:
    """A DR stack's `replication` (None: not a DR stack). The topics and groups it leaves out
    are the primary's, known when the DR stack deploys (its StackReference)."""
    if value is None:
        return None
    settings = parse_replication(value, DEPLOY_TIME, DEPLOY_TIME, problems)
    if "primaryStack" not in value:
        problems.add_key("replication.primaryStack", "required: the primary stack (<organization>/<project>/<stack>)")
    if replication_source:
        problems.add(
            "replication",
            value,
            "a stack is a DR stack (replication) or a replication source (replicationSource), not both: "
            "active-active replication is not supported",
        )
    return settings


def _acl_keys(
    scram_users: Sequence[ScramUserSettings], kafka_acls: Sequence[PrincipalAcls]
) -> list[tuple[str, PrincipalAcls]]:
    """Each principal's ACLs with the config key that declares them."""
    users = [(f"scramUsers[{i}].acls", PrincipalAcls(u.principal, u.acls)) for i, u in enumerate(scram_users)]
    return users + [(f"kafkaAcls[{i}].acls", p) for i, p in enumerate(kafka_acls)]


def object_fields() -> dict[str, tuple[str, ...]]:
    """Each object key of the stack config -> its fields (`topics`: those of each entry)."""

    sources = ("cidrs", "securityGroupIds")
    return {
        "network": _BYO_KEYS + _CREATE_KEYS,
        "clientAccess": sources,
        "topics": _TOPIC_KEYS,
        "schemaRegistry": stack_keys(SchemaRegistrySettings),
        "snowflake": stack_keys(SnowflakeSettings),
        "clientAuthentication": ("tlsCertificateAuthorityArns",),
        "vpcConnectivity": ("iam", "scram", "tls"),
        "clusterPolicy": ("accounts", "dataAccess"),
        "brokerLogs": ("cloudwatch", "s3", "firehose"),
        "openMonitoring": sources,
        "replication": stack_keys(ReplicationSettings),
    }


def indentation_hint(field_name: str) -> str | None:
    """For a key that is a field of an object, written where flat keys go: the object(s)
    it most likely belongs under (`azCount` -> network). None when no object has it."""
    owners = [key for key, fields in object_fields().items() if field_name in fields]
    if not owners:
        return None
    where = " or ".join(f"`{NAMESPACE}:{owner}`" + (" (each entry)" if owner == "topics" else "") for owner in owners)
    return f"`{field_name}` is a field of {' or '.join(owners)}: indent it under {where}"


def _check_unknown_keys(raw: Mapping[str, Any], problems: Problems) -> None:
    """Refuse keys of this project's namespace that nothing reads."""
    for key in sorted(set(raw) - set(KNOWN_KEYS)):
        head = re.split(r"[.\[]", key, maxsplit=1)[0]
        if head != key and head in KNOWN_KEYS:
            hint = (
                f"a value inside the `{head}` object is set with a path: "
                f"`pulumi config set --path '{key}' <value>` (without --path the CLI stores a new flat key)"
            )
        elif (indented := indentation_hint(key)) is not None:
            hint = indented
        else:
            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}?" if close else f"known keys: {', '.join(KNOWN_KEYS)}"
        # The value is not shown: an unknown key may have been set with --secret.
        problems.add_key(key, f"unknown config key; {hint}")


def _check_version_and_broker_type(kafka_version: str, broker_type: str, problems: Problems) -> None:
    if problems.refused("kafkaVersion", "brokerInstanceType"):
        return
    if catalog.is_kraft(kafka_version) and broker_type in catalog.KRAFT_UNSUPPORTED_BROKER_TYPES:
        problems.add(
            "brokerInstanceType",
            broker_type,
            f"MSK does not offer {broker_type} with a KRaft version ({kafka_version}); use kafka.m5.* or "
            f"kafka.m7g.*, or a ZooKeeper version ({', '.join(catalog.ZOOKEEPER_KAFKA_VERSIONS)})",
        )


def project_config_keys(namespace: str = NAMESPACE) -> list[str]:
    """Every key of `namespace` the CLI passed to this program (without the
    namespace), including keys nothing reads: what `parse_settings` checks for typos."""
    prefix = f"{namespace}:"
    return sorted(key[len(prefix) :] for key in _passed_config_keys() if key.startswith(prefix))


def _passed_config_keys() -> set[str]:
    """Every config key the CLI passed to this program, in any namespace."""
    from pulumi.runtime import config as runtime_config  # the SDK's own store of the stack's config

    return {*runtime_config.get_config_env(), *runtime_config.CONFIG.get()}


def other_config_keys(namespace: str = NAMESPACE) -> list[str]:
    """Every key the CLI passed in another namespace than `namespace` (`aws:region`, ...)."""
    return sorted(key for key in _passed_config_keys() if not key.startswith(f"{namespace}:"))


# Namespaces whose config this program's providers read (the CLI passes any
# namespace through; these are not typos of the project's).
PROVIDER_NAMESPACES = ("aws", "pulumi", "random", "tls", "snowflake")


def namespace_problems(keys: Iterable[str], namespace: str, problems: Problems) -> None:
    """A key whose namespace is a misspelling of the project's: the CLI accepts it
    (any `<namespace>:<name>`) and nothing reads it, so the setting would be lost."""
    for key in keys:
        other, _, name = key.partition(":")
        if other in PROVIDER_NAMESPACES or other == namespace:
            continue
        if difflib.SequenceMatcher(None, other, namespace).ratio() >= 0.75:
            problems.add_key(
                key,
                f"namespace {other!r} is not this project's; nothing reads it: did you mean {namespace}:{name}?",
            )


_UNREAD = object()  # the value of an unknown key: never read, never shown


def load_settings(
    get: Callable[[str], str | None],
    project: str,
    stack: str,
    get_secret: Callable[[str], str | None] | None = None,
    present_keys: Iterable[str] = (),
    other_keys: Iterable[str] = (),
    region: str | None = None,
) -> Settings:
    """Read every known key with `get` (e.g. `pulumi.Config().get`) and parse it.

    `get_secret` reads the secret keys (`snowflakePrivateKey`) as plain text
    for validation; the settings keep them wrapped in `SecretValue`.
    `region` (`aws:region`) must be one botocore knows (components/aws/regions.py).
    `present_keys` (`project_config_keys()`) are every key the stack sets:
    unknown ones are refused, without reading their values. `other_keys`
    (`other_config_keys()`): keys of other namespaces; one whose namespace is
    a misspelling of the project's is refused.
    """
    misspelled = Problems()
    namespace_problems(other_keys, NAMESPACE, misspelled)
    check_region("aws:region", region, misspelled)
    if misspelled.lines:
        raise ConfigError(stack, misspelled.lines)
    raw: dict[str, Any] = {key: get(key) for key in (*DEFAULTS, *OBJECT_KEYS)}
    if get_secret is not None:
        for key in SECRET_KEYS:
            raw[key] = get_secret(key)
    for key in set(present_keys) - set(KNOWN_KEYS):
        raw[key] = _UNREAD
    return parse_settings({k: v for k, v in raw.items() if v is not None}, project, stack)


def load_stack_settings(
    project: str, stack: str, get: Callable[[str], str | None], get_secret: Callable[[str], str | None]
) -> Settings:
    """`load_settings` for the running stack: every key the CLI passed is checked
    (unknown project keys, misspelled namespaces), not only the keys read."""
    from pulumi.runtime import config as runtime_config

    return load_settings(
        get,
        project,
        stack,
        get_secret=get_secret,
        present_keys=project_config_keys(),
        other_keys=other_config_keys(),
        region=runtime_config.get_config("aws:region"),
    )
