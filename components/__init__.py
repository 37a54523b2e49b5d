"""Reusable Pulumi components of the Kafka-to-Snowflake streaming platform on AWS.

Installed as the `streaming_platform` package (`pip install <repo>`); in this
repository the same code is the `components` package that `__main__.py` wires.

The public surface is what this module exports (`__all__`), importable from
the package root::

    from streaming_platform import MskCluster, MskClusterArgs, TopicSettings

Everything else (the modules themselves, names not listed here) is internal
and may change between releases without notice. Names load on first use, so
importing the package costs nothing until a component is used (the Snowflake
side pulls in pulumi-snowflake, about two seconds of imports).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "1.0.0"

# Public name -> the internal module that defines it.
_EXPORTS: dict[str, str] = {
    # the MSK cluster and what it takes
    "MskCluster": "msk.cluster",
    "MskClusterArgs": "msk.model",
    "ScramUser": "msk.cluster",
    "TopicSettings": "msk.model",
    "VpcConnectivity": "msk.options",
    "BrokerLogs": "msk.options",
    "SourceAccess": "msk.options",
    "ScramUserSettings": "msk.options",
    # the Schema Registry
    "SchemaRegistryService": "registry.service",
    "SchemaRegistryServiceArgs": "registry.model",
    "SchemaRegistrySettings": "registry.model",
    # the Snowflake sink
    "SnowflakeSinkConnector": "snowflake.connector",
    "SnowflakeSinkConnectorArgs": "snowflake.model",
    "SnowflakeConnectorPlugin": "snowflake.plugin",
    "SnowflakeConnectorPluginArgs": "snowflake.model",
    "SnowflakeCredentials": "snowflake.credentials",
    "SnowflakeCredentialsArgs": "snowflake.credentials",
    "SnowflakeAccess": "snowflake.access",
    "SnowflakeAccessArgs": "snowflake.access",
    "SnowflakeSettings": "snowflake.model",
    "ConnectorSettings": "snowflake.model",
    "PluginSource": "snowflake.model",
    "SecretValue": "snowflake.model",
    # network, dashboard, shared inputs
    "MskReplicator": "replication.replicator",
    "MskReplicatorArgs": "replication.model",
    "ReplicationSettings": "replication.model",
    "Network": "network.vpc",
    "NetworkArgs": "network.vpc",
    "NetworkSettings": "network.model",
    "PlatformDashboard": "dashboard",
    "PlatformDashboardArgs": "dashboard",
    "AwsContext": "aws.common",
    "GeneratedCredentials": "aws.common",
    # stack config: parse and validate
    "Settings": "settings",
    "ConfigError": "validation",
    "ArgumentsError": "inputs",
    "build_platform": "platform",
    "Platform": "platform",
    "parse_settings": "settings",
    "load_settings": "settings",
    "SECRET_KEYS": "settings",
    # what the offline tools read besides the components: ACL bindings, the example
    # account's test, physical-name rules, the message helper
    "Binding": "msk.acls",
    "is_example_account": "snowflake.model",
    "NAME_RULES": "aws.naming",
    "plural": "validation",
}
# Public modules: the AWS facts the components are built on (Kafka versions, broker
# types, limits, each with its source).
_MODULES = ("catalog",)

__all__ = sorted([*_EXPORTS, *_MODULES])


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        value = importlib.import_module(f".{name}", __name__)
        globals()[name] = value
        return value
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
