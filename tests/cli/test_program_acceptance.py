"""`pulumi preview` of the program in the real engine, up to the missing AWS provider, judges
what the offline plan accepts: the Python language host runs `__main__.py` with the config
the CLI read, so a config that reaches "no resource plugin 'pulumi-resource-aws'" passed the
CLI's checks and the program's own; one the program refuses ends with its message.

Needs the Python language host, which the Go module proxy does not serve: it builds from a
fetched pulumi/pulumi source (docs/development.md, "The CLI tier"); `make test-cli` runs
these only where it finds one, and says so in one line where it does not."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.mock_runner import ROOT, ProgramFailed, StackFileError, run_program

from .conftest import Cli

pytestmark = [pytest.mark.cli, pytest.mark.cli_hosts]

DEV = (ROOT / "Pulumi.dev.yaml").read_text()
PROD = (ROOT / "Pulumi.prod.yaml").read_text()
PROJECT = (ROOT / "Pulumi.yaml").read_text()
ACCEPTED = "no resource plugin 'pulumi-resource-aws'"
REFUSED = "invalid configuration for stack"

CASES = {
    # the three divergences the real CLI showed (and their neighbours)
    "protect: no": DEV.replace("streaming-platform:protect: false", "streaming-platform:protect: no"),
    "protect: off": DEV.replace("streaming-platform:protect: false", "streaming-platform:protect: off"),
    "retentionHours: 1e2": DEV.replace("retentionHours: 24", "retentionHours: 1e2"),
    "retentionHours: 24.0": DEV.replace("retentionHours: 24", "retentionHours: 24.0"),
    "brokerCount: 2.0": DEV.replace("brokerCount: 2", "brokerCount: 2.0"),
    "network.azCount: 2.0": DEV.replace("    azCount: 2", "    azCount: 2.0"),
    "schemaRegistry.cpu: 5.12e2": DEV.replace("    cpu: 512", "    cpu: 5.12e2"),
    "a bare retentionHours": DEV.replace("  streaming-platform:retentionHours: 24", "  retentionHours: 48"),
    "a bare natGateways": DEV.replace("    natGateways: single\n", "") + "  natGateways: perAz\n",
    # what the program itself refuses
    "brokerCount: 3": DEV.replace("brokerCount: 2", "brokerCount: 3"),
    "retentionHours: 0": DEV.replace("retentionHours: 24", "retentionHours: 0"),
    "network.azCount: 2.5": DEV.replace("    azCount: 2", "    azCount: 2.5"),
    "topics[0].partitions: 017": DEV.replace("      partitions: 3\n    - name: customers",
                                             "      partitions: 017\n    - name: customers"),
    "natGateways: yes": DEV.replace("    natGateways: single", "    natGateways: yes"),
    "kafkaVersion: 3.8": DEV.replace("kafkaVersion: 3.8.x", "kafkaVersion: 3.8"),
    "publicKeyRegistered with the example account": DEV.replace(
        "    connectorVersion: 4.1.0", "    connectorVersion: 4.1.0\n    publicKeyRegistered: true"),
    "the committed dev": DEV,
    "the committed prod": PROD,
}  # fmt: skip


def language_hosts() -> Path | None:
    """Where the language hosts are: PULUMI_LANGUAGE_HOSTS, or the kit's build of them."""
    for folder in (os.environ.get("PULUMI_LANGUAGE_HOSTS", ""), str(Path.home() / ".cache/pulumi-kit/hosts/bin274")):
        if folder and (Path(folder) / "pulumi-language-python").is_file():
            return Path(folder)
    return None


@pytest.fixture(scope="module")
def program_cli(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    """The CLI with the language hosts on PATH, in a project holding the program (linked)."""
    hosts = language_hosts()
    if hosts is None:
        pytest.fail("no Python language host: build it (docs/development.md, the CLI tier) or deselect cli_hosts")
    project = tmp_path_factory.mktemp("program")
    shutil.copy(ROOT / "Pulumi.yaml", project / "Pulumi.yaml")
    for name in ("__main__.py", "components", ".venv"):
        (project / name).symlink_to(ROOT / name)
    environment = {**cli.environment, "PATH": f"{hosts}{os.pathsep}{cli.environment['PATH']}"}
    init = subprocess.run(
        [cli.binary, "stack", "init", "program", "--non-interactive"],
        cwd=project, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    salt = (project / "Pulumi.program.yaml").read_text().splitlines(keepends=True)[0]
    yield Cli(cli.binary, project, "program", salt, environment)


def offline_verdict(text: str) -> str:
    try:
        run_program("program", files={"Pulumi.yaml": PROJECT, "Pulumi.program.yaml": text})
    except StackFileError as error:
        return f"cli refused: {error}"
    except ProgramFailed as failure:
        return f"program refused: {failure}"
    return "accepted"


@pytest.mark.parametrize("name", list(CASES))
def test_the_plan_accepts_what_pulumi_preview_accepts(program_cli: Cli, name: str) -> None:
    program_cli.write(CASES[name])
    done = program_cli.run("preview", timeout=300)
    output = done.stdout + done.stderr
    ours = offline_verdict(CASES[name])
    if ACCEPTED in output:
        assert ours == "accepted", f"pulumi preview accepts it; the plan: {ours}"
    elif REFUSED in output:
        assert ours.startswith("program refused: "), f"the program refuses it under the CLI; the plan: {ours}"
        problems = sorted(line.strip() for line in output.splitlines() if line.strip().startswith("- "))
        assert problems == sorted(line.strip() for line in ours.splitlines() if line.strip().startswith("- "))
        assert "Traceback" not in output
    else:
        assert "validating stack config" in output, output[-2000:]
        assert ours.startswith("cli refused: validating stack config"), f"the CLI refuses it; the plan: {ours}"
