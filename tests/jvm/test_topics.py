"""Kafka judges topics at scale and the topics the plan must refuse: a 300-topic
prod stack is created for real, and every topic case the plan refuses (names
Kafka cannot hold or that collide, partitions, replicas, retention) is refused
by the broker too, so the plan refuses no less and no more than Kafka here."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import cached_run
from tools.mock_runner import ProgramFailed, run_program, stack_config

from . import plan
from .kafka import KafkaCluster, kafka_cluster

pytestmark = pytest.mark.jvm


def prod_topics() -> list[dict[str, Any]]:
    """The topics of Pulumi.prod.yaml (its connector reads and dead-letters into them)."""
    return json.loads(stack_config("prod").values["streaming-platform:topics"])


def many_topics(count: int) -> list[dict[str, Any]]:
    """prod's topics and more, `count` in all, like a busy stack: dotted and
    dashed names, compacted and retention-overriding ones mixed in."""
    topics = prod_topics()
    for i in range(count - len(topics)):
        topic: dict[str, Any] = {"name": f"domain-{i % 12:02d}.events-{i:03d}", "partitions": 3}
        if i % 3 == 0:
            topic["cleanupPolicy"] = "compact"
        elif i % 5 == 0:
            topic["retentionHours"] = 72
        topics.append(topic)
    return topics


@pytest.fixture(scope="module")
def prod_cluster(classpath: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaCluster]:
    run = cached_run("prod")
    with kafka_cluster(classpath, plan.server_properties(run), 3, tmp_path_factory.mktemp("kafka")) as cluster:
        yield cluster


def test_a_300_topic_stack_is_created_with_every_config(prod_cluster: KafkaCluster) -> None:
    run = cached_run("prod", {"topics": many_topics(300)})
    assert plan.server_properties(run) == plan.server_properties(cached_run("prod"))
    topics = plan.topics(run)
    assert len(topics) == 301  # and _schemas
    answer = prod_cluster.judge("topics", {"topics": [t.request() for t in topics]})
    assert answer["results"] == {t.name: None for t in topics}


def topic(name: str, partitions: int = 1, replication_factor: int = 1, **configs: str) -> dict[str, Any]:
    """A CreateTopics entry; config names with '_' for '.' (`cleanup_policy` -> `cleanup.policy`)."""
    return {
        "name": name,
        "partitions": partitions,
        "replicationFactor": replication_factor,
        "configs": {key.replace("_", "."): value for key, value in configs.items()},
    }


LONG_NAME = "t" * 250
TOO_MANY_HOURS = 2**63 // 3_600_000 + 1
# case -> (config overrides, the key the plan's refusal names, topics as Kafka
# receives them: all but the last exist first, the last is refused with `error`).
REFUSED: dict[str, tuple[dict[str, Any], str, list[dict[str, Any]], str]] = {
    "'.' and '_' collide": (
        {"topics": [{"name": "orders.v1", "partitions": 1}, {"name": "orders_v1", "partitions": 1}]},
        "topics[1].name",
        [topic("orders.v1"), topic("orders_v1")],
        "InvalidTopicException: Topic 'orders_v1' collides with existing topic: orders.v1",
    ),
    "'.schemas' collides with the registry's topic": (
        {"topics": [{"name": ".schemas", "partitions": 1}]},
        "topics[0].name",
        [topic("_schemas", cleanup_policy="compact"), topic(".schemas")],
        "InvalidTopicException: Topic '.schemas' collides with existing topic: _schemas",
    ),
    "a name past 249 characters": (
        {"topics": [{"name": LONG_NAME, "partitions": 1}]},
        "topics[0].name",
        [topic(LONG_NAME)],
        "InvalidTopicException: ",
    ),
    "a character Kafka does not allow": (
        {"topics": [{"name": "orders/v1", "partitions": 1}]},
        "topics[0].name",
        [topic("orders/v1")],
        "InvalidTopicException: ",
    ),
    "'..'": ({"topics": [{"name": "..", "partitions": 1}]}, "topics[0].name", [topic("..")], "InvalidTopicException: "),
    "no partitions": (
        {"topics": [{"name": "payments", "partitions": 0}]},
        "topics[0].partitions",
        [topic("payments", partitions=0)],
        "InvalidPartitionsException: ",
    ),
    "more replicas than brokers": (
        {"topics": [{"name": "payments", "partitions": 1, "replicationFactor": 4}]},
        "topics[0].replicationFactor",
        [topic("payments", replication_factor=4)],
        "InvalidReplicationFactorException: ",
    ),
    "retention past a Kafka LONG": (
        {"topics": [{"name": "payments", "partitions": 1, "retentionHours": TOO_MANY_HOURS}]},
        "topics[0].retentionHours",
        [topic("payments", retention_ms=str(TOO_MANY_HOURS * 3_600_000))],
        "InvalidConfigurationException: ",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_what_the_plan_refuses_kafka_refuses(case: str, prod_cluster: KafkaCluster) -> None:
    overrides, key, topics, error = REFUSED[case]
    # prod's own topics stay, the case's come after them: each refusal is the case's only problem
    offset = len(prod_topics())
    with pytest.raises(ProgramFailed) as refused:
        run_program("prod", {"topics": prod_topics() + overrides["topics"]})
    key = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m[1]) + offset}]", key, count=1)
    assert refused.value.resources == []
    problems = [line for line in str(refused.value).splitlines() if line.startswith("  - ")]
    assert len(problems) == 1 and problems[0].startswith(f"  - {key} = "), problems
    answer = prod_cluster.judge("topics", {"topics": topics})["results"]
    *first, last = topics
    for existing in first:  # created here, or by an earlier case or test on this cluster
        assert answer[existing["name"]] is None or answer[existing["name"]].startswith("TopicExistsException")
    assert answer[last["name"]].startswith(error), answer[last["name"]]


def test_the_plan_s_topic_edges_are_accepted_by_kafka(prod_cluster: KafkaCluster) -> None:
    """The largest retention the plan accepts, every cleanup policy, one partition:
    the plan's topic configs at their edges are topics Kafka creates."""
    edges = [
        {"name": "edge-longest-retention", "partitions": 1, "retentionHours": TOO_MANY_HOURS - 1},
        {"name": "edge-compact-delete", "partitions": 1, "cleanupPolicy": "compact,delete", "retentionHours": 1},
        {"name": "edge-compact", "partitions": 1, "cleanupPolicy": "compact"},
        {"name": "e", "partitions": 1},
    ]
    run = cached_run("prod", {"topics": prod_topics() + edges})
    planned = [t for t in plan.topics(run) if t.name in {e["name"] for e in edges}]
    assert len(planned) == len(edges)
    answer = prod_cluster.judge("topics", {"topics": [t.request() for t in planned]})
    assert answer["results"] == {t.name: None for t in planned}
