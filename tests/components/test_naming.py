"""Physical names fit AWS's limits for the longest stack and connector names.

The limits below are written out again from the AWS API references instead
of being read from `components.aws.naming`, so these tests check the program
against AWS, not the helper against itself.
"""

from __future__ import annotations

import re

import pytest

from components.aws.naming import NameRule, fit, logical_name, physical_name
from tools.mock_runner import ProgramRun

# A 40-character stack name using every character Pulumi allows in one (`_` and `.` too).
LONG_STACK = "data_platform.eu-west-2.production-blue1"
# A 100-character connector name (MSK Connect allows 128).
LONG_CONNECTOR = ("orders_to_snowflake-" + "a1" * 50)[:100]

# type -> (input holding the explicit name, max length, pattern of the whole name)
EXPLICIT = {
    "aws:msk/cluster:Cluster": ("clusterName", 64, r"[A-Za-z0-9][A-Za-z0-9-]*"),
    "aws:kms/alias:Alias": ("name", 256, r"alias/[A-Za-z0-9/_-]+"),
    "aws:cloudwatch/logGroup:LogGroup": ("name", 512, r"[A-Za-z0-9._/#-]+"),
    "aws:secretsmanager/secret:Secret": ("name", 512, r"[A-Za-z0-9/_+=.@-]+"),
    "aws:lb/loadBalancer:LoadBalancer": ("name", 32, r"(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"),
    "aws:ecs/taskDefinition:TaskDefinition": ("family", 255, r"[A-Za-z0-9_-]+"),
    "aws:mskconnect/connector:Connector": ("name", 128, r"[-_a-zA-Z][-_$a-zA-Z0-9]+"),
    "aws:msk/topic:Topic": ("name", 249, r"[A-Za-z0-9._-]+"),
    "aws:cloudwatch/dashboard:Dashboard": ("dashboardName", 255, r"[A-Za-z0-9_-]+"),
    "aws:lambda/function:Function": ("name", 64, r"[A-Za-z0-9_-]+"),  # CreateFunction FunctionName
    # name_prefix: at most 6 characters; the provider completes it to 32
    "aws:lb/targetGroup:TargetGroup": ("namePrefix", 6, r"[A-Za-z0-9-]+"),
}
# Named by Pulumi: logical name + "-" + 7 random hex characters (S3 buckets lower-cased).
AUTONAMED = {
    "aws:iam/role:Role": (64, r"[\w+=,.@-]+"),
    "aws:iam/rolePolicy:RolePolicy": (128, r"[\w+=,.@-]+"),
    "aws:iam/policy:Policy": (128, r"[\w+=,.@-]+"),
    "aws:msk/configuration:Configuration": (64, r"[0-9A-Za-z][0-9A-Za-z-]*"),
    "aws:mskconnect/workerConfiguration:WorkerConfiguration": (128, r"[\x20-\x7e]+"),
    "aws:mskconnect/customPlugin:CustomPlugin": (128, r"[\x20-\x7e]+"),
    "aws:s3/bucket:Bucket": (63, r"[a-z0-9][a-z0-9.-]*[a-z0-9]"),
    "aws:ecs/cluster:Cluster": (255, r"[A-Za-z0-9_-]+"),
    "aws:ecs/service:Service": (255, r"[A-Za-z0-9_-]+"),
    "aws:sns/topic:Topic": (256, r"[A-Za-z0-9_-]+"),
    "aws:ec2/securityGroup:SecurityGroup": (255, r"[A-Za-z0-9 ._:/()#,@\[\]+=&;{}!$*-]+"),
    "aws:cloudwatch/metricAlarm:MetricAlarm": (255, r"[\x20-\x7e]+"),
    "aws:appautoscaling/policy:Policy": (256, r"[\x20-\x7e]+"),
}
# Types that take no name at all (their Name tag is checked with every tag).
UNNAMED = {
    "aws:appautoscaling/target:Target",
    "aws:msk/clusterPolicy:ClusterPolicy",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    "aws:ec2/eip:Eip",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/route:Route",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/vpc:Vpc",
    "aws:kms/key:Key",
    "aws:lb/listener:Listener",
    "aws:lambda/invocation:Invocation",
    "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation",
    "aws:s3/bucketObjectv2:BucketObjectv2",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:ec2/flowLog:FlowLog",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:secretsmanager/secretVersion:SecretVersion",
    "aws:sns/topicSubscription:TopicSubscription",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "random:index/randomPassword:RandomPassword",
    "tls:index/privateKey:PrivateKey",
}
PULUMI_SUFFIX = "-0a1b2c3"


def name_problems(run: ProgramRun) -> list[str]:
    """Every name (or generated name, or tag) of the run that AWS would refuse."""
    found = []
    for resource in (r for r in run.resources if r.custom):
        if resource.type in EXPLICIT:
            field, limit, pattern = EXPLICIT[resource.type]
            name = resource.inputs.get(field)
        elif resource.type in AUTONAMED:
            limit, pattern = AUTONAMED[resource.type]
            assert "name" not in resource.inputs, f"{resource.name}: named explicitly, expected auto-naming"
            name = resource.name + PULUMI_SUFFIX
            name = name.lower() if resource.type == "aws:s3/bucket:Bucket" else name
        else:
            assert resource.type in UNNAMED, f"{resource.type}: add its AWS name rule to this test"
            name, limit, pattern = None, 0, ""
        if name is not None and (len(name) > limit or not re.fullmatch(pattern, name)):
            found.append(f"{resource.type} {name!r} ({len(name)} > {limit} or not {pattern})")
        for key, value in (resource.inputs.get("tags") or {}).items():
            if len(key) > 128 or len(value) > 256:  # EC2 and most services: tag key 128, value 256
                found.append(f"{resource.name}: tag {key} = {value!r}")
    return found


@pytest.mark.parametrize("base", ["dev", "prod"])
def test_a_40_character_stack_with_a_100_character_connector_plans_within_every_limit(run_deployed, base) -> None:
    assert (len(LONG_STACK), len(LONG_CONNECTOR)) == (40, 100)
    # With Kafka ACLs declared, so the ACL function's names are judged too.
    overrides = {
        "snowflake.connectors[0].name": LONG_CONNECTOR,
        "scramUsers": [{"name": "analytics", "acls": [
            {"resource": {"type": "topic", "name": "orders"}, "operations": ["Read"]}]}],
    }  # fmt: skip
    run = run_deployed(LONG_STACK, overrides, stack_file=base)
    assert run.of_type("aws:lambda/function:Function")
    assert name_problems(run) == []
    cluster_name = run.one("aws:msk/cluster:Cluster").inputs["clusterName"]
    assert "_" not in cluster_name and "." not in cluster_name, "MSK accepts only letters, digits and hyphens"
    connector = run.one("aws:mskconnect/connector:Connector").inputs["name"]
    assert connector.startswith("streaming-platform-data_platform-eu-west-2-production-blue1-orders_to_snowflake-a1")
    assert len(connector) == 128 and re.search(r"-[0-9a-f]{8}$", connector)
    policy = run.one("aws:iam/rolePolicy:RolePolicy", within="streaming-platform:index:SnowflakeSinkConnector")
    assert f"group/{cluster_name}/" in policy.inputs["policy"] and f"connect-{connector}" in policy.inputs["policy"]


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_committed_stacks_keep_their_names(run_deployed, stack: str) -> None:
    """Names that already fit are never rewritten (a new cluster name is a new cluster)."""
    run = run_deployed(stack)
    assert name_problems(run) == []
    assert run.one("aws:msk/cluster:Cluster").inputs["clusterName"] == f"streaming-platform-{stack}"
    assert run.one("aws:lb/loadBalancer:LoadBalancer").inputs["name"] == f"streaming-platform-{stack}-registry"
    role = run.one("aws:iam/role:Role", within="streaming-platform:index:SnowflakeSinkConnector")
    assert role.name == f"streaming-platform-{stack}-orders-to-snowflake-role"


def test_the_long_connector_role_was_shortened_to_fit_the_auto_name() -> None:
    name = f"streaming-platform-{LONG_STACK}-{LONG_CONNECTOR}-role"
    fitted = logical_name("aws:iam/role:Role", name)
    assert len(fitted) + len(PULUMI_SUFFIX) == 64
    assert fitted == logical_name("aws:iam/role:Role", name), "deterministic"
    assert re.fullmatch(r"streaming-platform-data_platform\.eu-west-2\.prod-[0-9a-f]{8}", fitted)


RULE = NameRule(20, r"[^A-Za-z0-9-]")


def test_fit_leaves_a_valid_name_alone() -> None:
    assert fit("streaming-platform", RULE) == "streaming-platform"


def test_fit_truncates_with_a_hash_so_similar_long_names_differ() -> None:
    a, b = fit("streaming-platform-production-eu", RULE), fit("streaming-platform-production-us", RULE)
    assert len(a) == len(b) == 20 and a != b
    assert re.fullmatch(r"streaming-p-[0-9a-f]{8}", a)


def test_fit_replaces_characters_the_type_refuses_and_marks_the_change() -> None:
    cleaned = fit("dev_eu.1", RULE)
    assert cleaned.startswith("dev-eu-1-") and cleaned != fit("dev-eu-1", RULE)


def test_fit_reserves_room_for_a_suffix() -> None:
    assert len(fit("a" * 20, RULE, reserve=8)) == 12


def test_secret_names_never_end_in_a_hyphen_and_six_characters() -> None:
    """Secrets Manager reads `name-XXXXXX` as a partial ARN: the hash is 8 long."""
    long = physical_name("aws:secretsmanager/secret:Secret", "x" * 600)
    assert not re.search(r"-[A-Za-z0-9]{6}$", long)


def test_bucket_names_are_lower_case() -> None:
    assert logical_name("aws:s3/bucket:Bucket", "Stack_A-bucket") == logical_name(
        "aws:s3/bucket:Bucket", "Stack_A-bucket"
    )
    assert re.fullmatch(r"stack-a-bucket-[0-9a-f]{8}", logical_name("aws:s3/bucket:Bucket", "Stack_A-bucket"))
