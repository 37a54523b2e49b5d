"""Inputs for the provider's construct path (schema names) and the same components through the Python API."""

import functools

from components import __version__
from components.msk.cluster import MskCluster, MskClusterArgs
from components.provider import HOSTED, PACKAGE, PlatformProvider
from components.registry.service import SchemaRegistryService, SchemaRegistryServiceArgs
from components.settings import TopicSettings
from components.snowflake.connector import SnowflakeSinkConnector, SnowflakeSinkConnectorArgs
from components.snowflake.model import Capacity, ConnectorSettings, SnowflakeSettings


@functools.cache
def hosted_provider() -> PlatformProvider:
    """The component provider, made once per process as its host makes it once for every `construct` it serves
    (making one analyzes every hosted class, reading their sources: 0.3 s)."""
    return PlatformProvider(HOSTED, PACKAGE, version=__version__)


VPC = "vpc-0123456789abcdef0"
SUBNETS = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
BROKER_SG = "sg-0123456789abcdef0"
CLUSTER_ARN = "arn:aws:kafka:eu-west-2:123456789012:cluster/events/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f-1"
KEY_ARN = "arn:aws:kms:eu-west-2:123456789012:key/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
SECRET_ARN = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:AmazonMSK_events_schema-registry-AbCdEf"

CLUSTER_INPUTS = {
    "vpcId": VPC,
    "subnetIds": SUBNETS,
    "brokerCount": 2,
    "defaultReplicationFactor": 2,
    "topics": [{"name": "orders", "partitions": 6, "retentionHours": 72}],
    "protect": False,
    "serverProperties": {"num.io.threads": "16"},
    "scramUsers": [
        {
            "name": "analytics",
            "acls": [{"resource": {"type": "group", "name": "analytics-", "patternType": "prefix"},
                      "operations": ["Read"]}],
        }
    ],
    "kafkaAcls": [
        {"principal": "User:CN=billing.example.com",
         "acls": [{"resource": {"type": "topic", "name": "orders"}, "operations": ["Write", "Describe"]}]}
    ],
}  # fmt: skip
REGISTRY_INPUTS = {
    "vpcId": VPC,
    "subnetIds": SUBNETS,
    "bootstrapBrokers": "b-1.events.abc.c2.kafka.eu-west-2.amazonaws.com:9096",
    "brokerSecurityGroupId": BROKER_SG,
    "credentialsSecretArn": SECRET_ARN,
    "credentialsKmsKeyArn": KEY_ARN,
    "schemasReplicationFactor": 2,
    "desiredCount": 1,
    "protect": False,
}
CONNECTOR_INPUTS = {
    "name": "orders-to-snowflake",
    "topics": {"orders": "ORDERS"},
    "valueFormat": "JSON",
    "account": {
        "accountUrl": "myorg-myaccount.snowflakecomputing.com",
        "user": "KAFKA_CONNECTOR",
        "role": "KAFKA_CONNECTOR_ROLE",
        "database": "RAW",
        "schema": "KAFKA",
    },
    "capacity": {"mcuCount": 1, "minWorkers": 1, "maxWorkers": 2},
    "pluginArn": "arn:aws:kafkaconnect:eu-west-2:123456789012:custom-plugin/snowflake/0a1b-1",
    "pluginRevision": 1,
    "privateKeySecretName": "events/snowflake-private-key",
    "privateKeySecretArn": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:events/snowflake-private-key-AbCdEf",
    "kmsKeyArn": KEY_ARN,
    "clusterArn": CLUSTER_ARN,
    "bootstrapBrokersIam": "b-1.events.abc.c2.kafka.eu-west-2.amazonaws.com:9098",
    "brokerSecurityGroupId": BROKER_SG,
    "vpcId": VPC,
    "subnetIds": SUBNETS,
}

TARGET_ARN = "arn:aws:kafka:eu-west-2:123456789012:cluster/standby/1a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f-2"
REPLICATOR_INPUTS = {
    "sourceClusterArn": CLUSTER_ARN.replace("eu-west-2", "eu-west-1"),
    "sourceSubnetIds": ["subnet-0aaaaaaa", "subnet-0bbbbbbb"],
    "sourceSecurityGroupIds": ["sg-0aaaaaaaaaaaaaaaa"],
    "targetClusterArn": TARGET_ARN,
    "targetVpcId": VPC,
    "targetSubnetIds": SUBNETS,
    "targetBrokerSecurityGroupId": BROKER_SG,
    "settings": {"topics": ["orders"], "groups": ["connect-orders-to-snowflake"], "startingPosition": "LATEST"},
    "kmsKeyArn": KEY_ARN,
}

# case -> [(component, resource name, inputs)]
CASES = {
    "cluster": [("MskCluster", "events", CLUSTER_INPUTS)],
    "registry": [("SchemaRegistryService", "schemas", REGISTRY_INPUTS)],
    "connector": [("SnowflakeSinkConnector", "orders-to-snowflake", CONNECTOR_INPUTS)],
    "replicator": [("MskReplicator", "standby", REPLICATOR_INPUTS)],
}


def python_api(case: str) -> None:
    """The same component through the Python API, with the same values."""
    if case == "cluster":
        from components.msk.acls import AclRule, PrincipalAcls
        from components.msk.options import ScramUserSettings

        MskCluster(
            "events",
            MskClusterArgs(
                vpc_id=VPC,
                subnet_ids=SUBNETS,
                broker_count=2,
                default_replication_factor=2,
                topics=[TopicSettings("orders", partitions=6, replication_factor=2, retention_hours=72)],
                protect=False,
                extra_server_properties=[("num.io.threads", "16")],
                scram_users=[
                    ScramUserSettings("analytics", acls=(AclRule("group", "analytics-", "prefix", ("Read",)),))
                ],
                kafka_acls=[
                    PrincipalAcls(
                        "User:CN=billing.example.com", (AclRule("topic", "orders", "literal", ("Write", "Describe")),)
                    )
                ],
            ),
        )
    elif case == "registry":
        from components.registry.model import SchemaRegistrySettings

        SchemaRegistryService(
            "schemas",
            SchemaRegistryServiceArgs(
                vpc_id=VPC,
                subnet_ids=SUBNETS,
                bootstrap_brokers=REGISTRY_INPUTS["bootstrapBrokers"],
                broker_security_group_id=BROKER_SG,
                credentials_secret_arn=SECRET_ARN,
                credentials_kms_key_arn=KEY_ARN,
                schemas_replication_factor=2,
                service=SchemaRegistrySettings(desired_count=1, access_logs=False),
                protect=False,
            ),
        )
    elif case == "replicator":
        from components.replication.model import MskReplicatorArgs, ReplicationSettings
        from components.replication.replicator import MskReplicator

        inputs = REPLICATOR_INPUTS
        MskReplicator(
            "standby",
            MskReplicatorArgs(
                source_cluster_arn=inputs["sourceClusterArn"],
                source_subnet_ids=inputs["sourceSubnetIds"],
                source_security_group_ids=tuple(inputs["sourceSecurityGroupIds"]),
                target_cluster_arn=TARGET_ARN,
                target_vpc_id=VPC,
                target_subnet_ids=SUBNETS,
                target_broker_security_group_id=BROKER_SG,
                settings=ReplicationSettings(
                    topics=("orders",), groups=("connect-orders-to-snowflake",), starting_position="LATEST"
                ),
                kms_key_arn=KEY_ARN,
            ),
        )
    else:
        inputs = CONNECTOR_INPUTS
        SnowflakeSinkConnector(
            "orders-to-snowflake",
            SnowflakeSinkConnectorArgs(
                connector=ConnectorSettings(
                    name="orders-to-snowflake",
                    topics=(("orders", "ORDERS"),),
                    value_format="JSON",
                    capacity=Capacity(mcu_count=1, min_workers=1, max_workers=2),
                ),
                account=SnowflakeSettings(
                    account_url="myorg-myaccount.snowflakecomputing.com:443",
                    user="KAFKA_CONNECTOR",
                    role="KAFKA_CONNECTOR_ROLE",
                    database="RAW",
                    schema="KAFKA",
                ),
                plugin_arn=inputs["pluginArn"],
                plugin_revision=1,
                private_key_secret_name=inputs["privateKeySecretName"],
                private_key_secret_arn=inputs["privateKeySecretArn"],
                kms_key_arn=KEY_ARN,
                cluster_arn=CLUSTER_ARN,
                bootstrap_brokers_iam=inputs["bootstrapBrokersIam"],
                broker_security_group_id=BROKER_SG,
                vpc_id=VPC,
                subnet_ids=SUBNETS,
            ),
        )
