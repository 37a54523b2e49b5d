"""The defaults of the stack's flat keys, as the models declare them.

Two profiles, each for its own caller, both keyed by the stack config name:

- `STACK_DEFAULTS`: what a stack gets for a flat key it leaves unset (each
  declaration's `stack_default`; `Pulumi.yaml` and docs/configuration.md are
  generated from the same declarations). A stack that sets nothing is a small
  sandbox that fits two AZs (2 brokers); both committed stacks set every flat
  key in their own file, as production stacks should.
- `COMPONENT_DEFAULTS`: what a typed caller of `MskCluster` gets for a field it
  leaves out (the field's default): production's, because such a caller builds
  a cluster of its own.

A flat key is declared once, with its doc, on the model that owns it: `MskClusterArgs`
for the cluster's, `SnowflakeSinkConnectorArgs` for `iamManagedPoliciesPerRole`; other
models may key a field to it (the registry's `logRetentionDays`) without restating it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .model import Declared, stack_keyed
from .msk.model import MskClusterArgs
from .snowflake.model import SnowflakeSinkConnectorArgs

# The models whose declarations own the flat keys, in the order the docs list them.
FLAT_KEY_MODELS: tuple[type, ...] = (MskClusterArgs, SnowflakeSinkConnectorArgs)


def _owned(model: type) -> tuple[Declared, ...]:
    """The flat keys `model` owns: a key without a dot, declared with its doc."""
    return tuple(d for d in stack_keyed(model) if "." not in str(d.key) and d.setting.doc)


def flat_keys() -> tuple[Declared, ...]:
    """The declarations of the flat keys, in the models' order."""
    return tuple(d for model in FLAT_KEY_MODELS for d in _owned(model))


STACK_DEFAULTS: dict[str, Any] = {str(d.key): d.stack_default for d in flat_keys()}
COMPONENT_DEFAULTS: dict[str, Any] = {str(d.key): d.default for d in _owned(MskClusterArgs) if d.default is not None}


def arg_default(args_class: type, field_name: str) -> Any:
    """The default of a field of an `...Args` dataclass (so a second copy is never written)."""
    for found in dataclasses.fields(args_class):
        if found.name == field_name:
            if found.default is not dataclasses.MISSING:
                return found.default
            if found.default_factory is not dataclasses.MISSING:
                return found.default_factory()
    raise KeyError(f"{args_class.__name__} has no field {field_name!r} with a default")
