"""Pure builders of IAM and KMS policy documents (dicts, JSON-ready).

No Pulumi here: each function takes plain strings, so the documents can be
unit-tested directly and built inside `Output.apply`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .. import catalog
from ..validation import Problems

PolicyDocument = dict[str, Any]


# --- MSK ARN forms -----------------------------------------------------------
# kafka-cluster:* IAM actions take three resource forms (docs/design.md#mskcluster, MSK
# Developer Guide "IAM access control", resources table):
#   arn:aws:kafka:R:A:cluster/NAME/UUID
#   arn:aws:kafka:R:A:topic/NAME/UUID/TOPIC
#   arn:aws:kafka:R:A:group/NAME/UUID/GROUP
# "${cluster_arn}/*" (source tutorials) matches none of the topic or group ARNs
# (docs/design.md#where-the-source-tutorials-are-wrong).


def _cluster_arn_parts(cluster_arn: str) -> tuple[str, str]:
    """Split a cluster ARN into (`arn:...:kafka:R:A`, `NAME/UUID`)."""
    head, sep, tail = cluster_arn.partition(":cluster/")
    if not sep or tail.count("/") != 1:
        raise ValueError(f"not an MSK cluster ARN: {cluster_arn!r}")
    return head, tail


def kafka_topic_arn(cluster_arn: str, topic: str) -> str:
    """ARN of a topic (or topic pattern such as `orders*`) in the cluster."""
    head, name_uuid = _cluster_arn_parts(cluster_arn)
    return f"{head}:topic/{name_uuid}/{topic}"


def kafka_group_arn(cluster_arn: str, group: str) -> str:
    """ARN of a consumer group (or pattern such as `connect-*`) in the cluster."""
    head, name_uuid = _cluster_arn_parts(cluster_arn)
    return f"{head}:group/{name_uuid}/{group}"


def _statement(sid: str, actions: Sequence[str], resources: Sequence[str], **extra: Any) -> dict[str, Any]:
    return {"Sid": sid, "Effect": "Allow", "Action": list(actions), "Resource": list(resources), **extra}


def _document(*statements: dict[str, Any]) -> PolicyDocument:
    return {"Version": "2012-10-17", "Statement": list(statements)}


# IAM's size limits, counted without whitespace (IAM User Guide, "IAM and AWS
# STS quotas": managed policy size 6,144 characters; inline policies of a role
# 10,240 characters together; role trust policy 2,048 characters).
MANAGED_POLICY_MAX_CHARS = 6144
ROLE_INLINE_POLICIES_MAX_CHARS = 10240
TRUST_POLICY_MAX_CHARS = 2048
# Managed policies one role may have attached: 10 by default, adjustable up to
# 20 through Service Quotas (same page, "Managed policies attached to an IAM role").
MANAGED_POLICIES_PER_ROLE = 10
MANAGED_POLICIES_PER_ROLE_MAX = 20


def policy_size(document: PolicyDocument | str) -> int:
    """A document's size as IAM counts it: its JSON without whitespace outside strings."""
    parsed = json.loads(document) if isinstance(document, str) else document
    return len(json.dumps(parsed, separators=(",", ":")))


def cluster_arn_stand_in(partition: str, account_id: str, region: str, cluster_name: str) -> str:
    """The longest ARN MSK can give the named cluster (`.../NAME/<UUID>-<revision>`,
    the revision taken at 3 digits): documents sized with it fit with the real one."""
    uuid = "ffffffff-ffff-ffff-ffff-ffffffffffff"
    return f"arn:{partition}:kafka:{region}:{account_id}:cluster/{cluster_name}/{uuid}-999"


# What a producer or consumer of the cluster's topics may do over IAM auth
# (MSK Developer Guide, "IAM access control": actions per Kafka API).
CLIENT_ACTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # role: (cluster actions, topic actions)
    "producer": (
        ("kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"),
        ("kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"),
    ),
    "consumer": (
        ("kafka-cluster:Connect", "kafka-cluster:DescribeCluster"),
        ("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"),
    ),
}
GROUP_ACTIONS = ("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup")


def kafka_client_policy(role: str, cluster_arn: str, topics: Sequence[str], group_pattern: str = "*") -> PolicyDocument:
    """Produce to (`producer`) or consume (`consumer`, in groups matching
    `group_pattern`) the given topics over IAM auth."""
    cluster_actions, topic_actions = CLIENT_ACTIONS[role]
    statements = [
        _statement("ConnectToCluster", cluster_actions, [cluster_arn]),
        _statement(
            "WriteTopics" if role == "producer" else "ReadTopics",
            topic_actions,
            [kafka_topic_arn(cluster_arn, t) for t in topics],
        ),
    ]
    if role == "consumer":
        statements.append(_statement("UseConsumerGroups", GROUP_ACTIONS, [kafka_group_arn(cluster_arn, group_pattern)]))
    return _document(*statements)


def kafka_producer_policy(cluster_arn: str, topics: Sequence[str]) -> PolicyDocument:
    """Write to the given topics over IAM auth (idempotent producers included)."""
    return kafka_client_policy("producer", cluster_arn, topics)


def data_plane_statements(cluster_arn: str, access: Any) -> list[dict[str, Any]]:
    """Cluster policy statements letting another account's IAM principals use the
    cluster's data plane over multi-VPC connectivity: connect (the cluster ARN),
    and `kafka-cluster:*` on the named topics and groups only (MSK Developer
    Guide, "Step 2: Attach a cluster policy to the MSK cluster", scoped from
    its `kafka-cluster:*` example). `access`: a `cluster_settings.DataAccess`."""
    principal = {"AWS": access.account}
    cluster_actions = list(catalog.CROSS_ACCOUNT_CLUSTER_ACTIONS)
    statements = [
        {**_statement(f"DataPlaneConnect{access.account}", cluster_actions, [cluster_arn]), "Principal": principal}
    ]
    resources = [kafka_topic_arn(cluster_arn, t) for t in access.topics] + [
        kafka_group_arn(cluster_arn, g) for g in access.groups
    ]
    if resources:
        statements.append(
            {
                **_statement(
                    f"DataPlaneTopicsAndGroups{access.account}", list(catalog.TOPIC_AND_GROUP_ACTIONS), resources
                ),
                "Principal": principal,
            }
        )
    return statements


class PolicyTooLarge(ValueError):
    """Not even one item fits in one document of the limit."""


def split_to_fit(build: Callable[[Sequence[str]], PolicyDocument], items: Sequence[str], limit: int) -> list[list[str]]:
    """`items` in order, cut into as few runs as keep `build(run)` within `limit`
    characters (IAM's count). Raises PolicyTooLarge when a single item does not fit."""
    runs: list[list[str]] = []
    run: list[str] = []
    for item in items:
        if run and policy_size(build([*run, item])) > limit:
            runs.append(run)
            run = []
        run.append(item)
        if len(run) == 1 and policy_size(build(run)) > limit:
            raise PolicyTooLarge(
                f"a document for {item!r} alone is {policy_size(build(run))} characters (limit {limit})"
            )
    if run:
        runs.append(run)
    return runs


def msk_key_policy(partition: str, account_id: str, region: str) -> PolicyDocument:
    """Explicit key policy of the cluster's CMK.

    - the account controls the key through IAM (the AWS default statement,
      kept explicit so nobody is locked out). Every other principal (the
      deployer creating the cluster and SCRAM secrets, the registry's
      execution role, the connector's role) needs an IAM policy naming this
      key: nothing is granted to `Principal: "*"`;
    - CloudWatch Logs may use it for this account's log groups;
    - CloudWatch alarms may publish to the encrypted SNS alarm topic.
    """
    account_root = f"arn:{partition}:iam::{account_id}:root"
    return _document(
        _statement("AccountAdministersKey", ["kms:*"], ["*"], Principal={"AWS": account_root}),
        _statement(
            "CloudWatchLogsEncryptLogGroups",
            ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            ["*"],
            Principal={"Service": f"logs.{region}.amazonaws.com"},
            Condition={
                "ArnLike": {
                    "kms:EncryptionContext:aws:logs:arn": f"arn:{partition}:logs:{region}:{account_id}:log-group:*"
                }
            },
        ),
        _statement(
            "CloudWatchAlarmsPublishToEncryptedTopic",
            ["kms:Decrypt", "kms:GenerateDataKey*"],
            ["*"],
            Principal={"Service": "cloudwatch.amazonaws.com"},
            Condition={"StringEquals": {"aws:SourceAccount": account_id}},
        ),
    )


def service_trust_policy(service: str, account_id: str) -> PolicyDocument:
    """Trust policy letting one AWS service assume a role, only on behalf of this
    account (`aws:SourceAccount` guards against the confused deputy)."""
    return _document(
        {
            "Sid": "TrustOneService",
            "Effect": "Allow",
            "Principal": {"Service": service},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
        }
    )


def read_secret_statements(secret_arns: Sequence[str], key_arn: str, region: str) -> list[dict[str, Any]]:
    """Read these Secrets Manager secrets and decrypt them with their CMK, only
    through Secrets Manager (`kms:ViaService`)."""
    return [
        _statement("ReadItsSecrets", ["secretsmanager:GetSecretValue"], list(secret_arns)),
        _statement(
            "DecryptThatSecret",
            ["kms:Decrypt"],
            [key_arn],
            Condition={"StringEquals": {"kms:ViaService": f"secretsmanager.{region}.amazonaws.com"}},
        ),
    ]


def write_flow_logs_policy(log_group_arn: str) -> str:
    """What the VPC Flow Logs service needs to deliver to one log group (VPC
    User Guide, "IAM role for publishing flow logs to CloudWatch Logs"), scoped
    to that group: it creates streams and describes the group and its streams."""
    account_groups = log_group_arn.split(":log-group:", 1)[0] + ":log-group:*"
    return json.dumps(
        _document(
            _statement(
                "WriteOneLogGroup",
                ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                [log_group_arn, f"{log_group_arn}:log-stream:*"],
            ),
            _statement("FindTheLogGroup", ["logs:DescribeLogGroups"], [account_groups]),
        )
    )


def elb_access_log_statements(
    bucket_arn: str, prefix: str, account_id: str, region: str, partition: str = "aws"
) -> list[dict[str, Any]]:
    """Let Elastic Load Balancing write this account's access logs under
    `<prefix>/AWSLogs/<account>/` of one bucket, and nothing else: the regional
    ELB account where the region has one (commercial partition), else the log
    delivery service principal (see `catalog.ELB_LOG_DELIVERY_ACCOUNTS`)."""
    elb_account = catalog.ELB_LOG_DELIVERY_ACCOUNTS.get(region) if partition == "aws" else None
    principal = (
        {"AWS": f"arn:{partition}:iam::{elb_account}:root"}
        if elb_account
        else {"Service": catalog.ELB_LOG_DELIVERY_SERVICE}
    )
    return [
        {
            "Sid": "ElbWritesAccessLogs",
            "Effect": "Allow",
            "Principal": principal,
            "Action": "s3:PutObject",
            "Resource": f"{bucket_arn}/{prefix}/AWSLogs/{account_id}/*",
        }
    ]


def write_logs_statement(log_group_arn: str) -> dict[str, Any]:
    """Create streams in and write to one log group (IAM resource types
    `log-group` for CreateLogStream and `log-stream` for PutLogEvents)."""
    return _statement(
        "WriteOneLogGroup",
        ["logs:CreateLogStream", "logs:PutLogEvents"],
        [log_group_arn, f"{log_group_arn}:log-stream:*"],
    )


def task_execution_policy(
    log_group_arn: str,
    secret_arns: Sequence[str],
    key_arn: str,
    region: str,
    ecr_repository_arn: str | None = None,
) -> PolicyDocument:
    """What ECS needs to start a task: write its logs, read its secrets
    (decrypting with their CMK) and, for an ECR image, pull that repository only.

    `ecr:GetAuthorizationToken` has no resource type, so `*` is its only form.
    """
    statements = [write_logs_statement(log_group_arn), *read_secret_statements(secret_arns, key_arn, region)]
    if ecr_repository_arn:
        statements.append(_statement("EcrLogin", ["ecr:GetAuthorizationToken"], ["*"]))
        statements.append(
            _statement(
                "PullOneRepository",
                ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                [ecr_repository_arn],
            )
        )
    return _document(*statements)


# MSK Connect keeps each connector's offsets, configs and status in topics and
# groups named `__amazon_msk_connect_*` (MSK Developer Guide, "IAM roles and
# policies for MSK Connect").
MSK_CONNECT_INTERNAL = "__amazon_msk_connect_*"


def read_sink_topics_statement(cluster_arn: str, topics: Sequence[str]) -> dict[str, Any]:
    """Read a sink connector's topics (by exact ARN)."""
    return _statement(
        "ReadSinkTopics",
        ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
        [kafka_topic_arn(cluster_arn, t) for t in topics],
    )


def sink_topics_policy(cluster_arn: str, topics: Sequence[str]) -> PolicyDocument:
    """The sink topics alone, for a managed policy when the role's inline policy cannot hold them."""
    return _document(read_sink_topics_statement(cluster_arn, topics))


def secret_arn_stand_in(partition: str, account_id: str, region: str) -> str:
    """The longest ARN of a secret (a 512-character name and Secrets Manager's 6-character suffix)."""
    return f"arn:{partition}:secretsmanager:{region}:{account_id}:secret:{'x' * 512}-AbCdEf"


def key_arn_stand_in(partition: str, account_id: str, region: str) -> str:
    """A KMS key ARN (all have the same length: a UUID key id)."""
    return f"arn:{partition}:kms:{region}:{account_id}:key/ffffffff-ffff-ffff-ffff-ffffffffffff"


# Documents are sized with the longest ARNs any deployment can have, so a
# split fits in every partition and region (the longest partition name, and a
# region name as long as botocore's longest; a test checks it) and for any
# connector name (MSK Connect allows 128 characters).
SIZING_PARTITION = "aws-us-gov"
SIZING_REGION = "ap-southeast-7"
SIZING_ACCOUNT = "123456789012"
SIZING_CONNECTOR_NAME = "n" * 128


@dataclass(frozen=True)
class SinkGrants:
    """Where a connector role's read grants of its sink topics go."""

    inline: tuple[str, ...]
    """Topics granted by the role's inline policy (beside its other statements)."""
    managed: tuple[tuple[str, ...], ...]
    """The rest, one managed policy per run, each within 6,144 characters."""


def sink_grants(topics: Sequence[str], dead_letter_topic: str | None, secret_count: int) -> SinkGrants:
    """As many sink topics as the inline policy can hold (in order), the rest in as few
    managed policies as fit: one role's attachments are a quota (`MANAGED_POLICIES_PER_ROLE`).
    Worked out once per set of topics: the stack's validation and the component both ask."""
    return _sink_grants(tuple(topics), dead_letter_topic, secret_count)


@functools.lru_cache(maxsize=256)
def _sink_grants(topics: tuple[str, ...], dead_letter_topic: str | None, secret_count: int) -> SinkGrants:
    cluster = cluster_arn_stand_in(SIZING_PARTITION, SIZING_ACCOUNT, SIZING_REGION, "c" * 64)  # MSK's longest
    key = key_arn_stand_in(SIZING_PARTITION, SIZING_ACCOUNT, SIZING_REGION)
    secrets = [secret_arn_stand_in(SIZING_PARTITION, SIZING_ACCOUNT, SIZING_REGION)] * secret_count

    def fits_inline(count: int) -> bool:
        document = sink_connector_policy(
            cluster, SIZING_CONNECTOR_NAME, topics[:count], dead_letter_topic, secrets, key, SIZING_REGION
        )
        return policy_size(document) <= ROLE_INLINE_POLICIES_MAX_CHARS

    low, high = 0, len(topics)  # the longest prefix that fits: size grows with every topic
    if fits_inline(high):
        low = high
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits_inline(middle) else (low, middle - 1)
    rest = topics[low:]
    runs = split_to_fit(functools.partial(sink_topics_policy, cluster), rest, MANAGED_POLICY_MAX_CHARS) if rest else []
    return SinkGrants(tuple(topics[:low]), tuple(tuple(run) for run in runs))


def role_grants(
    topics: Sequence[str],
    dead_letter_topic: str | None,
    secret_count: int,
    quota: object,
    keys: tuple[str, str],
    problems: Problems,
) -> SinkGrants:
    """Where a connector role's sink-topic grants go (`sink_grants`); into `problems`, what
    is wrong: a quota outside IAM's range, or more managed policies than it allows. `keys`:
    the quota's and the topics' names as the caller knows them."""
    quota_key, topics_key = keys
    grants = sink_grants(topics, dead_letter_topic, secret_count)
    if problems.refused(quota_key):
        return grants
    if (
        isinstance(quota, bool)
        or not isinstance(quota, int)
        or not (MANAGED_POLICIES_PER_ROLE <= quota <= MANAGED_POLICIES_PER_ROLE_MAX)
    ):
        problems.add(
            quota_key,
            quota,
            f"must be a whole number from {MANAGED_POLICIES_PER_ROLE} (IAM's default quota of managed policies per "
            f"role) to {MANAGED_POLICIES_PER_ROLE_MAX} (its maximum, after a Service Quotas increase)",
        )
    elif len(grants.managed) > quota:
        problems.add(topics_key, f"{len(topics)} topics", _quota_problem(grants, quota, quota_key))
    return grants


def _quota_problem(grants: SinkGrants, quota: int, quota_key: str) -> str:
    topics = len(grants.inline) + sum(len(run) for run in grants.managed)
    return (
        f"its {topics} sink topics need {len(grants.managed)} managed policies on the connector's role (the inline "
        f"policy holds {len(grants.inline)}; IAM's 6,144 characters per policy), more than the {quota} IAM attaches "
        f"to one role (IAM quota 'Managed policies attached to an IAM role', default {MANAGED_POLICIES_PER_ROLE}, up "
        f"to {MANAGED_POLICIES_PER_ROLE_MAX} after a Service Quotas increase: then set {quota_key}); "
        "or split the topics over more connectors, or shorten their names"
    )


def sink_connector_policy(
    cluster_arn: str,
    connector_name: str,
    topics: Sequence[str],
    dead_letter_topic: str | None,
    secret_arns: Sequence[str],
    key_arn: str,
    region: str,
) -> PolicyDocument:
    """Service execution role of one MSK Connect sink connector
    (docs/design.md#snowflakesinkconnector-plugin-and-credentials):
    connect to the cluster, read its sink topics in group `connect-<name>`,
    keep MSK Connect's internal topics and groups, write its dead-letter topic,
    and read its secrets (Snowflake key, registry credentials) with their one
    key. No `*` resource."""
    statements = [
        _statement(
            "ConnectToCluster",
            ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"],
            [cluster_arn],
        ),
        *([read_sink_topics_statement(cluster_arn, topics)] if topics else []),
        _statement(
            "MskConnectInternalTopics",
            [
                "kafka-cluster:CreateTopic",
                "kafka-cluster:DescribeTopic",
                "kafka-cluster:ReadData",
                "kafka-cluster:WriteData",
            ],
            [kafka_topic_arn(cluster_arn, MSK_CONNECT_INTERNAL)],
        ),
        _statement(
            "ConsumerGroups",
            ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"],
            [
                kafka_group_arn(cluster_arn, catalog.connect_group(connector_name)),
                kafka_group_arn(cluster_arn, MSK_CONNECT_INTERNAL),
            ],
        ),
    ]
    if dead_letter_topic:
        statements.append(
            _statement(
                "WriteDeadLetterTopic",
                ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
                [kafka_topic_arn(cluster_arn, dead_letter_topic)],
            )
        )
    statements.extend(read_secret_statements(secret_arns, key_arn, region))
    return _document(*statements)


# MSK Replicator's service execution role, as AWS's managed policy AWSMSKReplicatorExecutionRole
# grants it (cluster, topic and group statements), narrowed from every cluster of every account
# (`cluster/*`, `topic/*/*`, `group/*/*`) to the two clusters it replicates between: the source
# cluster's and the target's topics and groups only. WriteDataIdempotently on both ("Service
# execution role (SER)": the source too, for its offset sync).
REPLICATOR_CLUSTER_ACTIONS = (
    "kafka-cluster:Connect",
    "kafka-cluster:DescribeCluster",
    "kafka-cluster:AlterCluster",
    "kafka-cluster:DescribeTopic",
    "kafka-cluster:CreateTopic",
    "kafka-cluster:AlterTopic",
    "kafka-cluster:WriteData",
    "kafka-cluster:ReadData",
    "kafka-cluster:AlterGroup",
    "kafka-cluster:DescribeGroup",
    "kafka-cluster:DescribeTopicDynamicConfiguration",
    "kafka-cluster:AlterTopicDynamicConfiguration",
    "kafka-cluster:WriteDataIdempotently",
)
REPLICATOR_TOPIC_ACTIONS = (
    "kafka-cluster:DescribeTopic",
    "kafka-cluster:CreateTopic",
    "kafka-cluster:AlterTopic",
    "kafka-cluster:WriteData",
    "kafka-cluster:ReadData",
    "kafka-cluster:DescribeTopicDynamicConfiguration",
    "kafka-cluster:AlterTopicDynamicConfiguration",
    "kafka-cluster:AlterCluster",
)
REPLICATOR_GROUP_ACTIONS = ("kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup")


def replicator_policy(source_cluster_arn: str, target_cluster_arn: str) -> PolicyDocument:
    """What an MSK Replicator's service execution role may do: on the source and the target
    cluster only, their topics (every topic: patterns and newly detected topics are MSK's to
    match, with its own internal ones) and their consumer groups."""
    clusters = [source_cluster_arn, target_cluster_arn]
    return _document(
        _statement("TheTwoClusters", REPLICATOR_CLUSTER_ACTIONS, clusters),
        _statement("TheirTopics", REPLICATOR_TOPIC_ACTIONS, [kafka_topic_arn(c, "*") for c in clusters]),
        _statement("TheirGroups", REPLICATOR_GROUP_ACTIONS, [kafka_group_arn(c, "*") for c in clusters]),
    )
