"""MskCluster's model: `MskClusterArgs` and `TopicSettings`, each setting declared once
(components/model.py): its type, the component's default, and for what a stack sets, the
stack-config key, doc, rules and the stack's default."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import pulumi

from ..aws.common import AwsContext
from ..model import Offered, pairs_object, python_only, setting
from .acls import PrincipalAcls
from .options import (
    BrokerLogs,
    DataAccess,
    ScramUserSettings,
    SourceAccess,
    VpcConnectivity,
    broker_logs_object,
    declared_acls,
)


@dataclass(frozen=True)
class TopicSettings:
    """A Kafka topic managed as `aws.msk.Topic`."""

    OFFERED_AS: ClassVar[str] = "TopicInput"

    name: str = setting(
        key="name",
        default_text="required",
        rules=(
            "`[a-zA-Z0-9._-]`, 1..249 characters, unique (also when `.` and `_` are taken as one character, as Kafka "
            "compares them); not `__*` (Kafka's and MSK Connect's), not `_schemas` (the registry's)"
        ),
    )
    partitions: int = setting(
        key="partitions",
        default_text="required",
        rules="at least 1; can only grow (Kafka refuses fewer, and lowering it fails at `pulumi up`)",
    )
    replication_factor: int = setting(
        key="replicationFactor",
        default_text="`defaultReplicationFactor`",
        rules=(
            "1..`brokerCount`; 3 for express brokers. Fixed for the topic's life: the provider replaces a topic whose "
            "replication factor changes (a protected topic refuses it)"
        ),
        offered=Offered(required=False),
    )
    retention_hours: int | None = setting(
        None,
        key="retentionHours",
        default_text="the cluster's `retentionHours`",
        rules="the topic's own `retention.ms` in hours, above 0 and at most 2,562,047,788,015 (a Kafka LONG)",
    )
    """None: the cluster default (`retentionHours`) applies and follows it."""
    cleanup_policy: str = setting(
        "delete",
        key="cleanupPolicy",
        rules="`delete`, `compact` or `compact,delete` (Kafka's `cleanup.policy`)",
        offered=Offered(type="CleanupPolicy"),
    )
    remote_storage: bool = setting(
        False,
        key="remoteStorage",
        rules=(
            "with `storageMode: TIERED`: tier this topic (`remote.storage.enable`); needs its own `retentionHours` of "
            "at least 72 and `cleanupPolicy: delete`"
        ),
    )
    """Tiered storage for this topic (`remote.storage.enable`; needs `storageMode: TIERED`)."""
    local_retention_hours: int | None = setting(
        None,
        key="localRetentionHours",
        rules="with `remoteStorage`: hours kept on the brokers (`local.retention.ms`), below `retentionHours`",
    )
    """How long segments stay on the brokers' disks before only the tier has them (`local.retention.ms`)."""


@dataclass
class MskClusterArgs:
    """Inputs of `MskCluster`. Its defaults are production's: a typed caller builds a cluster of
    its own (three brokers, one per AZ of three subnets, a week of retention, a year of logs);
    a stack that sets nothing gets each key's `stack_default`, a small two-AZ sandbox."""

    vpc_id: pulumi.Input[str]
    """VPC of the brokers' security group."""
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]] = setting(key="network.privateSubnetIds")
    """2 or 3 private subnets in distinct AZs; `broker_count` must be a multiple of their number."""
    kafka_version: str = setting(
        "3.8.x",
        key="kafkaVersion",
        doc=(
            "MSK Kafka version, e.g. 3.8.x or 3.9.x.kraft (list in components/catalog.py). Upgrades in place within a"
            " metadata mode; ZooKeeper <-> KRaft needs a new cluster."
        ),
        rules=(
            "MSK Kafka version: `3.7.x`, `3.8.x`, `3.9.x` (ZooKeeper) or `3.7.x.kraft` ... `4.1.x.kraft` (KRaft). "
            "Source and list: `components/catalog.py`. Upgrades in place within a metadata mode; ZooKeeper <-> KRaft "
            "needs a new cluster."
        ),
    )
    broker_instance_type: str = setting(
        "kafka.m7g.large",
        key="brokerInstanceType",
        stack_default="kafka.t3.small",
        doc=(
            "Broker size (kafka.t3.small with ZooKeeper versions only, kafka.m5.*, kafka.m7g.*, express.m7g.*). "
            "Updates in place within standard or within express; standard <-> express needs a new cluster."
        ),
        rules=(
            "`kafka.t3.small`, `kafka.m5.large`...`24xlarge`, `kafka.m7g.large`...`16xlarge`, "
            "`express.m7g.large`...`16xlarge`. `kafka.t3.small` only with ZooKeeper versions (MSK refuses it with "
            "KRaft)."
        ),
    )
    broker_count: int = setting(
        3,
        key="brokerCount",
        stack_default=2,
        doc=(
            "Number of brokers; a multiple of the number of private subnets (2 or 3). Can only grow; topics are "
            "untouched."
        ),
        rules="At least 1 and a multiple of the number of private subnets (2 or 3), so brokers spread evenly.",
    )
    default_replication_factor: int = setting(
        3,
        key="defaultReplicationFactor",
        stack_default=0,
        doc=(
            "Replication factor of topics without their own (and of _schemas); 0 = one replica per AZ (2 or 3). Fixed"
            " for the cluster's life; brokerCount never changes it. Changing it replaces the topics that use it."
        ),
        rules=(
            "Replication factor of topics that set none, of `_schemas`, and the cluster's "
            "`default.replication.factor`. `0`: one replica per AZ (2 or 3), as MSK does. Else 1..`brokerCount`; 3 "
            "for express brokers. Never follows `brokerCount`, so adding brokers leaves every topic as it is."
        ),
    )
    broker_volume_gib: int = setting(
        100,
        key="brokerVolumeGiB",
        stack_default=20,
        doc="EBS storage per broker in GiB (1..16384); not used by express brokers. Can only grow.",
        rules="EBS GiB per broker, 1..16384. Not used by express brokers.",
    )
    max_broker_volume_gib: int = setting(
        0,
        key="maxBrokerVolumeGiB",
        doc=(
            "Storage autoscaling ceiling per broker in GiB; 0 disables autoscaling, else above brokerVolumeGiB and at"
            " most 16384."
        ),
        rules=(
            "`0`: no storage autoscaling. Else above `brokerVolumeGiB`, at most 16384; must be 0 for express brokers."
        ),
    )
    retention_hours: int = setting(
        168,
        key="retentionHours",
        stack_default=24,
        doc="Cluster default log.retention.hours (> 0). Updates the configuration in place.",
        rules=(
            "Cluster default `log.retention.hours`, 1..2147483647 (a Kafka INT). Topics without their own retention "
            "follow it."
        ),
    )
    enhanced_monitoring: str = setting(
        "PER_TOPIC_PER_BROKER",
        key="enhancedMonitoring",
        stack_default="PER_BROKER",
        doc="MSK enhanced monitoring level (DEFAULT, PER_BROKER, PER_TOPIC_PER_BROKER, PER_TOPIC_PER_PARTITION).",
        rules="`DEFAULT`, `PER_BROKER`, `PER_TOPIC_PER_BROKER`, `PER_TOPIC_PER_PARTITION` (paid above DEFAULT).",
    )
    log_retention_days: int = setting(
        365,
        key="logRetentionDays",
        stack_default=30,
        doc="Retention of the platform's CloudWatch log groups in days (a CloudWatch Logs retention value).",
        rules=(
            "Retention of the broker and registry log groups; a CloudWatch Logs value (1, 3, 5, 7, 14, 30, 60, 90, "
            "... 365, ... 3653)."
        ),
    )
    client_cidrs: Sequence[str] = setting(
        (),
        key="clientAccess.cidrs",
        rules=(
            "IPv4 CIDRs that may reach the brokers on 9096 (SCRAM) and 9098 (IAM) and the schema registry's listener;"
            " `0.0.0.0/0` is refused"
        ),
    )
    """CIDRs allowed to reach the brokers on the IAM and SCRAM ports."""
    client_security_group_ids: Sequence[pulumi.Input[str]] = setting(
        (),
        key="clientAccess.securityGroupIds",
        rules="security groups that may reach the brokers and the registry on the same ports",
    )
    """Security groups allowed to reach the brokers on the IAM and SCRAM ports."""
    topics: Sequence[TopicSettings] = setting((), key="topics", model=TopicSettings)
    """Topics to manage as `aws.msk.Topic`."""
    alarm_email: str | None = setting(
        None,
        key="alarmEmail",
        stack_default="",
        doc="Email address subscribed to the alarm SNS topic; empty for none.",
        rules="Email subscribed to the alarm topic (AWS sends a confirmation mail).",
    )
    protect: bool = setting(
        True,
        key="protect",
        doc="Protect and retain stateful resources (cluster, KMS key, secrets, topics).",
        rules=(
            "Protect and retain the cluster, KMS key, SCRAM secrets and topics (incl. `_schemas`); deletion "
            "protection on the registry ALB. A new stack is protected unless it opts out."
        ),
    )
    cluster_name: str | None = None
    """Physical cluster name; defaults to the component name. Changing it replaces the cluster."""
    storage_mode: str = setting(
        "LOCAL",
        key="storageMode",
        doc=(
            "LOCAL (EBS only) or TIERED (older segments move to MSK's low-cost tier; kafka.m5/m7g standard brokers). "
            "Topics opt in with topics[].remoteStorage."
        ),
        rules=(
            "`TIERED`: older segments of topics with `remoteStorage` move to MSK's low-cost tier. Standard "
            'kafka.m5/m7g brokers only (not kafka.t3.small, not express: MSK Developer Guide, "Tiered storage for '
            "Standard brokers\"); the cluster's `log.cleanup.policy` must stay `delete`."
        ),
        offered=Offered(type="StorageMode"),
    )
    volume_throughput_mibps: int = setting(
        0,
        key="brokerVolumeThroughputMiBps",
        doc=(
            "Provisioned EBS throughput per broker in MiB/s (250 up to the broker type's maximum; kafka.m5.4xlarge / "
            "kafka.m7g.2xlarge and larger); 0 keeps the baseline."
        ),
        rules=(
            "Provisioned EBS throughput per broker: 250 up to the broker size's maximum (kafka.m5.4xlarge 593, "
            "8xlarge 850, 12xlarge+ 1000; kafka.m7g.2xlarge 312, 4xlarge 625, 8xlarge+ 1000), volumes of 10 GiB or "
            "more; `0` keeps the baseline. Refused on smaller types and express brokers (MSK Developer Guide, "
            '"Provision storage throughput").'
        ),
    )
    tls_certificate_authority_arns: Sequence[str] = setting(
        (),
        key="clientAuthentication.tlsCertificateAuthorityArns",
        rules=(
            "ACM Private CA ARNs (`arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>`). Turns on "
            "mutual TLS next to IAM and SCRAM: port 9094 opens to each `clientAccess` CIDR and security group "
            "with a described rule, and `bootstrapBrokersTls` is exported. A client's certificate subject "
            "becomes its Kafka principal (`User:CN=...,OU=...`): authorize it with Kafka ACLs."
        ),
    )
    """ACM Private CA ARNs: mutual TLS client authentication on 9094, open to the client sources."""
    vpc_connectivity: VpcConnectivity = setting(
        default_factory=VpcConnectivity,
        key="vpcConnectivity",
        rules=(
            "`{iam, scram, tls}` booleans: which auth methods clients in other VPCs may use through managed VPC "
            "connections (PrivateLink). `scram` and `tls` need Kafka ACLs and `allow.everyone.if.no.acl.found: "
            "false` (MSK's multi-VPC permissions): both are accepted once the stack declares its ACLs (see Kafka "
            "ACLs below) and sets that property, and refused otherwise; not on kafka.t3.small (MSK Developer "
            'Guide, "Amazon MSK multi-VPC private connectivity"). Exports `vpcConnectivityBootstrapBrokers`.'
        ),
    )
    """Multi-VPC private connectivity per auth method (off by default)."""
    cluster_policy_accounts: Sequence[str] = setting(
        (),
        key="clusterPolicy.accounts",
        rules=(
            "12-digit account ids (quote them in YAML) allowed `kafka:CreateVpcConnection`, "
            "`kafka:GetBootstrapBrokers`, `kafka:DescribeCluster` and `kafka:DescribeClusterV2` on this cluster, "
            "nothing else (`aws.msk.ClusterPolicy`). Needs `vpcConnectivity`."
        ),
    )
    """Accounts allowed to create VPC connections to the cluster and read its bootstrap brokers."""
    cluster_data_access: Sequence[DataAccess] = setting(
        (),
        key="clusterPolicy.dataAccess",
        rules=(
            "`[{account, topics?, groups?}]`: IAM principals of another account reach the data plane over "
            'multi-VPC connectivity only when the cluster policy grants it too (MSK Developer Guide, "Step 2: '
            'Attach a cluster policy to the MSK cluster"). Per entry the policy grants that account '
            "`kafka-cluster:Connect`, `DescribeCluster` and `WriteDataIdempotently` on the cluster and "
            "`kafka-cluster:*` on the named topics (configured ones, exact names) and groups (names or prefixes "
            "ending in `*`), nothing else; the other account still grants its own principals the same actions in "
            "their IAM policies. The account must be in `accounts`; needs `vpcConnectivity.iam`."
        ),
    )
    """Per account of `cluster_policy_accounts`: the topics and groups its IAM principals may use (data plane)."""
    broker_logs: BrokerLogs = setting(
        default_factory=BrokerLogs,
        key="brokerLogs",
        model=BrokerLogs,
        stack_form=broker_logs_object,
        rules=(
            "`cloudwatch` (default `true`: the CMK log group `/aws/vendedlogs/msk/<cluster>/brokers`: under "
            "`/aws/vendedlogs/` MSK's log delivery adds no statement per group to the account's CloudWatch Logs "
            "resource policy, which is capped at 5,120 characters and otherwise fills up with a few clusters "
            '(CloudWatch Logs User Guide, "Enabling logging from AWS services"); `{logGroupName: <name>}` names '
            "the group instead: a stack deployed before this layout, whose group is "
            "`/aws/msk/<cluster>/brokers`, keeps it and its logs that way, as the committed stacks do; removing "
            "the name later replaces the group, and the change preview says its logs go with it), `s3` (`true`: "
            "a private bucket, protected with the stack, objects expiring after `logRetentionDays`, writable "
            "only by log delivery for this account under `brokers/AWSLogs/<account>/`; or `{bucket: <name>}` to "
            "use yours), `firehose: {deliveryStream: <name>}` (an existing stream: MSK's log delivery writes to "
            "it through the `AWSServiceRoleForLogDelivery` role only while the stream carries the tag "
            "`LogDeliveryEnabled`, which the delivery sets to `true`; a stream managed by another Pulumi or "
            "Terraform program keeps the tag and ignores changes to it, as pulumi-aws's own MSK cluster example "
            "does, or that program removes it on its next run). Production stacks must keep one (policy "
            "`msk-broker-logs-in-production`)."
        ),
    )
    """Where broker logs go: CloudWatch (default), S3 (a created private bucket or a given one), Firehose."""
    open_monitoring_sources: SourceAccess = setting(
        default_factory=SourceAccess,
        key="openMonitoring",
        rules=(
            "`{cidrs, securityGroupIds}` of Prometheus scrapers: 11001 (JMX exporter) and 11002 (node exporter) "
            "open to them only, one described rule each. The exporters run in every broker; nothing reaches them "
            "by default."
        ),
        model=SourceAccess,
        offered=Offered(flatten="open_monitoring_"),
    )
    """Who may scrape the Prometheus exporters (11001, 11002); nobody by default."""
    extra_server_properties: Sequence[tuple[str, str]] = setting(
        (),
        key="serverProperties",
        stack_form=pairs_object,
        rules=(
            "Kafka properties for the MSK configuration, each checked against MSK's list of custom configuration "
            "properties (`components/catalog.py`; express brokers accept fewer, ZooKeeper ones need a ZooKeeper "
            "version) with Kafka's type and lowest value (a 3.8.1 broker's `KafkaConfig`) narrowed by MSK's "
            "stated bounds (`replica.lag.time.max.ms` 10000-30000, `zookeeper.session.timeout.ms` 6000-18000, -1 "
            "for the OS default socket buffers; `components/msk/options.py`, `NUMERIC_PROPERTIES`); "
            "`offsets.topic.replication.factor` and `transaction.state.log.replication.factor` at most "
            "`brokerCount`; `allow.everyone.if.no.acl.found: false` only with Kafka ACLs declared (it locks out "
            "every SCRAM and mTLS principal without them); with `storageMode: TIERED`, `log.segment.bytes` at "
            "least 48 MiB and `log.roll.ms` at least 10 minutes (MSK's tiered-storage guidelines); an unknown "
            "name gets a did-you-mean. The JVM tier puts every value the plan accepts, at each bound, to Kafka. "
            "`auto.create.topics.enable`, `default.replication.factor`, `min.insync.replicas`, "
            "`unclean.leader.election.enable` and `log.retention.*` are set by the program: the message names "
            "the key to use instead. A change is a new configuration revision: a rolling restart."
        ),
        offered=Offered(name="server_properties", type="dict[str, str]"),
    )
    """More `server.properties` (validated against MSK's list by the settings model)."""
    scram_users: Sequence[ScramUserSettings] = setting(
        (),
        key="scramUsers",
        rules=(
            "`[{name, description?}]`: each user gets a generated password in its own CMK secret "
            "`AmazonMSK_<cluster>_<name>`, associated with the cluster (as the registry's user); "
            "`scramUserSecretArns` exports the ARNs. `acls`: the user's Kafka ACLs (see Kafka ACLs below). With "
            "MSK's default `allow.everyone.if.no.acl.found=true`, a SCRAM user without any ACL may read and "
            'write every topic, while one with ACLs gets exactly them (MSK Developer Guide, "Apache Kafka ACLs").'
        ),
    )
    """SASL/SCRAM users with generated credentials (each in its own CMK secret) and their Kafka ACLs."""
    kafka_acls: Sequence[PrincipalAcls] = setting((), key="kafkaAcls")
    """Kafka ACLs of principals that are not `scram_users` (mutual TLS clients). With any ACL
    declared, a function in the VPC applies them on every `pulumi up` (`add_kafka_acls`)."""
    kafka_acls_revision: int = setting(
        0,
        key="kafkaAclsRevision",
        doc=(
            "A number (0 or more) in the Kafka ACL function's input; raise it to make the next pulumi up reconcile "
            "the declared ACLs with the cluster again (after a failed run, or to remove hand-made bindings of managed"
            " principals). No effect without ACLs."
        ),
        rules=(
            "A number in the Kafka ACL function's input, 0 or more. Raise it (`pulumi config set kafkaAclsRevision "
            "1`, then 2, ...) to make the next `pulumi up` run the function again without any other change: after an "
            "`up` that failed while applying ACLs (the provider keeps the failed input, so an unchanged stack would "
            "not run it again), or to remove hand-made bindings of the principals the stack manages. An update of the"
            " invocation, never a replacement. No effect without ACLs ([Kafka "
            "ACLs](#kafka-acls-scramusersacls-and-kafkaacls))."
        ),
    )
    replication_source: bool = setting(
        False,
        key="replicationSource",
        doc=(
            "Ready the cluster to be the source of an MSK Replicator in another region (a DR stack): multi-VPC private"
            " connectivity for IAM and a cluster policy statement for the Replicator's service principal. Updates "
            "the cluster in place."
        ),
        rules=(
            '`true`: what a cross-region MSK Replicator needs of its source (MSK Developer Guide, "Prepare the Amazon '
            'MSK source cluster"): multi-VPC private connectivity for IAM (as `vpcConnectivity.iam`) and a cluster '
            "policy statement letting `kafka.amazonaws.com` call `kafka:CreateVpcConnection`, "
            "`kafka:GetBootstrapBrokers` and `kafka:DescribeClusterV2`. At least 3 brokers (4 in two AZs), not "
            '`kafka.t3.small` ("Supported cluster types and versions for MSK Replicator"). Turning it on updates the '
            "running cluster in place (MSK's UpdateConnectivity) and creates the cluster policy; the change preview "
            "says so."
        ),
    )
    aws_context: AwsContext | None = setting(
        None, offered=python_only("looked up by invokes through the component's provider")
    )
    """Partition, account and region; looked up (three invokes) when not given."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags for every taggable child (provider default tags still apply)."""

    @property
    def tiered(self) -> bool:
        return self.storage_mode == "TIERED"

    @property
    def multi_vpc(self) -> VpcConnectivity:
        """The multi-VPC connectivity the cluster gets: `vpc_connectivity`, with IAM on for a
        replication source."""
        return (
            dataclasses.replace(self.vpc_connectivity, iam=True) if self.replication_source else self.vpc_connectivity
        )

    @property
    def declared_acls(self) -> tuple[PrincipalAcls, ...]:
        """Every principal with declared ACLs: SCRAM users' `acls`, then `kafka_acls`."""
        return declared_acls(self.scram_users, self.kafka_acls)

    def replication_factor_of(self, topic_name: str) -> int:
        """The replication factor of one of `topics`."""
        return next(t.replication_factor for t in self.topics if t.name == topic_name)
