"""tools/mock_runner.py: what the harness changes in the SDK it changes only during a run."""

from __future__ import annotations

import pytest
from pulumi.runtime import resource as runtime_resource

from tools.mock_runner import ProgramFailed, _load_yaml, _without_source_positions, run_program


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
