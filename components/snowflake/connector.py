"""SnowflakeSinkConnector: one Snowflake Kafka connector on MSK Connect
(docs/design.md#snowflakesinkconnector-plugin-and-credentials):
4.x (Snowpipe Streaming high-performance) or 3.x classic, each with the settings it reads.

Children: a security group (egress only: brokers 9098, the schema registry,
HTTPS), a service execution role (trust `kafkaconnect.amazonaws.com` for this
account; cluster/topic/group ARNs in their real forms, one secret, one key),
a worker log group, a worker configuration (Secrets Manager config provider +
converters) and the connector (IAM auth over TLS, autoscaling by default).

The private key never appears in the configuration: the connector reads
`${secretsmanager:<secret name>:private_key}` through the config provider.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..aws.alarms import AlarmSpec, metric_alarm
from ..aws.common import (
    Direction,
    GeneratedCredentials,
    aws_context,
    component_type,
    encrypted_log_group,
    inline_role_policy,
    rules_only_security_group,
    security_group_rule,
    service_role,
    with_former_type,
)
from ..aws.iam import (
    SinkGrants,
    role_grants,
    sink_connector_policy,
    sink_topics_policy,
)
from ..aws.naming import logical_name, physical_name
from ..inputs import ArgumentsError, check_connector_args
from ..validation import Problems
from .credentials import SECRET_FIELD
from .model import OFFSET_RESETS, ConnectorSettings, SnowflakeSettings, SnowflakeSinkConnectorArgs

CONFIG_PROVIDER = "secretsmanager"  # the alias: letters only
CONFIG_PROVIDER_CLASS = "com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider"
KEY_CONVERTER = "org.apache.kafka.connect.storage.StringConverter"


def worker_properties(
    ingestion_method: str,
    value_format: str,
    schema_registry_url: str | None,
    region: str,
    offset_reset: str = OFFSET_RESETS[0],
) -> str:
    """Worker configuration: the Secrets Manager config provider, the converters, and where a
    partition without a committed offset starts when that is not Kafka Connect's `earliest`."""
    converter = catalog.VALUE_CONVERTERS[(ingestion_method, value_format)]
    props = {
        "key.converter": KEY_CONVERTER,
        "value.converter": converter,
        "config.providers": CONFIG_PROVIDER,
        f"config.providers.{CONFIG_PROVIDER}.class": CONFIG_PROVIDER_CLASS,
        f"config.providers.{CONFIG_PROVIDER}.param.region": region,
        f"config.providers.{CONFIG_PROVIDER}.param.NotFoundStrategy": "fail",
    }
    if value_format == "AVRO":
        if not schema_registry_url or "://" not in schema_registry_url:
            raise ValueError(f"AVRO needs a schema registry URL with scheme, got {schema_registry_url!r}")
        props["value.converter.schema.registry.url"] = schema_registry_url
    elif converter == "org.apache.kafka.connect.json.JsonConverter":
        props["value.converter.schemas.enable"] = "false"
    if offset_reset != OFFSET_RESETS[0]:
        # A worker-level consumer property MSK Connect supports (Developer Guide, "Supported
        # worker configuration properties"); Kafka Connect's sink default is earliest.
        props["consumer.auto.offset.reset"] = offset_reset
    return "".join(f"{k}={v}\n" for k, v in props.items())


def registry_client_properties(converter: str, url: str, credentials_secret_name: str) -> dict[str, str]:
    """The value converter with the registry's Basic credentials, as connector
    properties. A connector-level `value.converter.*` setting applies only with
    the connector's own `value.converter` (Kafka Connect configures a worker's
    converter from the worker's properties), so the class and URL come along.
    The user info `user:password` is two config provider references, resolved
    by the worker: no credential is part of the configuration."""

    def reference(field_name: str) -> str:
        return f"${{{CONFIG_PROVIDER}:{credentials_secret_name}:{field_name}}}"

    return {
        "value.converter": converter,
        "value.converter.schema.registry.url": url,
        "value.converter.basic.auth.credentials.source": "USER_INFO",
        "value.converter.basic.auth.user.info": f"{reference('username')}:{reference('password')}",
    }


def connector_configuration(
    connector: ConnectorSettings,
    account: SnowflakeSettings,
    secret_name: str,
    dead_letter_replication_factor: int,
    registry_client: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """`connector_configuration` of the MSK Connect connector (no secret values):
    the keys the connector's major version reads. `registry_client`: see
    `registry_client_properties`."""
    config = {
        "connector.class": catalog.SNOWFLAKE_V4_CONNECTOR_CLASS if account.v4 else catalog.SNOWFLAKE_CONNECTOR_CLASS,
        "topics": ",".join(connector.topic_names),
        "snowflake.topic2table.map": ",".join(f"{t}:{table}" for t, table in connector.topics),
        "snowflake.url.name": account.account_url,
        "snowflake.user.name": account.user,
        "snowflake.database.name": account.database,
        "snowflake.schema.name": account.schema,
        "snowflake.private.key": f"${{{CONFIG_PROVIDER}:{secret_name}:{SECRET_FIELD}}}",
        # Resolve the key once at start; no restarts on provider TTLs.
        "config.action.reload": "none",
        **(v4_mode_properties(connector.name, account) if account.v4 else v3_mode_properties(connector, account)),
        "errors.tolerance": connector.errors_tolerance,
        "errors.log.enable": "true",
    }
    if connector.tasks_max is not None:  # under autoscaling MSK Connect sets tasks.max
        config["tasks.max"] = str(connector.tasks_max)
    if account.role:
        config["snowflake.role.name"] = account.role
    # The dead-letter queue is Kafka Connect's own (errors.deadletterqueue.*):
    # 3.x sends records it cannot convert or ingest there; 4.x sends converter
    # and client-side validation errors, while with server-side validation
    # Snowflake keeps rejected rows in the table's error table (ERROR_LOGGING).
    if connector.dead_letter_topic:
        config["errors.deadletterqueue.topic.name"] = connector.dead_letter_topic
        config["errors.deadletterqueue.topic.replication.factor"] = str(dead_letter_replication_factor)
        config["errors.deadletterqueue.context.headers.enable"] = "true"
    config.update(registry_client or {})
    return config


def v3_mode_properties(connector: ConnectorSettings, account: SnowflakeSettings) -> dict[str, str]:
    """3.x: the ingestion method and the buffer keys it reads."""
    return {
        "snowflake.ingestion.method": account.ingestion_method,
        **buffer_properties(connector, account.streaming),
    }


# 4.x settings (Constants.KafkaConnectorConfigParams and ConnectorConfigDefinition,
# 4.1.0). A new deployment turns the v3-compatibility check off and states the
# 4.x defaults it relies on, so a later release changing a default changes
# nothing here: server-side validation (rows Snowflake rejects go to the
# table's error table; the tables the connector creates have ERROR_LOGGING on)
# and schematization (one column per field).
V4_NEW_DEPLOYMENT = {
    "snowflake.streaming.validate.compatibility.with.classic": "false",
    "snowflake.validation": "server_side",
    "snowflake.enable.schematization": "true",
}
# Taking over from 3.x (Snowflake docs, "Migrate from Kafka connector v3 to v4";
# DefaultConnectorConfigValidator.validateCompatibilitySettings, 4.1.0, which
# refuses to start without each of these): keep the check on, validate on the
# client, keep 3.x's identifiers and its RECORD_CONTENT / RECORD_METADATA table
# layout (this program's 3.x connectors never turned schematization on), and
# say where the offsets come from.
V4_FROM_V3 = {
    "snowflake.streaming.validate.compatibility.with.classic": "true",
    "snowflake.validation": "client_side",
    "snowflake.compatibility.enable.column.identifier.normalization": "true",
    "snowflake.compatibility.enable.autogenerated.table.name.sanitization": "true",
    "snowflake.enable.schematization": "false",
}
OFFSET_MIGRATION = "snowflake.streaming.classic.offset.migration"


def v4_mode_properties(connector: str, account: SnowflakeSettings) -> dict[str, str]:
    """4.x: a new deployment, or the settings that take over a 3.x connector's
    tables and offsets under the same connector name (`migrate_from_v3`; a
    connector that never ran on 3.x starts as a new deployment)."""
    migration = account.migrate_from_v3
    mode = migration.offset_migration_for(connector) if migration is not None else None
    if mode is None:
        return dict(V4_NEW_DEPLOYMENT)
    properties = {**V4_FROM_V3, OFFSET_MIGRATION: mode}
    if mode != "skip":
        # 3.x named its channels <topic>_<partition> unless
        # snowflake.streaming.channel.name.include.connector.name was set (default
        # false, SnowflakeSinkConnectorConfig 3.5.4); this program never set it.
        properties[f"{OFFSET_MIGRATION}.include.connector.name"] = "false"
    return properties


def buffer_properties(connector: ConnectorSettings, streaming: bool) -> dict[str, str]:
    """The buffer keys the ingestion method reads. Snowpipe Streaming keeps one
    buffer (connector 3.2.0+) and ignores buffer.flush.time and
    buffer.count.records; its latency is the client's maximum lag."""
    if streaming:
        return {
            "snowflake.streaming.max.client.lag": str(connector.buffer_flush_seconds),
            "buffer.size.bytes": str(connector.buffer_size_bytes),
        }
    return {
        "buffer.count.records": str(connector.buffer_count_records),
        "buffer.flush.time": str(connector.buffer_flush_seconds),
        "buffer.size.bytes": str(connector.buffer_size_bytes),
    }


def connector_alarm_specs(
    connector_name: str, cluster_name: pulumi.Input[str], topics: Sequence[str], max_lag_seconds: int
) -> list[AlarmSpec]:
    """The pipeline is stuck. MSK Connect publishes `ErroredTaskCount` and
    `RunningTaskCount` per `ConnectorName` in AWS/KafkaConnect (MSK Developer
    Guide, "Monitoring Amazon MSK Connect"); MSK publishes `EstimatedMaxTimeLag`
    per `Cluster Name`, `Consumer Group` and `Topic` in AWS/Kafka for groups in
    STABLE or EMPTY state (MSK Developer Guide, "Monitor consumer lags"). The
    connector's group is `connect-<name>`."""
    connect = {"ConnectorName": connector_name}
    specs = [
        AlarmSpec(
            "errored-tasks",
            f"Connector {connector_name}: a task has failed (see its worker log group)",
            ("ErroredTaskCount",), "Maximum", connect, "GreaterThanThreshold", 0,
            evaluation_periods=2, namespace="AWS/KafkaConnect",
        ),
        AlarmSpec(
            "no-running-task",
            f"Connector {connector_name}: no task running for 15 minutes",
            ("RunningTaskCount",), "Minimum", connect, "LessThanThreshold", 1,
            evaluation_periods=3, namespace="AWS/KafkaConnect", treat_missing_data="breaching",
        ),
    ]  # fmt: skip
    for topic in topics:
        lag = {"Cluster Name": cluster_name, "Consumer Group": catalog.connect_group(connector_name), "Topic": topic}
        specs.append(
            AlarmSpec(
                f"lag-{topic}",
                f"Connector {connector_name}: messages of {topic} wait more than {max_lag_seconds} s for Snowflake",
                ("EstimatedMaxTimeLag",), "Maximum", lag, "GreaterThanThreshold", max_lag_seconds,
                evaluation_periods=3,
            )
        )  # fmt: skip
    return specs


def capacity_args(connector: ConnectorSettings) -> aws.mskconnect.ConnectorCapacityArgs:
    capacity = connector.capacity
    if not capacity.autoscaling:
        return aws.mskconnect.ConnectorCapacityArgs(
            provisioned_capacity=aws.mskconnect.ConnectorCapacityProvisionedCapacityArgs(
                mcu_count=capacity.mcu_count, worker_count=int(capacity.workers or 1)
            )
        )
    return aws.mskconnect.ConnectorCapacityArgs(
        autoscaling=aws.mskconnect.ConnectorCapacityAutoscalingArgs(
            mcu_count=capacity.mcu_count,
            min_worker_count=capacity.min_workers,
            max_worker_count=capacity.max_workers,
            scale_out_policy=aws.mskconnect.ConnectorCapacityAutoscalingScaleOutPolicyArgs(
                cpu_utilization_percentage=catalog.MSK_CONNECT_SCALE_OUT_CPU_PERCENT
            ),
            scale_in_policy=aws.mskconnect.ConnectorCapacityAutoscalingScaleInPolicyArgs(
                cpu_utilization_percentage=catalog.MSK_CONNECT_SCALE_IN_CPU_PERCENT
            ),
        )
    )


class SnowflakeSinkConnector(pulumi.ComponentResource):
    """Outputs: `arn`, `name`, `role_arn`, `security_group_id`, `log_group_name`."""

    arn: pulumi.Output[str]
    role_arn: pulumi.Output[str]
    security_group_id: pulumi.Output[str]
    log_group_name: pulumi.Output[str]

    def __init__(self, name: str, args: SnowflakeSinkConnectorArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        # The stack-config rules, problems named as SnowflakeSinkConnectorArgs fields; before any resource.
        check_connector_args(f"SnowflakeSinkConnector '{name}'", args)
        self.args = args
        self.grants = self._check_grants(f"SnowflakeSinkConnector '{name}'")
        super().__init__(
            component_type("SnowflakeSinkConnector"),
            name,
            None,
            with_former_type(opts, "snowflake_connector", "SnowflakeSinkConnector"),
        )
        self._name = name
        self.tags = dict(args.tags)
        # MSK Connect names: at most 128 of [A-Za-z0-9_$-] (a stack name may hold `.`).
        # The MSK Connect name (a plain string, not a class annotation: no provider output).
        self.name: str = physical_name("aws:mskconnect/connector:Connector", args.physical_name or args.connector.name)
        self._partition, self._account_id, self._region = aws_context(
            args.aws_context, pulumi.InvokeOptions(parent=self)
        )

        group = self._security_group()
        self.security_group_id = group.id
        # The workers reach the brokers and the registry in their first seconds:
        # a create that starts before the rules exist fails, and MSK Connect
        # does not retry it.
        opened = [open_port(group.id) for open_port in (args.open_brokers, args.open_registry) if open_port]
        role, grants = self._role()
        self.role_arn = role.arn
        log_group = self._log_group()
        self.log_group_name = log_group.name
        worker = self._worker_configuration()
        registry_credentials = self._registry_credentials()
        ready = [
            *grants,
            *opened,
            *filter(None, [args.private_key_secret_version, registry_credentials and registry_credentials.version]),
            *args.kafka_dependencies,
            *args.snowflake_access,
        ]
        connector = self._connector(role, ready, log_group, worker)
        if args.alarm_topic_arn is not None and args.cluster_name is not None:
            specs = connector_alarm_specs(
                self.name, args.cluster_name, args.connector.topic_names, args.max_lag_seconds
            )
            for spec in specs:
                metric_alarm(self, self._name, spec, args.alarm_topic_arn, self.tags, depends_on=[connector])
        self.arn = connector.arn
        self.register_outputs(
            {"arn": self.arn, "name": self.name, "roleArn": self.role_arn, "securityGroupId": self.security_group_id}
        )

    def _check_grants(self, component: str) -> SinkGrants:
        """Where the role's sink-topic grants go; refused before any resource when they need
        more managed policies than the role may have."""
        args = self.args
        secrets = 1 + bool(self._registry_credentials())
        connector, problems = args.connector, Problems()
        grants = role_grants(
            connector.topic_names,
            connector.dead_letter_topic,
            secrets,
            args.managed_policies_per_role,
            ("managed_policies_per_role", "connector.topics"),
            problems,
        )
        if problems.lines:
            raise ArgumentsError("arguments", component, problems.lines)
        return grants

    def _registry_credentials(self) -> GeneratedCredentials | None:
        """The registry credentials this connector uses: only an AVRO connector talks to the registry."""
        return self.args.schema_registry_credentials if self.args.connector.value_format == "AVRO" else None

    def _security_group(self) -> aws.ec2.SecurityGroup:
        group = rules_only_security_group(
            f"{self._name}-workers",
            f"MSK Connect workers of {self.args.connector.name}: egress to brokers, registry, HTTPS",
            self.args.vpc_id,
            self,
            self.tags,
        )
        rules: list[tuple[str, int, str, dict[str, pulumi.Input[str]]]] = [
            ("to-brokers", catalog.PORT_SASL_IAM, "SASL/IAM to the MSK brokers",
             {"referenced_security_group_id": self.args.broker_security_group_id}),
            # 443 anywhere: Snowflake's account endpoint, 4.x's separate streaming
            # ingest host (discovered at run time) and the cloud-storage upload
            # endpoints Snowflake hands the SDK (Snowflake docs, "Network
            # connectivity prerequisites for Snowpipe Streaming"), plus AWS APIs.
            ("to-https", catalog.PORT_HTTPS, "HTTPS: Snowflake, Secrets Manager, AWS APIs",
             {"cidr_ipv4": "0.0.0.0/0"}),
            # Snowflake's drivers check certificates with OCSP (and CRLs) over plain
            # HTTP; unreachable, each check waits for its timeout and fails open
            # (Snowflake docs, "OCSP configuration"; allowlist SYSTEM$ALLOWLIST()).
            ("to-ocsp", catalog.PORT_HTTP, "HTTP: OCSP and CRL certificate checks of the Snowflake drivers",
             {"cidr_ipv4": "0.0.0.0/0"}),
        ]  # fmt: skip
        if self.args.schema_registry_security_group_id is not None:
            rules.append(
                ("to-registry", self.args.schema_registry_port, "Schema Registry",
                 {"referenced_security_group_id": self.args.schema_registry_security_group_id})
            )  # fmt: skip
        direction: Direction = "egress"
        for suffix, port, description, peer in rules:
            security_group_rule(
                f"{self._name}-{suffix}", direction, group.id, port, description, self, self.tags, **peer
            )
        return group

    def _role(self) -> tuple[aws.iam.Role, list[pulumi.Resource]]:
        """The service execution role and what grants it (the inline policy, and the
        managed policies of the sink topics when the inline policy cannot hold them)."""
        args = self.args
        role = service_role(
            f"{self._name}-role",
            "kafkaconnect.amazonaws.com",
            f"MSK Connect service execution role of {args.connector.name}",
            self._account_id,
            self,
            self.tags,
        )
        connector = args.connector
        registry = self._registry_credentials()
        secrets = [args.private_key_secret_arn, *([registry.secret.arn] if registry else [])]
        # IAM's 10,240 characters for a role's inline policies: as many sink topics
        # as it holds stay inline (sized with the longest ARNs: iam.sink_grants), the
        # rest go into managed policies (6,144 characters each).
        inline_topics = self.grants.inline
        document = pulumi.Output.all(args.cluster_arn, args.kms_key_arn, *secrets).apply(
            lambda a: json.dumps(
                sink_connector_policy(
                    a[0], self.name, inline_topics, connector.dead_letter_topic, a[2:], a[1], self._region
                )
            )
        )
        attachments = self._sink_topic_policies(role, self.grants.managed)
        # A topic that moves from the inline policy into a managed one must be granted by the
        # managed one before the inline one drops it: the inline policy waits for the attachments.
        inline = inline_role_policy(f"{self._name}-policy", role, document, self, depends_on=attachments)
        return role, [inline, *attachments]

    def _sink_topic_policies(self, role: aws.iam.Role, runs: Sequence[Sequence[str]]) -> list[pulumi.Resource]:
        """Managed policies reading the sink topics, each within IAM's 6,144 characters, attached to the role."""
        attachments: list[pulumi.Resource] = []
        for number, run in enumerate(runs, start=1):
            # A policy's description cannot change in place: it names its part, never the count.
            part = f"part {number}"
            policy = aws.iam.Policy(
                logical_name("aws:iam/policy:Policy", f"{self._name}-topics-{number}"),
                description=f"Read the sink topics of connector {self.args.connector.name} ({part})",
                policy=pulumi.Output.from_input(self.args.cluster_arn).apply(
                    functools.partial(_sink_topics_document, run)
                ),
                tags=self.tags,
                opts=pulumi.ResourceOptions(parent=self),
            )
            attachments.append(
                aws.iam.RolePolicyAttachment(
                    f"{self._name}-topics-{number}",
                    role=role.name,
                    policy_arn=policy.arn,
                    opts=pulumi.ResourceOptions(parent=self),
                )
            )
        return attachments

    def _log_group(self) -> aws.cloudwatch.LogGroup:
        return encrypted_log_group(
            f"{self._name}-logs",
            # Under /aws/vendedlogs/ MSK Connect's log delivery needs no per-group
            # statement in the account's CloudWatch Logs resource policy, which
            # is capped at 5,120 characters (CloudWatch Logs User Guide,
            # "Enabling logging from AWS services": Logs sent to CloudWatch Logs).
            f"/aws/vendedlogs/mskconnect/{self.name}",
            self.args.log_retention_days,
            self.args.kms_key_arn,
            self,
            self.tags,
        )

    def _worker_configuration(self) -> aws.mskconnect.WorkerConfiguration:
        args = self.args
        url = pulumi.Output.from_input(args.schema_registry_url or "")
        properties = url.apply(
            lambda u: worker_properties(
                args.account.ingestion_method,
                args.connector.value_format,
                u or None,
                self._region,
                args.consumer_offset_reset,
            )
        )
        # Worker configurations are immutable: a change creates a new one (auto-named).
        return aws.mskconnect.WorkerConfiguration(
            logical_name("aws:mskconnect/workerConfiguration:WorkerConfiguration", f"{self._name}-worker-config"),
            description=f"Config provider and converters of {args.connector.name}",
            properties_file_content=properties,
            tags=self.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _registry_client(self, url: str | None, credentials_secret_name: str | None) -> dict[str, str] | None:
        if credentials_secret_name is None or url is None:
            return None
        converter = catalog.VALUE_CONVERTERS[(self.args.account.ingestion_method, self.args.connector.value_format)]
        return registry_client_properties(converter, url, credentials_secret_name)

    def _connector(
        self,
        role: aws.iam.Role,
        ready: Sequence[pulumi.Resource],
        log_group: aws.cloudwatch.LogGroup,
        worker: aws.mskconnect.WorkerConfiguration,
    ) -> aws.mskconnect.Connector:
        """The connector; `ready` is what must exist before it starts (policy, rules, secret value, topics)."""
        args = self.args
        registry = self._registry_credentials()
        configuration = pulumi.Output.all(
            args.private_key_secret_name, args.schema_registry_url, registry.secret.name if registry else None
        ).apply(
            lambda a: connector_configuration(
                args.connector,
                args.account,
                a[0],
                args.dead_letter_replication_factor,
                registry_client=self._registry_client(a[1], a[2]),
            )
        )
        return aws.mskconnect.Connector(
            f"{self._name}-connector",
            # The name fixes the consumer group `connect-<name>` (the offsets):
            # a replacement deletes first and resumes where the old one stopped.
            name=self.name,
            kafkaconnect_version=args.account.connect_version,
            capacity=capacity_args(args.connector),
            connector_configuration=configuration,
            kafka_cluster=aws.mskconnect.ConnectorKafkaClusterArgs(
                apache_kafka_cluster=aws.mskconnect.ConnectorKafkaClusterApacheKafkaClusterArgs(
                    bootstrap_servers=args.bootstrap_brokers_iam,
                    vpc=aws.mskconnect.ConnectorKafkaClusterApacheKafkaClusterVpcArgs(
                        security_groups=[self.security_group_id], subnets=args.subnet_ids
                    ),
                )
            ),
            kafka_cluster_client_authentication=aws.mskconnect.ConnectorKafkaClusterClientAuthenticationArgs(
                authentication_type="IAM"
            ),
            kafka_cluster_encryption_in_transit=aws.mskconnect.ConnectorKafkaClusterEncryptionInTransitArgs(
                encryption_type="TLS"
            ),
            plugins=[
                aws.mskconnect.ConnectorPluginArgs(
                    custom_plugin=aws.mskconnect.ConnectorPluginCustomPluginArgs(
                        arn=args.plugin_arn, revision=args.plugin_revision
                    )
                )
            ],
            service_execution_role_arn=role.arn,
            log_delivery=aws.mskconnect.ConnectorLogDeliveryArgs(
                worker_log_delivery=aws.mskconnect.ConnectorLogDeliveryWorkerLogDeliveryArgs(
                    cloudwatch_logs=aws.mskconnect.ConnectorLogDeliveryWorkerLogDeliveryCloudwatchLogsArgs(
                        enabled=True, log_group=log_group.name
                    )
                )
            ),
            worker_configuration=aws.mskconnect.ConnectorWorkerConfigurationArgs(
                arn=worker.arn, revision=worker.latest_revision
            ),
            tags=self.tags,
            opts=pulumi.ResourceOptions(parent=self, delete_before_replace=True, depends_on=list(ready)),
        )


def _sink_topics_document(topics: Sequence[str], cluster_arn: str) -> str:
    return json.dumps(sink_topics_policy(cluster_arn, topics))
