"""A stack that stays on connector 3.x registers exactly what it did before
connector 4.x support: same URNs (or aliases carrying them over), same inputs,
resource by resource.

The snapshots (tests/fixtures/v3/*.json) were written by
`python -m tests.fixtures.snapshot` from the dev and prod stack files as they
were on 3.5.4 (tests/fixtures/v3/Pulumi.*.yaml), before any 4.x code existed."""

from __future__ import annotations

import json

import pytest

from tests.fixtures.snapshot import V3, registered_inputs, v3_files


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_a_v3_stack_registers_what_it_did_before_v4(stack: str) -> None:
    before = json.loads((V3 / f"{stack}.json").read_text())
    now = registered_inputs(stack, v3_files(stack), before)
    assert sorted(now) == sorted(before), "URNs differ"
    changed = [urn for urn in before if now[urn] != before[urn]]
    assert changed == [], f"inputs differ: {changed}"


def test_the_snapshot_is_rewritten_only_on_purpose(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.fixtures import snapshot

    before = {p.name: p.read_text() for p in snapshot.V3.glob("*.json")}
    assert snapshot.main([]) == 0
    assert {p.name: p.read_text() for p in snapshot.V3.glob("*.json")} == before
    printed = capsys.readouterr().out
    assert "dev.json: 0 URNs differ" in printed and "pass --regenerate" in printed
    assert snapshot.changed_urns({"a": 1, "b": 2}, {"b": 3, "c": 4}) == ["+ c", "- a", "~ b"]
