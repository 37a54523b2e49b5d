"""Each path judges a component's settings once: the stack by its settings, a Python
program by the component, another language by the provider. The components' own
check does not judge again what the stack or the provider built from judged values;
a copy made afterwards is judged anew."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from components import inputs, settings
from components.inputs import ArgumentsError
from components.msk.cluster import cluster_args
from tests.components.test_settings import parse
from tests.conftest import REGISTERED
from tools.mock_runner import ProgramFailed, run_program

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = ROOT / "tests" / "programs"
# The rules' entry points, in each module that calls them.
ENTRIES = {
    "parse_settings": (settings, inputs),
    "parse_snowflake": (settings, inputs),
    "parse_plugin": (inputs,),
}


@pytest.fixture
def judgments(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often the rules are entered, from here on: per entry point, the calls not made
    from within another (`parse_settings` runs `parse_snowflake` as one of its rules)."""
    counts: Counter[str] = Counter()
    depth = [0]
    for name, modules in ENTRIES.items():
        for module in modules:
            original = getattr(module, name)

            def counted(*args: object, _original=original, _name=name, **kwargs: object) -> object:
                if depth[0] == 0:
                    counts[_name] += 1
                depth[0] += 1
                try:
                    return _original(*args, **kwargs)
                finally:
                    depth[0] -= 1

            monkeypatch.setattr(module, name, counted)
    return counts


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_a_stack_is_judged_once_by_its_settings(stack: str, judgments: Counter[str]) -> None:
    run = run_program(stack, REGISTERED)
    connectors = [r for r in run.resources if r.type == "aws:mskconnect/connector:Connector"]
    assert connectors, "the stack's connectors are built (each was judged again before)"
    assert judgments == Counter({"parse_settings": 1})


@pytest.mark.parametrize(
    ("program", "case", "entry"),
    [
        ("python_components.py", "cluster", "parse_settings"),
        ("python_components.py", "registry", "parse_settings"),
        ("python_components.py", "connector", "parse_snowflake"),
        ("provider_construct.py", "cluster", "parse_settings"),
        ("provider_construct.py", "registry", "parse_settings"),
        ("provider_construct.py", "connector", "parse_snowflake"),
    ],
)
def test_a_component_is_judged_once_through_python_and_the_provider(
    program: str, case: str, entry: str, judgments: Counter[str]
) -> None:
    run_program("dev", {"test:case": case}, program=PROGRAMS / program)
    assert judgments == Counter({entry: 1})


def test_cluster_args_take_only_what_settings_do_not_hold() -> None:
    with pytest.raises(TypeError, match="not broker_count"):
        cluster_args(parse(), vpc_id="vpc-0123456789abcdef0", broker_count=0)


def test_a_copy_of_judged_arguments_is_judged_anew() -> None:
    judged = cluster_args(parse(), vpc_id="vpc-0123456789abcdef0", subnet_ids=["subnet-1", "subnet-2"])
    inputs.check_msk_cluster_args("MskCluster 'judged'", judged)  # marked: not judged again
    changed = dataclasses.replace(judged, broker_count=3)
    with pytest.raises(ArgumentsError) as refused:
        inputs.check_msk_cluster_args("MskCluster 'copy'", changed)
    assert "broker_count = 3: must be a multiple of the number of private subnets (2)" in str(refused.value)


def test_a_refused_stack_registers_nothing_and_is_judged_once(judgments: Counter[str]) -> None:
    with pytest.raises(ProgramFailed) as failed:
        run_program("dev", {"brokerCount": 0})
    assert "brokerCount = 0" in str(failed.value.cause)
    assert failed.value.resources == []
    assert judgments == Counter({"parse_settings": 1})
