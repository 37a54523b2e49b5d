"""bin/plan and bin/change pass the tool's exit status through (make turns any into 2)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e  # runs bin/plan and bin/change as processes

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ROOT / "bin" / args[0]), *args[1:]], capture_output=True, text=True, timeout=600)


def test_the_plan_passes_exit_2_and_the_message_through() -> None:
    done = run("plan", "dev", "-c", "retentionHours=0")
    assert done.returncode == 2
    assert "retentionHours = 0" in done.stderr


def test_the_change_preview_passes_needs_attention_through_as_4() -> None:
    done = run("change", "dev", "-c", "retentionHours=1")
    assert done.returncode == 4, done.stdout[-500:] + done.stderr[-500:]
    assert done.stdout.rstrip().splitlines()[-1].startswith("verdict: needs attention")


def test_both_are_executable_scripts_that_exec_the_tool() -> None:
    for tool in ("plan", "change"):
        script = ROOT / "bin" / tool
        assert script.stat().st_mode & 0o111
        assert f'TOOL_NAME=bin/{tool} exec .venv/bin/python -m tools.{tool} "$@"' in script.read_text()


def test_the_usage_names_the_script_the_user_ran() -> None:
    for tool in ("plan", "change"):
        done = run(tool, "--help")
        assert done.returncode == 0 and done.stdout.startswith(f"usage: bin/{tool} "), done.stdout[:80]


def test_both_say_a_file_error_the_same_way() -> None:
    """The same stack-file or stack-name mistake reads the same from either tool."""
    plan, change = run("plan", "staging"), run("change", "staging")
    assert plan.returncode == change.returncode == 2
    assert plan.stderr == change.stderr
    assert plan.stderr.startswith("error: no stack 'staging': no file Pulumi.staging.yaml; stacks here: dev, dr, prod.")
