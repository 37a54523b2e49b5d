"""Each default is declared once, on its model; the provider's descriptions state the Python API's."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from components.defaults import COMPONENT_DEFAULTS, FLAT_KEY_MODELS, STACK_DEFAULTS, arg_default, flat_keys
from components.inputs import python_key, schema_key
from components.model import stack_keyed
from components.msk.cluster import MskClusterArgs
from components.registry.service import SchemaRegistryServiceArgs
from components.snowflake.connector import SnowflakeSinkConnectorArgs
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


# "(default 3)", "(80 HTTP; default 80)", "(default `3.8.x`)", "`LOCAL` (default)", "0 (default) turns ...".
_AFTER = re.compile(r"[(;] ?default `?([^`),;]+)`?[),;]")
_BEFORE = re.compile(r"`?([\w.]+)`? \(default\)")


def stated_default(doc: str) -> str | None:
    after, before = _AFTER.search(doc), _BEFORE.search(doc)
    return (after or before)[1] if after or before else None


def input_docs(component: str) -> dict[str, str]:
    """Input name (as the schema spells it) -> its description, from the committed schema."""
    schema = json.loads((ROOT / "provider" / "schema.json").read_text())
    inputs = schema["resources"][f"streaming-platform:index:{component}"]["inputProperties"]
    return {name: spec.get("description", "") for name, spec in inputs.items()}


def test_the_provider_states_the_python_api_defaults_of_the_cluster() -> None:
    docs = input_docs("MskCluster")
    checked = 0
    for key, value in COMPONENT_DEFAULTS.items():
        field = python_key(key)
        doc = docs.get(schema_key(key))
        assert doc is not None, field
        stated = stated_default(doc)
        if stated is not None:
            assert stated == as_text(value), (field, doc)
            checked += 1
    assert checked >= 9, checked


@pytest.mark.parametrize(
    ("component", "args_class", "fields"),
    [
        ("SnowflakeSinkConnector", SnowflakeSinkConnectorArgs,
         ("schema_registry_port", "dead_letter_replication_factor", "log_retention_days")),
        ("SchemaRegistryService", SchemaRegistryServiceArgs, ("log_retention_days", "schemas_replication_factor")),
    ],
)  # fmt: skip
def test_the_provider_states_the_defaults_the_python_api_has(component: str, args_class: type, fields: tuple) -> None:
    docs = input_docs(component)
    for field in fields:
        doc = docs[schema_key(field)]
        assert stated_default(doc) == as_text(arg_default(args_class, field)), (field, doc)
