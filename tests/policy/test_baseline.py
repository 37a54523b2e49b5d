"""The policy pack (policy/baseline.py): every policy fires on a crafted bad
resource, stays quiet on the program's own resources, and prod ships with no
mandatory finding.

Bad resources are the program's real ones with one property broken, so each
case shows the exact change a policy catches. Policies are evaluated through
tools/policy_check.py, the same path the offline plan uses; no PolicyPack is
constructed (that would start the analyzer server).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from policy.baseline import POLICIES, STACK_POLICIES, stack_of
from tests.components.test_schema_registry import HTTPS
from tests.components.test_snowflake_plugin import IN_PLUGIN
from tools.mock_runner import ProgramRun, RecordedResource
from tools.policy_check import evaluate, has_mandatory

POLICY_DIR = Path(__file__).resolve().parents[2] / "policy"
BY_NAME = {policy.name: policy for policy in POLICIES}

Props = dict[str, Any]


def json_prop(key: str, change: Callable[[Any], None]) -> Callable[[Props], None]:
    """Edit a property that holds JSON text (policy documents, container definitions)."""

    def edit(props: Props) -> None:
        document = json.loads(props[key])
        change(document)
        props[key] = json.dumps(document)

    return edit


def set_path(*path: str, value: Any) -> Callable[[Props], None]:
    def edit(props: Props) -> None:
        target = props
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = value

    return edit


def remove(*path: str) -> Callable[[Props], None]:
    def edit(props: Props) -> None:
        target = props
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return edit


def first_statement(change: Callable[[dict], None]) -> Callable[[Any], None]:
    return lambda document: change(document["Statement"][0])


def open_ingress(props: Props) -> None:
    props.pop("referencedSecurityGroupId", None)
    props["cidrIpv4"] = "0.0.0.0/0"


def open_egress(props: Props) -> None:
    props.pop("referencedSecurityGroupId", None)
    props.update(cidrIpv4="0.0.0.0/0", ipProtocol="-1")
    props.pop("fromPort", None)
    props.pop("toPort", None)


def inline_open_ingress(props: Props) -> None:
    props["ingress"] = [{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": ["0.0.0.0/0"]}]


def add_plain_password(containers: list[dict]) -> None:
    containers[-1]["environment"].append({"name": "SCHEMA_REGISTRY_KAFKA_PASSWORD", "value": "hunter2"})


def drop_authentication(containers: list[dict]) -> None:
    registry = containers[-1]
    registry["environment"] = [e for e in registry["environment"] if "AUTHENTICATION" not in e["name"]]


def drop_log_configuration(containers: list[dict]) -> None:
    del containers[-1]["logConfiguration"]


def same_roles(props: Props) -> None:
    props["taskRoleArn"] = props["executionRoleArn"]


def literal_private_key(props: Props) -> None:
    props["connectorConfiguration"]["snowflake.private.key"] = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"


MSK = "aws:msk/cluster:Cluster"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
ALB = "aws:lb/loadBalancer:LoadBalancer"
CONNECTOR = "aws:mskconnect/connector:Connector"
REGISTRY_TASK = "aws:ecs/taskDefinition:TaskDefinition"
CONNECTOR_ROLE_POLICY = "streaming-platform-prod-orders-to-snowflake-policy"

# (policy, resource type or name, edit): one broken property each.
CASES: list[tuple[str, str, Callable[[Props], None]]] = [
    ("msk-tls-in-transit", MSK, set_path("encryptionInfo", "encryptionInTransit", "clientBroker", value="TLS_PLAINTEXT")),
    ("msk-tls-in-transit", MSK, set_path("encryptionInfo", "encryptionInTransit", "inCluster", value=False)),
    ("msk-cmk-at-rest", MSK, remove("encryptionInfo", "encryptionAtRestKmsKeyArn")),
    ("msk-no-public-access", MSK, set_path("brokerNodeGroupInfo", "connectivityInfo", "publicAccess", "type", value="SERVICE_PROVIDED_EIPS")),
    ("msk-authenticated-clients", MSK, set_path("clientAuthentication", "unauthenticated", value=True)),
    ("msk-authenticated-clients", MSK, set_path("clientAuthentication", value={"sasl": {}})),
    ("msk-broker-logs", MSK, set_path("loggingInfo", "brokerLogs", "cloudwatchLogs", "enabled", value=False)),
    ("msk-enhanced-monitoring-in-production", MSK, set_path("enhancedMonitoring", value="DEFAULT")),
    ("msk-broker-logs-in-production", MSK, set_path("loggingInfo", value={})),
    ("kms-rotation", "aws:kms/key:Key", set_path("enableKeyRotation", value=False)),
    ("secrets-cmk", "aws:secretsmanager/secret:Secret", remove("kmsKeyId")),
    ("sg-no-ingress-from-anywhere", INGRESS, open_ingress),
    ("sg-no-ingress-from-anywhere", "aws:ec2/securityGroup:SecurityGroup", inline_open_ingress),
    ("sg-no-open-egress", EGRESS, open_egress),
    ("sg-rule-descriptions", EGRESS, remove("description")),
    ("iam-no-wildcard-action", "aws:iam/rolePolicy:RolePolicy", json_prop("policy", first_statement(lambda s: s.update(Action=["*"])))),
    ("iam-no-wildcard-action", "aws:iam/policy:Policy", json_prop("policy", first_statement(lambda s: s.update(Action="kafka-cluster:*")))),
    ("iam-no-wildcard-resource", CONNECTOR_ROLE_POLICY, json_prop("policy", first_statement(lambda s: s.update(Resource="*")))),
    ("iam-role-trusts-one-service", "aws:iam/role:Role", json_prop("assumeRolePolicy", first_statement(lambda s: s.update(Principal={"AWS": "*"})))),
    ("ecs-no-public-ip", "aws:ecs/service:Service", set_path("networkConfiguration", "assignPublicIp", value=True)),
    ("ecs-awslogs", REGISTRY_TASK, json_prop("containerDefinitions", drop_log_configuration)),
    ("ecs-no-secrets-in-environment", REGISTRY_TASK, json_prop("containerDefinitions", add_plain_password)),
    ("ecs-separate-roles", REGISTRY_TASK, same_roles),
    ("ecs-read-only-root-in-production", REGISTRY_TASK, json_prop("containerDefinitions", lambda c: c[-1].update(readonlyRootFilesystem=False))),
    ("schema-registry-authentication-in-production", REGISTRY_TASK, json_prop("containerDefinitions", drop_authentication)),
    ("ecs-container-insights", "aws:ecs/cluster:Cluster", set_path("settings", value=[{"name": "containerInsights", "value": "disabled"}])),
    ("alb-internal", ALB, set_path("internal", value=False)),
    ("alb-drop-invalid-headers", ALB, set_path("dropInvalidHeaderFields", value=False)),
    ("alb-deletion-protection-in-production", ALB, set_path("enableDeletionProtection", value=False)),
    ("alb-access-logs-in-production", ALB, remove("accessLogs")),
    ("alb-access-logs-in-production", ALB, set_path("accessLogs", "enabled", value=False)),
    ("alb-https-listener", "aws:lb/listener:Listener", remove("certificateArn")),
    ("mskconnect-iam-over-tls", CONNECTOR, set_path("kafkaClusterClientAuthentication", "authenticationType", value="NONE")),
    ("mskconnect-iam-over-tls", CONNECTOR, set_path("kafkaClusterEncryptionInTransit", "encryptionType", value="PLAINTEXT")),
    ("mskconnect-no-plaintext-secrets", CONNECTOR, literal_private_key),
    ("s3-public-access-block-complete", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", set_path("blockPublicPolicy", value=False)),
    ("s3-versioning-enabled", "aws:s3/bucketVersioning:BucketVersioning", set_path("versioningConfiguration", "status", value="Suspended")),
    ("log-retention", "aws:cloudwatch/logGroup:LogGroup", set_path("retentionInDays", value=30)),
    ("log-retention", "aws:cloudwatch/logGroup:LogGroup", remove("retentionInDays")),
]  # fmt: skip


def target(run: ProgramRun, selector: str) -> RecordedResource:
    """The first resource of a type, or the resource with that name."""
    if ":" in selector:
        return run.of_type(selector)[0]
    return run.named(selector)


def findings_of(run: ProgramRun, policy_name: str) -> list:
    return evaluate(run, [BY_NAME[policy_name]])


@pytest.fixture
def https_prod(run_deployed) -> ProgramRun:
    """prod with a certificate and its connectors: the one advisory finding of prod (plain HTTP) is gone."""
    return run_deployed("prod", HTTPS)


@pytest.mark.parametrize(("policy", "selector", "edit"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_policy_fires_on_a_crafted_bad_resource(https_prod: ProgramRun, policy: str, selector: str, edit) -> None:
    assert findings_of(https_prod, policy) == [], "the program's own resources must pass"
    resource = target(https_prod, selector)
    edit(resource.inputs)
    found = findings_of(https_prod, policy)
    assert [f.resource for f in found] == [resource.name], found
    expected_level = BY_NAME[policy].enforcement_level.value
    assert found[0].enforcement == expected_level and found[0].policy == policy
    assert found[0].message


POLICY = "aws:msk/clusterPolicy:ClusterPolicy"
MULTI_VPC = {
    "vpcConnectivity": {"iam": True},
    "clusterPolicy": {
        "accounts": ["111122223333"],
        "dataAccess": [{"account": "111122223333", "topics": ["orders"], "groups": ["analytics-*"]}],
    },
}
# Policies of resources prod has only with an option on: (policy, type, edit, option).
OPTION_CASES = [
    ("msk-cluster-policy-least-privilege", POLICY, json_prop("policy", first_statement(lambda s: s.update(Principal={"AWS": "*"})))),
    ("msk-cluster-policy-least-privilege", POLICY, json_prop("policy", first_statement(lambda s: s.update(Action=["kafka-cluster:*"])))),
    ("msk-cluster-policy-least-privilege", POLICY, json_prop("policy", lambda d: d["Statement"][2].update(Resource=["arn:aws:kafka:eu-west-2:123456789012:topic/c/u/*"]))),
    ("msk-cluster-policy-least-privilege", POLICY, json_prop("policy", lambda d: d["Statement"][1].update(Action=["kafka-cluster:AlterCluster"]))),
]  # fmt: skip


def test_the_pack_and_the_component_grant_the_same_actions() -> None:
    from components import catalog
    from policy import baseline

    assert set(catalog.MULTI_VPC_CLUSTER_POLICY_ACTIONS) == baseline.MULTI_VPC_ACTIONS
    assert set(catalog.CROSS_ACCOUNT_CLUSTER_ACTIONS) == baseline.CROSS_ACCOUNT_CLUSTER_ACTIONS


@pytest.mark.parametrize(
    ("policy", "selector", "edit"), OPTION_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(OPTION_CASES)]
)
def test_option_policy_fires_on_a_crafted_bad_resource(run_stack, policy: str, selector: str, edit) -> None:
    run = run_stack("prod", MULTI_VPC)
    assert findings_of(run, policy) == [], "the program's own resources must pass"
    resource = target(run, selector)
    edit(resource.inputs)
    assert [f.resource for f in findings_of(run, policy)] == [resource.name]


REPLICATOR = "aws:msk/replicator:Replicator"


def first_topic_replication(change: Callable[[Props], None]) -> Callable[[Props], None]:
    def edit(props: Props) -> None:
        change(props["replicationInfoList"]["topicReplications"][0])

    return edit


# Policies of the DR side: the committed dr stack's replicator, prod's replication source statement.
DR_CASES = [
    ("dr", "msk-replicator-logs-in-production", REPLICATOR, remove("logDelivery")),
    ("dr", "msk-replicator-complete-standby-in-production", REPLICATOR, first_topic_replication(set_path("startingPosition", "type", value="LATEST"))),
    ("dr", "msk-replicator-complete-standby-in-production", REPLICATOR, first_topic_replication(set_path("topicNameConfiguration", "type", value="PREFIXED_WITH_SOURCE_CLUSTER_ALIAS"))),
    ("prod", "msk-cluster-policy-least-privilege", POLICY, json_prop("policy", first_statement(lambda s: s.update(Principal={"Service": "lambda.amazonaws.com"})))),
    ("prod", "msk-cluster-policy-least-privilege", POLICY, json_prop("policy", first_statement(lambda s: s.update(Action=["kafka:CreateVpcConnection", "kafka:UpdateConnectivity"])))),
]  # fmt: skip


@pytest.mark.parametrize(
    ("stack", "policy", "selector", "edit"), DR_CASES, ids=[f"{c[1]}-{i}" for i, c in enumerate(DR_CASES)]
)
def test_dr_policy_fires_on_a_crafted_bad_resource(run_stack, stack: str, policy: str, selector: str, edit) -> None:
    run = run_stack(stack)
    assert findings_of(run, policy) == [], "the program's own resources must pass"
    resource = target(run, selector)
    edit(resource.inputs)
    found = findings_of(run, policy)
    assert {f.resource for f in found} == {resource.name}, found
    assert found[0].enforcement == BY_NAME[policy].enforcement_level.value


def test_the_dr_stack_as_configured_has_no_mandatory_finding(run_stack) -> None:
    findings = evaluate(run_stack("dr"))
    assert {(f.policy, f.resource) for f in findings} == {
        ("alb-https-listener", "streaming-platform-dr-schema-registry-listener")
    }


def test_every_policy_has_a_bad_resource_case() -> None:
    covered = {case[0] for case in [*CASES, *OPTION_CASES]} | {policy.name for policy in STACK_POLICIES}
    covered |= {case[1] for case in DR_CASES}
    assert covered == set(BY_NAME)


def _bucket_run(https_prod: ProgramRun, drop_type: str) -> ProgramRun:
    https_prod.resources = [r for r in https_prod.resources if r.type != drop_type]
    return https_prod


@pytest.mark.parametrize(
    ("drop_type", "missing"),
    [
        ("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "a public access block"),
        (
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "default encryption",
        ),
        ("aws:s3/bucketVersioning:BucketVersioning", "versioning"),
        ("aws:s3/bucketPolicy:BucketPolicy", "denying non-TLS requests"),
        ("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "expiring noncurrent versions"),
    ],
)
def test_bucket_baseline_names_the_missing_companion(https_prod: ProgramRun, drop_type: str, missing: str) -> None:
    assert findings_of(https_prod, "s3-bucket-baseline") == []
    found = findings_of(_bucket_run(https_prod, drop_type), "s3-bucket-baseline")
    buckets = {b.name for b in https_prod.of_type("aws:s3/bucket:Bucket")}  # plugin + access logs
    assert len(buckets) == 2
    assert {(f.resource, f.enforcement) for f in found} == {(name, "mandatory") for name in buckets}
    assert all(missing in f.message for f in found)


def test_bucket_baseline_needs_noncurrent_versions_to_expire(https_prod: ProgramRun) -> None:
    lifecycle = https_prod.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", within=IN_PLUGIN)
    rules = [
        {k: v for k, v in rule.items() if k != "noncurrentVersionExpiration"} for rule in lifecycle.outputs["rules"]
    ]
    lifecycle.outputs = {**lifecycle.outputs, "rules": rules}
    found = findings_of(https_prod, "s3-bucket-baseline")
    assert [f.resource for f in found] == [https_prod.one("aws:s3/bucket:Bucket", within=IN_PLUGIN).name]
    assert "lifecycle rule expiring noncurrent versions" in found[0].message


def test_bucket_baseline_needs_the_policy_to_deny_insecure_transport(https_prod: ProgramRun) -> None:
    policy = https_prod.one("aws:s3/bucketPolicy:BucketPolicy", within=IN_PLUGIN)
    document = json.loads(policy.outputs["policy"])
    document["Statement"][0]["Condition"] = {"Bool": {"aws:SecureTransport": "true"}}
    policy.outputs = {**policy.outputs, "policy": json.dumps(document)}
    found = findings_of(https_prod, "s3-bucket-baseline")
    assert len(found) == 1 and "aws:SecureTransport=false" in found[0].message


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_stacks_as_configured_have_no_mandatory_finding(run_stack, run_deployed, stack: str) -> None:
    assert not has_mandatory(evaluate(run_deployed(stack))), "with the connectors of the second `up`"
    findings = evaluate(run_stack(stack))
    assert [f for f in findings if f.enforcement == "mandatory"] == []
    # The one thing left is advisory: the registry listens on plain HTTP
    # inside the VPC until a certificate is configured.
    assert {(f.policy, f.resource) for f in findings} == {
        ("alb-https-listener", f"streaming-platform-{stack}-schema-registry-listener")
    }


def test_https_prod_has_no_finding_at_all(https_prod: ProgramRun) -> None:
    assert evaluate(https_prod) == []


def test_production_rules_apply_only_to_production_stacks(run_stack) -> None:
    dev = run_stack("dev", {"logRetentionDays": 30, "enhancedMonitoring": "DEFAULT"})
    assert findings_of(dev, "log-retention") == []
    assert findings_of(dev, "msk-enhanced-monitoring-in-production") == []
    assert findings_of(dev, "alb-deletion-protection-in-production") == []
    prod = run_stack("prod", {"logRetentionDays": 30, "enhancedMonitoring": "DEFAULT"})
    assert len(findings_of(prod, "log-retention")) == len(prod.of_type("aws:cloudwatch/logGroup:LogGroup"))
    assert "keep at least 365" in findings_of(prod, "log-retention")[0].message
    assert len(findings_of(prod, "msk-enhanced-monitoring-in-production")) == 1


def test_stack_is_read_from_the_urn() -> None:
    assert stack_of("urn:pulumi:prod::streaming-platform::aws:kms/key:Key::k") == "prod"
    assert stack_of("urn:pulumi:team-dev::p::streaming-platform:index:MskCluster$aws:kms/key:Key::k") == "team-dev"


def test_policies_have_unique_names_levels_and_descriptions() -> None:
    assert len(BY_NAME) == len(POLICIES)
    for policy in POLICIES:
        assert policy.enforcement_level is not None and policy.description, policy.name


def test_the_pack_entry_point_publishes_every_policy() -> None:
    """policy/__main__.py hands POLICIES (imported from its own folder) to a PolicyPack.
    Read, not run: constructing a PolicyPack starts the analyzer server."""
    tree = ast.parse((POLICY_DIR / "__main__.py").read_text())
    imports = {
        (node.module, alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names
    }
    assert ("baseline", "POLICIES") in imports
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "PolicyPack")
    assert any(k.arg == "policies" and getattr(k.value, "id", "") == "POLICIES" for k in call.keywords)
    project = yaml.safe_load((POLICY_DIR / "PulumiPolicy.yaml").read_text())
    assert project["runtime"]["name"] == "python"
    assert "pulumi-policy" in (POLICY_DIR / "requirements.txt").read_text()


def test_flow_logs_are_mandatory_for_a_vpc_of_a_production_stack(https_prod: ProgramRun, run_stack) -> None:
    assert findings_of(https_prod, "vpc-flow-logs-in-production") == []
    found = findings_of(_bucket_run(https_prod, "aws:ec2/flowLog:FlowLog"), "vpc-flow-logs-in-production")
    assert [(f.resource, f.enforcement) for f in found] == [(https_prod.one("aws:ec2/vpc:Vpc").name, "mandatory")]
    dev_without = run_stack("dev", {"network.flowLogs": False})
    assert findings_of(dev_without, "vpc-flow-logs-in-production") == [], "dev may turn them off"
