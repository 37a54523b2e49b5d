"""The component provider's input types, written by `make generate` from the models
(tools/provider_inputs.py): edit the model's field, not this file.

This module must not use `from __future__ import annotations`: the SDK's Analyzer reads
the annotations as types."""

from enum import StrEnum
from typing import NotRequired, TypedDict

import pulumi


class CleanupPolicy(StrEnum):
    """Kafka `cleanup.policy` of a topic."""

    DELETE = "delete"
    COMPACT = "compact"
    COMPACT_DELETE = "compact,delete"


class StorageMode(StrEnum):
    """Where broker data lives: EBS only, or EBS plus MSK's low-cost tier."""

    LOCAL = "LOCAL"
    TIERED = "TIERED"


class CompatibilityLevel(StrEnum):
    """Schema Registry default compatibility level."""

    BACKWARD = "BACKWARD"
    BACKWARD_TRANSITIVE = "BACKWARD_TRANSITIVE"
    FORWARD = "FORWARD"
    FORWARD_TRANSITIVE = "FORWARD_TRANSITIVE"
    FULL = "FULL"
    FULL_TRANSITIVE = "FULL_TRANSITIVE"
    NONE = "NONE"


class ValueFormat(StrEnum):
    """Format of the record values."""

    AVRO = "AVRO"
    JSON = "JSON"


class StartingPosition(StrEnum):
    """Where MSK Replicator starts in each topic."""

    EARLIEST = "EARLIEST"
    LATEST = "LATEST"


class CompressionType(StrEnum):
    """How MSK Replicator compresses what it writes."""

    NONE = "NONE"
    GZIP = "GZIP"
    SNAPPY = "SNAPPY"
    LZ4 = "LZ4"
    ZSTD = "ZSTD"


class TopicInput(TypedDict):
    """A Kafka topic managed as `aws.msk.Topic`."""

    name: str
    """`[a-zA-Z0-9._-]`, 1..249 characters, unique (also when `.` and `_` are taken as one character, as Kafka compares them); not `__*` (Kafka's and MSK Connect's), not `_schemas` (the registry's)"""
    partitions: int
    """at least 1; can only grow (Kafka refuses fewer, and lowering it fails at `pulumi up`)"""
    replication_factor: NotRequired[int]
    """1..`brokerCount`; 3 for express brokers. Fixed for the topic's life: the provider replaces a topic whose replication factor changes (a protected topic refuses it)"""
    retention_hours: NotRequired[int]
    """None: the cluster default (`retentionHours`) applies and follows it."""
    cleanup_policy: NotRequired[CleanupPolicy]
    """`delete`, `compact` or `compact,delete` (Kafka's `cleanup.policy`) (default delete)."""
    remote_storage: NotRequired[bool]
    """Tiered storage for this topic (`remote.storage.enable`; needs `storageMode: TIERED`) (default false)."""
    local_retention_hours: NotRequired[int]
    """How long segments stay on the brokers' disks before only the tier has them (`local.retention.ms`)."""


class VpcConnectivityInput(TypedDict):
    """Multi-VPC private connectivity: which auth methods clients in other VPCs may use."""

    iam: NotRequired[bool]
    """SASL/IAM through managed VPC connections (default false)."""
    scram: NotRequired[bool]
    """SASL/SCRAM (needs Kafka ACLs and `allow.everyone.if.no.acl.found: false`) (default false)."""
    tls: NotRequired[bool]
    """Mutual TLS (needs `tlsCertificateAuthorityArns`) (default false)."""


class DataAccessInput(TypedDict):
    """Another account's data-plane access over multi-VPC connectivity: its IAM principals may connect, and do anything on these topics and groups."""

    account: str
    """12-digit account id; one of `clusterPolicyAccounts`."""
    topics: NotRequired[list[str]]
    """Configured topics (exact names)."""
    groups: NotRequired[list[str]]
    """Consumer group names, or prefixes ending in `*`."""


class BrokerLogsInput(TypedDict):
    """Where broker logs go: CloudWatch (default), S3, Firehose."""

    cloudwatch: NotRequired[bool]
    """A CMK-encrypted CloudWatch log group (default true)."""
    cloudwatch_log_group: NotRequired[str]
    """The CloudWatch log group's name; None: `/aws/vendedlogs/msk/<cluster>/brokers`. Under `/aws/vendedlogs/` MSK's log delivery needs no statement per group in the account's CloudWatch Logs resource policy (capped at 5,120 characters). A stack deployed with the former `/aws/msk/<cluster>/brokers` keeps it by naming it here."""
    s3: NotRequired[bool]
    """S3: a private bucket the component creates, or `s3Bucket` (default false)."""
    s3_bucket: NotRequired[str]
    """A bucket to use as is; None with `s3`: the program creates a private one."""
    firehose_stream: NotRequired[str]
    """A Kinesis Data Firehose delivery stream name."""


class AclResourceInput(TypedDict):
    """The resource pattern of a Kafka ACL rule."""

    type: str
    """topic, group, cluster or transactionalId."""
    name: NotRequired[str]
    """the topic, group or transactional id; `*` (literal) for all of them; the cluster's is `kafka-cluster` (leave it out)"""
    pattern_type: NotRequired[str]
    """`literal` (default) or `prefix`"""


class AclRuleInput(TypedDict):
    """A Kafka ACL rule (Strimzi's shape): operations allowed on a resource pattern, from a host."""

    resource: AclResourceInput
    """What the rule is about."""
    operations: list[str]
    """Strimzi's names: Read, Write, Describe, ..."""
    host: NotRequired[str]
    """`*` (default) or one IP address"""


class ScramUserInput(TypedDict):
    """A SASL/SCRAM user with a generated password in its own CMK secret."""

    name: str
    """User name (1-64 of A-Z, a-z, 0-9, '_', '.', '-'); the secret is `AmazonMSK_<cluster>_<name>`."""
    description: NotRequired[str]
    """What the user is for (in the secret's description)."""
    acls: NotRequired[list[AclRuleInput]]
    """What the user may do (Kafka ACLs on `User:<name>`); none: nothing declared."""


class PrincipalAclsInput(TypedDict):
    """The Kafka ACLs of a principal that is not a SCRAM user of the cluster (a mutual TLS client)."""

    principal: str
    """`User:<name>`, once each; not a SCRAM user of this stack (give its rules in `scramUsers[].acls`) and not the schema registry's `User:schema-registry` (the program writes its ACLs)"""
    acls: list[AclRuleInput]
    """Its rules."""


class CapacityInput(TypedDict):
    """MSK Connect capacity: autoscaling between min and max workers, or provisioned `workers`."""

    mcu_count: NotRequired[int]
    """MCUs per worker: 1, 2, 4 or 8 (default 1)."""
    min_workers: NotRequired[int]
    """Autoscaling minimum (default 1)."""
    max_workers: NotRequired[int]
    """Autoscaling maximum (default 2)."""
    workers: NotRequired[int]
    """Provisioned workers (instead of autoscaling)."""


class SnowflakeAccountInput(TypedDict):
    """Validated `snowflake` settings (empty: no connector): the Snowflake account the connectors write to."""

    account_url: str
    """`<account_identifier>.snowflakecomputing.com` (no `https://`)."""
    user: str
    """The connector's Snowflake user."""
    role: NotRequired[str]
    """The connector's role (required with connector 4.x)."""
    database: str
    """Target database."""
    schema: str
    """Target schema."""
    connector_version: NotRequired[str]
    """a 4.x release from 4.1.0 on (4.1.0 fixes 4.0.x offset rewinds and streaming client recovery), or a 3.x "classic" release such as `3.5.4`; selects the Maven Central jar and the connector class and settings (below) (default 4.1.0)."""
    connect_version: NotRequired[str]
    """MSK Connect runtime: `3.7.x` or `2.7.1` (3.x only: 4.x is built against Kafka Connect 3.9 and tested from Kafka 2.8.2 on) (default 3.7.x)."""


class ReplicationInput(TypedDict):
    """What MSK Replicator copies from the primary cluster to the standby, and how."""

    topics: NotRequired[list[str]]
    """Java regular expressions of the topics to copy, 1..100 of at most 249 characters (AWS::MSK::Replicator). MSK Replicator's own and Kafka's internal topics are never copied. A pattern that also matches topics created later (`orders.*`) keeps the replicator when the primary adds a topic: a changed list replaces it (the provider's `replication_info_list` is ForceNew), and a new replicator starts again from `startingPosition`"""
    topics_exclude: NotRequired[list[str]]
    """patterns of topics not to copy, at most 100 of at most 249 characters"""
    groups: NotRequired[list[str]]
    """Java regular expressions of the consumer groups whose offsets are copied (translated to the standby's offsets), at most 100 of at most 256 characters"""
    groups_exclude: NotRequired[list[str]]
    """patterns of groups not to copy, at most 100 of at most 256 characters"""
    identical_topic_names: NotRequired[bool]
    """`true`: the standby's topics have the primary's names, so clients and connectors fail over without renaming (MSK Replicator filters what it wrote itself, so nothing loops); `false`: prefixed with the source cluster's alias. Kafka 2.8.1 or later on both clusters. Changing it replaces the replicator (default true)."""
    starting_position: NotRequired[StartingPosition]
    """`EARLIEST` (every record the primary still retains is copied: the standby starts complete) or `LATEST` (only records produced after the replicator starts). Changing it replaces the replicator (default EARLIEST)."""
    copy_topic_configurations: NotRequired[bool]
    """keep the standby topics' configuration equal to the primary's (default true)."""
    copy_acls: NotRequired[bool]
    """keep the standby topics' Kafka ACLs equal to the primary's (default true)."""
    detect_new_topics: NotRequired[bool]
    """copy topics and partitions the patterns match once they appear (default true)."""
    sync_group_offsets: NotRequired[bool]
    """write the groups' translated offsets to the standby's `__consumer_offsets`, so a group resumes there where it stopped (less the replication lag) (default true)."""
    detect_new_groups: NotRequired[bool]
    """copy groups the patterns match once they appear (default true)."""
    compression: NotRequired[CompressionType]
    """how the replicator compresses what it writes: `NONE`, `GZIP`, `SNAPPY`, `LZ4` or `ZSTD`; changing it replaces the replicator (default NONE)."""
    max_latency_seconds: NotRequired[int]
    """the latency alarm's threshold: `ReplicationLatency` (Maximum) above it for 3 periods of 5 minutes, 60..86400; what the standby may miss at failover (default 300)."""


class MskClusterInputs(TypedDict):
    """Inputs of MskCluster: the stack config's cluster keys, as typed inputs."""

    vpc_id: pulumi.Input[str]
    """VPC of the brokers' security group."""
    subnet_ids: pulumi.Input[list[pulumi.Input[str]]]
    """2 or 3 private subnets in distinct AZs; `broker_count` must be a multiple of their number."""
    kafka_version: NotRequired[str]
    """MSK Kafka version, e.g. 3.8.x or 3.9.x.kraft (list in components/catalog.py). Upgrades in place within a metadata mode; ZooKeeper <-> KRaft needs a new cluster (default 3.8.x)."""
    broker_instance_type: NotRequired[str]
    """Broker size (kafka.t3.small with ZooKeeper versions only, kafka.m5.*, kafka.m7g.*, express.m7g.*). Updates in place within standard or within express; standard <-> express needs a new cluster (default kafka.m7g.large)."""
    broker_count: NotRequired[int]
    """Number of brokers; a multiple of the number of private subnets (2 or 3). Can only grow; topics are untouched (default 3)."""
    default_replication_factor: NotRequired[int]
    """Replication factor of topics without their own (and of _schemas); 0 = one replica per AZ (2 or 3). Fixed for the cluster's life; brokerCount never changes it. Changing it replaces the topics that use it (default 3)."""
    broker_volume_gib: NotRequired[int]
    """EBS storage per broker in GiB (1..16384); not used by express brokers. Can only grow (default 100)."""
    max_broker_volume_gib: NotRequired[int]
    """Storage autoscaling ceiling per broker in GiB; 0 disables autoscaling, else above brokerVolumeGiB and at most 16384 (default 0)."""
    retention_hours: NotRequired[int]
    """Cluster default log.retention.hours (> 0). Updates the configuration in place (default 168)."""
    enhanced_monitoring: NotRequired[str]
    """MSK enhanced monitoring level (DEFAULT, PER_BROKER, PER_TOPIC_PER_BROKER, PER_TOPIC_PER_PARTITION)."""
    log_retention_days: NotRequired[int]
    """Retention of the platform's CloudWatch log groups in days (a CloudWatch Logs retention value) (default 365)."""
    client_cidrs: NotRequired[list[str]]
    """CIDRs allowed to reach the brokers on the IAM and SCRAM ports."""
    client_security_group_ids: NotRequired[list[pulumi.Input[str]]]
    """Security groups allowed to reach the brokers on the IAM and SCRAM ports."""
    topics: NotRequired[list[TopicInput]]
    """Topics to manage as `aws.msk.Topic`."""
    alarm_email: NotRequired[str]
    """Email address subscribed to the alarm SNS topic; empty for none."""
    protect: NotRequired[bool]
    """Protect and retain stateful resources (cluster, KMS key, secrets, topics) (default true)."""
    cluster_name: NotRequired[str]
    """Physical cluster name; defaults to the component name. Changing it replaces the cluster."""
    storage_mode: NotRequired[StorageMode]
    """LOCAL (EBS only) or TIERED (older segments move to MSK's low-cost tier; kafka.m5/m7g standard brokers). Topics opt in with topics[].remoteStorage (default LOCAL)."""
    volume_throughput_mibps: NotRequired[int]
    """Provisioned EBS throughput per broker in MiB/s (250 up to the broker type's maximum; kafka.m5.4xlarge / kafka.m7g.2xlarge and larger); 0 keeps the baseline (default 0)."""
    tls_certificate_authority_arns: NotRequired[list[str]]
    """ACM Private CA ARNs: mutual TLS client authentication on 9094, open to the client sources."""
    vpc_connectivity: NotRequired[VpcConnectivityInput]
    """Multi-VPC private connectivity per auth method (off by default)."""
    cluster_policy_accounts: NotRequired[list[str]]
    """Accounts allowed to create VPC connections to the cluster and read its bootstrap brokers."""
    cluster_data_access: NotRequired[list[DataAccessInput]]
    """Per account of `cluster_policy_accounts`: the topics and groups its IAM principals may use (data plane)."""
    broker_logs: NotRequired[BrokerLogsInput]
    """Where broker logs go: CloudWatch (default), S3 (a created private bucket or a given one), Firehose."""
    open_monitoring_cidrs: NotRequired[list[str]]
    """IPv4 CIDRs let in."""
    open_monitoring_security_group_ids: NotRequired[list[str]]
    """Security groups let in."""
    server_properties: NotRequired[dict[str, str]]
    """More `server.properties` (validated against MSK's list by the settings model)."""
    scram_users: NotRequired[list[ScramUserInput]]
    """SASL/SCRAM users with generated credentials (each in its own CMK secret) and their Kafka ACLs."""
    kafka_acls: NotRequired[list[PrincipalAclsInput]]
    """Kafka ACLs of principals that are not `scram_users` (mutual TLS clients). With any ACL declared, a function in the VPC applies them on every `pulumi up` (`add_kafka_acls`)."""
    kafka_acls_revision: NotRequired[int]
    """A number (0 or more) in the Kafka ACL function's input; raise it to make the next pulumi up reconcile the declared ACLs with the cluster again (after a failed run, or to remove hand-made bindings of managed principals). No effect without ACLs (default 0)."""
    replication_source: NotRequired[bool]
    """Ready the cluster to be the source of an MSK Replicator in another region (a DR stack): multi-VPC private connectivity for IAM and a cluster policy statement for the Replicator's service principal. Updates the cluster in place (default false)."""
    tags: NotRequired[dict[str, str]]
    """Tags for every taggable child (provider default tags still apply)."""


class SchemaRegistryServiceInputs(TypedDict):
    """Inputs of SchemaRegistryService."""

    vpc_id: pulumi.Input[str]
    """VPC of the tasks and the ALB."""
    subnet_ids: pulumi.Input[list[pulumi.Input[str]]]
    """Private subnets (2-3 AZs) for the tasks and the internal ALB."""
    bootstrap_brokers: pulumi.Input[str]
    """SASL/SCRAM bootstrap string of the cluster (port 9096)."""
    broker_security_group_id: pulumi.Input[str]
    """Brokers' security group: the tasks get egress to it on 9096. The caller opens the brokers' side (`MskCluster.allow_ingress_from`)."""
    credentials_secret_arn: pulumi.Input[str]
    """Secrets Manager secret holding `{"username", "password"}` of the SCRAM user."""
    credentials_kms_key_arn: pulumi.Input[str]
    """CMK encrypting that secret (the execution role may decrypt through Secrets Manager only); it also encrypts the log group."""
    schemas_replication_factor: NotRequired[int]
    """Replication factor of `_schemas` (min(3, brokers)); told to the registry so it agrees with the topic. Not a stack key: the stack derives it from `defaultReplicationFactor`; problems name it so (default 3)."""
    client_cidrs: NotRequired[list[str]]
    """CIDRs allowed to reach the ALB listener."""
    client_security_group_ids: NotRequired[list[pulumi.Input[str]]]
    """Security groups allowed to reach the ALB listener (see also `allow_clients_from`)."""
    image: NotRequired[str]
    """Container image with an exact tag or digest (default confluentinc/cp-schema-registry:8.1.1)."""
    cpu: NotRequired[int]
    """Fargate task CPU units (default 512)."""
    memory: NotRequired[int]
    """Fargate task memory in MiB (the JVM heap is 60 % of it) (default 1024)."""
    desired_count: NotRequired[int]
    """Running tasks, spread over the AZs (default 2)."""
    compatibility_level: NotRequired[CompatibilityLevel]
    """Default schema compatibility (`schema.compatibility.level`) (default BACKWARD)."""
    certificate_arn: NotRequired[str]
    """ACM certificate for an HTTPS listener (with `hostName`)."""
    host_name: NotRequired[str]
    """DNS name clients use with HTTPS."""
    authentication: NotRequired[bool]
    """HTTP Basic authentication of the REST API with generated credentials (default true)."""
    access_logs: NotRequired[bool]
    """ALB access logs to a private bucket (default: follows `protect`)."""
    log_retention_days: NotRequired[int]
    """Retention of the container log group (default 365)."""
    protect: NotRequired[bool]
    """ALB deletion protection and protection of the access log bucket (the registry's state is the `_schemas` topic, protected by the cluster) (default true)."""
    alarm_topic_arn: NotRequired[pulumi.Input[str]]
    """SNS topic the registry's alarms notify (no healthy task, unhealthy tasks, 5xx); None: no alarms."""
    leader_eligible: NotRequired[bool]
    """Whether the tasks may become the registry's leader, the one instance that writes `_schemas` (`leader.eligibility`). False: a standby reading a primary's replicated `_schemas`; it serves reads and refuses writes (`50004 Leader not known.`), so the standby never gives out a schema id the primary gives to another schema. Changing it replaces the task definition (a rolling deploy) (default true)."""
    tags: NotRequired[dict[str, str]]
    """Tags for every taggable child."""


class SnowflakeConnectorPluginInputs(TypedDict):
    """Inputs of SnowflakeConnectorPlugin."""

    connector_version: NotRequired[str]
    """Snowflake Kafka connector release (selects the Maven Central jar) (default 4.1.0)."""
    tags: NotRequired[dict[str, str]]
    """Tags for every taggable child."""


class SnowflakeCredentialsInputs(TypedDict):
    """Inputs of SnowflakeCredentials (a generated key pair; supply your own key from Python)."""

    user: str
    """Snowflake user the connectors log in as (for the ALTER USER statement)."""
    secret_name: str
    """Secrets Manager name of the private key (letters, digits, `/_+=.@-`; no `:`)."""
    kms_key_arn: pulumi.Input[str]
    """CMK encrypting the secret (the cluster's)."""
    protect: NotRequired[bool]
    """Protect and retain the secret (and a generated key) (default true)."""
    tags: NotRequired[dict[str, str]]
    """Tags for every taggable child."""


class SnowflakeSinkConnectorInputs(TypedDict):
    """Inputs of SnowflakeSinkConnector."""

    name: str
    """Connector name; with the stack prefix it names the MSK Connect connector and its consumer group."""
    topics: dict[str, str]
    """Topic -> Snowflake table."""
    value_format: NotRequired[ValueFormat]
    """`AVRO` (schema registry) or `JSON` (default AVRO)."""
    capacity: NotRequired[CapacityInput]
    """autoscaling `{mcuCount, minWorkers, maxWorkers}` or provisioned `{mcuCount, workers}`; MCU 1, 2, 4, 8; workers 1..10"""
    errors_tolerance: NotRequired[str]
    """`none` (default: a failing record stops the task) or `all` (skip it, to the dead-letter topic when set)."""
    dead_letter_topic: NotRequired[str]
    """Topic for records that fail (with `errorsTolerance: all`); one of the stack's topics."""
    account: SnowflakeAccountInput
    """Snowflake account, user, role, database, schema, ingestion method, MSK Connect version."""
    plugin_arn: pulumi.Input[str]
    """The custom plugin (SnowflakeConnectorPlugin)."""
    plugin_revision: pulumi.Input[int]
    """Its revision."""
    private_key_secret_name: pulumi.Input[str]
    """Secrets Manager secret holding `{"private_key": ...}`."""
    private_key_secret_arn: pulumi.Input[str]
    """The ARN of that secret."""
    kms_key_arn: pulumi.Input[str]
    """CMK of that secret (decrypt through Secrets Manager only) and of the log group."""
    cluster_arn: pulumi.Input[str]
    """The MSK cluster."""
    bootstrap_brokers_iam: pulumi.Input[str]
    """IAM bootstrap string of the cluster (port 9098)."""
    broker_security_group_id: pulumi.Input[str]
    """The brokers' security group: the component opens 9098 in it to its workers."""
    vpc_id: pulumi.Input[str]
    """VPC of the workers."""
    subnet_ids: pulumi.Input[list[pulumi.Input[str]]]
    """Private subnets of the workers."""
    schema_registry_url: NotRequired[pulumi.Input[str]]
    """Registry URL with scheme (required for AVRO)."""
    schema_registry_security_group_id: NotRequired[pulumi.Input[str]]
    """The registry's security group: the component opens its listener to the workers."""
    schema_registry_port: NotRequired[int]
    """Listener port of the registry (80 HTTP, 443 HTTPS) (default 80)."""
    dead_letter_replication_factor: NotRequired[int]
    """Replication factor of the dead-letter topic (default 3)."""
    log_retention_days: NotRequired[int]
    """Retention of the worker log group in days (a CloudWatch Logs value) (default 365)."""
    alarm_topic_arn: NotRequired[pulumi.Input[str]]
    """SNS topic the connector's alarms notify (failed or missing tasks, consumer lag); None: no alarms."""
    cluster_name: NotRequired[pulumi.Input[str]]
    """MSK cluster name: the dimension of the consumer-lag metrics (needed with `alarm_topic_arn`)."""
    consumer_offset_reset: NotRequired[str]
    """Where the connector reads a partition its consumer group has no offset for (the worker's `consumer.auto.offset.reset`): `earliest` (Kafka Connect's default for sinks), `latest`, or `none`: the task fails instead (a DR stack's connectors, given their group's offsets at failover) (default earliest)."""
    managed_policies_per_role: NotRequired[int]
    """The account's IAM quota of managed policies attached to one role (10 by default, up to 20 after a Service Quotas increase). A connector whose sink topics need more managed policies than this is refused before any resource (default 10)."""
    tags: NotRequired[dict[str, str]]
    """Tags for every taggable child."""


class MskReplicatorInputs(TypedDict):
    """Inputs of MskReplicator."""

    source_cluster_arn: pulumi.Input[str]
    """The source cluster (a `replicationSource` one: multi-VPC connectivity for IAM, the cluster policy)."""
    source_subnet_ids: pulumi.Input[list[pulumi.Input[str]]]
    """The source cluster's subnets (2 or 3)."""
    source_security_group_ids: list[pulumi.Input[str]]
    """Security groups of the replicator's side of the source (the source brokers' group)."""
    target_cluster_arn: pulumi.Input[str]
    """The target cluster, in this region."""
    target_vpc_id: pulumi.Input[str]
    """The target cluster's VPC: the replicator's network interfaces get a security group there."""
    target_subnet_ids: pulumi.Input[list[pulumi.Input[str]]]
    """The target cluster's subnets (2 or 3)."""
    target_broker_security_group_id: pulumi.Input[str]
    """The target brokers' security group: the replicator's group may reach it on 9098."""
    settings: NotRequired[ReplicationInput]
    """What is copied, and how."""
    kms_key_arn: NotRequired[pulumi.Input[str]]
    """CMK of the replicator's log group (the target cluster's); None: no log delivery."""
    log_retention_days: NotRequired[int]
    """Retention of the replicator's log group in days (a CloudWatch Logs value) (default 365)."""
    alarm_topic_arn: NotRequired[pulumi.Input[str]]
    """SNS topic the replicator's alarms notify (failure, authorization errors, latency); None: no alarms."""
    replicator_name: NotRequired[str]
    """The replicator's name (1..128 of [0-9A-Za-z-]); default: the component name. Changing it replaces it."""
    tags: NotRequired[dict[str, str]]
    """Tags for every taggable child."""
