"""The committed dr stack: a standby of prod in eu-west-1. Its own network, cluster and registry;
an MSK Replicator from prod's cluster (read through a StackReference, answered offline by prod's
plan) copying prod's topics, `_schemas` and its connectors' consumer groups under the same
names. What MSK Replicator refuses of a standby is refused before any resource."""

from __future__ import annotations

import pytest

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


def test_the_standby_brokers_let_the_replicator_in_on_9098_and_nothing_else_changes(dr: ProgramRun) -> None:
    group = dr.one("aws:ec2/securityGroup:SecurityGroup", within="streaming-platform:index:MskReplicator").id
    rules = [r.inputs for r in dr.of_type(INGRESS) if r.inputs.get("referencedSecurityGroupId") == group]
    assert [(r["fromPort"], r["securityGroupId"]) for r in rules] == [(9098, dr.outputs["brokerSecurityGroupId"])]
    assert dr.of_type("aws:mskconnect/connector:Connector") == []
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
    import json

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
    }
    for resource in dr.resources:
        if resource.custom and resource.type != "pulumi:pulumi:StackReference":  # the primary, read at the top
            assert resource.parent_type.startswith("streaming-platform:"), resource.name
            assert resource.name.startswith(resource.parent_name), resource.name
