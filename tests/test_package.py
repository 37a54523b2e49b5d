"""The components install as a package (`streaming_platform`) and work outside this repository.

The wheel is built offline from this checkout, installed into a fresh virtual
environment (its dependencies come from this environment's site-packages, as
they would from PyPI), and the README's minimal programs run there under the
SDK's mocks from a folder with no copy of the repository: a module or data
file missing from the wheel, or an import of the repository's own `components`
package, fails here."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import components
from tests.conftest import built_once
from tools.mock_runner import ROOT

pytestmark = pytest.mark.e2e  # builds and installs the wheel, runs the examples in processes

EXAMPLES = ("msk_cluster", "schema_registry", "snowflake_connector")


def test_the_public_surface_is_importable_from_the_package_root() -> None:
    for name in components.__all__:
        assert getattr(components, name) is not None, name
    with pytest.raises(AttributeError):
        components.validation_problems  # noqa: B018 (an internal name is not public)


def test_the_wheel_lists_every_subpackage_of_components() -> None:
    """setuptools installs only the packages pyproject.toml lists: a new folder of components/ left
    out of it is missing from the wheel (the e2e tier would find it; this finds it in the unit tier)."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    folders = {
        "streaming_platform" + "".join(f".{part}" for part in init.parent.relative_to(ROOT / "components").parts)
        for init in (ROOT / "components").rglob("__init__.py")
    }
    assert folders == listed


def test_the_version_is_one_and_has_a_changelog_entry() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["version"] == components.__version__
    assert f"## {components.__version__} (" in (ROOT / "CHANGELOG.md").read_text()


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel built from this checkout installed; its python
    (built once per session, whichever xdist worker needs it first)."""
    return built_once("package", install_the_wheel, tmp_path_factory) / "venv" / "bin" / "python"


def install_the_wheel(work: Path) -> None:
    """Build the wheel from this checkout into `work`/dist and install it into a new `work`/venv."""
    source = work / "src"
    source.mkdir()
    for name in ("pyproject.toml", "CHANGELOG.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "components", source / "components", ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(work / "dist"), str(source)],
                   check=True, capture_output=True)  # fmt: skip
    [wheel] = (work / "dist").glob("streaming_platform_components-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # The dependencies (pulumi, pulumi-aws, ...) as installed here; never this repository.
    Path(purelib, "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)], check=True)


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_readme_programs_run_from_the_installed_wheel(installed: Path, tmp_path: Path, example: str) -> None:
    shutil.copytree(ROOT / "examples" / example, tmp_path / example)
    shutil.copy2(ROOT / "examples" / "run_under_mocks.py", tmp_path / "run_under_mocks.py")
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(
        [str(installed), "run_under_mocks.py", f"{example}/__main__.py"],
        cwd=tmp_path, capture_output=True, text=True, env=environment, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    registered = json.loads(done.stdout)
    types = {typ for typ, _ in registered["resources"]}
    assert "streaming-platform:index:MskCluster" in types and "aws:msk/cluster:Cluster" in types
    expected = {
        "msk_cluster": ("aws:msk/topic:Topic", "bootstrapBrokersSaslIam"),
        "schema_registry": ("aws:ecs/service:Service", "schemaRegistryUrl"),
        "snowflake_connector": ("aws:mskconnect/connector:Connector", "connectorArn"),
    }[example]
    assert expected[0] in types and expected[1] in registered["outputs"]
    where = subprocess.run(
        [str(installed), "-c", "import streaming_platform, importlib.util as u; "
         "print(streaming_platform.__file__, u.find_spec('components'))"],
        cwd=tmp_path, capture_output=True, text=True, env=environment, check=True,
    ).stdout  # fmt: skip
    assert "site-packages/streaming_platform/__init__.py None" in where, where


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_examples_run_from_the_checkout_as_the_docs_say(example: str) -> None:
    """docs/using-components.md: `.venv/bin/python examples/run_under_mocks.py examples/<x>/__main__.py`
    in a checkout, where the package is not installed: `components/` stands in for it."""
    done = subprocess.run(
        [sys.executable, "examples/run_under_mocks.py", f"examples/{example}/__main__.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert done.stderr.startswith("(streaming_platform from ") and "the package is not installed" in done.stderr
    types = {typ for typ, _ in json.loads(done.stdout)["resources"]}
    assert "streaming-platform:index:MskCluster" in types


def test_a_refused_argument_surfaces_as_the_cli_prints_it(tmp_path: Path) -> None:
    program = tmp_path / "bad.py"
    program.write_text(
        "from streaming_platform import MskCluster, MskClusterArgs\n"
        "MskCluster('events', MskClusterArgs(vpc_id='vpc-0123456789abcdef0', subnet_ids=['subnet-0aaa', "
        "'subnet-0bbb'], broker_count=5))\n"
    )
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "run_under_mocks.py"), str(program)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.splitlines()[1:]
    assert lines[0] == "error: invalid arguments for MskCluster 'events' (1 problem); nothing was created:"
    assert lines[1].startswith("  - broker_count = 5: must be a multiple of the number of private subnets (2)")
    assert "Traceback" not in done.stderr


def test_the_provider_serves_the_committed_schema_from_the_installed_wheel(installed: Path, tmp_path: Path) -> None:
    """provider/__main__.py imports `streaming_platform.provider`: the installed wheel must infer the same schema."""
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(
        [str(installed), "-c", "import json, streaming_platform as p, streaming_platform.provider as h; "
         "print(json.dumps(h.schema(p.__version__), indent=2, sort_keys=True))"],
        cwd=tmp_path, capture_output=True, text=True, env=environment, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout == (ROOT / "provider" / "schema.json").read_text()
