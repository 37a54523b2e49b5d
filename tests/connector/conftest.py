"""The connector tier (`make test-connector`): the real Snowflake connector judges every
connector configuration the plans generate, in a real Kafka Connect worker.

Tests marked `connector` need the connector jars, which only a session builds from the
tagged sources (docs/development.md, "The connector tier"); `make test-connector` runs
them where the jars are, and says in one line how to build them where they are not.
One worker runs at a time (each scans a 170-200 MB plugin at start): the tests are
ordered by the worker they need.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from _pytest.mark.expression import Expression

from components import catalog
from tests.jvm.kafka import KafkaCluster, build_classpath, kafka_cluster

from .plans import GeneratedConnector, all_generated
from .worker import ConnectWorker, SnowflakeStandIn, connect_worker, missing_jars

# A one-node cluster for the workers' internal topics.
BROKER_PROPERTIES = {
    "offsets.topic.replication.factor": "1",
    "transaction.state.log.replication.factor": "1",
    "transaction.state.log.min.isr": "1",
    "group.initial.rebalance.delay.ms": "0",
}

Group = tuple[str, str]


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Not even imported when the run deselects `connector` (the unit suite): its modules
    run 16 plans to parametrize."""
    selects = Expression.compile(config.option.markexpr or "connector").evaluate(lambda mark: mark == "connector")
    return None if selects else True


def group_of(item: pytest.Item) -> Group | None:
    params = getattr(item, "callspec", None)
    for value in params.params.values() if params is not None else ():
        if isinstance(value, GeneratedConnector):
            return value.worker
        if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
            return value
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need a worker grouped by the one they need, so each worker starts once;
    within a group, the order the module defines (the class-loading check last)."""
    missing = missing_jars((catalog.SNOWFLAKE_CONNECTOR_VERSION, catalog.SNOWFLAKE_V3_CONNECTOR_VERSION))
    if missing and any(item.get_closest_marker("connector") for item in items):
        raise pytest.UsageError(
            f"the connector tier needs {', '.join(map(str, missing))}: "
            "build them (docs/development.md, the connector tier)"
        )
    items.sort(key=lambda item: (0, ("", "")) if group_of(item) is None else (1, group_of(item)))


@pytest.fixture(scope="session")
def kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaCluster]:
    with kafka_cluster(build_classpath(), BROKER_PROPERTIES, 1, tmp_path_factory.mktemp("kafka")) as cluster:
        yield cluster


@pytest.fixture(scope="session")
def snowflake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SnowflakeStandIn]:
    stand_in = SnowflakeStandIn(tmp_path_factory.mktemp("snowflake")).start()
    yield stand_in
    stand_in.stop()


def account_host(connector: GeneratedConnector) -> str:
    return connector.configuration["snowflake.url.name"].split(":")[0]


def secrets_of(connectors: list[GeneratedConnector]) -> dict[str, dict[str, str]]:
    """Every secret the group's configurations refer to; one value per name."""
    secrets: dict[str, dict[str, str]] = {}
    for connector in connectors:
        for name, fields in connector.secrets.items():
            assert secrets.setdefault(name, fields) == fields, f"two values for the secret {name}"
    return secrets


class Workers:
    """At most one worker running: the one the current test's group needs."""

    def __init__(self, kafka: KafkaCluster, folder: Path, stand_in: SnowflakeStandIn) -> None:
        self.kafka, self.folder, self.stand_in = kafka, folder, stand_in
        self.current: tuple[Group, ConnectWorker, contextlib.ExitStack] | None = None
        self.counter = itertools.count()
        self.handshakes_before = 0
        """The stand-in's handshakes when the current worker started."""

    def __call__(self, group: Group) -> ConnectWorker:
        if self.current is not None and self.current[0] == group:
            return self.current[1]
        self.close()
        members = [c for c in all_generated() if c.worker == group]
        assert members, group
        stack = contextlib.ExitStack()
        worker = stack.enter_context(
            connect_worker(
                folder=self.folder / f"worker-{next(self.counter)}-{group[0]}-{group[1]}",
                runtime=group[1],
                connector_version=group[0],
                worker_properties=members[0].worker_properties,
                bootstrap=self.kafka.bootstrap,
                snowflake_hosts={account_host(c) for c in members},
                secrets=secrets_of(members),
            )
        )
        self.current = (group, worker, stack)
        self.handshakes_before = self.stand_in.handshakes
        return worker

    def close(self) -> None:
        if self.current is not None:
            self.current[2].close()
            self.current = None


@pytest.fixture(scope="session")
def workers(
    kafka: KafkaCluster, snowflake: SnowflakeStandIn, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Workers]:
    started = Workers(kafka, tmp_path_factory.mktemp("connect"), snowflake)
    yield started
    started.close()
