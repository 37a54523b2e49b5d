"""Shared fixtures: run the real program for a stack under Pulumi mocks.

`run_stack("dev", {"retentionHours": 72})` loads Pulumi.yaml defaults and
Pulumi.dev.yaml exactly as the CLI would, applies the overrides like
`pulumi config set`, runs __main__.py and returns a `ProgramRun` with every
registered resource (inputs and options) and the stack outputs.

`config_error("dev", {...})` runs a stack that must be refused and returns
the error message, after checking that not a single resource was registered.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from typing import Any

import pulumi
import pytest

from tools.mock_runner import ProgramFailed, ProgramRun, Secret, run_program

STACKS = ("dev", "prod")

RunStack = Callable[..., ProgramRun]


# One program run per distinct (stack, overrides, program) for the whole
# session: many tests read the same run. Each test gets its own deep copy, so
# no test can change what another one sees.
_RUNS: dict[str, ProgramRun] = {}


def cached_run(stack: str, overrides: Mapping[str, Any] | None = None, **kwargs: Any) -> ProgramRun:
    """`run_program`, once per distinct arguments for the whole session (a deep copy each time)."""
    key = json.dumps([stack, overrides, kwargs], sort_keys=True, default=str)
    if key not in _RUNS:
        _RUNS[key] = run_program(stack, overrides, **kwargs)
    return copy.deepcopy(_RUNS[key])


@pytest.fixture
def run_stack() -> RunStack:
    return cached_run


# A stack whose generated Snowflake key has been registered: what its second
# `pulumi up` deploys (the first creates the key and waits; README, "Snowflake").
REGISTERED: dict[str, Any] = {"snowflake.publicKeyRegistered": True}


ADMIN_KEY = (
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQD9\n-----END PRIVATE KEY-----\n"
)
# Tests that manage the Snowflake side import pulumi_snowflake (~1.8 s): one worker runs them all.
SNOWFLAKE_GROUP = pytest.mark.xdist_group("snowflake")


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
    return {"snowflake.manage": settings, "snowflakeAdminPrivateKey": Secret(ADMIN_KEY)}


@pytest.fixture
def run_deployed(run_stack: RunStack) -> RunStack:
    """`run_stack` for a stack whose connectors exist (the key is registered).
    The flag is applied after the overrides, so it survives a replaced `snowflake` object."""

    def run(stack: str, overrides: Mapping[str, Any] | None = None, **kwargs: Any) -> ProgramRun:
        return run_stack(stack, {**(overrides or {}), **REGISTERED}, **kwargs)

    return run


@pytest.fixture
def config_error() -> Callable[..., str]:
    def refused(stack: str, overrides: Mapping[str, Any]) -> str:
        with pytest.raises(ProgramFailed) as failure:
            run_program(stack, overrides)
        assert isinstance(failure.value.cause, pulumi.RunError), failure.value.cause
        assert failure.value.resources == [], "a refused config must not register any resource"
        return str(failure.value)

    return refused
