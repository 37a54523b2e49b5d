"""Write the component provider's input types (components/provider_inputs.py) from the models.

The provider offers each hosted component's `...Args` to other languages as a TypedDict the
SDK's Analyzer reads (type annotations, and the docstring under each field: provider/schema.json
comes from them). Each input is a field of the model, as the field declares it: its type, its
doc, whether it has a default, and how it is offered (`Offered`: a name, an enum, flattened, or
not at all). `make generate` writes the module; `make check-generated` fails when it is stale.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import inspect
import itertools
import re
import textwrap
from dataclasses import dataclass
from enum import Enum

from components import catalog
from components.model import Declared, Offered, declared
from components.msk.model import MskClusterArgs
from components.registry.model import SchemaRegistryServiceArgs
from components.replication import model as replication
from components.replication.model import MskReplicatorArgs
from components.snowflake.credentials import SnowflakeCredentialsArgs
from components.snowflake.model import SnowflakeConnectorPluginArgs, SnowflakeSinkConnectorArgs
from tools.mock_runner import ROOT

MODULE = ROOT / "components" / "provider_inputs.py"


@dataclass(frozen=True)
class Hosted:
    """A hosted component's inputs: the TypedDict of its Args."""

    name: str
    model: type
    doc: str


HOSTED = (
    Hosted(
        "MskClusterInputs", MskClusterArgs, "Inputs of MskCluster: the stack config's cluster keys, as typed inputs."
    ),
    Hosted("SchemaRegistryServiceInputs", SchemaRegistryServiceArgs, "Inputs of SchemaRegistryService."),
    Hosted("SnowflakeConnectorPluginInputs", SnowflakeConnectorPluginArgs, "Inputs of SnowflakeConnectorPlugin."),
    Hosted(
        "SnowflakeCredentialsInputs",
        SnowflakeCredentialsArgs,
        "Inputs of SnowflakeCredentials (a generated key pair; supply your own key from Python).",
    ),
    Hosted("SnowflakeSinkConnectorInputs", SnowflakeSinkConnectorArgs, "Inputs of SnowflakeSinkConnector."),
    Hosted("MskReplicatorInputs", MskReplicatorArgs, "Inputs of MskReplicator."),
)


@dataclass(frozen=True)
class EnumType:
    """An input whose values are a closed list: an enum of the schema."""

    name: str
    doc: str
    values: tuple[str, ...]


ENUMS = {
    "CleanupPolicy": EnumType("CleanupPolicy", "Kafka `cleanup.policy` of a topic.", catalog.TOPIC_CLEANUP_POLICIES),
    "StorageMode": EnumType(
        "StorageMode", "Where broker data lives: EBS only, or EBS plus MSK's low-cost tier.", catalog.STORAGE_MODES
    ),
    "CompatibilityLevel": EnumType(
        "CompatibilityLevel", "Schema Registry default compatibility level.", catalog.COMPATIBILITY_LEVELS
    ),
    "ValueFormat": EnumType("ValueFormat", "Format of the record values.", catalog.SNOWFLAKE_VALUE_FORMATS),
    "StartingPosition": EnumType(
        "StartingPosition", "Where MSK Replicator starts in each topic.", replication.STARTING_POSITIONS
    ),
    "CompressionType": EnumType(
        "CompressionType", "How MSK Replicator compresses what it writes.", replication.COMPRESSION_TYPES
    ),
}


@functools.cache
def field_docs(model: type) -> dict[str, str]:
    """The docstring under each field of `model` (attribute docstrings exist only in the source)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(model)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for node, after in itertools.pairwise(body):
        text = after.value.value if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) else None
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and isinstance(text, str):
            docs[node.target.id] = inspect.cleandoc(text)
    return docs


def description(model: type, d: Declared) -> str:
    """What the input is: the field's docstring, else its doc, else its rules; with its default."""
    text = d.setting.offered.doc or field_docs(model).get(d.name) or d.setting.doc or d.setting.rules
    if not text:
        raise SystemExit(f"{model.__name__}.{d.name} is offered to other languages without a doc: give it a docstring")
    text = " ".join(text.split())
    default = d.default
    if "(default" not in text.lower() and isinstance(default, (int, str)) and not isinstance(default, Enum):
        if default not in ("", None) and not isinstance(default, bool):
            text = f"{text.rstrip('.')} (default {default})."
        elif isinstance(default, bool):
            text = f"{text.rstrip('.')} (default {str(default).lower()})."
    return text


_ANNOTATION_PARTS = (
    (re.compile(r"\bSequence\["), "list["),
    (re.compile(r"\bMapping\["), "dict["),
    (re.compile(r"tuple\[([^\[\],]+), \.\.\.\]"), r"list[\1]"),
)


def input_type(d: Declared, offered: Offered) -> tuple[str, bool]:
    """The input's annotation and whether a program may leave it out."""
    annotation = offered.type or d.type
    optional = "| None" in annotation
    annotation = annotation.replace(" | None", "")
    for pattern, replacement in _ANNOTATION_PARTS:
        annotation = pattern.sub(replacement, annotation)
    for model in nested_models():
        annotation = re.sub(rf"\b{model.__name__}\b", model.OFFERED_AS, annotation)  # type: ignore[attr-defined]
    required = offered.required if offered.required is not None else (d.required and not optional)
    return annotation, not required


@functools.cache
def nested_models() -> tuple[type, ...]:
    """The models offered as input objects (their `OFFERED_AS`), found through the hosted ones' fields."""
    found: list[type] = []
    seen: set[type] = set()

    def visit(model: type) -> None:
        for d in declared(model):
            nested = d.setting.model
            candidates = [nested] if nested is not None else []
            candidates += [
                obj
                for obj in vars(inspect.getmodule(model)).values()  # type: ignore[arg-type]
                if isinstance(obj, type) and dataclasses.is_dataclass(obj) and re.search(rf"\b{obj.__name__}\b", d.type)
            ]
            for candidate in candidates:
                if candidate in seen:
                    continue
                seen.add(candidate)
                visit(candidate)  # what it refers to first: a TypedDict's annotations are read when it is made
                if hasattr(candidate, "OFFERED_AS"):
                    found.append(candidate)

    for hosted in HOSTED:
        visit(hosted.model)
    return tuple(found)


@dataclass
class TypedDictSource:
    name: str
    doc: str
    fields: list[tuple[str, str, bool, str]]  # name, annotation, optional, doc

    def render(self) -> str:
        lines = [f"class {self.name}(TypedDict):", f'    """{self.doc}"""', ""]
        for name, annotation, optional, doc in self.fields:
            lines.append(f"    {name}: {f'NotRequired[{annotation}]' if optional else annotation}")
            lines.append(f'    """{_escaped(doc)}"""')
        return "\n".join(lines) + "\n"


def _escaped(doc: str) -> str:
    return doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _class_doc(model: type) -> str:
    return " ".join((inspect.getdoc(model) or model.__name__).split("\n\n")[0].split())


def typed_dicts(model: type, name: str, doc: str) -> list[TypedDictSource]:
    """The TypedDict of `model` (and of nested objects its dotted input names make)."""
    main = TypedDictSource(name, doc, [])
    nested: dict[str, TypedDictSource] = {}
    for d, offered, prefix in _offered_fields(model):
        annotation, optional = input_type(d, offered)
        input_name = prefix + (offered.name or d.name)
        if "." in input_name:
            head, rest = input_name.split(".", 1)
            type_name, type_doc, field_doc = model.OFFERED_NESTED[head]  # type: ignore[attr-defined]
            holder = nested.setdefault(head, TypedDictSource(type_name, type_doc, []))
            holder.fields.append((rest, annotation, optional, description(model, d)))
            if not any(f[0] == head for f in main.fields):
                main.fields.append((head, type_name, False, field_doc))
            continue
        main.fields.append((input_name, annotation, optional, description(_owner(model, d), d)))
    return [*nested.values(), main]


def _owner(model: type, d: Declared) -> type:
    """The model that declares `d` (a flattened field belongs to its own model)."""
    return next(m for m in (model, *nested_models(), *_flattened_models(model)) if d in declared(m))


def _flattened_models(model: type) -> list[type]:
    out = []
    for d in declared(model):
        if d.setting.offered.flatten is not None and d.setting.model is not None:
            out.append(d.setting.model)
    return out


def _offered_fields(model: type, prefix: str = "") -> list[tuple[Declared, Offered, str]]:
    found: list[tuple[Declared, Offered, str]] = []
    for d in declared(model):
        offered = d.setting.offered
        if offered.python_only is not None:
            continue
        if offered.flatten is not None:
            inner = d.setting.model
            if inner is None:
                raise SystemExit(f"{model.__name__}.{d.name} is flattened: declare its model=")
            found += _offered_fields(inner, prefix + offered.flatten)
            continue
        found.append((d, offered, prefix))
    return found


def rendered() -> str:
    """The module's source."""
    parts = [
        '"""The component provider\'s input types, written by `make generate` from the models\n'
        "(tools/provider_inputs.py): edit the model's field, not this file.\n\n"
        "This module must not use `from __future__ import annotations`: the SDK's Analyzer reads\n"
        'the annotations as types."""\n\n'
        "from enum import StrEnum\nfrom typing import NotRequired, TypedDict\n\nimport pulumi\n",
    ]
    parts = ["".join(parts)]
    for enum in ENUMS.values():
        members = "\n".join(f'    {re.sub(r"[^A-Z0-9]+", "_", v.upper())} = "{v}"' for v in enum.values)
        parts.append(f'class {enum.name}(StrEnum):\n    """{enum.doc}"""\n\n{members}\n')
    for model in nested_models():
        for source in typed_dicts(model, model.OFFERED_AS, _class_doc(model)):  # type: ignore[attr-defined]
            parts.append(source.render())
    for hosted in HOSTED:
        for source in typed_dicts(hosted.model, hosted.name, hosted.doc):
            parts.append(source.render())
    return "\n\n".join(parts)
