"""What repeats the models is generated from them (`make generate`), and CI fails on a stale copy."""

from __future__ import annotations

import dataclasses

import pytest

from components.model import Setting, declared
from components.registry.model import SchemaRegistrySettings
from tools import generate
from tools.mock_runner import ROOT


def test_every_generated_file_is_what_the_models_say() -> None:
    stale = generate.differences()
    assert not stale, "run `make generate` and review the diff:\n" + "\n".join(stale.values())


def test_ci_fails_on_a_stale_file() -> None:
    assert "make check-generated" in (ROOT / ".ci" / "run").read_text().splitlines()


def test_a_declaration_changes_its_row_and_only_it(monkeypatch: pytest.MonkeyPatch) -> None:
    before = generate.object_table(SchemaRegistrySettings, "schemaRegistry")
    fields = list(declared(SchemaRegistrySettings))
    cpu = next(d for d in fields if d.name == "cpu")
    changed = dataclasses.replace(cpu, setting=Setting(key="cpu", rules="a new rule", stack_default=1024))
    monkeypatch.setattr(generate, "stack_keyed", lambda model: tuple(changed if d is cpu else d for d in fields))
    after = generate.object_table(SchemaRegistrySettings, "schemaRegistry")
    differing = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert differing == [(next(r for r in before.splitlines() if r.startswith("| `cpu`")),
                          "| `cpu` | `1024` | `512` | `1024` | `1024` | a new rule |")]  # fmt: skip


def test_the_table_shows_each_committed_stack_s_own_value() -> None:
    rows = {
        row.split(" | ")[0]: row for row in generate.object_table(SchemaRegistrySettings, "schemaRegistry").splitlines()
    }
    assert rows["| `desiredCount`"].split(" | ")[2:4] == ["`1`", "`2`"]
    assert rows["| `accessLogs`"].split(" | ")[1:4] == ["the stack's `protect`", "unset", "`true`"]


def test_a_file_without_its_markers_is_refused(tmp_path) -> None:
    page = tmp_path / "page.md"
    page.write_text("no markers\n")
    block = generate.Block(page, "x", lambda: "table\n")
    with pytest.raises(SystemExit, match="markers of the generated block x"):
        block.apply(page.read_text())


def test_every_key_table_of_the_configuration_reference_is_generated() -> None:
    """A table of keys written by hand would drift from the models: each one is a generated block."""
    inside, by_hand = False, []
    for number, line in enumerate(generate.CONFIGURATION.read_text().splitlines(), 1):
        if line.startswith("<!-- generated:"):
            inside = True
        elif line.startswith("<!-- end generated:"):
            inside = False
        elif line.startswith("| key |") and not inside:
            by_hand.append(number)
    assert by_hand == []
    names = {block.name for block in generate.BLOCKS if block.path == generate.CONFIGURATION}
    assert {"clientAccess keys", "topics keys", "cluster options", "Kafka ACL rule keys"} <= names
