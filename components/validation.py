"""Building blocks of the config models: collect problems, read raw values.

Every config model (`settings`, `schema_registry_settings`, ...) reports into
one `Problems` list, so a user sees everything wrong with a stack in one run,
each line naming the key as typed in `pulumi config set`, the bad value and
what is allowed.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar


class ConfigError(ValueError):
    """The stack configuration is invalid; `problems` lists every reason."""

    def __init__(self, stack: str, problems: Sequence[str]) -> None:
        self.stack = stack
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"invalid configuration for stack '{stack}' ({count} {noun}); nothing was created:\n{lines}")


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 broker`, `3 brokers` (`nouns` when adding an s is not the plural)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def show(value: Any) -> str:
    """A value as the user would recognise it in a message."""
    return json.dumps(value) if not isinstance(value, str) else repr(value)


class Problems:
    """Collects `key = value: rule` lines.

    A refused key's value is replaced by a stand-in so that parsing can go on
    and report every other problem; rules that compare against another key
    ask `refused(key)` first, so no line ever shows a stand-in the user never
    gave (e.g. `brokerCount = abc` must not be followed by `brokerCount = 2: ...`).
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._keys: set[str] = set()

    def add(self, key: str, value: Any, rule: str) -> None:
        self.lines.append(f"{key} = {show(value)}: {rule}")
        self._keys.add(key)

    def add_key(self, key: str, rule: str) -> None:
        """A problem with a key whose value must not be shown."""
        self.lines.append(f"{key}: {rule}")
        self._keys.add(key)

    def refused(self, *keys: str) -> bool:
        """Whether any of `keys` has been refused already."""
        return any(key in self._keys for key in keys)


def as_int(value: Any) -> int | None:
    """A whole number from a native int or a CLI string; None otherwise (bools are not numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None


def as_bool(value: Any) -> bool | None:
    """A boolean from a native bool or the CLI strings `true` / `false`; None otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def flag(key: str, value: Any, problems: Problems, default: bool = False) -> bool:
    """A true/false setting (`as_bool`); anything else is recorded under `key`
    and `default` stands in so that later rules can still run."""
    parsed = as_bool(value)
    if parsed is None:
        problems.add(key, value, "must be true or false")
        return default
    return parsed


def check_keys(key: str, obj: Mapping[str, Any], allowed: Sequence[str], problems: Problems) -> None:
    """Refuse unknown keys in an object: a typo must not silently fall back to a
    default. The nearest allowed key is suggested (`partitons` -> `partitions`)."""
    for unknown in sorted(set(obj) - set(allowed)):
        close = difflib.get_close_matches(str(unknown), list(allowed), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        problems.add(f"{key}.{unknown}", obj[unknown], f"unknown key; allowed keys: {', '.join(allowed)}{hint}")


def misspelled(obj: Mapping[str, Any], key: str, allowed: Sequence[str]) -> bool:
    """Whether `obj` lacks `key` but has an unknown key that is its near miss (already
    reported by `check_keys`): the missing key need not be reported a second time."""
    if key in obj:
        return False
    unknown = [k for k in obj if k not in allowed]
    return any(difflib.get_close_matches(str(k), [key], n=1, cutoff=0.6) for k in unknown)


def one_of(key: str, value: Any, allowed: Sequence[Any], problems: Problems) -> None:
    if value not in allowed:
        problems.add(key, value, f"not supported; allowed: {', '.join(str(a) for a in allowed)}")


def string_list(key: str, value: Any, problems: Problems) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.add(key, value, "must be a list of strings")
        return []
    return value


def int_in_range(
    key: str, obj: Mapping[str, Any], name: str, *, default: int, lo: int, hi: int, problems: Problems
) -> int:
    """`obj[name]` as a whole number in `lo..hi`, else record a problem and return `default`."""
    raw = obj.get(name, default)
    value = as_int(raw)
    if value is None or not lo <= value <= hi:
        problems.add(f"{key}.{name}", raw, f"must be a whole number from {lo} to {hi}")
        return default
    return value


class _Named(Protocol):
    @property
    def name(self) -> str: ...


NamedT = TypeVar("NamedT", bound=_Named)


def parse_named_objects(
    key: str,
    items: Sequence[Any],
    *,
    allowed: Sequence[str],
    shape: str,
    parse: Callable[[str, Mapping[str, Any]], NamedT],
    duplicate: str,
    problems: Problems,
) -> tuple[NamedT, ...]:
    """A list of objects `key[i]` with unique names: each entry must be an
    object of `shape` with `allowed` keys, parsed by `parse(entry_key, entry)`;
    a repeated name is refused with the `duplicate` rule."""
    parsed: list[NamedT] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        item_key = f"{key}[{i}]"
        if not isinstance(item, dict):
            problems.add(item_key, item, f"must be an object {shape}")
            continue
        check_keys(item_key, item, allowed, problems)
        entry = parse(item_key, item)
        if entry.name in seen:
            problems.add(f"{item_key}.name", entry.name, duplicate)
        seen.add(entry.name)
        parsed.append(entry)
    return tuple(parsed)
