"""Write the files that repeat the components' models, from the models.

    python -m tools.generate           # make generate: write them
    python -m tools.generate --check   # make check-generated: exit 1 and show the diff if one is stale

Each generated part is a whole file (`provider/schema.json`) or a marked block of one
(a key table of docs/configuration.md between `<!-- generated: <name> -->` and
`<!-- end generated: <name> -->`). Edit the model's declaration, then run `make generate`.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from components.model import Declared, stack_keyed
from components.schema_registry_settings import KEY as REGISTRY_KEY
from components.schema_registry_settings import SchemaRegistrySettings
from components.settings import NAMESPACE
from tools import provider_schema
from tools.mock_runner import ROOT, stack_config

CONFIGURATION = ROOT / "docs" / "configuration.md"
STACKS = ("dev", "prod")


def _cell(value: Any) -> str:
    if value is None or value is dataclasses.MISSING:
        return "unset"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def _stack_object(stack: str, key: str) -> dict[str, Any]:
    """The committed stack's config object `key` as the CLI hands it to the program."""
    raw = stack_config(stack).values.get(f"{NAMESPACE}:{key}")
    value = json.loads(raw) if isinstance(raw, str) else raw
    return value if isinstance(value, dict) else {}


def _lookup(value: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def object_table(model: type, key: str) -> str:
    """The key table of a stack config object: key, default, each committed stack's value, rules."""
    stacks = {stack: _stack_object(stack, key) for stack in STACKS}
    rows = [
        f"| key | default | {' | '.join(STACKS)} | rules |",
        "|---|---|" + "---|" * len(STACKS) + "---|",
    ]
    for declared in stack_keyed(model):
        rows.append(_row(declared, [_cell(_lookup(stacks[s], str(declared.key))) for s in STACKS]))
    return "\n".join(rows) + "\n"


def _row(declared: Declared, stack_cells: list[str]) -> str:
    default = declared.setting.default_text or _cell(declared.stack_default)
    cells = [f"`{declared.key}`", default, *stack_cells, declared.setting.rules or declared.setting.doc]
    return "| " + " | ".join(cells) + " |"


@dataclass(frozen=True)
class Block:
    """A generated block of a file, between its two markers."""

    path: Path
    name: str
    render: Callable[[], str]

    @property
    def begin(self) -> str:
        return f"<!-- generated: {self.name} (make generate, from the model; edit the model) -->\n"

    @property
    def end(self) -> str:
        return f"<!-- end generated: {self.name} -->\n"

    def apply(self, text: str) -> str:
        if self.begin not in text or self.end not in text:
            where = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
            raise SystemExit(f"{where}: the markers of the generated block {self.name} are missing")
        head, rest = text.split(self.begin, 1)
        _, tail = rest.split(self.end, 1)
        return head + self.begin + self.render() + self.end + tail


BLOCKS = (Block(CONFIGURATION, f"{REGISTRY_KEY} keys", lambda: object_table(SchemaRegistrySettings, REGISTRY_KEY)),)
WHOLE_FILES: dict[Path, Callable[[], str]] = {provider_schema.SCHEMA: provider_schema.rendered}


def generated() -> dict[Path, str]:
    """Each generated file's text as the models say it should be."""
    texts = {path: render() for path, render in WHOLE_FILES.items()}
    for block in BLOCKS:
        texts[block.path] = block.apply(texts.get(block.path) or block.path.read_text())
    return texts


def differences() -> dict[Path, str]:
    """File -> unified diff from its committed text to the generated one, for stale files."""
    stale = {}
    for path, text in generated().items():
        current = path.read_text()
        if current != text:
            name = str(path.relative_to(ROOT))
            diff = difflib.unified_diff(current.splitlines(True), text.splitlines(True), name, f"{name} (generated)")
            stale[path] = "".join(diff)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail (exit 1) with the diff when a file is stale")
    check = parser.parse_args(argv).check
    if check:
        stale = differences()
        for diff in stale.values():
            sys.stdout.write(diff)
        if stale:
            names = ", ".join(str(p.relative_to(ROOT)) for p in stale)
            print(f"stale generated files: {names}; run `make generate` and commit them", file=sys.stderr)
            return 1
        print(f"generated files up to date ({len(generated())} files)")
        return 0
    for path, text in generated().items():
        if path.read_text() != text:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
