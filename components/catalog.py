"""AWS facts the platform depends on, each with its source.

Keep every hard-coded AWS value here so a reviewer can check it against the
documentation in one place. When AWS adds a Kafka version or a broker size,
this is the only file to change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# Kafka versions MSK accepts for *new* provisioned clusters (2026-11).
# Source: MSK Developer Guide, "Supported Apache Kafka versions" (3.6.0 reached
# end of support on 2026-06-01, so it is left out) and "KRaft mode" (the
# `.kraft` suffix selects KRaft metadata mode; 3.9.x is the last line that also
# offers ZooKeeper mode; 4.x is KRaft only).
ZOOKEEPER_KAFKA_VERSIONS: tuple[str, ...] = ("3.7.x", "3.8.x", "3.9.x")
KRAFT_KAFKA_VERSIONS: tuple[str, ...] = (
    "3.7.x.kraft",
    "3.8.x.kraft",
    "3.9.x.kraft",
    "4.0.x.kraft",
    "4.1.x.kraft",
)
KAFKA_VERSIONS: tuple[str, ...] = (*ZOOKEEPER_KAFKA_VERSIONS, *KRAFT_KAFKA_VERSIONS)
# A cluster's metadata mode is fixed at creation: ZooKeeper <-> KRaft needs a
# new cluster (MSK Developer Guide, "KRaft mode": "You cannot switch metadata
# modes once the cluster is created"), and so does standard <-> express
# ("Amazon MSK broker types").

# Broker sizes. Source: MSK Developer Guide, "Amazon MSK broker sizes".
_M5_SIZES = ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge")
_M7G_SIZES = ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge")
STANDARD_BROKER_TYPES: tuple[str, ...] = (
    "kafka.t3.small",
    *(f"kafka.m5.{size}" for size in _M5_SIZES),
    *(f"kafka.m7g.{size}" for size in _M7G_SIZES),
)
EXPRESS_BROKER_TYPES: tuple[str, ...] = tuple(f"express.m7g.{size}" for size in _M7G_SIZES)
BROKER_TYPES: tuple[str, ...] = (*STANDARD_BROKER_TYPES, *EXPRESS_BROKER_TYPES)
# Broker type x Kafka version pairs MSK refuses. Every pair of the two lists
# above is accepted except these: CreateCluster answers "Unsupported
# InstanceType" for kafka.t3.small with a `.kraft` version (found when this
# program was reviewed against the MSK API; the KRaft page of the MSK
# Developer Guide does not list t3 among KRaft brokers). M7g needs Kafka
# 2.8.2/3.3.2+ and express brokers 3.6+, which every version above satisfies
# ("Amazon MSK broker sizes", "Amazon MSK broker types").
KRAFT_UNSUPPORTED_BROKER_TYPES: tuple[str, ...] = ("kafka.t3.small",)

# EBS volume per broker, GiB. Source: MSK quotas ("up to 16 TiB per broker").
MIN_VOLUME_GIB = 1
MAX_VOLUME_GIB = 16384

# Storage auto scaling target utilisation. MSK recommends 50-60 %
# (MSK Developer Guide, "Automatic scaling"); allowed range is 10-80 %.
STORAGE_TARGET_UTILIZATION_PERCENT = 55.0

# Client ports on the brokers, per authentication method (private connectivity).
# Source: MSK Developer Guide, "Port information".
PORT_TLS = 9094
PORT_SASL_SCRAM = 9096
PORT_SASL_IAM = 9098
# Open monitoring (Prometheus) exporters.
PORT_JMX_EXPORTER = 11001
PORT_NODE_EXPORTER = 11002

ENHANCED_MONITORING_LEVELS: tuple[str, ...] = (
    "DEFAULT",
    "PER_BROKER",
    "PER_TOPIC_PER_BROKER",
    "PER_TOPIC_PER_PARTITION",
)

# CloudWatch Logs accepts only these retention periods (days).
# Source: CloudWatch Logs API, PutRetentionPolicy "retentionInDays".
LOG_RETENTION_DAYS: tuple[int, ...] = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
    731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
)  # fmt: skip

TOPIC_CLEANUP_POLICIES: tuple[str, ...] = ("delete", "compact", "compact,delete")


def connect_group(connector_name: str) -> str:
    """The consumer group of a Kafka Connect sink connector (`SinkUtils.consumerGroupId`:
    `connect-` + the connector's name; MSK Connect's name is the connector's)."""
    return f"connect-{connector_name}"


def is_express(broker_instance_type: str) -> bool:
    """Express brokers: MSK-managed storage, RF 3, three AZs."""
    return broker_instance_type.startswith("express.")


def broker_family(broker_instance_type: str) -> str:
    """`kafka.m7g.large` -> `kafka.m7g`; `express.m7g.xlarge` -> `express.m7g`."""
    return broker_instance_type.rsplit(".", 1)[0]


# Broker type changes MSK makes in place between families (MSK Developer Guide,
# "Update the Amazon MSK cluster broker size": "from M5 or T3 to M7g, T3 to M5,
# or from M7g to M5"; "You can't migrate from a larger broker size to a smaller
# broker size. For example, M7g.large to T3.small"). Within a family any size.
BROKER_FAMILY_UPDATES: frozenset[tuple[str, str]] = frozenset(
    {
        ("kafka.m5", "kafka.m7g"),
        ("kafka.t3", "kafka.m7g"),
        ("kafka.t3", "kafka.m5"),
        ("kafka.m7g", "kafka.m5"),
    }
)


def broker_type_update_allowed(old: str, new: str) -> bool:
    """Whether MSK updates brokers of type `old` to `new` in place (same standard/express kind)."""
    old_family, new_family = broker_family(old), broker_family(new)
    return old_family == new_family or (old_family, new_family) in BROKER_FAMILY_UPDATES


def is_kraft(kafka_version: str) -> bool:
    """KRaft clusters have no ZooKeeper and no ActiveControllerCount metric per broker."""
    return kafka_version.endswith(".kraft")


# --- Cluster options beyond the defaults ---------------------------------------------

# Partitions (leaders and followers) one broker may hold. Source: MSK Developer
# Guide, "Best practices for Standard brokers", "Right-size your cluster:
# Number of partitions per Standard broker" (recommended maximum, and the
# maximum above which MSK refuses configuration, broker type and SCRAM
# updates), and "Amazon MSK Express broker quota" (partitions per broker).
# (recommended, maximum)
_STANDARD_PARTITIONS = {"large": (1000, 1500), "xlarge": (1000, 1500), "2xlarge": (2000, 3000)}
PARTITIONS_PER_BROKER: dict[str, tuple[int, int]] = {
    "kafka.t3.small": (300, 300),
    **{f"kafka.m5.{s}": _STANDARD_PARTITIONS.get(s, (4000, 6000)) for s in _M5_SIZES},
    **{f"kafka.m7g.{s}": _STANDARD_PARTITIONS.get(s, (4000, 6000)) for s in _M7G_SIZES},
    **{
        f"express.m7g.{size}": (limit, limit)
        for size, limit in zip(_M7G_SIZES, (1500, 2000, 4000, 8000, 16000, 24000, 32000), strict=True)
    },
}
# Kafka's `log.retention.hours` is an INT config (KafkaConfig): at most 2^31-1.
# A topic's `retention.ms` is a LONG.
KAFKA_INT_MAX = 2**31 - 1
KAFKA_LONG_MAX = 2**63 - 1
MS_PER_HOUR = 3_600_000

# Tiered storage. Source: MSK Developer Guide, "Tiered storage for Standard
# brokers" and "Guidelines for Amazon MSK tiered storage topic-level
# configuration": standard brokers other than kafka.t3.small, Kafka 3.6.0 or
# later (every version offered here); express brokers have their own managed
# storage and no storage mode. Topics with remote storage use
# cleanup.policy=delete (compacted topics are not supported), and
# local.retention.ms must be below retention.ms.
TIERED_STORAGE_UNSUPPORTED_BROKER_TYPES: tuple[str, ...] = ("kafka.t3.small",)
# Topics with remote storage (MSK Developer Guide, "Guidelines for Amazon MSK
# tiered storage topic-level configuration",
# https://docs.aws.amazon.com/msk/latest/developerguide/msk-guidelines-tiered-storage-topic-level-config.html,
# read 2026-12-02): retention.ms is mandatory and at least 3 days; segments of
# at least 48 MiB (segment.bytes) or rolled after at least 10 minutes (segment.ms).
TIERED_MIN_RETENTION_HOURS = 72
TIERED_MIN_SEGMENT_BYTES = 48 * 1024 * 1024
TIERED_MIN_SEGMENT_MS = 10 * 60 * 1000
STORAGE_MODES: tuple[str, ...] = ("LOCAL", "TIERED")

# Provisioned storage throughput (MiB/s per broker). Source: MSK Developer
# Guide, "Provision storage throughput for Standard brokers" (kafka.m5.4xlarge
# or kafka.m7g.2xlarge and larger, volumes of 10 GiB or more; 250 MiB/s is the
# baseline) and "Manage storage throughput": the maximum per broker size.
MIN_PROVISIONED_THROUGHPUT_MIBPS = 250
MIN_PROVISIONED_THROUGHPUT_VOLUME_GIB = 10
MAX_PROVISIONED_THROUGHPUT_MIBPS: dict[str, int] = {
    "kafka.m5.4xlarge": 593,
    "kafka.m5.8xlarge": 850,
    "kafka.m5.12xlarge": 1000,
    "kafka.m5.16xlarge": 1000,
    "kafka.m5.24xlarge": 1000,
    "kafka.m7g.2xlarge": 312,  # 312.5 in the table; the API takes whole MiB/s
    "kafka.m7g.4xlarge": 625,
    "kafka.m7g.8xlarge": 1000,
    "kafka.m7g.12xlarge": 1000,
    "kafka.m7g.16xlarge": 1000,
}

# Multi-VPC private connectivity. Source: MSK Developer Guide, "Amazon MSK
# multi-VPC private connectivity in a single Region", requirements: Kafka 2.7.1
# or later, IAM, TLS or SASL/SCRAM (each only if the cluster enables it), not
# kafka.t3.small; SASL/SCRAM needs Kafka ACLs and
# allow.everyone.if.no.acl.found=false ("Permissions for multi-VPC private
# connectivity"). The cluster policy of the client accounts ("Step 2: Attach a
# cluster policy to the MSK cluster"): exactly these actions.
MULTI_VPC_UNSUPPORTED_BROKER_TYPES: tuple[str, ...] = ("kafka.t3.small",)
# The cluster policy's action lists live in cluster_policy.json, which the
# policy pack reads too (one list for the grant and the rule that judges it).
_CLUSTER_POLICY = json.loads((Path(__file__).with_name("cluster_policy.json")).read_text())
MULTI_VPC_CLUSTER_POLICY_ACTIONS: tuple[str, ...] = tuple(_CLUSTER_POLICY["multiVpcActions"])
# What the cluster policy grants another account's IAM principals on the
# cluster itself for data-plane access (`clusterPolicy.dataAccess`); everything
# else is `kafka-cluster:*` on the named topic and group ARNs only.
CROSS_ACCOUNT_CLUSTER_ACTIONS: tuple[str, ...] = tuple(_CLUSTER_POLICY["crossAccountClusterActions"])
TOPIC_AND_GROUP_ACTIONS: tuple[str, ...] = tuple(_CLUSTER_POLICY["topicAndGroupActions"])
# A cross-region MSK Replicator's source: the service creates its VPC connection through
# multi-VPC connectivity for IAM, granted by a cluster policy statement naming the service.
REPLICATOR_SERVICE_PRINCIPAL: str = _CLUSTER_POLICY["replicatorServicePrincipal"]
REPLICATOR_SOURCE_ACTIONS: tuple[str, ...] = tuple(_CLUSTER_POLICY["replicatorSourceActions"])
# MSK Developer Guide, "Supported cluster types and versions for MSK Replicator": m5.large or
# larger (not t3.small), at least three brokers in source and target, four when the cluster
# spans two AZs; IAM access control on both; Kafka 2.7.0 or later (identical topic names: 2.8.1).
REPLICATOR_UNSUPPORTED_BROKER_TYPES: tuple[str, ...] = ("kafka.t3.small",)
REPLICATOR_MIN_BROKERS = 3
REPLICATOR_MIN_BROKERS_TWO_AZS = 4

# Server properties a custom MSK configuration accepts, with the bounds MSK
# states. Sources: MSK Developer Guide, "Custom MSK configurations"
# (https://docs.aws.amazon.com/msk/latest/developerguide/msk-configuration-properties.html;
# the table as in awsdocs/amazon-msk-developer-guide doc_source/msk-configuration-properties.md
# at 4342322, read 2026-12-02; transactional.id.expiration.ms and
# replica.socket.receive.buffer.bytes are rows of it), and "Custom MSK Express
# broker configurations" (read/write properties of express brokers; read
# 2026-11-28). ZooKeeper properties apply to ZooKeeper clusters only.
# Kafka's own bounds (a 3.8.1 broker's KafkaConfig) are in
# cluster_settings.NUMERIC_PROPERTIES; the JVM tier puts every value the plan
# accepts to Kafka.
STANDARD_SERVER_PROPERTIES: tuple[str, ...] = (
    "allow.everyone.if.no.acl.found", "auto.create.topics.enable", "compression.type",
    "connections.max.idle.ms", "default.replication.factor", "delete.topic.enable",
    "group.initial.rebalance.delay.ms", "group.max.session.timeout.ms", "group.min.session.timeout.ms",
    "leader.imbalance.per.broker.percentage", "log.cleaner.delete.retention.ms",
    "log.cleaner.min.cleanable.ratio", "log.cleanup.policy", "log.flush.interval.messages",
    "log.flush.interval.ms", "log.message.timestamp.difference.max.ms", "log.message.timestamp.type",
    "log.retention.bytes", "log.retention.hours", "log.retention.minutes", "log.retention.ms",
    "log.roll.ms", "log.segment.bytes", "max.incremental.fetch.session.cache.slots",
    "message.max.bytes", "min.insync.replicas", "num.io.threads", "num.network.threads",
    "num.partitions", "num.recovery.threads.per.data.dir", "num.replica.fetchers",
    "offsets.retention.minutes", "offsets.topic.replication.factor", "replica.fetch.max.bytes",
    "replica.fetch.response.max.bytes", "replica.lag.time.max.ms", "replica.selector.class",
    "replica.socket.receive.buffer.bytes", "socket.receive.buffer.bytes", "socket.request.max.bytes",
    "socket.send.buffer.bytes", "transaction.max.timeout.ms", "transaction.state.log.min.isr",
    "transaction.state.log.replication.factor", "transactional.id.expiration.ms",
    "unclean.leader.election.enable", "zookeeper.connection.timeout.ms", "zookeeper.session.timeout.ms",
)  # fmt: skip
EXPRESS_SERVER_PROPERTIES: tuple[str, ...] = (
    "allow.everyone.if.no.acl.found", "auto.create.topics.enable", "compression.type",
    "connections.max.idle.ms", "delete.topic.enable", "group.initial.rebalance.delay.ms",
    "group.max.session.timeout.ms", "group.min.session.timeout.ms", "log.cleanup.policy",
    "log.message.timestamp.type", "log.retention.bytes", "log.retention.ms",
    "max.incremental.fetch.session.cache.slots", "message.max.bytes", "num.partitions",
    "offsets.retention.minutes", "replica.fetch.max.bytes", "replica.selector.class",
    "socket.receive.buffer.bytes", "socket.request.max.bytes", "socket.send.buffer.bytes",
    "transaction.max.timeout.ms",
)  # fmt: skip
ZOOKEEPER_ONLY_SERVER_PROPERTIES: tuple[str, ...] = ("zookeeper.connection.timeout.ms", "zookeeper.session.timeout.ms")
# (lowest, highest) MSK states for a property ("MinValue ... MaxValue (inclusive)"
# or "The minimum value ... is"), same page.
MSK_SERVER_PROPERTY_BOUNDS: dict[str, tuple[int | None, int | None]] = {
    "replica.lag.time.max.ms": (10000, 30000),
    "zookeeper.session.timeout.ms": (6000, 18000),
    "log.cleaner.delete.retention.ms": (0, None),
    "log.flush.interval.ms": (0, None),
    "log.roll.ms": (1, None),
    "socket.receive.buffer.bytes": (-1, None),  # -1: the OS default
    "socket.send.buffer.bytes": (-1, None),
    "transactional.id.expiration.ms": (1, None),
}

# SASL/SCRAM users per cluster, the schema registry's included. Source: MSK
# Developer Guide, "Limitations when using SCRAM secrets"
# (https://docs.aws.amazon.com/msk/latest/developerguide/msk-password-limitations.html,
# read 2026-12-02): "An Amazon MSK cluster can have up to 1000 users".
MAX_SCRAM_USERS = 1000

# ACM Private CA ARNs (mutual TLS client authentication; MSK Developer Guide,
# "Mutual TLS client authentication for Amazon MSK").
PRIVATE_CA_ARN_PATTERN = r"^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority/[0-9a-f-]{36}$"


# --- ECS Fargate -----------------------------------------------------------------
# Task CPU units -> memory sizes (MiB) Fargate accepts for Linux tasks.
# Source: Amazon ECS Developer Guide, "Amazon ECS task definition parameters
# for Fargate", task size table (8 and 16 vCPU need platform version 1.4.0+).
FARGATE_CPU_MEMORY: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: tuple(range(1024, 4096 + 1, 1024)),
    1024: tuple(range(2048, 8192 + 1, 1024)),
    2048: tuple(range(4096, 16384 + 1, 1024)),
    4096: tuple(range(8192, 30720 + 1, 1024)),
    8192: tuple(range(16384, 61440 + 1, 4096)),
    16384: tuple(range(32768, 122880 + 1, 8192)),
}

# --- Confluent Schema Registry -------------------------------------------------------
# An exact tag, never `latest`: 8.1.1 is a Confluent Platform release listed
# in Confluent's component changelog (docs.confluent.io, "Confluent Platform
# Component Changelogs", released December 2025).
SCHEMA_REGISTRY_IMAGE = "confluentinc/cp-schema-registry:8.1.1"
SCHEMA_REGISTRY_PORT = 8081
SCHEMAS_TOPIC = "_schemas"
# Source: Confluent docs, "Schema Evolution and Compatibility" (schema.compatibility.level).
COMPATIBILITY_LEVELS: tuple[str, ...] = (
    "BACKWARD",
    "BACKWARD_TRANSITIVE",
    "FORWARD",
    "FORWARD_TRANSITIVE",
    "FULL",
    "FULL_TRANSITIVE",
    "NONE",
)

# --- Application Load Balancer ---------------------------------------------------------
# TLS 1.3 + 1.2 with restricted ciphers and post-quantum hybrid key exchange
# (Elastic Load Balancing, "Security policies for your Application Load
# Balancer", 2025-09 policies).
ALB_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"

PORT_HTTPS = 443
PORT_HTTP = 80

# ALB access logs. Regions that existed before August 2022 deliver as a regional
# ELB account (bucket policy principal arn:aws:iam::<account>:root); newer ones
# as the service principal below (Elastic Load Balancing User Guide, "Enable
# access logs for your Application Load Balancer", step 2: attach a policy to
# your S3 bucket; the same table backs terraform-provider-aws's
# aws_elb_service_account data source). Delivery accepts SSE-S3 only.
ELB_LOG_DELIVERY_ACCOUNTS: dict[str, str] = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-south-1": "718504428378",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "eu-south-1": "635631232127",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
}
ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com"
ALB_ACCESS_LOG_PREFIX = "schema-registry"

# --- MSK Connect and the Snowflake connector -------------------------------------------
# MSK Connect runtime versions. Source: MSK Developer Guide, "Supported Apache
# Kafka Connect versions" (3.7.x recommended; 2.7.1 kept for old plugins).
MSK_CONNECT_VERSIONS: tuple[str, ...] = ("3.7.x", "2.7.1")
# Source: MSK Connect API, AutoScaling/ProvisionedCapacity (mcuCount 1, 2, 4, 8;
# 1..10 workers).
MSK_CONNECT_MCU_COUNTS: tuple[int, ...] = (1, 2, 4, 8)
MSK_CONNECT_MAX_WORKERS = 10
MSK_CONNECT_SCALE_OUT_CPU_PERCENT = 80
MSK_CONNECT_SCALE_IN_CPU_PERCENT = 20

# Snowflake Connector for Kafka. Two generations (Snowflake docs, "Snowflake
# Connector for Kafka" and "Kafka connector v3 (classic)"; v4 GA 2026-04-20):
# - 4.x: Snowpipe Streaming high-performance architecture only, its own
#   connector class (SnowflakeStreamingSinkConnector, 4.1.0 source). The
#   default: Snowflake recommends v4 for every new implementation and plans to
#   retire v3 after an 18-month window.
# - 3.x "classic" (SnowflakeSinkConnector), Snowpipe or Snowpipe Streaming
#   classic: still accepted for deployed stacks, which move with
#   `snowflake.migrateFromV3`.
# 4.1.0 (2026-07-22, the newest release, tag v4.1.0) fixes offset handling of
# 4.0.x: "don't rewind unassigned partitions", "thread-safe offset rewinds",
# SDK client recovery from preCommit and on pipe failover (git log
# v4.0.2..v4.1.0): 4.0.x is refused.
SNOWFLAKE_CONNECTOR_VERSION = "4.1.0"
SNOWFLAKE_V4_MIN_VERSION = (4, 1, 0)
SNOWFLAKE_V3_CONNECTOR_VERSION = "3.5.4"
SNOWFLAKE_CONNECTOR_CLASS = "com.snowflake.kafka.connector.SnowflakeSinkConnector"
SNOWFLAKE_V4_CONNECTOR_CLASS = "com.snowflake.kafka.connector.SnowflakeStreamingSinkConnector"
SNOWFLAKE_INGESTION_METHODS: tuple[str, ...] = ("SNOWPIPE_STREAMING", "SNOWPIPE")
# 4.x is compiled for Java 11 against connect-api 3.9.2 (pom.xml) and tested on
# Apache Kafka 2.8.2, 3.9.2 and 4.1.1 (.github/workflows/build-apache-kafka-images.yml):
# MSK Connect's 2.7.1 is older than any of them.
SNOWFLAKE_V4_CONNECT_VERSIONS: tuple[str, ...] = ("3.7.x",)
# `snowflake.streaming.classic.offset.migration` when moving from v3 Snowpipe
# Streaming: strict (fail without the classic channel) or best_effort
# (Constants.java / ConnectorConfigDefinition.java, 4.1.0). From v3 Snowpipe it
# is `skip`: the consumer group carries the offsets.
SNOWFLAKE_OFFSET_MIGRATIONS: tuple[str, ...] = ("strict", "best_effort")
SNOWFLAKE_VALUE_FORMATS: tuple[str, ...] = ("AVRO", "JSON")
# Buffer defaults: the connector's own (SnowflakeSinkConnectorConfig 3.5.4:
# 10000 records, 5 MB, 120 s). With Snowpipe Streaming the connector keeps one
# buffer (since 3.2.0) and ignores buffer.flush.time and buffer.count.records
# (DefaultStreamingConfigValidator): latency is snowflake.streaming.max.client.lag,
# default 30 s (SNOWPIPE_STREAMING_MAX_CLIENT_LAG_SECONDS_DEFAULT).
SNOWFLAKE_BUFFER_COUNT_RECORDS = 10_000
SNOWFLAKE_BUFFER_SIZE_BYTES = 5_000_000
SNOWFLAKE_SNOWPIPE_FLUSH_SECONDS = 120
SNOWFLAKE_STREAMING_MAX_CLIENT_LAG_SECONDS = 30

# Converters per ingestion method and value format: Snowpipe Streaming refuses the Snowflake
# converters; Snowpipe uses them (docs/design.md#snowflakesinkconnector-plugin-and-credentials).
VALUE_CONVERTERS: dict[tuple[str, str], str] = {
    ("SNOWPIPE_STREAMING", "AVRO"): "io.confluent.connect.avro.AvroConverter",
    ("SNOWPIPE_STREAMING", "JSON"): "org.apache.kafka.connect.json.JsonConverter",
    ("SNOWPIPE", "AVRO"): "com.snowflake.kafka.connector.records.SnowflakeAvroConverter",
    ("SNOWPIPE", "JSON"): "com.snowflake.kafka.connector.records.SnowflakeJsonConverter",
}

# Plugin parts, pinned (overridable with snowflake.plugin.*):
# - the Snowflake connector, Maven Central (one self-contained jar per release);
# - AWS's MSK config providers (SecretsManagerConfigProvider), GitHub release
#   of aws-samples/msk-config-providers with its dependencies;
# (no Avro converter: the connector jar bundles Confluent's, see snowflake_plugin.plugin_parts).
MSK_CONFIG_PROVIDER_URL = (
    "https://github.com/aws-samples/msk-config-providers/releases/download/r0.1.0/"
    "msk-config-providers-0.1.0-with-dependencies.zip"
)


@dataclass(frozen=True)
class MavenJar:
    """A jar on Maven Central, pinned by version and by the SHA-256 of its bytes."""

    group: str
    artifact: str
    version: str
    sha256: str

    @property
    def file_name(self) -> str:
        return f"{self.artifact}-{self.version}.jar"

    @property
    def url(self) -> str:
        return maven_central_url(self.group, self.artifact, self.version)


def maven_central_url(group: str, artifact: str, version: str) -> str:
    """Maven Central URL of a released jar."""
    return f"https://repo1.maven.org/maven2/{group.replace('.', '/')}/{artifact}/{version}/{artifact}-{version}.jar"


def snowflake_connector_jar_url(version: str) -> str:
    """Maven Central URL of a Snowflake Kafka connector release."""
    return maven_central_url("com.snowflake", "snowflake-kafka-connector", version)


# BouncyCastle FIPS for the 4.x plugin. 4.x parses every private key in
# PrivateKeyTool (src/main/java/com/snowflake/kafka/connector/internal/
# PrivateKeyTool.java at v4.1.0), a class whose encrypted-key method passes a
# BouncyCastleFipsProvider to Security.addProvider(Provider): the JVM's
# verifier loads that class when it links PrivateKeyTool, so the class fails
# with NoClassDefFoundError without BouncyCastle FIPS even for the unencrypted
# keys this program uses. The connector declares bcpkix-fips `provided`
# (pom.xml at v4.1.0) and does not bundle it. 3.x keeps it in EncryptionUtils,
# linked only for encrypted keys, so 3.x plugins need none.
# Versions: bcpkix-fips of the 2.1 line the connector builds with (2.1.11 in
# its pom) and the bc-fips / bcutil-fips its POM's ranges take; SHA-256 of the
# Maven Central files, whose published SHA-1 matched (2026-12-02). The JVM tier
# loads the three in a plugin class loader and starts the FIPS provider.
BOUNCY_CASTLE_FIPS_JARS: tuple[MavenJar, ...] = (
    MavenJar(
        "org.bouncycastle", "bc-fips", "2.1.2", "044fcd8a29d236edea8a5b414406cdae63b475f9ad9f05fe2dc904a277941115"
    ),
    MavenJar(
        "org.bouncycastle", "bcpkix-fips", "2.1.10", "c4370064664d474d8681f55f302cfdade4cae0f3d798b10fd18b0ab8fbd6fed1"
    ),
    MavenJar(
        "org.bouncycastle", "bcutil-fips", "2.1.5", "503aaf5c2c5b7c729547462efe13699b5f6dacf9be150b7c48bba974b793dc92"
    ),
)
