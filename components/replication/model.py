"""MskReplicator's model: what an MSK Replicator copies and how (`ReplicationSettings`, the DR
stack's `replication` object), and the component's arguments (`MskReplicatorArgs`), each
setting declared once (components/model.py).

AWS's limits are AWS::MSK::Replicator's resource schema (CloudFormation, which the AWS schema
check judges the plan with): 1..100 topic patterns of at most 249 characters, up to 100 group
patterns of at most 256, up to 100 exclusions of each; the replicator's name 1..128 of
[0-9A-Za-z-], starting with a letter or digit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pulumi

from ..aws.common import AwsContext, OpenIngress
from ..model import Offered, python_only, setting, stack_keys
from ..validation import Problems, check_keys, flag, one_of, string_list

KEY = "replication"

STARTING_POSITIONS = ("EARLIEST", "LATEST")
COMPRESSION_TYPES = ("NONE", "GZIP", "SNAPPY", "LZ4", "ZSTD")
MAX_PATTERNS = 100
MAX_TOPIC_PATTERN = 249
MAX_GROUP_PATTERN = 256


@dataclass(frozen=True)
class ReplicationSettings:
    """What MSK Replicator copies from the primary cluster to the standby, and how."""

    OFFERED_AS: ClassVar[str] = "ReplicationInput"

    primary_stack: str | None = setting(
        None,
        key="primaryStack",
        default_text="required",
        rules=(
            "the primary stack, `<organization>/<project>/<stack>` (or `<stack>` in this project): read through a "
            "StackReference from the backend's state, never from the primary's region, so the DR stack is operable "
            "while that region is down. The primary sets `replicationSource: true` and runs `pulumi up` first"
        ),
        offered=python_only("a stack's: the component takes the source cluster itself"),
    )

    topics: tuple[str, ...] = setting(
        (),
        key="topics",
        default_text="the primary's topics, each by its exact name",
        rules=(
            "Java regular expressions of the topics to copy, 1..100 of at most 249 characters (AWS::MSK::Replicator). "
            "MSK Replicator's own and Kafka's internal topics are never copied. A pattern that also matches topics "
            "created later (`orders.*`) keeps the replicator when the primary adds a topic: a changed list replaces "
            "it (the provider's `replication_info_list` is ForceNew), and a new replicator starts again from "
            "`startingPosition`"
        ),
    )
    topics_exclude: tuple[str, ...] = setting(
        (), key="topicsExclude", rules="patterns of topics not to copy, at most 100 of at most 249 characters"
    )
    groups: tuple[str, ...] = setting(
        (),
        key="groups",
        default_text="the primary's connectors' consumer groups (`connect-<name>`)",
        rules=(
            "Java regular expressions of the consumer groups whose offsets are copied (translated to the standby's "
            "offsets), at most 100 of at most 256 characters"
        ),
    )
    groups_exclude: tuple[str, ...] = setting(
        (), key="groupsExclude", rules="patterns of groups not to copy, at most 100 of at most 256 characters"
    )
    identical_topic_names: bool = setting(
        True,
        key="identicalTopicNames",
        rules=(
            "`true`: the standby's topics have the primary's names, so clients and connectors fail over without "
            "renaming (MSK Replicator filters what it wrote itself, so nothing loops); `false`: prefixed with the "
            "source cluster's alias. Kafka 2.8.1 or later on both clusters. Changing it replaces the replicator"
        ),
    )
    starting_position: str = setting(
        "EARLIEST",
        key="startingPosition",
        offered=Offered(type="StartingPosition"),
        rules=(
            "`EARLIEST` (every record the primary still retains is copied: the standby starts complete) or `LATEST` "
            "(only records produced after the replicator starts). Changing it replaces the replicator"
        ),
    )
    copy_topic_configurations: bool = setting(
        True, key="copyTopicConfigurations", rules="keep the standby topics' configuration equal to the primary's"
    )
    copy_acls: bool = setting(True, key="copyAcls", rules="keep the standby topics' Kafka ACLs equal to the primary's")
    detect_new_topics: bool = setting(
        True, key="detectNewTopics", rules="copy topics and partitions the patterns match once they appear"
    )
    sync_group_offsets: bool = setting(
        True,
        key="syncGroupOffsets",
        rules=(
            "write the groups' translated offsets to the standby's `__consumer_offsets`, so a group resumes there "
            "where it stopped (less the replication lag)"
        ),
    )
    detect_new_groups: bool = setting(
        True, key="detectNewGroups", rules="copy groups the patterns match once they appear"
    )
    compression: str = setting(
        "NONE",
        key="compression",
        offered=Offered(type="CompressionType"),
        rules="how the replicator compresses what it writes: `NONE`, `GZIP`, `SNAPPY`, `LZ4` or `ZSTD`; changing it "
        "replaces the replicator",
    )
    failover: bool = setting(
        False,
        key="failover",
        offered=python_only("a stack's switch (which connectors the stack creates): MskReplicator does not use it"),
        rules=(
            "`false` while the primary serves: the stack's Snowflake connectors are defined (plugin, key, secret) but "
            "not created, so the primary's connectors alone write the tables. `true` at failover (docs/operations.md, "
            '"Cross-region disaster recovery"): creates them, each resuming from the offsets its consumer group was '
            "given from the primary's (the output `snowflakeFailover`); with none given it stops instead of reading "
            "the topics from their start"
        ),
    )
    max_latency_seconds: int = setting(
        300,
        key="maxLatencySeconds",
        rules=(
            "the latency alarm's threshold: `ReplicationLatency` (Maximum) above it for 3 periods of 5 minutes, "
            "60..86400; what the standby may miss at failover"
        ),
    )


def parse_replication(
    value: Any, default_topics: Sequence[str], default_groups: Sequence[str], problems: Problems, key: str = KEY
) -> ReplicationSettings:
    """The `replication` object (None: every default), judged by AWS's limits; a pattern list
    left out is the exact names given (the primary's topics, its connectors' groups)."""
    value = {} if value is None else value
    if not isinstance(value, dict):
        problems.add(key, value, "must be an object {topics?, topicsExclude?, groups?, startingPosition?, ...}")
        value = {}
    check_keys(key, value, stack_keys(ReplicationSettings), problems)
    defaults = ReplicationSettings()
    primary = value.get("primaryStack")
    if "primaryStack" in value and (not isinstance(primary, str) or not _STACK_NAME.match(primary)):
        problems.add(
            f"{key}.primaryStack", primary, "must be a stack name: <organization>/<project>/<stack> or <stack>"
        )
        primary = None
    topics = _patterns(f"{key}.topics", value.get("topics"), default_topics, MAX_TOPIC_PATTERN, 1, problems)
    topics_exclude = _patterns(f"{key}.topicsExclude", value.get("topicsExclude"), (), MAX_TOPIC_PATTERN, 0, problems)
    groups = _patterns(f"{key}.groups", value.get("groups"), default_groups, MAX_GROUP_PATTERN, 0, problems)
    groups_exclude = _patterns(f"{key}.groupsExclude", value.get("groupsExclude"), (), MAX_GROUP_PATTERN, 0, problems)
    position = value.get("startingPosition", defaults.starting_position)
    one_of(f"{key}.startingPosition", position, STARTING_POSITIONS, problems)
    compression = value.get("compression", defaults.compression)
    one_of(f"{key}.compression", compression, COMPRESSION_TYPES, problems)
    latency = value.get("maxLatencySeconds", defaults.max_latency_seconds)
    if isinstance(latency, bool) or not isinstance(latency, int) or not 60 <= latency <= 86_400:
        problems.add(f"{key}.maxLatencySeconds", latency, "must be a whole number of seconds from 60 to 86400")
        latency = defaults.max_latency_seconds
    flags = {
        name: flag(f"{key}.{name}", value.get(name, getattr(defaults, field_name)), problems)
        for name, field_name in (
            ("identicalTopicNames", "identical_topic_names"),
            ("copyTopicConfigurations", "copy_topic_configurations"),
            ("copyAcls", "copy_acls"),
            ("detectNewTopics", "detect_new_topics"),
            ("syncGroupOffsets", "sync_group_offsets"),
            ("detectNewGroups", "detect_new_groups"),
            ("failover", "failover"),
        )
    }
    return ReplicationSettings(
        primary_stack=primary,
        topics=topics,
        topics_exclude=topics_exclude,
        groups=groups,
        groups_exclude=groups_exclude,
        identical_topic_names=flags["identicalTopicNames"],
        starting_position=str(position),
        copy_topic_configurations=flags["copyTopicConfigurations"],
        copy_acls=flags["copyAcls"],
        detect_new_topics=flags["detectNewTopics"],
        sync_group_offsets=flags["syncGroupOffsets"],
        detect_new_groups=flags["detectNewGroups"],
        compression=str(compression),
        max_latency_seconds=latency,
        failover=flags["failover"],
    )


# Pulumi stack names: letters, digits, '-', '_', '.'; qualified as organization/project/stack.
_STACK_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*/){0,2}[A-Za-z0-9_.-]+$")


def exact(name: str) -> str:
    """A pattern matching exactly one topic or group name (Java regex: `.` is any character);
    `-`, which only means something in a character class, is left as it is for readability."""
    return re.escape(name).replace("\\-", "-")


class _DeployTime(tuple):
    """No names now: they are known at deploy time (the primary stack's topics and groups)."""


DEPLOY_TIME: Sequence[str] = _DeployTime()
"""Defaults known only at deploy time: not judged here (`()` is another object than this)."""


def _patterns(
    key: str, raw: Any, default: Sequence[str], longest: int, fewest: int, problems: Problems
) -> tuple[str, ...]:
    """A list of Java regular expressions (checked with Python's, which agrees on what these use)."""
    patterns = [exact(name) for name in default] if raw is None else string_list(key, raw, problems)
    if raw is not None and not patterns and fewest:
        problems.add(key, raw, f"must list at least {fewest} pattern")
    if len(patterns) > MAX_PATTERNS:
        problems.add(key, len(patterns), f"at most {MAX_PATTERNS} patterns (AWS::MSK::Replicator)")
    if raw is None and fewest and not patterns and default is not DEPLOY_TIME:
        problems.add(key, None, "nothing to replicate: the primary has no topics; give patterns")
    for i, pattern in enumerate(patterns):
        if len(pattern) > longest:
            problems.add(f"{key}[{i}]", pattern, f"at most {longest} characters (AWS::MSK::Replicator)")
        try:
            re.compile(pattern)
        except re.error as error:
            problems.add(f"{key}[{i}]", pattern, f"not a regular expression: {error}")
    return tuple(patterns)


@dataclass
class MskReplicatorArgs:
    """Inputs of `MskReplicator`: replicate from a source MSK cluster (another region's) to a
    target one (this region's), both with IAM access control on port 9098."""

    source_cluster_arn: pulumi.Input[str]
    """The source cluster (a `replicationSource` one: multi-VPC connectivity for IAM, the cluster policy)."""
    source_subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """The source cluster's subnets (2 or 3)."""
    source_security_group_ids: Sequence[pulumi.Input[str]]
    """Security groups of the replicator's side of the source (the source brokers' group)."""
    target_cluster_arn: pulumi.Input[str]
    """The target cluster, in this region."""
    target_vpc_id: pulumi.Input[str]
    """The target cluster's VPC: the replicator's network interfaces get a security group there."""
    target_subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """The target cluster's subnets (2 or 3)."""
    target_broker_security_group_id: pulumi.Input[str]
    """The target brokers' security group: the replicator's group may reach it on 9098."""
    default_topics: pulumi.Input[Sequence[str]] | None = setting(
        None, offered=python_only("a DR stack's: the primary's topics come through its StackReference")
    )
    """Topic names copied when `settings.topics` is empty (each as an exact pattern): the primary's."""
    default_groups: pulumi.Input[Sequence[str]] | None = setting(
        None, offered=python_only("a DR stack's: the primary's consumer groups come through its StackReference")
    )
    """Consumer groups copied when `settings.groups` is empty: the primary's connectors'."""
    settings: ReplicationSettings = setting(default_factory=ReplicationSettings, key=KEY, model=ReplicationSettings)
    """What is copied, and how."""
    kafka_dependencies: Sequence[pulumi.Resource] = setting(
        (), offered=python_only("resources of the caller's program: ordering by depends_on there")
    )
    """What the replicator must wait for: topics of the target it writes into (the standby's `_schemas`)."""
    open_target_brokers: OpenIngress | None = setting(
        None, offered=python_only("the provider opens the target brokers' port from targetBrokerSecurityGroupId")
    )
    """Opens the target brokers' IAM port to the replicator's group (`MskCluster.allow_ingress_from`)."""
    kms_key_arn: pulumi.Input[str] | None = None
    """CMK of the replicator's log group (the target cluster's); None: no log delivery."""
    log_retention_days: int = setting(365, key="logRetentionDays")
    """Retention of the replicator's log group in days (a CloudWatch Logs value)."""
    alarm_topic_arn: pulumi.Input[str] | None = None
    """SNS topic the replicator's alarms notify (failure, authorization errors, latency); None: no alarms."""
    replicator_name: str | None = None
    """The replicator's name (1..128 of [0-9A-Za-z-]); default: the component name. Changing it replaces it."""
    aws_context: AwsContext | None = setting(
        None, offered=python_only("looked up by invokes through the component's provider")
    )
    """Partition, account and region; looked up (three invokes) when not given."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags for every taggable child."""


# The replicator's metrics (MSK Developer Guide, "Metrics reference" of MSK Replicator): AWS/Kafka,
# dimension ReplicatorName, in the target cluster's region.
REPLICATOR_NAMESPACE = "AWS/Kafka"
REPLICATOR_DIMENSION = "ReplicatorName"
