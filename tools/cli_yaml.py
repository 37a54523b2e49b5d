"""Stack and project files read as the Pulumi CLI reads them, and config values as it hands them on.

The CLI decodes its YAML with Go's gopkg.in/yaml.v3 (YAML 1.2's core schema,
with a few habits of its own) and stores every config value as a string
(pulumi sdk/go/common/resource/config: a scalar becomes its Go JSON text, an
object or list its JSON document). PyYAML reads YAML 1.1, which differs on
exactly the values a user edits by hand: `yes`/`no`/`on`/`off` are booleans
there and strings here; `1e2` is a string there and 100 here; `1:30` is 90
there. So the offline tools use this loader, whose plain-scalar resolution
was written against the real CLI (`make test-cli` compares the two on
hundreds of generated stack files; docs/development.md):

- `true`/`false` (any case Go accepts: `true`, `True`, `TRUE`) are booleans;
  `yes`, `no`, `on`, `off`, `y`, `n` are strings;
- `~`, `null`, an empty value are null (a flat key the CLI then reads as the
  empty string, with a warning);
- integers as Go's `strconv.ParseInt(s, 0, 64)` reads them once `_` are
  dropped: `1_000`, `0x1F`, `0o17`, and `017` (octal, 15);
- floats as YAML 1.2 writes them (`1e2`, `24.0`); a float the CLI passes on
  as Go's JSON writes it: `100` for `1e2`, `1e+21`, `1.5`;
- timestamps (`2001-12-14`, `2001-12-14T21:59:43Z`) as Go prints a time:
  `2001-12-14 00:00:00 +0000 UTC`;
- anything else is a string (`1:30`, `0b2`); `.inf` and `.nan` are refused.
"""

from __future__ import annotations

import datetime
import decimal
import json
import re
from typing import Any

import yaml

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NUMBER_TAG, TIME_TAG = "tag:pulumi-cli,2026:number", "tag:pulumi-cli,2026:time"

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
# Candidates for Go's ParseInt(base 0) after `_` are dropped; the constructor decides.
_INT = re.compile(r"^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$")
# yaml.v3's yamlStyleFloat, on the text without `_`.
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$")
# yaml.v3's timestamp layouts (resolve.go, allowedTimestampFormats, as Go's time.Parse reads
# them): "2006-1-2T15:4:5.999999999Z07:00" (and with t), "2006-1-2 15:4:5.999999999" (one
# space, no zone), "2006-1-2". A time with T needs its zone: Z or +hh:mm.
_TIME = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?:[Tt](?P<H>\d{1,2}):(?P<M>\d{1,2}):(?P<S>\d{1,2})(?P<f>\.\d+)?(?P<z>Z|[-+]\d{2}:\d{2}))"
    r"|(?: (?P<h2>\d{1,2}):(?P<m2>\d{1,2}):(?P<s2>\d{1,2})(?P<f2>\.\d+)?))?$"
)


def go_parse_int(text: str) -> int | None:
    """Go's strconv.ParseInt(text, 0, 64): base from the prefix (0x, 0o, 0b, or a leading 0: octal)."""
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text.removeprefix("+"))
    lower = digits.lower()
    try:
        if lower.startswith("0x"):
            value = int(digits[2:], 16)
        elif lower.startswith("0o"):
            value = int(digits[2:], 8)
        elif lower.startswith("0b"):
            value = int(digits[2:], 2)
        elif len(digits) > 1 and digits.startswith("0"):
            value = int(digits[1:], 8)
        else:
            value = int(digits, 10)
    except ValueError:
        return None
    value *= sign
    return value if -(2**63) <= value < 2**63 else None


class _CliLoader(_BASE):  # type: ignore[misc,valid-type]
    """yaml.v3's reading: its plain-scalar resolution, and a key given twice refused."""

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)  # `<<` merge keys, as yaml.v3 has them
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in first_line:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is given twice (first on line {first_line[key]})", key_node.start_mark
                )
            first_line[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def _resolve(tag: str, pattern: re.Pattern[str], first: str) -> None:
    _CliLoader.add_implicit_resolver(tag, pattern, list(first) or None)


_DIGITS = "0123456789-+."
_resolve("tag:yaml.org,2002:bool", _BOOL, "tTfF")
_resolve("tag:yaml.org,2002:null", _NULL, "~nN")
_CliLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])
_resolve("tag:yaml.org,2002:merge", re.compile(r"^<<$"), "<")
_resolve(TIME_TAG, _TIME, "0123456789")
# An int, or a float, or an int Go's ParseInt refuses (`09`), with its `_` dropped; `.inf`, `.nan` refused.
_resolve(NUMBER_TAG, _INT, _DIGITS)
_resolve(NUMBER_TAG, re.compile(r"^[-+]?[0-9_.]*[0-9][0-9_.]*(?:[eE][-+]?[0-9]+)?$"), _DIGITS)
_resolve(NUMBER_TAG, _SPECIAL_FLOAT, "-+.")


class GoTime(str):
    """A timestamp as Go's time.Time.String() prints it (the CLI passes that text on)."""


def _construct_number(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> Any:
    text = str(node.value).replace("_", "")
    if _SPECIAL_FLOAT.match(str(node.value)):
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value} is not a number JSON can hold (the Pulumi CLI refuses it)", node.start_mark
        )
    if _INT.match(text) and (value := go_parse_int(text)) is not None:
        return value
    if _FLOAT.match(text):
        return float(text)
    return str(node.value)  # not a number after all: a string, as yaml.v3 reads it


def _construct_time(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> Any:
    match = _TIME.match(str(node.value))
    assert match is not None
    hour, minute, second = (int(match[a] or match[b] or 0) for a, b in (("H", "h2"), ("M", "m2"), ("S", "s2")))
    try:
        moment = datetime.datetime(int(match["y"]), int(match["m"]), int(match["d"]), hour, minute, second)
    except ValueError:  # Go's time.Parse refuses it, and yaml.v3 keeps the text
        return str(node.value)
    fraction = (match["f"] or match["f2"] or "").rstrip("0").rstrip(".")
    zone = match["z"]
    # time.Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST"; a fixed zone is named by its offset.
    offset = "+0000 UTC" if zone in (None, "Z") else f"{zone.replace(':', '')} {zone.replace(':', '')}"
    return GoTime(f"{moment:%Y-%m-%d %H:%M:%S}{fraction} {offset}")


_CliLoader.add_constructor(NUMBER_TAG, _construct_number)
_CliLoader.add_constructor(TIME_TAG, _construct_time)


def load(text: str) -> Any:
    """A YAML document as the Pulumi CLI decodes it."""
    return yaml.load(text, Loader=_CliLoader)


# --- values as the CLI hands them to the program ----------------------------------------------------


def go_float(value: float) -> str:
    """Go's encoding/json text of a float64: the shortest digits that read back, in `f` form
    from 1e-6 up to 1e21 (`100` for 1e2, `1.5`), else in `e` form (`1e+21`, `1e-7`)."""
    if value == 0:
        return "0"
    if 1e-6 <= abs(value) < 1e21:
        text = format(decimal.Decimal(repr(value)), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    mantissa, exponent = repr(value).split("e")
    if exponent.startswith("-0"):
        exponent = "-" + exponent[2:]
    return f"{mantissa.removesuffix('.0')}e{exponent}"


def go_json(value: Any) -> str:
    """Go's encoding/json text of a decoded value: keys sorted, no spaces, `<`, `>`, `&`
    and the line and paragraph separators escaped, floats as Go writes them."""

    def encode(item: Any) -> str:
        if item is None:
            return "null"
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, int):
            return str(item)
        if isinstance(item, float):
            return go_float(item)
        if isinstance(item, str):
            text = json.dumps(item, ensure_ascii=False)
            for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                                  ("\u2029", "\\u2029")):  # fmt: skip
                text = text.replace(char, escaped)
            return text
        if isinstance(item, dict):
            pairs = sorted((str(k), v) for k, v in item.items())
            return "{" + ",".join(f"{encode(k)}:{encode(v)}" for k, v in pairs) + "}"
        if isinstance(item, (list, tuple)):
            return "[" + ",".join(encode(v) for v in item) + "]"
        return encode(str(item))

    return encode(value)


def cli_string(value: Any) -> str:
    """A config value as the CLI passes it to the program (config.Value: a scalar's text, an
    object's JSON); null at the top is the empty string, as the CLI reads it (with a warning)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return str(value)
    return go_json(value)
