"""MskCluster: an Amazon MSK provisioned cluster with everything it needs (docs/design.md#mskcluster).

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

import dataclasses
import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..aws.alarms import AlarmSpec, metric_alarm
from ..aws.buckets import Lifecycle, PrivateBucket, private_bucket
from ..aws.common import (
    aws_context,
    child_opts,
    component_type,
    encrypted_log_group,
    generated_credentials,
    rules_only_security_group,
    security_group_rule,
    with_former_type,
)
from ..aws.iam import (
    MANAGED_POLICIES_PER_ROLE,
    MANAGED_POLICY_MAX_CHARS,
    cluster_arn_stand_in,
    data_plane_statements,
    kafka_client_policy,
    msk_key_policy,
    split_to_fit,
)
from ..aws.naming import logical_name, physical_name
from ..inputs import check_msk_cluster_args, judged
from ..settings import Settings, min_insync_replicas
from .acl_applier import KafkaAclApplier, invocation_input
from .acls import Binding, PrincipalAcls, bindings_of
from .model import MskClusterArgs, TopicSettings
from .options import SourceAccess

AuthMethod = Literal["iam", "scram", "tls"]
AUTH_PORTS: dict[str, int] = {"iam": catalog.PORT_SASL_IAM, "scram": catalog.PORT_SASL_SCRAM, "tls": catalog.PORT_TLS}
AUTH_LABELS: dict[str, str] = {"iam": "SASL/IAM", "scram": "SASL/SCRAM", "tls": "mutual TLS"}
EXPORTER_PORTS: dict[str, int] = {"jmx": catalog.PORT_JMX_EXPORTER, "node": catalog.PORT_NODE_EXPORTER}

# Only this path changes under storage autoscaling (AWS grows the disk), so it
# is the only one ignored, and only when autoscaling is on (docs/design.md#mskcluster, docs/design.md#protection).
# Any cluster ARN: the Sids of data-plane statements do not depend on it.
CLUSTER_ARN_FOR_SIDS = "arn:aws:kafka:us-east-1:000000000000:cluster/sids/00000000-0000-0000-0000-000000000000-1"
VOLUME_SIZE_PATH = "brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"


# What `cluster_args` takes besides the settings: the platform's, not the stack's to set.
_PLATFORM_FIELDS = frozenset(
    {"vpc_id", "subnet_ids", "client_cidrs", "client_security_group_ids", "cluster_name", "aws_context", "tags"}
)


def cluster_args(settings: Settings, **fields: Any) -> MskClusterArgs:
    """The stack's `MskClusterArgs` with what settings do not hold (vpc_id, subnet_ids,
    cluster_name, aws_context, tags) from `fields`; judged already, as the settings were
    (the subnets are the network's, whose count the settings passed)."""
    unknown = sorted(set(fields) - _PLATFORM_FIELDS)
    if unknown:
        raise TypeError(f"cluster_args() sets only {', '.join(sorted(_PLATFORM_FIELDS))}; not {', '.join(unknown)}")
    return judged(dataclasses.replace(settings.cluster, **fields))


def server_properties(
    replication_factor: int, retention_hours: int, express: bool, extra: Sequence[tuple[str, str]] = ()
) -> str:
    """`server.properties` of the cluster configuration.

    Express brokers manage replication settings themselves (RF 3,
    min.insync.replicas 2, clean leader election are read-only there) and
    accept retention as `log.retention.ms` (MSK Developer Guide, "Custom MSK
    Express broker configurations").
    """
    if express:
        props = {
            "auto.create.topics.enable": "false",
            "log.retention.ms": str(retention_hours * catalog.MS_PER_HOUR),
        }
    else:
        props = {
            "auto.create.topics.enable": "false",
            "default.replication.factor": str(replication_factor),
            "min.insync.replicas": str(min_insync_replicas(replication_factor)),
            "unclean.leader.election.enable": "false",
            "log.retention.hours": str(retention_hours),
        }
    props.update(extra)
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
        configs["retention.ms"] = str(topic.retention_hours * catalog.MS_PER_HOUR)
    if topic.remote_storage:
        configs["remote.storage.enable"] = "true"
        if topic.local_retention_hours is not None:
            configs["local.retention.ms"] = str(topic.local_retention_hours * catalog.MS_PER_HOUR)
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
        description: str = "",
    ) -> None:
        super().__init__(component_type("ScramUser"), name, None, with_former_type(opts, "msk", "ScramUser"))
        self.username = username
        # MSK only associates secrets whose name starts with AmazonMSK_ and
        # that are encrypted with a customer-managed key. The name is known
        # before the cluster exists, so the secret does not wait for it.
        secret, value = generated_credentials(
            self,
            name,
            secret_name=f"AmazonMSK_{cluster.physical_name}_{username}",
            username=username,
            description=f"SASL/SCRAM credentials of Kafka user {username}"
            + (f": {description}" if description else ""),
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
    `bootstrap_brokers_tls` (None without mutual TLS), `vpc_connectivity_bootstrap_brokers`
    (auth method -> string, for multi-VPC clients), `security_group_id`, `kms_key_arn`,
    `configuration_arn`, `alarm_topic_arn`, `log_group_name` (None without CloudWatch
    broker logs), `broker_log_bucket` (None unless this component created one),
    `producer_policy_arn` and `consumer_policy_arn` (the first or only policy; None without
    topics) and `producer_policy_arns` / `consumer_policy_arns` (all of them: more than one
    when the topics' ARNs pass IAM's 6,144 characters per managed policy), `topics`
    (name -> Topic), `scram_user_secret_arns` (user -> secret ARN).
    """

    arn: pulumi.Output[str]
    cluster_name: pulumi.Output[str]
    bootstrap_brokers_sasl_scram: pulumi.Output[str]
    bootstrap_brokers_sasl_iam: pulumi.Output[str]
    security_group_id: pulumi.Output[str]
    kms_key_arn: pulumi.Output[str]
    configuration_arn: pulumi.Output[str]
    alarm_topic_arn: pulumi.Output[str]
    log_group_name: pulumi.Output[str] | None
    bootstrap_brokers_tls: pulumi.Output[str] | None
    vpc_connectivity_bootstrap_brokers: dict[str, pulumi.Output[str]]
    broker_log_bucket: pulumi.Output[str] | None
    scram_user_secret_arns: dict[str, pulumi.Output[str]]
    producer_policy_arn: pulumi.Output[str] | None
    consumer_policy_arn: pulumi.Output[str] | None
    producer_policy_arns: list[pulumi.Output[str]]
    consumer_policy_arns: list[pulumi.Output[str]]

    def __init__(self, name: str, args: MskClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        # The stack-config rules, problems named as MskClusterArgs fields; before any resource.
        check_msk_cluster_args(f"MskCluster '{name}'", args)
        super().__init__(component_type("MskCluster"), name, None, with_former_type(opts, "msk", "MskCluster"))
        self._name = name
        self._aws = aws_context(args.aws_context, pulumi.InvokeOptions(parent=self))
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
        log_group = self._log_group(cluster_name, key) if args.broker_logs.cloudwatch else None
        log_bucket = self._broker_log_bucket() if args.broker_logs.s3 and not args.broker_logs.s3_bucket else None
        self.broker_log_bucket = log_bucket.bucket.bucket if log_bucket else None
        security_group = self._security_group()
        self.security_group_id = security_group.id
        self.auth_methods: tuple[AuthMethod, ...] = (
            "iam",
            "scram",
            *(("tls",) if args.tls_certificate_authority_arns else ()),
        )
        cluster = self._cluster(cluster_name, key, configuration, log_group, log_bucket, security_group)
        self._msk = cluster
        # One resource policy per cluster, from the statements added to it (add_cluster_policy_statement).
        self._cluster_policy: aws.msk.ClusterPolicy | None = None
        self._cluster_policy_statements: dict[str, Callable[[str], Mapping[str, Any]]] = {}
        self._cluster_policy_written = False

        self.arn = cluster.arn
        self.cluster_name = cluster.cluster_name
        # One bootstrap broker per AZ (2 or 3): the AZs are fixed for the cluster's life.
        azs = pulumi.Output.from_input(args.subnet_ids).apply(len)

        def stable(bootstrap: pulumi.Output[str]) -> pulumi.Output[str]:
            return pulumi.Output.all(bootstrap, azs).apply(lambda a: stable_bootstrap(a[0], a[1]))

        self.bootstrap_brokers_sasl_scram = stable(cluster.bootstrap_brokers_sasl_scram)
        self.bootstrap_brokers_sasl_iam = stable(cluster.bootstrap_brokers_sasl_iam)
        self.bootstrap_brokers_tls = stable(cluster.bootstrap_brokers_tls) if "tls" in self.auth_methods else None
        self.vpc_connectivity_bootstrap_brokers = self._vpc_connectivity_bootstrap(cluster)
        self.configuration_arn = configuration.arn
        self.log_group_name = log_group.name if log_group else None

        self._client_ingress_rules()
        self._open_monitoring_rules()
        if args.cluster_policy_accounts:
            self._multi_vpc_statements()
        if args.replication_source:
            self._replicator_source_statement()
        if args.max_broker_volume_gib > 0:
            self._storage_autoscaling(cluster)
        alarm_topic = self._alarm_topic(key)
        self.alarm_topic_arn = alarm_topic.arn
        self._alarms(cluster_name, cluster, alarm_topic)
        # The topics by name; not a class annotation: a resource map is no provider output.
        self.topics: dict[str, aws.msk.Topic] = {}
        for topic in args.topics:
            self.add_topic(topic)
        policies = self._client_policies(cluster_name)
        self.producer_policy_arns, self.consumer_policy_arns = policies["producer"], policies["consumer"]
        self.producer_policy_arn = policies["producer"][0] if policies["producer"] else None
        self.consumer_policy_arn = policies["consumer"][0] if policies["consumer"] else None
        self.scram_user_secret_arns = {
            user.name: self.add_scram_user(user.name, user.description).secret_arn for user in args.scram_users
        }
        # Kafka ACLs: one set of bindings per cluster, applied by one function (add_kafka_acls).
        self._acls: dict[str, PrincipalAcls] = {}
        self._acl_applier: KafkaAclApplier | None = None
        self._acls_written = False
        for acls in args.declared_acls:
            self.add_kafka_acls(acls)

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

    def add_scram_user(self, username: str, description: str = "") -> ScramUser:
        """Create a SASL/SCRAM user for this cluster (e.g. the schema registry). Kafka ACLs
        authorize it; with none, MSK's default allow.everyone.if.no.acl.found=true lets it do anything."""
        return ScramUser(
            f"{self._name}-scram-{username}", self, username, pulumi.ResourceOptions(parent=self), description
        )

    @property
    def manages_acls(self) -> bool:
        """Whether Kafka ACLs are declared for this cluster (and a function applies them)."""
        return bool(self._acls)

    @property
    def acl_bindings(self) -> tuple[Binding, ...]:
        """Every declared binding, sorted."""
        return bindings_of(list(self._acls.values()))

    def add_kafka_acls(self, acls: PrincipalAcls) -> aws.lambda_.Invocation:
        """Declare the Kafka ACLs of one principal. The first call creates the ACL
        function in the cluster's subnets and its invocation, which applies the
        bindings of every principal on each `pulumi up` that changes them
        (kafka_acl_applier). Add them while the program builds its resources:
        the bindings are written once the bootstrap brokers are known."""
        if self._acls_written:
            raise RuntimeError(
                f"MskCluster '{self._name}': ACLs of {acls.principal} came after the bindings were written; "
                "add them while the program builds its resources"
            )
        if acls.principal in self._acls:
            raise ValueError(f"MskCluster '{self._name}': {acls.principal} already has its ACLs")
        self._acls[acls.principal] = acls
        if self._acl_applier is None:
            self._acl_applier = KafkaAclApplier(self, f"{self._name}-kafka-acls", self._aws.account_id, self._acl_input)
        return self._acl_applier.invocation

    def _acl_input(self, cluster_arn: str, bootstrap_servers: str) -> str:
        self._acls_written = True
        return invocation_input(
            cluster_arn,
            bootstrap_servers,
            self._aws.region,
            list(self._acls),
            [b.as_list() for b in self.acl_bindings],
            self.args.kafka_acls_revision,
        )

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
        partition, account_id, region = self._aws
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
                self.args.default_replication_factor,
                self.args.retention_hours,
                self.express,
                self.args.extra_server_properties,
            ),
            description=f"Server properties of {cluster_name}",
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _log_group(self, cluster_name: str, key: aws.kms.Key) -> aws.cloudwatch.LogGroup:
        # Under /aws/vendedlogs/ MSK's log delivery needs no statement per log group in
        # the account's CloudWatch Logs resource policy, which is capped at 5,120
        # characters (CloudWatch Logs User Guide, "Enabling logging from AWS services").
        return encrypted_log_group(
            f"{self._name}-broker-logs",
            self.args.broker_logs.cloudwatch_log_group or f"/aws/vendedlogs/msk/{cluster_name}/brokers",
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
        self, suffix: str, auth: str, description: str, port: int | None = None, **source: pulumi.Input[str]
    ) -> aws.vpc.SecurityGroupIngressRule:
        return security_group_rule(
            f"{self._name}-in-{suffix}",
            "ingress",
            self.security_group_id,
            port or AUTH_PORTS[auth],
            description,
            self,
            self.tags,
            **source,
        )

    def _source_rules(
        self, prefix: str, who: str, ports: Mapping[str, int], labels: Mapping[str, str], sources: SourceAccess
    ) -> None:
        """One described rule per (source, port) for the CIDRs and security groups of `sources`."""
        for kind, port in ports.items():
            for i, cidr in enumerate(sources.cidrs):
                self._ingress_rule(
                    f"{prefix}cidr{i}-{kind}", kind, f"{labels[kind]} from {who} CIDR {cidr}", port, cidr_ipv4=cidr
                )
            for i, group in enumerate(sources.security_group_ids):
                self._ingress_rule(
                    f"{prefix}sg{i}-{kind}",
                    kind,
                    f"{labels[kind]} from {who} security group {i}",
                    port,
                    referenced_security_group_id=group,
                )

    def _client_ingress_rules(self) -> None:
        ports = {auth: AUTH_PORTS[auth] for auth in self.auth_methods}
        clients = SourceAccess(tuple(self.args.client_cidrs), tuple(self.args.client_security_group_ids))
        self._source_rules("", "client", ports, AUTH_LABELS, clients)

    def _open_monitoring_rules(self) -> None:
        """The Prometheus exporters, reachable only from the scrapers given (none by default)."""
        labels = {"jmx": "Prometheus JMX exporter", "node": "Prometheus node exporter"}
        self._source_rules("metrics-", "scraper", EXPORTER_PORTS, labels, self.args.open_monitoring_sources)

    def _cluster(
        self,
        cluster_name: str,
        key: aws.kms.Key,
        configuration: aws.msk.Configuration,
        log_group: aws.cloudwatch.LogGroup | None,
        log_bucket: PrivateBucket | None,
        security_group: aws.ec2.SecurityGroup,
    ) -> aws.msk.Cluster:
        args = self.args
        ignore = [VOLUME_SIZE_PATH] if args.max_broker_volume_gib > 0 else None
        return aws.msk.Cluster(
            f"{self._name}-cluster",
            cluster_name=cluster_name,
            kafka_version=args.kafka_version,
            number_of_broker_nodes=args.broker_count,
            # Absent unless TIERED, as before the option existed (LOCAL is the default).
            storage_mode="TIERED" if args.storage_mode == "TIERED" else None,
            broker_node_group_info=aws.msk.ClusterBrokerNodeGroupInfoArgs(
                instance_type=args.broker_instance_type,
                client_subnets=args.subnet_ids,
                security_groups=[security_group.id],
                az_distribution="DEFAULT",
                storage_info=self._storage_info(),
                connectivity_info=aws.msk.ClusterBrokerNodeGroupInfoConnectivityInfoArgs(
                    public_access=aws.msk.ClusterBrokerNodeGroupInfoConnectivityInfoPublicAccessArgs(type="DISABLED"),
                    vpc_connectivity=self._vpc_connectivity(),
                ),
            ),
            client_authentication=aws.msk.ClusterClientAuthenticationArgs(
                sasl=aws.msk.ClusterClientAuthenticationSaslArgs(iam=True, scram=True),
                tls=aws.msk.ClusterClientAuthenticationTlsArgs(
                    certificate_authority_arns=list(args.tls_certificate_authority_arns)
                )
                if args.tls_certificate_authority_arns
                else None,
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
            # are opened only to the scrapers given (`open_monitoring_sources`).
            open_monitoring=aws.msk.ClusterOpenMonitoringArgs(
                prometheus=aws.msk.ClusterOpenMonitoringPrometheusArgs(
                    jmx_exporter=aws.msk.ClusterOpenMonitoringPrometheusJmxExporterArgs(enabled_in_broker=True),
                    node_exporter=aws.msk.ClusterOpenMonitoringPrometheusNodeExporterArgs(enabled_in_broker=True),
                )
            ),
            logging_info=self._logging_info(log_group, log_bucket),
            tags=self.tags,
            opts=self._cluster_opts(ignore),
        )

    def _storage_info(self) -> aws.msk.ClusterBrokerNodeGroupInfoStorageInfoArgs | None:
        """EBS per broker (standard brokers), with provisioned throughput when asked."""
        if self.express:
            return None
        throughput = self.args.volume_throughput_mibps
        return aws.msk.ClusterBrokerNodeGroupInfoStorageInfoArgs(
            ebs_storage_info=aws.msk.ClusterBrokerNodeGroupInfoStorageInfoEbsStorageInfoArgs(
                volume_size=self.args.broker_volume_gib,
                provisioned_throughput=aws.msk.ClusterBrokerNodeGroupInfoStorageInfoEbsStorageInfoProvisionedThroughputArgs(
                    enabled=True, volume_throughput=throughput
                )
                if throughput
                else None,
            )
        )

    def _vpc_connectivity(self) -> aws.msk.ClusterBrokerNodeGroupInfoConnectivityInfoVpcConnectivityArgs | None:
        vpc = self.args.multi_vpc
        if not vpc.enabled:
            return None
        return aws.msk.ClusterBrokerNodeGroupInfoConnectivityInfoVpcConnectivityArgs(
            client_authentication=aws.msk.ClusterBrokerNodeGroupInfoConnectivityInfoVpcConnectivityClientAuthenticationArgs(
                sasl=aws.msk.ClusterBrokerNodeGroupInfoConnectivityInfoVpcConnectivityClientAuthenticationSaslArgs(
                    iam=vpc.iam, scram=vpc.scram
                ),
                tls=vpc.tls,
            )
        )

    def _vpc_connectivity_bootstrap(self, cluster: aws.msk.Cluster) -> dict[str, pulumi.Output[str]]:
        """Bootstrap strings other VPCs use through their managed VPC connections, per enabled method."""
        vpc = self.args.multi_vpc
        strings = {
            "iam": cluster.bootstrap_brokers_vpc_connectivity_sasl_iam,
            "scram": cluster.bootstrap_brokers_vpc_connectivity_sasl_scram,
            "tls": cluster.bootstrap_brokers_vpc_connectivity_tls,
        }
        return {auth: strings[auth] for auth in ("iam", "scram", "tls") if getattr(vpc, auth)}

    def _logging_info(
        self, log_group: aws.cloudwatch.LogGroup | None, log_bucket: PrivateBucket | None
    ) -> aws.msk.ClusterLoggingInfoArgs | None:
        logs = self.args.broker_logs
        if not logs.any:
            return None
        bucket = logs.s3_bucket or (log_bucket.bucket.bucket if log_bucket else None)
        return aws.msk.ClusterLoggingInfoArgs(
            broker_logs=aws.msk.ClusterLoggingInfoBrokerLogsArgs(
                cloudwatch_logs=aws.msk.ClusterLoggingInfoBrokerLogsCloudwatchLogsArgs(
                    enabled=True, log_group=log_group.name
                )
                if log_group
                else None,
                s3=aws.msk.ClusterLoggingInfoBrokerLogsS3Args(enabled=True, bucket=bucket, prefix="brokers")
                if logs.s3
                else None,
                firehose=aws.msk.ClusterLoggingInfoBrokerLogsFirehoseArgs(
                    enabled=True, delivery_stream=logs.firehose_stream
                )
                if logs.firehose_stream
                else None,
            )
        )

    def _broker_log_bucket(self) -> PrivateBucket:
        """A private bucket MSK's log delivery may write broker logs to, under its own prefix
        (the vended-logs delivery principal, for this account; CloudWatch Logs User
        Guide, "Logs sent to Amazon S3"), expiring them after `log_retention_days`."""
        account_id = self._aws.account_id

        def delivery(bucket_arn: str) -> list[dict]:
            same_account = {"StringEquals": {"aws:SourceAccount": account_id}}
            principal = {"Service": "delivery.logs.amazonaws.com"}
            return [
                {"Sid": "LogDeliveryAclCheck", "Effect": "Allow", "Principal": principal,
                 "Action": "s3:GetBucketAcl", "Resource": bucket_arn, "Condition": same_account},
                {"Sid": "LogDeliveryWrite", "Effect": "Allow", "Principal": principal, "Action": "s3:PutObject",
                 "Resource": f"{bucket_arn}/brokers/AWSLogs/{account_id}/*",
                 "Condition": {"StringEquals": {"aws:SourceAccount": account_id,
                                                "s3:x-amz-acl": "bucket-owner-full-control"}}},
            ]  # fmt: skip

        days = self.args.log_retention_days
        return private_bucket(
            self,
            f"{self._name}-broker-log-bucket",
            lifecycle=Lifecycle(rule_id="expire-broker-logs", noncurrent_days=days, expiration_days=days),
            tags=self.tags,
            policy_statements=delivery,
            protect=self.protect,
            force_destroy=not self.protect,
        )

    def add_cluster_policy_statement(
        self, sid: str, statement: Callable[[str], Mapping[str, Any]]
    ) -> aws.msk.ClusterPolicy:
        """Add a statement to the cluster's one resource policy (`aws.msk.ClusterPolicy`,
        created with the first statement); `statement(cluster_arn)` gives it without
        its `Sid`. Multi-VPC accounts, their data-plane access and, e.g., a
        replicator's service principal share the document, since a cluster has
        exactly one policy. Add statements while the program builds its resources:
        the document is written once the cluster's ARN is known, and a statement
        added after that is refused. Returns the policy (to depend on)."""
        if self._cluster_policy_written:
            raise RuntimeError(
                f"MskCluster '{self._name}': statement {sid!r} came after the cluster policy was written; "
                "add cluster policy statements while the program builds its resources"
            )
        if sid in self._cluster_policy_statements:
            raise ValueError(f"MskCluster '{self._name}': the cluster policy already has a statement {sid!r}")
        self._cluster_policy_statements[sid] = statement
        if self._cluster_policy is None:
            self._cluster_policy = aws.msk.ClusterPolicy(
                f"{self._name}-cluster-policy",
                cluster_arn=self._msk.arn,
                policy=self._msk.arn.apply(self._cluster_policy_document),
                opts=pulumi.ResourceOptions(parent=self),
            )
        return self._cluster_policy

    def _cluster_policy_document(self, cluster_arn: str) -> str:
        self._cluster_policy_written = True
        statements = [{"Sid": sid, **build(cluster_arn)} for sid, build in self._cluster_policy_statements.items()]
        return json.dumps({"Version": "2012-10-17", "Statement": statements})

    def _multi_vpc_statements(self) -> None:
        """Other accounts may create VPC connections and read the bootstrap brokers;
        with `cluster_data_access`, their principals use the named topics and groups."""
        accounts = list(self.args.cluster_policy_accounts)
        self.add_cluster_policy_statement(
            "MultiVpcConnectivity",
            lambda arn: {
                "Effect": "Allow",
                "Principal": {"AWS": accounts},
                "Action": list(catalog.MULTI_VPC_CLUSTER_POLICY_ACTIONS),
                "Resource": arn,
            },
        )
        for access in self.args.cluster_data_access:
            for index, sid in enumerate(s["Sid"] for s in data_plane_statements(CLUSTER_ARN_FOR_SIDS, access)):
                self.add_cluster_policy_statement(
                    sid,
                    lambda arn, access=access, index=index: {
                        k: v for k, v in data_plane_statements(arn, access)[index].items() if k != "Sid"
                    },
                )

    def _replicator_source_statement(self) -> None:
        """A cross-region MSK Replicator reaches this cluster through a VPC connection the
        service creates: the cluster policy lets `kafka.amazonaws.com` create it and read
        the cluster (MSK Developer Guide, "Prepare the Amazon MSK source cluster")."""
        self.add_cluster_policy_statement(
            "MskReplicatorSource",
            lambda arn: {
                "Effect": "Allow",
                "Principal": {"Service": catalog.REPLICATOR_SERVICE_PRINCIPAL},
                "Action": list(catalog.REPLICATOR_SOURCE_ACTIONS),
                "Resource": arn,
            },
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

    def _client_policies(self, cluster_name: str) -> dict[str, list[pulumi.Output[str]]]:
        """Producer and consumer managed policies of the topics: as many of each as
        keep every document within IAM's 6,144 characters (the first keeps its name)."""
        names = [t.name for t in self.args.topics]
        policies: dict[str, list[pulumi.Output[str]]] = {"producer": [], "consumer": []}
        if not names:
            return policies
        stand_in = cluster_arn_stand_in(*self._aws, cluster_name)
        for role, verb in (("producer", "Produce to"), ("consumer", "Consume")):
            runs = split_to_fit(functools.partial(kafka_client_policy, role, stand_in), names, MANAGED_POLICY_MAX_CHARS)
            for number, run in enumerate(runs, start=1):
                # A policy's description cannot change in place: it names its part, never the count.
                part, suffix = ("", "") if number == 1 else (f" (part {number})", f"-{number}")
                policy = aws.iam.Policy(
                    logical_name("aws:iam/policy:Policy", f"{self._name}-{role}{suffix}"),
                    description=f"{verb} the topics of MSK cluster {cluster_name} over IAM auth{part}",
                    policy=self.arn.apply(functools.partial(_client_document, role, run)),
                    tags=self.tags,
                    opts=pulumi.ResourceOptions(parent=self),
                )
                policies[role].append(policy.arn)
            if len(runs) > 1:
                pulumi.log.warn(
                    f"{self._name}: the {role} policy of the {len(names)} topics is {len(runs)} managed policies "
                    f"(IAM's {MANAGED_POLICY_MAX_CHARS}-character limit per policy); attach every ARN of "
                    f"{role}PolicyArns"
                    + (
                        f", more than the {MANAGED_POLICIES_PER_ROLE} managed policies a role may have by default "
                        "(IAM quota, adjustable to 20)"
                        if len(runs) > MANAGED_POLICIES_PER_ROLE
                        else ""
                    ),
                    resource=self,
                )
        return policies


def _client_document(role: str, topics: Sequence[str], cluster_arn: str) -> str:
    return json.dumps(kafka_client_policy(role, cluster_arn, topics))


# --- alarms ------------------------------------------------------------------------------


def alarm_specs(cluster_name: str, broker_count: int, kafka_version: str, express: bool) -> list[AlarmSpec]:
    """The alarms of docs/design.md#mskcluster. Express brokers publish no disk, under-replication
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
