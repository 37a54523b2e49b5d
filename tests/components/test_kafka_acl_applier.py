"""The machinery that applies Kafka ACLs (components/msk/acl_applier.py), as the
program registers it: only when ACLs are declared; a function in the private
subnets, reaching only the brokers' IAM port, with the least IAM it needs; an
invocation with the CRUD lifecycle whose input holds every binding, the schema
registry's included; the registry starting after they are applied."""

from __future__ import annotations

import json
from typing import Any

import pytest

from components.inputs import ArgumentsError
from components.msk import acl_applier as applier
from components.msk.acls import AclRule, PrincipalAcls
from components.msk.cluster import MskCluster, MskClusterArgs
from components.msk.options import ScramUserSettings
from tests.conftest import REGISTERED
from tools.change import compare
from tools.mock_runner import ROOT

HELPERS = ROOT / "tests" / "programs" / "msk_helpers.py"

FUNCTION = "aws:lambda/function:Function"
INVOCATION = "aws:lambda/invocation:Invocation"
CLUSTER = "streaming-platform:index:MskCluster"
CONSUMER = [
    {"resource": {"type": "topic", "name": "orders"}, "operations": ["Read", "Describe"]},
    {"resource": {"type": "group", "name": "analytics-", "patternType": "prefix"}, "operations": ["Read"]},
]
ACLS = {
    **REGISTERED,
    "scramUsers": [{"name": "analytics", "acls": CONSUMER}],
    "kafkaAcls": [
        {"principal": "User:CN=billing.example.com", "acls": [
            {"resource": {"type": "topic", "name": "orders"}, "operations": ["Write"], "host": "10.40.1.7"}]},
    ],
}  # fmt: skip


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_a_stack_without_acls_deploys_no_acl_machinery(run_stack, stack: str) -> None:
    run = run_stack(stack, REGISTERED)
    assert run.of_type(FUNCTION) == run.of_type(INVOCATION) == []
    assert not [r for r in run.resources if "kafka-acls" in r.name]


def bindings(run) -> list[list[str]]:
    return json.loads(run.one(INVOCATION).inputs["input"])["bindings"]


def test_the_invocation_applies_every_declared_binding_and_the_registrys(run_stack) -> None:
    run = run_stack("dev", ACLS)
    invocation = run.one(INVOCATION)
    assert invocation.inputs["lifecycleScope"] == "CRUD"
    assert invocation.inputs["functionName"] == run.one(FUNCTION).inputs["name"]
    assert invocation.delete_before_replace
    payload = json.loads(invocation.inputs["input"])
    assert payload["region"] == "eu-west-2"
    assert payload["bootstrapServers"].endswith(":9098") and ",b-2." in payload["bootstrapServers"]
    assert payload["bindings"] == [
        ["User:CN=billing.example.com", "TOPIC", "orders", "LITERAL", "WRITE", "10.40.1.7"],
        ["User:analytics", "GROUP", "analytics-", "PREFIXED", "READ", "*"],
        ["User:analytics", "TOPIC", "orders", "LITERAL", "DESCRIBE", "*"],
        ["User:analytics", "TOPIC", "orders", "LITERAL", "READ", "*"],
        ["User:schema-registry", "GROUP", "schema-registry", "PREFIXED", "DESCRIBE", "*"],
        ["User:schema-registry", "GROUP", "schema-registry", "PREFIXED", "READ", "*"],
        *[["User:schema-registry", "TOPIC", "_schemas", "LITERAL", op, "*"]
          for op in ("CREATE", "DESCRIBE", "DESCRIBE_CONFIGS", "READ", "WRITE")],
    ]  # fmt: skip


def test_the_input_names_the_cluster_the_principals_and_the_revision(run_stack) -> None:
    run = run_stack("dev", ACLS)
    payload = json.loads(run.one(INVOCATION).inputs["input"])
    assert payload["clusterArn"] == run.one("aws:msk/cluster:Cluster").outputs["arn"]
    assert payload["principals"] == ["User:CN=billing.example.com", "User:analytics", "User:schema-registry"]
    assert payload["revision"] == 0
    assert (
        json.loads(run_stack("dev", {**ACLS, "kafkaAclsRevision": 3}).one(INVOCATION).inputs["input"])["revision"] == 3
    )


def test_raising_the_revision_reruns_the_function_without_replacing_the_invocation(run_stack) -> None:
    result = compare(run_stack("dev", ACLS), run_stack("dev", {**ACLS, "kafkaAclsRevision": 1}), "ACLs deployed")
    assert [(c.type, c.action, [p.path for p in c.properties]) for c in result.changes] == [
        (INVOCATION, "update", ["input"])
    ]
    assert result.verdict == ("safe: updates only", 0)


@pytest.mark.parametrize("bad", [-1, "x", 1.5, True])
def test_a_bad_revision_is_refused_naming_the_key(config_error, bad) -> None:
    """-1 by the program; the others, no integers, as the Pulumi CLI refuses them (Pulumi.yaml's type)."""
    message = config_error("dev", {**ACLS, "kafkaAclsRevision": bad})
    assert ("kafkaAclsRevision = -1: must be a whole number, 0 or more" if bad == -1 else
            "configuration key 'kafkaAclsRevision' must be of type 'integer'") in message  # fmt: skip


def test_the_function_is_named_from_the_component_so_a_cluster_rename_updates_the_invocation(run_stack) -> None:
    first = run_stack("test", {"acls": True}, program=HELPERS)
    renamed = run_stack("test", {"acls": True, "clusterName": "helpers-renamed"}, program=HELPERS)
    assert first.one(FUNCTION).inputs["name"] == renamed.one(FUNCTION).inputs["name"] == "helpers-kafka-acls"
    assert first.one(INVOCATION).inputs["functionName"] == renamed.one(INVOCATION).inputs["functionName"]
    old, new = (json.loads(r.one(INVOCATION).inputs["input"]) for r in (first, renamed))
    assert "/helpers-cluster/" in old["clusterArn"] and "/helpers-renamed/" in new["clusterArn"]


def test_the_function_runs_in_the_private_subnets_behind_its_own_security_group(run_stack) -> None:
    run = run_stack("dev", ACLS)
    function = run.one(FUNCTION)
    inputs = function.inputs
    assert (inputs["runtime"], inputs["handler"], inputs["architectures"]) == (
        "python3.12", "kafka_acl_function.handler", ["arm64"])  # fmt: skip
    private = {s.id for s in run.of_type("aws:ec2/subnet:Subnet") if s.inputs["tags"].get("Tier") == "private"}
    assert set(inputs["vpcConfig"]["subnetIds"]) == private
    (group_id,) = inputs["vpcConfig"]["securityGroupIds"]
    group = next(g for g in run.of_type("aws:ec2/securityGroup:SecurityGroup") if g.id == group_id)
    brokers = next(g for g in run.of_type("aws:ec2/securityGroup:SecurityGroup") if g.name.endswith("-msk-brokers"))
    egress = [r for r in run.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
              if r.inputs["securityGroupId"] == group.id]  # fmt: skip
    assert [(r.inputs["fromPort"], r.inputs["referencedSecurityGroupId"]) for r in egress] == [(9098, brokers.id)]
    ingress = [r for r in run.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
               if r.inputs.get("referencedSecurityGroupId") == group.id]  # fmt: skip
    assert [(r.inputs["securityGroupId"], r.inputs["fromPort"], r.inputs["description"]) for r in ingress] == [
        (brokers.id, 9098, "SASL/IAM from kafka-acls")
    ]
    invocation = run.one(INVOCATION)
    assert {egress[0].urn, ingress[0].urn} <= set(invocation.dependencies)


def test_the_function_has_the_least_iam_it_needs(run_stack) -> None:
    run = run_stack("dev", ACLS)
    role = next(r for r in run.of_type("aws:iam/role:Role") if "kafka-acls" in r.name)
    trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    assert [s["Principal"] for s in trust] == [{"Service": "lambda.amazonaws.com"}]
    assert trust[0]["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}
    policy = next(p for p in run.of_type("aws:iam/rolePolicy:RolePolicy") if "kafka-acls" in p.name)
    statements = {s["Sid"]: s for s in json.loads(policy.inputs["policy"])["Statement"]}
    cluster_arn = run.one("aws:msk/cluster:Cluster").outputs["arn"]
    assert statements["AdministerKafkaAcls"]["Action"] == [
        "kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:AlterCluster"]  # fmt: skip
    assert statements["AdministerKafkaAcls"]["Resource"] == [cluster_arn]
    # On delete it asks MSK whether the cluster still exists, on this cluster only.
    assert statements["CheckClusterExists"]["Action"] == ["kafka:DescribeClusterV2"]
    assert statements["CheckClusterExists"]["Resource"] == [cluster_arn]
    log_group = next(g for g in run.of_type("aws:cloudwatch/logGroup:LogGroup") if "kafka-acls" in g.name)
    assert statements["WriteOwnLogs"]["Resource"][0] == log_group.outputs["arn"]
    assert set(statements["ManageVpcNetworkInterfaces"]["Action"]) == set(applier.VPC_ACTIONS)
    function = run.one(FUNCTION)
    assert {policy.urn, log_group.urn} <= set(function.dependencies)


def test_the_function_logs_to_its_own_encrypted_group_with_the_stacks_retention(run_stack) -> None:
    run = run_stack("dev", ACLS)
    log_group = next(g for g in run.of_type("aws:cloudwatch/logGroup:LogGroup") if "kafka-acls" in g.name)
    assert log_group.inputs["retentionInDays"] == 30
    assert log_group.inputs["kmsKeyId"] == run.one("aws:kms/key:Key").outputs["arn"]
    assert run.one(FUNCTION).inputs["loggingConfig"]["logGroup"] == log_group.inputs["name"]


def test_everything_is_a_child_of_the_cluster(run_stack) -> None:
    run = run_stack("dev", ACLS)
    cluster = run.one(CLUSTER)
    for resource in run.resources:
        if "kafka-acls" in resource.name:
            assert resource.parent == cluster.urn, resource.name


def test_the_registry_starts_after_its_acls_are_applied(run_stack) -> None:
    run = run_stack("dev", ACLS)
    service = run.one("aws:ecs/service:Service")
    assert run.one(INVOCATION).urn in service.dependencies


def test_the_archive_bundles_the_module_and_its_pinned_dependencies_without_bytecode() -> None:
    files = applier.bundled_files()
    assert "kafka_acl_function.py" in files
    assert "kafka/admin/client.py" in files and "aws_msk_iam_sasl_signer/MSKAuthTokenProvider.py" in files
    assert any(p.startswith("kafka_python-3.0.12.dist-info/") for p in files)
    assert any(p.startswith("aws_msk_iam_sasl_signer_python-1.0.2.dist-info/") for p in files)
    assert not [p for p in files if p.endswith(".pyc") or "__pycache__" in p]
    assert all(f.is_file() for f in files.values())
    installer = [p for p in files if p.rsplit("/", 1)[-1] in applier.INSTALLER_FILES or ".data/" in p]
    assert installer == [], "files an installer writes differ from machine to machine"


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("kafka/admin/client.py", True),
        ("kafka_python-3.0.12.dist-info/METADATA", True),
        ("kafka_python-3.0.12.dist-info/licenses/LICENSE", True),
        ("kafka_python-3.0.12.dist-info/INSTALLER", False),  # pip, uv, ... write their own name
        ("kafka_python-3.0.12.dist-info/REQUESTED", False),  # present or not by how it was asked for
        ("kafka_python-3.0.12.dist-info/direct_url.json", False),  # a local path or URL (PEP 610)
        ("kafka_python-3.0.12.dist-info/RECORD", False),  # hashes of the installed files
        ("some_dist-9.9.9.data/scripts/tool", False),  # any version of any distribution
        ("bin/kafka-tool", False),
        ("kafka/__pycache__/client.cpython-311.pyc", False),
        ("../../../bin/tool", False),
    ],
)
def test_the_archive_keeps_sources_and_the_wheels_metadata_only(path: str, kept: bool) -> None:
    assert applier.archived(path) is kept


def test_removing_a_users_acls_removes_its_bindings(run_stack) -> None:
    before = bindings(run_stack("dev", ACLS))
    after = bindings(run_stack("dev", {**ACLS, "scramUsers": [{"name": "analytics"}]}))
    assert [b for b in before if b[0] == "User:analytics"] and not [b for b in after if b[0] == "User:analytics"]


def bad_python_args(**fields: Any) -> MskClusterArgs:
    return MskClusterArgs(vpc_id="vpc-0123456789abcdef0", subnet_ids=["subnet-0aaaaaaa", "subnet-0bbbbbbb"],
                          default_replication_factor=2, broker_count=2, **fields)  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"kafka_acls": (PrincipalAcls("User:x", (AclRule("group", "g", "literal", ("Write",)),)),)},
         "kafka_acls[0].acls[0].operations = 'Write': Kafka does not apply Write to a group"),
        ({"scram_users": (ScramUserSettings("bi", acls=(AclRule("topic", "bad name", "literal", ("Read",)),)),)},
         "scram_users[0].acls[0].resource.name = 'bad name': must be a topic name"),
        ({"kafka_acls": (PrincipalAcls("CN=x", (AclRule("topic", "orders", "literal", ("Read",)),)),)},
         "kafka_acls[0].principal = 'CN=x': must be \"User:<name>\""),
    ],
)  # fmt: skip
def test_the_python_api_refuses_bad_acls_naming_the_field(fields: dict, expected: str) -> None:
    with pytest.raises(ArgumentsError) as refused:
        MskCluster("events", bad_python_args(**fields))
    assert any(p.startswith(expected) for p in refused.value.problems), refused.value.problems
