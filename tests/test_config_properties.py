"""Property: no stack config ends in a traceback.

hypothesis mutates the committed dev and prod stacks (any key or nested key
set to a wrong type, an empty or boundary value, unicode, a deleted key, an
unknown key, a path into a plain value; one to three at once, as `-c`
overrides, i.e. `pulumi config set --path`) and, for each, the program must
either plan or refuse the config with a message naming a key, having
registered nothing and echoing no secret. Any other exception fails.

Profiles (`HYPOTHESIS_PROFILE`): `ci` (default) is derandomized and bounded
so the suite stays fast; `long` runs 2,000 random examples locally:

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_config_properties.py -n0
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

import pulumi
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from tools.mock_runner import PROJECT, ConfigPathError, ProgramFailed, StackFileError, run_program, stack_config

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

STACKS = ("dev", "prod")
# A problem line: `  - <key>[...] = <value>: <rule>` or `  - <key>: <rule>`.
PROBLEM_LINE = re.compile(r"^  - [A-Za-z][\w.\[\]:-]*( = |: )", re.MULTILINE)
SECRET_MARKERS = ("BEGIN PRIVATE KEY", "MII")  # the private key stand-ins' text


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _paths(prefix: str, value: Any) -> list[tuple[str, type]]:
    """Every key and nested key of a config value, in `--path` syntax, with the type found there."""
    found: list[tuple[str, type]] = [(prefix, type(value))]
    if isinstance(value, dict):
        for key, item in value.items():
            if re.fullmatch(r"[A-Za-z][\w-]*", str(key)):
                found += _paths(f"{prefix}.{key}", item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(f"{prefix}[{index}]", item)
    return found


def _stack_paths(stack: str) -> list[tuple[str, type]]:
    values = stack_config(stack).values
    found: list[tuple[str, type]] = []
    for key, text in sorted(values.items()):
        if key.startswith(f"{PROJECT}:"):
            found += _paths(key.removeprefix(f"{PROJECT}:"), _parsed(text))
    return found


PATHS = {stack: _stack_paths(stack) for stack in STACKS}
OBJECTS = {stack: [path for path, kind in PATHS[stack] if kind is dict] for stack in STACKS}
LISTS = {stack: [path for path, kind in PATHS[stack] if kind is list] for stack in STACKS}

NAMES = st.from_regex(r"[a-z][A-Za-z0-9]{0,11}", fullmatch=True)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, -1, 1, 2, 3, 7, 2**31 - 1, 2**31, 2**63, -(2**63), 10**30, 0.5, -0.0, 1e308]),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", " ", "é", "🙂", "x" * 300, "null", "true", "[]", "{}", "0", "-1", "a.b", "Z" * 64]),
    st.text(max_size=12),
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(NAMES, SCALARS, max_size=2),
)


@dataclass(frozen=True)
class Case:
    stack: str
    overrides: dict[str, Any]


@st.composite
def mutated_stacks(draw: st.DrawFn) -> Case:
    """A committed stack with one to three mutations, as `-c path=value` overrides."""
    stack = draw(st.sampled_from(STACKS))
    overrides: dict[str, Any] = {}
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.sampled_from(["replace", "replace", "replace", "delete", "unknown key", "index"]))
        # Mostly where the step fits (objects get keys, lists indexes); sometimes anywhere, as a typo would.
        fits = draw(st.integers(min_value=0, max_value=4)) > 0
        if kind == "unknown key" and fits:
            path = draw(st.sampled_from(OBJECTS[stack]))
        elif kind == "index" and fits:
            path = draw(st.sampled_from(LISTS[stack]))
        else:
            path = draw(st.sampled_from(PATHS[stack]))[0]
        if kind == "replace":
            overrides[path] = draw(VALUES)
        elif kind == "delete":
            overrides[path] = None
        elif kind == "unknown key":
            overrides[f"{path}.{draw(NAMES)}"] = draw(VALUES)
        else:
            overrides[f"{path}[{draw(st.integers(min_value=0, max_value=4))}]"] = draw(VALUES)
    return Case(stack, overrides)


def _names_a_key(message: str) -> bool:
    return bool(PROBLEM_LINE.search(message)) or bool(re.match(r"^-c [A-Za-z]", message))


@given(mutated_stacks())
# The two tracebacks found by mutating configs on 4f43da1, kept as fixed examples.
@example(Case("prod", {"snowflake.connectors[0].errors.deadLetterTopic": []}))
@example(Case("prod", {"snowflake.connectors[0].errors.deadLetterTopic": {"a": 1}}))
@example(Case("prod", {"kafkaVersion.unknownKey": "zzz"}))
@example(Case("dev", {"topics[9].name": "x"}))
@example(Case("dev", {"brokerCount": 2**31}))  # found by the property: no VPC size fits
def test_any_config_plans_or_is_refused_by_key(case: Case) -> None:
    try:
        run = run_program(case.stack, case.overrides)
    except ConfigPathError as error:
        event("refused: a path that does not fit (-c)")
        assert _names_a_key(str(error)), str(error)
        return
    except StackFileError as error:  # a value of another type than Pulumi.yaml declares, as the CLI refuses it
        event("refused: not of its declared type (the CLI's check)")
        assert re.match(
            r"^validating stack config: Stack '\w+' with configuration key '\w+' must be of type", str(error)
        )
        return
    except ProgramFailed as failed:
        assert isinstance(failed.cause, pulumi.RunError), f"{type(failed.cause).__name__}: {failed.cause}"
        assert failed.resources == [], "a refused config must not register any resource"
        message = str(failed.cause)
        assert "nothing was created" in message and _names_a_key(message), message
        assert not any(marker in message for marker in SECRET_MARKERS), "a secret was echoed"
        event("refused: invalid configuration")
        return
    event("planned")
    assert any(r.type == "aws:msk/cluster:Cluster" for r in run.resources), "a plan without the cluster"
