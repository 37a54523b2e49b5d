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
import functools
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from components.defaults import flat_keys
from components.model import Declared, stack_keyed
from components.msk.acls import AclRule, PrincipalAcls
from components.msk.model import MskClusterArgs, TopicSettings
from components.network.model import NetworkSettings
from components.registry.model import KEY as REGISTRY_KEY
from components.registry.model import SchemaRegistrySettings
from components.replication.model import ReplicationSettings
from components.settings import NAMESPACE
from components.snowflake.model import ConnectorSettings, SnowflakeSettings
from tools import cli_yaml, provider_inputs, provider_schema
from tools.mock_runner import ROOT

CONFIGURATION = ROOT / "docs" / "configuration.md"
STACKS = ("dev", "prod", "dr")


def _cell(value: Any) -> str:
    if value is None or value is dataclasses.MISSING:
        return "unset"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int)) for v in value):
        return f"`[{', '.join(str(v) for v in value)}]`"  # scalars: as YAML's flow style writes them
    if isinstance(value, list):
        return f"{len(value)} {'entry' if len(value) == 1 else 'entries'}"
    if isinstance(value, dict):
        return "set"
    return '`""`' if value == "" else f"`{value}`"


@functools.cache
def _stack_file(stack: str) -> dict[str, Any]:
    """The keys a committed stack file sets (its own, not the project's defaults), read as the CLI reads them."""
    config = cli_yaml.load((ROOT / f"Pulumi.{stack}.yaml").read_text()).get("config") or {}
    return {key.removeprefix(f"{NAMESPACE}:"): value for key, value in config.items()}


def _lookup(value: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _type_name(declared: Declared) -> str:
    """The Pulumi.yaml type of a flat key, from its annotation."""
    names = set(declared.type.replace(" ", "").split("|")) - {"None"}
    (name,) = names
    return {"int": "integer", "bool": "boolean", "str": "string"}[name]


def _rows(declarations: Sequence[Declared]) -> list[tuple[str, Declared]]:
    """One row per key of the object: a nested object's keys (`buffer.countRecords`, ...) make
    one row (`buffer`), described by its first declaration with rules."""
    rows: dict[str, Declared] = {}
    for declared in declarations:
        head = str(declared.key).split(".")[0]
        if head not in rows or (not rows[head].setting.rules and declared.setting.rules):
            rows[head] = declared
    return list(rows.items())


def key_table(declarations: Sequence[Declared], stack_object: str | None = None, stacks: bool = True) -> str:
    """A key table: key, (type,) default, (each committed stack's value,) rules. `stack_object`:
    the stack-config object the keys are in; None: flat keys, with their type. `stacks`: False
    for the entries of a list, which no stack column can show."""
    typed = stack_object is None
    columns = list(STACKS) if stacks else []
    head = ["key", *(["type"] if typed else []), "default", *columns, "meaning and rules" if typed else "rules"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    objects = {stack: _stack_file(stack) if typed else _stack_file(stack).get(str(stack_object)) for stack in columns}
    for key, declared in _rows(declarations):
        values = [_cell(_lookup(objects[stack], key)) for stack in columns]
        type_cell = [{"integer": "int", "boolean": "bool"}.get(_type_name(declared), "string")] if typed else []
        rules = declared.setting.rules or declared.setting.doc
        rows.append("| " + " | ".join([f"`{key}`", *type_cell, _default_cell(declared), *values, rules]) + " |")
    return "\n".join(rows) + "\n"


def _default_cell(declared: Declared) -> str:
    return declared.setting.default_text or _cell(declared.stack_default)


def object_table(model: type, key: str) -> str:
    """The key table of a stack config object (`schemaRegistry`)."""
    return key_table(stack_keyed(model), key)


def keyed_under(model: type, prefix: str) -> list[Declared]:
    """The declarations of a model whose keys are in the object `prefix` (`clientAccess`), keyed relative to it."""
    return [
        dataclasses.replace(d, setting=dataclasses.replace(d.setting, key=str(d.key).removeprefix(f"{prefix}.")))
        for d in stack_keyed(model)
        if str(d.key).startswith(f"{prefix}.")
    ]


def rules_table(declarations: Sequence[Declared], prefixed: Sequence[tuple[str, Declared]] = ()) -> str:
    """Key and rules of settings whose defaults the rules state (the cluster options, an ACL
    rule's fields); `prefixed`: more rows, each key under its prefix (`kafkaAcls[].`)."""
    rows = ["| key | rules |", "|---|---|"]
    rows += [f"| `{d.key}` | {d.setting.rules} |" for d in declarations]
    rows += [f"| `{prefix}{d.key}` | {d.setting.rules} |" for prefix, d in prefixed]
    return "\n".join(rows) + "\n"


# The cluster's options: the object keys of MskClusterArgs beyond the flat keys, clientAccess and topics.
_NOT_OPTIONS = ("clientAccess.", "topics", "network.")


def cluster_options() -> list[Declared]:
    return [
        d
        for d in stack_keyed(MskClusterArgs)
        if d.setting.rules and not d.setting.doc and not str(d.key).startswith(_NOT_OPTIONS)
    ]


def pulumi_yaml_config() -> str:
    """`Pulumi.yaml`'s config block: each flat key with its type, doc and stack default."""
    config = {
        str(d.key): {"type": _type_name(d), "description": d.setting.doc, "default": d.stack_default}
        for d in flat_keys()
    }
    return yaml.safe_dump({"config": config}, sort_keys=False, width=1_000_000, allow_unicode=True)


@dataclass(frozen=True)
class Block:
    """A generated block of a file, between its two markers."""

    path: Path
    name: str
    render: Callable[[], str]

    @property
    def begin(self) -> str:
        return self._marker(f"generated: {self.name} (make generate, from the model; edit the model)")

    @property
    def end(self) -> str:
        return self._marker(f"end generated: {self.name}")

    def _marker(self, text: str) -> str:
        return f"# {text}\n" if self.path.suffix == ".yaml" else f"<!-- {text} -->\n"

    def apply(self, text: str) -> str:
        if self.begin not in text or self.end not in text:
            where = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
            raise SystemExit(f"{where}: the markers of the generated block {self.name} are missing")
        head, rest = text.split(self.begin, 1)
        _, tail = rest.split(self.end, 1)
        return head + self.begin + self.render() + self.end + tail


BLOCKS = (
    Block(ROOT / "Pulumi.yaml", "config", pulumi_yaml_config),
    Block(CONFIGURATION, "flat keys", lambda: key_table(flat_keys())),
    Block(CONFIGURATION, f"{REGISTRY_KEY} keys", lambda: object_table(SchemaRegistrySettings, REGISTRY_KEY)),
    Block(
        CONFIGURATION,
        "network keys",
        lambda: key_table([d for d in stack_keyed(NetworkSettings) if d.setting.rules], "network"),
    ),
    Block(
        CONFIGURATION,
        "clientAccess keys",
        lambda: key_table(keyed_under(MskClusterArgs, "clientAccess"), "clientAccess"),
    ),
    Block(CONFIGURATION, "topics keys", lambda: key_table(stack_keyed(TopicSettings), "", stacks=False)),
    Block(CONFIGURATION, "cluster options", lambda: rules_table(cluster_options())),
    Block(
        CONFIGURATION,
        "Kafka ACL rule keys",
        lambda: rules_table(
            [d for d in stack_keyed(AclRule) if d.setting.rules],
            [("kafkaAcls[].", d) for d in stack_keyed(PrincipalAcls) if d.setting.rules],
        ),
    ),
    Block(CONFIGURATION, "replication keys", lambda: object_table(ReplicationSettings, "replication")),
    Block(CONFIGURATION, "snowflake keys", lambda: object_table(SnowflakeSettings, "snowflake")),
    Block(
        CONFIGURATION, "snowflake.connectors keys", lambda: key_table(stack_keyed(ConnectorSettings), "", stacks=False)
    ),
)
WHOLE_FILES: dict[Path, Callable[[], str]] = {
    provider_inputs.MODULE: provider_inputs.rendered,
    provider_schema.SCHEMA: provider_schema.rendered,
}


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
    written = []
    for path, text in generated().items():
        if path.read_text() != text:
            path.write_text(text)
            written.append(path)
            print(f"wrote {path.relative_to(ROOT)}")
    if provider_inputs.MODULE in written:
        # The schema is read from the input types this process imported before they were
        # written: a fresh process reads the new ones.
        return subprocess.run([sys.executable, "-m", "tools.generate"], cwd=ROOT, check=False).returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
