"""Every shape of connector configuration the program generates, read from the plans.

Each case is a committed stack with overrides; the program runs under mocks (as
`bin/plan` does, second `up`: a real RSA key as `snowflakePrivateKey`, an account of
our own) and the tier takes what it registered for each connector: the MSK Connect
`connectorConfiguration`, the worker configuration's properties, the Connect line
(`kafkaconnectVersion`), the plugin's connector version, and the values of the
secrets the configuration refers to through the config provider.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import OWN_ACCOUNT
from tools.mock_runner import ProgramRun, Secret, run_program

CONNECTOR = "aws:mskconnect/connector:Connector"
WORKER_CONFIGURATION = "aws:mskconnect/workerConfiguration:WorkerConfiguration"
PLUGIN = "aws:mskconnect/customPlugin:CustomPlugin"
SECRET = "aws:secretsmanager/secret:Secret"
SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
# `${provider:path:key}`, as Kafka's ConfigTransformer reads a reference.
REFERENCE = re.compile(r"\$\{([^}:]*):([^}:]*):([^}]*)\}")
# MSK Connect's `kafkaconnectVersion` -> the Apache Kafka Connect release the tier runs.
CONNECT_RUNTIMES = {"3.7.x": "3.7.2", "2.7.1": "2.7.1"}


@functools.cache
def test_private_key() -> str:
    """A throwaway RSA-2048 key, PKCS#8 PEM (what `pulumi config set --secret snowflakePrivateKey` takes)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "key.p8"
        subprocess.run(
            ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(path)],
            check=True,
            capture_output=True,
        )
        return path.read_text()


def connectors(*entries: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [dict(entry) for entry in entries]


ORDERS = {"name": "orders-to-snowflake", "topics": {"orders": "ORDERS"}}
CUSTOMERS = {"name": "customers-to-snowflake", "topics": {"customers": "CUSTOMERS"}}
DLQ = {"errors": {"tolerance": "all", "deadLetterTopic": "orders-dlq"}}
V3 = {"snowflake.connectorVersion": "3.5.4"}
MANY_TOPICS = 60


def many_topics(stack_topics: list[dict[str, Any]]) -> dict[str, Any]:
    """`MANY_TOPICS` more topics in the stack and one connector reading all of them (DLQ on)."""
    added = [{"name": f"events.source-{i:02d}_v1", "partitions": 2} for i in range(MANY_TOPICS)]
    tables = {topic["name"]: f"EVENTS_SOURCE_{i:02d}" for i, topic in enumerate(added)}
    return {
        "topics": [*stack_topics, *added, {"name": "events-dlq", "partitions": 1}],
        "snowflake.connectors": connectors(
            {
                "name": "events-to-snowflake",
                "topics": tables,
                "valueFormat": "JSON",
                "errors": {"tolerance": "all", "deadLetterTopic": "events-dlq"},
            }
        ),
    }


DEV_TOPICS = [{"name": "orders", "partitions": 3}, {"name": "customers", "partitions": 3, "cleanupPolicy": "compact"}]
PROD_TOPICS = [
    {"name": "orders", "partitions": 12, "retentionHours": 336},
    {"name": "customers", "partitions": 6, "cleanupPolicy": "compact"},
    {"name": "orders-dlq", "partitions": 3, "retentionHours": 336},
]

# case -> (stack, overrides on top of the committed stack file)
CASES: dict[str, tuple[str, dict[str, Any]]] = {
    # 4.x, as committed: AVRO through the registry with Basic auth; prod with its dead-letter queue.
    "dev": ("dev", {}),
    "prod": ("prod", {}),
    "dev-4x-json-two-connectors": (
        "dev",
        {"snowflake.connectors": connectors({**ORDERS, "valueFormat": "JSON"}, {**CUSTOMERS, "valueFormat": "AVRO"})},
    ),
    "dev-4x-avro-open-registry-provisioned": (
        "dev",
        {
            "schemaRegistry.authentication": False,
            "snowflake.connectors": connectors({**ORDERS, "tasksMax": 4, "capacity": {"mcuCount": 2, "workers": 2}}),
        },
    ),
    "prod-4x-many-topics": ("prod", many_topics(PROD_TOPICS)),
    # The DR stack at failover: its own connector names, a worker that never starts from the beginning.
    "dr-4x-at-failover": ("dr", {"replication.failover": True}),
    # 4.x taking over from 3.x: each migrateFromV3 form.
    "prod-4x-from-v3-snowpipe": ("prod", {"snowflake.migrateFromV3": {"ingestionMethod": "SNOWPIPE"}}),
    "prod-4x-from-v3-streaming-strict": (
        "prod",
        {
            "snowflake.migrateFromV3": {
                "ingestionMethod": "SNOWPIPE_STREAMING",
                "offsetMigration": "strict",
                "connectors": {"orders-to-snowflake": {"orders": 12}},
            }
        },
    ),
    "prod-4x-from-v3-streaming-best-effort-and-a-new-connector": (
        "prod",
        {
            "snowflake.migrateFromV3": {
                "ingestionMethod": "SNOWPIPE_STREAMING",
                "offsetMigration": "best_effort",
                "connectors": {"orders-to-snowflake": {"orders": 12}},
            },
            "snowflake.connectors": connectors({**ORDERS, **DLQ}, {**CUSTOMERS, "valueFormat": "JSON"}),
        },
    ),
    "prod-4x-from-v3-streaming-strict-unlisted": (
        "prod",
        {"snowflake.migrateFromV3": {"ingestionMethod": "SNOWPIPE_STREAMING", "offsetMigration": "strict"}},
    ),
    # 3.x classic: Snowpipe Streaming and Snowpipe, AVRO and JSON, DLQ on and off, both Connect lines.
    "prod-3x-streaming-avro": ("prod", {**V3, "snowflake.ingestionMethod": "SNOWPIPE_STREAMING"}),
    "dev-3x-streaming-json-buffer": (
        "dev",
        {
            **V3,
            "snowflake.ingestionMethod": "SNOWPIPE_STREAMING",
            "snowflake.connectors": connectors(
                {**ORDERS, "valueFormat": "JSON", "buffer": {"flushTimeSeconds": 5, "sizeBytes": 20_000_000}}
            ),
        },
    ),
    "prod-3x-snowpipe-avro": ("prod", {**V3, "snowflake.ingestionMethod": "SNOWPIPE"}),
    "dev-3x-snowpipe-json-no-role-buffer": (
        "dev",
        {
            **V3,
            "snowflake.ingestionMethod": "SNOWPIPE",
            "snowflake.role": None,
            "snowflake.connectors": connectors(
                {
                    **ORDERS,
                    "valueFormat": "JSON",
                    "buffer": {"countRecords": 50_000, "flushTimeSeconds": 60, "sizeBytes": 10_000_000},
                }
            ),
        },
    ),
    "prod-3x-streaming-many-topics": ("prod", {**V3, **many_topics(PROD_TOPICS)}),
    "dev-3x-connect-2.7.1-snowpipe-avro": (
        "dev",
        {**V3, "snowflake.connectVersion": "2.7.1", "snowflake.ingestionMethod": "SNOWPIPE"},
    ),
    "prod-3x-connect-2.7.1-streaming-json-dlq": (
        "prod",
        {
            **V3,
            "snowflake.connectVersion": "2.7.1",
            "snowflake.ingestionMethod": "SNOWPIPE_STREAMING",
            "snowflake.connectors": connectors({**ORDERS, **DLQ, "valueFormat": "JSON"}),
        },
    ),
}


@dataclass(frozen=True)
class GeneratedConnector:
    """One connector as a plan registers it."""

    case: str
    name: str
    """The MSK Connect connector name."""
    configuration: dict[str, str]
    worker_properties: str
    connect_version: str
    """MSK Connect's `kafkaconnectVersion`."""
    connector_version: str
    """The Snowflake connector release the plugin carries."""
    secrets: dict[str, dict[str, str]] = field(default_factory=dict)
    """Secret name -> its JSON fields, for every secret the configuration refers to."""

    @property
    def runtime(self) -> str:
        return CONNECT_RUNTIMES[self.connect_version]

    @property
    def worker(self) -> tuple[str, str]:
        """What a worker must run for this connector: the plugin's connector release and Connect."""
        return self.connector_version, self.runtime

    def references(self) -> set[tuple[str, str, str]]:
        return {m.groups() for value in self.configuration.values() for m in REFERENCE.finditer(value)}


def overrides(case: str) -> tuple[str, dict[str, Any]]:
    stack, changes = CASES[case]
    return stack, {**OWN_ACCOUNT, "snowflakePrivateKey": Secret(test_private_key()), **changes}


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Secret) else value


def _secret_values(run: ProgramRun) -> dict[str, dict[str, str]]:
    """Secret name -> the JSON object its version stores (the plan's values: a mocked
    password, the test key's PKCS#8 body)."""
    # A version names its secret by the secret's id (its ARN in AWS; the mocks' own id here).
    names = {secret.id: secret.inputs.get("name") for secret in run.of_type(SECRET)}
    values: dict[str, dict[str, str]] = {}
    for version in run.of_type(SECRET_VERSION):
        name = names.get(version.inputs.get("secretId"))
        text = _plain(version.inputs.get("secretString"))
        if name and isinstance(text, str) and text.startswith("{"):
            values[name] = json.loads(text)
    return values


def _plugin_versions(run: ProgramRun) -> dict[str, str]:
    """Custom plugin ARN -> the connector release its object key names."""
    found = {}
    for plugin in run.of_type(PLUGIN):
        key = plugin.inputs["location"]["s3"]["fileKey"]
        match = re.fullmatch(r"plugins/snowflake-kafka-connector-(\d+\.\d+\.\d+)-[0-9a-f]+\.zip", key)
        assert match, key
        found[plugin.outputs["arn"]] = match.group(1)
    return found


@functools.cache
def generated(case: str) -> tuple[GeneratedConnector, ...]:
    stack, changes = overrides(case)
    run = run_program(stack, changes)
    workers = {w.outputs["arn"]: w.inputs["propertiesFileContent"] for w in run.of_type(WORKER_CONFIGURATION)}
    plugins = _plugin_versions(run)
    secrets = _secret_values(run)
    found = []
    for connector in run.of_type(CONNECTOR):
        inputs = connector.inputs
        configuration = {k: str(_plain(v)) for k, v in inputs["connectorConfiguration"].items()}
        (plugin,) = inputs["plugins"]
        entry = GeneratedConnector(
            case=case,
            name=inputs["name"],
            configuration=configuration,
            worker_properties=workers[inputs["workerConfiguration"]["arn"]],
            connect_version=inputs["kafkaconnectVersion"],
            connector_version=plugins[plugin["customPlugin"]["arn"]],
        )
        entry.secrets.update({name: secrets[name] for _, name, _ in entry.references()})
        found.append(entry)
    assert found, f"case {case}: the plan registers no connector"
    return tuple(found)


def all_generated() -> list[GeneratedConnector]:
    """Every case's connectors, those of one worker together (the tier starts one worker at a time)."""
    every = [connector for case in CASES for connector in generated(case)]
    return sorted(every, key=lambda c: c.worker)
