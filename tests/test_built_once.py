"""`built_once`: what the session builds once (the wheel), whichever xdist worker asks first."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import built_once


def unique() -> str:
    return f"built-once-{uuid.uuid4().hex}"


def test_a_folder_is_built_once_and_then_reused(tmp_path_factory: pytest.TempPathFactory) -> None:
    builds: list[Path] = []

    def build(folder: Path) -> None:
        builds.append(folder)
        (folder / "made").write_text("once")

    name = unique()
    first = built_once(name, build, tmp_path_factory)
    second = built_once(name, build, tmp_path_factory)
    assert first == second == builds[0] and len(builds) == 1
    assert (first / "made").read_text() == "once"


def test_who_asks_while_it_is_being_built_waits_for_it(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Two askers at once (the lock is taken per open file, so two threads contend as two workers do)."""
    started, builds, seen = threading.Event(), [], []

    def build(folder: Path) -> None:
        builds.append(folder)
        started.set()
        time.sleep(0.3)
        (folder / "made").write_text("whole")

    name = unique()

    def ask() -> None:
        folder = built_once(name, build, tmp_path_factory)
        seen.append((folder / "made").read_text())

    first = threading.Thread(target=ask)
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=ask)
    second.start()
    first.join(10)
    second.join(10)
    assert len(builds) == 1 and seen == ["whole", "whole"]


def test_a_failed_build_is_built_again_from_an_empty_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    def broken(folder: Path) -> None:
        (folder / "half").write_text("")
        raise RuntimeError("pip failed")

    def build(folder: Path) -> None:
        assert list(folder.iterdir()) == []
        (folder / "made").write_text("")

    name = unique()
    with pytest.raises(RuntimeError, match="pip failed"):
        built_once(name, broken, tmp_path_factory)
    assert (built_once(name, build, tmp_path_factory) / "made").exists()
