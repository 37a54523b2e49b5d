"""The offline tools read stack files as the Pulumi CLI does (tools/cli_yaml.py). Each
row was read off the real CLI 3.274.0 (`pulumi config --json --show-secrets` of the dev
stack with that value, on a file backend); `make test-cli` compares the two on hundreds
of generated stack files."""

from __future__ import annotations

import pytest

from tools import cli_yaml
from tools.mock_runner import ROOT, StackFileError, stack_config

# (as written in the stack file, what the CLI hands the program for a flat key)
OBSERVED = [
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"), ("n", "n"),  # YAML 1.1 booleans: strings
    ("1e2", "100"), ("24.0", "24"), ("1e21", "1e+21"),  # floats as Go's JSON writes them
    ("0o17", "15"), ("017", "15"), ("0x1F", "31"), ("1_000", "1000"), ("-0", "0"), ("+12", "12"),
    ("1:30", "1:30"),  # no sexagesimal numbers
    ("2001-12-14", "2001-12-14 00:00:00 +0000 UTC"),  # timestamps as Go prints a time
    ("2001-12-14T21:59:43Z", "2001-12-14 21:59:43 +0000 UTC"),
    ("2001-12-14T21:59:43.10+05:00", "2001-12-14 21:59:43.1 +0500 +0500"),
    ("2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43.10 -5"),  # no layout of yaml.v3's: a string
    ("2001-12-14T21:59:43", "2001-12-14T21:59:43"),  # a T time needs its zone
    ("2001-13-14", "2001-13-14"),  # no such month: a string
    ("~", ""), ("null", ""), ("", ""),  # null: the empty string (the CLI warns)
    ('"24"', "24"), ("False", "false"),
]  # fmt: skip
DEV = (ROOT / "Pulumi.dev.yaml").read_text()
PROJECT = (ROOT / "Pulumi.yaml").read_text()


@pytest.mark.parametrize(("written", "passed"), OBSERVED, ids=[w or "empty" for w, _ in OBSERVED])
def test_a_flat_value_reaches_the_program_as_the_cli_hands_it(written: str, passed: str) -> None:
    text = DEV.replace("streaming-platform:alarmEmail", "x").replace(
        "  streaming-platform:enhancedMonitoring: PER_BROKER", f"  streaming-platform:alarmEmail: {written}"
    )
    if "alarmEmail" not in text:
        text += f"  streaming-platform:alarmEmail: {written}\n"
    values = stack_config("dev", files={"Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": text}).values
    assert values["streaming-platform:alarmEmail"] == passed


def test_an_object_reaches_the_program_as_the_cli_writes_its_json() -> None:
    """Keys sorted, no spaces, numbers as Go writes them, `<>&` escaped."""
    text = DEV + "  streaming-platform:serverProperties:\n    zeta: 1e2\n    alpha: <a&b>\n    mid: yes\n"
    values = stack_config("dev", files={"Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": text}).values
    assert values["streaming-platform:serverProperties"] == '{"alpha":"\\u003ca\\u0026b\\u003e","mid":"yes","zeta":100}'


def test_infinity_is_refused_as_the_cli_refuses_it() -> None:
    with pytest.raises(StackFileError, match=r"\.inf is not a number JSON can hold"):
        stack_config("dev", files={"Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": DEV + "  aws:retries: .inf\n"})


@pytest.mark.parametrize(
    ("value", "text"),
    [(100.0, "100"), (1.5, "1.5"), (1e21, "1e+21"), (1e-7, "1e-7"), (2.5e-7, "2.5e-7"),
     (123456789.125, "123456789.125"), (1e20, "100000000000000000000"), (0.000001, "0.000001"), (-3.0, "-3")],
)  # fmt: skip
def test_floats_are_written_as_gos_encoding_json_writes_them(value: float, text: str) -> None:
    assert cli_yaml.go_float(value) == text


def test_merge_keys_and_anchors_are_read() -> None:
    assert cli_yaml.load("a: &base {x: 1}\nb:\n  <<: *base\n  y: 2\n")["b"] == {"x": 1, "y": 2}


def test_a_key_given_twice_is_refused() -> None:
    with pytest.raises(Exception, match="given twice"):
        cli_yaml.load("a: 1\na: 2\n")
