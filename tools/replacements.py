"""Which input changes replace a resource, per type: what `tools.change` classifies with.

Views of `tools.resource_types.TYPES` (one entry per type, where the rules and
their sources are written): every type the program registers has an entry,
and the tests fail on a type without one.
"""

from __future__ import annotations

from tools.resource_types import ALL_INPUTS, TYPES, ReplaceRules

__all__ = ["ALL_INPUTS", "DATA_BEARING", "OUTPUTS_CHANGED_BY_UPDATE", "RULES", "ReplaceRules"]

RULES: dict[str, ReplaceRules] = {token: entry.replace for token, entry in TYPES.items()}

# A dependency whose *update* changes outputs other resources refer to: an MSK
# configuration update is a new revision (`latestRevision`), and a new upload
# of an object is a new `versionId`.
OUTPUTS_CHANGED_BY_UPDATE: dict[str, tuple[str, ...]] = {
    token: entry.outputs_changed_by_update for token, entry in TYPES.items() if entry.outputs_changed_by_update
}

# What is lost when a resource of these types is replaced or deleted.
DATA_BEARING: dict[str, str] = {token: entry.data for token, entry in TYPES.items() if entry.data is not None}
