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
    "MskCluster": "msk_cluster",
    "MskClusterArgs": "msk_model",
    "ScramUser": "msk_cluster",
    "TopicSettings": "msk_model",
    "VpcConnectivity": "cluster_settings",
    "BrokerLogs": "cluster_settings",
    "SourceAccess": "cluster_settings",
    "ScramUserSettings": "cluster_settings",
    # the Schema Registry
    "SchemaRegistryService": "schema_registry",
    "SchemaRegistryServiceArgs": "schema_registry_settings",
    "SchemaRegistrySettings": "schema_registry_settings",
    # the Snowflake sink
    "SnowflakeSinkConnector": "snowflake_connector",
    "SnowflakeSinkConnectorArgs": "snowflake_settings",
    "SnowflakeConnectorPlugin": "snowflake_plugin",
    "SnowflakeConnectorPluginArgs": "snowflake_settings",
    "SnowflakeCredentials": "snowflake_credentials",
    "SnowflakeCredentialsArgs": "snowflake_credentials",
    "SnowflakeAccess": "snowflake_access",
    "SnowflakeAccessArgs": "snowflake_access",
    "SnowflakeSettings": "snowflake_settings",
    "ConnectorSettings": "snowflake_settings",
    "PluginSource": "snowflake_settings",
    "SecretValue": "snowflake_settings",
    # network, dashboard, shared inputs
    "Network": "network",
    "NetworkArgs": "network",
    "NetworkSettings": "settings",
    "PlatformDashboard": "dashboard",
    "PlatformDashboardArgs": "dashboard",
    "AwsContext": "common",
    "GeneratedCredentials": "common",
    # stack config: parse and validate
    "Settings": "settings",
    "ConfigError": "validation",
    "ArgumentsError": "inputs",
    "build_platform": "platform",
    "Platform": "platform",
    "parse_settings": "settings",
    "load_settings": "settings",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
