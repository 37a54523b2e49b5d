"""SnowflakeSinkConnector and SnowflakeConnectorPlugin have one set of rules,
whichever way they are reached: stack config (`snowflake`), the Python API
(`SnowflakeSinkConnectorArgs` built from `ConnectorSettings` and
`SnowflakeSettings` without the parser) and the component provider (schema
inputs) refuse the same values with the same messages, each naming the value in
the caller's terms."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

from components import provider
from components.inputs import ArgumentsError, connector_python_key, plugin_python_key, renamed_problem
from components.provider import InputError
from components.snowflake.connector import SnowflakeSinkConnector, SnowflakeSinkConnectorArgs
from components.snowflake.model import (
    Capacity,
    ConnectorSettings,
    PluginSource,
    SnowflakeSettings,
    V3Migration,
    parse_snowflake,
)
from components.snowflake.plugin import SnowflakeConnectorPlugin, SnowflakeConnectorPluginArgs
from components.validation import Problems
from tests.components.test_snowflake_settings import RULES, VALID

ACCOUNT_KEYS = {"accountUrl", "user", "role", "database", "schema", "connectorVersion", "connectVersion",
                "ingestionMethod", "connectors", "migrateFromV3"}  # fmt: skip
CONNECTOR_KEYS = {"name", "topics", "valueFormat", "tasksMax", "capacity", "buffer", "errors"}
SHAPES = {
    "capacity": {"mcuCount", "minWorkers", "maxWorkers", "workers"},
    "buffer": {"countRecords", "flushTimeSeconds", "sizeBytes"},
    "errors": {"tolerance", "deadLetterTopic"},
}
# What the component is wired to (not settings): plain, valid values.
WIRING: dict[str, Any] = {
    "plugin_arn": "arn:aws:kafkaconnect:eu-west-2:123456789012:custom-plugin/snowflake/0a1b-1",
    "plugin_revision": 1,
    "private_key_secret_name": "events/snowflake-private-key",
    "private_key_secret_arn": (
        "arn:aws:secretsmanager:eu-west-2:123456789012:secret:events/snowflake-private-key-AbCdEf"
    ),
    "kms_key_arn": "arn:aws:kms:eu-west-2:123456789012:key/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f",
    "cluster_arn": "arn:aws:kafka:eu-west-2:123456789012:cluster/events/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f-2",
    "bootstrap_brokers_iam": "b-1.events.abc.c2.kafka.eu-west-2.amazonaws.com:9098",
    "broker_security_group_id": "sg-0123456789abcdef0",
    "vpc_id": "vpc-0123456789abcdef0",
    "subnet_ids": ["subnet-0aaaaaaa", "subnet-0bbbbbbb"],
    "schema_registry_url": "http://registry.internal:80",
}


def snowflake_object(changes: dict[str, Any]) -> dict[str, Any]:
    value = copy.deepcopy(VALID)
    for key, new in changes.items():
        if new is None:
            value.pop(key, None)
        else:
            value[key] = new
    return value


def expressible(changes: dict[str, Any]) -> bool:
    """Rows a typed Python caller can write: one connector, known fields of the right shapes,
    and no rule that needs the stack's topic list (the cluster checks a connector's topics)."""
    value = snowflake_object(changes)
    if not set(value) <= ACCOUNT_KEYS:
        return False
    v4 = not str(value.get("connectorVersion", "4")).startswith("3")
    if v4 and changes.get("ingestionMethod") == "SNOWPIPE_STREAMING":
        return False  # 4.x's only method: a typed caller cannot say it was given
    connectors = value["connectors"]
    if not isinstance(connectors, list) or len(connectors) != 1 or not isinstance(connectors[0], dict):
        return False
    item = connectors[0]
    if not set(item) <= CONNECTOR_KEYS or not isinstance(item.get("topics"), dict):
        return False
    if any(t not in ("orders", "customers", "orders-dlq") for t in item["topics"]):
        return False
    for name, keys in SHAPES.items():
        if name in item and not (isinstance(item[name], dict) and set(item[name]) <= keys):
            return False
    dead_letter = (item.get("errors") or {}).get("deadLetterTopic")
    if dead_letter is not None and dead_letter != "orders-dlq":
        return False
    migration = value.get("migrateFromV3")
    return migration is None or (
        isinstance(migration, dict)
        and set(migration) <= {"ingestionMethod", "offsetMigration"}
        and isinstance(migration.get("ingestionMethod"), str)
    )


def python_connector_args(value: dict[str, Any]) -> SnowflakeSinkConnectorArgs:
    """What a Python program would pass for `value`, built without any check."""
    item = value["connectors"][0]
    capacity, buffer, errors = (item.get(name) or {} for name in ("capacity", "buffer", "errors"))
    defaults, capacity_defaults = ConnectorSettings(name="", topics=()), Capacity()
    v3 = str(value.get("connectorVersion", "4")).startswith("3")
    method = value.get("ingestionMethod", "SNOWPIPE_STREAMING")
    migration = value.get("migrateFromV3")
    connector = ConnectorSettings(
        name=item.get("name"),
        topics=tuple(item["topics"].items()),
        value_format=item.get("valueFormat", "AVRO"),
        tasks_max=item.get("tasksMax", None if "workers" not in capacity else 1),
        capacity=Capacity(
            mcu_count=capacity.get("mcuCount", capacity_defaults.mcu_count),
            min_workers=capacity.get("minWorkers", capacity_defaults.min_workers),
            max_workers=capacity.get("maxWorkers", capacity_defaults.max_workers),
            workers=capacity.get("workers"),
        ),
        buffer_count_records=buffer.get("countRecords", 10_000 if v3 and method == "SNOWPIPE" else None),
        buffer_flush_seconds=buffer.get(
            "flushTimeSeconds", 120 if method == "SNOWPIPE" and v3 else defaults.buffer_flush_seconds
        ),
        buffer_size_bytes=buffer.get("sizeBytes", defaults.buffer_size_bytes),
        errors_tolerance=errors.get("tolerance", "none"),
        dead_letter_topic=errors.get("deadLetterTopic"),
    )
    account = SnowflakeSettings(
        account_url=value.get("accountUrl"),
        user=value.get("user"),
        role=value.get("role"),
        database=value.get("database"),
        schema=value.get("schema"),
        ingestion_method=method,
        connector_version=value.get("connectorVersion", "4.1.0"),
        connect_version=value.get("connectVersion", "3.7.x"),
        migrate_from_v3=None
        if migration is None
        else V3Migration(
            migration["ingestionMethod"],
            migration.get("offsetMigration", "skip" if migration["ingestionMethod"] == "SNOWPIPE" else "strict"),
        ),
    )
    return SnowflakeSinkConnectorArgs(connector=connector, account=account, **WIRING)


def stack_problems(value: dict[str, Any]) -> list[str]:
    problems = Problems()
    parse_snowflake(value, None, ["orders", "customers", "orders-dlq"], problems)
    return problems.lines


ROWS = [row for row in RULES if expressible(row[0])]


def test_most_rules_are_in_the_table() -> None:
    """The filter keeps the rules a typed caller can break; it must not quietly drop them all."""
    assert len(ROWS) >= 40, len(ROWS)  # of 66


@pytest.mark.parametrize("changes", [r[0] for r in ROWS], ids=[f"{r[1]}:{r[2]}" for r in ROWS])
def test_each_connector_rule_refuses_the_same_through_the_python_api(changes: dict[str, Any]) -> None:
    value = snowflake_object(changes)
    expected = stack_problems(value)
    assert expected, changes
    with pytest.raises(ArgumentsError) as refused:
        SnowflakeSinkConnector("orders", python_connector_args(value))
    assert str(refused.value).startswith("invalid arguments for SnowflakeSinkConnector 'orders'")
    assert refused.value.problems == [renamed_problem(line, connector_python_key) for line in expected]


def provider_connector_inputs(value: dict[str, Any]) -> dict[str, Any] | None:
    """The same as schema inputs, where the schema has them (no buffer, tasksMax, 3.x method or migration)."""
    item = value["connectors"][0]
    if set(item) & {"buffer", "tasksMax"} or set(value) & {"ingestionMethod", "migrateFromV3"}:
        return None
    fields = ("accountUrl", "user", "role", "database", "schema", "connectorVersion", "connectVersion")
    account = {provider_key(camel): value[camel] for camel in fields if value.get(camel) is not None}
    errors = item.get("errors") or {}
    capacity = item.get("capacity")
    return {
        "name": item.get("name"),
        "topics": item["topics"],
        "account": account,
        **({"value_format": item["valueFormat"]} if "valueFormat" in item else {}),
        **(
            {"capacity": {provider_key(k): v for k, v in capacity.items()}}
            if isinstance(capacity, dict) and capacity
            else {}
        ),
        **({"errors_tolerance": errors["tolerance"]} if "tolerance" in errors else {}),
        **({"dead_letter_topic": errors["deadLetterTopic"]} if "deadLetterTopic" in errors else {}),
        **WIRING,
    }


def provider_key(camel: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in camel)


PROVIDER_ROWS = [row for row in ROWS if provider_connector_inputs(snowflake_object(row[0])) is not None]


@pytest.mark.parametrize("changes", [r[0] for r in PROVIDER_ROWS], ids=[f"{r[1]}:{r[2]}" for r in PROVIDER_ROWS])
def test_each_connector_rule_refuses_the_same_through_the_provider(changes: dict[str, Any]) -> None:
    value = snowflake_object(changes)
    expected = stack_problems(value)
    with pytest.raises(InputError) as refused:
        provider.SnowflakeSinkConnector("orders", provider_connector_inputs(value))  # type: ignore[arg-type]
    assert str(refused.value).startswith("invalid inputs for SnowflakeSinkConnector 'orders'")
    assert refused.value.problems == [renamed_problem(line, provider._connector_input) for line in expected]


def test_the_table_reaches_the_provider_too() -> None:
    assert len(PROVIDER_ROWS) >= 25, len(PROVIDER_ROWS)


# The connector's own arguments: no stack config key, the same rule on both typed paths.
ARGUMENT_CASES = {
    "log retention CloudWatch does not offer": (
        {"log_retention_days": 2},
        "log_retention_days = 2: not supported; allowed: 1, 3, 5",
        "logRetentionDays = 2: not supported; allowed: 1, 3, 5",
    ),
    "log retention 0 is not 'the default'": (
        {"log_retention_days": 0},
        "log_retention_days = 0: not supported",
        "logRetentionDays = 0: not supported",
    ),
    "a dead-letter topic without replicas": (
        {"dead_letter_replication_factor": 0},
        "dead_letter_replication_factor = 0: must be a whole number of at least 1",
        "deadLetterReplicationFactor = 0: must be a whole number of at least 1",
    ),
    "no registry port": (
        {"schema_registry_port": 0},
        "schema_registry_port = 0: must be a whole number from 1 to 65535",
        "schemaRegistryPort = 0: must be a whole number from 1 to 65535",
    ),
    "AVRO without the registry": (
        {"schema_registry_url": None},
        "schema_registry_url = null: AVRO values need the registry's URL with its scheme",
        "schemaRegistryUrl = null: AVRO values need the registry's URL with its scheme",
    ),
    "a registry URL without scheme": (
        {"schema_registry_url": "registry.internal"},
        "schema_registry_url = 'registry.internal': AVRO values need the registry's URL",
        "schemaRegistryUrl = 'registry.internal': AVRO values need the registry's URL",
    ),
    "a quota IAM does not have": (
        {"managed_policies_per_role": 21},
        "managed_policies_per_role = 21: must be a whole number from 10 (IAM's default quota",
        "managedPoliciesPerRole = 21: must be a whole number from 10 (IAM's default quota",
    ),
    "alarms without the cluster they watch": (
        {"alarm_topic_arn": "arn:aws:sns:eu-west-2:123456789012:alarms"},
        "cluster_name = null: required with an alarm topic",
        "clusterName = null: required with an alarm topic",
    ),
}


@pytest.mark.parametrize("case", list(ARGUMENT_CASES))
def test_the_connector_arguments_are_refused_on_both_typed_paths(case: str) -> None:
    fields, python_line, input_line = ARGUMENT_CASES[case]
    args = python_connector_args(snowflake_object({}))
    with pytest.raises(ArgumentsError) as refused:
        SnowflakeSinkConnector("orders", SnowflakeSinkConnectorArgs(**{**args.__dict__, **fields}))
    assert any(p.startswith(python_line) for p in refused.value.problems), refused.value.problems
    inputs = provider_connector_inputs(snowflake_object({}))
    assert inputs is not None
    with pytest.raises(InputError) as refused_input:
        provider.SnowflakeSinkConnector("orders", {**inputs, **fields})  # type: ignore[arg-type]
    assert any(p.startswith(input_line) for p in refused_input.value.problems), refused_input.value.problems


def test_a_connector_needing_more_managed_policies_than_iam_attaches_is_refused_on_both_typed_paths() -> None:
    """180 sink topics of 249 characters: 12 managed policies on the role, past IAM's default 10."""
    long_topics = {f"{'t' * 245}{i:04d}": f"T{i}" for i in range(180)}
    args = python_connector_args(snowflake_object({}))
    connector = dataclasses.replace(args.connector, topics=tuple(long_topics.items()))
    with pytest.raises(ArgumentsError) as refused:
        SnowflakeSinkConnector("orders", dataclasses.replace(args, connector=connector))
    assert refused.value.problems[0].startswith(
        "connector.topics = '180 topics': its 180 sink topics need 12 managed policies"
    )
    assert "then set managed_policies_per_role" in refused.value.problems[0]
    inputs = provider_connector_inputs(snowflake_object({}))
    assert inputs is not None
    with pytest.raises(InputError) as refused_input:
        provider.SnowflakeSinkConnector("orders", {**inputs, "topics": long_topics})  # type: ignore[arg-type]
    assert refused_input.value.problems[-1].startswith("topics = '180 topics': its 180 sink topics need 12 managed")
    assert "then set managedPoliciesPerRole" in refused_input.value.problems[-1]


def test_max_lag_is_checked_for_python_callers() -> None:
    args = python_connector_args(snowflake_object({}))
    with pytest.raises(ArgumentsError, match=r"max_lag_seconds = 0: must be a whole number from 60 to 86400"):
        SnowflakeSinkConnector("orders", SnowflakeSinkConnectorArgs(**{**args.__dict__, "max_lag_seconds": 0}))


def test_where_a_group_without_offsets_starts_is_checked_for_python_callers() -> None:
    args = python_connector_args(snowflake_object({}))
    message = r"consumer_offset_reset = 'smallest': not supported; allowed: earliest, latest, none"
    with pytest.raises(ArgumentsError, match=message):
        SnowflakeSinkConnector(
            "orders", SnowflakeSinkConnectorArgs(**{**args.__dict__, "consumer_offset_reset": "smallest"})
        )


PLUGIN_CASES = {
    "a 2.x release": (
        SnowflakeConnectorPluginArgs(connector_version="2.5.0"),
        "connector_version = '2.5.0': must be a 4.x release",
    ),
    "4.0.x": (SnowflakeConnectorPluginArgs(connector_version="4.0.2"), "connector_version = '4.0.2': use 4.1.0"),
    "an http download": (
        SnowflakeConnectorPluginArgs(source=PluginSource(connector_jar_url="http://example.com/sf.jar")),
        "source.connector_jar_url = 'http://example.com/sf.jar': must be an https:// URL",
    ),
    "a bucket name for an ARN": (
        SnowflakeConnectorPluginArgs(source=PluginSource(bucket_arn="plugins", file_key="p.zip")),
        "source.bucket_arn = 'plugins': must be an S3 bucket ARN",
    ),
    "a jar for the ZIP": (
        SnowflakeConnectorPluginArgs(source=PluginSource(bucket_arn="arn:aws:s3:::plugins", file_key="p.jar")),
        "source.file_key = 'p.jar': must be the key of a .zip object",
    ),
}


@pytest.mark.parametrize("case", list(PLUGIN_CASES))
def test_the_plugin_refuses_through_python_what_stack_config_refuses(case: str) -> None:
    args, expected = PLUGIN_CASES[case]
    with pytest.raises(ArgumentsError) as refused:
        SnowflakeConnectorPlugin("snowflake", args)
    assert str(refused.value).startswith("invalid arguments for SnowflakeConnectorPlugin 'snowflake'")
    assert any(p.startswith(expected) for p in refused.value.problems), refused.value.problems
    assert plugin_python_key("snowflake.plugin.fileKey") == "source.file_key"


@pytest.mark.parametrize("version", ["2.5.0", "", "4.0.2"])
def test_the_provider_plugin_refuses_a_release_by_its_input_name(version: str) -> None:
    with pytest.raises(InputError) as refused:
        provider.SnowflakeConnectorPlugin("snowflake", {"connector_version": version})
    assert refused.value.problems[0].startswith(f"connectorVersion = {version!r}:"), refused.value.problems
