"""Every server property value the plan accepts, Kafka accepts: each property
MSK lets a configuration set, at each of a set of candidate values around every
bound (and each enum value, flag, ratio), is put to the plan's own rules; each
value the plan lets through is then put to KafkaConfig, the validation a 3.8.1
broker runs first when it starts. A value the plan accepts and Kafka refuses is
a defect of the plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from components import catalog
from components.msk.options import NUMERIC_PROPERTIES, ClusterShape, numeric_property_bounds, parse_cluster_options
from components.validation import Problems
from tests.conftest import cached_run

from . import plan
from .kafka import JUDGE, Node, TlsFiles, java, loopback_properties

pytestmark = pytest.mark.jvm

NUMBERS = (
    "-2", "-1", "0", "1", "13", "14", "99", "100", "500", "1000", "1024", "6000", "10000", "18000", "30000",
    "65536", "1048576", "2147483647", "2147483648", "9223372036854775807",
)  # fmt: skip
WORDS = (
    "true", "false", "gzip", "snappy", "lz4", "zstd", "uncompressed", "producer", "delete", "compact",
    "compact,delete", "CreateTime", "LogAppendTime", "0.0", "0.5", "1.0",
    "org.apache.kafka.common.replica.RackAwareReplicaSelector",
)  # fmt: skip
SHAPES = {
    "3.8.x": ClusterShape("3.8.x", "kafka.m7g.large", 500, express=False, kraft=False),
    "3.8.x.kraft": ClusterShape("3.8.x.kraft", "kafka.m7g.large", 500, express=False, kraft=True),
}


def edges(name: str) -> tuple[str, ...]:
    """The plan's own lowest and highest value of a numeric property, and one past each."""
    if name not in NUMERIC_PROPERTIES:
        return ()
    low, high, _ = numeric_property_bounds(name)
    return (str(low - 1), str(low), str(high), str(high + 1))


def accepted_by_the_plan() -> list[tuple[str, str, str]]:
    """(shape, property, value) for every candidate the plan's rules accept."""
    accepted = []
    for shape_name, shape in SHAPES.items():
        for name in catalog.STANDARD_SERVER_PROPERTIES:
            for value in NUMBERS + WORDS + edges(name):
                problems = Problems()
                parse_cluster_options({"serverProperties": {name: value}}, shape, problems)
                if not problems.lines:
                    accepted.append((shape_name, name, value))
    return accepted


def test_every_server_property_value_the_plan_accepts_kafka_accepts(classpath: str, tmp_path: Path) -> None:
    accepted = accepted_by_the_plan()
    assert len({name for _, name, _ in accepted}) >= 30  # the sweep reaches the properties it names
    node = Node(1, 9092, 9096, 9093, tmp_path)
    base = {
        **plan.server_properties(cached_run("prod")),
        **loopback_properties([node], node, TlsFiles(tmp_path / "k.p12", tmp_path / "t.p12", "x")),
    }
    request = {"base": base, "cases": [[name, value] for _, name, value in accepted]}
    results = json.loads(java(classpath, JUDGE, "broker-config", stdin=json.dumps(request)))["results"]
    refused = sorted(
        {f"{name}={value}: {verdict}" for (_, name, value), verdict in zip(accepted, results, strict=True) if verdict}
    )
    assert refused == [], "\n".join(refused)
