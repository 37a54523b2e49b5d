"""An MSK cluster has one resource policy: multi-VPC accounts, their data-plane
access and other statements (e.g. a replicator's service principal) are added to
the same document, which the policy pack judges with the component's action lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy import baseline
from tools.mock_runner import ProgramFailed, ProgramRun, run_program

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = ROOT / "tests" / "programs" / "cluster_policy.py"
POLICY = "aws:msk/clusterPolicy:ClusterPolicy"


def run(case: str) -> ProgramRun:
    return run_program("dev", {"test:case": case}, program=PROGRAM)


def document(run_: ProgramRun) -> dict:
    return json.loads(run_.one(POLICY).inputs["policy"])


def test_accounts_data_access_and_a_replicator_share_one_policy() -> None:
    shared = run("shared")
    assert len(shared.of_type(POLICY)) == 1
    cluster_arn = shared.one("aws:msk/cluster:Cluster").outputs["arn"]
    statements = {s["Sid"]: s for s in document(shared)["Statement"]}
    assert list(statements) == [
        "MultiVpcConnectivity",
        "DataPlaneConnect111122223333",
        "DataPlaneTopicsAndGroups111122223333",
        "MskReplicator",
    ]
    assert statements["MskReplicator"]["Principal"] == {"Service": "kafka.amazonaws.com"}
    assert statements["MskReplicator"]["Resource"] == cluster_arn
    assert shared.one(POLICY).inputs["clusterArn"] == cluster_arn


def test_the_first_statement_creates_the_policy_of_a_cluster_without_accounts() -> None:
    only = run("replicator-only")
    assert [s["Sid"] for s in document(only)["Statement"]] == ["MskReplicator"]
    policy = only.one(POLICY)
    assert policy.parent == only.one("streaming-platform:index:MskCluster").urn


def test_the_policy_pack_accepts_every_statement_of_the_shared_document() -> None:
    for statement in document(run("shared"))["Statement"]:
        actions = set(statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]])
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        assert baseline._grant_is_allowed(actions, resources), statement["Sid"]


def test_a_sid_is_added_once() -> None:
    with pytest.raises(ProgramFailed, match="the cluster policy already has a statement 'MskReplicator'"):
        run("duplicate")


def test_a_statement_after_the_document_is_written_is_refused_not_dropped() -> None:
    with pytest.raises(ProgramFailed, match="statement 'TooLate' came after the cluster policy was written"):
        run("late")
