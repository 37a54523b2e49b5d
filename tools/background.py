"""A program run in a forked process beside the one in this process.

The offline tools run the program twice when the stack's connectors wait for
their Snowflake key (the first `pulumi up`, then the second). The second run
does not depend on the first, so on a machine with a second core it starts at
once in a child process (a `fork` of this one, with its imports done) and
costs no wall time; its `ProgramRun` comes back pickled through a pipe. Where
`fork` is missing or there is one core, it runs in this process when asked for.
"""

from __future__ import annotations

import os
import pickle
import signal
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import pulumi

from tools.mock_runner import ProgramFailed

T = TypeVar("T")

PARALLEL = hasattr(os, "fork") and (os.cpu_count() or 1) > 1
"""Whether runs may start in a forked process (tests of the tools in-process turn it off)."""


class ChildFailed(RuntimeError):
    """The forked run raised something other than a config error: its traceback."""


class Background(Generic[T]):
    """`make()` started now (in a forked process when PARALLEL), its result on `result()`:
    program runs, or anything else that pickles."""

    def __init__(self, make: Callable[[], T], start: bool = True) -> None:
        """`start`: whether it is likely to be needed (else it is made only if asked for)."""
        self._make = make
        self._pid = 0
        self._pipe = -1
        if PARALLEL and start:
            self._start()

    def __enter__(self) -> Background[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        """Leaving the block (also on an error) stops a child whose result was not asked for."""
        self.cancel()

    def _start(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run, send the outcome, leave without the parent's clean-up
            os.close(read)
            try:
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump(_outcome(self._make), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                os._exit(0)
        os.close(write)
        self._pid, self._pipe = pid, read

    def result(self) -> T:
        """What `make()` returned; what it raised is raised again (`ProgramFailed` for a
        config error, as `run_program` raises it; an exception that does not pickle as
        `ChildFailed` with its traceback)."""
        if not self._pid:
            return self._make()
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self._pid, 0)
        self._pid = 0
        try:
            outcome = pickle.loads(data)
        except Exception as error:  # the child died, or what it made did not pickle
            raise ChildFailed(f"the forked program run ended without a whole result ({len(data)} bytes)") from error
        return _unpacked(outcome)

    def cancel(self) -> None:
        """Not needed after all: stop the child."""
        if self._pid:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            os.close(self._pipe)
            self._pid = 0


def _outcome(make: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return "result", make()
    except ProgramFailed as failure:
        if isinstance(failure.cause, pulumi.RunError):
            return "refused", str(failure)
        return "error", traceback.format_exc()
    except Exception as error:
        try:
            pickle.dumps(error)
        except Exception:
            return "error", traceback.format_exc()
        return "raise", error


def _unpacked(outcome: tuple[str, Any]) -> Any:
    kind, value = outcome
    if kind == "result":
        return value
    if kind == "refused":
        raise ProgramFailed(pulumi.RunError(value), [])
    if kind == "raise":
        raise value
    raise ChildFailed(f"the forked program run failed:\n{value}")
