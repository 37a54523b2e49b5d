"""The offline tools read a stack file as the real Pulumi CLI does (issue: the CLI is the
reference, not our reading of its source).

For each of ~290 stack files made from the committed dev stack (YAML 1.1-only scalars,
octal and sexagesimal numbers, `1_000`, whole floats, exponents, hex, timestamps, nulls,
quoted and block strings, anchors and merge keys, comments, duplicate keys, tabs, keys
with and without namespace, `<ns>:config:<k>`, other providers' namespaces, nested objects
and lists), two judges of the CLI:

- `pulumi config --json --show-secrets`: what `pulumi up` hands the program; the
  offline `stack_config` must hand it the same text for every key;
- `pulumi preview`, up to the first missing plugin: whether the CLI accepts the stack
  config (it checks each value against the type Pulumi.yaml declares); the offline tools
  must accept and refuse the same files, naming the same key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tools.mock_runner import ROOT, StackFileError, stack_config

from .conftest import Cli

pytestmark = pytest.mark.cli

DEV = (ROOT / "Pulumi.dev.yaml").read_text()
PROJECT = (ROOT / "Pulumi.yaml").read_text()

# Plain, quoted and block scalars whose reading differs between YAML 1.1, YAML 1.2 and Go's yaml.v3.
SCALARS = [
    "yes", "no", "on", "off", "y", "n", "Y", "NO", "True", "TRUE", "true", "false", "FALSE",
    "~", "null", "Null", "",
    "0o17", "017", "09", "0x1F", "0X1f", "0b101", "1_000", "1_0.5", "1:30", "190:20:30",
    "1e2", "1E2", "1e+2", "24.0", "2.5", ".5", "1.", "-1", "+12", "-0", "0.0", "1e-7", "1e21",
    "123456789012345678901234567890",
    "2001-12-14", "2001-12-14T21:59:43Z", "2001-12-14 21:59:43.10 -5", "2001-12-14T21:59:43.10+05:00",
    "2001-12-14 21:59:43.10", "2001-12-14T21:59:43", "2001-2-3", "2001-13-14",
    '"24"', "'24'", '"yes"', '"1e2"', "abc # a comment", "'a: b'", "[1, 2]", "{a: 1}",
    "|\n{indent}  24\n", ">-\n{indent}  folded\n{indent}  text\n",
]  # fmt: skip
# Where a scalar goes: (label, the line as committed, its key's indentation).
PLACES = [
    ("flat integer", "  streaming-platform:retentionHours: 24", "  "),
    ("flat boolean", "  streaming-platform:protect: false", "  "),
    ("flat string", "  streaming-platform:enhancedMonitoring: PER_BROKER", "  "),
    ("nested integer", "    azCount: 2", "    "),
    ("nested string", "    compatibilityLevel: BACKWARD", "    "),
    ("list entry", "      partitions: 3", "      "),
]


@dataclass(frozen=True)
class Case:
    name: str
    text: str


def scalar_cases() -> list[Case]:
    cases = []
    for label, line, indent in PLACES:
        head = line[: line.rindex(":") + 1]
        for scalar in SCALARS:
            value = scalar.replace("{indent}", indent)
            text = DEV.replace(line + "\n", f"{head} {value}\n" if "\n" not in value else f"{head} {value}", 1)
            assert text != DEV or value == line.split(": ")[-1], (label, scalar)
            cases.append(Case(f"{label}={scalar.splitlines()[0] if scalar else '(empty)'}", text))
    return cases


def structural_cases() -> list[Case]:
    return [
        Case("comments everywhere", DEV.replace("\n  streaming-platform:brokerCount: 2\n",
                                                "\n  # a comment\n  streaming-platform:brokerCount: 2   # two\n")),
        Case("anchor and merge key", DEV + "  streaming-platform:clientAccess2: &access {cidrs: [10.0.0.0/8]}\n"
                                           "  streaming-platform:openMonitoring:\n    <<: *access\n"),
        Case("a key given twice", DEV + "  streaming-platform:brokerCount: 4\n"),
        Case("a nested key given twice", DEV.replace("    azCount: 2\n", "    azCount: 2\n    azCount: 3\n")),
        Case("a tab", DEV.replace("  streaming-platform:brokerCount: 2", "\tstreaming-platform:brokerCount: 2")),
        Case("a bare key", DEV.replace("  streaming-platform:retentionHours: 24", "  retentionHours: 48")),
        Case("a bare object field", DEV.replace("    natGateways: single\n", "") + "  natGateways: perAz\n"),
        Case("config module form", DEV.replace("  streaming-platform:retentionHours: 24",
                                               "  streaming-platform:config:retentionHours: 48")),
        Case("a key of three parts", DEV + "  a:b:c: 1\n"),
        Case("another provider's namespace", DEV + "  aws:profile: deployer\n  random:seed: 7\n"),
        Case("a misspelled namespace", DEV + "  streaming-platfrom:brokerCount: 4\n"),
        Case("a list of objects", DEV.replace(
            "    - name: customers\n",
            "    - {name: customers, replicationFactor: 2.0, retentionHours: 1e2}\n    - name: customers2\n")),
        Case("a nested list", DEV.replace("      - 10.40.0.0/16\n", "      - 10.40.0.0/16\n      - [10.41.0.0/16]\n")),
        Case("an empty object", DEV.replace(
            "  streaming-platform:clientAccess:\n",
            "  streaming-platform:openMonitoring: {}\n  streaming-platform:clientAccess:\n")),
        Case("an unknown top-level key", "unknown: 1\n" + DEV),
        Case("config not a mapping", "config: [1, 2]\n"),
        Case("a plain value with a colon", DEV + "  streaming-platform:alarmEmail: a:b@example.com\n"),
        Case("a string with <, > and &", DEV.replace("    compatibilityLevel: BACKWARD",
                                                     "    compatibilityLevel: \"<a&b>\"")),
    ]  # fmt: skip


CASES = scalar_cases() + structural_cases()


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 200 and len({c.name for c in CASES}) == len(CASES)


def offline(text: str, check_types: bool) -> dict[str, str] | StackFileError:
    files = {"Pulumi.yaml": PROJECT, "Pulumi.judged.yaml": text}
    try:
        return stack_config("judged", files=files, check_types=check_types).values
    except StackFileError as error:
        return error


_TYPE_REFUSAL = re.compile(r"Stack 'judged' with configuration key '(?P<key>[^']+)' must be of type '(?P<type>\w+)'")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_offline_tools_read_a_stack_file_as_the_cli_does(cli: Cli, case: Case) -> None:
    cli.write(case.text)
    read = cli.config()
    values = offline(case.text, check_types=False)
    if isinstance(read, str):  # the CLI refuses the file itself
        assert isinstance(values, StackFileError), f"the CLI refuses it ({read}); offline read {values}"
        return
    assert not isinstance(values, StackFileError), f"the CLI reads it; offline refused: {values}"
    plain = {key: entry["value"] for key, entry in read.items() if not entry.get("secret")}
    assert {k: v for k, v in values.items() if k in plain} == plain
    assert set(values) == set(read)
    refusal = cli.preview_refusal()
    judged = offline(case.text, check_types=True)
    if refusal is None:
        assert not isinstance(judged, StackFileError), f"pulumi preview accepts it; offline refused: {judged}"
        return
    cli_key = _TYPE_REFUSAL.search(refusal)
    assert isinstance(judged, StackFileError), f"pulumi preview refuses it ({refusal}); offline accepted"
    assert cli_key is not None, refusal
    ours = [m.group("key", "type") for m in _TYPE_REFUSAL.finditer(str(judged))]
    assert cli_key.group("key", "type") == ours[0], (refusal, str(judged))
