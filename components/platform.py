"""The whole platform as one call: network, cluster, schema registry,
Snowflake connectors and dashboard, wired from validated settings (the components'
arguments are built from them `judged`: the stack is judged once, by its settings).

`__main__.py` reads the stack's settings and calls `build_platform`; a second
region is a second call with its own `prefix` and an `aws.Provider` for that
region in `opts`. The returned `outputs` are what the stack exports.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import pulumi

from . import catalog
from .aws.common import AwsContext, aws_context, component_tags
from .dashboard import PlatformDashboard, PlatformDashboardArgs, panels
from .inputs import judged
from .msk.acls import registry_acls
from .msk.cluster import MskCluster, cluster_args
from .network.vpc import Network, NetworkArgs
from .registry.service import SchemaRegistryService, SchemaRegistryServiceArgs, schemas_topic
from .replication.failover import offset_copy_script
from .replication.model import MskReplicatorArgs
from .replication.replicator import MskReplicator
from .settings import Settings
from .snowflake.connector import SnowflakeSinkConnector, SnowflakeSinkConnectorArgs
from .snowflake.credentials import SnowflakeCredentials, SnowflakeCredentialsArgs, registration_steps
from .snowflake.plugin import SnowflakeConnectorPlugin, SnowflakeConnectorPluginArgs


@dataclass
class Platform:
    """What `build_platform` built: the components, and the stack's exports in order."""

    network: Network
    cluster: MskCluster
    registry: SchemaRegistryService
    connectors: dict[str, SnowflakeSinkConnector]
    dashboard: PlatformDashboard
    outputs: dict[str, Any] = field(default_factory=dict)
    """Export name -> value (only the outputs that exist for these settings)."""
    replicator: MskReplicator | None = None
    """A DR stack's MSK Replicator from its primary's cluster (with `replication`)."""


@dataclass(frozen=True)
class _Context:
    project: str
    stack: str
    prefix: str
    aws: AwsContext
    opts: pulumi.ResourceOptions

    def tags(self, component: str) -> dict[str, str]:
        return component_tags(self.project, self.stack, component)

    def connector_name(self, name: str) -> str:
        """The MSK Connect (and Kafka Connect) name of the stack's connector `name`."""
        return f"{self.prefix}-{name}"


def build_platform(
    settings: Settings,
    project: str,
    stack: str,
    opts: pulumi.ResourceOptions | None = None,
    prefix: str | None = None,
) -> Platform:
    """Create every component of one platform. `opts` (e.g. an explicit
    `provider`) applies to each top-level component; `prefix` (default
    `<project>-<stack>`) starts every name, so two calls need two prefixes."""
    opts = opts or pulumi.ResourceOptions()
    invoke = pulumi.InvokeOptions(provider=opts.provider) if opts.provider is not None else None
    # Partition, account and region: looked up once, passed to every component.
    context = _Context(project, stack, prefix or f"{project}-{stack}", aws_context(opts=invoke), opts)
    network = _network(settings, context)
    cluster = _cluster(settings, network, context)
    if settings.network.flow_logs:
        network.add_flow_logs(
            cluster.kms_key_arn,
            settings.cluster.log_retention_days,
            context.aws.account_id,
            f"/aws/vpc/{context.prefix}/flow-logs",
        )
    registry = _registry(settings, network, cluster, context)
    snowflake = _snowflake(settings, network, cluster, registry, context)
    primary = _primary(settings, context)
    replicator = _replicator(settings, network, cluster, context, primary) if primary is not None else None
    dashboard = _dashboard(settings, cluster, registry, snowflake.connectors, context, replicator)
    platform = Platform(network, cluster, registry, snowflake.connectors, dashboard, replicator=replicator)
    platform.outputs = _outputs(settings, platform, snowflake)
    if (source := _replication_source(settings, platform, context)) is not None:
        platform.outputs["replicationSource"] = source
    if replicator is not None and primary is not None:
        platform.outputs |= {
            "replicatorArn": replicator.arn,
            "replicatorName": replicator.replicator_name,
            "replicatorLogGroupName": replicator.log_group_name,
        }
        if settings.snowflake.connectors:
            platform.outputs["snowflakeFailover"] = _failover(settings, cluster, primary, context)
    return platform


def _network(settings: Settings, context: _Context) -> Network:
    return Network(
        f"{context.prefix}-network",
        NetworkArgs(settings=settings.network, tags=context.tags("Network")),
        opts=context.opts,
    )


def _cluster(settings: Settings, network: Network, context: _Context) -> MskCluster:
    return MskCluster(
        f"{context.prefix}-msk",
        cluster_args(
            settings,
            vpc_id=network.vpc_id,
            subnet_ids=network.private_subnet_ids,
            cluster_name=context.prefix,
            aws_context=context.aws,
            tags=context.tags("MskCluster"),
        ),
        opts=context.opts,
    )


def _registry(settings: Settings, network: Network, cluster: MskCluster, context: _Context) -> SchemaRegistryService:
    # The registry stores schemas in `_schemas` and authenticates with its own SCRAM user.
    registry_user = cluster.add_scram_user("schema-registry")
    registry_topic = cluster.add_topic(schemas_topic(settings.cluster.default_replication_factor))
    kafka_dependencies: list[pulumi.Resource] = [registry_topic, registry_user]
    if cluster.manages_acls:
        # With Kafka ACLs declared, the registry gets its own and starts once they are applied.
        kafka_dependencies.append(cluster.add_kafka_acls(registry_acls(registry_user.username)))
    return SchemaRegistryService(
        f"{context.prefix}-schema-registry",
        judged(
            SchemaRegistryServiceArgs(
                vpc_id=network.vpc_id,
                subnet_ids=network.private_subnet_ids,
                bootstrap_brokers=cluster.bootstrap_brokers_sasl_scram,
                broker_security_group_id=cluster.security_group_id,
                credentials_secret_arn=registry_user.secret_arn,
                credentials_kms_key_arn=cluster.kms_key_arn,
                schemas_replication_factor=settings.cluster.default_replication_factor,
                kafka_dependencies=kafka_dependencies,
                open_brokers=functools.partial(cluster.allow_ingress_from, "schema-registry", auth="scram"),
                client_cidrs=settings.client_access.cidrs,
                client_security_group_ids=settings.client_access.security_group_ids,
                service=settings.schema_registry,
                log_retention_days=settings.cluster.log_retention_days,
                protect=settings.cluster.protect,
                alarm_topic_arn=cluster.alarm_topic_arn,
                # A DR stack's registry reads the primary's replicated `_schemas`: it writes only from failover on.
                leader_eligible=settings.replication is None or settings.replication.failover,
                physical_name=f"{context.prefix}-registry",
                aws_context=context.aws,
                tags=context.tags("SchemaRegistryService"),
            )
        ),
        opts=context.opts,
    )


@dataclass
class _Snowflake:
    plugin: SnowflakeConnectorPlugin | None = None
    credentials: SnowflakeCredentials | None = None
    access: Any = None
    connectors: dict[str, SnowflakeSinkConnector] = field(default_factory=dict)


def _snowflake(
    settings: Settings, network: Network, cluster: MskCluster, registry: SchemaRegistryService, context: _Context
) -> _Snowflake:
    """One plugin and one key pair per stack, one connector per entry."""
    snowflake = settings.snowflake
    built = _Snowflake()
    if not snowflake.connectors:
        return built
    built.plugin = SnowflakeConnectorPlugin(
        f"{context.prefix}-snowflake-plugin",
        judged(
            SnowflakeConnectorPluginArgs(
                source=snowflake.plugin,
                connector_version=snowflake.connector_version,
                tags=context.tags("SnowflakeConnectorPlugin"),
            )
        ),
        opts=context.opts,
    )
    built.credentials = SnowflakeCredentials(
        f"{context.prefix}-snowflake-key",
        SnowflakeCredentialsArgs(
            user=snowflake.user,
            secret_name=f"{context.project}/{context.stack}/snowflake-private-key",
            kms_key_arn=cluster.kms_key_arn,
            private_key=snowflake.private_key,
            protect=settings.cluster.protect,
            tags=context.tags("SnowflakeCredentials"),
        ),
        opts=context.opts,
    )
    # Managed: the user, role and grants come first, with the stack's public key.
    if snowflake.manage.enabled:
        # Imported only here: pulumi_snowflake loads every module at import (~1.8 s).
        from .snowflake.access import SnowflakeAccess, SnowflakeAccessArgs

        built.access = SnowflakeAccess(
            f"{context.prefix}-snowflake-access",
            SnowflakeAccessArgs(
                settings=snowflake, public_key=built.credentials.public_key, protect=settings.cluster.protect
            ),
            opts=context.opts,
        )
    # A connector whose key Snowflake does not know fails at start: with a
    # generated key and nothing managed, wait until the user registered it.
    # A DR stack's connectors start only at failover: until then the primary's write the tables.
    standby = settings.replication is not None and not settings.replication.failover
    for connector in snowflake.connectors if snowflake.key_registered and not standby else ():
        built.connectors[connector.name] = _connector(settings, connector, network, cluster, registry, built, context)
    return built


def _connector(
    settings: Settings,
    connector: Any,
    network: Network,
    cluster: MskCluster,
    registry: SchemaRegistryService,
    built: _Snowflake,
    context: _Context,
) -> SnowflakeSinkConnector:
    assert built.plugin is not None and built.credentials is not None
    used_topics = [*connector.topic_names, *filter(None, [connector.dead_letter_topic])]
    return SnowflakeSinkConnector(
        f"{context.prefix}-{connector.name}",
        judged(
            SnowflakeSinkConnectorArgs(
                connector=connector,
                account=settings.snowflake,
                plugin_arn=built.plugin.arn,
                plugin_revision=built.plugin.revision,
                private_key_secret_name=built.credentials.secret_name,
                private_key_secret_arn=built.credentials.secret_arn,
                kms_key_arn=cluster.kms_key_arn,
                cluster_arn=cluster.arn,
                bootstrap_brokers_iam=cluster.bootstrap_brokers_sasl_iam,
                broker_security_group_id=cluster.security_group_id,
                vpc_id=network.vpc_id,
                subnet_ids=network.private_subnet_ids,
                schema_registry_url=registry.url,
                schema_registry_security_group_id=registry.security_group_id,
                schema_registry_port=registry.listener_port,
                schema_registry_credentials=registry.basic_auth,
                dead_letter_replication_factor=settings.cluster.replication_factor_of(connector.dead_letter_topic)
                if connector.dead_letter_topic
                else settings.cluster.default_replication_factor,
                kafka_dependencies=[cluster.topics[t] for t in used_topics],
                private_key_secret_version=built.credentials.secret_version,
                snowflake_access=built.access.ready if built.access else (),
                open_brokers=functools.partial(cluster.allow_ingress_from, connector.name, auth="iam"),
                open_registry=functools.partial(registry.allow_clients_from, connector.name),
                log_retention_days=settings.cluster.log_retention_days,
                alarm_topic_arn=cluster.alarm_topic_arn,
                cluster_name=cluster.cluster_name,
                physical_name=context.connector_name(connector.name),
                # A DR stack's group starts with the offsets copied at failover, or not at all
                # (reading every retained record again would duplicate the tables' rows).
                consumer_offset_reset="none" if settings.replication is not None else "earliest",
                managed_policies_per_role=settings.iam_managed_policies_per_role,
                aws_context=context.aws,
                tags=context.tags("SnowflakeSinkConnector"),
            )
        ),
        opts=context.opts,
    )


def _primary(settings: Settings, context: _Context) -> pulumi.Output[Any] | None:
    """A DR stack's view of its primary: what the primary's `replicationSource` export names,
    read through a StackReference from the backend's state (never from the primary's region)."""
    replication = settings.replication
    if replication is None:
        return None
    assert replication.primary_stack is not None
    primary = pulumi.StackReference(replication.primary_stack, opts=context.opts)
    # Fails the `up` (before the replicator) when the primary is no replication source yet.
    return primary.require_output("replicationSource")


def _replicator(
    settings: Settings, network: Network, cluster: MskCluster, context: _Context, source: pulumi.Output[Any]
) -> MskReplicator:
    """A DR stack's MSK Replicator: from the primary stack's cluster into this stack's, after this
    stack's own topics exist (`_schemas` and those it declares: the replicator copies the primary's
    records into them, and a topic it created first would fail their creation)."""
    replication = settings.replication
    assert replication is not None
    return MskReplicator(
        f"{context.prefix}-replicator",
        MskReplicatorArgs(
            source_cluster_arn=source["clusterArn"],
            source_subnet_ids=source["privateSubnetIds"],
            source_security_group_ids=(source["brokerSecurityGroupId"],),
            target_cluster_arn=cluster.arn,
            target_vpc_id=network.vpc_id,
            target_subnet_ids=network.private_subnet_ids,
            target_broker_security_group_id=cluster.security_group_id,
            default_topics=source["topics"],
            default_groups=source["consumerGroups"],
            settings=replication,
            open_target_brokers=functools.partial(cluster.allow_ingress_from, "replicator", auth="iam"),
            kms_key_arn=cluster.kms_key_arn,
            log_retention_days=settings.cluster.log_retention_days,
            alarm_topic_arn=cluster.alarm_topic_arn,
            replicator_name=f"{context.prefix}-replicator",
            kafka_dependencies=list(cluster.topics.values()),
            aws_context=context.aws,
            tags=context.tags("MskReplicator"),
        ),
        opts=context.opts,
    )


def _replication_source(settings: Settings, platform: Platform, context: _Context) -> dict[str, Any] | None:
    """What a DR stack's replicator needs of this one (with `replicationSource`): the cluster, its
    subnets and brokers' security group, the topics to copy (with `_schemas`) and the connectors'
    consumer groups (`connect-<connector name>`)."""
    if not settings.cluster.replication_source:
        return None
    groups = {c.name: catalog.connect_group(context.connector_name(c.name)) for c in settings.snowflake.connectors}
    return {
        "clusterArn": platform.cluster.arn,
        "privateSubnetIds": platform.network.private_subnet_ids,
        "brokerSecurityGroupId": platform.cluster.security_group_id,
        "region": context.aws.region,
        "topics": [*(t.name for t in settings.cluster.topics), catalog.SCHEMAS_TOPIC],
        "consumerGroups": list(groups.values()),
        "connectorGroups": groups,
    }


def _failover(
    settings: Settings, cluster: MskCluster, source: pulumi.Output[Any], context: _Context
) -> pulumi.Output[dict[str, Any]]:
    """Per connector of a DR stack: its names, whether it runs (`replication.failover`), the primary's
    connector group the replicator synchronised, and the script copying those offsets to its own group
    (run before `failover: true`; docs/operations.md, "Cross-region disaster recovery")."""
    replication = settings.replication
    assert replication is not None
    names = [c.name for c in settings.snowflake.connectors]

    def steps(bootstrap: str, primary_groups: dict[str, str]) -> dict[str, Any]:
        described: dict[str, Any] = {}
        for name in names:
            connector = context.connector_name(name)
            group = catalog.connect_group(connector)
            primary_group = primary_groups.get(name)
            described[name] = {
                "connector": connector,
                "consumerGroup": group,
                "running": replication.failover,
                "primaryConsumerGroup": primary_group,
                "copyOffsets": offset_copy_script(bootstrap, primary_group, group) if primary_group else None,
            }
        return described

    return pulumi.Output.all(cluster.bootstrap_brokers_sasl_iam, source).apply(
        lambda values: steps(values[0], dict((values[1] or {}).get("connectorGroups") or {}))
    )


def _dashboard(
    settings: Settings,
    cluster: MskCluster,
    registry: SchemaRegistryService,
    connectors: dict[str, SnowflakeSinkConnector],
    context: _Context,
    replicator: MskReplicator | None = None,
) -> PlatformDashboard:
    """One dashboard: brokers, registry, connectors and their lag."""
    return PlatformDashboard(
        f"{context.prefix}-dashboard",
        PlatformDashboardArgs(
            dashboard_name=context.prefix,
            region=context.aws.region,
            cluster_name=cluster.cluster_name,
            broker_count=settings.cluster.broker_count,
            express=settings.is_express,
            load_balancer=registry.alb_arn_suffix,
            target_group=registry.target_group_arn_suffix,
            ecs_cluster_name=registry.ecs_cluster_name,
            ecs_service_name=registry.service_name,
            connectors=panels(connectors),
            replicator_name=replicator.replicator_name if replicator is not None else None,
        ),
        opts=context.opts,
    )


def _present(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The pairs whose value exists for these settings (optional outputs are None or empty)."""
    return {name: value for name, value in pairs if value is not None and value != {}}


def _outputs(settings: Settings, platform: Platform, snowflake: _Snowflake) -> dict[str, Any]:
    network, cluster, registry = platform.network, platform.cluster, platform.registry
    outputs = _present(
        [
            ("vpcId", network.vpc_id),
            ("privateSubnetIds", network.private_subnet_ids),
            ("clusterArn", cluster.arn),
            ("clusterName", cluster.cluster_name),
            ("bootstrapBrokersSaslScram", cluster.bootstrap_brokers_sasl_scram),
            ("bootstrapBrokersSaslIam", cluster.bootstrap_brokers_sasl_iam),
            ("brokerSecurityGroupId", cluster.security_group_id),
            ("kmsKeyArn", cluster.kms_key_arn),
            ("configurationArn", cluster.configuration_arn),
            ("alarmTopicArn", cluster.alarm_topic_arn),
            ("brokerLogGroupName", cluster.log_group_name),
            ("brokerLogBucket", cluster.broker_log_bucket),
            ("bootstrapBrokersTls", cluster.bootstrap_brokers_tls),
            ("vpcConnectivityBootstrapBrokers", cluster.vpc_connectivity_bootstrap_brokers or None),
            ("scramUserSecretArns", cluster.scram_user_secret_arns or None),
            ("topicNames", [t.name for t in settings.cluster.topics]),
            ("producerPolicyArn", cluster.producer_policy_arn),
            ("consumerPolicyArn", cluster.consumer_policy_arn),
            ("producerPolicyArns", cluster.producer_policy_arns or None),
            ("consumerPolicyArns", cluster.consumer_policy_arns or None),
            ("schemaRegistryUrl", registry.url),
            ("schemaRegistryAlbDnsName", registry.alb_dns_name),
            ("schemaRegistryServiceName", registry.service_name),
            ("schemaRegistrySecurityGroupId", registry.security_group_id),
            ("schemaRegistryLogGroupName", registry.log_group_name),
            ("schemaRegistryTaskDefinitionArn", registry.task_definition_arn),
            ("schemaRegistryCredentialsSecretArn", registry.credentials_secret_arn),
            ("schemaRegistryAccessLogBucket", registry.access_log_bucket_name),
            ("dashboardUrl", platform.dashboard.url),
        ]
    )
    credentials = snowflake.credentials
    if snowflake.plugin is None or credentials is None:
        return outputs
    outputs["snowflakePluginArn"] = snowflake.plugin.arn
    outputs["snowflakePublicKey"] = credentials.public_key
    outputs["snowflakeAlterUserStatement"] = credentials.alter_user_statement
    outputs["snowflakePrivateKeySecretArn"] = credentials.secret_arn
    outputs["snowflakeConnectors"] = {
        name: {"arn": sink.arn, "name": sink.name, "roleArn": sink.role_arn, "logGroupName": sink.log_group_name}
        for name, sink in platform.connectors.items()
    }
    if snowflake.access is not None:
        outputs["snowflakeServiceUser"] = snowflake.access.user_name
    if not settings.snowflake.key_registered:
        names = [c.name for c in settings.snowflake.connectors]
        next_step = credentials.alter_user_statement.apply(lambda statement: registration_steps(statement, names))
        next_step.apply(pulumi.log.warn)
        outputs["snowflakeNextStep"] = next_step
    return outputs
