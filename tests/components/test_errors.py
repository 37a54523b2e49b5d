"""A refused argument of a component reaches its user as a `pulumi.RunError`: the
Pulumi CLI prints a RunError's message alone, and any other exception of a program
with its Python traceback (the language host; for a hosted component, the provider
server appends the traceback to anything else: pulumi/provider/server.py)."""

from __future__ import annotations

import dataclasses

import pulumi
import pytest

from components.inputs import ArgumentsError
from components.msk.cluster import MskCluster, MskClusterArgs
from components.registry.service import SchemaRegistryService
from components.snowflake.connector import SnowflakeSinkConnector
from tests.components.test_connector_inputs import python_connector_args, snowflake_object
from tests.programs.provider_cases import REGISTRY_INPUTS


def registry_args():
    from components import provider

    return provider.schema_registry_args("orders", dict(REGISTRY_INPUTS))  # type: ignore[attr-defined]


def refusal(build) -> BaseException:
    with pytest.raises(Exception) as refused:
        build()
    return refused.value


def test_a_refused_cluster_argument_is_a_run_error_with_the_same_message() -> None:
    args = MskClusterArgs(vpc_id="vpc-0123456789abcdef0", subnet_ids=["subnet-0aaaaaaa", "subnet-0bbbbbbb"])
    error = refusal(lambda: MskCluster("events", args))  # 3 brokers on 2 subnets
    assert isinstance(error, pulumi.RunError) and isinstance(error, ArgumentsError)
    assert str(error).startswith("invalid arguments for MskCluster 'events' (")
    assert "broker_count = 3" in str(error)


def test_a_refused_connector_argument_is_a_run_error() -> None:
    args = python_connector_args(snowflake_object({}))
    error = refusal(lambda: SnowflakeSinkConnector("orders", dataclasses.replace(args, log_retention_days=2)))
    assert isinstance(error, pulumi.RunError)
    assert str(error).startswith("invalid arguments for SnowflakeSinkConnector 'orders' (1 problem)")


def test_a_refused_registry_argument_is_a_run_error() -> None:
    from components.registry.service import SchemaRegistryServiceArgs

    fields = {f.name for f in dataclasses.fields(SchemaRegistryServiceArgs)}
    assert "log_retention_days" in fields
    required = {
        f.name: None
        for f in dataclasses.fields(SchemaRegistryServiceArgs)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    assert required, "the registry has required fields"
    error = refusal(
        lambda: SchemaRegistryService(
            "registry",
            SchemaRegistryServiceArgs(
                **{
                    **dict.fromkeys(required, "x"),
                    "subnet_ids": ["subnet-0aaaaaaa", "subnet-0bbbbbbb"],
                    "log_retention_days": 2,
                }
            ),
        )
    )
    assert isinstance(error, pulumi.RunError)
    assert str(error).startswith("invalid arguments for SchemaRegistryService 'registry' (")
    assert "log_retention_days = 2" in str(error)
