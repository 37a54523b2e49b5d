"""Every IAM document the program writes fits IAM's limits (managed policy
6,144 characters, a role's inline policies 10,240 together, trust policy
2,048; whitespace not counted) at any topic count, and the split documents
still grant exactly the topics, no more."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

import pytest

from components.iam import (
    MANAGED_POLICY_MAX_CHARS,
    ROLE_INLINE_POLICIES_MAX_CHARS,
    TRUST_POLICY_MAX_CHARS,
    kafka_producer_policy,
    policy_size,
)
from tests.conftest import REGISTERED, cached_run
from tools.mock_runner import ProgramRun

POLICY = "aws:iam/policy:Policy"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ROLE = "aws:iam/role:Role"
# The mock's cluster ARNs end in a short id; AWS's end in a UUID and a revision.
_MOCK_CLUSTER_ID = re.compile(r"(:(?:cluster|topic|group)/[^/]+/)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-1")
REAL_CLUSTER_ID = "0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f-12"


def as_deployed(document: str) -> str:
    """A document with the cluster ARNs as long as AWS makes them."""
    return _MOCK_CLUSTER_ID.sub(lambda m: m[1] + REAL_CLUSTER_ID, document)


def many_topics(count: int, name_length: int) -> list[dict[str, Any]]:
    stem = "t" * (name_length - 4)
    return [{"name": f"{stem}{i:04d}", "partitions": 1} for i in range(count)]


def prod_with(topics: list[dict[str, Any]], sink: int) -> dict[str, Any]:
    """prod with its own topics and `topics`, its connector sinking the first `sink` of them."""
    base = [{"name": "orders", "partitions": 12}, {"name": "orders-dlq", "partitions": 3}]
    return {
        **REGISTERED,
        "topics": base + topics,
        "snowflake.connectors[0].topics": {
            "orders": "ORDERS",
            **{t["name"]: f"T{i}" for i, t in enumerate(topics[:sink])},
        },
    }


CASES = {
    "dev": ("dev", {}),
    "prod": ("prod", REGISTERED),
    "80 topics": ("prod", prod_with(many_topics(80, 20), 0)),
    "150 topics of 65 characters, a connector sinking 100": ("prod", prod_with(many_topics(150, 65), 100)),
    "600 topics of 249 characters": ("prod", prod_with(many_topics(600, 249), 150)),
}


@pytest.fixture(scope="module", params=list(CASES))
def run(request: pytest.FixtureRequest) -> ProgramRun:
    stack, overrides = CASES[request.param]
    return cached_run(stack, overrides)


def test_every_managed_policy_fits(run: ProgramRun) -> None:
    sizes = {p.name: policy_size(as_deployed(p.inputs["policy"])) for p in run.of_type(POLICY)}
    assert sizes and max(sizes.values()) <= MANAGED_POLICY_MAX_CHARS, sizes


def test_each_role_s_inline_policies_fit_together(run: ProgramRun) -> None:
    per_role: dict[str, int] = defaultdict(int)
    for policy in run.of_type(ROLE_POLICY):
        per_role[policy.inputs["role"]] += policy_size(as_deployed(policy.inputs["policy"]))
    assert per_role and max(per_role.values()) <= ROLE_INLINE_POLICIES_MAX_CHARS, dict(per_role)


def test_every_trust_policy_fits(run: ProgramRun) -> None:
    sizes = [policy_size(r.inputs["assumeRolePolicy"]) for r in run.of_type(ROLE)]
    assert sizes and max(sizes) <= TRUST_POLICY_MAX_CHARS


def _topics_granted(documents: list[str], sid: str) -> list[str]:
    granted = []
    for document in documents:
        for statement in json.loads(document)["Statement"]:
            if statement["Sid"] == sid:
                granted += [arn.rsplit("/", 1)[1] for arn in statement["Resource"]]
    return granted


def test_the_client_policies_together_grant_exactly_the_topics(run: ProgramRun) -> None:
    topics = [t.inputs["name"] for t in run.of_type("aws:msk/topic:Topic") if t.inputs["name"] != "_schemas"]
    for role, sid in (("producer", "WriteTopics"), ("consumer", "ReadTopics")):
        documents = [p.inputs["policy"] for p in run.of_type(POLICY) if f"-msk-{role}" in p.name]
        assert sorted(_topics_granted(documents, sid)) == sorted(topics), role
        assert run.outputs[f"{role}PolicyArns"][0] == run.outputs[f"{role}PolicyArn"]
        assert len(run.outputs[f"{role}PolicyArns"]) == len(documents)


def test_the_connector_role_reads_exactly_its_sink_topics(run: ProgramRun) -> None:
    connectors = run.of_type("aws:mskconnect/connector:Connector")
    if not connectors:  # dev: its connector waits for the key
        assert run.stack == "dev"
        return
    (connector,) = connectors
    sinks = connector.inputs["connectorConfiguration"]["topics"].split(",")
    documents = [p.inputs["policy"] for p in run.of_type(ROLE_POLICY)] + [
        p.inputs["policy"] for p in run.of_type(POLICY) if "-topics-" in p.name
    ]
    assert sorted(_topics_granted(documents, "ReadSinkTopics")) == sorted(sinks)
    attachments = run.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    assert len(attachments) == len([p for p in run.of_type(POLICY) if "-topics-" in p.name])
    assert {a.name for a in attachments} <= run.waits_for(connector)


def test_a_single_document_for_80_topics_is_past_the_limit() -> None:
    """What the program wrote before it split: one producer policy for 80 topics."""
    arn = f"arn:aws:kafka:eu-west-2:123456789012:cluster/streaming-platform-prod/{REAL_CLUSTER_ID}"
    names = [t["name"] for t in many_topics(80, 20)]
    assert policy_size(kafka_producer_policy(arn, names)) > MANAGED_POLICY_MAX_CHARS


def test_the_committed_stacks_keep_one_policy_of_each() -> None:
    for stack, overrides in (CASES["dev"], CASES["prod"]):
        names = sorted(p.name for p in cached_run(stack, overrides).of_type(POLICY))
        assert [n.rsplit("-", 1)[-1] for n in names if "-msk-" in n] == ["consumer", "producer"], names
