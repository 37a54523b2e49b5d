"""tools/mock_runner.py: what the harness changes in the SDK it changes only during a run."""

from __future__ import annotations

import gc
import json
import threading
from pathlib import Path

import pulumi
import pytest
from pulumi.runtime import resource as runtime_resource
from pulumi.runtime import rpc
from pulumi.runtime.sync_await import _ensure_event_loop, _sync_await

from tools.mock_runner import (
    ConfigPathError,
    PlatformMocks,
    ProgramFailed,
    _load_yaml,
    _serialized_now,
    _without_source_positions,
    run_program,
    stack_config,
)
from tools.resource_types import fake_hex


def test_source_positions_are_skipped_only_inside_a_run() -> None:
    original = runtime_resource._get_stack_trace
    with _without_source_positions():
        assert runtime_resource._get_stack_trace is not original
        assert list(runtime_resource._get_stack_trace().frames) == []
    assert runtime_resource._get_stack_trace is original
    with pytest.raises(ProgramFailed):
        run_program("dev", {"brokerCount": 3})
    assert runtime_resource._get_stack_trace is original, "restored after a failed run too"


def test_the_loop_executor_and_the_collector_are_restored_after_a_run_that_failed_too() -> None:
    loop = _ensure_event_loop()
    executor = loop._default_executor
    assert gc.isenabled()
    run_program("dev")
    assert loop._default_executor is executor and gc.isenabled()
    with pytest.raises(ProgramFailed):
        run_program("dev", {"brokerCount": 3})
    assert loop._default_executor is executor and gc.isenabled()


class _ThreadNoting(PlatformMocks):
    def __init__(self) -> None:
        super().__init__("us-east-1")
        self.threads: set[int] = set()

    def new_resource(self, args):  # type: ignore[no-untyped-def]
        self.threads.add(threading.get_ident())
        return super().new_resource(args)


def test_the_mocks_answer_in_the_programs_thread() -> None:
    mocks = _ThreadNoting()
    run_program("dev", mocks=mocks)
    assert mocks.threads == {threading.get_ident()}


def test_a_mock_answer_is_serialized_as_the_sdk_serializes_it() -> None:
    answer = {
        "arn": "arn:aws:kms:us-east-1:123456789012:key/1",
        "count": 3,
        "dropped": None,
        "nested": {"kept": None, "list": [1, "a", {"b": True}]},
        "secret": rpc.wrap_rpc_secret("hunter2"),
        "source": pulumi.StringAsset("text"),
    }
    assert _serialized_now(answer) == _sync_await(rpc.serialize_properties(answer, {}))


def test_a_mock_answering_with_an_output_is_refused() -> None:
    pending = _ensure_event_loop().create_future()
    with pytest.raises(TypeError, match="mocks answer with plain values"):
        _serialized_now({"arn": pulumi.Output.from_input(pending)})


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


def test_an_existing_resource_read_gets_the_mocks_answer() -> None:
    run = run_program("dev", program=Path(__file__).resolve().parent.parent / "programs" / "read_existing.py")
    assert run.outputs == {"arn": f"arn:aws:s3:::existing-{fake_hex('existing', 7)}", "id": "existing-bucket-id"}
    assert run.resources == [], "a read registers nothing"


def test_a_run_freezes_its_objects_and_collects_once_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import tools.mock_runner as mock_runner

    collections: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda *args: collections.append(1) or 0)
    monkeypatch.setattr(mock_runner, "FROZEN_RUNS_LIMIT", 2)
    monkeypatch.setattr(mock_runner, "_frozen_runs", [0])
    run_program("dev")
    run_program("dev")
    assert collections == [] and gc.get_freeze_count() > 0, "frozen, not collected"
    run_program("dev")
    assert collections == [1], "one full collection once past the limit"
    assert mock_runner._frozen_runs == [1], "counting again from the collection"
