"""The `snowflake` config object and `snowflakePrivateKey`: defaults, accepted values and every rule."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from components import catalog
from components.settings import ConfigError, parse_settings
from components.snowflake.model import SecretValue, SnowflakeSettings, parse_snowflake, pkcs8_algorithm
from components.validation import Problems

TOPICS = ["orders", "customers", "orders-dlq"]
VALID: dict[str, Any] = {
    "accountUrl": "myorg-myaccount.snowflakecomputing.com",
    "user": "KAFKA_CONNECTOR",
    "role": "KAFKA_CONNECTOR_ROLE",
    "database": "RAW",
    "schema": "KAFKA",
    "connectors": [{"name": "orders-to-snowflake", "topics": {"orders": "ORDERS"}}],
}
PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n"


def parse(
    changes: dict[str, Any] | None = None, private_key: str | None = None, topic_names: list[str] | None = None
) -> tuple[SnowflakeSettings, list[str]]:
    value = copy.deepcopy(VALID)
    for key, new in (changes or {}).items():
        if new is None:
            value.pop(key, None)
        else:
            value[key] = new
    problems = Problems()
    return parse_snowflake(value, private_key, topic_names or TOPICS, problems), problems.lines


def with_connector(**fields: Any) -> dict[str, Any]:
    return {"connectors": [{**VALID["connectors"][0], **fields}]}


def v3(changes: dict[str, Any]) -> dict[str, Any]:
    """`changes` on a stack that stays on connector 3.x."""
    return {"connectorVersion": "3.5.4", **changes}


def snowpipe_connector(**fields: Any) -> dict[str, Any]:
    return v3({"ingestionMethod": "SNOWPIPE", **with_connector(**fields)})


def test_absent_object_means_no_connector() -> None:
    problems = Problems()
    settings = parse_snowflake(None, None, TOPICS, problems)
    assert problems.lines == [] and settings.connectors == () and settings.private_key is None


def test_defaults_of_a_minimal_object() -> None:
    settings, problems = parse()
    assert problems == []
    assert settings.account_url == "myorg-myaccount.snowflakecomputing.com:443"
    assert settings.connector_version == "4.1.0" and settings.v4, "connector 4.x by default"
    assert settings.migrate_from_v3 is None
    assert settings.ingestion_method == "SNOWPIPE_STREAMING" and settings.streaming
    assert settings.connect_version == "3.7.x"
    assert settings.plugin.existing_object is False
    (connector,) = settings.connectors
    assert connector.topics == (("orders", "ORDERS"),)
    assert connector.value_format == "AVRO"
    assert connector.capacity.autoscaling and (connector.capacity.min_workers, connector.capacity.max_workers) == (1, 2)
    # Snowpipe Streaming: no record count (ignored), the connector's default 30 s maximum client lag
    assert (connector.buffer_count_records, connector.buffer_flush_seconds, connector.buffer_size_bytes) == (
        None,
        30,
        5_000_000,
    )
    assert connector.tasks_max is None, "under autoscaling MSK Connect sets tasks.max"
    assert connector.errors_tolerance == "none" and connector.dead_letter_topic is None


def test_a_v3_minimal_object_keeps_its_3x_defaults() -> None:
    settings, problems = parse(v3({}))
    assert problems == []
    assert settings.connector_version == "3.5.4" and not settings.v4
    assert settings.ingestion_method == "SNOWPIPE_STREAMING"
    assert settings.connectors[0].buffer_flush_seconds == 30


def test_snowpipe_defaults_to_the_connectors_two_minute_flush() -> None:
    settings, problems = parse(v3({"ingestionMethod": "SNOWPIPE", "role": None}))
    assert problems == [] and settings.role is None
    assert settings.connectors[0].buffer_flush_seconds == 120


@pytest.mark.parametrize(
    ("migration", "expected"),
    [
        ({"ingestionMethod": "SNOWPIPE_STREAMING"}, ("SNOWPIPE_STREAMING", "strict")),
        (
            {"ingestionMethod": "SNOWPIPE_STREAMING", "offsetMigration": "best_effort"},
            ("SNOWPIPE_STREAMING", "best_effort"),
        ),
        ({"ingestionMethod": "SNOWPIPE"}, ("SNOWPIPE", "skip")),
    ],
)
def test_migrate_from_v3_names_the_old_mode_and_where_offsets_come_from(migration: dict, expected: tuple) -> None:
    settings, problems = parse({"migrateFromV3": migration})
    assert problems == []
    assert settings.migrate_from_v3 is not None
    assert (settings.migrate_from_v3.ingestion_method, settings.migrate_from_v3.offset_migration) == expected


def test_two_connectors_with_full_settings() -> None:
    settings, problems = parse(
        {
            "connectorVersion": "3.5.4",
            "connectors": [
                {
                    "name": "orders-to-snowflake",
                    "topics": {"orders": "ORDERS"},
                    "capacity": {"mcuCount": 2, "minWorkers": 2, "maxWorkers": 4},
                    "buffer": {"flushTimeSeconds": 5, "sizeBytes": 1000},
                    "errors": {"tolerance": "all", "deadLetterTopic": "orders-dlq"},
                },
                {"name": "customers_raw", "topics": {"customers": "CUSTOMERS"}, "valueFormat": "JSON",
                 "tasksMax": 3, "capacity": {"mcuCount": 1, "workers": 2}},
            ]
        }
    )  # fmt: skip
    assert problems == []
    first, second = settings.connectors
    assert first.tasks_max is None and first.capacity.mcu_count == 2 and first.capacity.max_workers == 4
    assert (first.buffer_count_records, first.buffer_flush_seconds, first.buffer_size_bytes) == (None, 5, 1000)
    assert second.tasks_max == 3
    assert first.dead_letter_topic == "orders-dlq"
    assert second.value_format == "JSON" and not second.capacity.autoscaling and second.capacity.workers == 2


def test_existing_plugin_object_and_url_overrides() -> None:
    existing, problems = parse({"plugin": {"bucketArn": "arn:aws:s3:::my-plugins", "fileKey": "sf/plugin.zip"}})
    assert problems == [] and existing.plugin.existing_object
    urls, problems = parse({"plugin": {"connectorJarUrl": "https://mirror.example.com/sf.jar"}})
    assert problems == [] and urls.plugin.connector_jar_url == "https://mirror.example.com/sf.jar"
    assert urls.plugin.config_provider_url == catalog.MSK_CONFIG_PROVIDER_URL


def test_private_key_is_kept_wrapped_and_never_printed() -> None:
    settings, problems = parse(private_key=PEM)
    assert problems == []
    assert isinstance(settings.private_key, SecretValue) and settings.private_key.reveal() == PEM
    assert "MIIE" not in repr(settings) and "MIIE" not in str(settings.private_key)


def test_a_bad_private_key_is_refused_without_showing_it() -> None:
    bad = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAsecretmaterial\n-----END RSA PRIVATE KEY-----\n"
    _, problems = parse(private_key=bad)
    (problem,) = problems
    assert problem.startswith("snowflakePrivateKey = '[secret]': must be an unencrypted PKCS#8 PEM")
    assert "secretmaterial" not in problem and "openssl pkcs8 -topk8 -nocrypt" in problem


CONNECTOR = "snowflake.connectors[0]"
RULES = [
    ({"accountUrl": "https://myorg-acct.snowflakecomputing.com"}, "snowflake.accountUrl", "https://", "without https://"),
    ({"accountUrl": "myorg.example.com"}, "snowflake.accountUrl", "'myorg.example.com'", ".snowflakecomputing.com"),
    ({"user": "kafka user"}, "snowflake.user", "'kafka user'", "Snowflake identifier"),
    ({"database": None}, "snowflake.database", "null", "Snowflake identifier"),
    ({"schema": "1SCHEMA"}, "snowflake.schema", "'1SCHEMA'", "Snowflake identifier"),
    ({"role": None}, "snowflake.role", "null", "required with connector 4.x (it refuses a configuration without snowflake.role.name)"),
    (v3({"role": None}), "snowflake.role", "null", "required with SNOWPIPE_STREAMING"),
    ({"role": "my-role"}, "snowflake.role", "'my-role'", "Snowflake identifier"),
    (v3({"ingestionMethod": "KAFKA"}), "snowflake.ingestionMethod", "'KAFKA'", "SNOWPIPE_STREAMING, SNOWPIPE"),
    ({"connectorVersion": "2.5.0"}, "snowflake.connectorVersion", "'2.5.0'", "must be a 4.x release such as 4.1.0 (the default) or a 3.x release such as 3.5.4"),
    ({"connectorVersion": "4.0.2"}, "snowflake.connectorVersion", "'4.0.2'", "use 4.1.0 or later: 4.1.0 fixes 4.0.x offset rewinds"),
    ({"connectorVersion": 4}, "snowflake.connectorVersion", "4", "must be a 4.x release"),
    ({"connectVersion": "3.6.0"}, "snowflake.connectVersion", "'3.6.0'", "3.7.x, 2.7.1"),
    ({"warehouse": "WH"}, "snowflake.warehouse", "'WH'", "unknown key"),
    ({"publicKeyRegistered": "yes"}, "snowflake.publicKeyRegistered", "'yes'", "must be true or false"),
    ({"connectors": []}, "snowflake.connectors", "[]", "at least one connector"),
    ({"connectors": ["orders"]}, f"{CONNECTOR}", "'orders'", "must be an object"),
    (with_connector(name="1 orders"), f"{CONNECTOR}.name", "'1 orders'", "^[-_a-zA-Z][-_$a-zA-Z0-9]+$"),
    (with_connector(name="x"), f"{CONNECTOR}.name", "'x'", "^[-_a-zA-Z]"),
    (with_connector(name="a" * 129), f"{CONNECTOR}.name", "'aaaa", "at most 128 characters"),
    (with_connector(capacity=[1]), f"{CONNECTOR}.capacity", "[1]", "must be an object {mcuCount, minWorkers, maxWorkers}"),
    (v3(with_connector(buffer="big")), f"{CONNECTOR}.buffer", "'big'", "must be an object {countRecords, flushTimeSeconds, sizeBytes}"),
    (with_connector(errors="all"), f"{CONNECTOR}.errors", "'all'", "must be an object {tolerance, deadLetterTopic}"),
    ({"plugin": "s3://bucket/p.zip"}, "snowflake.plugin", "'s3://bucket/p.zip'", "must be an object"),
    ({"connectors": [VALID["connectors"][0], VALID["connectors"][0]]},
     "snowflake.connectors[1].name", "'orders-to-snowflake'", "duplicate connector name"),
    (with_connector(topics={"payments": "PAYMENTS"}), f"{CONNECTOR}.topics.payments", "'PAYMENTS'",
     "topic 'payments' is not in `topics`; configured topics: customers, orders, orders-dlq"),
    (with_connector(topics={"orders": "orders-table"}), f"{CONNECTOR}.topics.orders", "'orders-table'", "a table name the connector accepts"),
    (with_connector(topics={"orders": "O"}), f"{CONNECTOR}.topics.orders", "'O'", "at least 2 characters"),
    (with_connector(tasksMax=2), f"{CONNECTOR}.tasksMax", "2", "MSK Connect sets tasks.max itself under autoscaling"),
    (with_connector(capacity={"workers": 2}, tasksMax=0), f"{CONNECTOR}.tasksMax", "0", "from 1 to 100"),
    (v3(with_connector(buffer={"countRecords": 500})), f"{CONNECTOR}.buffer.countRecords", "500", "Snowpipe Streaming ignores buffer.count.records"),
    ({"plugin": {"avroConverterUrl": "https://example.com/avro.zip"}}, "snowflake.plugin.avroConverterUrl", "'https://example.com/avro.zip'", "bundles Confluent's Avro converter"),
    (with_connector(topics={}), f"{CONNECTOR}.topics", "{}", "at least one topic"),
    (with_connector(valueFormat="PROTOBUF"), f"{CONNECTOR}.valueFormat", "'PROTOBUF'", "AVRO, JSON"),
    (with_connector(capacity={"mcuCount": 3}), f"{CONNECTOR}.capacity.mcuCount", "3", "allowed: 1, 2, 4, 8"),
    (with_connector(capacity={"minWorkers": 0}), f"{CONNECTOR}.capacity.minWorkers", "0", "from 1 to 10"),
    (with_connector(capacity={"maxWorkers": 11}), f"{CONNECTOR}.capacity.maxWorkers", "11", "from 1 to 10"),
    (with_connector(capacity={"minWorkers": 4, "maxWorkers": 2}), f"{CONNECTOR}.capacity.maxWorkers", "2", "at least minWorkers (4)"),
    (with_connector(capacity={"workers": 12}), f"{CONNECTOR}.capacity.workers", "12", "from 1 to 10"),
    (with_connector(capacity={"maxWorkers": 3, "workers": 2}), f"{CONNECTOR}.capacity", '"workers": 2', "not both"),
    (snowpipe_connector(buffer={"countRecords": 0}), f"{CONNECTOR}.buffer.countRecords", "0", "from 1"),
    (v3(with_connector(buffer={"sizeBytes": 0})), f"{CONNECTOR}.buffer.sizeBytes", "0", "from 1"),
    (v3(with_connector(buffer={"flushTimeSeconds": 0})), f"{CONNECTOR}.buffer.flushTimeSeconds", "0", "from 1 to 3600"),
    (snowpipe_connector(buffer={"flushTimeSeconds": 5}), f"{CONNECTOR}.buffer.flushTimeSeconds", "5", "from 10 to 3600"),
    (v3(with_connector(buffer={"flush": 5})), f"{CONNECTOR}.buffer.flush", "5", "unknown key"),
    # connector 4.x: the 3.x-only settings, each refused with the 4.x way to the same result
    ({"ingestionMethod": "SNOWPIPE"}, "snowflake.ingestionMethod", "'SNOWPIPE'",
     "connector 4.x ingests only with Snowpipe Streaming (high-performance) and has no ingestion method setting: "
     "remove it; if your deployed 3.x connectors ran with it, move it to migrateFromV3.ingestionMethod"),
    ({"ingestionMethod": "SNOWPIPE_STREAMING"}, "snowflake.ingestionMethod", "'SNOWPIPE_STREAMING'", "move it to migrateFromV3.ingestionMethod"),
    (with_connector(buffer={"flushTimeSeconds": 10}), f"{CONNECTOR}.buffer", '"flushTimeSeconds": 10',
     "connector 4.x has no buffer.* or snowflake.streaming.max.client.lag settings: its Snowpipe Streaming SDK "
     "flushes on its own (5 to 10 seconds end to end); remove buffer"),
    ({"connectVersion": "2.7.1"}, "snowflake.connectVersion", "'2.7.1'",
     "connector 4.1.0 needs 3.7.x: it is built against Kafka Connect 3.9 and tested on Kafka 2.8.2 and later"),
    ({"migrateFromV3": "SNOWPIPE"}, "snowflake.migrateFromV3", "'SNOWPIPE'", "must be an object {ingestionMethod: SNOWPIPE_STREAMING or SNOWPIPE"),
    ({"migrateFromV3": {}}, "snowflake.migrateFromV3.ingestionMethod", "null", "the ingestionMethod the deployed 3.x connectors ran with"),
    ({"migrateFromV3": {"ingestionMethod": "KAFKA"}}, "snowflake.migrateFromV3.ingestionMethod", "'KAFKA'", "SNOWPIPE_STREAMING or SNOWPIPE"),
    ({"migrateFromV3": {"ingestionMethod": "SNOWPIPE", "offsetMigration": "strict"}}, "snowflake.migrateFromV3.offsetMigration",
     "'strict'", "3.x Snowpipe has no streaming channels to migrate"),
    ({"migrateFromV3": {"ingestionMethod": "SNOWPIPE_STREAMING", "offsetMigration": "skip"}},
     "snowflake.migrateFromV3.offsetMigration", "'skip'", "allowed: strict, best_effort"),
    ({"migrateFromV3": {"ingestionMethod": "SNOWPIPE", "from": "3.5.4"}}, "snowflake.migrateFromV3.from", "'3.5.4'", "unknown key"),
    ({"migrateFromV3": {"ingestionMethod": "SNOWPIPE_STREAMING", "connectors": ["orders-to-snowflake"]}}, "snowflake.migrateFromV3.connectors", '["orders-to-snowflake"]', "must map each connector that ran on 3.x to its topics"),
    ({"migrateFromV3": {"ingestionMethod": "SNOWPIPE_STREAMING", "connectors": {"orders-to-snowflake": {"orders": 0}}}}, "snowflake.migrateFromV3.connectors.orders-to-snowflake.orders", "0", "the partitions the topic had on 3.x"),
    (v3({"migrateFromV3": {"ingestionMethod": "SNOWPIPE"}}), "snowflake.migrateFromV3", "SNOWPIPE",
     "only with a 4.x connectorVersion"),
    (with_connector(errors={"tolerance": "some"}), f"{CONNECTOR}.errors.tolerance", "'some'", "allowed: none, all"),
    (with_connector(errors={"deadLetterTopic": "orders-dlq"}), f"{CONNECTOR}.errors.deadLetterTopic", "'orders-dlq'", "needs tolerance: all"),
    (with_connector(errors={"tolerance": "all", "deadLetterTopic": "dlq"}), f"{CONNECTOR}.errors.deadLetterTopic", "'dlq'", "one of the topics in `topics`"),
    (with_connector(errors={"tolerance": "all", "deadLetterTopic": []}), f"{CONNECTOR}.errors.deadLetterTopic", "[]", "must be a topic name (a string)"),
    (with_connector(errors={"tolerance": "all", "deadLetterTopic": {"a": 1}}), f"{CONNECTOR}.errors.deadLetterTopic", '{"a": 1}', "must be a topic name"),
    ({"plugin": {"bucketArn": "my-bucket", "fileKey": "p.zip"}}, "snowflake.plugin.bucketArn", "'my-bucket'", "S3 bucket ARN"),
    ({"plugin": {"bucketArn": "arn:aws:s3:::my-bucket", "fileKey": "p.jar"}}, "snowflake.plugin.fileKey", "'p.jar'", ".zip object"),
    ({"plugin": {"bucketArn": "arn:aws:s3:::b-1", "fileKey": "p.zip", "connectorJarUrl": "https://x/y.jar"}},
     "snowflake.plugin", "bucketArn", "not both"),
    ({"plugin": {"connectorJarUrl": "http://insecure.example.com/sf.jar"}}, "snowflake.plugin.connectorJarUrl", "'http://", "https:// URL"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "key", "shown", "allowed"), RULES, ids=[f"{r[1]}:{r[2]}" for r in RULES])
def test_each_bad_value_is_refused_with_key_value_and_what_is_allowed(
    changes: dict[str, Any], key: str, shown: str, allowed: str
) -> None:
    _, problems = parse(changes)
    matching = [p for p in problems if p.startswith(f"{key} = ")]
    assert matching, f"no problem names {key!r}: {problems}"
    assert any(shown in p and allowed in p for p in matching), matching


def test_stack_settings_check_connector_topics_against_the_stacks_topics() -> None:
    with pytest.raises(ConfigError) as error:
        parse_settings({"topics": [], "snowflake": VALID}, "p", "s")
    assert "snowflake.connectors[0].topics.orders = 'ORDERS': topic 'orders' is not in `topics`" in str(error.value)


# --- checked against snowflake-kafka-connector 3.5.4 ------------------------------------------------------

EC_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgRfRxPzoNrxmYs1VB
UyvLsmcjtlpKv4lpECBR7tFzAJehRANCAATV+/e/BGK4eIfGdUT70ULcxcY6y7Us
rSyogq3kXKSxzKSwnImPoXzsbnOR3vQ4PQg/UvoQiYAHe0z1bSM8DjyP
-----END PRIVATE KEY-----
"""  # a throwaway P-256 test key
ED25519_KEY = """-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEILYEQOZIh5boO1+tSYQuAUuiJaKFoayKofG5w5a4E1Hk
-----END PRIVATE KEY-----
"""  # a throwaway Ed25519 test key


@pytest.mark.parametrize(("key", "algorithm"), [(EC_KEY, "EC"), (ED25519_KEY, "Ed25519")])
def test_only_rsa_private_keys_are_accepted_and_never_echoed(key: str, algorithm: str) -> None:
    _, problems = parse(private_key=key)
    assert problems == [
        f"snowflakePrivateKey = '[secret]': must be an RSA key (this one is {algorithm}): the connector reads it "
        'with KeyFactory.getInstance("RSA"); generate one with `openssl genrsa 2048 | openssl pkcs8 -topk8 -nocrypt`'
    ]
    assert not any(line in problems[0] for line in key.splitlines()[1:-1])


def test_an_rsa_pkcs8_key_is_accepted() -> None:
    settings, problems = parse(private_key=PEM)
    assert problems == [] and settings.private_key is not None
    assert pkcs8_algorithm(PEM) == "RSA"


def test_topics_that_match_each_other_as_regular_expressions_are_refused() -> None:
    """Utils.parseTopicToTableMap: `a.b` and `axb` overlap (`.` matches any character)."""
    _, problems = parse(
        with_connector(topics={"orders.v1": "ORDERS_V1", "ordersxv1": "ORDERS_X"}),
        topic_names=["orders.v1", "ordersxv1"],
    )
    assert problems == [
        "snowflake.connectors[0].topics.ordersxv1 = 'ordersxv1': collides with topic 'orders.v1': the connector "
        "reads topic names as regular expressions ('.' matches any character) and refuses overlapping ones; "
        "map them in separate connectors"
    ]


def test_a_dotted_topic_alone_is_fine_and_3x_tables_may_be_qualified() -> None:
    _, problems = parse(
        {**with_connector(topics={"orders.v1": "RAW.KAFKA.ORDERS"}), "connectorVersion": "3.5.4"},
        topic_names=["orders.v1"],
    )
    assert problems == []
    _, problems = parse(with_connector(topics={"orders.v1": "ORDERS"}), topic_names=["orders.v1"])
    assert problems == []


def test_4x_refuses_a_qualified_table_it_would_create_under_that_literal_name() -> None:
    _, problems = parse(with_connector(topics={"orders.v1": "RAW.KAFKA.ORDERS"}), topic_names=["orders.v1"])
    assert problems == [
        "snowflake.connectors[0].topics.orders.v1 = 'RAW.KAFKA.ORDERS': 4.x takes the table name alone and quotes "
        "it whole: DB.SCHEMA.TABLE would create a table literally named so in snowflake.database.schema; give the "
        "table's name, and its database and schema as snowflake.database and snowflake.schema"
    ]
