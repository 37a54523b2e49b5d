"""Kafka judges the failover step a DR stack's output `snowflakeFailover` prints: the offset copy
script runs, as written, with Kafka's own `kafka-consumer-groups` (3.8.1) against brokers with the
dr plan's server properties, and the standby connector's group then holds exactly the offsets the
primary connector's group had (what MSK Replicator synchronised), no partition more."""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from components.replication.failover import offset_copy_script
from tests.conftest import cached_run

from . import plan
from .kafka import JVM_OPTIONS, KafkaCluster, kafka_cluster

pytestmark = pytest.mark.jvm

CONSUMER_GROUPS = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"
PERF_PRODUCER = "org.apache.kafka.tools.ProducerPerformance"
PRIMARY_GROUP = "connect-streaming-platform-prod-orders-to-snowflake"
STANDBY_GROUP = "connect-streaming-platform-dr-orders-to-snowflake"
# What the replicator synchronised for the primary's group: partition 2 never committed.
SYNCED = {0: 17, 1: 42}


@pytest.fixture(scope="module")
def dr_cluster(classpath: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaCluster]:
    with kafka_cluster(classpath, plan.server_properties(cached_run("dr")), 3, tmp_path_factory.mktemp("kafka")) as c:
        yield c


def tool(classpath: str, main: str, *args: str) -> str:
    done = subprocess.run(
        ["java", *JVM_OPTIONS, "-cp", classpath, main, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"{main} {' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_copy_script_gives_the_standby_group_the_primary_groups_offsets(
    dr_cluster: KafkaCluster, classpath: str, tmp_path: Path
) -> None:
    cluster = dr_cluster
    created = cluster.judge("topics", {"topics": [{"name": "orders", "partitions": 3, "replicationFactor": 3}]})
    assert created["results"] == {"orders": None}
    tool(classpath, PERF_PRODUCER, "--topic", "orders", "--num-records", "300", "--record-size", "16",
         "--throughput", "-1", "--producer-props", f"bootstrap.servers={cluster.bootstrap}",
         "partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner")  # fmt: skip
    for partition, offset in SYNCED.items():
        tool(classpath, CONSUMER_GROUPS, "--bootstrap-server", cluster.bootstrap, "--reset-offsets", "--execute",
             "--group", PRIMARY_GROUP, "--topic", f"orders:{partition}", "--to-offset", str(offset))  # fmt: skip
    client = tmp_path / "client.properties"
    client.write_text("client.id=failover-runbook\n")
    # `kafka-consumer-groups.sh` as Kafka's script runs it: the same main class.
    java = " ".join(shlex.quote(part) for part in ["java", *JVM_OPTIONS, "-cp", classpath, CONSUMER_GROUPS])
    script = offset_copy_script(cluster.bootstrap, PRIMARY_GROUP, STANDBY_GROUP, str(client))
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", f'kafka-consumer-groups.sh() {{ {java} "$@"; }}\n{script}'],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / f"{STANDBY_GROUP}.csv").read_text().splitlines() == [
        f"orders,{p},{o}" for p, o in SYNCED.items()
    ]
    groups = cluster.judge("group-offsets", {"groups": [PRIMARY_GROUP, STANDBY_GROUP]})["groups"]
    expected = {f"orders-{p}": o for p, o in SYNCED.items()}
    assert groups == {PRIMARY_GROUP: expected, STANDBY_GROUP: expected}
