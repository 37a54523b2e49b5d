"""Each test tier has its marker, a make target that selects it, and a line in CI; `make test`
(the unit tier) deselects them all."""

from __future__ import annotations

import re
import tomllib

import pytest

from tools.mock_runner import ROOT

TIERS = {"e2e": "test-e2e", "jvm": "test-jvm", "cli": "test-cli", "connector": "test-connector"}


def recipe(target: str) -> str:
    makefile = (ROOT / "Makefile").read_text()
    return makefile.split(f"\n{target}: ")[1].split("\n\n")[0]


def test_the_unit_tier_deselects_every_other_tier() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    expression = re.search(r"-m '([^']+)'", options["addopts"])
    assert expression is not None
    assert set(re.findall(r"not (\w+)", expression.group(1))) == set(TIERS)
    declared = {marker.split(":")[0] for marker in options["markers"]}
    assert set(TIERS) <= declared


@pytest.mark.parametrize(("marker", "target"), TIERS.items())
def test_each_tier_has_a_target_that_selects_it_and_ci_runs_it(marker: str, target: str) -> None:
    assert re.search(rf"-m \"?{marker}\b", recipe(target)), recipe(target)
    assert f"make {target}" in (ROOT / ".ci" / "run").read_text().splitlines()
