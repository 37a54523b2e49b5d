"""SnowflakeSinkConnector: connector and worker configuration, converters per
ingestion method, IAM auth over TLS, capacity, security group, role, logs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from components.snowflake.connector import worker_properties
from tests.components.test_schema_registry import HTTPS
from tests.components.test_snowflake_settings import PEM as SUPPLIED_KEY
from tests.conftest import OWN_ACCOUNT, STACKS
from tools.mock_runner import ProgramRun, RecordedResource, Secret

CONNECTOR = "aws:mskconnect/connector:Connector"
WORKER = "aws:mskconnect/workerConfiguration:WorkerConfiguration"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
SINK = "streaming-platform:index:SnowflakeSinkConnector"
SNOWFLAKE = {
    "accountUrl": "myorg-myaccount.snowflakecomputing.com",
    "user": "KAFKA_CONNECTOR",
    "role": "KAFKA_ROLE",
    "database": "RAW",
    "schema": "KAFKA",
}
TWO_CONNECTORS = {
    "snowflake": {
        **SNOWFLAKE,
        "connectors": [
            {"name": "orders-sink", "topics": {"orders": "ORDERS"}, "capacity": {"mcuCount": 2, "workers": 3}},
            {"name": "customers-sink", "topics": {"customers": "CUSTOMERS"}, "valueFormat": "JSON"},
        ],
    }
}
V3 = {"snowflake.connectorVersion": "3.5.4"}
SNOWPIPE = {
    "snowflake": {
        **SNOWFLAKE,
        "connectorVersion": "3.5.4",
        "ingestionMethod": "SNOWPIPE",
        "connectors": [
            {"name": "orders-sink", "topics": {"orders": "ORDERS"}},
            {"name": "customers-sink", "topics": {"customers": "CUSTOMERS"}, "valueFormat": "JSON"},
        ],
    }
}


def connector(run: ProgramRun, name: str = "orders-to-snowflake") -> RecordedResource:
    return run.named(f"streaming-platform-{run.stack}-{name}-connector")


def worker_props(run: ProgramRun, name: str = "orders-to-snowflake") -> dict[str, str]:
    text = run.named(f"streaming-platform-{run.stack}-{name}-worker-config").inputs["propertiesFileContent"]
    return dict(line.split("=", 1) for line in text.splitlines())


@pytest.mark.parametrize("stack", STACKS)
def test_connector_uses_iam_over_tls_on_the_iam_bootstrap_in_private_subnets(run_deployed, stack: str) -> None:
    run = run_deployed(stack)
    inputs = connector(run).inputs
    assert inputs["name"] == f"streaming-platform-{stack}-orders-to-snowflake"
    assert inputs["kafkaconnectVersion"] == "3.7.x"
    assert inputs["kafkaClusterClientAuthentication"] == {"authenticationType": "IAM"}
    assert inputs["kafkaClusterEncryptionInTransit"] == {"encryptionType": "TLS"}
    cluster = inputs["kafkaCluster"]["apacheKafkaCluster"]
    assert cluster["bootstrapServers"] == run.outputs["bootstrapBrokersSaslIam"]
    assert cluster["vpc"]["subnets"] == run.outputs["privateSubnetIds"]
    assert cluster["vpc"]["securityGroups"] == [run.named(f"streaming-platform-{stack}-orders-to-snowflake-workers").id]
    assert inputs["plugins"] == [{"customPlugin": {"arn": run.outputs["snowflakePluginArn"], "revision": 1}}]
    assert inputs["serviceExecutionRoleArn"] == run.outputs["snowflakeConnectors"]["orders-to-snowflake"]["roleArn"]


def registry_auth(stack: str) -> dict[str, str]:
    """What an AVRO connector adds to reach the registry with its Basic credentials."""
    secret = f"streaming-platform-{stack}-registry/basic-auth"
    user, password = (f"${{secretsmanager:{secret}:{field}}}" for field in ("username", "password"))
    return {
        "value.converter": "io.confluent.connect.avro.AvroConverter",
        "value.converter.basic.auth.credentials.source": "USER_INFO",
        "value.converter.basic.auth.user.info": f"{user}:{password}",
    }


@pytest.mark.parametrize("stack", STACKS)
def test_v4_connector_configuration_is_what_4x_reads(run_deployed, stack: str) -> None:
    """The committed stacks run connector 4.x: its class, the key through the
    config provider, the 4.x defaults stated, and no 3.x key at all."""
    run = run_deployed(stack)
    config = connector(run).inputs["connectorConfiguration"]
    role = {"dev": "KAFKA_CONNECTOR_DEV_ROLE", "prod": "KAFKA_CONNECTOR_ROLE"}[stack]
    database = {"dev": "RAW_DEV", "prod": "RAW"}[stack]
    expected = {
        "connector.class": "com.snowflake.kafka.connector.SnowflakeStreamingSinkConnector",
        "topics": "orders",
        "snowflake.topic2table.map": "orders:ORDERS",
        "snowflake.url.name": "myorg-myaccount.snowflakecomputing.com:443",
        "snowflake.user.name": {"dev": "KAFKA_CONNECTOR_DEV", "prod": "KAFKA_CONNECTOR"}[stack],
        "snowflake.role.name": role,
        "snowflake.database.name": database,
        "snowflake.schema.name": "KAFKA",
        "snowflake.private.key": f"${{secretsmanager:streaming-platform/{stack}/snowflake-private-key:private_key}}",
        "config.action.reload": "none",
        "snowflake.streaming.validate.compatibility.with.classic": "false",
        "snowflake.validation": "server_side",
        "snowflake.enable.schematization": "true",
        "errors.tolerance": {"dev": "none", "prod": "all"}[stack],
        "errors.log.enable": "true",
        "value.converter.schema.registry.url": run.outputs["schemaRegistryUrl"],
        **registry_auth(stack),
    }
    if stack == "prod":
        expected |= {
            "errors.deadletterqueue.topic.name": "orders-dlq",
            "errors.deadletterqueue.topic.replication.factor": "3",
            "errors.deadletterqueue.context.headers.enable": "true",
        }
    assert config == expected
    assert connector(run).inputs["kafkaconnectVersion"] == "3.7.x"


def test_a_v4_json_connector_has_no_registry_settings(run_deployed) -> None:
    run = run_deployed("prod", TWO_CONNECTORS)
    config = connector(run, "customers-sink").inputs["connectorConfiguration"]
    assert config["connector.class"] == "com.snowflake.kafka.connector.SnowflakeStreamingSinkConnector"
    assert not [key for key in config if key.startswith("value.converter")]
    props = worker_props(run, "customers-sink")
    assert props["value.converter"] == "org.apache.kafka.connect.json.JsonConverter"
    assert props["value.converter.schemas.enable"] == "false"
    assert connector(run, "orders-sink").inputs["connectorConfiguration"]["tasks.max"] == "1"


V3_KEYS = ("snowflake.ingestion.method", "buffer.", "snowflake.streaming.max.client.lag", "snowflake.snowpipe.")


@pytest.mark.parametrize(
    ("migration", "offsets"),
    [
        ({"ingestionMethod": "SNOWPIPE_STREAMING"}, {"snowflake.streaming.classic.offset.migration": "strict",
          "snowflake.streaming.classic.offset.migration.include.connector.name": "false"}),
        ({"ingestionMethod": "SNOWPIPE_STREAMING", "offsetMigration": "best_effort"},
         {"snowflake.streaming.classic.offset.migration": "best_effort",
          "snowflake.streaming.classic.offset.migration.include.connector.name": "false"}),
        ({"ingestionMethod": "SNOWPIPE"}, {"snowflake.streaming.classic.offset.migration": "skip"}),
    ],
)  # fmt: skip
def test_migration_from_v3_sets_what_the_compatibility_check_requires(run_deployed, migration, offsets) -> None:
    """DefaultConnectorConfigValidator (4.1.0) refuses to start without each of these."""
    config = connector(run_deployed("prod", {"snowflake.migrateFromV3": migration})).inputs["connectorConfiguration"]
    assert config["connector.class"] == "com.snowflake.kafka.connector.SnowflakeStreamingSinkConnector"
    compatibility = {k: v for k, v in config.items() if k.startswith(("snowflake.compat", "snowflake.valid",
                     "snowflake.enable", "snowflake.streaming"))}  # fmt: skip
    assert compatibility == {
        "snowflake.streaming.validate.compatibility.with.classic": "true",
        "snowflake.validation": "client_side",
        "snowflake.compatibility.enable.column.identifier.normalization": "true",
        "snowflake.compatibility.enable.autogenerated.table.name.sanitization": "true",
        "snowflake.enable.schematization": "false",
        **offsets,
    }
    assert not [key for key in config if key.startswith(V3_KEYS)]
    assert config["snowflake.role.name"] == "KAFKA_CONNECTOR_ROLE"


@pytest.mark.parametrize("stack", STACKS)
def test_v3_connector_configuration_refers_to_the_key_through_the_config_provider(run_deployed, stack: str) -> None:
    run = run_deployed(stack, V3)
    config = connector(run).inputs["connectorConfiguration"]
    assert config["connector.class"] == "com.snowflake.kafka.connector.SnowflakeSinkConnector"
    assert (
        config["snowflake.private.key"]
        == f"${{secretsmanager:streaming-platform/{stack}/snowflake-private-key:private_key}}"
    )
    assert config["config.action.reload"] == "none"
    assert config["topics"] == "orders" and config["snowflake.topic2table.map"] == "orders:ORDERS"
    assert config["snowflake.url.name"] == "myorg-myaccount.snowflakecomputing.com:443"
    assert config["snowflake.ingestion.method"] == "SNOWPIPE_STREAMING"
    assert config["snowflake.role.name"] == {"dev": "KAFKA_CONNECTOR_DEV_ROLE", "prod": "KAFKA_CONNECTOR_ROLE"}[stack]
    # Snowpipe Streaming: latency is the client's maximum lag; the ignored buffer keys are not sent
    assert config["snowflake.streaming.max.client.lag"] == "30"
    assert "buffer.flush.time" not in config and "buffer.count.records" not in config
    assert config["buffer.size.bytes"] == "5000000"
    assert "tasks.max" not in config, "MSK Connect sets tasks.max under autoscaling"
    assert not [
        key for key in config if key.startswith(("snowflake.validation", "snowflake.enable", "snowflake.compat"))
    ]


def test_worker_configuration_has_the_provider_and_the_streaming_avro_converter(run_deployed) -> None:
    run = run_deployed("prod")
    props = worker_props(run)
    assert props["config.providers"] == "secretsmanager" and props["config.providers"].isalpha()
    assert props["config.providers.secretsmanager.class"] == (
        "com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider"
    )
    assert props["config.providers.secretsmanager.param.region"] == "eu-west-2"
    assert props["config.providers.secretsmanager.param.NotFoundStrategy"] == "fail"
    assert props["key.converter"] == "org.apache.kafka.connect.storage.StringConverter"
    assert props["value.converter"] == "io.confluent.connect.avro.AvroConverter"
    assert props["value.converter.schema.registry.url"] == run.outputs["schemaRegistryUrl"]
    assert props["value.converter.schema.registry.url"].startswith("http://")
    assert connector(run).inputs["workerConfiguration"]["arn"] == run.one(WORKER).outputs["arn"]


def test_https_registry_url_reaches_the_converter_and_the_egress_rule(run_deployed) -> None:
    run = run_deployed("prod", HTTPS)
    assert worker_props(run)["value.converter.schema.registry.url"] == "https://schema-registry.example.internal"
    registry_rules = [
        r.inputs for r in run.of_type(EGRESS, within=SINK) if r.inputs.get("description") == "Schema Registry"
    ]
    assert [(r["fromPort"], r["referencedSecurityGroupId"]) for r in registry_rules] == [
        (443, run.outputs["schemaRegistrySecurityGroupId"])
    ]


def test_snowpipe_uses_the_snowflake_converters(run_deployed) -> None:
    run = run_deployed("prod", SNOWPIPE)
    avro, json_props = worker_props(run, "orders-sink"), worker_props(run, "customers-sink")
    assert avro["value.converter"] == "com.snowflake.kafka.connector.records.SnowflakeAvroConverter"
    assert avro["value.converter.schema.registry.url"] == run.outputs["schemaRegistryUrl"]
    assert json_props["value.converter"] == "com.snowflake.kafka.connector.records.SnowflakeJsonConverter"
    config = connector(run, "orders-sink").inputs["connectorConfiguration"]
    assert config["snowflake.ingestion.method"] == "SNOWPIPE"
    assert config["buffer.flush.time"] == "120" and config["buffer.count.records"] == "10000"
    assert "snowflake.streaming.max.client.lag" not in config


def test_streaming_never_uses_a_snowflake_converter() -> None:
    for value_format in ("AVRO", "JSON"):
        props = worker_properties("SNOWPIPE_STREAMING", value_format, "http://registry.internal", "eu-west-2")
        assert "com.snowflake" not in props
    assert "value.converter.schemas.enable=false" in worker_properties("SNOWPIPE_STREAMING", "JSON", None, "r")
    with pytest.raises(ValueError, match="schema registry URL with scheme"):
        worker_properties("SNOWPIPE_STREAMING", "AVRO", "registry.internal:8081", "eu-west-2")


def test_two_connectors_each_get_their_own_role_group_logs_and_capacity(run_deployed) -> None:
    run = run_deployed("prod", TWO_CONNECTORS)
    assert len(run.of_type(CONNECTOR)) == 2
    assert len(run.of_type("aws:mskconnect/customPlugin:CustomPlugin")) == 1, "one plugin per stack"
    assert (
        len(
            run.of_type(
                "aws:secretsmanager/secretVersion:SecretVersion",
                within="streaming-platform:index:SnowflakeCredentials",
            )
        )
        == 1
    )
    orders, customers = connector(run, "orders-sink").inputs, connector(run, "customers-sink").inputs
    assert orders["capacity"] == {"provisionedCapacity": {"mcuCount": 2, "workerCount": 3}}
    assert customers["capacity"]["autoscaling"]["minWorkerCount"] == 1
    assert worker_props(run, "customers-sink")["value.converter"] == "org.apache.kafka.connect.json.JsonConverter"
    assert set(run.outputs["snowflakeConnectors"]) == {"orders-sink", "customers-sink"}
    assert orders["logDelivery"]["workerLogDelivery"]["cloudwatchLogs"] == {
        "enabled": True,
        "logGroup": "/aws/vendedlogs/mskconnect/streaming-platform-prod-orders-sink",
    }


def test_autoscaling_capacity_by_default(run_deployed) -> None:
    capacity = connector(run_deployed("prod")).inputs["capacity"]
    assert capacity == {
        "autoscaling": {
            "mcuCount": 1,
            "minWorkerCount": 1,
            "maxWorkerCount": 4,
            "scaleOutPolicy": {"cpuUtilizationPercentage": 80},
            "scaleInPolicy": {"cpuUtilizationPercentage": 20},
        }
    }


def test_dead_letter_topic_when_configured(run_deployed) -> None:
    config = connector(run_deployed("prod")).inputs["connectorConfiguration"]
    assert config["errors.tolerance"] == "all"
    assert config["errors.deadletterqueue.topic.name"] == "orders-dlq"
    assert config["errors.deadletterqueue.topic.replication.factor"] == "3"
    dev = connector(run_deployed("dev")).inputs["connectorConfiguration"]
    assert dev["errors.tolerance"] == "none" and "errors.deadletterqueue.topic.name" not in dev


@pytest.mark.parametrize("stack", STACKS)
def test_security_group_allows_egress_only_to_brokers_registry_https_and_ocsp(run_deployed, stack: str) -> None:
    run = run_deployed(stack)
    group = run.named(f"streaming-platform-{stack}-orders-to-snowflake-workers")
    assert not group.inputs.get("ingress") and not group.inputs.get("egress")
    rules = {
        (r.inputs["fromPort"], r.inputs.get("referencedSecurityGroupId") or r.inputs["cidrIpv4"])
        for r in run.of_type(EGRESS)
        if r.inputs["securityGroupId"] == group.id
    }
    assert rules == {
        (9098, run.outputs["brokerSecurityGroupId"]),
        (80, run.outputs["schemaRegistrySecurityGroupId"]),
        (443, "0.0.0.0/0"),
        (80, "0.0.0.0/0"),  # OCSP / CRL checks of the Snowflake drivers
    }
    assert [r for r in run.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            if r.inputs["securityGroupId"] == group.id] == []  # fmt: skip


def role_statements(run: ProgramRun, name: str = "orders-to-snowflake") -> dict[str, dict[str, Any]]:
    policy = run.named(f"streaming-platform-{run.stack}-{name}-policy").inputs
    assert policy["role"] == run.named(f"streaming-platform-{run.stack}-{name}-role").id
    return {s["Sid"]: s for s in json.loads(policy["policy"])["Statement"]}


def test_service_role_trusts_kafkaconnect_for_this_account_only(run_deployed) -> None:
    role = run_deployed("prod").named("streaming-platform-prod-orders-to-snowflake-role").inputs
    (statement,) = json.loads(role["assumeRolePolicy"])["Statement"]
    assert statement["Principal"] == {"Service": "kafkaconnect.amazonaws.com"}
    assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}


def test_service_role_names_its_cluster_topics_groups_secret_and_key(run_deployed) -> None:
    run = run_deployed("prod")
    cluster_arn = run.outputs["clusterArn"]
    topic_base = cluster_arn.replace(":cluster/", ":topic/")
    group_base = cluster_arn.replace(":cluster/", ":group/")
    statements = role_statements(run)
    assert statements["ConnectToCluster"]["Resource"] == [cluster_arn]
    assert statements["ReadSinkTopics"]["Resource"] == [f"{topic_base}/orders"]
    assert statements["MskConnectInternalTopics"]["Resource"] == [f"{topic_base}/__amazon_msk_connect_*"]
    assert statements["ConsumerGroups"]["Resource"] == [
        f"{group_base}/connect-streaming-platform-prod-orders-to-snowflake",
        f"{group_base}/__amazon_msk_connect_*",
    ]
    assert statements["WriteDeadLetterTopic"]["Resource"] == [f"{topic_base}/orders-dlq"]
    assert statements["ReadItsSecrets"]["Resource"] == [
        run.outputs["snowflakePrivateKeySecretArn"],
        run.outputs["schemaRegistryCredentialsSecretArn"],  # an AVRO connector: its converter reads them
    ]
    assert statements["DecryptThatSecret"]["Resource"] == [run.outputs["kmsKeyArn"]]
    assert "WriteDeadLetterTopic" not in role_statements(run_deployed("dev"))


@pytest.mark.parametrize("stack", STACKS)
def test_worker_logs_are_encrypted_with_retention(run_deployed, stack: str) -> None:
    run = run_deployed(stack)
    group = run.named(f"streaming-platform-{stack}-orders-to-snowflake-logs").inputs
    assert group["retentionInDays"] == {"dev": 30, "prod": 365}[stack]
    assert group["kmsKeyId"] == run.outputs["kmsKeyArn"]


@pytest.mark.parametrize("stack", STACKS)
def test_connector_is_replaced_delete_first_and_waits_for_everything_it_uses_at_start(run_deployed, stack) -> None:
    run = run_deployed(stack)
    sink = connector(run)
    assert sink.delete_before_replace
    prefix = f"streaming-platform-{stack}"
    expected = {
        f"{prefix}-msk-topic-orders",
        f"{prefix}-orders-to-snowflake-policy",
        f"{prefix}-snowflake-key-secret-value",  # the config provider reads it at start
        f"{prefix}-msk-in-orders-to-snowflake-iam",  # brokers admit the workers
        f"{prefix}-schema-registry-in-orders-to-snowflake",  # the registry admits them
    }
    if stack == "prod":
        expected.add(f"{prefix}-msk-topic-orders-dlq")
    assert expected <= run.waits_for(sink)


def test_brokers_and_registry_admit_the_connector(run_deployed) -> None:
    run = run_deployed("prod")
    workers = run.named("streaming-platform-prod-orders-to-snowflake-workers").id
    ingress = [r.inputs for r in run.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")]
    assert any(
        r["securityGroupId"] == run.outputs["brokerSecurityGroupId"]
        and r["fromPort"] == 9098
        and r.get("referencedSecurityGroupId") == workers
        for r in ingress
    )
    assert any(
        r["securityGroupId"] == run.outputs["schemaRegistrySecurityGroupId"]
        and r["fromPort"] == 80
        and r.get("referencedSecurityGroupId") == workers
        for r in ingress
    )


def test_no_snowflake_object_means_no_connector_resources(run_stack) -> None:
    run = run_stack("dev", {"snowflake": None})
    assert not [r for r in run.resources if "snowflake" in r.type]
    assert "snowflakeConnectors" not in run.outputs


# --- a generated key that Snowflake does not know yet ------------------------------------------------------


@pytest.mark.parametrize("stack", STACKS)
def test_the_first_up_with_a_generated_key_creates_no_connector_and_says_what_to_do(run_stack, stack: str) -> None:
    """A connector opens a JDBC session at start: with a key Snowflake does not know it fails."""
    run = run_stack(stack)
    assert run.of_type(CONNECTOR) == [] and run.of_type("aws:iam/role:Role", within=SINK) == []
    assert run.of_type("tls:index/privateKey:PrivateKey") and run.of_type("aws:mskconnect/customPlugin:CustomPlugin")
    steps = run.outputs["snowflakeNextStep"]
    assert run.outputs["snowflakeAlterUserStatement"] in steps
    assert "pulumi config set --path snowflake.publicKeyRegistered true && pulumi up" in steps
    assert run.outputs["snowflakeConnectors"] == {}


@pytest.mark.parametrize("stack", STACKS)
def test_the_second_up_creates_the_connectors(run_deployed, stack: str) -> None:
    run = run_deployed(stack)
    assert len(run.of_type(CONNECTOR)) == 1 and "snowflakeNextStep" not in run.outputs


def test_a_supplied_key_deploys_the_connectors_in_one_up(run_stack) -> None:
    run = run_stack("dev", {"snowflakePrivateKey": Secret(SUPPLIED_KEY), **OWN_ACCOUNT})
    assert len(run.of_type(CONNECTOR)) == 1 and "snowflakeNextStep" not in run.outputs
    assert run.of_type("tls:index/privateKey:PrivateKey") == []


def test_connector_alarms_say_when_the_pipeline_is_stuck(run_deployed) -> None:
    run = run_deployed("prod")
    alarms = {
        a.name.rsplit("-orders-to-snowflake-", 1)[1]: a.inputs
        for a in run.of_type("aws:cloudwatch/metricAlarm:MetricAlarm", within=SINK)
    }
    assert set(alarms) == {"errored-tasks", "no-running-task", "lag-orders"}
    name = connector(run).inputs["name"]
    for kind in ("errored-tasks", "no-running-task"):
        assert alarms[kind]["namespace"] == "AWS/KafkaConnect" and alarms[kind]["dimensions"] == {"ConnectorName": name}
    lag = alarms["lag-orders"]
    assert (lag["namespace"], lag["metricName"], lag["threshold"]) == ("AWS/Kafka", "EstimatedMaxTimeLag", 900)
    assert lag["dimensions"] == {
        "Cluster Name": run.outputs["clusterName"],
        "Consumer Group": f"connect-{name}",
        "Topic": "orders",
    }
    assert all(a["alarmActions"] == [run.outputs["alarmTopicArn"]] for a in alarms.values())


# --- registry credentials -----------------------------------------------------------------------


@pytest.mark.parametrize("overrides", [{}, SNOWPIPE], ids=["streaming", "snowpipe"])
def test_an_avro_converter_authenticates_to_the_registry_through_the_config_provider(
    run_deployed, overrides: dict[str, Any]
) -> None:
    run = run_deployed("prod", overrides)
    name = "orders-sink" if overrides else "orders-to-snowflake"
    config = connector(run, name).inputs["connectorConfiguration"]
    secret = "streaming-platform-prod-registry/basic-auth"
    assert config["value.converter.basic.auth.credentials.source"] == "USER_INFO"
    assert config["value.converter.basic.auth.user.info"] == (
        f"${{secretsmanager:{secret}:username}}:${{secretsmanager:{secret}:password}}"
    )
    # a connector-level converter setting only applies with the connector's own converter class
    assert config["value.converter"] == worker_props(run, name)["value.converter"]
    assert config["value.converter.schema.registry.url"] == run.outputs["schemaRegistryUrl"]
    value = run.named("streaming-platform-prod-schema-registry-basic-auth-secret-value")
    assert value.name in run.waits_for(connector(run, name)), "the provider fails on a secret without a value"


def test_a_json_connector_gets_no_registry_credentials(run_deployed) -> None:
    run = run_deployed("prod", TWO_CONNECTORS)
    config = connector(run, "customers-sink").inputs["connectorConfiguration"]
    assert not any(key.startswith("value.converter") for key in config)
    secrets = role_statements(run, "customers-sink")["ReadItsSecrets"]["Resource"]
    assert secrets == [run.outputs["snowflakePrivateKeySecretArn"]]


def test_an_open_registry_needs_no_credentials(run_deployed) -> None:
    run = run_deployed("prod", {"schemaRegistry.authentication": False})
    config = connector(run).inputs["connectorConfiguration"]
    assert not any(key.startswith("value.converter") for key in config)
    assert "schemaRegistryCredentialsSecretArn" not in run.outputs


# --- after the move: what had no 3.x channel starts without one -------------------------------------------

OFFSETS = "snowflake.streaming.classic.offset.migration"
MIGRATED = {"ingestionMethod": "SNOWPIPE_STREAMING", "connectors": {"orders-to-snowflake": {"orders": 12}}}


def migrated_prod(run_deployed, migration: dict[str, Any], **overrides: Any) -> dict[str, dict[str, str]]:
    """prod after a strict move of orders-to-snowflake; configuration per connector name."""
    run = run_deployed("prod", {"snowflake.migrateFromV3": migration, **overrides})
    return {c.inputs["name"]: c.inputs["connectorConfiguration"] for c in run.of_type(CONNECTOR)}


def test_a_strict_move_keeps_strict_while_nothing_was_added(run_deployed) -> None:
    configs = migrated_prod(run_deployed, MIGRATED)
    assert configs["streaming-platform-prod-orders-to-snowflake"][OFFSETS] == "strict"
    run = run_deployed("prod", {"snowflake.migrateFromV3": MIGRATED})
    assert not [d for d in run.diagnostics if "migrateFromV3" in d]


def test_a_connector_and_a_topic_added_after_the_move_start_without_a_3x_channel(run_deployed) -> None:
    """4.1.0 fails a channel in strict mode when its classic channel does not exist
    (SnowpipeStreamingPartitionChannel): the added connector is a new deployment,
    and the connector that gained a topic runs best_effort."""
    topics = [
        {"name": "orders", "partitions": 12, "retentionHours": 336},
        {"name": "orders-dlq", "partitions": 3, "retentionHours": 336},
        {"name": "refunds", "partitions": 3},
        {"name": "payments", "partitions": 3},
    ]
    added = {
        "topics": topics,
        "snowflake.connectors[0].topics": {"orders": "ORDERS", "refunds": "REFUNDS"},
        "snowflake.connectors[1]": {"name": "payments-to-snowflake", "topics": {"payments": "PAYMENTS"}},
    }
    run = run_deployed("prod", {"snowflake.migrateFromV3": MIGRATED, **added})
    configs = {c.inputs["name"]: c.inputs["connectorConfiguration"] for c in run.of_type(CONNECTOR)}
    orders = configs["streaming-platform-prod-orders-to-snowflake"]
    assert orders[OFFSETS] == "best_effort"
    assert orders["snowflake.streaming.validate.compatibility.with.classic"] == "true"
    payments = configs["streaming-platform-prod-payments-to-snowflake"]
    assert OFFSETS not in payments
    assert payments["snowflake.streaming.validate.compatibility.with.classic"] == "false"
    assert payments["snowflake.enable.schematization"] == "true"
    assert any("connector orders-to-snowflake reads refunds with topics or partitions that had no 3.x channel" in d
               for d in run.diagnostics)  # fmt: skip


def test_partitions_added_after_the_move_run_best_effort(run_deployed) -> None:
    configs = migrated_prod(run_deployed, MIGRATED, **{"topics[0].partitions": 24})
    assert configs["streaming-platform-prod-orders-to-snowflake"][OFFSETS] == "best_effort"


def test_strict_without_the_list_of_what_ran_on_3x_warns(run_deployed) -> None:
    run = run_deployed("prod", {"snowflake.migrateFromV3": {"ingestionMethod": "SNOWPIPE_STREAMING"}})
    assert any("offsetMigration strict without migrateFromV3.connectors" in d for d in run.diagnostics)


def test_a_listed_connector_that_does_not_exist_is_refused(config_error) -> None:
    migration = {"ingestionMethod": "SNOWPIPE_STREAMING", "connectors": {"orders-to-snowflak": {"orders": 12}}}
    message = config_error("prod", {"snowflake.migrateFromV3": migration, "snowflake.publicKeyRegistered": True})
    assert (
        "snowflake.migrateFromV3.connectors.orders-to-snowflak = null: not a connector of snowflake.connectors "
        "(orders-to-snowflake)" in message
    ), message
