"""Settings declared once: a component's model field carries its stack-config key, its
documentation and the default a stack gets, next to its type and the component's default.

    retention_hours: int = setting(168, key="retentionHours", stack_default=24,
                                   doc="Cluster default log.retention.hours.", rules="1..2147483647 ...")

Everything that repeats a setting is derived from the declarations: the names a problem
is reported under (stack key, Python field, provider input), the keys an object accepts,
the defaults of the stack and of the component, and the generated files
(`Pulumi.yaml`'s config block and docs/configuration.md's key tables, `make generate`).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

import pulumi

METADATA = "setting"


class _Same:
    """A stack default equal to the component's."""

    def __repr__(self) -> str:
        return "SAME"


SAME: Any = _Same()


@dataclass(frozen=True)
class Offered:
    """How the component provider offers a field to other languages, where that is not the
    field itself (its name, its type, whether it is required)."""

    name: str | None = None
    """The input's name (snake_case; the schema has its camelCase); dotted: a field of a
    nested input object (`resource.type`)."""
    flatten: str | None = None
    """The field's own fields are inputs of their own, each with this prefix (`""`: none)."""
    type: str | None = None
    """The input's type, where the field's annotation does not say it (an enum, an object)."""
    required: bool | None = None
    """Whether a program must give it; None: when the field has no default."""
    doc: str | None = None
    """What the input is, where the field's docstring speaks of Python (pairs, None)."""
    python_only: str | None = None
    """Why other languages do not get the field (`python_only(...)`); None: they do."""


OFFERED = Offered()


def python_only(reason: str) -> Offered:
    """`offered=python_only(why)`: a field other languages do not get (a callable, a resource
    of the caller's program, a setting the provider leaves at its default), and why."""
    return Offered(python_only=reason)


@dataclass(frozen=True)
class Setting:
    """What a model field declares besides its type and default."""

    key: str | None = None
    """The stack-config key, relative to the model's object (`retentionHours`,
    `clientAccess.cidrs`); None: a field of the component alone."""
    doc: str = ""
    """One line: what it is (Pulumi.yaml's description; the provider's)."""
    rules: str = ""
    """What is allowed and what a change does (docs/configuration.md, markdown)."""
    stack_default: Any = SAME
    """What an absent stack key means, where it differs from the component's default."""
    default_text: str | None = None
    """The default as the docs state it, where the value alone does not say it."""
    model: type | None = None
    """The model of the field's value (or of each item of a list), whose own declared
    keys continue the path: `topics[2].replicationFactor`."""
    stack_form: Callable[[Any], Any] | None = None
    """The value as stack config writes it, where that is not the field's own shape (pairs
    written as an object): what `stack_form()` puts under the key."""
    offered: Offered = OFFERED
    """How the component provider offers it (`tools.generate` writes the input types)."""


def setting(
    default: Any = dataclasses.MISSING,
    *,
    default_factory: Callable[[], Any] | Any = dataclasses.MISSING,
    key: str | None = None,
    doc: str = "",
    rules: str = "",
    stack_default: Any = SAME,
    default_text: str | None = None,
    model: type | None = None,
    stack_form: Callable[[Any], Any] | None = None,
    offered: Offered = OFFERED,
) -> Any:
    """A dataclass field that declares a setting (see the module docstring)."""
    metadata = {METADATA: Setting(key, doc, rules, stack_default, default_text, model, stack_form, offered)}
    return dataclasses.field(default=default, default_factory=default_factory, metadata=metadata)  # type: ignore[call-overload]


@dataclass(frozen=True)
class Declared:
    """One field of a model, as declared."""

    name: str
    """The Python field."""
    type: str
    """Its annotation as written (`int`, `str | None`, `Sequence[str]`)."""
    default: Any
    """The component's default (`dataclasses.MISSING`: required)."""
    setting: Setting

    @property
    def key(self) -> str | None:
        return self.setting.key

    @property
    def stack_default(self) -> Any:
        chosen = self.setting.stack_default
        return self.default if chosen is SAME else chosen

    @property
    def required(self) -> bool:
        return self.default is dataclasses.MISSING

    @property
    def required_in_stack(self) -> bool:
        """A key a stack must set, its default only a placeholder (`""`): the docs say `required`."""
        return self.required or self.setting.default_text == "required"


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def _default(found: dataclasses.Field) -> Any:
    if found.default is not dataclasses.MISSING:
        return found.default
    if found.default_factory is not dataclasses.MISSING:
        return found.default_factory()
    return dataclasses.MISSING


@functools.cache
def declared(model: type) -> tuple[Declared, ...]:
    """Every field of `model` with what it declares (a field without `setting()` declares
    nothing but its type and default)."""
    return tuple(
        Declared(f.name, str(f.type), _default(f), f.metadata.get(METADATA, Setting()))
        for f in dataclasses.fields(model)
    )


def stack_keyed(model: type) -> tuple[Declared, ...]:
    """The fields a stack key sets."""
    return tuple(d for d in declared(model) if d.key is not None)


def stack_keys(model: type, under: str = "") -> tuple[str, ...]:
    """The keys of the model's stack-config object, top-level ones (`clientAccess`) once;
    with `under`, the keys of that nested object (`buffer` -> `countRecords`, ...)."""
    keys = [str(d.key) for d in stack_keyed(model)]
    if under:
        keys = [k.removeprefix(f"{under}.") for k in keys if k.startswith(f"{under}.")]
    return tuple(dict.fromkeys(k.split(".")[0] for k in keys))


def field_names(model: type) -> dict[str, str]:
    """Stack key -> Python field, for the renaming of problems (longest key first)."""
    names = {str(d.key): d.name for d in stack_keyed(model)}
    return dict(sorted(names.items(), key=lambda item: len(item[0]), reverse=True))


_LEFT_OUT: Any = object()  # a value stack config would not hold (unset, or known only at deploy time)


def stack_form(model: type, values: Any) -> dict[str, Any]:
    """`values` as the stack config of `model` writes them: a model instance, or a mapping of
    its Python field names (the component provider's inputs; a field left out there has the
    model's default). Each keyed field goes under its key path (`clientAccess.cidrs` nests),
    a nested model in its own form. Left out, as an absent key means the same: None, and
    of a key a stack may leave out, empty lists and objects and a value equal to its stack
    default; left out too, values known only at deploy time (an `Output`: AWS judges those).
    A required key is always written, so that a rule shows the value it refuses.

    The rules judge stack config: this is how the Python API's arguments and the provider's
    inputs reach them, each problem named back in the caller's terms (`python_path`)."""
    shaped: dict[str, Any] = {}
    for d in stack_keyed(model):
        value = _shaped(d, _value_of(values, d))
        if value is _LEFT_OUT or value is None:
            continue
        if not d.required_in_stack and (value in ([], {}) or value == _shaped(d, d.stack_default)):
            continue
        *parents, last = str(d.key).split(".")
        target = shaped
        for parent in parents:
            target = target.setdefault(parent, {})
        target[last] = value
    return shaped


def _value_of(values: Any, d: Declared) -> Any:
    """The field's value; a field a mapping leaves out has the model's default, unless the
    stack requires it (left out, the rule says so)."""
    if isinstance(values, Mapping):
        value = values.get(d.name)
        return d.default if value is None and not d.required_in_stack else value
    return getattr(values, d.name, None)


def _keyed_model(value: Any, declared_model: type | None) -> type | None:
    """The model whose form `value` takes: the declared one, or a dataclass's own type when it declares keys."""
    if declared_model is not None:
        return declared_model
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and stack_keyed(type(value)):
        return type(value)
    return None


def _shaped(d: Declared, value: Any) -> Any:
    if value is None or value is dataclasses.MISSING:
        return None
    if _deploy_time(value):
        return _LEFT_OUT
    if d.setting.stack_form is not None:
        return d.setting.stack_form(value)
    return _plain(value, d.setting.model)


def _plain(value: Any, declared_model: type | None) -> Any:
    model = _keyed_model(value, declared_model)
    if model is not None and (isinstance(value, Mapping) or dataclasses.is_dataclass(value)):
        return stack_form(model, value)
    if isinstance(value, (list, tuple)):
        return [_plain(item, declared_model) for item in value if not _deploy_time(item)]
    if isinstance(value, Enum):
        return value.value
    return value


def _deploy_time(value: Any) -> bool:
    """A value known only once resources exist (a `pulumi.Output`)."""
    return isinstance(value, pulumi.Output)


def pairs_object(value: Any) -> Any:
    """Pairs (`(("num.io.threads", "16"),)`) as the object stack config writes; anything else as it is."""
    try:
        return dict(value)
    except (TypeError, ValueError):
        return value


def python_path(model: type, path: str) -> str:
    """A stack-config path (`topics[2].replicationFactor`, `brokerLogs.cloudwatch.logGroupName`)
    as the path of Python fields it sets (`topics[2].replication_factor`, ...): the longest
    declared key the path starts with becomes its field, and the rest continues in the
    field's own model; what no declaration covers is kept as written."""
    for key, name in field_names(model).items():
        if path == key or path.startswith((f"{key}.", f"{key}[")):
            rest = path[len(key) :]
            nested = next(d.setting.model for d in stack_keyed(model) if d.key == key)
            if nested is not None:
                index, dot, inner = rest.partition(".") if rest.startswith("[") else ("", rest[:1], rest[1:])
                if dot and inner:
                    rest = f"{index}.{python_path(nested, inner)}"
            return name + rest
    head, _, _ = path.partition("[")
    flattened = [name for key, name in field_names(model).items() if key.startswith(f"{head}.")]
    if flattened:  # an object whose keys are fields of their own (`buffer` -> `buffer_count_records`, ...)
        shared = "".join(
            chars[0] for chars in itertools.takewhile(lambda chars: len(set(chars)) == 1, zip(*flattened, strict=False))
        )
        joined = flattened[0] if len(flattened) == 1 else shared + "*"
        return joined + path[len(head) :]
    return path
