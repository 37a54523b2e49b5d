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

from components.aws.iam import (
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


# The committed stacks in the unit tier; the large ones (a second or more each) in the end-to-end tier.
LARGE = ("80 topics", "150 topics of 65 characters, a connector sinking 100", "600 topics of 249 characters")


@pytest.fixture(
    scope="module",
    params=[pytest.param(case, marks=pytest.mark.e2e) if case in LARGE else case for case in CASES],
)
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


# --- IAM's quota of managed policies per role ------------------------------------------------------------

ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"


def long_sinks(count: int) -> dict[str, Any]:
    return prod_with(many_topics(count, 249), count)


def test_a_connector_past_the_quota_is_refused_before_any_resource_naming_it() -> None:
    """180 sink topics of 249 characters: 12 managed policies, which IAM refuses at `up` by default."""
    from tools.mock_runner import ProgramFailed

    with pytest.raises(ProgramFailed) as refused:
        cached_run("prod", long_sinks(180))
    assert refused.value.resources == []
    message = str(refused.value)
    assert "snowflake.connectors[0].topics = '181 topics': its 181 sink topics need 12 managed policies" in message
    assert "more than the 10 IAM attaches to one role" in message and "set iamManagedPoliciesPerRole" in message


@pytest.mark.e2e
def test_a_raised_quota_lets_the_same_connector_deploy_within_it() -> None:
    run = cached_run("prod", {**long_sinks(180), "iamManagedPoliciesPerRole": 12})
    per_role: dict[str, int] = defaultdict(int)
    for attachment in run.of_type(ATTACHMENT):
        per_role[attachment.inputs["role"]] += 1
    assert list(per_role.values()) == [12]


def test_the_inline_policy_holds_what_it_can_and_managed_policies_the_rest() -> None:
    run = cached_run("prod", long_sinks(100))
    inline = [p.inputs["policy"] for p in run.of_type(ROLE_POLICY) if "-topics-" not in p.name]
    managed = [p.inputs["policy"] for p in run.of_type(POLICY) if "-topics-" in p.name]
    assert len(_topics_granted(inline, "ReadSinkTopics")) == 17  # of 101 (orders, then 16 long): 6 managed for the rest
    assert len(managed) == 6 == len(run.of_type(ATTACHMENT))


def test_the_inline_policy_shrinks_only_after_the_managed_policies_are_attached() -> None:
    """Topics move from the inline policy into managed ones as a connector grows: no gap."""
    run = cached_run("prod", long_sinks(100))
    connector = run.one("aws:mskconnect/connector:Connector")
    (inline,) = [p for p in run.of_type(ROLE_POLICY) if p.parent == connector.parent and "-policy" in p.name]
    assert {a.urn for a in run.of_type(ATTACHMENT)} <= set(inline.dependencies)


@pytest.mark.parametrize("bad", [9, 21, 0])
def test_a_quota_outside_iams_range_is_refused(bad: Any) -> None:
    from tools.mock_runner import ProgramFailed

    with pytest.raises(ProgramFailed) as refused:
        cached_run("prod", {**REGISTERED, "iamManagedPoliciesPerRole": bad})
    assert f"iamManagedPoliciesPerRole = {bad}: must be a whole number from 10" in str(refused.value)


def test_a_quota_that_is_no_integer_is_refused_as_the_cli_refuses_it(config_error) -> None:
    message = config_error("prod", {**REGISTERED, "iamManagedPoliciesPerRole": "ten"})
    assert "configuration key 'iamManagedPoliciesPerRole' must be of type 'integer'" in message


def test_the_sizing_region_is_as_long_as_any_region_botocore_knows() -> None:
    import botocore.session

    from components.aws.iam import SIZING_PARTITION, SIZING_REGION

    session = botocore.session.get_session()
    partitions = session.get_available_partitions()
    regions = {r for p in partitions for r in session.get_available_regions("kafka", partition_name=p)}
    assert len(SIZING_REGION) >= max(map(len, regions)) and len(SIZING_PARTITION) >= max(map(len, partitions))


def test_the_python_api_refuses_a_connector_past_the_quota_naming_its_fields() -> None:
    from components.aws.iam import SinkGrants, role_grants
    from components.validation import Problems

    problems = Problems()
    topics = [t["name"] for t in many_topics(180, 249)]
    grants = role_grants(topics, None, 1, 10, ("managed_policies_per_role", "connector.topics"), problems)
    assert isinstance(grants, SinkGrants) and len(grants.managed) == 12
    (line,) = problems.lines
    assert line.startswith("connector.topics = '180 topics': its 180 sink topics need 12 managed policies")
    assert "then set managed_policies_per_role" in line
