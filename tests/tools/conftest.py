"""The command-line tools run the same program runs as the other tests: share them."""

from __future__ import annotations

import pytest

from tests.conftest import cached_run


@pytest.fixture(autouse=True)
def shared_program_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tools.plan.run_program", cached_run)
    monkeypatch.setattr("tools.change.run_program", cached_run)
    # In this process, one run after the other (tests/tools/test_background.py forks on purpose).
    monkeypatch.setattr("tools.background.PARALLEL", False)


@pytest.fixture(autouse=True)
def working_tree_base(monkeypatch: pytest.MonkeyPatch) -> None:
    """`tools.change` without --base compares with the working tree, whatever a developer has
    edited in this checkout (the choice of HEAD is tested in a scratch repository)."""
    monkeypatch.setattr("tools.change.default_base", lambda stack: None)
