"""The offline tools on stack files as the Pulumi CLI leaves them: encrypted
`secure:` values and secrets-provider lines, YAML mistakes, uncommitted edits."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools import change, plan
from tools.change import default_base  # the real one: tests/tools/conftest.py pins the tools' to None
from tools.mock_runner import ROOT, StackFileError, _offline_rsa_pem, run_program, stack_config
from tools.verdict import ATTENTION

DEV = (ROOT / "Pulumi.dev.yaml").read_text()
PROJECT = (ROOT / "Pulumi.yaml").read_text()

# What `pulumi config set --secret snowflakePrivateKey < key.p8` and
# `pulumi config set --secret snowflakeAdminPrivateKey ...` leave in a stack
# file of the local backend with a passphrase: a salt line, encrypted values.
SALT = "encryptionsalt: v1:4mS4NXvxl1A=:v1:hQ0wrQzh8pT9tW4F:Xc3bsqHR2ZtYl8kqXa/E+j5Yr1b0sA==\n"
SECURE_KEY = (
    "  streaming-platform:snowflakePrivateKey:\n"
    "    secure: v1:Bnd9Sj8uD4oYbCkk:5pQzN1m0YV3h8kK2Yx1E7rS3u4Gk2bNn0vW9qL8cT6aJ1fD3hE5gI7kM9oQ=\n"
)
# A stack whose key is supplied is one a user set up: its Snowflake account is theirs, not the
# committed EXAMPLE ACCOUNT (refused once connectors would start).
OWN_DEV = DEV.replace(
    "    accountUrl: example-account.snowflakecomputing.com\n",
    "    accountUrl: acme-analytics.snowflakecomputing.com\n",
)
SECURED_DEV = SALT + OWN_DEV + SECURE_KEY
# A KMS secrets provider writes these two lines instead of the salt.
KMS_DEV = (
    "secretsprovider: awskms://alias/pulumi-state?region=eu-west-2\n"
    "encryptedkey: AQICAHh4bWFsbG9mZnNldA==\n" + OWN_DEV + SECURE_KEY
)


def files(stack_text: str, name: str = "dev") -> dict[str, str | None]:
    return {"Pulumi.yaml": PROJECT, f"Pulumi.{name}.yaml": stack_text}


@pytest.fixture
def project_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a stack file into a scratch project folder the tools read instead of the repository's."""

    def write(name: str, text: str, project: str = PROJECT) -> str:
        (tmp_path / "Pulumi.yaml").write_text(project)
        (tmp_path / f"Pulumi.{name}.yaml").write_text(text)
        monkeypatch.setattr("tools.mock_runner.ROOT", tmp_path)
        monkeypatch.setattr("tools.change.ROOT", tmp_path)
        return name

    return write


# --- encrypted values ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [SECURED_DEV, KMS_DEV], ids=["passphrase", "awskms"])
def test_an_encrypted_key_becomes_a_secret_stand_in_of_the_right_shape(text: str) -> None:
    config = stack_config("dev", files=files(text))
    key = "streaming-platform:snowflakePrivateKey"
    assert config.stand_ins == ["snowflakePrivateKey"]
    assert key in config.secret_keys
    assert config.values[key] == _offline_rsa_pem("snowflakePrivateKey")
    assert "encryptionsalt" not in json.dumps(config.values) and "v1:Bnd9" not in json.dumps(config.values)


def test_the_program_plans_a_stack_with_encrypted_keys_as_with_supplied_keys() -> None:
    text = SECURED_DEV + "  streaming-platform:snowflakeAdminPrivateKey:\n    secure: v1:AAAA:BBBB\n"
    run = run_program("dev", files=files(text))
    assert run.stand_ins == ["snowflakePrivateKey", "snowflakeAdminPrivateKey"]
    # a supplied key: no generated key pair, and the connectors are created at once
    assert run.of_type("tls:index/privateKey:PrivateKey") == []
    assert len(run.of_type("aws:mskconnect/connector:Connector")) == 1
    version = run.one("aws:secretsmanager/secretVersion:SecretVersion", within=CREDENTIALS)
    assert type(version.inputs["secretString"]).__name__ == "Secret"


CREDENTIALS = "streaming-platform:index:SnowflakeCredentials"


def test_a_nested_encrypted_value_marks_its_whole_key_secret() -> None:
    text = DEV.replace(
        "    accountUrl: example-account.snowflakecomputing.com\n", "    accountUrl:\n      secure: v1:x:y\n"
    )
    config = stack_config("dev", files=files(text))
    assert "streaming-platform:snowflake" in config.secret_keys
    assert config.stand_ins == ["snowflake"]


def test_plan_of_an_encrypted_stack_exits_0_and_says_once_what_it_did_not_check(project_dir, capsys) -> None:
    stack = project_dir("secured", SECURED_DEV)
    assert plan.main([stack]) == 0
    captured = capsys.readouterr()
    notes = [line for line in captured.err.splitlines() if line.startswith("note:")]
    assert notes == [
        "note: encrypted values in the stack config (snowflakePrivateKey) cannot be decrypted offline: stand-ins "
        "were used and their contents are not checked here (`pulumi preview` checks them)"
    ]
    assert "offline stand-in" not in captured.out and "[secret]" not in captured.err


def test_change_preview_of_an_encrypted_stack_says_it_once(project_dir, capsys) -> None:
    stack = project_dir("secured", SECURED_DEV)
    assert change.main([stack]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("note: encrypted values in the stack config (snowflakePrivateKey)") == 1
    assert "verdict: safe: no change (exit 0)" in captured.out


# --- YAML mistakes ----------------------------------------------------------------------------------------

YAML_MISTAKES = [
    (
        "tab",
        DEV.replace("  streaming-platform:brokerCount: 2", "\tstreaming-platform:brokerCount: 2"),
        "Pulumi.dev.yaml, line 6, column 1: found a tab character that violates indentation "
        "(YAML indents with spaces, never tabs)",
    ),
    (
        "indentation",
        DEV.replace("    azCount: 2", "      azCount: 2"),
        "Pulumi.dev.yaml, line 15, column 14: mapping values are not allowed in this context",
    ),
    (
        "duplicate key",
        DEV + "  streaming-platform:brokerCount: 4\n",
        f"Pulumi.dev.yaml, line {len(DEV.splitlines()) + 1}, column 3: key 'streaming-platform:brokerCount' is given "
        "twice (first on line 6)",
    ),
    (
        "duplicate nested key",
        DEV.replace("    azCount: 2\n", "    azCount: 2\n    azCount: 3\n"),
        "Pulumi.dev.yaml, line 16, column 5: key 'azCount' is given twice (first on line 15)",
    ),
    ("not a mapping", "- just\n- a list\n", "Pulumi.dev.yaml: must be a mapping with a `config` mapping"),
]


@pytest.mark.parametrize(("text", "message"), [m[1:] for m in YAML_MISTAKES], ids=[m[0] for m in YAML_MISTAKES])
def test_a_yaml_mistake_names_the_file_line_and_column(text: str, message: str) -> None:
    with pytest.raises(StackFileError) as error:
        stack_config("dev", files=files(text))
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_a_mistake_in_the_project_file_names_it() -> None:
    with pytest.raises(StackFileError, match=r"^Pulumi.yaml, line 2, column 1: found a tab character .* never tabs"):
        stack_config("dev", files={"Pulumi.yaml": "name: x\n\tdescription: y\n", "Pulumi.dev.yaml": DEV})


def exit_status(tool, argv: list[str]) -> int:
    """What a tool's `main` exits with, whether it returns the status or calls `sys.exit`."""
    try:
        return tool(argv)
    except SystemExit as leaving:
        return int(leaving.code)


@pytest.mark.parametrize("tool", [plan.main, change.main], ids=["plan", "change"])
def test_the_tools_exit_2_on_a_yaml_mistake_with_one_line(tool, project_dir, capsys) -> None:
    stack = project_dir("broken", DEV + "  streaming-platform:brokerCount: 4\n")
    assert exit_status(tool, [stack]) == 2
    err = capsys.readouterr().err.strip()
    line = len(DEV.splitlines()) + 1
    assert f"Pulumi.broken.yaml, line {line}, column 3: key 'streaming-platform:brokerCount' is given twice" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert "as committed at None" not in err


# --- uncommitted edits ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree (tracked and untracked files, as they are now) committed in a scratch repository."""
    folder = tmp_path_factory.mktemp("checkout")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        if (ROOT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "as committed"], cwd=folder, check=True)
    return folder


def test_default_base_is_head_only_when_the_stack_files_have_uncommitted_edits(checkout: Path) -> None:
    assert default_base("dev", checkout) is None
    stack_file = checkout / "Pulumi.dev.yaml"
    try:
        stack_file.write_text(DEV.replace("retentionHours: 24", "retentionHours: 1"))
        assert default_base("dev", checkout) == "HEAD"
        assert default_base("prod", checkout) is None
    finally:
        stack_file.write_text(DEV)


@pytest.mark.e2e
def test_an_edited_encrypted_stack_file_is_previewed_against_head_end_to_end(checkout: Path) -> None:
    """As a user runs it after `pulumi config set --secret` and an edit: a fresh process, no mocks of ours."""
    stack_file = checkout / "Pulumi.dev.yaml"
    stack_file.write_text(SALT + DEV.replace("retentionHours: 24", "retentionHours: 1"))
    try:
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "PYTEST"))}
        done = subprocess.run(
            [sys.executable, "-m", "tools.change", "dev"],
            cwd=checkout,
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
        )
    finally:
        stack_file.write_text(DEV)
    assert done.returncode == ATTENTION, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "change preview: stack dev, before = HEAD (Pulumi.yaml or Pulumi.dev.yaml has uncommitted edits; "
        "--base to choose)"
    )
    assert "update  aws:msk/configuration:Configuration  streaming-platform-dev-msk-config" in done.stdout
    assert lines[-1] == "verdict: needs attention: 2 warnings (read the lines above before applying) (exit 4)"
    assert (
        "  - data loss: topic orders keeps 24h -> 1h (it follows the cluster default retentionHours); records older "
        "than 1h are deleted at the next retention check" in lines
    )
    assert "program warning: Connectors not created yet" in done.stderr
    # each once, though four runs (first and second up, before and after) log them
    assert done.stderr.count("program warning: Connectors not created yet") == 1
    assert done.stderr.count("program warning: snowflake.accountUrl = 'example-account.snowflakecomputing.com'") == 1
    assert done.stderr.count("program warning:") == 2
    assert "Traceback" not in done.stderr


@pytest.mark.e2e
def test_make_plan_json_prints_only_the_document(checkout: Path) -> None:
    stamp, requirements = checkout / ".installed", checkout / "requirements.txt"
    stamp.touch()
    os.utime(requirements, (stamp.stat().st_mtime - 3600,) * 2)  # installed after the requirements last changed
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    done = subprocess.run(
        [
            "make",
            "plan",
            "STACK=dev",
            "ARGS=--json",
            f"VENV={Path(sys.executable).parent.parent}",
            f"STAMP={stamp}",
            f"PYTHON={sys.executable}",
        ],
        cwd=checkout,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["stack"] == "dev" and document["secondUp"]["resources"]
    assert done.stderr.startswith("program warning: snowflake.accountUrl = 'example-account.")
    assert "\nprogram warning: Connectors not created yet" in done.stderr


@pytest.mark.e2e
def test_make_installs_the_programs_requirements_for_a_plan_and_the_tooling_for_tests() -> None:
    dry = subprocess.run(["make", "-n", "plan", "test", "lint"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "bin/venv requirements.txt" in dry.stdout and "bin/venv requirements-dev.txt" in dry.stdout
    plan_only = subprocess.run(["make", "-n", "plan"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "requirements-dev.txt" not in plan_only
    tooling = (ROOT / "requirements-dev.txt").read_text()
    program = (ROOT / "requirements.txt").read_text()
    assert "-r requirements.txt" in tooling
    for tool in ("cfn-lint", "hypothesis", "ruff", "pytest-xdist"):
        assert f"\n{tool}==" in tooling and f"\n{tool}==" not in program
    for package in ("pulumi", "pulumi-aws", "pulumi-random", "pytest"):
        assert f"\n{package}==" in program


def venv(tmp_path: Path, python: str, requirements: Path, venv_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHON": python, "VENV": str(venv_dir)}
    return subprocess.run(
        [str(ROOT / "bin" / "venv"), str(requirements)], cwd=tmp_path, capture_output=True, text=True,
        env=environment, timeout=300,
    )  # fmt: skip


@pytest.mark.e2e
def test_a_python_older_than_3_11_is_refused_at_once(tmp_path: Path) -> None:
    old = tmp_path / "python3.10"
    old.write_text('#!/bin/sh\ncase "$2" in *sys.exit*) exit 1;; *print*) echo 3.10.14;; esac\n')
    old.chmod(0o755)
    (tmp_path / "requirements.txt").write_text("")
    done = venv(tmp_path, str(old), tmp_path / "requirements.txt", tmp_path / "v")
    assert done.returncode == 2
    assert done.stderr == (
        f"error: {old} is Python 3.10.14; this project needs Python 3.11 or newer: install one, then run make "
        "PYTHON=python3.11 ... (or python3.12, ...)\n"
    )
    assert not (tmp_path / "v").exists()


@pytest.mark.e2e
def test_a_venv_another_python_made_is_rebuilt_and_a_fresh_one_kept(tmp_path: Path) -> None:
    stale = tmp_path / "v" / "bin"
    stale.mkdir(parents=True)
    (stale / "python").write_text("#!/bin/sh\necho 3.9.18 /usr\n")
    (stale / "python").chmod(0o755)
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# nothing to install\n")
    base = sys.base_prefix
    python = str(Path(base) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}")
    done = venv(tmp_path, python, requirements, tmp_path / "v")
    assert done.returncode == 0, done.stderr
    assert "v was made by another Python (3.9.18 /usr); rebuilding it with" in done.stderr
    assert "first run: creating the Python environment in" in done.stderr
    assert "installing" in done.stderr and (tmp_path / "v" / ".installed-requirements").exists()
    made = subprocess.run([str(stale / "python"), "-c", "import sys; print(sys.base_prefix)"], capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip
    assert made == base
    again = venv(tmp_path, python, requirements, tmp_path / "v")
    assert again.returncode == 0 and again.stderr == "", "a venv of this Python, installed, is kept as it is"


# --- keys the Pulumi CLI refuses, or accepts and nothing reads ---------------------------------------

# An indentation slip: `natGateways` meant inside `network`, written at the config level.
SLIPPED = DEV.replace("    natGateways: single\n", "") + "  natGateways: perAz\n"


def test_a_key_without_a_namespace_is_the_projects_as_the_cli_reads_it() -> None:
    assert stack_config("dev", files=files(SLIPPED)).values["streaming-platform:natGateways"] == "perAz"


def test_an_indentation_slip_is_refused_naming_the_object_file_and_line(project_dir, capsys) -> None:
    stack = project_dir("slipped", SLIPPED)
    assert plan.main([stack]) == 2
    line = SLIPPED.splitlines().index("  natGateways: perAz") + 1
    (problem,) = capsys.readouterr().err.splitlines()[1:]
    assert problem == (
        "  - natGateways: unknown config key; `natGateways` is a field of network: indent it under "
        f"`streaming-platform:network` [Pulumi.slipped.yaml, line {line}]"
    )


@pytest.mark.parametrize(
    ("field", "owners"),
    [
        ("desiredCount", "schemaRegistry: indent it under `streaming-platform:schemaRegistry`"),
        ("accountUrl", "snowflake: indent it under `streaming-platform:snowflake`"),
        ("partitions", "topics: indent it under `streaming-platform:topics` (each entry)"),
        (
            "cidrs",
            "clientAccess or openMonitoring: indent it under `streaming-platform:clientAccess` or "
            "`streaming-platform:openMonitoring`",
        ),
        ("azCount", "network: indent it under `streaming-platform:network`"),
    ],
)
def test_the_indentation_hint_names_the_object_the_field_belongs_to(config_error, field: str, owners: str) -> None:
    assert f"  - {field}: unknown config key; `{field}` is a field of {owners}" in config_error("dev", {field: 1})


def test_a_key_of_three_parts_is_refused_as_the_cli_refuses_it() -> None:
    with pytest.raises(StackFileError) as refused:
        stack_config("dev", files=files(DEV + "  a:b:c: 1\n"))
    assert str(refused.value) == (
        f"Pulumi.dev.yaml, line {len(DEV.splitlines()) + 1}: could not parse a:b:c as a configuration key "
        "(configuration keys should be of the form `<namespace>:<name>`), as the Pulumi CLI refuses it"
    )


def test_the_cli_s_old_config_module_form_is_read_as_the_project_s_key() -> None:
    text = DEV.replace("  streaming-platform:retentionHours: 24", "  streaming-platform:config:retentionHours: 48")
    assert stack_config("dev", files=files(text)).values["streaming-platform:retentionHours"] == "48"


def test_a_misspelled_project_namespace_is_refused_by_the_program(config_error) -> None:
    message = config_error("dev", {"streaming-platfrom:brokerCount": 4})
    assert "streaming-platfrom:brokerCount: namespace 'streaming-platfrom' is not this project's" in message
    assert "did you mean streaming-platform:brokerCount?" in message


def test_provider_namespaces_are_not_typos(run_stack) -> None:
    run_stack("dev", {"aws:skipMetadataApiCheck": "true", "pulumi:disable-default-providers": "[]"})


def test_a_yaml_error_reads_the_same_from_the_plan_and_the_change_preview(project_dir, capsys) -> None:
    stack = project_dir("broken", DEV + "\tbad: 1\n")
    assert plan.main([stack]) == 2
    from_plan = capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        change.main([stack])
    from_change = capsys.readouterr().err
    assert exit_.value.code == 2
    line = len(DEV.splitlines()) + 1
    assert from_plan.startswith(f"error: Pulumi.broken.yaml, line {line}, column 1: found a tab character")
    assert from_change.startswith(f"error: Pulumi.broken.yaml, line {line}, column 1: found a tab character")


# --- refusals as the user wrote them, and where -----------------------------------------------------


def refusal_of(text: str, argv: list[str], project_dir, capsys) -> list[str]:
    stack = project_dir("mine", text)
    assert plan.main([stack, *argv]) == 2
    return capsys.readouterr().err.splitlines()[1:]


def test_a_refused_value_is_echoed_as_written_with_its_file_and_line(project_dir, capsys) -> None:
    text = DEV.replace("    azCount: 2\n", "    azCount: ~\n").replace(
        "    natGateways: single\n", "    natGateways: yes\n"
    )
    lines = text.splitlines()
    az, nat = lines.index("    azCount: ~") + 1, lines.index("    natGateways: yes") + 1
    problems = refusal_of(text, [], project_dir, capsys)
    assert f"  - network.azCount = ~: allowed: 2 or 3 [Pulumi.mine.yaml, line {az}]" in problems
    # a string stays quoted, as the program shows it: `yes` is a string to the Pulumi CLI (YAML 1.2)
    assert any(p.startswith("  - network.natGateways = 'yes': ") and p.endswith(f"line {nat}]") for p in problems)


def test_a_value_of_another_type_than_declared_is_refused_before_the_program_with_its_line(project_dir, capsys) -> None:
    text = DEV.replace("streaming-platform:protect: false", "streaming-platform:protect: no")
    line = text.splitlines().index("  streaming-platform:protect: no") + 1
    stack = project_dir("mine", text)
    assert plan.main([stack]) == 2
    assert capsys.readouterr().err.strip() == (
        f"error: validating stack config: Stack 'mine' with configuration key 'protect' must be of type 'boolean' "
        f"(Pulumi.mine.yaml, line {line}), and 'no' is not one (Pulumi.yaml declares its type; the Pulumi CLI "
        "refuses the stack before the program runs)"
    )


def test_a_nested_value_is_located_on_its_own_line(project_dir, capsys) -> None:
    text = DEV.replace("      partitions: 3\n    - name: customers", "      partitions: 0\n    - name: customers")
    line = text.splitlines().index("      partitions: 0") + 1
    assert refusal_of(text, [], project_dir, capsys) == [
        f"  - topics[0].partitions = 0: must be a whole number of at least 1 [Pulumi.mine.yaml, line {line}]"
    ]


def test_an_override_is_echoed_as_typed_and_not_located(project_dir, capsys) -> None:
    (problem,) = refusal_of(DEV, ["-c", "network.azCount=2.5e0"], project_dir, capsys)
    assert problem == "  - network.azCount = 2.5e0: allowed: 2 or 3"


def test_an_unknown_key_in_the_stack_file_is_located(project_dir, capsys) -> None:
    text = DEV + "  streaming-platform:retentionHour: 48\n"
    line = len(text.splitlines())
    (problem,) = refusal_of(text, [], project_dir, capsys)
    assert problem.startswith("  - retentionHour: unknown config key; did you mean retentionHours?")
    assert problem.endswith(f"[Pulumi.mine.yaml, line {line}]")
