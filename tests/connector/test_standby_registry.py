"""Confluent Schema Registry judges the DR stack's registry: run with the properties the plans give
its container, a standby registry on the standby's Kafka reads the schemas a primary registry
wrote and MSK Replicator copied (`_schemas` under the same name), under the same ids, and refuses
to register any until failover; at failover (`replication.failover`) it registers again, with ids
after the primary's, so no id is given to two schemas.

The server is built from Confluent's tagged sources (jvm/registry/build.sh: 7.9.2, the release the
connector kit builds; the deployed image is 8.1.1, whose `leader.eligibility` and
unknown-leader refusal are the same code, `KafkaSchemaRegistry`). The replicator's copy is a
plain copy of every record, partition for partition (KafkaJudge `copy-topic`)."""

from __future__ import annotations

import contextlib
import json
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import cached_run
from tests.jvm import plan
from tests.jvm.kafka import JVM_OPTIONS, KafkaCluster, _free_ports, build_classpath, kafka_cluster
from tools.mock_runner import ProgramRun

from .conftest import BROKER_PROPERTIES

pytestmark = pytest.mark.connector

ROOT = Path(__file__).resolve().parents[2]
REGISTRY_PROJECT = ROOT / "jvm" / "registry"
MAIN = "io.confluent.kafka.schemaregistry.rest.SchemaRegistryMain"
# What the image does with its environment (confluentinc/schema-registry-images, `configure`):
# SCHEMA_REGISTRY_<NAME> becomes the property <name> with `_` as `.`; these are the launcher's own.
LAUNCHER_VARIABLES = {"SCHEMA_REGISTRY_HEAP_OPTS", "SCHEMA_REGISTRY_OPTS"}
# What a loopback registry needs instead of the plan's: its Kafka (one node, plaintext), its
# listener, and no Basic authentication (the image configures it with a JAAS file of its own).
LOOPBACK_KEYS = ("kafkastore.bootstrap.servers", "kafkastore.security.protocol", "listeners", "host.name")
DROPPED_KEYS = ("kafkastore.sasl.mechanism", "authentication.method", "authentication.realm", "authentication.roles")
START_SECONDS = 180
ORDERS_V1 = {"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}
# A backward-compatible change (the plans' compatibility level is BACKWARD): a field with a default.
ORDERS_V2 = {
    **ORDERS_V1,
    "fields": [*ORDERS_V1["fields"], {"name": "note", "type": ["null", "string"], "default": None}],
}
CUSTOMERS_V1 = {"type": "record", "name": "Customer", "fields": [{"name": "id", "type": "string"}]}


def registry_classpath() -> str:
    """The server's runtime classpath (Maven resolves it from ~/.m2, where build.sh put the
    io.confluent artifacts Maven Central does not serve)."""
    listed = REGISTRY_PROJECT / "target" / "classpath.txt"
    done = subprocess.run(
        ["mvn", "-B", "-q", "-f", str(REGISTRY_PROJECT / "pom.xml"), "generate-resources"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise pytest.UsageError(
            "the standby-registry test needs Confluent Schema Registry 7.9.2 in ~/.m2: run jvm/registry/build.sh "
            f"(docs/development.md, the connector tier)\n{done.stdout[-2000:]}"
        )
    return listed.read_text().strip()


def registry_properties(run: ProgramRun) -> dict[str, str]:
    """The registry's properties as its image makes them from the task's environment."""
    return {
        name.removeprefix("SCHEMA_REGISTRY_").lower().replace("_", "."): value
        for name, value in plan.registry_environment(run).items()
        if name.startswith("SCHEMA_REGISTRY_") and name not in LAUNCHER_VARIABLES
    }


def on_loopback(properties: Mapping[str, str], bootstrap: str, port: int) -> dict[str, str]:
    kept = {k: v for k, v in properties.items() if k not in DROPPED_KEYS}
    return {
        **kept,
        "kafkastore.bootstrap.servers": f"PLAINTEXT://{bootstrap}",
        "kafkastore.security.protocol": "PLAINTEXT",
        "listeners": f"http://127.0.0.1:{port}",
        "host.name": "127.0.0.1",
        # One broker here: the plan's factor (3) is the cluster's, judged by the JVM tier.
        "kafkastore.topic.replication.factor": "1",
    }


class Registry:
    def __init__(self, url: str, process: subprocess.Popen[bytes], log: Path) -> None:
        self.url, self.process, self.log = url, process, log

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/vnd.schemaregistry.v1+json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read() or b"null")

    def register(self, subject: str, schema: dict[str, Any]) -> tuple[int, Any]:
        return self.call("POST", f"/subjects/{subject}/versions", {"schema": json.dumps(schema)})


@contextlib.contextmanager
def registry(classpath: str, properties: Mapping[str, str], folder: Path) -> Iterator[Registry]:
    folder.mkdir(parents=True, exist_ok=True)
    (config := folder / "schema-registry.properties").write_text("".join(f"{k}={v}\n" for k, v in properties.items()))
    log = folder / "registry.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["java", *JVM_OPTIONS, "-cp", classpath, MAIN, str(config)], stdout=out, stderr=subprocess.STDOUT
        )
    server = Registry(properties["listeners"], process, log)
    try:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"the registry exited {process.returncode}:\n{log.read_text()[-4000:]}")
            with contextlib.suppress(OSError):
                if server.call("GET", "/subjects")[0] == 200:
                    break
            time.sleep(0.5)
        else:
            raise AssertionError(f"the registry did not answer in {START_SECONDS} s:\n{log.read_text()[-4000:]}")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def clusters(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[KafkaCluster, KafkaCluster]]:
    classpath = build_classpath()
    folder = tmp_path_factory.mktemp("kafka")
    with (
        kafka_cluster(classpath, BROKER_PROPERTIES, 1, folder / "primary") as primary,
        kafka_cluster(classpath, BROKER_PROPERTIES, 1, folder / "standby") as standby,
    ):
        yield primary, standby


def test_the_standby_registry_serves_prod_s_schemas_and_registers_only_after_failover(
    clusters: tuple[KafkaCluster, KafkaCluster], tmp_path: Path
) -> None:
    primary_kafka, standby_kafka = clusters
    classpath = registry_classpath()
    prod, standby, failover = cached_run("prod"), cached_run("dr"), cached_run("dr", {"replication.failover": True})
    assert registry_properties(standby)["leader.eligibility"] == "false"
    assert registry_properties(failover)["leader.eligibility"] == "true"
    assert registry_properties(prod)["leader.eligibility"] == "true"
    # The standby's `_schemas` exists before the replicator copies into it (the dr stack creates it).
    (schemas,) = [t for t in plan.topics(standby) if t.name == registry_properties(standby)["kafkastore.topic"]]
    request = {**schemas.request(), "replicationFactor": 1}
    assert standby_kafka.judge("topics", {"topics": [request]})["results"] == {schemas.name: None}

    ports = iter(_free_ports(3))
    with registry(classpath, on_loopback(registry_properties(prod), primary_kafka.bootstrap, next(ports)),
                  tmp_path / "prod") as primary:  # fmt: skip
        status, orders = primary.register("orders-value", ORDERS_V1)
        assert status == 200, orders
        assert primary.register("customers-value", CUSTOMERS_V1)[0] == 200
    copied = primary_kafka.judge("copy-topic", {"topic": schemas.name, "targetBootstrap": standby_kafka.bootstrap})[
        "copied"
    ]
    assert copied >= 2

    with registry(classpath, on_loopback(registry_properties(standby), standby_kafka.bootstrap, next(ports)),
                  tmp_path / "standby") as read_only:  # fmt: skip
        assert sorted(read_only.call("GET", "/subjects")[1]) == ["customers-value", "orders-value"]
        status, found = read_only.call("GET", f"/schemas/ids/{orders['id']}")
        assert status == 200 and json.loads(found["schema"]) == ORDERS_V1, "the same id, the same schema"
        status, refused = read_only.register("orders-value", ORDERS_V2)
        assert (status, refused) == (500, {"error_code": 50004, "message": "Leader not known."})

    with registry(classpath, on_loopback(registry_properties(failover), standby_kafka.bootstrap, next(ports)),
                  tmp_path / "failover") as leading:  # fmt: skip
        status, registered = leading.register("orders-value", ORDERS_V2)
        assert status == 200, registered
        ids = {leading.call("GET", f"/subjects/{s}/versions/1")[1]["id"] for s in ("orders-value", "customers-value")}
        assert registered["id"] > max(ids), "a new id after the primary's: none is given to two schemas"
        assert leading.call("GET", "/subjects/orders-value/versions")[1] == [1, 2]


def test_the_loopback_keys_are_not_what_the_test_judges() -> None:
    """What the test replaces is where the registry runs, never what the DR design sets."""
    judged = {"leader.eligibility", "kafkastore.topic", "schema.compatibility.level"}
    assert judged <= set(registry_properties(cached_run("dr")))
    assert not judged & {*LOOPBACK_KEYS, *DROPPED_KEYS, "kafkastore.topic.replication.factor"}
