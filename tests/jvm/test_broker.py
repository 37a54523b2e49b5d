"""A real Kafka 3.8.1 KRaft cluster judges what each plan hands to Kafka: the
MSK configuration's server properties (the brokers start with exactly them and
apply each), every topic with its configs, and every SCRAM user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import cached_run
from tools.mock_runner import ProgramRun

from . import plan
from .kafka import KafkaCluster, kafka_cluster

pytestmark = pytest.mark.jvm

# Properties MSK accepts in a custom configuration (catalog.STANDARD_SERVER_PROPERTIES),
# each set away from its default, within MSK's bounds.
SERVER_PROPERTIES = {
    "compression.type": "zstd",
    "log.retention.bytes": "107374182400",
    "message.max.bytes": "2097152",
    "replica.fetch.max.bytes": "2097152",
    "num.partitions": "6",
    "offsets.retention.minutes": "20160",
    "group.initial.rebalance.delay.ms": "3000",
    "log.message.timestamp.type": "LogAppendTime",
    "log.cleaner.delete.retention.ms": "172800000",
    "transaction.max.timeout.ms": "900000",
    "replica.lag.time.max.ms": "30000",
    "connections.max.idle.ms": "600000",
}
CASES: dict[str, tuple[str, dict[str, Any] | None]] = {
    "dev": ("dev", None),
    "prod": ("prod", None),
    "prod with serverProperties and scramUsers": (
        "prod",
        {
            "serverProperties": SERVER_PROPERTIES,
            "scramUsers": [{"name": "analytics"}, {"name": "orders-service", "description": "orders producer"}],
        },
    ),
}


@pytest.fixture(scope="module", params=list(CASES))
def planned(
    request: pytest.FixtureRequest, classpath: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ProgramRun, KafkaCluster]]:
    """The case's plan and a cluster started with its server properties, one broker
    per replica of its widest topic (so every topic is created for real)."""
    stack, overrides = CASES[request.param]
    run = cached_run(stack, overrides)
    size = max(t.replication_factor for t in plan.topics(run))
    folder = tmp_path_factory.mktemp("kafka")
    with kafka_cluster(classpath, plan.server_properties(run), size, folder) as cluster:
        yield run, cluster


def test_the_brokers_start_with_the_plan_s_server_properties_and_apply_each(
    planned: tuple[ProgramRun, KafkaCluster],
) -> None:
    run, cluster = planned
    properties = plan.server_properties(run)
    answer = cluster.judge("configs", {"broker": "1", "names": sorted(properties)})
    assert answer["configs"] == properties


def test_every_planned_topic_is_created_with_its_configs(planned: tuple[ProgramRun, KafkaCluster]) -> None:
    run, cluster = planned
    topics = plan.topics(run)
    answer = cluster.judge("topics", {"topics": [t.request() for t in topics]})
    assert answer["results"] == {t.name: None for t in topics}


def test_every_scram_user_of_the_plan_authenticates_over_sasl_ssl(planned: tuple[ProgramRun, KafkaCluster]) -> None:
    run, cluster = planned
    credentials = plan.scram_credentials(run)
    assert "schema-registry" in credentials
    users = [{"name": name, "password": password} for name, password in sorted(credentials.items())]
    answer = cluster.judge("scram", {"mechanism": plan.registry_sasl_mechanism(run), "users": users})
    assert answer["created"] == {name: None for name in credentials}
    assert answer["authenticated"] == {name: None for name in credentials}
    assert answer["wrongPassword"].startswith("SaslAuthenticationException")


def test_the_registry_s_start_script_gives_a_kafka_client_the_broker_accepts(
    planned: tuple[ProgramRun, KafkaCluster],
) -> None:
    """The JAAS line the task assembles at start from its secrets, with the
    protocol and mechanism of its environment, authenticates (quoting included)."""
    run, cluster = planned
    client = plan.registry_kafka_client(run)
    assert client["SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL"] == "SASL_SSL"
    user = {
        "name": "schema-registry",
        "password": plan.scram_credentials(run)["schema-registry"],
        "jaasConfig": client["SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS_CONFIG"],
    }
    mechanism = client["SCHEMA_REGISTRY_KAFKASTORE_SASL_MECHANISM"]
    answer = cluster.judge("scram", {"mechanism": mechanism, "users": [user]})
    assert answer["created"] == {"schema-registry": None}
    assert answer["authenticated"] == {"schema-registry": None}
