"""tools/background.py: the second `pulumi up`'s run in a forked process gives what it gives in this one."""

from __future__ import annotations

import pickle
import re

import pulumi
import pytest

from tools import background, plan
from tools.background import Background, ChildFailed
from tools.mock_runner import ProgramFailed, run_program


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(__import__("os"), "fork"):
        pytest.skip("no fork on this platform: runs stay in the process (PARALLEL is False there)")
    monkeypatch.setattr(background, "PARALLEL", True)
    monkeypatch.setattr(plan, "run_program", run_program)  # the real runs, not the session's copies


def comparable(run) -> bytes:  # type: ignore[no-untyped-def]
    """Resources, inputs and options (an asset's repr without its address), and the outputs."""
    resources = sorted((r.urn, re.sub(" at 0x[0-9a-f]+", "", repr(r.inputs)), r.protect) for r in run.resources)
    return pickle.dumps((resources, sorted(run.outputs)))


def test_a_forked_run_is_the_run_this_process_makes(forking: None) -> None:
    forked = Background(lambda: run_program("dev", plan.second_up("dev", {})))
    assert forked._pid, "started in a child process"
    assert comparable(forked.result()) == comparable(run_program("dev", plan.second_up("dev", {})))


def test_the_plan_starts_the_second_up_beside_the_first_and_gets_the_same_runs(forking: None) -> None:
    assert plan.key_may_wait("dev", {})
    first, second = plan.plan_runs("dev", {})
    assert second is not None and plan.connectors_pending(first)
    assert comparable(second) == comparable(run_program("dev", plan.second_up("dev", {})))
    assert comparable(first) == comparable(run_program("dev"))


def test_no_second_run_when_the_key_is_registered(forking: None, monkeypatch: pytest.MonkeyPatch) -> None:
    registered = plan.second_up("dev", {})
    assert not plan.key_may_wait("dev", registered)
    started: list[object] = []
    monkeypatch.setattr(Background, "_start", lambda self: started.append(self))
    assert plan.plan_runs("dev", registered)[1] is None and started == []


def test_a_config_error_in_the_child_is_the_same_refusal(forking: None) -> None:
    with pytest.raises(ProgramFailed) as failed:
        Background(lambda: run_program("dev", {"brokerCount": 3})).result()
    assert isinstance(failed.value.cause, pulumi.RunError) and "brokerCount" in str(failed.value)


def test_other_failures_in_the_child_are_raised_again(forking: None) -> None:
    def broken():  # type: ignore[no-untyped-def]
        raise KeyError("a bug")

    with pytest.raises(KeyError, match="a bug"):
        Background(broken).result()

    class Unpicklable(Exception):
        def __reduce__(self):  # type: ignore[no-untyped-def]
            raise TypeError("no")

    def worse():  # type: ignore[no-untyped-def]
        raise Unpicklable("local")

    with pytest.raises(ChildFailed, match="Unpicklable: local"):
        Background(worse).result()


def test_a_cancelled_run_leaves_no_child(forking: None) -> None:
    import os

    forked = Background(lambda: run_program("dev"))
    pid = forked._pid
    forked.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_without_fork_the_run_happens_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background, "PARALLEL", False)
    calls: list[int] = []
    later = Background(lambda: calls.append(1) or run_program("dev"))  # type: ignore[func-returns-value]
    assert calls == []
    later.result()
    assert calls == [1]


def test_a_result_that_does_not_pickle_is_a_child_failure(forking: None) -> None:
    with pytest.raises(ChildFailed, match="without a whole result"):
        Background(lambda: lambda: None).result()  # a lambda does not pickle


def test_leaving_the_block_stops_a_child_not_asked_for(forking: None) -> None:
    import os

    with Background(lambda: run_program("dev")) as forked:
        pid = forked._pid
        assert pid
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    with Background(lambda: run_program("dev"), start=False) as unstarted:
        assert not unstarted._pid, "not likely to be needed: not started"
