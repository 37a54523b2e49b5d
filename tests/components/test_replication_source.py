"""`replicationSource`: the primary side of cross-region DR. The cluster gets multi-VPC
private connectivity for IAM and a cluster policy statement for MSK Replicator's service
principal; what MSK Replicator refuses of a source is refused before any resource; the
change preview says what turning it on does to a running cluster."""

from __future__ import annotations

import json
from typing import Any

import pytest

from components import catalog
from components.inputs import ArgumentsError, check_msk_cluster_args
from components.msk.model import MskClusterArgs
from components.msk.options import VpcConnectivity
from policy import baseline
from tools import change
from tools.mock_runner import ProgramRun

CLUSTER = "aws:msk/cluster:Cluster"
POLICY = "aws:msk/clusterPolicy:ClusterPolicy"
SOURCE = {"replicationSource": True}


def statements(run: ProgramRun) -> dict[str, dict[str, Any]]:
    return {s["Sid"]: s for s in json.loads(run.one(POLICY).inputs["policy"])["Statement"]}


def test_a_source_has_multi_vpc_connectivity_for_iam_and_the_replicator_statement(run_stack) -> None:
    run = run_stack("prod", SOURCE)
    vpc = run.one(CLUSTER).inputs["brokerNodeGroupInfo"]["connectivityInfo"]["vpcConnectivity"]
    assert vpc["clientAuthentication"]["sasl"] == {"iam": True, "scram": False}
    statement = statements(run)["MskReplicatorSource"]
    assert statement["Principal"] == {"Service": "kafka.amazonaws.com"}
    assert statement["Action"] == ["kafka:CreateVpcConnection", "kafka:GetBootstrapBrokers", "kafka:DescribeClusterV2"]
    assert statement["Resource"] == run.one(CLUSTER).outputs["arn"]
    assert baseline._grant_is_allowed(set(statement["Action"]), [statement["Resource"]])


def test_the_committed_stacks_are_no_source_unless_they_say_so(run_stack) -> None:
    run = run_stack("dev")
    assert "vpcConnectivity" not in run.one(CLUSTER).inputs["brokerNodeGroupInfo"]["connectivityInfo"]
    assert run.of_type(POLICY) == []


def test_a_source_with_other_accounts_keeps_one_policy_with_both(run_stack) -> None:
    run = run_stack("prod", {**SOURCE, "clusterPolicy": {"accounts": ["111122223333"]}})
    assert list(statements(run)) == ["MultiVpcConnectivity", "MskReplicatorSource"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"brokerCount": 2, "network": {"azCount": 2}},
            "replicationSource = true: MSK Replicator needs at least 4 brokers in the source cluster when it spans "
            "two AZs (brokerCount is 2;",
        ),
        (
            {"brokerInstanceType": "kafka.t3.small", "kafkaVersion": "3.8.x"},
            "replicationSource = true: MSK Replicator does not replicate with kafka.t3.small brokers",
        ),
    ],
)
def test_what_msk_replicator_refuses_of_a_source_is_refused_before_any_resource(
    config_error, overrides: dict[str, Any], message: str
) -> None:
    assert message in config_error("prod", {**SOURCE, **overrides})


def test_the_python_api_refuses_the_same_naming_the_field() -> None:
    args = MskClusterArgs(
        vpc_id="vpc-0123456789abcdef0",
        subnet_ids=["subnet-0aaaaaaa", "subnet-0bbbbbbb"],
        broker_count=2,
        default_replication_factor=2,
        replication_source=True,
    )
    with pytest.raises(ArgumentsError) as refused:
        check_msk_cluster_args("MskCluster 'primary'", args)
    assert "replication_source = true: MSK Replicator needs at least 4 brokers" in str(refused.value)


def test_multi_vpc_is_the_given_connectivity_with_iam_on_for_a_source() -> None:
    given = VpcConnectivity(scram=True)
    args = MskClusterArgs(vpc_id="vpc-0", subnet_ids=[], vpc_connectivity=given, replication_source=True)
    assert args.multi_vpc == VpcConnectivity(iam=True, scram=True)
    assert MskClusterArgs(vpc_id="vpc-0", subnet_ids=[], vpc_connectivity=given).multi_vpc == given


def test_the_change_preview_says_turning_it_on_rolls_the_brokers_and_replaces_nothing(run_stack) -> None:
    preview = change.compare(run_stack("prod", {"replicationSource": False}), run_stack("prod", SOURCE))
    cluster = next(c for c in preview.changes if c.type == CLUSTER)
    assert cluster.action == "update"
    assert any("UpdateConnectivity" in note and "rolling restart of 3 brokers" in note for note in cluster.notes)
    assert [c.action for c in preview.changes if c.type == POLICY] == ["create"]
    assert preview.verdict[1] == 0, preview.verdict


def test_the_cluster_policy_actions_are_the_ones_the_policy_pack_knows() -> None:
    assert set(catalog.REPLICATOR_SOURCE_ACTIONS) <= baseline.MULTI_VPC_ACTIONS
