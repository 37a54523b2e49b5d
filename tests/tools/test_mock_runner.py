"""tools/mock_runner.py: what the harness changes in the SDK it changes only during a run."""

from __future__ import annotations

import json

import pytest
from pulumi.runtime import resource as runtime_resource

from tools.mock_runner import (
    ConfigPathError,
    ProgramFailed,
    _load_yaml,
    _without_source_positions,
    run_program,
    stack_config,
)


def test_source_positions_are_skipped_only_inside_a_run() -> None:
    original = runtime_resource._get_stack_trace
    with _without_source_positions():
        assert runtime_resource._get_stack_trace is not original
        assert list(runtime_resource._get_stack_trace().frames) == []
    assert runtime_resource._get_stack_trace is original
    with pytest.raises(ProgramFailed):
        run_program("dev", {"brokerCount": "many"})
    assert runtime_resource._get_stack_trace is original, "restored after a failed run too"


def test_a_parsed_file_is_shared_but_each_caller_gets_its_own_copy() -> None:
    text = "config:\n  a: {b: 1}\n"
    first = _load_yaml("Pulumi.x.yaml", text)
    first["config"]["a"]["b"] = 2
    assert _load_yaml("Pulumi.x.yaml", text) == {"config": {"a": {"b": 1}}}


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "kafkaVersion.unknownKey",
            "zzz",
            "-c kafkaVersion.unknownKey=zzz: kafkaVersion holds a plain value (a string), not an object, "
            "so it has no key 'unknownKey'",
        ),
        ("topics.name", "x", "-c topics.name=x: topics holds a list, not an object, so it has no key 'name'"),
        ("snowflake[0]", 1, "-c snowflake[0]=1: snowflake holds an object, not a list, so it has no [0]"),
        (
            "topics[9].name",
            "x",
            "-c topics[9].name=x: topics[9] is past the end of the list (3 items; [3] appends one)",
        ),
        ("brokerCount.x", 5, "-c brokerCount.x=5: brokerCount holds a plain value (a number), not an object"),
        ("a..b", 1, "-c a..b: not a config path"),
    ],
)
def test_a_path_that_does_not_fit_the_value_is_refused_like_the_cli(key: str, value: object, message: str) -> None:
    with pytest.raises(ConfigPathError) as refused:
        stack_config("prod", {key: value})
    assert str(refused.value).startswith(message)


def test_a_path_never_shows_the_value_it_would_have_gone_into() -> None:
    with pytest.raises(ConfigPathError) as refused:
        stack_config("prod", {"snowflake.accountUrl.x": 1})
    assert "snowflakecomputing" not in str(refused.value)


def test_a_path_one_past_the_end_appends_as_the_cli_does() -> None:
    values = stack_config("prod", {"topics[3]": {"name": "audit", "partitions": 1}}).values
    topics = json.loads(values["streaming-platform:topics"])
    assert [t["name"] for t in topics][-1] == "audit" and len(topics) == 4
