"""Offline change preview: what a config change does to a deployed stack.

    python -m tools.change <stack> [-c KEY=VALUE]... [--base REV] [--json]

Runs the program twice under the test mocks (tools/mock_runner.py): *before*
with the stack's config as committed at `--base REV` (`git show`); without
`--base`, as committed at `HEAD` when `Pulumi.yaml` or the stack's file has
uncommitted edits (the edit is the change), else as in the working tree;
*after* with the working tree's config plus the `-c` overrides (as
`tools.plan` applies them). Resources are matched
by URN, as the engine matches them (an alias carries an old URN over); a URN
that disappears is a delete, a new one a create. A matched resource whose
inputs differ is updated in place or replaced, by the provider's rules
(`tools/replacements.py`) and the AWS rules the provider does not encode
(`aws_rules`). A replaced resource changes the inputs of the resources that
refer to it, which may replace those in turn.

While the after side's connectors wait for their Snowflake key (the first
`pulumi up` of a generated key), both sides run once more as on the second
`pulumi up` (`snowflake.publicKeyRegistered` set on both) and what only that
second up changes is shown in its own section.

A replace or delete of a data-bearing resource (cluster, topic, KMS key,
secret, generated key pair, a connector's offsets) or of a protected one is
*blocked*, and so is a change AWS refuses (shrinking volumes, removing
brokers, fewer partitions). Changes that keep less data without replacing
anything (lower retention, a dead-letter topic removed) are warnings
(tools/verdict.py). The last line is the verdict, and the exit status
follows it: 0 `safe` (updates and creates only), 4 `needs attention`
(replacements, deletions or warnings), 1 `blocked`; 2 a config or stack
file error; 3 when this program refuses the config at the base (its rules
changed since). `--json` prints {"stack", "base", "changes", "secondUp",
"blocked", "warnings", "counts", "verdict", "status"}.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pulumi

from components import Binding, catalog, plural
from tools.background import Background
from tools.cost import estimate
from tools.mock_runner import (
    ROOT,
    ProgramFailed,
    ProgramRun,
    RecordedResource,
    Secret,
    StackFileError,
    no_stack_message,
    run_program,
)
from tools.plan import (
    connectors_pending,
    key_may_wait,
    parse_override,
    print_notes,
    refusal,
    run_notes,
    second_up,
    tool_name,
)
from tools.replacements import DATA_BEARING, OUTPUTS_CHANGED_BY_UPDATE, RULES
from tools.verdict import data_warnings, verdict

MASK = "[secret]"
NEW_VALUE = "(known after the dependency changes)"
CLUSTER = "aws:msk/cluster:Cluster"
TOPIC = "aws:msk/topic:Topic"
REPLICATOR = "aws:msk/replicator:Replicator"
CONNECTOR = "aws:mskconnect/connector:Connector"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
# Rough time a rolling restart takes per broker: MSK restarts brokers one at
# a time and waits for each to rejoin (a few minutes to a quarter of an hour).
MINUTES_PER_BROKER = 10


@dataclass
class PropertyChange:
    """One input that differs: `path` dotted into nested objects."""

    path: str
    old: Any
    new: Any


@dataclass
class Change:
    """What `pulumi up` would do to one resource."""

    type: str
    name: str
    action: str
    """create, update, replace or delete."""
    properties: list[PropertyChange] = field(default_factory=list)
    protected: bool = False
    data_bearing: bool = False
    why: str = ""
    notes: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


@dataclass
class CostChange:
    """Estimated monthly cost (USD) of the stack before and after the change, by component."""

    before: float
    after: float
    by_component: dict[str, tuple[float, float]]
    """component -> (before, after), for the components whose cost differs."""

    @classmethod
    def of(cls, before: ProgramRun, after: ProgramRun) -> CostChange:
        old, new = estimate(before).by_component(), estimate(after).by_component()
        changed = {
            name: (round(old.get(name, 0.0), 2), round(new.get(name, 0.0), 2))
            for name in sorted(set(old) | set(new))
            if round(old.get(name, 0.0), 2) != round(new.get(name, 0.0), 2)
        }
        return cls(round(sum(old.values()), 2), round(sum(new.values()), 2), changed)

    def lines(self) -> list[str]:
        delta = self.after - self.before
        lines = [f"monthly cost: ${self.before:,.2f} -> ${self.after:,.2f} ({'+' if delta >= 0 else '-'}"
                 f"${abs(delta):,.2f})"]  # fmt: skip
        for name, (old, new) in self.by_component.items():
            change = new - old
            lines.append(f"  {name}: ${old:,.2f} -> ${new:,.2f} ({'+' if change >= 0 else '-'}${abs(change):,.2f})")
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "delta": round(self.after - self.before, 2),
            "byComponent": {
                n: {"before": b, "after": a, "delta": round(a - b, 2)} for n, (b, a) in self.by_component.items()
            },
        }


@dataclass
class Preview:
    stack: str
    base: str
    changes: list[Change]
    unchanged: int
    warnings: list[str] = field(default_factory=list)
    second_up: list[Change] = field(default_factory=list)
    """Changes only the second `pulumi up` makes (connectors waiting for their Snowflake key)."""
    notes: list[str] = field(default_factory=list)
    """Labelled lines for stderr: stand-ins for encrypted values, what the program logged."""
    cost: CostChange | None = None
    """Monthly cost before -> after, by component."""
    second_up_cost: CostChange | None = None
    """The same once the second `pulumi up` has created the connectors."""

    @property
    def blocked(self) -> list[str]:
        first = [f"{c.action} {c.type} {c.name}: {reason}" for c in self.changes for reason in c.blocked]
        second = [f"on the second up: {c.action} {c.type} {c.name}: {r}" for c in self.second_up for r in c.blocked]
        return first + second

    @property
    def verdict(self) -> tuple[str, int]:
        """The last line and the exit status (tools/verdict.py)."""
        return verdict([c.action for c in [*self.changes, *self.second_up]], self.blocked, self.warnings)

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(c.action for c in self.changes)
        return {a: counted.get(a, 0) for a in ("create", "update", "replace", "delete")} | {"unchanged": self.unchanged}


# --- diffing inputs --------------------------------------------------------------------------------


def comparable(value: Any) -> Any:
    """An input value as the engine compares it: assets by their source (a
    remote asset by its URI, an archive by its members), numbers as numbers."""
    if isinstance(value, pulumi.AssetArchive):
        return {"archive": {name: comparable(member) for name, member in value.assets.items()}}
    for kind, attribute in ((pulumi.RemoteAsset, "uri"), (pulumi.RemoteArchive, "uri"), (pulumi.FileAsset, "path"),
                            (pulumi.FileArchive, "path"), (pulumi.StringAsset, "text")):  # fmt: skip
        if isinstance(value, kind):
            return {kind.__name__: getattr(value, attribute)}
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def leaf_changes(old: Any, new: Any, path: str = "") -> Iterator[PropertyChange]:
    """Differences between two input values, down to object leaves (lists compare whole)."""
    old, new = comparable(old), comparable(new)
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            yield from leaf_changes(old.get(key), new.get(key), f"{path}.{key}" if path else key)
    elif old != new:
        yield PropertyChange(path, old, new)


def references(value: Any, targets: set[str], path: str) -> Iterator[str]:
    """Paths inside `value` that hold one of `targets` (equal, or inside a longer
    string such as a JSON policy). A list is one path."""
    if isinstance(value, Secret):
        value = value.value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from references(item, targets, f"{path}.{key}")
    elif isinstance(value, list):
        if any(next(references(item, targets, path), None) for item in value):
            yield path
    elif _holds(value, targets):
        yield path


def _holds(value: Any, targets: set[str]) -> bool:
    """Whether a leaf is one of `targets`, or, for a string such as a JSON
    policy, contains one (long enough not to match by chance)."""
    if isinstance(value, str):
        return any(value == t or (len(t) >= 12 and t in value) for t in targets)
    return value is not None and str(comparable(value)) in targets


def _ignored(path: str, ignore_changes: Sequence[str]) -> bool:
    return any(path == ignored or path.startswith(f"{ignored}.") for ignored in ignore_changes)


# --- AWS rules the provider does not encode ----------------------------------------------------------------


@dataclass
class AwsVerdict:
    replace_because: str | None = None
    blocked: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _volume(inputs: dict[str, Any]) -> int | None:
    info = inputs.get("brokerNodeGroupInfo", {}).get("storageInfo") or {}
    return (info.get("ebsStorageInfo") or {}).get("volumeSize")


def aws_rules(before: RecordedResource, after: RecordedResource, paths: set[str]) -> AwsVerdict:
    """What AWS does with a change the provider would try in place."""
    verdict = AwsVerdict()
    old, new = before.inputs, after.inputs
    if after.type == CLUSTER:
        _cluster_rules(before, after, paths, verdict)
    elif after.type == CONNECTOR:
        _connector_generation_rules(before, after, verdict)
    elif after.type == TOPIC:
        _topic_rules(old, new, verdict)
    elif after.type == REPLICATOR:
        _replicator_rules(old, new, paths, verdict)
    return verdict


def _replicator_rules(old: dict[str, Any], new: dict[str, Any], paths: set[str], verdict: AwsVerdict) -> None:
    """The provider replaces a replicator on any change of what it copies (`kafka_cluster`,
    `replication_info_list`: ForceNew blocks); the new one starts over."""
    if not any(p.startswith(("replicationInfoList", "kafkaClusters")) for p in paths):
        return
    topics = ((new.get("replicationInfoList") or {}).get("topicReplications") or [{}])[0]
    position = (topics.get("startingPosition") or {}).get("type", "LATEST")
    verdict.notes.append(
        "a new replicator starts over: "
        + (
            "from EARLIEST, it copies everything the primary retains again (the standby's topics get those records a "
            "second time: consumers there must tolerate duplicates)"
            if position == "EARLIEST"
            else "from LATEST, records produced while the old one is deleted and the new one starts are not copied"
        )
        + "; a pattern that also matches later topics (replication.topics) keeps the replicator when the primary "
        "adds one"
    )


def _topic_rules(old: dict[str, Any], new: dict[str, Any], verdict: AwsVerdict) -> None:
    if new.get("partitionCount", 0) < old.get("partitionCount", 0):
        verdict.blocked.append(
            f"partitions {comparable(old['partitionCount'])} -> {comparable(new['partitionCount'])}: "
            "Kafka cannot reduce a topic's partitions"
        )
    was_tiered = _configs(old).get("remote.storage.enable") == "true"
    if was_tiered and _configs(new).get("remote.storage.enable") != "true":
        # MSK Developer Guide, "Enable and disable tiered storage on an existing Amazon MSK topic".
        verdict.blocked.append(
            f"remoteStorage turned off for topic {new.get('name')}: dropping the setting does not turn tiered "
            "storage off; MSK does it only with remote.log.msk.disable.policy=Delete, which deletes the topic's "
            "tiered data for good, and the topic can never be tiered again. If that is meant: kafka-configs.sh "
            f"--alter --entity-type topics --entity-name {new.get('name')} --add-config "
            "'remote.log.msk.disable.policy=Delete, remote.storage.enable=false', then commit this change with "
            "Allow-Blocked-Change"
        )


def _configs(inputs: dict[str, Any]) -> dict[str, Any]:
    configs = inputs.get("configs") or {}
    return json.loads(configs) if isinstance(configs, str) else dict(configs)


def _cluster_rules(before: RecordedResource, after: RecordedResource, paths: set[str], verdict: AwsVerdict) -> None:
    old, new = before.inputs, after.inputs
    old_version, new_version = old.get("kafkaVersion", ""), new.get("kafkaVersion", "")
    if catalog.is_kraft(old_version) != catalog.is_kraft(new_version):
        verdict.replace_because = (
            f"kafkaVersion {old_version} -> {new_version} switches ZooKeeper <-> KRaft, which MSK cannot do "
            '(MSK Developer Guide, "KRaft mode"): it needs a new cluster'
        )
    old_type = old.get("brokerNodeGroupInfo", {}).get("instanceType", "")
    new_type = new.get("brokerNodeGroupInfo", {}).get("instanceType", "")
    if catalog.is_express(old_type) != catalog.is_express(new_type):
        verdict.replace_because = (
            f"instanceType {old_type} -> {new_type} switches standard <-> express brokers, which MSK cannot do "
            '(MSK Developer Guide, "Amazon MSK broker types"): it needs a new cluster'
        )
    same_kind = catalog.is_express(old_type) == catalog.is_express(new_type)
    if old_type and new_type and same_kind and not catalog.broker_type_update_allowed(old_type, new_type):
        verdict.blocked.append(
            f"instanceType {old_type} -> {new_type}: MSK refuses this broker size update (MSK Developer Guide, "
            '"Update the Amazon MSK cluster broker size": from M5 or T3 to M7g, T3 to M5, M7g to M5, and any size '
            "within a family; never from a larger type to T3); a new cluster (new stack) and a migration, or another "
            "type"
        )
    brokers_before, brokers = old.get("numberOfBrokerNodes", 0), new.get("numberOfBrokerNodes", 0)
    if brokers < brokers_before:
        verdict.blocked.append(f"numberOfBrokerNodes {brokers_before} -> {brokers}: MSK cannot remove brokers")
    volume_before, volume = _volume(old), _volume(new)
    if volume_before and volume and volume < volume_before and not after.ignore_changes:
        verdict.blocked.append(f"volumeSize {volume_before} -> {volume} GiB: MSK cannot shrink broker volumes")
    if any(p.startswith("loggingInfo") for p in paths):
        verdict.notes.append("broker logs switch destination in place (UpdateMonitoring): no broker restarts")
    if not verdict.replace_because:
        verdict.notes.extend(rolling_operations(paths, int(brokers)))


def rolling_operations(paths: set[str], brokers: int) -> list[str]:
    """The rolling restarts a cluster update makes, in the provider's order: each is its
    own MSK operation that restarts every broker once, and the next waits for it."""
    configuration = any(p.startswith("configurationInfo") for p in paths)
    operations = []
    if "brokerNodeGroupInfo.instanceType" in paths:
        operations.append("UpdateBrokerType (brokerNodeGroupInfo.instanceType)")
    if "kafkaVersion" in paths:
        with_configuration = " with the new configuration revision" if configuration else ""
        operations.append(f"UpdateClusterKafkaVersion (kafkaVersion{with_configuration})")
    elif configuration:
        operations.append("UpdateClusterConfiguration (configurationInfo: a new configuration revision)")
    if any(p.startswith("brokerNodeGroupInfo.connectivityInfo") for p in paths):
        # MSK Developer Guide, "Step 1: ... turn on multi-VPC connectivity": a rolling reboot of
        # the brokers, "up to 30 minutes or more", during which the cluster takes no other update.
        operations.append(
            "UpdateConnectivity (brokerNodeGroupInfo.connectivityInfo: multi-VPC private connectivity; MSK takes "
            "no other update of the cluster until it is done)"
        )
    if not operations:
        return []
    minutes = brokers * MINUTES_PER_BROKER
    if len(operations) == 1:
        head = (
            f"rolling restart of {plural(brokers, 'broker')}, one at a time (roughly {minutes} minutes): "
            f"{operations[0]}"
        )
    else:
        head = (
            f"{len(operations)} rolling restarts, one after the other, each of {plural(brokers, 'broker')} one at a "
            f"time (roughly {minutes} minutes each, {minutes * len(operations)} in all): " + ", then ".join(operations)
        )
    return [
        head + "; clients keep producing and consuming during a roll (one broker is down at a time: leaders move "
        "to the other replicas, clients reconnect and retry; with replication factor 3 and min.insync.replicas 2, "
        "acks=all writes go on)"
    ]


OFFSET_MIGRATION = "snowflake.streaming.classic.offset.migration"
# What the operator does around a 3.x -> 4.x replacement, per offset migration
# mode (Snowflake docs, "Migrate from Kafka connector v3 to v4"; the 4.x log
# lines are SnowpipeStreamingPartitionChannel's, 4.1.0).
MIGRATION_STEPS = {
    "channels": (
        "before: the 3.x connector is RUNNING with little lag (4.x copies the offsets its classic channels "
        "committed in Snowflake)",
        "`pulumi up` deletes the 3.x connector, then creates 4.x under the same name (same consumer group "
        "connect-<name>); per partition its worker log says 'migrating SSv1 offset' (a 3.x channel found) and "
        "the 4.x channel's own offsets count from then on",
        "after: RECORD_METADATA:offset of each table continues with no gap and no repeat; rows keep the "
        "RECORD_CONTENT/RECORD_METADATA layout (schematization stays off)",
        "keep migrateFromV3 in the stack, with migrateFromV3.connectors listing what ran on 3.x: connectors, topics "
        "and partitions added later then start without a classic channel (strict stops a task whose partition has "
        "none)",
    ),
    "skip": (
        "Snowflake's order: stop 3.x, let its staged files load, then start 4.x; MSK Connect cannot pause a "
        "connector, so before this `pulumi up` delete only the 3.x connector: pulumi destroy --target "
        "'<connector URN>' (the consumer group connect-<name> keeps its offsets)",
        "wait until SYSTEM$PIPE_STATUS of each 3.x pipe (SNOWFLAKE_KAFKA_CONNECTOR_<name>_PIPE_<table>_<partition>) "
        "shows pendingFileCount 0; COPY INTO any file still in a 3.x stage",
        "`pulumi up` creates 4.x under the same name: it resumes from connect-<name>'s offsets; then drop the 3.x "
        "pipes and stages (4.x uses neither)",
    ),
}


def _connector_generation_rules(before: RecordedResource, after: RecordedResource, verdict: AwsVerdict) -> None:
    """Connector 3.x -> 4.x: the v4 migration, safe only with the settings that take over
    the 3.x tables and offsets (`snowflake.migrateFromV3`)."""
    old_class = (before.inputs.get("connectorConfiguration") or {}).get("connector.class")
    config = after.inputs.get("connectorConfiguration") or {}
    new_class = config.get("connector.class")
    if old_class == new_class:
        return
    if new_class == catalog.SNOWFLAKE_V4_CONNECTOR_CLASS:
        mode = config.get(OFFSET_MIGRATION)
        verdict.replace_because = (
            "v4 migration: Snowflake connector 3.x -> 4.x (another plugin and connector class); deleted first, "
            "then created under the same name"
        )
        if mode is None:
            verdict.blocked.append(
                "v4 migration without snowflake.migrateFromV3: 4.x would start as a new deployment, take its "
                "offsets from the consumer group (duplicating what 3.x streamed since its last commit) and write "
                "schematized columns into 3.x's RECORD_CONTENT tables; set migrateFromV3.ingestionMethod to the "
                "3.x connectors' ingestionMethod"
            )
            return
        steps = MIGRATION_STEPS["skip" if mode == "skip" else "channels"]
        verdict.notes.extend(f"v4 migration ({mode}) step {i}: {step}" for i, step in enumerate(steps, 1))
    elif old_class == catalog.SNOWFLAKE_V4_CONNECTOR_CLASS:
        verdict.replace_because = "Snowflake connector 4.x -> 3.x (a downgrade); deleted first, then created"
        verdict.notes.append(
            "downgrade: 3.x resumes from the consumer group's offsets; rows 4.x loaded after its last commit may "
            "load twice: deduplicate on RECORD_METADATA (topic, partition, offset) (Snowflake docs, migration guide)"
        )


def option_warnings(before: RecordedResource, after: RecordedResource) -> list[str]:
    """Risks of a changed resource option, whether or not an input changed."""
    warnings: list[str] = []
    if after.type == CLUSTER and before.ignore_changes and not after.ignore_changes:
        warnings.append(
            f"{after.name}: storage autoscaling is turned off; AWS may have grown the volumes beyond "
            f"{_volume(after.inputs)} GiB, and MSK refuses to shrink them: set brokerVolumeGiB to at least the "
            "current size (aws kafka describe-cluster ... StorageInfo) before this `pulumi up`"
        )
    if after.type == CLUSTER:
        warnings.extend(switched_off(before.inputs, after.inputs, after.name))
    return warnings


# Optional cluster blocks the program leaves out when an option is off: the
# AWS provider does not send a removed optional block (logging_info and its
# destinations carry verify.SuppressMissingOptionalConfigurationBlock in
# internal/service/kafka/cluster.go), so AWS keeps the old setting. Each entry:
# (path of the block, what it is, the MSK API that turns it off).
SWITCHES = (
    (("loggingInfo", "brokerLogs", "cloudwatchLogs"), "CloudWatch broker logs", "update-monitoring --logging-info"),
    (("loggingInfo", "brokerLogs", "s3"), "S3 broker logs", "update-monitoring --logging-info"),
    (("loggingInfo", "brokerLogs", "firehose"), "Firehose broker logs", "update-monitoring --logging-info"),
    (
        ("brokerNodeGroupInfo", "storageInfo", "ebsStorageInfo", "provisionedThroughput"),
        "provisioned storage throughput",
        "update-storage --provisioned-throughput Enabled=false",
    ),
    (
        ("brokerNodeGroupInfo", "connectivityInfo", "vpcConnectivity"),
        "multi-VPC connectivity",
        "update-connectivity (after the client accounts deleted their VPC connections)",
    ),
    # client_authentication.tls: whether UpdateSecurity without a Tls member
    # turns mutual TLS off is not stated by MSK's API reference; the explicit
    # call is (UpdateSecurity, ClientAuthentication.Tls.Enabled).
    (
        ("clientAuthentication", "tls"),
        "mutual TLS client authentication",
        "update-security --client-authentication 'Tls={Enabled=false}'",
    ),
)


def _block(inputs: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = inputs
    for step in path:
        value = value.get(step) if isinstance(value, dict) else None
    return value


def switched_off(old: dict[str, Any], new: dict[str, Any], name: str) -> list[str]:
    """Options turned off by leaving their block out, which the provider does not
    send: the step that really turns each off, and how to check it."""
    found = []
    for path, what, command in SWITCHES:
        if _block(old, path) and not _block(new, path):
            found.append(
                f"{name}: {what} turned off by leaving its block out, which the AWS provider does not send (AWS "
                f"keeps it on): after this `pulumi up`, run aws kafka {command} on the cluster and check with aws "
                "kafka describe-cluster-v2"
            )
    if old.get("storageMode") == "TIERED" and new.get("storageMode") != "TIERED":
        found.append(
            f"{name}: storageMode TIERED -> LOCAL: turn remote storage off on every topic first (it deletes their "
            "tiered data: MSK Developer Guide, enable and disable tiered storage on an existing topic), then check "
            "with aws kafka describe-cluster-v2 that the cluster's storage mode changed"
        )
    return found


# --- comparing two runs ---------------------------------------------------------------------------------


def _alias_urns(resource: RecordedResource) -> set[str]:
    return {alias for alias in resource.aliases if alias.startswith("urn:pulumi:")}


def _dependency_changes(
    resource: RecordedResource, actions: dict[str, str], before_of: dict[str, RecordedResource]
) -> list[PropertyChange]:
    """Inputs that change because a resource they refer to is replaced (new
    ID, ARN, name) or updated in a way that changes what they refer to."""
    found: list[PropertyChange] = []
    for prop, urns in resource.property_dependencies.items():
        for urn in urns:
            dependency, action = before_of.get(urn), actions.get(urn)
            if dependency is None or action not in ("replace", "update"):
                continue
            if action == "replace":
                targets = {str(v) for v in [dependency.id, *dependency.outputs.values()] if isinstance(v, str) and v}
            else:
                names = OUTPUTS_CHANGED_BY_UPDATE.get(dependency.type, ())
                targets = {str(comparable(dependency.outputs[n])) for n in names if n in dependency.outputs}
            for path in references(resource.inputs.get(prop), targets, prop):
                found.append(PropertyChange(path, f"({dependency.name})", NEW_VALUE))
    return found


def _classify(before: RecordedResource, after: RecordedResource, changes: list[PropertyChange]) -> Change:
    rules = RULES.get(after.type)
    paths = {c.path for c in changes}
    verdict = aws_rules(before, after, paths)
    forcing = sorted(p for p in paths if rules is None or rules.replaces(p))
    change = Change(after.type, after.name, "update", changes, before.protect, after.type in DATA_BEARING)
    if rules is None:
        change.why = "no replacement rules for this type (tools/replacements.py): assumed to replace"
    if forcing:
        change.action = "replace"
        change.why = change.why or f"{', '.join(forcing)} cannot change in place ({rules.source if rules else '?'})"
    if verdict.replace_because:
        change.action, change.why = "replace", verdict.replace_because
    if change.action == "replace":
        order = "deleted first, then created" if after.delete_before_replace else "created first, then deleted"
        change.notes.append(f"replacement order: {order}")
        change.blocked.extend(_name_conflicts(before, after))
        if after.type == LOG_GROUP:
            change.notes.append(
                f"the old log group {before.inputs.get('name')} is deleted with the logs in it (kept "
                f"{comparable(before.inputs.get('retentionInDays'))} days): export what you need first "
                "(aws logs create-export-task), or keep its name in the stack"
            )
    change.notes.extend(verdict.notes)
    change.blocked.extend(verdict.blocked)
    return change


# Inputs holding a physical name that must be unique (per account and region, or per cluster).
NAME_INPUTS = ("name", "clusterName")


def _name_conflicts(before: RecordedResource, after: RecordedResource) -> list[str]:
    """A replacement created before the old one is deleted, under the same name, fails."""
    if after.delete_before_replace:
        return []
    return [
        f"the replacement would be created first under the same {key} {after.inputs[key]!r}, which AWS refuses "
        "while the old one exists (the program needs delete_before_replace, or a new name)"
        for key in NAME_INPUTS
        if key in after.inputs and after.inputs[key] == before.inputs.get(key)
    ]


def _danger(change: Change, before: RecordedResource | None, after: RecordedResource | None) -> None:
    """Block replacing or deleting what holds data or is protected."""
    if change.action not in ("replace", "delete"):
        return
    verb = "replacing" if change.action == "replace" else "deleting"
    if change.protected:
        change.blocked.append(f"protected: Pulumi refuses {verb} it (set protect: false first if you mean it)")
    if change.data_bearing:
        change.blocked.append(f"{verb} it loses {DATA_BEARING[change.type]}")
    if change.type == CONNECTOR and before is not None:
        renamed = after is None or after.inputs.get("name") != before.inputs.get("name")
        if renamed:
            change.blocked.append(
                f"{verb} it under another name loses its offsets (consumer group connect-{before.inputs.get('name')})"
            )


# --- rules across resources --------------------------------------------------------------------------------

LOCKDOWN = "allow.everyone.if.no.acl.found"
INVOCATION = "aws:lambda/invocation:Invocation"
CONFIGURATION = "aws:msk/configuration:Configuration"
TWO_STEPS = (
    "deploy the ACLs first (this change without serverProperties.allow.everyone.if.no.acl.found: false), check "
    "that every SCRAM and mutual TLS client still works, then set it false in a later `pulumi up` "
    "(docs/configuration.md, locking a running cluster down)"
)


def _locked(run: ProgramRun) -> bool | None:
    """Whether the run's MSK configuration turns the lock-down on (None: no configuration)."""
    configurations = run.of_type(CONFIGURATION)
    if not configurations:
        return None
    text = str(configurations[0].inputs.get("serverProperties", ""))
    return f"{LOCKDOWN}=false" in text.splitlines()


def _invocation_bindings(run: ProgramRun) -> set[tuple[str, ...]] | None:
    invocations = run.of_type(INVOCATION)
    return _acl_bindings(invocations[0].inputs.get("input")) if invocations else None


def lockdown_order(before: ProgramRun, after: ProgramRun, changes: list[Change], warnings: list[str]) -> None:
    """The lock-down and the ACLs it needs in one `up`. The ACL function runs after
    the cluster's update (its invocation depends on the cluster), while the new
    configuration reaches each broker as it restarts: from the first restarted
    broker, a SCRAM or mutual TLS principal without its ACLs is refused."""
    if _locked(before) is not False or not _locked(after):
        return  # a new stack (no cluster yet), a lock-down already on, or none
    old, new = _invocation_bindings(before), _invocation_bindings(after) or set()
    invocation = next((c for c in changes if c.type == INVOCATION), None)
    if old is None and invocation is not None:
        invocation.blocked.append(
            f"{LOCKDOWN}: false comes with the stack's first Kafka ACLs in one `up`: the cluster's configuration "
            "is updated first (a rolling restart), and the function applies the ACLs only after it, so every "
            "SCRAM and mutual TLS principal (the schema registry's included) is refused from the first restarted "
            f"broker until the function has run; {TWO_STEPS}"
        )
    elif old is not None and new - old:
        principals = sorted({binding[0] for binding in new - old})
        warnings.append(
            f"{LOCKDOWN}: false comes with new Kafka ACL bindings ({', '.join(principals)}): they are applied after "
            f"the rolling restart, so until then these principals are refused what they are only now granted; "
            f"{TWO_STEPS}"
        )


def compare(before: ProgramRun, after: ProgramRun, base: str = "working tree") -> Preview:
    """What applying `after` to a stack deployed as `before` does, resource by resource."""
    before_by_urn = {r.urn: r for r in before.resources if r.custom}
    actions: dict[str, str] = {}  # after URN -> action
    before_of: dict[str, RecordedResource] = {}  # after URN -> matched before resource
    changes: list[Change] = []
    warnings: list[str] = []
    unchanged = 0
    for resource in (r for r in after.resources if r.custom):
        old = before_by_urn.get(resource.urn) or next(
            (before_by_urn[a] for a in _alias_urns(resource) if a in before_by_urn), None
        )
        if old is None:
            actions[resource.urn] = "create"
            created = Change(resource.type, resource.name, "create", data_bearing=resource.type in DATA_BEARING)
            if resource.type == INVOCATION:  # the stack's first ACLs, listed like later ones
                created.properties.append(PropertyChange("input", None, resource.inputs.get("input")))
            changes.append(created)
            continue
        before_of[resource.urn] = old
        warnings.extend(option_warnings(old, resource))
        diff = [
            c
            for c in [*leaf_changes(old.inputs, resource.inputs), *_dependency_changes(resource, actions, before_of)]
            if not _ignored(c.path, resource.ignore_changes)
        ]
        if not diff:
            actions[resource.urn] = "same"
            unchanged += 1
            continue
        change = _classify(old, resource, diff)
        _danger(change, old, resource)
        actions[resource.urn] = change.action
        changes.append(change)
    matched = {r.urn for r in before_of.values()}
    for urn, old in before_by_urn.items():
        if urn not in matched:
            change = Change(old.type, old.name, "delete", protected=old.protect, data_bearing=old.type in DATA_BEARING)
            change.why = "no longer in the program (or its logical name changed without an alias)"
            if old.type == INVOCATION:  # its delete removes the bindings it manages
                change.properties.append(PropertyChange("input", old.inputs.get("input"), None))
            _danger(change, old, None)
            changes.append(change)
    warnings.extend(data_warnings(before, after))
    lockdown_order(before, after, changes, warnings)
    # Resources register in no fixed order: the same change prints the same lines.
    changes.sort(key=lambda c: (c.type, c.name, c.action))
    return Preview(after.stack, base, changes, unchanged, warnings)


# --- config at a revision -----------------------------------------------------------------------------------


def files_at(revision: str, stack: str) -> dict[str, str | None]:
    """`Pulumi.yaml` and `Pulumi.<stack>.yaml` as committed at `revision` (None: absent there)."""

    def show(name: str) -> str | None:
        result = subprocess.run(
            ["git", "show", f"{revision}:{name}"], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return result.stdout if result.returncode == 0 else None

    if subprocess.run(
        ["git", "rev-parse", "--verify", f"{revision}^{{commit}}"], cwd=ROOT, capture_output=True
    ).returncode:
        raise ValueError(f"--base {revision}: not a commit of this repository")
    return {name: show(name) for name in ("Pulumi.yaml", f"Pulumi.{stack}.yaml")}


class BaseRefused(Exception):
    """The config at the base revision is not valid for this program (its rules changed since)."""


def default_base(stack: str, root: Path | None = None) -> str | None:
    """`HEAD` when `Pulumi.yaml` or the stack's file has uncommitted edits (or
    is not committed yet): the deployed state is the last commit and the edit
    is the change. None (the working tree) when they are as committed, or
    outside a git checkout."""
    status = subprocess.run(
        ["git", "status", "--porcelain", "--", "Pulumi.yaml", f"Pulumi.{stack}.yaml"],
        cwd=root or ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return "HEAD" if status.returncode == 0 and status.stdout.strip() else None


def _run_before(
    stack: str, files: dict[str, str | None] | None, base: str | None, overrides: dict[str, Any]
) -> ProgramRun:
    if files is not None and files[f"Pulumi.{stack}.yaml"] is None:
        return ProgramRun(stack, {}, [], {})  # the stack file is new: everything is created
    try:
        return run_program(stack, overrides or None, files=files)
    except StackFileError as error:
        if base is None:
            raise
        raise StackFileError(f"{error} (as committed at {base})") from None
    except ProgramFailed as failure:
        if base and isinstance(failure.cause, pulumi.RunError):
            raise BaseRefused(str(failure)) from failure
        raise


def preview(stack: str, overrides: dict[str, Any], base: str | None = None, label: str = "") -> Preview:
    """Run both sides and compare. Raises ProgramFailed on a config error of the
    after side, BaseRefused when this program refuses the config at `base`.
    `label` says why that base was chosen (shown after it)."""
    files = files_at(base, stack) if base else None

    def second_up_runs() -> tuple[ProgramRun, ProgramRun]:
        return _run_before(stack, files, base, second_up(stack, {}, files)), run_program(
            stack, second_up(stack, overrides)
        )

    # The second up's pair starts at once beside the first when the key may wait (tools/background.py).
    with Background(second_up_runs, key_may_wait(stack, overrides)) as pending:
        before = _run_before(stack, files, base, {})
        after = run_program(stack, overrides)
        result = compare(before, after, (base or "working tree") + label)
        result.cost = CostChange.of(before, after)
        if connectors_pending(after):
            before_second, after_second = pending.result()
            second = compare(before_second, after_second, result.base)
            result.second_up_cost = CostChange.of(before_second, after_second)
            seen = {(c.type, c.name, c.action) for c in result.changes}
            result.second_up = [c for c in second.changes if (c.type, c.name, c.action) not in seen]
            result.warnings.extend(w for w in second.warnings if w not in result.warnings)
    result.notes = run_notes([before, after])
    return result


# --- output ----------------------------------------------------------------------------------------------


# An MSK cluster, topic or group ARN (iam.kafka_topic_arn): shown by what it names.
_KAFKA_ARN = re.compile(
    r"^arn:[\w-]+:kafka:[\w-]+:\d{12}:(?P<kind>cluster|topic|group)/(?P<cluster>[^/]+)/[^/]+(?:/(?P<name>.+))?$"
)


def _shown(value: Any) -> str:
    if isinstance(value, Secret):
        return MASK
    if isinstance(value, str) and (arn := _KAFKA_ARN.match(value)):
        kind, name = arn["kind"], arn["name"]
        return f"{kind} {name}" if name is not None and kind != "cluster" else f"cluster {arn['cluster']}"
    text = json.dumps(value, default=str) if not isinstance(value, str) else value
    text = text.replace("\n", "\\n")
    return text if len(text) <= 80 else text[:77] + "..."


def _pair(old: Any, new: Any) -> str:
    """`old -> new`; two long strings are shown from a little before where they differ."""
    if isinstance(old, str) and isinstance(new, str):
        common = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
        if common > 40:
            old, new = "..." + old[common - 20 :], "..." + new[common - 20 :]
    return f"{_shown(old)} -> {_shown(new)}"


def _as_structure(text: Any) -> Any:
    """A JSON document or a `key=value` properties file as a dict, else None."""
    if not isinstance(text, str):
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and all("=" in line for line in lines):
            return dict(line.split("=", 1) for line in lines)
        return None
    return _indexed(parsed) if isinstance(parsed, (dict, list)) else None


def _without_bindings(text: str) -> str:
    """The ACL function's input without its bindings and their principals (shown per binding)."""
    return json.dumps(
        {k: v for k, v in json.loads(text).items() if k not in ("bindings", "principals")}, sort_keys=True
    )


def _indexed(value: Any) -> Any:
    """Lists as {"0": ..., "1": ...}, at any depth, so a diff can name the element; the
    statements of a policy by their Sid when each has its own."""
    if isinstance(value, list):
        sids = [item.get("Sid") if isinstance(item, dict) else None for item in value]
        if all(isinstance(sid, str) and sid for sid in sids) and len(set(sids)) == len(sids):
            return {str(sid): _indexed(item) for sid, item in zip(sids, value, strict=True)}
        return {str(i): _indexed(item) for i, item in enumerate(value)}
    if isinstance(value, dict):
        return {k: _indexed(v) for k, v in value.items()}
    return value


def _acl_bindings(value: Any) -> set[tuple[str, ...]] | None:
    """The Kafka ACL bindings of the ACL function's input (None: not such an input)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("bindings"), list):
        return None
    return {tuple(str(part) for part in binding) for binding in parsed["bindings"]}


def binding_lines(old: set[tuple[str, ...]], new: set[tuple[str, ...]]) -> list[str]:
    """Kafka ACL bindings added (+) and removed (-), per principal."""
    lines = [
        f"{binding.principal}: {sign} {binding.describe()}"
        for sign, found in (("-", old - new), ("+", new - old))
        for binding in sorted(Binding(*b) for b in found)
    ]
    return sorted(lines, key=lambda line: line.split(": ", 1)[0])


def _widgets(body: Any) -> int | None:
    try:
        return len(json.loads(body).get("widgets", []))
    except (TypeError, ValueError, AttributeError):
        return None


def describe(prop: PropertyChange) -> list[str]:
    """`path: old -> new`, or for JSON documents and properties files, one line per key inside that changed;
    for the Kafka ACL function's input, the bindings added and removed per principal; a dashboard's body
    in one line (its metrics re-index whenever a broker or topic is added)."""
    if prop.path == "dashboardBody":
        old, new = _widgets(prop.old), _widgets(prop.new)
        if old is not None and new is not None:
            return [f"dashboard body changed: {plural(new, 'widget')}" + (f" (was {old})" if old != new else "")]
    old_bindings, new_bindings = _acl_bindings(prop.old), _acl_bindings(prop.new)
    if old_bindings is not None and new_bindings is not None:
        others = [
            line
            for line in describe(PropertyChange(prop.path, _without_bindings(prop.old), _without_bindings(prop.new)))
            if line != f"{prop.path}: (formatting)"
        ]
        return [f"Kafka ACL {line}" for line in binding_lines(old_bindings, new_bindings)] + others
    if None in (prop.old, prop.new) and (old_bindings, new_bindings) != (None, None):  # the first ACLs, or the last
        return [f"Kafka ACL {line}" for line in binding_lines(old_bindings or set(), new_bindings or set())]
    old, new = _as_structure(prop.old), _as_structure(prop.new)
    if old is None or new is None:
        return [f"{prop.path}: {_pair(prop.old, prop.new)}"]
    inner = list(leaf_changes(old, new))
    return [f"{prop.path} > {c.path}: {_pair(c.old, c.new)}" for c in inner] or [f"{prop.path}: (formatting)"]


def _change_lines(changes: list[Change]) -> list[str]:
    """Each change with its properties, why and notes: replacements first."""
    order = {"replace": 0, "delete": 1, "update": 2, "create": 3}
    lines: list[str] = []
    for change in sorted(changes, key=lambda c: (order[c.action], c.type, c.name)):
        marks = "".join([" [protected]" if change.protected else "", " [data]" if change.data_bearing else ""])
        lines.append(f"  {change.action:<8}{change.type}  {change.name}{marks}")
        for prop in change.properties:
            lines.extend(f"            {line}" for line in describe(prop))
        if change.why:
            lines.append(f"            why: {change.why}")
        lines.extend(f"            note: {note}" for note in change.notes)
    return lines


MARKS = {
    "protected": "Pulumi refuses to replace or delete it while `protect` is on (the stack's `protect`)",
    "data": "it holds data (messages, keys, connector offsets): replacing or deleting it loses that data",
}


def _legend(changes: list[Change]) -> list[str]:
    """What the marks shown mean, for those that appear."""
    shown = [
        mark
        for mark, present in (
            ("protected", any(c.protected for c in changes)),
            ("data", any(c.data_bearing for c in changes)),
        )
        if present
    ]
    return ["", *(f"  [{mark}]: {MARKS[mark]}" for mark in shown)] if shown else []


def render(result: Preview) -> str:
    counts = result.counts
    lines = [
        f"change preview: stack {result.stack}, before = {result.base}",
        "  " + ", ".join(f"{n} {a}" for a, n in counts.items()),
        "",
    ]
    lines.extend(_change_lines(result.changes))
    lines.extend(_legend([*result.changes, *result.second_up]))
    if result.cost is not None:
        lines += ["", *result.cost.lines()]
    if result.second_up:
        lines += [
            "",
            "on the second `pulumi up`, once Snowflake knows the key (snowflake.publicKeyRegistered: true):",
            *_change_lines(result.second_up),
        ]
        if result.second_up_cost is not None:
            lines += [
                f"  then {line.lstrip()}" if i == 0 else line for i, line in enumerate(result.second_up_cost.lines())
            ]
    if result.warnings:
        lines += ["", "warnings:", *(f"  - {w}" for w in result.warnings)]
    if result.blocked:
        lines += ["", "BLOCKED (exit 1):", *(f"  - {b}" for b in result.blocked)]
    line, status = result.verdict
    lines += ["", f"verdict: {line} (exit {status})"]
    return "\n".join(lines)


def as_json(result: Preview) -> dict[str, Any]:
    def change(c: Change) -> dict[str, Any]:
        data = asdict(c)
        data["dataBearing"] = data.pop("data_bearing")
        data["properties"] = [p.path for p in c.properties]
        data["values"] = {p.path: {"old": _plain(p.old), "new": _plain(p.new)} for p in c.properties}
        return data

    line, status = result.verdict
    return {
        "stack": result.stack,
        "base": result.base,
        "changes": [change(c) for c in result.changes],
        "secondUp": [change(c) for c in result.second_up],
        "blocked": result.blocked,
        "warnings": result.warnings,
        "counts": result.counts,
        "cost": result.cost.as_dict() if result.cost else None,
        "secondUpCost": result.second_up_cost.as_dict() if result.second_up_cost else None,
        "verdict": line,
        "status": status,
    }


def _plain(value: Any) -> Any:
    return MASK if isinstance(value, Secret) else value


def _fail(message: str) -> NoReturn:
    print(message, file=sys.stderr)
    sys.stdout.flush()
    sys.exit(2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=tool_name("tools.change"), description=__doc__.split("\n\n")[0])
    parser.add_argument("stack")
    parser.add_argument("-c", "--config", action="append", type=parse_override, default=[], metavar="KEY=VALUE")
    parser.add_argument("--base", help="git revision whose committed stack config is the deployed state")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--urns", action="store_true", help="print the URNs the stack registers (tests/urns/)")
    args = parser.parse_args(argv)
    if not (ROOT / f"Pulumi.{args.stack}.yaml").exists():
        _fail(f"error: {no_stack_message(args.stack)}")
    if args.urns:  # the stack once its connectors exist (tests/urns/)
        registered = second_up(args.stack, dict(args.config))
        print("\n".join(sorted(r.urn for r in run_program(args.stack, registered).resources)))
        return 0
    base, label = args.base, ""
    if base is None and (base := default_base(args.stack)):
        label = f" (Pulumi.yaml or Pulumi.{args.stack}.yaml has uncommitted edits; --base to choose)"
    try:
        result = preview(args.stack, dict(args.config), base, label)
    except BaseRefused as refused:
        print(
            f"the stack config at {base} is not valid for this program (its rules changed since), so there "
            f"is no deployed state to compare with:\n{refused}",
            file=sys.stderr,
        )
        return 3
    except (ValueError, FileNotFoundError) as error:  # a stack file or -c path the CLI refuses, a bad --base
        _fail(f"error: {error}")
    except ProgramFailed as failure:
        if isinstance(failure.cause, pulumi.RunError):
            _fail(refusal(failure, args.stack, args.config))
        raise
    print(json.dumps(as_json(result), indent=2, default=str) if args.json else render(result))
    print_notes(result.notes)
    return result.verdict[1]


if __name__ == "__main__":
    sys.exit(main())
