"""Every IAM policy the program writes, linted: known actions only, and each
resource in the ARN form its action takes (IAM service authorization
reference). No `*` action; `*` resource only where an action has no resource
type (ecr:GetAuthorizationToken)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from components.aws.iam import elb_access_log_statements
from tests.components.test_snowflake_connector import SNOWPIPE, TWO_CONNECTORS

R, A = "eu-west-2", "123456789012"
CLUSTER = rf"arn:aws:kafka:{R}:{A}:cluster/[a-z0-9-]+/[0-9a-f-]+"
TOPIC = rf"arn:aws:kafka:{R}:{A}:topic/[a-z0-9-]+/[0-9a-f-]+/[A-Za-z0-9._*-]+"
GROUP = rf"arn:aws:kafka:{R}:{A}:group/[a-z0-9-]+/[0-9a-f-]+/[A-Za-z0-9._*-]+"
SECRET = rf"arn:aws:secretsmanager:{R}:{A}:secret:[A-Za-z0-9/_+=.@-]+"
KEY = rf"arn:aws:kms:{R}:{A}:key/[0-9a-f-]+"
LOG_GROUP = rf"arn:aws:logs:{R}:{A}:log-group:[A-Za-z0-9/_.-]+"
LOG_STREAM = rf"{LOG_GROUP}:log-stream:\*"
ECR_REPOSITORY = rf"arn:aws:ecr:{R}:{A}:repository/[a-z0-9._/-]+"

# action -> resource forms it accepts
KNOWN_ACTIONS: dict[str, tuple[str, ...]] = {
    "kafka-cluster:Connect": (CLUSTER,),
    "kafka-cluster:DescribeCluster": (CLUSTER,),
    "kafka-cluster:WriteDataIdempotently": (CLUSTER,),
    "kafka-cluster:CreateTopic": (TOPIC,),
    "kafka-cluster:DescribeTopic": (TOPIC,),
    "kafka-cluster:ReadData": (TOPIC,),
    "kafka-cluster:WriteData": (TOPIC,),
    "kafka-cluster:DescribeGroup": (GROUP,),
    "kafka-cluster:AlterGroup": (GROUP,),
    "secretsmanager:GetSecretValue": (SECRET,),
    "kms:Decrypt": (KEY,),
    "logs:CreateLogStream": (LOG_GROUP, LOG_STREAM),
    "logs:PutLogEvents": (LOG_GROUP, LOG_STREAM),
    "logs:DescribeLogStreams": (LOG_GROUP, LOG_STREAM),
    "logs:DescribeLogGroups": (rf"arn:aws:logs:{R}:{A}:log-group:\*",),
    "ecr:GetAuthorizationToken": (r"\*",),
    "ecr:BatchCheckLayerAvailability": (ECR_REPOSITORY,),
    "ecr:GetDownloadUrlForLayer": (ECR_REPOSITORY,),
    "ecr:BatchGetImage": (ECR_REPOSITORY,),
}
TRUSTED_SERVICES = {"ecs-tasks.amazonaws.com", "kafkaconnect.amazonaws.com", "vpc-flow-logs.amazonaws.com"}
ECR_IMAGE = {"schemaRegistry": {"image": f"{A}.dkr.ecr.{R}.amazonaws.com/mirror/cp-schema-registry:8.1.1"}}
CASES = [("dev", {}), ("prod", {}), ("prod", TWO_CONNECTORS), ("prod", SNOWPIPE), ("prod", ECR_IMAGE)]


def policies(run) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for kind in ("aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy"):
        found += [(r.name, json.loads(r.inputs["policy"])) for r in run.of_type(kind)]
    return found


@pytest.mark.parametrize(("stack", "overrides"), CASES)
def test_every_action_is_known_and_every_resource_matches_its_form(run_stack, stack, overrides) -> None:
    run = run_stack(stack, overrides)
    documents = policies(run)
    assert len(documents) >= 2
    for name, document in documents:
        assert document["Version"] == "2012-10-17"
        for statement in document["Statement"]:
            assert statement["Effect"] == "Allow", name
            for action in statement["Action"]:
                assert action in KNOWN_ACTIONS, f"{name}: unknown or unexpected action {action}"
                for resource in statement["Resource"]:
                    assert any(re.fullmatch(form, resource) for form in KNOWN_ACTIONS[action]), (
                        f"{name}: {action} on {resource}"
                    )


@pytest.mark.parametrize(("stack", "overrides"), CASES)
def test_roles_trust_one_known_service_for_this_account(run_stack, stack, overrides) -> None:
    for role in run_stack(stack, overrides).of_type("aws:iam/role:Role"):
        (statement,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
        assert statement["Principal"]["Service"] in TRUSTED_SERVICES, role.name
        assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": A}}, role.name


def test_the_lint_catches_the_seed_documents_cluster_wildcard() -> None:
    seed_form = "arn:aws:kafka:eu-west-2:123456789012:cluster/streaming-platform-prod/abc-1/*"
    assert not any(re.fullmatch(form, seed_form) for form in KNOWN_ACTIONS["kafka-cluster:ReadData"])


@pytest.mark.parametrize(("region", "partition", "principal"), [
    ("us-east-1", "aws", {"AWS": "arn:aws:iam::127311923021:root"}),
    ("eu-west-2", "aws", {"AWS": "arn:aws:iam::652711504416:root"}),
    # regions opened since August 2022 deliver as the service principal
    ("ap-southeast-4", "aws", {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}),
    ("cn-north-1", "aws-cn", {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}),
])  # fmt: skip
def test_elb_may_write_access_logs_under_its_prefix_only(region: str, partition: str, principal: dict) -> None:
    arn = f"arn:{partition}:s3:::logs"
    (statement,) = elb_access_log_statements(arn, "schema-registry", "123456789012", region, partition)
    assert statement["Principal"] == principal and statement["Action"] == "s3:PutObject"
    assert statement["Resource"] == f"{arn}/schema-registry/AWSLogs/123456789012/*"
