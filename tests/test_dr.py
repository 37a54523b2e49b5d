"""The committed dr stack: a standby of prod in eu-west-1. Its own network, cluster and registry;
an MSK Replicator from prod's cluster (read through a StackReference, answered offline by prod's
plan) copying prod's topics, `_schemas` and its connectors' consumer groups under the same
names. What MSK Replicator refuses of a standby is refused before any resource."""

from __future__ import annotations

import json

import pytest

from tests.jvm.plan import registry_environment
from tools.mock_runner import ProgramFailed, ProgramRun, primary_stack, run_program, stack_config

REPLICATOR = "aws:msk/replicator:Replicator"
CLUSTER = "aws:msk/cluster:Cluster"
TOPIC = "aws:msk/topic:Topic"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"


@pytest.fixture
def dr(run_stack) -> ProgramRun:
    return run_stack("dr")


def test_the_dr_stack_names_prod_as_its_primary_and_lives_in_another_region() -> None:
    values = stack_config("dr").values
    assert primary_stack(values) == "organization/streaming-platform/prod"
    assert values["aws:region"] == "eu-west-1" != stack_config("prod").values["aws:region"]


def test_the_replicator_copies_prod_s_cluster_into_the_standby(dr: ProgramRun, run_stack) -> None:
    prod = run_stack("prod")
    source = prod.outputs["replicationSource"]
    replicator = dr.one(REPLICATOR).inputs
    info = replicator["replicationInfoList"]
    assert info["sourceKafkaClusterArn"] == prod.outputs["clusterArn"] == source["clusterArn"]
    assert ":eu-west-2:" in info["sourceKafkaClusterArn"]
    assert info["targetKafkaClusterArn"] == dr.outputs["clusterArn"] and ":eu-west-1:" in dr.outputs["clusterArn"]
    source_side, target_side = replicator["kafkaClusters"]
    assert source_side["vpcConfig"]["subnetIds"] == prod.outputs["privateSubnetIds"]
    assert source_side["vpcConfig"]["securityGroupsIds"] == [prod.outputs["brokerSecurityGroupId"]]
    assert target_side["vpcConfig"]["subnetIds"] == dr.outputs["privateSubnetIds"]
    topics = info["topicReplications"][0]
    assert topics["topicsToReplicates"] == ["orders", "customers", "orders-dlq", "_schemas"]
    assert topics["topicNameConfiguration"] == {"type": "IDENTICAL"}
    groups = info["consumerGroupReplications"][0]["consumerGroupsToReplicates"]
    assert groups == ["connect-streaming-platform-prod-orders-to-snowflake"]


def test_the_standby_s_registry_reads_the_replicated_schemas_topic(dr: ProgramRun) -> None:
    (schemas,) = [t for t in dr.of_type(TOPIC) if t.inputs["name"] == "_schemas"]
    assert "streaming-platform-dr-msk-topic-_schemas" in dr.waits_for(dr.one(REPLICATOR)), (
        "the replicator starts once the standby's _schemas exists (it copies prod's into it)"
    )
    assert schemas.protect


def test_the_replicator_starts_once_every_topic_the_standby_declares_exists(dr: ProgramRun) -> None:
    """A topic the replicator created first would fail the standby's own creation of it."""
    declared = {t.name for t in dr.of_type(TOPIC)}
    assert {t.inputs["name"] for t in dr.of_type(TOPIC)} == {"orders", "customers", "orders-dlq", "_schemas"}
    assert declared <= set(dr.waits_for(dr.one(REPLICATOR)))


def test_the_standby_brokers_let_the_replicator_in_on_9098_and_nothing_else_changes(dr: ProgramRun) -> None:
    group = dr.one("aws:ec2/securityGroup:SecurityGroup", within="streaming-platform:index:MskReplicator").id
    rules = [r.inputs for r in dr.of_type(INGRESS) if r.inputs.get("referencedSecurityGroupId") == group]
    assert [(r["fromPort"], r["securityGroupId"]) for r in rules] == [(9098, dr.outputs["brokerSecurityGroupId"])]
    assert {"replicatorArn", "replicatorName", "replicatorLogGroupName"} <= set(dr.outputs)
    assert dr.one(REPLICATOR).inputs["replicatorName"] == "streaming-platform-dr-replicator"


def test_the_standby_is_an_msk_replicator_target_and_iam_only(dr: ProgramRun) -> None:
    cluster = dr.one(CLUSTER).inputs
    assert cluster["clientAuthentication"]["sasl"]["iam"] is True
    assert cluster["numberOfBrokerNodes"] >= 3
    assert dr.of_type("aws:msk/clusterPolicy:ClusterPolicy") == [], "the standby is no source"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"replicationSource": True}, "replication = {"),
        ({"brokerCount": 2, "network": {"azCount": 2}}, "MSK Replicator needs at least 4 brokers in the standby"),
        ({"replication.startingPosition": "BEGINNING"}, "replication.startingPosition = 'BEGINNING'"),
        ({"replication.topics": []}, "replication.topics = []: must list at least 1 pattern"),
        ({"replication.primaryStack": "a/b/c/d"}, "replication.primaryStack = 'a/b/c/d': must be a stack name"),
    ],
)
def test_what_msk_replicator_refuses_of_a_standby_is_refused_before_any_resource(
    config_error, overrides: dict, message: str
) -> None:
    assert message in config_error("dr", overrides)


def test_a_dr_stack_without_its_primary_says_which_key_is_missing(config_error) -> None:
    message = config_error("dr", {"replication": {"startingPosition": "LATEST"}})
    assert "replication.primaryStack: required" in message


def test_offline_a_primary_without_a_stack_file_fails_naming_it() -> None:
    with pytest.raises(ProgramFailed) as failed:
        run_program("dr", {"replication.primaryStack": "organization/streaming-platform/staging"})
    assert "StackReference 'organization/streaming-platform/staging': no outputs of that stack" in str(failed.value)


def test_the_change_preview_says_what_a_replaced_replicator_does(run_stack) -> None:
    from tools.change import compare

    preview = compare(run_stack("dr"), run_stack("dr", {"replication.startingPosition": "LATEST"}))
    (replaced,) = [c for c in preview.changes if c.type == REPLICATOR]
    assert replaced.action == "replace"
    assert "replacement order: deleted first, then created" in replaced.notes, "its name is unique per region"
    assert any("a new replicator starts over: from LATEST" in note for note in replaced.notes)


def test_the_dashboard_has_the_replicator_s_row(dr: ProgramRun) -> None:
    body = json.loads(dr.one("aws:cloudwatch/dashboard:Dashboard").inputs["dashboardBody"])
    metrics = {
        (m[1], m[3]) for w in body["widgets"] for m in w["properties"]["metrics"] if m[2:3] == ["ReplicatorName"]
    }
    name = "streaming-platform-dr-replicator"
    assert metrics == {
        (metric, name)
        for metric in ("ReplicationLatency", "MessageLag", "ReplicatorThroughput", "ReplicatorFailure", "AuthError")
    }


def test_the_resource_tree_has_the_components_and_every_child_under_one(dr: ProgramRun) -> None:
    top_level = {r.type for r in dr.resources if not r.custom and r.parent_type == "pulumi:pulumi:Stack"}
    assert top_level == {
        "streaming-platform:index:Network",
        "streaming-platform:index:MskCluster",
        "streaming-platform:index:SchemaRegistryService",
        "streaming-platform:index:PlatformDashboard",
        "streaming-platform:index:MskReplicator",
        "streaming-platform:index:SnowflakeConnectorPlugin",
        "streaming-platform:index:SnowflakeCredentials",
    }
    for resource in dr.resources:
        if resource.custom and resource.type != "pulumi:pulumi:StackReference":  # the primary, read at the top
            assert resource.parent_type.startswith("streaming-platform:"), resource.name
            assert resource.name.startswith(resource.parent_name), resource.name


# --- the standby's Snowflake connectors: defined, started at failover ---------------------------

CONNECTOR = "aws:mskconnect/connector:Connector"
WORKER_CONFIG = "aws:mskconnect/workerConfiguration:WorkerConfiguration"
AT_FAILOVER = {"replication.failover": True}


def worker_properties(run: ProgramRun) -> dict[str, str]:
    text = run.one(WORKER_CONFIG).inputs["propertiesFileContent"]
    return dict(line.split("=", 1) for line in text.splitlines())


def test_before_failover_the_standby_defines_its_connectors_but_creates_none(dr: ProgramRun, run_deployed) -> None:
    for run in (dr, run_deployed("dr")):  # whether or not Snowflake knows the standby's key yet
        assert run.of_type(CONNECTOR) == [] and run.of_type(WORKER_CONFIG) == []
        assert run.one("aws:mskconnect/customPlugin:CustomPlugin")
        assert run.one("aws:secretsmanager/secret:Secret", within="streaming-platform:index:SnowflakeCredentials")
        assert run.outputs["snowflakeFailover"]["orders-to-snowflake"]["running"] is False


def test_the_standby_logs_in_as_a_user_of_its_own_with_prod_s_role_and_tables(dr: ProgramRun, run_stack) -> None:
    """Each stack's key pair rotates on its own (a user holds two keys: rotation needs the second)."""
    prod = stack_config("prod").values
    standby = stack_config("dr").values
    assert dr.outputs["snowflakeAlterUserStatement"].startswith("ALTER USER KAFKA_CONNECTOR_DR SET RSA_PUBLIC_KEY='")
    assert run_stack("prod").outputs["snowflakeAlterUserStatement"].startswith("ALTER USER KAFKA_CONNECTOR SET")
    same = ("accountUrl", "role", "database", "schema", "connectorVersion")
    snowflake = {
        name: json.loads(values["streaming-platform:snowflake"]) for name, values in (("prod", prod), ("dr", standby))
    }
    assert {k: snowflake["dr"][k] for k in same} == {k: snowflake["prod"][k] for k in same}
    assert [c["name"] for c in snowflake["dr"]["connectors"]] == [c["name"] for c in snowflake["prod"]["connectors"]]


def test_at_failover_the_connectors_start_under_the_standby_s_names_and_never_from_the_start(
    run_deployed, run_stack
) -> None:
    run = run_deployed("dr", AT_FAILOVER)
    connector = run.one(CONNECTOR).inputs
    assert connector["name"] == "streaming-platform-dr-orders-to-snowflake"
    config = connector["connectorConfiguration"]
    assert config["topics"] == "orders" and config["snowflake.topic2table.map"] == "orders:ORDERS"
    # Without the copied offsets the task stops: reading the retained records again would
    # duplicate the tables' rows. prod's worker keeps Kafka Connect's default.
    assert worker_properties(run)["consumer.auto.offset.reset"] == "none"
    assert "consumer.auto.offset.reset" not in worker_properties(run_deployed("prod"))
    failover = run.outputs["snowflakeFailover"]["orders-to-snowflake"]
    assert failover["running"] is True
    assert failover["consumerGroup"] == "connect-streaming-platform-dr-orders-to-snowflake"
    assert failover["primaryConsumerGroup"] == "connect-streaming-platform-prod-orders-to-snowflake"
    assert failover["primaryConsumerGroup"] in run_stack("prod").outputs["replicationSource"]["consumerGroups"]


def test_the_copy_script_reads_the_primary_s_group_on_the_standby_and_writes_the_standby_s(dr: ProgramRun) -> None:
    failover = dr.outputs["snowflakeFailover"]["orders-to-snowflake"]
    describe, reset = failover["copyOffsets"].splitlines()
    bootstrap = f"--bootstrap-server {dr.outputs['bootstrapBrokersSaslIam']} --command-config client-iam.properties"
    assert describe.startswith(f"kafka-consumer-groups.sh {bootstrap} --describe --offsets --group ")
    assert describe.endswith("> connect-streaming-platform-dr-orders-to-snowflake.csv")
    assert "--group connect-streaming-platform-prod-orders-to-snowflake |" in describe
    standby = "connect-streaming-platform-dr-orders-to-snowflake"
    assert reset == (
        f"kafka-consumer-groups.sh {bootstrap} --reset-offsets --group {standby} --from-file {standby}.csv --execute"
    )


def test_the_change_preview_of_failover_creates_the_connectors_and_opens_the_registry_to_writes(run_deployed) -> None:
    from tools.change import compare

    preview = compare(run_deployed("dr"), run_deployed("dr", AT_FAILOVER))
    assert {(c.type, c.action) for c in preview.changes if c.action != "create"} == {
        ("aws:cloudwatch/dashboard:Dashboard", "update"),  # the connectors' rows
        ("aws:ecs/taskDefinition:TaskDefinition", "replace"),  # the registry, leader-eligible now
        ("aws:ecs/service:Service", "update"),  # a rolling deploy of that task definition
    }
    assert CONNECTOR in {c.type for c in preview.changes}


def test_the_standby_s_registry_reads_the_replicated_schemas_and_writes_only_after_failover(
    dr: ProgramRun, run_stack
) -> None:
    """Confluent Schema Registry's `leader.eligibility` ("turn this off for clusters in the follower
    data center"): without an eligible leader it serves reads and refuses registrations, so the
    standby never gives out a schema id that prod gives to another schema."""
    assert registry_environment(dr)["SCHEMA_REGISTRY_LEADER_ELIGIBILITY"] == "false"
    assert registry_environment(dr)["SCHEMA_REGISTRY_KAFKASTORE_TOPIC"] == "_schemas"
    assert registry_environment(run_stack("dr", AT_FAILOVER))["SCHEMA_REGISTRY_LEADER_ELIGIBILITY"] == "true"
    assert registry_environment(run_stack("prod"))["SCHEMA_REGISTRY_LEADER_ELIGIBILITY"] == "true"


def test_the_plan_of_the_dr_stack_shows_what_failover_creates(capsys) -> None:
    from tools import plan

    assert plan.main(["dr"]) == 0
    out = capsys.readouterr().out
    assert "At failover (replication.failover: true; Snowflake knows the standby's key): 15 more cloud resources" in out
    assert f"  + {CONNECTOR}  streaming-platform-dr-orders-to-snowflake-connector" in out
    assert "once the connectors run (at failover)" in out


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"replication.failover": "soon"},
            "replication.failover = 'soon'",
        ),
        (
            {"snowflake.migrateFromV3": {"ingestionMethod": "SNOWPIPE_STREAMING", "offsetMigration": "best_effort"}},
            "snowflake.migrateFromV3.ingestionMethod = 'SNOWPIPE_STREAMING': not in a DR stack (replication): the "
            "standby's connectors never ran on 3.x",
        ),
    ],
)
def test_what_a_standby_s_connectors_cannot_be_is_refused_before_any_resource(
    config_error, overrides: dict, message: str
) -> None:
    assert message in config_error("dr", overrides)


def test_a_standby_does_not_manage_the_primary_s_snowflake_user(config_error) -> None:
    from tests.conftest import managed

    message = config_error("dr", managed())
    assert "snowflake.manage.enabled = true: not in a DR stack (replication): the role and its grants" in message


# Each runbook step of docs/operations.md ("Cross-region disaster recovery") on the dr stack, as its
# change preview shows it: (before, after) -> what is not a create, and the kinds of action.
UNTOUCHED = ("aws:msk/cluster:Cluster", "aws:msk/topic:Topic", REPLICATOR, "aws:secretsmanager/secret:Secret")


@pytest.mark.parametrize(
    ("step", "before", "after", "actions"),
    [
        ("register the standby's key", {}, {"snowflake.publicKeyRegistered": True}, set()),
        ("failover", {"snowflake.publicKeyRegistered": True}, {"snowflake.publicKeyRegistered": True, **AT_FAILOVER},
         {"create", "update", "replace"}),
        ("fail back", {"snowflake.publicKeyRegistered": True, **AT_FAILOVER}, {"snowflake.publicKeyRegistered": True},
         {"delete", "update", "replace"}),
    ],
)  # fmt: skip
def test_each_runbook_step_changes_only_what_the_runbook_says(
    run_stack, step: str, before: dict, after: dict, actions: set
) -> None:
    from tests.conftest import OWN_ACCOUNT
    from tools.change import compare

    preview = compare(run_stack("dr", {**OWN_ACCOUNT, **before}), run_stack("dr", {**OWN_ACCOUNT, **after}))
    assert {c.action for c in preview.changes} == actions, step
    assert not [c for c in preview.changes if c.type in UNTOUCHED], "the standby's data and replicator stay"
    replaced = {c.type for c in preview.changes if c.action == "replace"}
    assert replaced <= {"aws:ecs/taskDefinition:TaskDefinition"}, "only the registry's task definition is replaced"
    if step == "fail back":
        deleted = {c.type for c in preview.changes if c.action == "delete"}
        assert CONNECTOR in deleted and "aws:msk/topic:Topic" not in deleted
