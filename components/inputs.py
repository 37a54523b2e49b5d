"""One set of rules per component, whichever way it is reached.

Stack config, the Python API (`MskClusterArgs`, `SchemaRegistryServiceArgs`,
`SnowflakeSinkConnectorArgs`, `SnowflakeConnectorPluginArgs`) and the
component provider (schema inputs) all refuse a component's settings with the
stack-config rules of `settings.parse_settings` and
`snowflake_settings.parse_snowflake`: the arguments are put into stack-config shape, the
one parser judges them, and each problem comes back named in the caller's
terms (a config key, a Python field, or a schema input). No rule is written
twice, so a new rule reaches every path at once.

Each path judges once: arguments the stack's settings or the provider's inputs were
already judged for are marked `judged` where they are built, and the component does
not judge them again.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import pulumi

from . import catalog
from .model import camel, field_names, python_path, stack_form
from .msk.model import MskClusterArgs
from .registry.model import SchemaRegistryServiceArgs
from .replication.model import DEPLOY_TIME, MskReplicatorArgs, ReplicationSettings, parse_replication
from .settings import Settings, parse_settings
from .snowflake.model import (
    OFFSET_RESETS,
    ConnectorSettings,
    PluginSource,
    SnowflakeConnectorPluginArgs,
    SnowflakeSettings,
    SnowflakeSinkConnectorArgs,
    parse_connector_version,
    parse_plugin,
    parse_snowflake,
)
from .validation import ConfigError, Problems, one_of, show

# The flat stack keys that rules may mention in their text ("at most brokerCount (3)").
_FLAT_KEYS = tuple(k for k in field_names(MskClusterArgs) if "." not in k)
_KEY = re.compile(r"^(?P<key>[^ =:]+)(?P<rest>( = |: ).*)$", re.DOTALL)


_Args = TypeVar("_Args")
# Arguments built from values the rules already passed, by identity (weakly: an entry
# goes with its arguments).
_JUDGED: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()


def judged(args: _Args) -> _Args:
    """`args`, marked as built from values the same rules already passed (validated stack
    settings, checked provider inputs): the component does not judge them again."""
    _JUDGED[id(args)] = args
    return args


def was_judged(args: Any) -> bool:
    """Whether `args` are marked `judged` (the very object: a copy is judged anew)."""
    return _JUDGED.get(id(args)) is args


class ArgumentsError(ConfigError, pulumi.RunError):
    """A component's arguments (or inputs) are invalid; `problems` lists every reason.

    A `pulumi.RunError` too: the Pulumi CLI prints its message alone, where it prints
    any other exception of a program with a Python traceback."""

    def __init__(self, what: str, component: str, problems: Sequence[str]) -> None:
        super().__init__(component, problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        self.args = (f"invalid {what} for {component} ({count} {noun}); nothing was created:\n{lines}",)


def prefix_renamer(names: Mapping[str, str], otherwise: Callable[[str], str] = str) -> Callable[[str], str]:
    """A renamer of keys: the first prefix of `names` a key starts with is replaced
    by its name (tried in the given order); any other key goes to `otherwise`."""

    def rename(key: str) -> str:
        for prefix, name in names.items():
            if key.startswith(prefix):
                return name + key[len(prefix) :]
        return otherwise(key)

    return rename


def python_key(key: str) -> str:
    """A stack config key as the MskClusterArgs field (and path) it came from."""
    return python_path(MskClusterArgs, key)


def input_key(model: type, key: str, flattened: str = "") -> str:
    """A stack config key as the component provider's input it came from: the camelCase of the
    Python field (`python_path` over `model`); `flattened`: a field whose own fields are inputs
    of their own (`service` of SchemaRegistryServiceArgs, `connector` of the connector's)."""
    path = python_path(model, key)
    if flattened:
        path = path.removeprefix(f"{flattened}.")
    return ".".join(camel(part) for part in path.split("."))


def schema_key(key: str) -> str:
    """A stack config key as MskCluster's input (camelCase of the MskClusterArgs field)."""
    return input_key(MskClusterArgs, key)


def _in_rules(text: str, rename: Callable[[str], str]) -> str:
    """The flat config keys a rule mentions ("at most brokerCount (3)"), renamed too."""
    for config_key in _FLAT_KEYS:
        text = re.sub(rf"\b{re.escape(config_key)}\b", rename(config_key), text)
    return text


def renamed_problem(line: str, rename: Callable[[str], str]) -> str:
    """A problem line (`key = value: rule` or `key: rule`) with its keys in the caller's terms."""
    match = _KEY.match(line)
    if match is None:
        return line
    return rename(match["key"]) + _in_rules(match["rest"], rename)


def cluster_config(args: MskClusterArgs) -> dict[str, Any]:
    """`args` in stack-config shape (flat keys and objects), for `parse_settings`."""
    return stack_form(MskClusterArgs, args)


def subnet_count(subnet_ids: Any) -> int | None:
    """How many subnets, when the caller gave a plain list (an Output's length is unknown here)."""
    return len(subnet_ids) if isinstance(subnet_ids, (list, tuple)) else None


def check_config(
    raw: Mapping[str, Any],
    subnets: int | None,
    rename: Callable[[str], str],
    fail: Callable[[list[str]], Exception],
) -> Settings:
    """Refuse `raw` (stack-config shape) by the stack-config rules, with every
    problem renamed by `rename`; `subnets`: the subnet count, when known (the
    broker layout and the VPC need it). The parsed settings when valid."""
    config = dict(raw)
    if subnets is not None:
        # The IDs are checked by AWS when they arrive; only their number matters here.
        config["network"] = {
            "vpcId": "vpc-00000000",
            "privateSubnetIds": [f"subnet-{i:08x}" for i in range(subnets)],
        }
    try:
        return parse_settings(config, "", "")
    except ConfigError as error:
        raise fail([renamed_problem(line, rename) for line in error.problems]) from None


def check_msk_cluster_args(component: str, args: MskClusterArgs) -> None:
    """Refuse `MskClusterArgs` the stack-config rules refuse, naming Python fields."""
    if was_judged(args):
        return
    check_config(
        cluster_config(args),
        subnet_count(args.subnet_ids),
        python_key,
        lambda problems: ArgumentsError("arguments", component, problems),
    )


# --- SchemaRegistryService ---------------------------------------------------------------


def registry_python_key(key: str) -> str:
    """A stack config key as the SchemaRegistryServiceArgs field (and path) it came from."""
    return python_path(SchemaRegistryServiceArgs, key)


def registry_config(args: SchemaRegistryServiceArgs) -> dict[str, Any]:
    """`args` in stack-config shape, for `parse_settings` (`schemasReplicationFactor` is not
    a stack key: the stack derives it, and `replication_factor_problem` judges it)."""
    raw = stack_form(SchemaRegistryServiceArgs, args)
    raw.pop("schemasReplicationFactor", None)
    return raw


def replication_factor_problem(key: str, value: Any) -> list[str]:
    """The `_schemas` replication factor: a whole number of at least 1 (the
    brokers it needs are the cluster's to check)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return []
    return [f"{key} = {value!r}: must be a whole number of at least 1"]


def check_registry_args(
    component: str,
    args: SchemaRegistryServiceArgs,
    rename: Callable[[str], str] = registry_python_key,
    fail: Callable[[list[str]], Exception] | None = None,
) -> None:
    """Refuse `SchemaRegistryServiceArgs` the stack-config rules refuse, naming
    Python fields (or, with `rename` and `fail`, the provider's inputs)."""
    if was_judged(args):
        return
    refuse = fail or (lambda problems: ArgumentsError("arguments", component, problems))
    extra = replication_factor_problem(rename("schemasReplicationFactor"), args.schemas_replication_factor)
    try:
        check_config(registry_config(args), subnet_count(args.subnet_ids), rename, refuse)
    except ConfigError as refused:
        raise refuse(refused.problems + extra) from None
    if extra:
        raise refuse(extra)


# --- SnowflakeSinkConnector ------------------------------------------------------------------------


def connector_python_key(key: str) -> str:
    """A stack config key as the SnowflakeSinkConnectorArgs field (and path) it came from."""
    return python_path(SnowflakeSinkConnectorArgs, key)


def snowflake_config(account: SnowflakeSettings, connector: ConnectorSettings) -> dict[str, Any]:
    """The `snowflake` object (one connector) that `account` and `connector` stand for."""
    return stack_form(SnowflakeSettings, account) | {"connectors": [stack_form(ConnectorSettings, connector)]}


def _whole_number_problem(key: str, value: Any, lo: int, hi: int) -> list[str]:
    if isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi:
        return []
    return [f"{key} = {show(value)}: must be a whole number from {lo} to {hi}"]


def connector_argument_problems(
    *,
    value_format: str,
    schema_registry_url: Any,
    log_retention_days: Any,
    dead_letter_replication_factor: Any,
    schema_registry_port: Any,
    max_lag_seconds: Any,
    alarm_topic_arn: Any,
    cluster_name: Any,
    consumer_offset_reset: Any = OFFSET_RESETS[0],
) -> list[str]:
    """The connector's own arguments (not stack config keys), named as config-style keys."""
    problems = Problems()
    one_of("logRetentionDays", log_retention_days, catalog.LOG_RETENTION_DAYS, problems)
    one_of("consumerOffsetReset", consumer_offset_reset, OFFSET_RESETS, problems)
    if value_format == "AVRO" and (
        schema_registry_url is None or (isinstance(schema_registry_url, str) and "://" not in schema_registry_url)
    ):
        problems.add(
            "schemaRegistryUrl",
            schema_registry_url,
            "AVRO values need the registry's URL with its scheme (http:// or https://)",
        )
    if alarm_topic_arn is not None and cluster_name is None:
        # The lag alarms' metrics are per cluster: without its name there would be no alarms at all.
        problems.add("clusterName", None, "required with an alarm topic (the consumer-lag metrics are per cluster)")
    return [
        *problems.lines,
        *replication_factor_problem("deadLetterReplicationFactor", dead_letter_replication_factor),
        *_whole_number_problem("schemaRegistryPort", schema_registry_port, 1, 65535),
        # The lag alarm's threshold: a minute (one metric period) to a day.
        *_whole_number_problem("maxLagSeconds", max_lag_seconds, 60, 86_400),
    ]


def check_snowflake_config(
    raw: Mapping[str, Any],
    extra: Sequence[str],
    rename: Callable[[str], str],
    fail: Callable[[list[str]], Exception],
) -> SnowflakeSettings:
    """Refuse a one-connector `snowflake` object by the stack-config rules (its
    topics stand for the stack's: the cluster checks those), plus the `extra`
    problems already found, each renamed by `rename`. The parsed settings when valid."""
    problems = Problems()
    connector = raw["connectors"][0]
    errors = connector.get("errors") or {}
    topics = [*(connector.get("topics") or {}), *filter(None, [errors.get("deadLetterTopic")])]
    settings = parse_snowflake(raw, None, [t for t in topics if isinstance(t, str)], problems)
    lines = problems.lines + list(extra)
    if lines:
        raise fail([renamed_problem(line, rename) for line in lines])
    return settings


def check_connector_args(component: str, args: SnowflakeSinkConnectorArgs) -> None:
    """Refuse `SnowflakeSinkConnectorArgs` the stack-config rules refuse, naming Python fields."""
    if was_judged(args):
        return
    check_snowflake_config(
        snowflake_config(args.account, args.connector),
        connector_argument_problems(
            value_format=args.connector.value_format,
            schema_registry_url=args.schema_registry_url,
            log_retention_days=args.log_retention_days,
            dead_letter_replication_factor=args.dead_letter_replication_factor,
            schema_registry_port=args.schema_registry_port,
            max_lag_seconds=args.max_lag_seconds,
            alarm_topic_arn=args.alarm_topic_arn,
            cluster_name=args.cluster_name,
            consumer_offset_reset=args.consumer_offset_reset,
        ),
        connector_python_key,
        lambda problems: ArgumentsError("arguments", component, problems),
    )


# --- SnowflakeConnectorPlugin ----------------------------------------------------------------------


def plugin_python_key(key: str) -> str:
    """A stack config key as the SnowflakeConnectorPluginArgs field (and path) it came from."""
    return python_path(SnowflakeConnectorPluginArgs, key)


def plugin_config(source: PluginSource) -> dict[str, Any] | None:
    """`snowflake.plugin` that `source` stands for (None: the defaults)."""
    return stack_form(PluginSource, source) or None


def check_plugin_config(
    connector_version: Any,
    plugin: Mapping[str, Any] | None,
    rename: Callable[[str], str],
    fail: Callable[[list[str]], Exception],
) -> None:
    """Refuse a connector release or plugin source by the stack-config rules, renamed by `rename`."""
    problems = Problems()
    parse_connector_version(connector_version, problems)
    parse_plugin(plugin, problems)
    if problems.lines:
        raise fail([renamed_problem(line, rename) for line in problems.lines])


def check_plugin_args(component: str, args: SnowflakeConnectorPluginArgs) -> None:
    """Refuse `SnowflakeConnectorPluginArgs` the stack-config rules refuse, naming Python fields."""
    if was_judged(args):
        return
    check_plugin_config(
        args.connector_version,
        plugin_config(args.source),
        plugin_python_key,
        lambda problems: ArgumentsError("arguments", component, problems),
    )


# --- MskReplicator ----------------------------------------------------------------------------------


def replicator_python_key(key: str) -> str:
    """A stack config key as the MskReplicatorArgs field (and path) it came from."""
    return python_path(MskReplicatorArgs, key)


def check_replicator_args(
    component: str,
    args: MskReplicatorArgs,
    rename: Callable[[str], str] = replicator_python_key,
    fail: Callable[[list[str]], Exception] | None = None,
) -> None:
    """Refuse `MskReplicatorArgs` the `replication` rules refuse, naming Python fields (or, with
    `rename` and `fail`, the provider's inputs)."""
    if was_judged(args):
        return
    problems = Problems()
    # Topics and groups left to the primary's (`default_topics`) are known at deploy time only.
    later = DEPLOY_TIME if args.default_topics is not None else ()
    parse_replication(stack_form(ReplicationSettings, args.settings), later, (), problems)
    one_of("logRetentionDays", args.log_retention_days, catalog.LOG_RETENTION_DAYS, problems)
    if problems.lines:
        lines = [renamed_problem(line, rename) for line in problems.lines]
        raise (fail or (lambda found: ArgumentsError("arguments", component, found)))(lines)
