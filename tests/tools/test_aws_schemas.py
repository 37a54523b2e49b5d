"""AWS's resource schemas (cfn-lint's, for the stack's region) judge the plan.

The committed stacks and a plan with every cluster option on are clean; every
registered AWS type is mapped, folded or skipped with a reason; every input a
mapping is given reaches a CloudFormation property (or is listed as having
none); and a value AWS refuses is reported, per type."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import REGISTERED
from tests.tools.test_change import SINK_TOPICS
from tools import aws_schemas
from tools.aws_schemas import EVERY_OPTION, UnmappedTypes, cloudformation_of, judge, template
from tools.mock_runner import ProgramRun, RecordedResource
from tools.resource_types import TYPES, CloudFormation

MANY_SINK_TOPICS = {
    **REGISTERED,
    "topics": SINK_TOPICS,
    "snowflake.connectors[0].topics": {
        "orders": "ORDERS",
        **{t["name"]: f"T{i}" for i, t in enumerate(SINK_TOPICS[2:])},
    },
}
PLANS = {
    "dev": ("dev", REGISTERED),
    "prod": ("prod", REGISTERED),
    "prod, every option": ("prod", EVERY_OPTION),
    "prod, a connector past its inline policy limit": ("prod", MANY_SINK_TOPICS),
}


@pytest.mark.e2e
@pytest.mark.parametrize("plan", list(PLANS))
def test_the_plans_are_what_aws_schemas_accept(run_stack, plan: str) -> None:
    stack, overrides = PLANS[plan]
    run = run_stack(stack, overrides)
    result = judge(run, run.config["aws:region"])
    assert result.violations == [], [v.as_dict() for v in result.violations]
    assert result.checked["AWS::MSK::Cluster"] == 1
    registered_aws = {r.type for r in run.resources if r.custom and r.type.startswith("aws:")}
    mapped = {t for t in registered_aws if (known := cloudformation_of(t)) is not None and known.map is not None}
    assert registered_aws <= mapped | set(result.skipped)


def test_every_option_is_checked_with_the_resources_it_adds(run_stack) -> None:
    added = {"aws:msk/clusterPolicy:ClusterPolicy", "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation",
             "aws:s3/bucket:Bucket"}  # fmt: skip
    result = judge(run_stack("prod", EVERY_OPTION), "eu-west-2", types=added)
    for cfn_type in ("AWS::MSK::ClusterPolicy", "AWS::MSK::BatchScramSecret", "AWS::S3::Bucket"):
        assert cfn_type in result.checked, cfn_type


class Reads(dict):
    """Inputs that remember which keys a mapping read."""

    def __init__(self, values: dict[str, Any]) -> None:
        super().__init__(values)
        self.read: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)


@pytest.mark.parametrize("plan", list(PLANS))
def test_every_input_reaches_a_cloudformation_property_or_is_listed_without_one(run_stack, plan: str) -> None:
    run = run_stack(*PLANS[plan])
    dropped: dict[str, set[str]] = {}
    for resource in run.resources:
        known = cloudformation_of(resource.type)
        if resource.custom and known is not None and known.map is not None:
            named = aws_schemas.with_autoname(resource)
            inputs = Reads(dict(named.inputs))
            known.map(dataclasses.replace(named, inputs=inputs), run)
            left = set(inputs) - inputs.read - set(known.not_mapped)
            if left:
                dropped.setdefault(resource.type, set()).update(left)
    assert dropped == {}


def test_folded_resources_land_in_their_cloudformation_home(run_stack) -> None:
    run = run_stack(*PLANS["prod, a connector past its inline policy limit"])
    body, _ = template(run)
    buckets = [r["Properties"] for r in body["Resources"].values() if r["Type"] == "AWS::S3::Bucket"]
    assert buckets and all(
        {"VersioningConfiguration", "BucketEncryption", "PublicAccessBlockConfiguration", "OwnershipControls"} <= set(b)
        for b in buckets
    )
    attached = {a.inputs["policyArn"] for a in run.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")}
    assert attached
    in_roles = {
        arn
        for r in body["Resources"].values()
        if r["Type"] == "AWS::IAM::Role"
        for arn in r["Properties"].get("ManagedPolicyArns", [])
    }
    assert attached <= in_roles


def test_autonamed_resources_get_a_name_of_pulumis_form(run_stack) -> None:
    body, _ = template(run_stack("dev", REGISTERED))
    plugin = next(r for r in body["Resources"].values() if r["Type"] == "AWS::KafkaConnect::CustomPlugin")
    assert plugin["Properties"]["Name"].endswith(aws_schemas.AUTONAME_STAND_IN)


def resource_of(run: ProgramRun, token: str) -> RecordedResource:
    return next(r for r in run.resources if r.type == token)


def set_input(token: str, path: str, value: Any) -> Callable[[ProgramRun], None]:
    def edit(run: ProgramRun) -> None:
        target = resource_of(run, token).inputs
        *head, last = path.split(".")
        for key in head:
            target = target[key]
        target[last] = value

    return edit


# One value AWS refuses per type, put into an otherwise clean plan: the schema must report it.
BAD = [
    ("aws:cloudwatch/logGroup:LogGroup", "retentionInDays", 2, "E3030"),
    ("aws:lb/loadBalancer:LoadBalancer", "loadBalancerType", "classic", "E3030"),
    ("aws:msk/cluster:Cluster", "enhancedMonitoring", "LOTS", "E3030"),
    ("aws:msk/cluster:Cluster", "brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize", 20000, "E3034"),
    ("aws:iam/role:Role", "name", "r" * 65, "E3033"),
    ("aws:cloudwatch/metricAlarm:MetricAlarm", "comparisonOperator", "Bigger", "E3030"),
    ("aws:ecs/service:Service", "launchType", "EC3", "E3030"),
    ("aws:lb/targetGroup:TargetGroup", "protocol", "HTTPX", "E3030"),
    ("aws:mskconnect/connector:Connector", "kafkaClusterEncryptionInTransit.encryptionType", "SSL", "E3030"),
    ("aws:secretsmanager/secret:Secret", "name", "s" * 513, "E3033"),
    ("aws:kms/key:Key", "deletionWindowInDays", 3, "E3034"),
    ("aws:ecs/taskDefinition:TaskDefinition", "networkMode", "overlay", "E3030"),
    ("aws:ec2/subnet:Subnet", "cidrBlock", "10.50.0.0/33", "E3002"),
]


@pytest.mark.e2e
@pytest.mark.parametrize(("token", "path", "value", "rule"), BAD, ids=[f"{b[0].split(':')[-1]}-{b[1]}" for b in BAD])
def test_a_value_aws_refuses_is_reported_naming_the_resource(
    run_stack, token: str, path: str, value: Any, rule: str
) -> None:
    run = run_stack("prod", {**REGISTERED, "alarmEmail": "oncall@example.com"})
    set_input(token, path, value)(run)
    # Only that type's resources are judged: the clean plan is the test above.
    found = judge(run, "eu-west-2", types={token}).violations
    assert rule in {v.rule for v in found}, [v.as_dict() for v in found]
    assert all(v.resource.startswith(token) for v in found), [v.as_dict() for v in found]


def test_an_unmapped_aws_type_stops_the_check_naming_it(run_stack) -> None:
    run = run_stack("dev")
    run.resources.append(dataclasses.replace(run.resources[-1], type="aws:ec2/vpcEndpoint:VpcEndpoint", custom=True))
    with pytest.raises(UnmappedTypes, match="aws:ec2/vpcEndpoint:VpcEndpoint"):
        template(run)


def test_the_types_judged_can_be_narrowed(run_stack) -> None:
    run = run_stack("dev", REGISTERED)
    result = judge(run, "eu-west-2", types={"aws:cloudwatch/logGroup:LogGroup"})
    assert set(result.checked) == {"AWS::Logs::LogGroup"} and result.violations == []


@pytest.mark.e2e
def test_the_command_exits_non_zero_on_a_violation(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    token = "aws:cloudwatch/logGroup:LogGroup"
    broken = CloudFormation(map=lambda r, run: [("AWS::Logs::LogGroup", {"RetentionInDays": 2})])
    monkeypatch.setitem(TYPES, token, dataclasses.replace(TYPES[token], cloudformation=broken))
    assert aws_schemas.main(["dev", "--json"]) == 1
    violations = json.loads(capsys.readouterr().out)["violations"]
    assert violations and {(v["rule"], v["cfnType"]) for v in violations} == {("E3030", "AWS::Logs::LogGroup")}


@pytest.mark.e2e
def test_one_linter_per_region_finds_what_cfn_lints_own_api_finds_template_after_template(run_stack) -> None:
    """The rules load once per process; a template judged before another must not change what it finds."""
    from cfnlint.api import ManualArgs, lint

    def small(run: ProgramRun) -> dict[str, Any]:
        body, _ = template(run)
        kinds = {"AWS::Logs::LogGroup", "AWS::MSK::Cluster"}
        body["Resources"] = {k: v for k, v in body["Resources"].items() if v["Type"] in kinds}
        return body

    run = run_stack("prod", REGISTERED)
    clean = small(run)
    set_input("aws:cloudwatch/logGroup:LogGroup", "retentionInDays", 2)(run)
    set_input("aws:msk/cluster:Cluster", "enhancedMonitoring", "LOTS")(run)
    broken = small(run)

    def found(matches: list[Any]) -> list[tuple[str, str, str]]:
        return sorted((m.rule.id, "/".join(map(str, m.path)), m.message) for m in matches)

    theirs = {name: found(lint(json.dumps(b), config=ManualArgs(regions=["eu-west-2"])))
              for name, b in (("clean", clean), ("broken", broken))}  # fmt: skip
    assert {rule for rule, _, _ in theirs["broken"]} >= {"E3030"} and not [m for m in theirs["clean"] if m[0][0] == "E"]
    for name, body in (("broken", broken), ("clean", clean), ("broken", broken), ("clean", clean)):
        assert found(aws_schemas._lint(body, "eu-west-2")) == theirs[name], name
    assert aws_schemas._linter("eu-west-2") is aws_schemas._linter("eu-west-2")
    assert aws_schemas._linter("eu-west-2") is not aws_schemas._linter("us-east-1")
