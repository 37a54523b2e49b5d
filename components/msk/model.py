"""MskCluster's model: `MskClusterArgs` and `TopicSettings`, each setting declared once
(components/model.py): its type, the component's default, and for what a stack sets, the
stack-config key, doc, rules and the stack's default."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi

from ..aws.common import AwsContext
from ..model import setting
from .acls import PrincipalAcls
from .options import BrokerLogs, DataAccess, ScramUserSettings, SourceAccess, VpcConnectivity, declared_acls


@dataclass(frozen=True)
class TopicSettings:
    """One Kafka topic managed as an `aws.msk.Topic`."""

    name: str = setting(key="name")
    partitions: int = setting(key="partitions")
    replication_factor: int = setting(key="replicationFactor")
    retention_hours: int | None = setting(None, key="retentionHours")
    """None: the cluster default (`retentionHours`) applies and follows it."""
    cleanup_policy: str = setting("delete", key="cleanupPolicy")
    remote_storage: bool = setting(False, key="remoteStorage")
    """Tiered storage for this topic (`remote.storage.enable`; needs `storageMode: TIERED`)."""
    local_retention_hours: int | None = setting(None, key="localRetentionHours")
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
    client_cidrs: Sequence[str] = setting((), key="clientAccess.cidrs")
    """CIDRs allowed to reach the brokers on the IAM and SCRAM ports."""
    client_security_group_ids: Sequence[pulumi.Input[str]] = setting((), key="clientAccess.securityGroupIds")
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
    tls_certificate_authority_arns: Sequence[str] = setting((), key="clientAuthentication.tlsCertificateAuthorityArns")
    """ACM Private CA ARNs: mutual TLS client authentication on 9094, open to the client sources."""
    vpc_connectivity: VpcConnectivity = setting(default_factory=VpcConnectivity, key="vpcConnectivity")
    """Multi-VPC private connectivity per auth method (off by default)."""
    cluster_policy_accounts: Sequence[str] = setting((), key="clusterPolicy.accounts")
    """Accounts allowed to create VPC connections to the cluster and read its bootstrap brokers."""
    cluster_data_access: Sequence[DataAccess] = setting((), key="clusterPolicy.dataAccess")
    """Per account of `cluster_policy_accounts`: the topics and groups its IAM principals may use (data plane)."""
    broker_logs: BrokerLogs = setting(default_factory=BrokerLogs, key="brokerLogs", model=BrokerLogs)
    """Where broker logs go: CloudWatch (default), S3 (a created private bucket or a given one), Firehose."""
    open_monitoring_sources: SourceAccess = setting(default_factory=SourceAccess, key="openMonitoring")
    """Who may scrape the Prometheus exporters (11001, 11002); nobody by default."""
    extra_server_properties: Sequence[tuple[str, str]] = setting((), key="serverProperties")
    """More `server.properties` (validated against MSK's list by the settings model)."""
    scram_users: Sequence[ScramUserSettings] = setting((), key="scramUsers")
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
    aws_context: AwsContext | None = None
    """Partition, account and region; looked up (three invokes) when not given."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags for every taggable child (provider default tags still apply)."""

    @property
    def tiered(self) -> bool:
        return self.storage_mode == "TIERED"

    @property
    def declared_acls(self) -> tuple[PrincipalAcls, ...]:
        """Every principal with declared ACLs: SCRAM users' `acls`, then `kafka_acls`."""
        return declared_acls(self.scram_users, self.kafka_acls)

    def replication_factor_of(self, topic_name: str) -> int:
        """The replication factor of one of `topics`."""
        return next(t.replication_factor for t in self.topics if t.name == topic_name)
