"""The CLI tier (`make test-cli`): the real Pulumi CLI judges what the offline tools read.

Tests marked `cli` need the CLI, which `tools/pulumi_cli.sh` builds from the Go module
proxy (once, cached) and `make test-cli` passes in PULUMI_CLI. The suite (`make test`)
deselects them. Each test worker gets its own Pulumi home and file backend, and one
stack whose file is rewritten for each case (the CLI keeps the stack's encryption salt
line, which the passphrase provider needs).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools.mock_runner import ROOT

PASSPHRASE = "streaming-platform-cli-tier"


@dataclass
class Cli:
    """The real CLI, in a scratch project with one stack on a file backend."""

    binary: str
    project: Path
    stack: str
    salt: str
    environment: dict[str, str]

    def run(self, *args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """A CLI command on the stack; `stdin` for one that reads its value there
        (`config set --secret key < file`)."""
        return subprocess.run(
            [self.binary, *args, "--stack", self.stack, "--non-interactive"],
            cwd=self.project,
            env=self.environment,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def write(self, stack_text: str) -> None:
        """The stack file as given, after the salt line `stack init` wrote."""
        (self.project / f"Pulumi.{self.stack}.yaml").write_text(self.salt + stack_text)

    def config(self) -> dict[str, dict] | str:
        """`pulumi config --json --show-secrets`: key -> {value, secret, objectValue?}, or the CLI's error."""
        done = self.run("config", "--json", "--show-secrets")
        if done.returncode != 0:
            return (done.stderr or done.stdout).strip()
        return json.loads(done.stdout)

    def preview_refusal(self) -> str | None:
        """What `pulumi preview` refuses the stack config with, or None when it went on
        to load the program (the language host or the AWS provider missing is not a refusal)."""
        done = self.run("preview", timeout=300)
        output = done.stdout + done.stderr
        if any(
            passed in output
            for passed in ("no language plugin 'pulumi-language-python'", "no resource plugin 'pulumi-resource-aws'")
        ):
            return None
        errors = [line for line in output.splitlines() if line.startswith("error:")]
        return errors[0] if errors else output.strip()[-500:]


@pytest.fixture(scope="session")
def cli_binary() -> str:
    binary = os.environ.get("PULUMI_CLI", "")
    if not binary or not os.access(binary, os.X_OK):
        pytest.fail("the CLI tier needs PULUMI_CLI: run it with `make test-cli` (it builds the CLI once)")
    return binary


@pytest.fixture(scope="session")
def cli(cli_binary: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    home = tmp_path_factory.mktemp("pulumi-home")
    project = tmp_path_factory.mktemp("project")
    state = tmp_path_factory.mktemp("state")
    shutil.copy(ROOT / "Pulumi.yaml", project / "Pulumi.yaml")
    environment = {
        **os.environ,
        "PULUMI_HOME": str(home),
        "PULUMI_BACKEND_URL": f"file://{state}",
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_SKIP_UPDATE_CHECK": "1",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
    }
    init = subprocess.run(
        [cli_binary, "stack", "init", "judged", "--non-interactive"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    salt = (project / "Pulumi.judged.yaml").read_text().splitlines(keepends=True)[0]
    assert salt.startswith("encryptionsalt: ")
    yield Cli(cli_binary, project, "judged", salt, environment)
    stop_leftovers(home)


def stop_leftovers(home: Path) -> None:
    """Stop what the CLI left running under this Pulumi home: under load, a `pulumi
    preview` can exit before its language host does, and the host then idles for good."""
    marker = f"PULUMI_HOME={home}".encode()
    for process in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (process / "environ").read_bytes().split(b"\0"):
                os.kill(int(process.name), signal.SIGTERM)
        except (OSError, ValueError):
            continue  # gone already, or not ours to read
