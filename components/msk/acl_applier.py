"""The machinery that applies a cluster's Kafka ACLs on every `pulumi up`.

MSK has no control-plane API for Kafka ACLs, and `pulumi up` usually runs
outside the VPC. So the ACLs are applied by a small Lambda function in the
cluster's private subnets (`kafka_acl_function`), invoked by
`aws.lambda_.Invocation` with the CRUD lifecycle whenever its input changes:
the declared bindings, their principals, the cluster, or `kafka_acls_revision`
(terraform-provider-aws internal/service/lambda/invocation.go: the previous
input travels under `tf.prev_input`, `input` updates in place,
`function_name`, `qualifier` and `triggers` force a new invocation). The
function is named from the component, not from the cluster's physical name,
so renaming or replacing the cluster updates the invocation (its input names
the new cluster) instead of replacing it.

Children of the cluster (all named `<cluster>-kafka-acls-*`): a security group
(egress to the brokers' IAM port only; the brokers admit it with a described
rule), an execution role (trusted by lambda.amazonaws.com for this account)
with the least it needs, a CMK-encrypted log group with the stack's retention,
the function, and the invocation.
"""

from __future__ import annotations

import importlib.metadata
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..aws.common import (
    encrypted_log_group,
    inline_role_policy,
    rules_only_security_group,
    security_group_rule,
    service_role,
)
from ..aws.iam import PolicyDocument
from ..aws.naming import physical_name
from . import acl_function
from .model import MskClusterArgs


class AclCluster(Protocol):
    """What the function needs of the cluster it serves (an `MskCluster`, which is also the
    parent of what it builds): named here so that this module does not import the cluster's."""

    args: MskClusterArgs
    tags: Mapping[str, str]
    physical_name: str
    arn: pulumi.Output[str]
    bootstrap_brokers_sasl_iam: pulumi.Output[str]
    kms_key_arn: pulumi.Output[str]
    security_group_id: pulumi.Output[str]

    def allow_ingress_from(self, label: str, security_group_id: pulumi.Input[str], auth: Any) -> pulumi.Resource: ...


FUNCTION_MODULE = "kafka_acl_function"
RUNTIME = "python3.12"
TIMEOUT_SECONDS = 120
MEMORY_MIB = 256
# The function's pure-Python dependencies, bundled from the versions pinned in
# requirements.txt (installed where `pulumi up` runs; no pip at `up`). boto3,
# which the signer uses, is part of the Lambda Python runtime.
BUNDLED_DISTRIBUTIONS = ("kafka-python", "aws-msk-iam-sasl-signer-python")
# What an installer writes beside a distribution's own files (PEP 376, PEP 610,
# PEP 627: RECORD, INSTALLER, REQUESTED, direct_url.json) differs from machine to
# machine; a wheel's `<name>.data/` scripts and console entry points in `bin/` are
# not importable. None of them goes into the archive, so it is the same bytes
# wherever `pulumi up` runs.
INSTALLER_FILES = ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")
# MSK Developer Guide, "Semantics of IAM authorization policy actions and
# resources" (https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html):
# kafka-cluster:AlterCluster is Kafka's ALTER on CLUSTER, which CreateAcls and
# DeleteAcls require; DescribeCluster is DESCRIBE on CLUSTER (DescribeAcls);
# both require Connect.
KAFKA_ACTIONS = ("kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:AlterCluster")
# On delete, the function asks MSK whether the cluster still exists (a cluster
# replaced, renamed or deleted outside Pulumi took its ACLs with it). Service
# Authorization Reference, Amazon MSK: DescribeClusterV2 takes the cluster resource.
CONTROL_PLANE_ACTIONS = ("kafka:DescribeClusterV2",)
# A function in a VPC manages its network interfaces (Lambda Developer Guide,
# "Giving Lambda functions access to resources in an Amazon VPC": the
# AWSLambdaVPCAccessExecutionRole permissions). EC2 scopes none of them to a
# resource that exists before the function.
VPC_ACTIONS = (
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
)


def archived(path: str) -> bool:
    """Whether a distribution's installed file (its RECORD path) belongs in the archive:
    sources and the wheel's own metadata; no bytecode, nothing outside site-packages,
    nothing an installer adds."""
    parts = path.split("/")
    if path.startswith(("..", "/")) or "__pycache__" in parts or path.endswith((".pyc", ".pyo")):
        return False
    if parts[0] == "bin" or parts[0].endswith(".data"):
        return False
    return not (parts[0].endswith(".dist-info") and parts[-1] in INSTALLER_FILES)


def bundled_files() -> dict[str, Path]:
    """Archive path -> file, for the function: its module and each bundled
    distribution's files as installed (`archived`)."""
    files = {f"{FUNCTION_MODULE}.py": Path(acl_function.__file__)}
    for name in BUNDLED_DISTRIBUTIONS:
        distribution = importlib.metadata.distribution(name)
        for entry in distribution.files or ():
            if archived(str(entry)):
                files[str(entry)] = Path(str(distribution.locate_file(entry)))
    return files


def function_code() -> pulumi.AssetArchive:
    return pulumi.AssetArchive({path: pulumi.FileAsset(str(file)) for path, file in sorted(bundled_files().items())})


def function_policy(cluster_arn: str, log_group_arn: str) -> PolicyDocument:
    """Kafka ACL administration on this cluster, its own log group, its network interfaces."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "AdministerKafkaAcls", "Effect": "Allow", "Action": list(KAFKA_ACTIONS), "Resource": [cluster_arn]},
            {
                "Sid": "CheckClusterExists",
                "Effect": "Allow",
                "Action": list(CONTROL_PLANE_ACTIONS),
                "Resource": [cluster_arn],
            },
            {
                "Sid": "WriteOwnLogs",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": [log_group_arn, f"{log_group_arn}:log-stream:*"],
            },
            {"Sid": "ManageVpcNetworkInterfaces", "Effect": "Allow", "Action": list(VPC_ACTIONS), "Resource": ["*"]},
        ],
    }


class KafkaAclApplier:
    """Builds the function and its invocation under `cluster` (its children)."""

    def __init__(
        self, cluster: AclCluster, name: str, account_id: str, render_input: Callable[[str, str], str]
    ) -> None:
        self.cluster = cluster
        self.name = name
        tags = cluster.tags
        args = cluster.args
        # From the component (`name`), not the cluster's physical name: `function_name`
        # forces a new invocation, whose delete-then-create would open a gap in the ACLs.
        self.function_name = physical_name("aws:lambda/function:Function", name)

        group = rules_only_security_group(
            name, f"Kafka ACL function of {cluster.physical_name}", args.vpc_id, cluster, tags
        )
        egress = security_group_rule(
            f"{name}-to-brokers",
            "egress",
            group.id,
            catalog.PORT_SASL_IAM,
            "SASL/IAM to the MSK brokers (Kafka Admin API)",
            cluster,
            tags,
            referenced_security_group_id=cluster.security_group_id,
        )
        ingress = cluster.allow_ingress_from("kafka-acls", group.id, "iam")
        log_group = encrypted_log_group(
            f"{name}-logs",
            f"/aws/lambda/{self.function_name}",
            args.log_retention_days,
            cluster.kms_key_arn,
            cluster,
            tags,
        )
        role = service_role(
            f"{name}-role", "lambda.amazonaws.com", "Applies the cluster's Kafka ACLs", account_id, cluster, tags
        )
        policy = inline_role_policy(
            f"{name}-policy",
            role,
            pulumi.Output.all(cluster.arn, log_group.arn).apply(lambda a: json.dumps(function_policy(a[0], a[1]))),
            cluster,
        )
        self.function = aws.lambda_.Function(
            f"{name}-function",
            name=self.function_name,
            description=f"Applies the Kafka ACLs of {cluster.physical_name} (streaming-platform)",
            runtime=RUNTIME,
            architectures=["arm64"],
            handler=f"{FUNCTION_MODULE}.handler",
            role=role.arn,
            code=function_code(),
            timeout=TIMEOUT_SECONDS,
            memory_size=MEMORY_MIB,
            vpc_config=aws.lambda_.FunctionVpcConfigArgs(subnet_ids=args.subnet_ids, security_group_ids=[group.id]),
            logging_config=aws.lambda_.FunctionLoggingConfigArgs(log_format="Text", log_group=log_group.name),
            tags=dict(tags),
            # The role must carry its ENI permissions before Lambda creates the
            # function in the VPC, and the log group must exist to receive logs.
            opts=pulumi.ResourceOptions(parent=cluster, depends_on=[policy, log_group]),
        )
        # Delete before replace: a new invocation (a renamed function) creates
        # every binding, and deleting the old one afterwards would delete them.
        self.invocation = aws.lambda_.Invocation(
            f"{name}-apply",
            function_name=self.function.name,
            lifecycle_scope="CRUD",
            input=pulumi.Output.all(cluster.arn, cluster.bootstrap_brokers_sasl_iam).apply(
                lambda a: render_input(a[0], a[1])
            ),
            opts=pulumi.ResourceOptions(parent=cluster, depends_on=[ingress, egress], delete_before_replace=True),
        )


def invocation_input(
    cluster_arn: str,
    bootstrap_servers: str,
    region: str,
    principals: Sequence[str],
    bindings: Sequence[Sequence[str]],
    revision: int = 0,
) -> str:
    """The JSON the function receives (besides the lifecycle's `tf` key): the
    cluster, the principals the stack manages and their bindings, and the
    revision that forces a run."""
    return json.dumps(
        {
            "clusterArn": cluster_arn,
            "bootstrapServers": bootstrap_servers,
            "region": region,
            "principals": sorted(principals),
            "bindings": [list(b) for b in bindings],
            "revision": revision,
        },
        sort_keys=True,
    )
