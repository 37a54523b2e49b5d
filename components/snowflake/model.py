"""The `snowflake` stack config object and the `snowflakePrivateKey` secret:
parse and validate (docs/design.md#configuration-contract,
docs/design.md#snowflakesinkconnector-plugin-and-credentials).

```yaml
streaming-platform:snowflake:
  accountUrl: myorg-myaccount.snowflakecomputing.com   # no scheme; ":443" optional
  user: KAFKA_CONNECTOR
  role: KAFKA_CONNECTOR_ROLE          # required (always with 4.x)
  database: RAW
  schema: KAFKA
  connectorVersion: 4.1.0             # 4.x (default) or a 3.x "classic" release
  migrateFromV3: {ingestionMethod: SNOWPIPE_STREAMING}   # 4.x only: how the deployed 3.x connectors ran
  plugin: {}                          # pinned download URLs by default (see below)
  connectors:
    - name: orders-to-snowflake
      topics: {orders: ORDERS}        # topic -> table; topics must be in `topics`
      valueFormat: AVRO               # AVRO (schema registry) or JSON
      capacity: {mcuCount: 1, minWorkers: 1, maxWorkers: 2}   # or {mcuCount, workers} + tasksMax
      errors: {tolerance: all, deadLetterTopic: orders-dlq}   # DLQ topic in `topics`
```

3.x only: `ingestionMethod` (SNOWPIPE_STREAMING or SNOWPIPE) and per
connector `buffer: {flushTimeSeconds, sizeBytes, countRecords}`; 4.x has
neither and refuses them with the 4.x way to the same result.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import pulumi

from .. import catalog
from ..aws.common import AwsContext, GeneratedCredentials, OpenIngress
from ..aws.iam import MANAGED_POLICIES_PER_ROLE
from ..model import Offered, pairs_object, python_only, setting, stack_keys
from ..validation import Problems, as_int, check_keys, flag, int_in_range, one_of, parse_named_objects

KEY = "snowflake"
SECRET_KEY = "snowflakePrivateKey"
ADMIN_SECRET_KEY = "snowflakeAdminPrivateKey"

# Source: Snowflake docs, "Account identifiers" (<orgname>-<account_name> or a
# legacy locator with region), optionally ".privatelink", always under
# snowflakecomputing.com.
_ACCOUNT_URL = re.compile(r"^[a-z0-9][a-z0-9_.-]*\.snowflakecomputing\.com(?::443)?$", re.IGNORECASE)
# Unquoted Snowflake identifiers (Snowflake docs, "Identifier requirements").
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]{0,254}$")
# MSK Connect connector names (CreateConnector API, connectorName pattern).
_CONNECTOR_NAME = re.compile(r"^[-_a-zA-Z][-_$a-zA-Z0-9]+$")
# The connector's own check (Utils.isValidSnowflakeTableName, 3.5.4): 2+ characters.
_TABLE_NAME = re.compile(r"^([_a-zA-Z][_$a-zA-Z0-9]+\.){0,2}[_a-zA-Z][_$a-zA-Z0-9]+$")
_CONNECTOR_VERSION = re.compile(r"^([34])\.(\d+)\.(\d+)$")
_HTTPS_URL = re.compile(r"^https://[^\s]+$")
_S3_BUCKET_ARN = re.compile(r"^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_PKCS8_PEM = re.compile(r"^-----BEGIN PRIVATE KEY-----\s+[A-Za-z0-9+/=\s]+-----END PRIVATE KEY-----\s*$")


class SecretValue:
    """A secret from config. Its repr never shows the value, so it cannot leak
    into an error message, a traceback or a log line."""

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value; wrap it in `pulumi.Output.secret` before it goes anywhere."""
        return self._value

    def __repr__(self) -> str:
        return "SecretValue([secret])"

    __str__ = __repr__


@dataclass(frozen=True)
class PluginSource:
    """Where the connector plugin ZIP comes from.

    Either an existing S3 object (`bucket_arn` + `file_key`) or a ZIP the
    program assembles from pinned download URLs.
    """

    bucket_arn: str | None = setting(None, key="bucketArn")
    file_key: str | None = setting(None, key="fileKey")
    connector_jar_url: str | None = setting(None, key="connectorJarUrl")
    """Default: Maven Central, `connectorVersion`."""
    config_provider_url: str = setting(catalog.MSK_CONFIG_PROVIDER_URL, key="configProviderUrl")

    @property
    def existing_object(self) -> bool:
        return self.bucket_arn is not None


@dataclass(frozen=True)
class Capacity:
    """MSK Connect capacity: autoscaling between min and max workers, or provisioned `workers`."""

    OFFERED_AS: ClassVar[str] = "CapacityInput"

    mcu_count: int = setting(1, key="mcuCount")
    """MCUs per worker: 1, 2, 4 or 8."""
    min_workers: int = setting(1, key="minWorkers")
    """Autoscaling minimum."""
    max_workers: int = setting(2, key="maxWorkers")
    """Autoscaling maximum."""
    workers: int | None = setting(None, key="workers")
    """Provisioned workers (instead of autoscaling)."""

    @property
    def autoscaling(self) -> bool:
        return self.workers is None


@dataclass(frozen=True)
class ConnectorSettings:
    """One Snowflake sink connector."""

    name: str = setting(
        key="name",
        default_text="required",
        rules="`^[-_a-zA-Z][-_$a-zA-Z0-9]+$`, unique; the MSK Connect name is `streaming-platform-<stack>-<name>`",
    )
    """Connector name; with the stack prefix it names the MSK Connect connector and its consumer group."""
    topics: tuple[tuple[str, str], ...] = setting(
        key="topics",
        stack_form=pairs_object,
        default_text="required",
        rules=(
            "`{topic: TABLE}`; every topic must be in `topics`; tables as the connector accepts them (at least 2 "
            "characters, optionally `DB.SCHEMA.` in front). The connector reads the topics as regular expressions and"
            " refuses two that match each other (`orders.v1` and `ordersxv1`: `.` matches any character): such pairs "
            "are refused here"
        ),
        offered=Offered(type="dict[str, str]", doc="Topic -> Snowflake table."),
    )
    """(topic, TABLE) pairs, in config order."""
    value_format: str = setting(
        "AVRO",
        key="valueFormat",
        default_text="`AVRO`",
        rules="`AVRO` (schema registry) or `JSON`",
        offered=Offered(type="ValueFormat"),
    )
    tasks_max: int | None = setting(
        None,
        key="tasksMax",
        default_text="`1` with provisioned capacity",
        rules=(
            "1..100, **only with provisioned capacity** (`capacity.workers`): under autoscaling MSK Connect sets "
            "`tasks.max` itself, in proportion to workers x MCUs, so it is refused there and not sent"
        ),
        offered=python_only("the provider's connectors autoscale (tasks.max is MSK Connect's then)"),
    )
    """`tasks.max` with provisioned capacity; None under autoscaling, where MSK
    Connect sets it from the workers and MCUs."""
    capacity: Capacity = setting(
        default_factory=Capacity,
        key="capacity",
        default_text="`{mcuCount: 1, minWorkers: 1, maxWorkers: 2}`",
        rules=(
            "autoscaling `{mcuCount, minWorkers, maxWorkers}` or provisioned `{mcuCount, workers}`; MCU 1, 2, 4, 8; "
            "workers 1..10"
        ),
        model=Capacity,
    )
    buffer_count_records: int | None = setting(
        None,
        key="buffer.countRecords",
        default_text=(
            "3.x only. SNOWPIPE_STREAMING: `{flushTimeSeconds: 30, sizeBytes: 5000000}`; SNOWPIPE: `{countRecords: "
            "10000, flushTimeSeconds: 120, sizeBytes: 5000000}`"
        ),
        rules=(
            "Refused with 4.x: its Snowpipe Streaming SDK flushes on its own (5 to 10 s end to end) and it has no "
            "`buffer.*` or `snowflake.streaming.max.client.lag`. With 3.x Snowpipe Streaming the connector keeps one "
            "buffer (since 3.2.0) and ignores `buffer.flush.time` and `buffer.count.records`: `flushTimeSeconds` "
            "becomes `snowflake.streaming.max.client.lag` (the latency, >= 1 s; the connector's default is 30 s) and "
            "`countRecords` is refused. With Snowpipe they are `buffer.flush.time` (>= 10 s), `buffer.count.records`,"
            " `buffer.size.bytes`"
        ),
        offered=python_only("3.x buffer settings; the provider's connectors are 4.x by default"),
    )
    """`buffer.count.records` (SNOWPIPE only: Snowpipe Streaming ignores it)."""
    buffer_flush_seconds: int = setting(
        catalog.SNOWFLAKE_STREAMING_MAX_CLIENT_LAG_SECONDS,
        key="buffer.flushTimeSeconds",
        offered=python_only("3.x buffer settings"),
    )
    """Latency: `snowflake.streaming.max.client.lag` with Snowpipe Streaming,
    `buffer.flush.time` with Snowpipe."""
    buffer_size_bytes: int = setting(
        catalog.SNOWFLAKE_BUFFER_SIZE_BYTES, key="buffer.sizeBytes", offered=python_only("3.x buffer settings")
    )
    errors_tolerance: str = setting(
        "none",
        key="errors.tolerance",
        default_text="`{tolerance: none}`",
        rules=(
            "`tolerance`: `none` or `all`; `deadLetterTopic` needs `all` and must be in `topics` (prod: "
            "`orders-dlq`). With 4.x the dead-letter topic gets converter errors (and validation errors under "
            "`migrateFromV3`, which validates on the client); rows Snowflake rejects with server-side validation (the"
            " 4.x default) go to the table's error table instead: the tables the connector creates have "
            "`ERROR_LOGGING = TRUE`, an existing table needs it set"
        ),
    )
    """`none` (default: a failing record stops the task) or `all` (skip it, to the dead-letter topic when set)."""
    dead_letter_topic: str | None = setting(None, key="errors.deadLetterTopic")
    """Topic for records that fail (with `errorsTolerance: all`); one of the stack's topics."""

    @property
    def topic_names(self) -> tuple[str, ...]:
        return tuple(topic for topic, _ in self.topics)


@dataclass(frozen=True)
class SnowflakeManagement:
    """`snowflake.manage`: the program manages the connectors' Snowflake side
    (service user with the stack's public key, role, grants; optionally the
    database and schema) through pulumi-snowflake, as an admin with key-pair
    authentication."""

    enabled: bool = setting(False, key="enabled")
    organization_name: str = setting("", key="organizationName")
    """Snowflake organization name (account identifier `<org>-<account>`)."""
    account_name: str = setting("", key="accountName")
    admin_user: str = setting("", key="adminUser")
    """A user that may create users and roles and grant privileges (e.g. with SECURITYADMIN)."""
    admin_role: str = setting("", key="adminRole")
    """The role the admin uses (SECURITYADMIN, or one with CREATE USER, CREATE ROLE, MANAGE GRANTS)."""
    create_database: bool = setting(False, key="createDatabase")
    """Create (and protect) `snowflake.database`; else it must exist."""
    create_schema: bool = setting(False, key="createSchema")
    """Create (and protect) `snowflake.schema`; else it must exist."""
    admin_private_key: SecretValue | None = None
    """`snowflakeAdminPrivateKey`: the admin's PKCS#8 key; only ever a Pulumi secret."""


@dataclass(frozen=True)
class V3Migration:
    """`snowflake.migrateFromV3`: how the deployed 3.x connectors ran, so that
    4.x takes over their tables and offsets (Snowflake docs, "Migrate from
    Kafka connector v3 to v4")."""

    ingestion_method: str = setting(key="ingestionMethod")
    """The 3.x `ingestionMethod`: SNOWPIPE_STREAMING or SNOWPIPE."""
    offset_migration: str = setting(key="offsetMigration")
    """`snowflake.streaming.classic.offset.migration`: strict or best_effort
    from Snowpipe Streaming (copy the classic channels' offsets), skip from
    Snowpipe (the consumer group carries them)."""
    ran_on_v3: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] | None = setting(None, key="connectors")
    """`migrateFromV3.connectors`: the connectors that ran on 3.x, each with the
    partitions its topics had then. None: every connector of the stack did."""
    grown: tuple[str, ...] = ()
    """Connectors with a topic or partition that had no 3.x channel (resolved
    against the stack's topics): strict becomes best_effort for them."""

    def offset_migration_for(self, connector: str) -> str | None:
        """The offset migration of `connector`; None when it never ran on 3.x (a new deployment).

        4.1.0 consults the classic channel only while a 4.x channel has no offset
        of its own, and in strict mode fails a channel whose classic one does not
        exist (SnowpipeStreamingPartitionChannel: "not found but the offset token
        migration mode is set to 'strict'"): a connector, topic or partition added
        after the move must not run strict."""
        if self.ran_on_v3 is not None and connector not in dict(self.ran_on_v3):
            return None
        return "best_effort" if connector in self.grown else self.offset_migration


def v3_migration_object(migration: V3Migration) -> Any:
    """`migrateFromV3` as stack config writes it for one connector's arguments: from Snowpipe
    the offsets stay with the consumer group (`skip`, written by leaving `offsetMigration`
    out); `connectors` is left out, as it is resolved against the stack's topics, which
    one connector's arguments do not hold."""
    if not isinstance(migration, V3Migration):
        return migration  # as given: the rules say what it should be
    written: dict[str, Any] = {"ingestionMethod": migration.ingestion_method}
    if not (migration.ingestion_method == "SNOWPIPE" and migration.offset_migration == "skip"):
        written["offsetMigration"] = migration.offset_migration
    return written


@dataclass(frozen=True)
class SnowflakeSettings:
    """Validated `snowflake` settings (empty: no connector): the Snowflake account the connectors write to."""

    OFFERED_AS: ClassVar[str] = "SnowflakeAccountInput"

    account_url: str = setting(
        "",
        key="accountUrl",
        default_text="required",
        rules="`<account_identifier>.snowflakecomputing.com` (no `https://`; `:443` added)",
        offered=Offered(required=True),
    )
    """`<account_identifier>.snowflakecomputing.com` (no `https://`)."""
    user: str = setting(
        "", key="user", default_text="required", rules="Snowflake identifier", offered=Offered(required=True)
    )
    """The connector's Snowflake user."""
    role: str | None = setting(
        None, key="role", default_text="required", rules="Snowflake identifier; optional only for 3.x with `SNOWPIPE`"
    )
    """The connector's role (required with connector 4.x)."""
    database: str = setting(
        "", key="database", default_text="required", rules="Snowflake identifier", offered=Offered(required=True)
    )
    """Target database."""
    schema: str = setting(
        "", key="schema", default_text="required", rules="Snowflake identifier", offered=Offered(required=True)
    )
    """Target schema."""
    ingestion_method: str = setting(
        "SNOWPIPE_STREAMING",
        key="ingestionMethod",
        default_text="`SNOWPIPE_STREAMING` (3.x)",
        rules=(
            "3.x only: `SNOWPIPE_STREAMING` or `SNOWPIPE`. Refused with 4.x, which has one method (Snowpipe Streaming"
            " high-performance); a deployed 3.x stack moves its value to `migrateFromV3`"
        ),
        offered=python_only("4.x has one method; 3.x accounts are a Python/stack-config matter"),
    )
    connector_version: str = setting(
        catalog.SNOWFLAKE_CONNECTOR_VERSION,
        key="connectorVersion",
        default_text="`4.1.0`",
        rules=(
            "a 4.x release from 4.1.0 on (4.1.0 fixes 4.0.x offset rewinds and streaming client recovery), or a 3.x "
            '"classic" release such as `3.5.4`; selects the Maven Central jar and the connector class and settings '
            "(below)"
        ),
    )
    connect_version: str = setting(
        catalog.MSK_CONNECT_VERSIONS[0],
        key="connectVersion",
        default_text="`3.7.x`",
        rules=(
            "MSK Connect runtime: `3.7.x` or `2.7.1` (3.x only: 4.x is built against Kafka Connect 3.9 and tested "
            "from Kafka 2.8.2 on)"
        ),
    )
    plugin: PluginSource = setting(
        default_factory=PluginSource,
        key="plugin",
        default_text="pinned URLs",
        rules=(
            "`{connectorJarUrl?, configProviderUrl?}` (https) to override downloads, or `{bucketArn, fileKey}` to use"
            " an existing ZIP. The ZIP holds the connector jar and AWS's config providers only: the connector's Maven"
            " jar is built jar-with-dependencies and already carries Confluent's Avro converter, serializer and "
            "schema-registry client (7.9.2 for 3.5.4 and 4.1.0; 4.x also the Snowpipe Streaming SDK, whose native "
            "core it loads from inside the plugin); a second copy would clash in the plugin's classloader, so "
            "`avroConverterUrl` is refused"
        ),
        model=PluginSource,
        offered=python_only("the plugin is its own component (SnowflakeConnectorPlugin)"),
    )
    connectors: tuple[ConnectorSettings, ...] = setting(
        (),
        key="connectors",
        default_text="required",
        rules="list, at least one entry (below)",
        model=ConnectorSettings,
        offered=python_only("one connector per component"),
    )
    private_key: SecretValue | None = setting(
        None, offered=python_only("the key is its own component (SnowflakeCredentials)")
    )
    """`snowflakePrivateKey` when given; None: the program generates the key pair."""
    public_key_registered: bool = setting(
        False,
        key="publicKeyRegistered",
        default_text="`false`",
        rules=(
            "the generated key's public half is registered on the user: only then are connectors created (path 3 "
            "below); not needed with `snowflakePrivateKey` or `manage`"
        ),
        offered=python_only("a stack's first-up state"),
    )
    """`publicKeyRegistered`: the generated key's public half is on the Snowflake user."""
    manage: SnowflakeManagement = setting(
        default_factory=SnowflakeManagement,
        key="manage",
        default_text="`{enabled: false}`",
        rules=(
            "`{enabled, organizationName, accountName, adminUser, adminRole, createDatabase?, createSchema?}` + the "
            "secret `snowflakeAdminPrivateKey`: the program manages the user, role and grants (path 2 below); `role` "
            "is required with it"
        ),
        model=SnowflakeManagement,
        offered=python_only("the Snowflake side is the stack's (snowflake.manage)"),
    )
    migrate_from_v3: V3Migration | None = setting(
        None,
        key="migrateFromV3",
        default_text="none",
        rules=(
            "4.x only: `{ingestionMethod: SNOWPIPE_STREAMING or SNOWPIPE, offsetMigration?: strict or best_effort, "
            "connectors?: {<connector>: {<topic>: <partitions>}}}`, how the deployed 3.x connectors ran, so that 4.x "
            "takes over their tables and offsets; `connectors` lists what ran on 3.x: a connector not listed starts "
            "as a new deployment, and a listed one that reads a topic or partitions added since runs `best_effort` "
            "(strict fails a channel with no 3.x channel: 4.1.0 SnowpipeStreamingPartitionChannel), with a warning; "
            "strict without the list warns ([Moving to connector v4](operations.md#moving-to-connector-v4))"
        ),
        model=V3Migration,
        stack_form=v3_migration_object,
        offered=python_only("the Snowflake side is the stack's (snowflake.manage)"),
    )
    """4.x only: the 3.x mode the deployed connectors ran in (None: a new 4.x deployment)."""

    @property
    def streaming(self) -> bool:
        return self.ingestion_method == "SNOWPIPE_STREAMING"

    @property
    def v4(self) -> bool:
        """Connector 4.x (Snowpipe Streaming high-performance), else 3.x classic."""
        return self.connector_version.startswith("4.")

    @property
    def key_registered(self) -> bool:
        """Whether Snowflake knows the connectors' public key when they start: a
        supplied key is registered by its owner, a managed user gets the key from
        this program, a generated one only once the user says so."""
        return self.private_key is not None or self.manage.enabled or self.public_key_registered


_KEYS = stack_keys(SnowflakeSettings)
_MANAGE_KEYS = stack_keys(SnowflakeManagement)
_CONNECTOR_KEYS = stack_keys(ConnectorSettings)


def parse_snowflake(
    value: Mapping[str, Any] | None,
    private_key: str | None,
    topic_names: Sequence[str] | None,
    problems: Problems,
    admin_private_key: str | None = None,
) -> SnowflakeSettings:
    """Validate the raw `snowflake` object and the optional private keys.

    `topic_names` are the stack's configured topics: every sink topic and
    dead-letter topic must be one of them (None: the topics were refused, and
    that is the one problem said about them).
    """
    key = _parse_private_key(SECRET_KEY, private_key, problems)
    if not value:
        return SnowflakeSettings(private_key=key)
    check_keys(KEY, value, _KEYS, problems)
    version = parse_connector_version(value.get("connectorVersion", catalog.SNOWFLAKE_CONNECTOR_VERSION), problems)
    v4 = version.startswith("4.")
    method = _ingestion_method(value, v4, problems)
    streaming = method != "SNOWPIPE"
    role = value.get("role")
    if role is None and streaming:
        problems.add(
            f"{KEY}.role",
            None,
            "required with connector 4.x (it refuses a configuration without snowflake.role.name)"
            if v4
            else "required with SNOWPIPE_STREAMING (the role that inserts the rows)",
        )
    elif role is not None:
        _identifier(f"{KEY}.role", role, problems)
    connect_version = value.get("connectVersion", catalog.MSK_CONNECT_VERSIONS[0])
    one_of(f"{KEY}.connectVersion", connect_version, catalog.MSK_CONNECT_VERSIONS, problems)
    if (
        v4
        and connect_version in catalog.MSK_CONNECT_VERSIONS
        and connect_version not in catalog.SNOWFLAKE_V4_CONNECT_VERSIONS
    ):
        problems.add(
            f"{KEY}.connectVersion",
            connect_version,
            f"connector {version} needs {' or '.join(catalog.SNOWFLAKE_V4_CONNECT_VERSIONS)}: it is built against "
            "Kafka Connect 3.9 and tested on Kafka 2.8.2 and later, and MSK Connect 2.7.1 is older",
        )
    settings = SnowflakeSettings(
        account_url=_account_url(value.get("accountUrl"), problems),
        user=_identifier(f"{KEY}.user", value.get("user"), problems),
        role=None if role is None else str(role),
        database=_identifier(f"{KEY}.database", value.get("database"), problems),
        schema=_identifier(f"{KEY}.schema", value.get("schema"), problems),
        ingestion_method=str(method),
        connector_version=str(version),
        connect_version=str(connect_version),
        plugin=parse_plugin(value.get("plugin"), problems),
        connectors=_parse_connectors(
            value.get("connectors"), streaming, v4, None if topic_names is None else set(topic_names), problems
        ),
        private_key=key,
        public_key_registered=flag(f"{KEY}.publicKeyRegistered", value.get("publicKeyRegistered", False), problems),
        manage=_parse_manage(value.get("manage"), role, admin_private_key, problems),
        migrate_from_v3=_parse_migration(value.get("migrateFromV3"), v4, problems),
    )
    if settings.connectors and settings.key_registered and is_example_account(settings.account_url):
        problems.add(
            f"{KEY}.accountUrl",
            value.get("accountUrl"),
            f"the committed stacks' EXAMPLE ACCOUNT: the connectors would log in to an account that is not yours; "
            f"{SET_ACCOUNT}",
        )
    return settings


# The committed stacks' placeholder account (README, "Deploying for real").
EXAMPLE_ACCOUNT = "example-account"
SET_ACCOUNT = (
    "set yours: pulumi config set --path snowflake.accountUrl <org>-<account>.snowflakecomputing.com (and "
    "snowflake.user, .role, .database, .schema)"
)


def is_example_account(account_url: str) -> bool:
    """Whether `account_url` is the committed stacks' placeholder."""
    return account_url.split(".", 1)[0].lower() == EXAMPLE_ACCOUNT


def example_account_warning(settings: SnowflakeSettings) -> list[str]:
    """The placeholder while the connectors wait for their key: said now, refused once they would start."""
    if not (settings.connectors and is_example_account(settings.account_url)):
        return []
    return [
        f"{KEY}.accountUrl = {settings.account_url.removesuffix(':443')!r} is the committed stacks' EXAMPLE "
        f"ACCOUNT: {SET_ACCOUNT}; the `pulumi up` that creates the connectors refuses it"
    ]


def parse_connector_version(version: Any, problems: Problems) -> str:
    """A 3.x release, or a 4.x release from 4.1.0 on."""
    match = _CONNECTOR_VERSION.match(version) if isinstance(version, str) else None
    if match is None:
        problems.add(
            f"{KEY}.connectorVersion",
            version,
            f"must be a 4.x release such as {catalog.SNOWFLAKE_CONNECTOR_VERSION} (the default) or a 3.x release "
            f"such as {catalog.SNOWFLAKE_V3_CONNECTOR_VERSION}",
        )
        return catalog.SNOWFLAKE_CONNECTOR_VERSION
    if match[1] == "4" and (4, int(match[2]), int(match[3])) < catalog.SNOWFLAKE_V4_MIN_VERSION:
        problems.add(
            f"{KEY}.connectorVersion",
            version,
            f"use {catalog.SNOWFLAKE_CONNECTOR_VERSION} or later: 4.1.0 fixes 4.0.x offset rewinds and the "
            "recovery of failed streaming clients",
        )
    return version


def _ingestion_method(value: Mapping[str, Any], v4: bool, problems: Problems) -> str:
    """3.x: `ingestionMethod` (SNOWPIPE_STREAMING by default). 4.x has one
    method, Snowpipe Streaming high-performance, and no such setting."""
    method = value.get("ingestionMethod", "SNOWPIPE_STREAMING")
    if not v4:
        one_of(f"{KEY}.ingestionMethod", method, catalog.SNOWFLAKE_INGESTION_METHODS, problems)
        return str(method)
    if "ingestionMethod" in value:
        problems.add(
            f"{KEY}.ingestionMethod",
            method,
            "connector 4.x ingests only with Snowpipe Streaming (high-performance) and has no ingestion method "
            "setting: remove it; if your deployed 3.x connectors ran with it, move it to "
            "migrateFromV3.ingestionMethod so that 4.x takes over their offsets",
        )
    return "SNOWPIPE_STREAMING"


def _parse_migration(value: Any, v4: bool, problems: Problems) -> V3Migration | None:
    key = f"{KEY}.migrateFromV3"
    if value is None:
        return None
    if not v4:
        problems.add(key, value, "only with a 4.x connectorVersion: it describes the 3.x connectors 4.x replaces")
        return None
    if not isinstance(value, dict):
        problems.add(key, value, "must be an object {ingestionMethod: SNOWPIPE_STREAMING or SNOWPIPE, offsetMigration}")
        return None
    check_keys(key, value, stack_keys(V3Migration), problems)
    ran_on_v3 = _parse_ran_on_v3(f"{key}.connectors", value.get("connectors"), problems)
    method = value.get("ingestionMethod")
    if method not in catalog.SNOWFLAKE_INGESTION_METHODS:
        problems.add(
            f"{key}.ingestionMethod",
            method,
            "the ingestionMethod the deployed 3.x connectors ran with: SNOWPIPE_STREAMING or SNOWPIPE",
        )
        return None
    if method == "SNOWPIPE":
        if "offsetMigration" in value:
            problems.add(
                f"{key}.offsetMigration",
                value["offsetMigration"],
                "3.x Snowpipe has no streaming channels to migrate: 4.x resumes from the consumer group's offsets "
                "(offset migration skip); remove offsetMigration",
            )
        return V3Migration("SNOWPIPE", "skip", ran_on_v3)
    offsets = value.get("offsetMigration", catalog.SNOWFLAKE_OFFSET_MIGRATIONS[0])
    one_of(f"{key}.offsetMigration", offsets, catalog.SNOWFLAKE_OFFSET_MIGRATIONS, problems)
    return V3Migration("SNOWPIPE_STREAMING", str(offsets), ran_on_v3)


def _parse_ran_on_v3(
    key: str, value: Any, problems: Problems
) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...] | None:
    """`{connector: {topic: partitions}}`: what ran on 3.x."""
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(t, dict) and t for t in value.values()):
        problems.add(key, value, "must map each connector that ran on 3.x to its topics and their partitions then, "
                     "e.g. {orders-to-snowflake: {orders: 12}}")  # fmt: skip
        return None
    ran: list[tuple[str, tuple[tuple[str, int], ...]]] = []
    for connector, topics in value.items():
        partitions = []
        for topic, count in topics.items():
            number = as_int(count)
            if number is None or number < 1:
                problems.add(f"{key}.{connector}.{topic}", count, "must be the partitions the topic had on 3.x (>= 1)")
                continue
            partitions.append((str(topic), number))
        ran.append((str(connector), tuple(partitions)))
    return tuple(ran)


def resolve_v3_migration(
    settings: SnowflakeSettings, partitions: Mapping[str, int], problems: Problems
) -> tuple[SnowflakeSettings, list[str]]:
    """Settings whose migration knows which connectors grew since 3.x (a topic or
    partitions added), and the warnings to show; listed connectors must exist."""
    migration = settings.migrate_from_v3
    if migration is None or migration.offset_migration == "skip":
        return settings, []
    key = f"{KEY}.migrateFromV3"
    names = {c.name for c in settings.connectors}
    if migration.ran_on_v3 is None:
        warnings = (
            [f"{key}: offsetMigration strict without migrateFromV3.connectors: a connector, topic or partition "
             "added later has no 3.x channel and strict fails its tasks; list what ran on 3.x "
             "(connectors: {<connector>: {<topic>: <partitions>}})"]
            if migration.offset_migration == "strict" else []
        )  # fmt: skip
        return settings, warnings
    ran = {name: dict(topics) for name, topics in migration.ran_on_v3}
    for connector in ran:
        if connector not in names:
            problems.add(
                f"{key}.connectors.{connector}",
                None,
                f"not a connector of snowflake.connectors ({', '.join(sorted(names))})",
            )
    if migration.offset_migration != "strict":
        return settings, []
    grown: list[str] = []
    warnings: list[str] = []
    for connector in settings.connectors:
        if connector.name not in ran:
            continue
        before = ran[connector.name]
        added = [t for t in connector.topic_names if partitions.get(t, 0) > before.get(t, 0)]
        if added:
            grown.append(connector.name)
            warnings.append(
                f"{key}: connector {connector.name} reads {', '.join(added)} with topics or partitions that had no "
                "3.x channel; strict would fail them, so it runs best_effort (its migrated channels keep their "
                "offsets: 4.x consults 3.x only while a channel has none of its own)"
            )
    return replace(settings, migrate_from_v3=replace(migration, grown=tuple(grown))), warnings


def _parse_manage(value: Any, role: Any, admin_key: str | None, problems: Problems) -> SnowflakeManagement:
    key = f"{KEY}.manage"
    if value is None:
        return SnowflakeManagement()
    if not isinstance(value, dict):
        problems.add(key, value, f"must be an object {{{', '.join(_MANAGE_KEYS)}}}")
        return SnowflakeManagement()
    check_keys(key, value, _MANAGE_KEYS, problems)
    if not flag(f"{key}.enabled", value.get("enabled", False), problems):
        return SnowflakeManagement()
    missing = [f"{key}.{name}" for name in ("organizationName", "accountName", "adminUser", "adminRole")
               if not value.get(name)]  # fmt: skip
    if admin_key is None:
        missing.append(f"{ADMIN_SECRET_KEY} (pulumi config set --secret {ADMIN_SECRET_KEY} < admin_key.p8)")
    if role is None:
        missing.append(f"{KEY}.role (the role the program creates and grants)")
    if missing:
        problems.add_key(key, "managing the Snowflake side needs " + ", ".join(missing))
    return SnowflakeManagement(
        enabled=True,
        organization_name=_name(f"{key}.organizationName", value.get("organizationName"), problems),
        account_name=_name(f"{key}.accountName", value.get("accountName"), problems),
        admin_user=_name(f"{key}.adminUser", value.get("adminUser"), problems),
        admin_role=_name(f"{key}.adminRole", value.get("adminRole"), problems),
        create_database=flag(f"{key}.createDatabase", value.get("createDatabase", False), problems),
        create_schema=flag(f"{key}.createSchema", value.get("createSchema", False), problems),
        admin_private_key=_parse_private_key(ADMIN_SECRET_KEY, admin_key, problems),
    )


def _name(key: str, value: Any, problems: Problems) -> str:
    """An identifier that may be absent (reported once, with the other missing keys)."""
    return "" if value in (None, "") else _identifier(key, value, problems)


def _parse_private_key(config_key: str, private_key: str | None, problems: Problems) -> SecretValue | None:
    if private_key is None:
        return None
    if not _PKCS8_PEM.match(private_key):
        # Never show the value: it is a secret, even when malformed.
        problems.add(
            config_key,
            "[secret]",
            "must be an unencrypted PKCS#8 PEM (-----BEGIN PRIVATE KEY-----); convert with "
            "`openssl pkcs8 -topk8 -nocrypt`, or unset it to let the program generate a key pair",
        )
        return None
    algorithm = pkcs8_algorithm(private_key)
    if algorithm != "RSA":
        problems.add(
            config_key,
            "[secret]",
            f"must be an RSA key (this one is {algorithm}): the connector reads it with "
            'KeyFactory.getInstance("RSA"); generate one with `openssl genrsa 2048 | openssl pkcs8 -topk8 -nocrypt`',
        )
        return None
    return SecretValue(private_key)


# Algorithm OIDs of PKCS#8 keys (DER bodies of the OBJECT IDENTIFIER).
_KEY_ALGORITHMS = {
    bytes.fromhex("2a864886f70d010101"): "RSA",  # 1.2.840.113549.1.1.1 rsaEncryption
    bytes.fromhex("2a8648ce3d0201"): "EC",  # 1.2.840.10045.2.1 id-ecPublicKey
    bytes.fromhex("2b6570"): "Ed25519",  # 1.3.101.112
    bytes.fromhex("2b6571"): "Ed448",  # 1.3.101.113
}


def pkcs8_algorithm(pem: str) -> str:
    """The key algorithm of a PKCS#8 PEM (`RSA`, `EC`, ...), read from its
    AlgorithmIdentifier: PrivateKeyInfo ::= SEQUENCE { version, SEQUENCE { OID, ... }, ... }."""
    try:
        der = base64.b64decode("".join(line for line in pem.splitlines() if not line.startswith("-----")))
        _, first = _der_header(der, 0)  # inside PrivateKeyInfo
        version_length, version = _der_header(der, first)
        _, oid_at = _der_header(der, version + version_length)  # inside AlgorithmIdentifier
        oid_length, oid = _der_header(der, oid_at)
        if der[oid_at] != 0x06:  # OBJECT IDENTIFIER
            return "not a key"
        return _KEY_ALGORITHMS.get(der[oid : oid + oid_length], "an unknown algorithm")
    except (ValueError, IndexError):
        return "unreadable"


def _der_header(der: bytes, position: int) -> tuple[int, int]:
    """(length, offset of the value) of the DER element at `position`."""
    length = der[position + 1]
    if length & 0x80:
        count = length & 0x7F
        return int.from_bytes(der[position + 2 : position + 2 + count], "big"), position + 2 + count
    return length, position + 2


def _account_url(url: Any, problems: Problems) -> str:
    if not isinstance(url, str) or not _ACCOUNT_URL.match(url):
        problems.add(
            f"{KEY}.accountUrl",
            url,
            "must be <account_identifier>.snowflakecomputing.com without https://, "
            "e.g. myorg-myaccount.snowflakecomputing.com",
        )
        return ""
    return url if url.endswith(":443") else f"{url}:443"


def _identifier(key: str, name: Any, problems: Problems) -> str:
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        problems.add(key, name, "must be a Snowflake identifier: a letter or _, then letters, digits, _ or $")
        return ""
    return name


def parse_plugin(value: Any, problems: Problems) -> PluginSource:
    key = f"{KEY}.plugin"
    if value is None:
        return PluginSource()
    if not isinstance(value, dict):
        problems.add(key, value, "must be an object")
        return PluginSource()
    existing, urls = ("bucketArn", "fileKey"), ("connectorJarUrl", "configProviderUrl")
    if "avroConverterUrl" in value:
        problems.add(
            f"{key}.avroConverterUrl",
            value["avroConverterUrl"],
            "no longer used: the connector jar bundles Confluent's Avro converter, and a second copy in the "
            "plugin would clash with it; remove the key",
        )
    check_keys(key, {k: v for k, v in value.items() if k != "avroConverterUrl"}, existing + urls, problems)
    if any(k in value for k in existing):
        if any(k in value for k in urls):
            problems.add(key, value, "give either an existing object (bucketArn, fileKey) or download URLs, not both")
        bucket, file_key = value.get("bucketArn"), value.get("fileKey")
        if not isinstance(bucket, str) or not _S3_BUCKET_ARN.match(bucket):
            problems.add(f"{key}.bucketArn", bucket, "must be an S3 bucket ARN like arn:aws:s3:::my-plugins")
        if not isinstance(file_key, str) or not file_key.endswith(".zip"):
            problems.add(f"{key}.fileKey", file_key, "must be the key of a .zip object in that bucket")
        return PluginSource(bucket_arn=str(bucket), file_key=str(file_key))
    for name in urls:
        if name in value and (not isinstance(value[name], str) or not _HTTPS_URL.match(value[name])):
            problems.add(f"{key}.{name}", value[name], "must be an https:// URL")
    defaults = PluginSource()
    return PluginSource(
        connector_jar_url=value.get("connectorJarUrl"),
        config_provider_url=value.get("configProviderUrl", defaults.config_provider_url),
    )


def _parse_connectors(
    value: Any, streaming: bool, v4: bool, topic_names: set[str] | None, problems: Problems
) -> tuple[ConnectorSettings, ...]:
    if not isinstance(value, list) or not value:
        problems.add(f"{KEY}.connectors", value, "must list at least one connector {name, topics: {topic: TABLE}}")
        return ()
    return parse_named_objects(
        f"{KEY}.connectors",
        value,
        allowed=_CONNECTOR_KEYS,
        shape="{name, topics: {topic: TABLE}, ...}",
        parse=lambda key, item: _parse_connector(key, item, streaming, v4, topic_names, problems),
        duplicate="duplicate connector name; names are unique per stack",
        problems=problems,
    )


def _parse_connector(
    key: str, item: Mapping[str, Any], streaming: bool, v4: bool, topic_names: set[str] | None, problems: Problems
) -> ConnectorSettings:
    name = item.get("name")
    if not isinstance(name, str) or not _CONNECTOR_NAME.match(name) or len(name) > 128:
        problems.add(f"{key}.name", name, "must match ^[-_a-zA-Z][-_$a-zA-Z0-9]+$ (at most 128 characters)")
        name = str(name)
    value_format = item.get("valueFormat", "AVRO")
    one_of(f"{key}.valueFormat", value_format, catalog.SNOWFLAKE_VALUE_FORMATS, problems)
    tolerance, dead_letter = _parse_errors(f"{key}.errors", item.get("errors"), topic_names, problems)
    if v4 and "buffer" in item:
        problems.add(
            f"{key}.buffer",
            item["buffer"],
            "connector 4.x has no buffer.* or snowflake.streaming.max.client.lag settings: its Snowpipe Streaming "
            "SDK flushes on its own (5 to 10 seconds end to end); remove buffer",
        )
    count, flush, size = _parse_buffer(f"{key}.buffer", None if v4 else item.get("buffer"), streaming, problems)
    capacity = _parse_capacity(f"{key}.capacity", item.get("capacity"), problems)
    return ConnectorSettings(
        name=name,
        topics=_parse_topic_map(f"{key}.topics", item.get("topics"), topic_names, v4, problems),
        value_format=str(value_format),
        tasks_max=_parse_tasks_max(key, item, capacity, problems),
        capacity=capacity,
        buffer_count_records=count,
        buffer_flush_seconds=flush,
        buffer_size_bytes=size,
        errors_tolerance=tolerance,
        dead_letter_topic=dead_letter,
    )


def _parse_topic_map(
    key: str, value: Any, topic_names: set[str] | None, v4: bool, problems: Problems
) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not value:
        problems.add(key, value, "must map at least one topic to a table, e.g. {orders: ORDERS}")
        return ()
    pairs = []
    for topic, table in value.items():
        if topic_names is not None and topic not in topic_names:
            allowed = ", ".join(sorted(topic_names)) or "none configured"
            problems.add(f"{key}.{topic}", table, f"topic {topic!r} is not in `topics`; configured topics: {allowed}")
        if not isinstance(table, str) or not _TABLE_NAME.match(table):
            problems.add(
                f"{key}.{topic}",
                table,
                "must be a table name the connector accepts: at least 2 characters, a letter or _ then letters, "
                "digits, _ or $ (optionally database.schema. in front)",
            )
        elif v4 and "." in table:
            # 4.x creates and opens the table as one quoted identifier
            # (StandardSnowflakeConnectionService.quoteIdentifier with identifier(?), 4.1.0);
            # 3.x passed the name as given, so a qualified name worked there.
            problems.add(
                f"{key}.{topic}",
                table,
                "4.x takes the table name alone and quotes it whole: DB.SCHEMA.TABLE would create a table literally "
                "named so in snowflake.database.schema; give the table's name, and its database and schema as "
                "snowflake.database and snowflake.schema",
            )
        pairs.append((str(topic), str(table)))
    _check_topic_overlaps(key, [topic for topic, _ in pairs], problems)
    return tuple(pairs)


def _check_topic_overlaps(key: str, topics: list[str], problems: Problems) -> None:
    """The connector reads the topics of `snowflake.topic2table.map` as regular
    expressions and refuses two that match each other (Utils.parseTopicToTableMap,
    3.5.4; TopicToTableParser, 4.1.0): `.` in a topic name matches any character,
    so `a.b` and `axb` collide."""
    for i, first in enumerate(topics):
        for second in topics[i + 1 :]:
            if _full_match(first, second) or _full_match(second, first):
                problems.add(
                    f"{key}.{second}",
                    second,
                    f"collides with topic {first!r}: the connector reads topic names as regular expressions "
                    "('.' matches any character) and refuses overlapping ones; map them in separate connectors",
                )


def _full_match(pattern: str, text: str) -> bool:
    try:
        return re.fullmatch(pattern, text) is not None
    except re.error:
        return False


def _parse_capacity(key: str, value: Any, problems: Problems) -> Capacity:
    value = value or {}
    if not isinstance(value, dict):
        problems.add(key, value, "must be an object {mcuCount, minWorkers, maxWorkers} or {mcuCount, workers}")
        return Capacity()
    check_keys(key, value, stack_keys(Capacity), problems)
    defaults = Capacity()
    mcu = value.get("mcuCount", defaults.mcu_count)
    one_of(f"{key}.mcuCount", mcu, catalog.MSK_CONNECT_MCU_COUNTS, problems)
    lo, hi = 1, catalog.MSK_CONNECT_MAX_WORKERS
    if "workers" in value:
        if "minWorkers" in value or "maxWorkers" in value:
            problems.add(key, value, "give workers (provisioned) or minWorkers/maxWorkers (autoscaling), not both")
        workers = int_in_range(key, value, "workers", default=1, lo=lo, hi=hi, problems=problems)
        return Capacity(mcu_count=int(mcu) if mcu in catalog.MSK_CONNECT_MCU_COUNTS else 1, workers=workers)
    low = int_in_range(key, value, "minWorkers", default=defaults.min_workers, lo=lo, hi=hi, problems=problems)
    high = int_in_range(key, value, "maxWorkers", default=defaults.max_workers, lo=lo, hi=hi, problems=problems)
    if high < low:
        problems.add(f"{key}.maxWorkers", high, f"must be at least minWorkers ({low})")
    return Capacity(
        mcu_count=int(mcu) if mcu in catalog.MSK_CONNECT_MCU_COUNTS else 1, min_workers=low, max_workers=high
    )


def _parse_tasks_max(key: str, item: Mapping[str, Any], capacity: Capacity, problems: Problems) -> int | None:
    """`tasksMax` only with provisioned capacity: under autoscaling MSK Connect
    overrides `tasks.max` with a value proportional to workers x MCUs (MSK
    Developer Guide, "Capacity": autoscaled capacity), so a number here would mislead."""
    if "tasksMax" not in item:
        return None if capacity.autoscaling else 1
    if capacity.autoscaling:
        problems.add(
            f"{key}.tasksMax",
            item["tasksMax"],
            "MSK Connect sets tasks.max itself under autoscaling (in proportion to workers x MCUs); "
            "remove tasksMax, or give capacity.workers (provisioned) to fix it",
        )
        return None
    return int_in_range(key, item, "tasksMax", default=1, lo=1, hi=100, problems=problems)


def _parse_buffer(key: str, value: Any, streaming: bool, problems: Problems) -> tuple[int | None, int, int]:
    value = value or {}
    if not isinstance(value, dict):
        problems.add(key, value, "must be an object {countRecords, flushTimeSeconds, sizeBytes}")
        value = {}
    check_keys(key, value, stack_keys(ConnectorSettings, under="buffer"), problems)
    # Minimums: Snowflake connector SnowflakeSinkConnectorConfig (flush >= 10 s
    # with Snowpipe, max client lag >= 1 s with Snowpipe Streaming; counts and sizes >= 1).
    min_flush = 1 if streaming else 10
    default_flush = (
        catalog.SNOWFLAKE_STREAMING_MAX_CLIENT_LAG_SECONDS if streaming else catalog.SNOWFLAKE_SNOWPIPE_FLUSH_SECONDS
    )
    big = 2**31 - 1
    count = None
    if streaming and "countRecords" in value:
        # DefaultStreamingConfigValidator (3.5.4): with the single buffer (the
        # default since 3.2.0) buffer.count.records and buffer.flush.time are ignored.
        problems.add(
            f"{key}.countRecords",
            value["countRecords"],
            "Snowpipe Streaming ignores buffer.count.records (one buffer since connector 3.2.0); "
            "set flushTimeSeconds (the maximum client lag) and sizeBytes instead",
        )
    elif not streaming:
        count = int_in_range(
            key, value, "countRecords", default=catalog.SNOWFLAKE_BUFFER_COUNT_RECORDS, lo=1, hi=big, problems=problems
        )
    flush = int_in_range(
        key, value, "flushTimeSeconds", default=default_flush, lo=min_flush, hi=3600, problems=problems
    )
    size = int_in_range(
        key, value, "sizeBytes", default=catalog.SNOWFLAKE_BUFFER_SIZE_BYTES, lo=1, hi=big, problems=problems
    )
    return count, flush, size


def _parse_errors(key: str, value: Any, topic_names: set[str] | None, problems: Problems) -> tuple[str, str | None]:
    value = value or {}
    if not isinstance(value, dict):
        problems.add(key, value, "must be an object {tolerance, deadLetterTopic}")
        return "none", None
    check_keys(key, value, stack_keys(ConnectorSettings, under="errors"), problems)
    tolerance = value.get("tolerance", "none")
    one_of(f"{key}.tolerance", tolerance, ("none", "all"), problems)
    dead_letter = value.get("deadLetterTopic")
    if dead_letter is not None and not isinstance(dead_letter, str):
        problems.add(f"{key}.deadLetterTopic", dead_letter, "must be a topic name (a string) from `topics`")
        dead_letter = None
    if dead_letter is not None:
        if tolerance != "all":
            problems.add(
                f"{key}.deadLetterTopic",
                dead_letter,
                "needs tolerance: all (Kafka Connect only routes tolerated errors)",
            )
        if topic_names is not None and dead_letter not in topic_names:
            problems.add(
                f"{key}.deadLetterTopic",
                dead_letter,
                "must be one of the topics in `topics` (so it is created and sized)",
            )
    return str(tolerance), dead_letter


# Where a consumer group without a committed offset starts (Kafka's auto.offset.reset).
OFFSET_RESETS = ("earliest", "latest", "none")


@dataclass
class SnowflakeSinkConnectorArgs:
    """Inputs of `SnowflakeSinkConnector`."""

    connector: ConnectorSettings = setting(
        key="snowflake.connectors[0]", model=ConnectorSettings, offered=Offered(flatten="")
    )
    """Name, topic -> table map, format, capacity, buffers, error handling."""
    account: SnowflakeSettings = setting(key="snowflake", model=SnowflakeSettings)
    """Snowflake account, user, role, database, schema, ingestion method, MSK Connect version."""
    plugin_arn: pulumi.Input[str]
    """The custom plugin (SnowflakeConnectorPlugin)."""
    plugin_revision: pulumi.Input[int]
    """Its revision."""
    private_key_secret_name: pulumi.Input[str]
    """Secrets Manager secret holding `{"private_key": ...}`."""
    private_key_secret_arn: pulumi.Input[str]
    """The ARN of that secret."""
    kms_key_arn: pulumi.Input[str]
    """CMK of that secret (decrypt through Secrets Manager only) and of the log group."""
    cluster_arn: pulumi.Input[str]
    """The MSK cluster."""
    bootstrap_brokers_iam: pulumi.Input[str]
    """IAM bootstrap string of the cluster (port 9098)."""
    broker_security_group_id: pulumi.Input[str]
    """The brokers' security group: the component opens 9098 in it to its workers."""
    vpc_id: pulumi.Input[str]
    """VPC of the workers."""
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Private subnets of the workers."""
    schema_registry_url: pulumi.Input[str] | None = setting(None, key="schemaRegistryUrl")
    """Registry URL with scheme (required for AVRO)."""
    schema_registry_security_group_id: pulumi.Input[str] | None = None
    """The registry's security group: the component opens its listener to the workers."""
    schema_registry_port: int = setting(80, key="schemaRegistryPort")
    """Listener port of the registry (80 HTTP, 443 HTTPS)."""
    schema_registry_credentials: GeneratedCredentials | None = setting(
        None, offered=python_only("a Python object (GeneratedCredentials)")
    )
    """The registry's Basic credentials (None: the registry is open). An AVRO
    connector's converter reads them through the config provider, its role may
    read that secret, and it waits for the secret's value."""
    dead_letter_replication_factor: int = setting(3, key="deadLetterReplicationFactor")
    """Replication factor of the dead-letter topic."""
    kafka_dependencies: Sequence[pulumi.Resource] = setting(
        (), offered=python_only("resources of the caller's program: ordering by depends_on there")
    )
    """Topics the connector reads or writes: created before it starts."""
    private_key_secret_version: pulumi.Resource | None = setting(
        None, offered=python_only("a resource of the caller's program")
    )
    """The secret's value: the config provider fails (NotFoundStrategy=fail) on a secret without one."""
    snowflake_access: Sequence[pulumi.Resource] = setting((), offered=python_only("resources of the caller's program"))
    """The Snowflake user (with the public key) and its grants, when this program
    manages them: the connector logs in as soon as it starts."""
    open_brokers: OpenIngress | None = setting(
        None, offered=python_only("the provider opens the brokers' port from brokerSecurityGroupId")
    )
    """Opens the brokers' IAM port to the workers' security group
    (`functools.partial(cluster.allow_ingress_from, name, auth="iam")`); the connector waits for the rule."""
    open_registry: OpenIngress | None = setting(
        None, offered=python_only("the provider opens the registry from schemaRegistrySecurityGroupId")
    )
    """Opens the registry's listener to the workers (`functools.partial(registry.allow_clients_from, name)`)."""
    log_retention_days: int = setting(365, key="logRetentionDays")
    """Retention of the worker log group in days (a CloudWatch Logs value)."""
    alarm_topic_arn: pulumi.Input[str] | None = None
    """SNS topic the connector's alarms notify (failed or missing tasks, consumer lag); None: no alarms."""
    cluster_name: pulumi.Input[str] | None = setting(None, key="clusterName")
    """MSK cluster name: the dimension of the consumer-lag metrics (needed with `alarm_topic_arn`)."""
    max_lag_seconds: int = setting(
        900,
        key="maxLagSeconds",
        offered=python_only("the lag alarm's threshold stays at its default through the provider"),
    )
    """Consumer lag (EstimatedMaxTimeLag) above which the pipeline counts as stuck."""
    consumer_offset_reset: str = setting(OFFSET_RESETS[0], key="consumerOffsetReset")
    """Where the connector reads a partition its consumer group has no offset for (the worker's
    `consumer.auto.offset.reset`): `earliest` (Kafka Connect's default for sinks), `latest`, or
    `none`: the task fails instead (a DR stack's connectors, given their group's offsets at failover)."""
    physical_name: str | None = setting(None, offered=python_only("the resource name is the physical name"))
    """MSK Connect connector name (unique per account and region); default `connector.name`.
    It fixes the consumer group `connect-<name>` that holds the offsets."""
    managed_policies_per_role: int = setting(
        MANAGED_POLICIES_PER_ROLE,
        key="iamManagedPoliciesPerRole",
        doc=(
            "The account's IAM quota of managed policies attached to one role (10 by default, up to 20 after a "
            "Service Quotas increase). A connector whose sink topics need more managed policies than this is refused "
            "before any resource."
        ),
        rules=(
            "The account's IAM quota of managed policies attached to one role: 10 by default, up to 20 once raised "
            'through Service Quotas (IAM User Guide, "IAM and AWS STS quotas"). A connector\'s role grants its sink '
            "topics in its inline policy (10,240 characters) as far as they fit, and the rest in managed policies of "
            "6,144 characters each; a connector that would need more than this many is refused before any resource, "
            "naming its topics (with one secret: 158 sink topics of 249 characters fit in 10, 298 in 20; of 40 "
            "characters, 328 and 618). Set it only to what the account really has: IAM refuses the attachment past "
            "it, at `pulumi up`."
        ),
    )
    aws_context: AwsContext | None = setting(
        None, offered=python_only("looked up by invokes through the component's provider")
    )
    """Partition, account and region; looked up (three invokes) when not given."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags for every taggable child."""


@dataclass
class SnowflakeConnectorPluginArgs:
    """Inputs of `SnowflakeConnectorPlugin`."""

    source: PluginSource = setting(
        default_factory=PluginSource,
        key="snowflake.plugin",
        model=PluginSource,
        offered=python_only(
            "the plugin ZIP is built from the pinned release (an existing ZIP: Python and stack config)"
        ),
    )
    """Download URLs (defaults pinned in `catalog`) or an existing S3 object."""
    connector_version: str = setting(catalog.SNOWFLAKE_CONNECTOR_VERSION, key="snowflake.connectorVersion")
    """Snowflake Kafka connector release (selects the Maven Central jar)."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags for every taggable child."""
