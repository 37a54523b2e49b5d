"""streaming-platform: wiring only. Settings -> network -> cluster -> registry -> connectors -> exports.

Every choice comes from stack config (see docs/configuration.md); the
components hold the logic.
"""

import functools

import pulumi

from components.common import aws_context, component_tags
from components.dashboard import PlatformDashboard, PlatformDashboardArgs, panels
from components.msk_cluster import MskCluster, MskClusterArgs
from components.network import Network, NetworkArgs, check_existing_vpc
from components.schema_registry import SchemaRegistryService, SchemaRegistryServiceArgs, schemas_topic
from components.settings import NAMESPACE, ConfigError, load_settings, project_config_keys
from components.snowflake_connector import SnowflakeSinkConnector, SnowflakeSinkConnectorArgs
from components.snowflake_credentials import SnowflakeCredentials, SnowflakeCredentialsArgs, registration_steps
from components.snowflake_plugin import SnowflakeConnectorPlugin, SnowflakeConnectorPluginArgs


def read_secret(key: str) -> str | None:
    """A secret config value as text, for validation only (no `get` warning);
    the settings keep it wrapped and it reaches resources only as a Pulumi secret."""
    return pulumi.runtime.get_config(f"{NAMESPACE}:{key}")


project, stack = pulumi.get_project(), pulumi.get_stack()
try:
    settings = load_settings(
        pulumi.Config().get, project, stack, get_secret=read_secret, present_keys=project_config_keys()
    )
    check_existing_vpc(settings.network, stack)
except ConfigError as error:
    # RunError: the CLI prints the message alone, without a traceback.
    raise pulumi.RunError(str(error)) from error

for warning in settings.warnings:
    pulumi.log.warn(warning)

prefix = f"{project}-{stack}"
context = aws_context()  # partition, account, region: looked up once, passed to every component

network = Network(
    f"{prefix}-network",
    NetworkArgs(settings=settings.network, tags=component_tags(project, stack, "Network")),
)

cluster = MskCluster(
    f"{prefix}-msk",
    MskClusterArgs(
        vpc_id=network.vpc_id,
        subnet_ids=network.private_subnet_ids,
        kafka_version=settings.kafka_version,
        broker_instance_type=settings.broker_instance_type,
        broker_count=settings.broker_count,
        default_replication_factor=settings.default_replication_factor,
        broker_volume_gib=settings.broker_volume_gib,
        max_broker_volume_gib=settings.max_broker_volume_gib,
        retention_hours=settings.retention_hours,
        enhanced_monitoring=settings.enhanced_monitoring,
        log_retention_days=settings.log_retention_days,
        client_cidrs=settings.client_access.cidrs,
        client_security_group_ids=settings.client_access.security_group_ids,
        topics=settings.topics,
        alarm_email=settings.alarm_email,
        protect=settings.protect,
        cluster_name=prefix,
        storage_mode=settings.cluster.storage_mode,
        volume_throughput_mibps=settings.cluster.volume_throughput_mibps,
        tls_certificate_authority_arns=settings.cluster.tls_ca_arns,
        vpc_connectivity=settings.cluster.vpc_connectivity,
        cluster_policy_accounts=settings.cluster.cluster_policy_accounts,
        broker_logs=settings.cluster.broker_logs,
        open_monitoring_sources=settings.cluster.open_monitoring,
        extra_server_properties=settings.cluster.server_properties,
        scram_users=settings.cluster.scram_users,
        aws_context=context,
        tags=component_tags(project, stack, "MskCluster"),
    ),
)

if settings.network.flow_logs:
    network.add_flow_logs(
        cluster.kms_key_arn, settings.log_retention_days, context.account_id, f"/aws/vpc/{prefix}/flow-logs"
    )

# The registry stores schemas in `_schemas` and authenticates with its own SCRAM user.
registry_user = cluster.add_scram_user("schema-registry")
registry_topic = cluster.add_topic(schemas_topic(settings.default_replication_factor))
registry = SchemaRegistryService(
    f"{prefix}-schema-registry",
    SchemaRegistryServiceArgs(
        vpc_id=network.vpc_id,
        subnet_ids=network.private_subnet_ids,
        bootstrap_brokers=cluster.bootstrap_brokers_sasl_scram,
        broker_security_group_id=cluster.security_group_id,
        credentials_secret_arn=registry_user.secret_arn,
        credentials_kms_key_arn=cluster.kms_key_arn,
        schemas_replication_factor=settings.default_replication_factor,
        kafka_dependencies=[registry_topic, registry_user],
        open_brokers=functools.partial(cluster.allow_ingress_from, "schema-registry", auth="scram"),
        client_cidrs=settings.client_access.cidrs,
        client_security_group_ids=settings.client_access.security_group_ids,
        service=settings.schema_registry,
        log_retention_days=settings.log_retention_days,
        protect=settings.protect,
        alarm_topic_arn=cluster.alarm_topic_arn,
        physical_name=f"{prefix}-registry",
        aws_context=context,
        tags=component_tags(project, stack, "SchemaRegistryService"),
    ),
)

# Snowflake: one plugin and one key pair per stack, one connector per entry.
snowflake = settings.snowflake
connectors: dict[str, SnowflakeSinkConnector] = {}
if snowflake.connectors:
    snowflake_tags = component_tags(project, stack, "SnowflakeSinkConnector")
    plugin = SnowflakeConnectorPlugin(
        f"{prefix}-snowflake-plugin",
        SnowflakeConnectorPluginArgs(
            source=snowflake.plugin,
            connector_version=snowflake.connector_version,
            tags=component_tags(project, stack, "SnowflakeConnectorPlugin"),
        ),
    )
    credentials = SnowflakeCredentials(
        f"{prefix}-snowflake-key",
        SnowflakeCredentialsArgs(
            user=snowflake.user,
            secret_name=f"{project}/{stack}/snowflake-private-key",
            kms_key_arn=cluster.kms_key_arn,
            private_key=snowflake.private_key,
            protect=settings.protect,
            tags=component_tags(project, stack, "SnowflakeCredentials"),
        ),
    )
    # Managed: the user, role and grants come first, with the stack's public key.
    access = None
    if snowflake.manage.enabled:
        # Imported only here: pulumi_snowflake loads every module at import (~1.8 s).
        from components.snowflake_access import SnowflakeAccess, SnowflakeAccessArgs

        access = SnowflakeAccess(
            f"{prefix}-snowflake-access",
            SnowflakeAccessArgs(settings=snowflake, public_key=credentials.public_key, protect=settings.protect),
        )
    # A connector whose key Snowflake does not know fails at start: with a
    # generated key and nothing managed, wait until the user registered it.
    for connector_settings in snowflake.connectors if snowflake.key_registered else ():
        used_topics = [*connector_settings.topic_names, *filter(None, [connector_settings.dead_letter_topic])]
        sink = SnowflakeSinkConnector(
            f"{prefix}-{connector_settings.name}",
            SnowflakeSinkConnectorArgs(
                connector=connector_settings,
                account=snowflake,
                plugin_arn=plugin.arn,
                plugin_revision=plugin.revision,
                private_key_secret_name=credentials.secret_name,
                private_key_secret_arn=credentials.secret_arn,
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
                dead_letter_replication_factor=settings.replication_factor_of(connector_settings.dead_letter_topic)
                if connector_settings.dead_letter_topic
                else settings.default_replication_factor,
                kafka_dependencies=[cluster.topics[t] for t in used_topics],
                private_key_secret_version=credentials.secret_version,
                snowflake_access=access.ready if access else (),
                open_brokers=functools.partial(cluster.allow_ingress_from, connector_settings.name, auth="iam"),
                open_registry=functools.partial(registry.allow_clients_from, connector_settings.name),
                log_retention_days=settings.log_retention_days,
                alarm_topic_arn=cluster.alarm_topic_arn,
                cluster_name=cluster.cluster_name,
                physical_name=f"{prefix}-{connector_settings.name}",
                aws_context=context,
                tags=snowflake_tags,
            ),
        )
        connectors[connector_settings.name] = sink

# One dashboard: brokers, registry, connectors and their lag.
dashboard = PlatformDashboard(
    f"{prefix}-dashboard",
    PlatformDashboardArgs(
        dashboard_name=prefix,
        region=context.region,
        cluster_name=cluster.cluster_name,
        broker_count=settings.broker_count,
        express=settings.is_express,
        load_balancer=registry.alb_arn_suffix,
        target_group=registry.target_group_arn_suffix,
        ecs_cluster_name=registry.ecs_cluster_name,
        ecs_service_name=registry.service_name,
        connectors=panels(connectors),
    ),
)

pulumi.export("vpcId", network.vpc_id)
pulumi.export("privateSubnetIds", network.private_subnet_ids)
pulumi.export("clusterArn", cluster.arn)
pulumi.export("clusterName", cluster.cluster_name)
pulumi.export("bootstrapBrokersSaslScram", cluster.bootstrap_brokers_sasl_scram)
pulumi.export("bootstrapBrokersSaslIam", cluster.bootstrap_brokers_sasl_iam)
pulumi.export("brokerSecurityGroupId", cluster.security_group_id)
pulumi.export("kmsKeyArn", cluster.kms_key_arn)
pulumi.export("configurationArn", cluster.configuration_arn)
pulumi.export("alarmTopicArn", cluster.alarm_topic_arn)
if cluster.log_group_name is not None:
    pulumi.export("brokerLogGroupName", cluster.log_group_name)
if cluster.broker_log_bucket is not None:
    pulumi.export("brokerLogBucket", cluster.broker_log_bucket)
if cluster.bootstrap_brokers_tls is not None:
    pulumi.export("bootstrapBrokersTls", cluster.bootstrap_brokers_tls)
if cluster.vpc_connectivity_bootstrap_brokers:
    pulumi.export("vpcConnectivityBootstrapBrokers", cluster.vpc_connectivity_bootstrap_brokers)
if cluster.scram_user_secret_arns:
    pulumi.export("scramUserSecretArns", cluster.scram_user_secret_arns)
pulumi.export("topicNames", [t.name for t in settings.topics])
if cluster.producer_policy_arn is not None:
    pulumi.export("producerPolicyArn", cluster.producer_policy_arn)
    pulumi.export("consumerPolicyArn", cluster.consumer_policy_arn)
pulumi.export("schemaRegistryUrl", registry.url)
pulumi.export("schemaRegistryAlbDnsName", registry.alb_dns_name)
pulumi.export("schemaRegistryServiceName", registry.service_name)
pulumi.export("schemaRegistrySecurityGroupId", registry.security_group_id)
pulumi.export("schemaRegistryLogGroupName", registry.log_group_name)
pulumi.export("schemaRegistryTaskDefinitionArn", registry.task_definition_arn)
if registry.credentials_secret_arn is not None:
    pulumi.export("schemaRegistryCredentialsSecretArn", registry.credentials_secret_arn)
if registry.access_log_bucket_name is not None:
    pulumi.export("schemaRegistryAccessLogBucket", registry.access_log_bucket_name)
pulumi.export("dashboardUrl", dashboard.url)
if snowflake.connectors:
    pulumi.export("snowflakePluginArn", plugin.arn)
    pulumi.export("snowflakePublicKey", credentials.public_key)
    pulumi.export("snowflakeAlterUserStatement", credentials.alter_user_statement)
    pulumi.export("snowflakePrivateKeySecretArn", credentials.secret_arn)
    pulumi.export(
        "snowflakeConnectors",
        {
            name: {"arn": sink.arn, "name": sink.name, "roleArn": sink.role_arn, "logGroupName": sink.log_group_name}
            for name, sink in connectors.items()
        },
    )
    if access is not None:
        pulumi.export("snowflakeServiceUser", access.user_name)
    if not snowflake.key_registered:
        next_step = credentials.alter_user_statement.apply(
            lambda statement: registration_steps(statement, [c.name for c in snowflake.connectors])
        )
        pulumi.export("snowflakeNextStep", next_step)
        next_step.apply(pulumi.log.warn)
