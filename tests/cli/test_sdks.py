"""The components from every Pulumi language, for real: the CLI reads the provider's schema
from the running provider (`pulumi package get-schema`), generates the nodejs, python and go
SDKs from it (`pulumi package gen-sdk`), and each compiles where its language's tools judge it
(TypeScript's `tsc` against `@pulumi/pulumi` from npm, `go build` and `go vet` against the Go
SDK from the module proxy, pip and import), with a small TypeScript and Go program that makes
an `MskCluster`.

Code generation runs in the language hosts, which only a session builds (docs/development.md,
"The CLI tier"): marked `cli_hosts`."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from tools.mock_runner import ROOT

from .test_program_acceptance import language_hosts

pytestmark = [pytest.mark.cli, pytest.mark.cli_hosts]
CLI_VERSION = "3.274.0"
# npm serves @pulumi/pulumi 3.270.0 and then 3.276.0: the newest of the 3.x line.
NODEJS_SDK = "@pulumi/pulumi@^3.270.0"


@pytest.fixture(scope="module")
def environment(cli_binary: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    hosts = language_hosts()
    if hosts is None:
        pytest.fail("no language hosts: build them (docs/development.md, the CLI tier) or deselect cli_hosts")
    return {
        **os.environ,
        "PATH": os.pathsep.join([str(hosts), str(Path(cli_binary).parent), os.environ["PATH"]]),
        "PULUMI_HOME": str(tmp_path_factory.mktemp("pulumi-home")),
        "PULUMI_SKIP_UPDATE_CHECK": "1",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
    }


def run(args: list[str], cwd: Path, environment: dict[str, str], timeout: float = 900) -> str:
    done = subprocess.run(args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def normalized(value: object) -> object:
    """A schema without what the CLI drops when it re-serialises: empty lists and objects, and
    the descriptions the SDK repeats on a list's items."""
    if isinstance(value, dict):
        found = {k: normalized(v) for k, v in value.items() if v not in ([], {}, None)}
        return found
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


def without_item_descriptions(value: object) -> object:
    """The descriptions the SDK repeats on a list's items and a map's values, which the CLI drops."""
    if isinstance(value, dict):
        return {
            k: without_item_descriptions(
                {kk: vv for kk, vv in v.items() if kk != "description"}
                if k in ("items", "additionalProperties") and isinstance(v, dict)
                else v
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [without_item_descriptions(v) for v in value]
    return value


def test_the_running_provider_serves_the_committed_schema(cli_binary: str, environment: dict[str, str]) -> None:
    served = json.loads(run([cli_binary, "package", "get-schema", "./provider"], ROOT, environment))
    committed = json.loads((ROOT / "provider" / "schema.json").read_text())
    assert without_item_descriptions(normalized(served)) == without_item_descriptions(normalized(committed))
    assert served["language"]["go"]["importBasePath"].startswith("github.com/")
    assert served["language"]["nodejs"]["packageName"] == "@streaming-platform/components"


@pytest.fixture(scope="module")
def sdks(cli_binary: str, environment: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sdks")
    for language in ("nodejs", "python", "go"):
        schema = str(ROOT / "provider" / "schema.json")
        run([cli_binary, "package", "gen-sdk", schema, "--language", language, "--out", str(out)], ROOT, environment)
    return out


TS_PROGRAM = """\
import * as sp from "./sdk";
const cluster = new sp.MskCluster("events", {
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0aaa", "subnet-0bbb", "subnet-0ccc"],
    topics: [{ name: "orders", partitions: 12 }],
});
export const arn = cluster.arn;
"""

GO_PROGRAM = """\
package main

import (
\tsp "github.com/streaming-platform/streaming-platform/sdk/go/streamingplatform"
\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
\tpulumi.Run(func(ctx *pulumi.Context) error {
\t\tcluster, err := sp.NewMskCluster(ctx, "events", &sp.MskClusterArgs{
\t\t\tVpcId:     pulumi.String("vpc-0123456789abcdef0"),
\t\t\tSubnetIds: pulumi.StringArray{pulumi.String("subnet-0aaa"), pulumi.String("subnet-0bbb")},
\t\t})
\t\tif err != nil {
\t\t\treturn err
\t\t}
\t\tctx.Export("arn", cluster.Arn)
\t\treturn nil
\t})
}
"""


def test_the_nodejs_sdk_and_a_typescript_program_type_check(
    sdks: Path, environment: dict[str, str], tmp_path: Path
) -> None:
    shutil.copytree(sdks / "nodejs", tmp_path / "sdk")
    (tmp_path / "index.ts").write_text(TS_PROGRAM)
    (tmp_path / "package.json").write_text(json.dumps({"name": "program", "private": True}))
    run(["npm", "install", "--no-audit", "--no-fund", NODEJS_SDK, "typescript@5"], tmp_path, environment)
    tsc = str(tmp_path / "node_modules" / ".bin" / "tsc")
    run([tsc, "--noEmit", "-p", "sdk"], tmp_path, environment)
    run([tsc, "--noEmit", "--strict", "--esModuleInterop", "--skipLibCheck", "index.ts"], tmp_path, environment)


def test_the_go_sdk_and_a_go_program_build_and_vet(sdks: Path, environment: dict[str, str], tmp_path: Path) -> None:
    module = tmp_path / "module"
    shutil.copytree(sdks / "go", module / "go" / "streamingplatform")  # the importBasePath, in this module
    (module / "cmd" / "example").mkdir(parents=True)
    (module / "cmd" / "example" / "main.go").write_text(GO_PROGRAM)
    (module / "go.mod").write_text(
        "module github.com/streaming-platform/streaming-platform/sdk\n\ngo 1.26\n\n"
        f"require github.com/pulumi/pulumi/sdk/v3 v{CLI_VERSION}\n"
    )
    run(["go", "mod", "tidy"], module, environment)
    run(["go", "build", "./..."], module, environment)
    run(["go", "vet", "./..."], module, environment)


def venv_with_the_python_sdk(venv: Path, sdks: Path, environment: dict[str, str]) -> Path:
    """A venv at `venv` with the generated Python SDK installed (its dependencies from this
    environment's site-packages); its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], venv,
                  environment).strip()  # fmt: skip
    Path(purelib, "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
         "--no-build-isolation", str(sdks / "python")], venv, environment)  # fmt: skip
    return python


def test_the_python_sdk_installs_and_imports(sdks: Path, environment: dict[str, str], tmp_path: Path) -> None:
    python = venv_with_the_python_sdk(tmp_path / "venv", sdks, environment)
    imported = run(
        [str(python), "-c", "import pulumi_streaming_platform as sp; print(sp.MskCluster.__name__, sp.MskClusterArgs)"],
        tmp_path,
        environment,
    )
    assert imported.startswith("MskCluster ")


CONSTRUCT_PROJECT = """\
name: construct-check
runtime:
  name: python
  options:
    virtualenv: venv
plugins:
  providers:
    - name: streaming-platform
      path: {provider}
"""
CONSTRUCT_PROGRAM = """\
import pulumi_streaming_platform as sp

sp.SnowflakeConnectorPlugin("plugin", connector_version="4.1.0")
"""


def test_the_real_engine_constructs_a_hosted_component_up_to_the_aws_provider(
    cli_binary: str, sdks: Path, environment: dict[str, str], tmp_path: Path
) -> None:
    """A Python program on the generated SDK: `pulumi preview` starts the provider (this
    checkout, installed editable into provider/venv), which constructs the component itself:
    one component of the schema's type, registered with its former shapes as aliases, then its
    first AWS resource, where the missing AWS provider stops the preview."""
    run([cli_binary, "package", "get-schema", "./provider"], ROOT, environment)  # makes provider/venv
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text(CONSTRUCT_PROJECT.format(provider=ROOT / "provider"))
    (project / "__main__.py").write_text(CONSTRUCT_PROGRAM)
    venv_with_the_python_sdk(project / "venv", sdks, environment)
    engine = {**environment, "PULUMI_CONFIG_PASSPHRASE": "construct-check"}
    run([cli_binary, "login", f"file://{tmp_path}"], project, engine)
    run([cli_binary, "stack", "init", "test", "--non-interactive"], project, engine)
    done = subprocess.run(
        [cli_binary, "preview", "--non-interactive", "--stack", "test"],
        cwd=project, env=engine, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "streaming-platform:index:SnowflakeConnectorPlugin plugin" in output, output[-3000:]
    assert "streaming-platform:snowflake_plugin:" not in output, "a second, inner component was constructed"
    assert "no resource plugin 'pulumi-resource-aws'" in output, output[-3000:]
    assert "exited prematurely" not in output, output[-3000:]
