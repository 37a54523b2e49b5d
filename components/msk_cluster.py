"""MskCluster: an Amazon MSK provisioned cluster with everything it needs (docs/design.md §3.1).

Children: a customer-managed KMS key (+ alias), an `aws.msk.Configuration`
(server properties incl. retention), the broker log group, a security group
with one described ingress rule per (source, auth port), the cluster (TLS
both ways, IAM + SASL/SCRAM, no public or unauthenticated access), storage
autoscaling when asked, CloudWatch alarms to an SNS topic, the topics from
config, and producer/consumer IAM policies for those topics.

`add_scram_user()`, `add_topic()` and `allow_ingress_from()` are how other
components (the schema registry, the connector) get credentials, storage
topics and network access.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pulumi
import pulumi_aws as aws

from components import catalog
from components.alarms import AlarmSpec, metric_alarm
from components.common import (
    AwsContext,
    aws_context,
    child_opts,
    component_type,
    encrypted_log_group,
    generated_credentials,
    rules_only_security_group,
    security_group_rule,
)
from components.iam import kafka_consumer_policy, kafka_producer_policy, msk_key_policy
from components.naming import logical_name, physical_name
from components.settings import TopicSettings, min_insync_replicas

AuthMethod = Literal["iam", "scram"]
AUTH_PORTS: dict[str, int] = {"iam": catalog.PORT_SASL_IAM, "scram": catalog.PORT_SASL_SCRAM}
AUTH_LABELS: dict[str, str] = {"iam": "SASL/IAM", "scram": "SASL/SCRAM"}

# Only this path changes under storage autoscaling (AWS grows the disk), so it
# is the only one ignored, and only when autoscaling is on (docs/design.md §3.1, §5.3).
VOLUME_SIZE_PATH = "brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"


@dataclass
class MskClusterArgs:
    """Inputs of `MskCluster`. Defaults are production-safe."""

    vpc_id: pulumi.Input[str]
    """VPC of the brokers' security group."""
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """2 or 3 private subnets in distinct AZs; `broker_count` must be a multiple of their number."""
    kafka_version: str = "3.8.x"
    """An MSK Kafka version (`catalog.KAFKA_VERSIONS`). Changing it upgrades in place."""
    broker_instance_type: str = "kafka.m7g.large"
    """Broker size (`catalog.BROKER_TYPES`). Changing it updates in place (rolling)."""
    broker_count: int = 3
    """Number of brokers. Increases update in place; MSK cannot remove brokers."""
    default_replication_factor: int = 3
    """`default.replication.factor` (and `min.insync.replicas` = RF-1). Keep it
    fixed for the cluster's life, e.g. one replica per AZ: it must never follow
    `broker_count`, or adding brokers would change every topic that uses it."""
    broker_volume_gib: int = 100
    """EBS GiB per broker (standard brokers). Increases update in place; it cannot shrink."""
    max_broker_volume_gib: int = 0
    """Storage autoscaling ceiling per broker; 0 disables autoscaling."""
    retention_hours: int = 168
    """Cluster default `log.retention.hours` (topics without their own retention follow it)."""
    enhanced_monitoring: str = "PER_TOPIC_PER_BROKER"
    """CloudWatch enhanced monitoring level."""
    log_retention_days: int = 365
    """Retention of the broker log group (a CloudWatch Logs retention value)."""
    client_cidrs: Sequence[str] = ()
    """CIDRs allowed to reach the brokers on the IAM and SCRAM ports."""
    client_security_group_ids: Sequence[pulumi.Input[str]] = ()
    """Security groups allowed to reach the brokers on the IAM and SCRAM ports."""
    topics: Sequence[TopicSettings] = ()
    """Topics to manage as `aws.msk.Topic`."""
    alarm_email: str | None = None
    """Optional email subscribed to the alarm topic (the address must confirm it)."""
    protect: bool = True
    """Protect and retain the cluster, key, secrets and topics (no accidental deletes)."""
    cluster_name: str | None = None
    """Physical cluster name; defaults to the component name. Changing it replaces the cluster."""
    aws_context: AwsContext | None = None
    """Partition, account and region; looked up (three invokes) when not given."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags for every taggable child (provider default tags still apply)."""


def server_properties(replication_factor: int, retention_hours: int, express: bool) -> str:
    """`server.properties` of the cluster configuration.

    Express brokers manage replication settings themselves (RF 3,
    min.insync.replicas 2, clean leader election are read-only there) and
    accept retention as `log.retention.ms` (MSK Developer Guide, "Custom MSK
    Express broker configurations").
    """
    if express:
        props = {
            "auto.create.topics.enable": "false",
            "log.retention.ms": str(retention_hours * 3_600_000),
        }
    else:
        props = {
            "auto.create.topics.enable": "false",
            "default.replication.factor": str(replication_factor),
            "min.insync.replicas": str(min_insync_replicas(replication_factor)),
            "unclean.leader.election.enable": "false",
            "log.retention.hours": str(retention_hours),
        }
    return "".join(f"{key}={value}\n" for key, value in props.items())


_BROKER_ENDPOINT = re.compile(r"^b-\d+\.(?P<domain>[^:,]+):(?P<port>\d+)$")


def stable_bootstrap(bootstrap: str, brokers: int) -> str:
    """A bootstrap string that stays the same for the life of the cluster:
    brokers `b-1` ... `b-<brokers>` of the cluster's broker domain.

    MSK's GetBootstrapBrokers lists at most three brokers, "not necessarily
    all of the brokers in the cluster" (MSK API reference, GetBootstrapBrokers;
    aws-sdk#500), so its string can change when brokers are added, and an
    MSK Connect connector's `bootstrapServers` cannot change in place: every
    scale-up would replace the connectors. Broker IDs start at 1 and brokers
    are never removed, so `b-1`... always exist. Clients only bootstrap from
    these and discover the other brokers from the cluster's metadata.
    """
    first = bootstrap.split(",")[0].strip() if bootstrap else ""
    match = _BROKER_ENDPOINT.match(first)
    if match is None:
        return bootstrap
    return ",".join(f"b-{i}.{match['domain']}:{match['port']}" for i in range(1, brokers + 1))


def topic_configs(topic: TopicSettings, express: bool) -> dict[str, str]:
    """Kafka topic-level configs for `aws.msk.Topic.configs`."""
    configs = {"cleanup.policy": topic.cleanup_policy}
    if topic.retention_hours is not None:
        configs["retention.ms"] = str(topic.retention_hours * 3_600_000)
    if not express:
        # A topic with a lower RF than the cluster default must not inherit a
        # min.insync.replicas it can never satisfy.
        configs["min.insync.replicas"] = str(min_insync_replicas(topic.replication_factor))
    return configs


class ScramUser(pulumi.ComponentResource):
    """A SASL/SCRAM user of an `MskCluster`: generated password, CMK-encrypted
    secret named `AmazonMSK_<cluster>_<user>`, associated with the cluster.

    Consumers read `secret_arn` (ECS task `secrets` with `:username::` /
    `:password::`); the password itself is never an output.
    """

    secret_arn: pulumi.Output[str]
    secret_name: pulumi.Output[str]
    username: str

    def __init__(
        self,
        name: str,
        cluster: MskCluster,
        username: str,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(component_type("msk", "ScramUser"), name, None, opts)
        self.username = username
        # MSK only associates secrets whose name starts with AmazonMSK_ and
        # that are encrypted with a customer-managed key. The name is known
        # before the cluster exists, so the secret does not wait for it.
        secret, value = generated_credentials(
            self,
            name,
            secret_name=f"AmazonMSK_{cluster.physical_name}_{username}",
            username=username,
            description=f"SASL/SCRAM credentials of Kafka user {username}",
            kms_key_arn=cluster.kms_key_arn,
            protect=cluster.protect,
            tags=cluster.tags,
        )
        # MSK refuses to associate a secret that has no value yet
        # (BatchAssociateScramSecret: "InvalidSecretArn"), and nothing in the
        # inputs says the value must come first: make it explicit.
        aws.msk.SingleScramSecretAssociation(
            f"{name}-association",
            cluster_arn=cluster.arn,
            secret_arn=secret.arn,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[value]),
        )
        self.secret_arn = secret.arn
        self.secret_name = secret.name
        self.register_outputs({"secretArn": secret.arn, "secretName": secret.name, "username": username})


class MskCluster(pulumi.ComponentResource):
    """A production-grade Amazon MSK provisioned cluster.

    Outputs: `arn`, `cluster_name`, `bootstrap_brokers_sasl_scram`, `bootstrap_brokers_sasl_iam`,
    `security_group_id`, `kms_key_arn`, `configuration_arn`,
    `alarm_topic_arn`, `log_group_name`, `producer_policy_arn` and
    `consumer_policy_arn` (None without topics), `topics` (name -> Topic).
    """

    arn: pulumi.Output[str]
    cluster_name: pulumi.Output[str]
    bootstrap_brokers_sasl_scram: pulumi.Output[str]
    bootstrap_brokers_sasl_iam: pulumi.Output[str]
    security_group_id: pulumi.Output[str]
    kms_key_arn: pulumi.Output[str]
    configuration_arn: pulumi.Output[str]
    alarm_topic_arn: pulumi.Output[str]
    log_group_name: pulumi.Output[str]
    producer_policy_arn: pulumi.Output[str] | None
    consumer_policy_arn: pulumi.Output[str] | None
    topics: dict[str, aws.msk.Topic]

    def __init__(self, name: str, args: MskClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(component_type("msk", "MskCluster"), name, None, opts)
        self._name = name
        self.args = args
        self.protect = args.protect
        self.tags = dict(args.tags)
        self.express = catalog.is_express(args.broker_instance_type)
        # MSK accepts only [A-Za-z0-9-] (a stack name may hold `_` or `.`), at most 64.
        cluster_name = physical_name("aws:msk/cluster:Cluster", args.cluster_name or name)
        self.physical_name = cluster_name

        key = self._kms_key(cluster_name)
        self.kms_key_arn = key.arn
        configuration = self._configuration(cluster_name)
        log_group = self._log_group(cluster_name, key)
        security_group = self._security_group()
        self.security_group_id = security_group.id
        cluster = self._cluster(cluster_name, key, configuration, log_group, security_group)

        self.arn = cluster.arn
        self.cluster_name = cluster.cluster_name
        # One bootstrap broker per AZ (2 or 3): the AZs are fixed for the cluster's life.
        azs = pulumi.Output.from_input(args.subnet_ids).apply(len)
        self.bootstrap_brokers_sasl_scram = pulumi.Output.all(cluster.bootstrap_brokers_sasl_scram, azs).apply(
            lambda a: stable_bootstrap(a[0], a[1])
        )
        self.bootstrap_brokers_sasl_iam = pulumi.Output.all(cluster.bootstrap_brokers_sasl_iam, azs).apply(
            lambda a: stable_bootstrap(a[0], a[1])
        )
        self.configuration_arn = configuration.arn
        self.log_group_name = log_group.name

        self._client_ingress_rules()
        if args.max_broker_volume_gib > 0:
            self._storage_autoscaling(cluster)
        alarm_topic = self._alarm_topic(key)
        self.alarm_topic_arn = alarm_topic.arn
        self._alarms(cluster_name, cluster, alarm_topic)
        self.topics = {}
        for topic in args.topics:
            self.add_topic(topic)
        self.producer_policy_arn, self.consumer_policy_arn = self._client_policies(cluster_name)

        self.register_outputs(
            {
                "arn": self.arn,
                "clusterName": self.cluster_name,
                "bootstrapBrokersSaslScram": self.bootstrap_brokers_sasl_scram,
                "bootstrapBrokersSaslIam": self.bootstrap_brokers_sasl_iam,
                "securityGroupId": self.security_group_id,
                "kmsKeyArn": self.kms_key_arn,
                "configurationArn": self.configuration_arn,
                "alarmTopicArn": self.alarm_topic_arn,
                "logGroupName": self.log_group_name,
            }
        )

    # --- public helpers for other components ------------------------------------------

    def add_scram_user(self, username: str) -> ScramUser:
        """Create a SASL/SCRAM user for this cluster (e.g. the schema registry)."""
        return ScramUser(f"{self._name}-scram-{username}", self, username, pulumi.ResourceOptions(parent=self))

    def add_topic(self, topic: TopicSettings) -> aws.msk.Topic:
        """Manage one topic of this cluster (protected with the cluster).

        `partitions` grow in place (UpdateTopic); Kafka refuses fewer.
        `replication_factor` (and the name) replace the topic
        (terraform-provider-aws internal/service/kafka/topic.go:
        RequiresReplace): a protected topic is then refused by Pulumi, an
        unprotected one is deleted first, since CreateTopic fails on a name
        that still exists, and its data is gone.
        """
        opts = child_opts(self, protect=self.protect)
        opts.delete_before_replace = True
        resource = aws.msk.Topic(
            f"{self._name}-topic-{topic.name}",
            cluster_arn=self.arn,
            name=topic.name,
            partition_count=topic.partitions,
            replication_factor=topic.replication_factor,
            configs=json.dumps(topic_configs(topic, self.express), sort_keys=True),
            opts=opts,
        )
        self.topics[topic.name] = resource
        return resource

    def allow_ingress_from(
        self, label: str, security_group_id: pulumi.Input[str], auth: AuthMethod
    ) -> aws.vpc.SecurityGroupIngressRule:
        """Let one security group reach the brokers on the port of one auth method."""
        return self._ingress_rule(
            f"{label}-{auth}",
            auth,
            f"{AUTH_LABELS[auth]} from {label}",
            referenced_security_group_id=security_group_id,
        )

    # --- children -----------------------------------------------------------------------

    def _kms_key(self, cluster_name: str) -> aws.kms.Key:
        partition, account_id, region = aws_context(self.args.aws_context)
        key = aws.kms.Key(
            f"{self._name}-key",
            description=f"MSK cluster {cluster_name}: data at rest, SCRAM secrets, broker logs, alarm topic",
            enable_key_rotation=True,
            deletion_window_in_days=30,
            policy=json.dumps(msk_key_policy(partition, account_id, region)),
            tags=self.tags,
            opts=child_opts(self, protect=self.protect),
        )
        aws.kms.Alias(
            f"{self._name}-key-alias",
            name=physical_name("aws:kms/alias:Alias", f"alias/{cluster_name}"),
            target_key_id=key.key_id,
            opts=pulumi.ResourceOptions(parent=self),
        )
        return key

    def _configuration(self, cluster_name: str) -> aws.msk.Configuration:
        # No explicit name: Pulumi auto-names it, so a Kafka version change
        # (which forces a new configuration) creates the new one before the old
        # one is deleted and never fails on "configuration in use".
        return aws.msk.Configuration(
            logical_name("aws:msk/configuration:Configuration", f"{self._name}-config"),
            kafka_versions=[self.args.kafka_version],
            server_properties=server_properties(
                self.args.default_replication_factor, self.args.retention_hours, self.express
            ),
            description=f"Server properties of {cluster_name}",
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _log_group(self, cluster_name: str, key: aws.kms.Key) -> aws.cloudwatch.LogGroup:
        return encrypted_log_group(
            f"{self._name}-broker-logs",
            f"/aws/msk/{cluster_name}/brokers",
            self.args.log_retention_days,
            key.arn,
            self,
            self.tags,
        )

    def _security_group(self) -> aws.ec2.SecurityGroup:
        # Rules are separate resources: changing who may connect never touches
        # the group itself, whose replacement would replace the cluster.
        # No egress rule: brokers only answer connections (stateful).
        return rules_only_security_group(
            f"{self._name}-brokers",
            "MSK brokers: SASL/IAM and SASL/SCRAM clients only",
            self.args.vpc_id,
            self,
            self.tags,
        )

    def _ingress_rule(
        self, suffix: str, auth: str, description: str, **source: pulumi.Input[str]
    ) -> aws.vpc.SecurityGroupIngressRule:
        return security_group_rule(
            f"{self._name}-in-{suffix}",
            "ingress",
            self.security_group_id,
            AUTH_PORTS[auth],
            description,
            self,
            self.tags,
            **source,
        )

    def _client_ingress_rules(self) -> None:
        for auth in AUTH_PORTS:
            for i, cidr in enumerate(self.args.client_cidrs):
                self._ingress_rule(
                    f"cidr{i}-{auth}", auth, f"{AUTH_LABELS[auth]} from client CIDR {cidr}", cidr_ipv4=cidr
                )
            for i, group in enumerate(self.args.client_security_group_ids):
                self._ingress_rule(
                    f"sg{i}-{auth}",
                    auth,
                    f"{AUTH_LABELS[auth]} from client security group {i}",
                    referenced_security_group_id=group,
                )

    def _cluster(
        self,
        cluster_name: str,
        key: aws.kms.Key,
        configuration: aws.msk.Configuration,
        log_group: aws.cloudwatch.LogGroup,
        security_group: aws.ec2.SecurityGroup,
    ) -> aws.msk.Cluster:
        args = self.args
        storage = None
        if not self.express:
            storage = aws.msk.ClusterBrokerNodeGroupInfoStorageInfoArgs(
                ebs_storage_info=aws.msk.ClusterBrokerNodeGroupInfoStorageInfoEbsStorageInfoArgs(
                    volume_size=args.broker_volume_gib
                )
            )
        ignore = [VOLUME_SIZE_PATH] if args.max_broker_volume_gib > 0 else None
        return aws.msk.Cluster(
            f"{self._name}-cluster",
            cluster_name=cluster_name,
            kafka_version=args.kafka_version,
            number_of_broker_nodes=args.broker_count,
            broker_node_group_info=aws.msk.ClusterBrokerNodeGroupInfoArgs(
                instance_type=args.broker_instance_type,
                client_subnets=args.subnet_ids,
                security_groups=[security_group.id],
                az_distribution="DEFAULT",
                storage_info=storage,
                connectivity_info=aws.msk.ClusterBrokerNodeGroupInfoConnectivityInfoArgs(
                    public_access=aws.msk.ClusterBrokerNodeGroupInfoConnectivityInfoPublicAccessArgs(type="DISABLED"),
                ),
            ),
            client_authentication=aws.msk.ClusterClientAuthenticationArgs(
                sasl=aws.msk.ClusterClientAuthenticationSaslArgs(iam=True, scram=True),
                unauthenticated=False,
            ),
            encryption_info=aws.msk.ClusterEncryptionInfoArgs(
                encryption_at_rest_kms_key_arn=key.arn,
                encryption_in_transit=aws.msk.ClusterEncryptionInfoEncryptionInTransitArgs(
                    client_broker="TLS", in_cluster=True
                ),
            ),
            configuration_info=aws.msk.ClusterConfigurationInfoArgs(
                arn=configuration.arn, revision=configuration.latest_revision
            ),
            enhanced_monitoring=args.enhanced_monitoring,
            # Standard and express brokers both support open monitoring (MSK
            # Developer Guide, "Amazon MSK broker types"); the exporter ports
            # are not opened in the security group until a scraper is given.
            open_monitoring=aws.msk.ClusterOpenMonitoringArgs(
                prometheus=aws.msk.ClusterOpenMonitoringPrometheusArgs(
                    jmx_exporter=aws.msk.ClusterOpenMonitoringPrometheusJmxExporterArgs(enabled_in_broker=True),
                    node_exporter=aws.msk.ClusterOpenMonitoringPrometheusNodeExporterArgs(enabled_in_broker=True),
                )
            ),
            logging_info=aws.msk.ClusterLoggingInfoArgs(
                broker_logs=aws.msk.ClusterLoggingInfoBrokerLogsArgs(
                    cloudwatch_logs=aws.msk.ClusterLoggingInfoBrokerLogsCloudwatchLogsArgs(
                        enabled=True, log_group=log_group.name
                    )
                )
            ),
            tags=self.tags,
            opts=self._cluster_opts(ignore),
        )

    def _cluster_opts(self, ignore: list[str] | None) -> pulumi.ResourceOptions:
        # A replacement (new subnets, security groups, encryption) can only be
        # created after the old cluster is gone: the name is unique in the
        # account and region. Protected clusters are never replaced at all.
        opts = child_opts(self, protect=self.protect, ignore_changes=ignore)
        opts.delete_before_replace = True
        return opts

    def _storage_autoscaling(self, cluster: aws.msk.Cluster) -> None:
        target = aws.appautoscaling.Target(
            f"{self._name}-storage-target",
            service_namespace="kafka",
            scalable_dimension="kafka:broker-storage:VolumeSize",
            resource_id=cluster.arn,
            min_capacity=1,
            max_capacity=self.args.max_broker_volume_gib,
            tags=self.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        aws.appautoscaling.Policy(
            logical_name("aws:appautoscaling/policy:Policy", f"{self._name}-storage-policy"),
            policy_type="TargetTrackingScaling",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            target_tracking_scaling_policy_configuration=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs(
                predefined_metric_specification=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs(
                    predefined_metric_type="KafkaBrokerStorageUtilization"
                ),
                target_value=catalog.STORAGE_TARGET_UTILIZATION_PERCENT,
                disable_scale_in=True,  # MSK volumes can only grow
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _alarm_topic(self, key: aws.kms.Key) -> aws.sns.Topic:
        topic = aws.sns.Topic(
            logical_name("aws:sns/topic:Topic", f"{self._name}-alarms"),
            kms_master_key_id=key.arn,
            tags=self.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        if self.args.alarm_email:
            aws.sns.TopicSubscription(
                f"{self._name}-alarms-email",
                topic=topic.arn,
                protocol="email",
                endpoint=self.args.alarm_email,
                opts=pulumi.ResourceOptions(parent=self),
            )
        return topic

    def _alarms(self, cluster_name: str, cluster: aws.msk.Cluster, topic: aws.sns.Topic) -> None:
        for spec in alarm_specs(cluster_name, self.args.broker_count, self.args.kafka_version, self.express):
            metric_alarm(self, self._name, spec, topic.arn, self.tags, depends_on=[cluster])

    def _client_policies(self, cluster_name: str) -> tuple[pulumi.Output[str] | None, pulumi.Output[str] | None]:
        names = [t.name for t in self.args.topics]
        if not names:
            return None, None
        producer = aws.iam.Policy(
            logical_name("aws:iam/policy:Policy", f"{self._name}-producer"),
            description=f"Produce to the topics of MSK cluster {cluster_name} over IAM auth",
            policy=self.arn.apply(lambda arn: json.dumps(kafka_producer_policy(arn, names))),
            tags=self.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        consumer = aws.iam.Policy(
            logical_name("aws:iam/policy:Policy", f"{self._name}-consumer"),
            description=f"Consume the topics of MSK cluster {cluster_name} over IAM auth",
            policy=self.arn.apply(lambda arn: json.dumps(kafka_consumer_policy(arn, names))),
            tags=self.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        return producer.arn, consumer.arn


# --- alarms ------------------------------------------------------------------------------


def alarm_specs(cluster_name: str, broker_count: int, kafka_version: str, express: bool) -> list[AlarmSpec]:
    """The alarms of docs/design.md §3.1. Express brokers publish no disk, under-replication
    or offline-partition metrics (MSK manages storage and replication), and
    KRaft clusters no ZooKeeper-style controller count, so those are skipped."""
    cluster_dim = {"Cluster Name": cluster_name}
    specs: list[AlarmSpec] = []
    for broker in range(1, broker_count + 1):
        dims = {**cluster_dim, "Broker ID": str(broker)}
        specs.append(
            AlarmSpec(
                f"cpu-broker{broker}",
                f"Broker {broker}: CPU user + system above 60 % for 15 minutes",
                ("CpuUser", "CpuSystem"), "Average", dims, "GreaterThanThreshold", 60,
                expression="m1 + m2", evaluation_periods=3,
            )
        )  # fmt: skip
        if express:
            continue
        specs.append(
            AlarmSpec(
                f"disk-broker{broker}",
                f"Broker {broker}: data log disk at or above 85 %",
                ("KafkaDataLogsDiskUsed",), "Maximum", dims, "GreaterThanOrEqualToThreshold", 85,
            )
        )  # fmt: skip
        specs.append(
            AlarmSpec(
                f"urp-broker{broker}",
                f"Broker {broker}: under-replicated partitions for 10 minutes",
                ("UnderReplicatedPartitions",), "Maximum", dims, "GreaterThanThreshold", 0,
                evaluation_periods=2,
            )
        )  # fmt: skip
    if not express:
        specs.append(
            AlarmSpec(
                "offline-partitions",
                "Partitions without an active leader (unreadable and unwritable)",
                ("OfflinePartitionsCount",), "Maximum", cluster_dim, "GreaterThanThreshold", 0, period=60,
            )
        )  # fmt: skip
    if not express and not catalog.is_kraft(kafka_version):
        # Each broker reports 0 or 1 once a minute; the per-minute sum is the
        # number of active controllers, which must be exactly 1.
        specs.append(
            AlarmSpec(
                "active-controller",
                "Active controller count is not exactly 1",
                ("ActiveControllerCount",), "Sum", cluster_dim, "GreaterThanThreshold", 0,
                expression="ABS(m1 - 1)", period=60, evaluation_periods=3,
            )
        )  # fmt: skip
    return specs
