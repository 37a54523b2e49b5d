"""Shared fixtures: run the real program for a stack under Pulumi mocks.

`run_stack("dev", {"retentionHours": 72})` loads Pulumi.yaml defaults and
Pulumi.dev.yaml exactly as the CLI would, applies the overrides like
`pulumi config set`, runs __main__.py and returns a `ProgramRun` with every
registered resource (inputs and options) and the stack outputs.

`config_error("dev", {...})` runs a stack that must be refused and returns
the error message, after checking that not a single resource was registered.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tools.mock_runner import ProgramRun

# The SDK and the mock runner are imported where they are used: pytest's controller
# process loads this file too, runs no test, and starts the workers only after it (~0.4 s).

STACKS = ("dev", "prod")
"""The committed stacks with Snowflake connectors (tests of a stack's second `up` run on these)."""
ALL_STACKS = (*STACKS, "dr")
"""Every committed stack: dr, the standby of prod, has no connectors."""

RunStack = Callable[..., "ProgramRun"]


# One program run per distinct (stack, overrides, program) for the whole
# session: many tests read the same run. Runs are kept pickled and each test
# unpickles its own copy (a tenth of a deep copy's time), so no test can change
# what another one sees. Under xdist the workers of one session share them
# through a folder, so a run is made once per session, not once per worker.
_RUNS: dict[str, bytes] = {}
_SHARED: list[Path] = []  # the session's folder for runs and builds, once known (xdist workers only)


@pytest.fixture(scope="session", autouse=True)
def _shared_folder(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> None:
    """Under xdist, each worker's temp folder is inside the session's: runs and builds go beside them
    (pytest removes old sessions' folders itself)."""
    if worker_id != "master":
        _SHARED.append(tmp_path_factory.getbasetemp().parent / "shared")


def built_once(name: str, build: Callable[[Path], None], factory: pytest.TempPathFactory) -> Path:
    """A folder that `build` fills once per session: under xdist the first worker to ask builds it
    while the others wait for it (a lock file beside it), then all use it."""
    base = _SHARED[0] if _SHARED else factory.getbasetemp()
    base.mkdir(parents=True, exist_ok=True)
    folder, done = base / name, base / f"{name}.built"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed build left
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


def _shared_path(key: str) -> Path | None:
    if not _SHARED:
        return None
    return _SHARED[0] / f"{hashlib.sha256(key.encode()).hexdigest()}.pickle"


def _pickled_run(key: str, make: Callable[[], ProgramRun]) -> bytes:
    path = _shared_path(key)
    if path is not None and path.exists():
        return path.read_bytes()
    blob = pickle.dumps(make())
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(blob)
        partial.replace(path)  # atomic: another worker reads a whole run or none
    return blob


def cached_run(stack: str, overrides: Mapping[str, Any] | None = None, **kwargs: Any) -> ProgramRun:
    """`run_program`, once per distinct arguments for the whole session (a fresh copy each time)."""
    from tools.mock_runner import run_program

    key = json.dumps([stack, dict(overrides or {}), kwargs], sort_keys=True, default=str)
    if key not in _RUNS:
        _RUNS[key] = _pickled_run(key, lambda: run_program(stack, overrides, **kwargs))
    return pickle.loads(_RUNS[key])


@pytest.fixture
def run_stack() -> RunStack:
    return cached_run


# A stack whose generated Snowflake key has been registered: what its second
# `pulumi up` deploys (the first creates the key and waits; README, "Snowflake").
# The committed stacks carry an EXAMPLE ACCOUNT, which the program refuses once connectors
# would start: a deployed stack has its own (the stand-in the plan's second up uses).
OWN_ACCOUNT: dict[str, Any] = {"snowflake.accountUrl": "myorg-myaccount.snowflakecomputing.com"}
REGISTERED: dict[str, Any] = {"snowflake.publicKeyRegistered": True, **OWN_ACCOUNT}


ADMIN_KEY = (
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQD9\n-----END PRIVATE KEY-----\n"
)


def managed(**manage: Any) -> dict[str, Any]:
    """Overrides that turn on `snowflake.manage` (with an admin key), plus `manage` fields."""
    settings = {
        "enabled": True,
        "organizationName": "MYORG",
        "accountName": "MYACCOUNT",
        "adminUser": "PULUMI_ADMIN",
        "adminRole": "SECURITYADMIN",
        **manage,
    }
    from tools.mock_runner import Secret

    return {"snowflake.manage": settings, "snowflakeAdminPrivateKey": Secret(ADMIN_KEY), **OWN_ACCOUNT}


@pytest.fixture
def run_deployed(run_stack: RunStack) -> RunStack:
    """`run_stack` for a stack whose connectors exist (the key is registered, the account its own).
    The flag is applied after the overrides, so it survives a replaced `snowflake` object; the
    account before them, so an override of it wins."""

    def run(stack: str, overrides: Mapping[str, Any] | None = None, **kwargs: Any) -> ProgramRun:
        registered = {"snowflake.publicKeyRegistered": True}
        return run_stack(stack, {**OWN_ACCOUNT, **(overrides or {}), **registered}, **kwargs)

    return run


@pytest.fixture
def config_error() -> Callable[..., str]:
    import pulumi

    from tools.mock_runner import ProgramFailed, StackFileError, run_program

    def refused(stack: str, overrides: Mapping[str, Any]) -> str:
        """The refusal: the program's (a RunError, nothing registered), or, for a value of another
        type than Pulumi.yaml declares, the Pulumi CLI's before the program runs."""
        with pytest.raises((ProgramFailed, StackFileError)) as failure:
            run_program(stack, overrides)
        if isinstance(failure.value, StackFileError):
            assert str(failure.value).startswith("validating stack config: "), failure.value
            return str(failure.value)
        assert isinstance(failure.value.cause, pulumi.RunError), failure.value.cause
        assert failure.value.resources == [], "a refused config must not register any resource"
        return str(failure.value)

    return refused
