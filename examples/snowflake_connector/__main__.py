"""A minimal program: a cluster, the shared plugin and key, and one Snowflake sink (connector 4.x, JSON)."""

import functools

import pulumi
from streaming_platform import (
    ConnectorSettings,
    MskCluster,
    MskClusterArgs,
    SnowflakeConnectorPlugin,
    SnowflakeConnectorPluginArgs,
    SnowflakeCredentials,
    SnowflakeCredentialsArgs,
    SnowflakeSettings,
    SnowflakeSinkConnector,
    SnowflakeSinkConnectorArgs,
    TopicSettings,
)

VPC, SUBNETS = "vpc-0123456789abcdef0", ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
cluster = MskCluster(
    "events",
    MskClusterArgs(
        vpc_id=VPC,
        subnet_ids=SUBNETS,
        broker_count=2,
        default_replication_factor=2,
        topics=[TopicSettings("orders", partitions=3, replication_factor=2)],
        protect=False,
    ),
)
account = SnowflakeSettings(
    account_url="myorg-myaccount.snowflakecomputing.com:443",
    user="KAFKA_CONNECTOR",
    role="KAFKA_CONNECTOR_ROLE",
    database="RAW",
    schema="KAFKA",
)
plugin = SnowflakeConnectorPlugin("snowflake-plugin", SnowflakeConnectorPluginArgs())
key = SnowflakeCredentials(
    "snowflake-key",
    SnowflakeCredentialsArgs(
        user=account.user, secret_name="events/snowflake-private-key", kms_key_arn=cluster.kms_key_arn, protect=False
    ),
)
sink = SnowflakeSinkConnector(
    "orders-to-snowflake",
    SnowflakeSinkConnectorArgs(
        connector=ConnectorSettings(name="orders-to-snowflake", topics=(("orders", "ORDERS"),), value_format="JSON"),
        account=account,
        plugin_arn=plugin.arn,
        plugin_revision=plugin.revision,
        private_key_secret_name=key.secret_name,
        private_key_secret_arn=key.secret_arn,
        private_key_secret_version=key.secret_version,
        kms_key_arn=cluster.kms_key_arn,
        cluster_arn=cluster.arn,
        bootstrap_brokers_iam=cluster.bootstrap_brokers_sasl_iam,
        broker_security_group_id=cluster.security_group_id,
        vpc_id=VPC,
        subnet_ids=SUBNETS,
        kafka_dependencies=[cluster.topics["orders"]],
        open_brokers=functools.partial(cluster.allow_ingress_from, "orders-to-snowflake", auth="iam"),
    ),
)
pulumi.export("connectorArn", sink.arn)
pulumi.export("snowflakePublicKey", key.public_key)
