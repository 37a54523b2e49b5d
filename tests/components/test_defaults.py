"""Each default is declared once, on its model (the provider's descriptions are generated from it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from components.defaults import COMPONENT_DEFAULTS, FLAT_KEY_MODELS, STACK_DEFAULTS, flat_keys
from components.inputs import python_key
from components.model import stack_keyed
from components.msk.cluster import MskClusterArgs
from components.registry.service import SchemaRegistryServiceArgs
from components.snowflake.model import SnowflakeConnectorPluginArgs

ROOT = Path(__file__).resolve().parents[2]


def as_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def test_each_flat_key_is_declared_once_with_its_doc() -> None:
    """Other models key a field to a flat key (the registry's `logRetentionDays`) without a
    doc; exactly one declaration, on a model of FLAT_KEY_MODELS, documents it."""
    models = (*FLAT_KEY_MODELS, SchemaRegistryServiceArgs, SnowflakeConnectorPluginArgs)
    documented = [str(d.key) for model in models for d in stack_keyed(model) if d.setting.doc and "." not in str(d.key)]
    assert len(documented) == len(set(documented)), documented
    assert documented == [str(d.key) for d in flat_keys()] == list(STACK_DEFAULTS)


def test_every_component_default_is_the_default_of_its_python_field() -> None:
    args = MskClusterArgs(vpc_id="vpc-0", subnet_ids=[])
    for key, value in COMPONENT_DEFAULTS.items():
        assert getattr(args, python_key(key)) == value, key
