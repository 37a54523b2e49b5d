"""What a change preview means for the data, and its one-line verdict.

`data_warnings(before, after)` finds the changes that keep less data than
before without replacing anything (so no replacement rule sees them):

- a topic whose effective retention goes down: its own `retention.ms`, or
  the cluster default (`log.retention.ms` / `.minutes` / `.hours` of the MSK
  configuration, in Kafka's order of precedence) for a topic without one.
  Kafka deletes the older segments at the next retention check: the data is
  gone, not hidden. Compacted topics keep the latest record per key and are
  not affected. A lower cluster default that reaches no topic of the stack
  is said too (topics created outside this program still follow it);
- a connector whose dead-letter topic is removed: with `errors.tolerance=all`
  records it cannot write are then dropped instead of kept.

`verdict(...)` sums a preview up as `safe: ...`, `needs attention: ...` or
`blocked: ...`, with the exit status the change preview returns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from components import catalog
from tools.mock_runner import ProgramRun, RecordedResource

TOPIC = "aws:msk/topic:Topic"
CONFIGURATION = "aws:msk/configuration:Configuration"
CONNECTOR = "aws:mskconnect/connector:Connector"
DLQ_KEY = "errors.deadletterqueue.topic.name"
KAFKA_DEFAULT_RETENTION_MS = 168 * catalog.MS_PER_HOUR  # Kafka's log.retention.hours default

# Exit statuses of the change preview, by verdict.
SAFE, BLOCKED, ATTENTION = 0, 1, 4


def _hours(ms: int) -> str:
    hours = ms / catalog.MS_PER_HOUR
    return f"{hours:g}h"


def cluster_retention_ms(run: ProgramRun) -> int | None:
    """The cluster default retention of a run's MSK configuration, in ms (None: no configuration)."""
    configurations = run.of_type(CONFIGURATION)
    if not configurations:
        return None
    text = str(configurations[0].inputs.get("serverProperties", ""))
    properties = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    for key, factor in (
        ("log.retention.ms", 1),
        ("log.retention.minutes", 60_000),
        ("log.retention.hours", catalog.MS_PER_HOUR),
    ):
        if key in properties:
            return int(properties[key]) * factor
    return KAFKA_DEFAULT_RETENTION_MS


def _topic_configs(topic: RecordedResource) -> dict[str, str]:
    configs = topic.inputs.get("configs") or {}
    return json.loads(configs) if isinstance(configs, str) else dict(configs)


@dataclass(frozen=True)
class TopicRetention:
    name: str
    retention_ms: int
    own: bool
    """The topic sets `retention.ms` itself (else it follows the cluster default)."""
    compacted: bool


def topic_retentions(run: ProgramRun) -> dict[str, TopicRetention]:
    """Every topic of a run by name, with the retention it has in effect."""
    default = cluster_retention_ms(run) or KAFKA_DEFAULT_RETENTION_MS
    found: dict[str, TopicRetention] = {}
    for topic in run.of_type(TOPIC):
        configs = _topic_configs(topic)
        own = "retention.ms" in configs
        found[str(topic.inputs.get("name"))] = TopicRetention(
            name=str(topic.inputs.get("name")),
            retention_ms=int(configs["retention.ms"]) if own else default,
            own=own,
            compacted="delete" not in configs.get("cleanup.policy", "delete").split(","),
        )
    return found


def retention_warnings(before: ProgramRun, after: ProgramRun) -> list[str]:
    """Topics that keep less data after the change, and a lower cluster default."""
    old_topics, new_topics = topic_retentions(before), topic_retentions(after)
    warnings: list[str] = []
    for name, new in sorted(new_topics.items()):
        old = old_topics.get(name)
        if old is None or new.compacted or new.retention_ms >= old.retention_ms:
            continue
        source = "its own retentionHours" if new.own else "it follows the cluster default retentionHours"
        warnings.append(
            f"data loss: topic {name} keeps {_hours(old.retention_ms)} -> {_hours(new.retention_ms)} ({source}); "
            f"records older than {_hours(new.retention_ms)} are deleted at the next retention check"
        )
    old_default, new_default = cluster_retention_ms(before), cluster_retention_ms(after)
    if old_default and new_default and new_default < old_default:
        following = sorted(n for n, t in new_topics.items() if not t.own and not t.compacted)
        own = sorted(n for n, t in new_topics.items() if t.own)
        compacted = sorted(n for n, t in new_topics.items() if t.compacted)
        parts = [f"followed by {', '.join(following)}" if following else "followed by no topic of this stack"]
        if own:
            parts.append(f"not by {', '.join(own)} (own retentionHours)")
        if compacted:
            parts.append(f"not by the compacted {', '.join(compacted)}")
        reach = "" if following else "; topics created outside this program still follow it"
        warnings.append(
            f"cluster default retention (retentionHours) lowered {_hours(old_default)} -> {_hours(new_default)}: "
            f"{'; '.join(parts)}{reach}"
        )
    return warnings


def dead_letter_warnings(before: ProgramRun, after: ProgramRun) -> list[str]:
    """Connectors (matched by connector name) whose dead-letter topic goes away."""

    def dlq_by_connector(run: ProgramRun) -> dict[str, tuple[str, str]]:
        found = {}
        for connector in run.of_type(CONNECTOR):
            config = connector.inputs.get("connectorConfiguration") or {}
            found[str(connector.inputs.get("name"))] = (config.get(DLQ_KEY, ""), config.get("errors.tolerance", ""))
        return found

    old, new = dlq_by_connector(before), dlq_by_connector(after)
    warnings = []
    for name, (topic, _) in sorted(old.items()):
        if topic and name in new and not new[name][0]:
            dropped = "are dropped" if new[name][1] == "all" else "stop the connector"
            warnings.append(
                f"data loss: connector {name} no longer has its dead-letter topic {topic}: records it cannot "
                f"write to Snowflake {dropped} instead of being kept there"
            )
    return warnings


def data_warnings(before: ProgramRun, after: ProgramRun) -> list[str]:
    """Every data-reducing change between two runs that no replacement shows."""
    return [*retention_warnings(before, after), *dead_letter_warnings(before, after)]


def verdict(actions: Iterable[str], blocked: list[str], warnings: list[str]) -> tuple[str, int]:
    """The preview's last line and exit status.

    blocked: anything blocked (data-bearing or protected resources replaced or
    deleted, a change AWS refuses). needs attention: something is replaced or
    deleted, or a warning (data kept for less time, a dead-letter topic gone,
    grown volumes). safe: only updates in place and creations, or nothing.
    """
    counted: dict[str, int] = {}
    for action in actions:
        counted[action] = counted.get(action, 0) + 1
    if blocked:
        return f"blocked: {len(blocked)} {'reason' if len(blocked) == 1 else 'reasons'} above; do not apply", BLOCKED
    reasons = [f"{counted[a]} {verb}" for a, verb in (("replace", "replaced"), ("delete", "deleted")) if counted.get(a)]
    if warnings:
        reasons.append(f"{len(warnings)} {'warning' if len(warnings) == 1 else 'warnings'}")
    if reasons:
        return f"needs attention: {', '.join(reasons)} (read the lines above before applying)", ATTENTION
    done = [f"{a}s" for a in ("update", "create") if counted.get(a)]
    return ("safe: " + " and ".join(done) + " only") if done else "safe: no change", SAFE
