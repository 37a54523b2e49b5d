"""Run the real `__main__.py` for a stack under Pulumi mocks, without the CLI.

This is what the unit tests (and the offline plan) use instead of `pulumi up`:

- `stack_config()` builds the config the CLI would hand the program:
  `Pulumi.yaml` defaults, then `Pulumi.<stack>.yaml`, then overrides applied
  like `pulumi config set` (objects as JSON text, scalars as strings), with
  `secure:` values (encrypted by the CLI; nothing here can decrypt them)
  replaced by stand-ins of the right shape and marked secret;
- `run_program()` runs `__main__.py` under `PlatformMocks` and returns a
  `ProgramRun`: every registered resource with its inputs and options
  (parent, protect, retain_on_delete, ignore_changes, dependencies, per
  property dependencies), the stack outputs and what the program logged.

Project and stack files are read as strict YAML: a syntax error or a key
given twice raises `StackFileError` naming the file, line and column.
"""

from __future__ import annotations

import base64
import concurrent.futures
import contextlib
import copy
import functools
import gc
import json
import logging
import re
import runpy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
import yaml
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import resource as runtime_resource
from pulumi.runtime import rpc
from pulumi.runtime import settings as runtime_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.proto import resource_pb2
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _ensure_event_loop, _sync_await

from components import SECRET_KEYS, plural
from tools import cli_yaml, resource_types

# The records of a run live in tools.records; importers of this module get them here too.
from tools.records import ProgramFailed, ProgramRun, RecordedResource, Secret, replace_secrets
from tools.resource_types import MockContext, fake_hex

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "streaming-platform"
ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
SECURE_TEST_PREFIX = "test-secret-value-for-"
MAIN_PROGRAM = ROOT / "__main__.py"


# --- config, as the CLI builds it ---------------------------------------------------------


def no_stack_message(stack: str, files: Mapping[str, str | None] | None = None) -> str:
    """No such stack: the stacks there are, and how to add one."""
    known = sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in ROOT.glob("Pulumi.*.yaml"))
    if files:
        known = sorted({*known, *(n[len("Pulumi.") : -len(".yaml")] for n in files if n.startswith("Pulumi.") and
                                    n.endswith(".yaml") and n != "Pulumi.yaml" and files[n] is not None)})  # fmt: skip
    return (
        f"no stack {stack!r}: no file Pulumi.{stack}.yaml; stacks here: {', '.join(known) or 'none'}. To add one, "
        f"`pulumi stack init {stack}` and set its config, or copy Pulumi.dev.yaml to Pulumi.{stack}.yaml and edit it"
    )


def _key_lines(text: str) -> dict[str, int]:
    """Line of each key of the stack file's `config` mapping."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for key_node, value_node in getattr(root, "value", []) or []:
        if getattr(key_node, "value", None) == "config" and isinstance(value_node, yaml.MappingNode):
            return {k.value: k.start_mark.line + 1 for k, _ in value_node.value if isinstance(k, yaml.ScalarNode)}
    return {}


def _stack_keys(name: str, text: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """The stack file's config as the Pulumi CLI reads it (`make test-cli` judges this): a key
    is `<namespace>:<name>`, `<namespace>:config:<name>` (kept for Pulumi 0.x), or a bare
    `<name>`, which the CLI reads as the project's (`natGateways` indented one level too far
    out is then an unknown key of this project, which the program refuses naming the object
    it belongs to); any other key the CLI refuses."""
    read: dict[str, Any] = {}
    for key, value in config.items():
        text_key = str(key)
        parts = text_key.split(":")
        if len(parts) == 1:
            read[f"{PROJECT}:{text_key}"] = value
        elif len(parts) == 2:
            read[text_key] = value
        elif len(parts) == 3 and parts[1] == "config":
            read[f"{parts[0]}:{parts[2]}"] = value
        else:
            line = _key_lines(text).get(text_key)
            where = f"{name}, line {line}" if line else name
            raise StackFileError(
                f"{where}: could not parse {text_key} as a configuration key (configuration keys should be of "
                "the form `<namespace>:<name>`), as the Pulumi CLI refuses it"
            )
    return read


def _type_problem(declared: str, value: Any) -> bool:
    """Whether a config value fails the type `Pulumi.yaml` declares for it, as the CLI checks
    it before the program runs (its text, or its JSON for an object)."""
    if declared == "string":
        return isinstance(value, (dict, list))  # null is the empty string to the CLI (it warns)
    text = cli_yaml.cli_string(value)
    if declared == "integer":
        return isinstance(value, (dict, list)) or not re.fullmatch(r"[-+]?[0-9]+", text)
    if declared == "boolean":
        return text not in ("true", "false")
    if declared == "object":
        return not isinstance(value, dict)
    if declared == "array":
        return not isinstance(value, list)
    return False


def check_declared_types(
    project: Mapping[str, Any], values: Mapping[str, Any], stack: str, lines: Mapping[str, int], name: str
) -> None:
    """Refuse a value of a type other than `Pulumi.yaml` declares, as `pulumi preview` does
    ("Stack 'dev' with configuration key 'protect' must be of type 'boolean'"): `protect: no`
    is the string "no" to the CLI (YAML 1.2), not false."""
    problems = []
    for key, schema in sorted((project.get("config") or {}).items()):
        declared = schema.get("type") if isinstance(schema, dict) else None
        full = _full_key(str(key))
        if declared and full in values and _type_problem(str(declared), values[full]):
            where = f" ({name}, line {lines[full]})" if full in lines else ""
            problems.append(
                f"Stack '{stack}' with configuration key '{key}' must be of type '{declared}'{where}, and "
                f"{cli_yaml.cli_string(values[full])!r} is not one (Pulumi.yaml declares its type; the Pulumi CLI "
                "refuses the stack before the program runs)"
            )
    if problems:
        raise StackFileError("validating stack config: " + "; ".join(problems))


def _full_key(key: str) -> str:
    return key if ":" in key else f"{PROJECT}:{key}"


_PATH_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def config_path(key: str) -> list[str | int]:
    """`snowflake.connectors[0].tasksMax` -> ["snowflake", "connectors", 0, "tasksMax"]."""
    steps: list[str | int] = []
    position = 0
    while position < len(key):
        match = _PATH_STEP.match(key, position)
        if match is None or match.end() == position:
            raise ValueError(f"not a config path: {key!r}")
        steps.append(match[1] if match[1] is not None else int(match[2]))
        position = match.end()
    return steps


class ConfigPathError(ValueError):
    """A `-c` path override that `pulumi config set --path` would refuse too."""


def _kind(value: Any) -> str:
    """What a config value is, never the value itself (it may be a secret)."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a plain value (true/false)"
    return "a plain value (a number)" if isinstance(value, (int, float)) else "a plain value (a string)"


def set_path(root: Any, steps: list[str | int], value: Any, where: str = "") -> Any:
    """`root` with the value at `steps` set, creating objects and lists on
    the way, as `pulumi config set --path` does. Returns the new root.

    Raises ConfigPathError where a step does not fit what is there: a key
    into a plain value or a list, an index into a plain value or an object,
    an index past the end of a list (one past appends).
    """
    if not steps:
        return value
    step, rest = steps[0], steps[1:]
    if isinstance(step, int):
        if root is not None and not isinstance(root, list):
            raise ConfigPathError(f"{where or 'the key'} holds {_kind(root)}, not a list, so it has no [{step}]")
        items = list(root or [])
        if step > len(items):
            raise ConfigPathError(
                f"{where}[{step}] is past the end of the list ({plural(len(items), 'item')}; [{len(items)}] "
                "appends one)"
            )
        if step == len(items):
            items.append(None)
        items[step] = set_path(items[step], rest, value, f"{where}[{step}]")
        return items
    if root is not None and not isinstance(root, dict):
        raise ConfigPathError(f"{where or 'the key'} holds {_kind(root)}, not an object, so it has no key {step!r}")
    mapping = dict(root or {})
    mapping[step] = set_path(mapping.get(step), rest, value, f"{where}.{step}" if where else step)
    return mapping


def _apply_override(values: dict[str, Any], key: str, value: Any) -> str:
    """Apply one override; returns the full key it changed.

    A short dotted key (`snowflake.accountUrl`) is a path into an object, as
    with `pulumi config set --path`. A key given with its namespace
    (`streaming-platform:snowflake.accountUrl`) is set as is, as
    `pulumi config set` without --path does (a new flat key).
    """
    if ":" in key or not re.search(r"[.\[]", key):
        full = _full_key(key)
        if value is None:
            values.pop(full, None)  # like `pulumi config rm`
        else:
            values[full] = value
        return full
    try:
        head, *rest = config_path(key)
    except ValueError:
        raise ConfigPathError(
            f"-c {key}: not a config path (keys separated by '.', list indexes as [0], "
            "e.g. snowflake.connectors[0].name)"
        ) from None
    full = _full_key(str(head))
    current = values.get(full)
    if isinstance(current, str):
        with contextlib.suppress(ValueError):
            current = json.loads(current)  # objects and lists are stored as JSON text
    try:
        values[full] = set_path(copy.deepcopy(current), rest, value, str(head))
    except ConfigPathError as error:
        raise ConfigPathError(f"-c {key}={cli_yaml.cli_string(value)}: {error}") from None
    return full


def _read(name: str, files: Mapping[str, str | None] | None) -> str | None:
    """A project file's text: from `files` when it names it (None: absent), else from disk."""
    if files is not None and name in files:
        return files[name]
    path = ROOT / name
    return path.read_text() if path.exists() else None


class StackFileError(ValueError):
    """A project or stack file that is not valid YAML, or that gives a key twice."""


def _yaml_error(name: str, error: yaml.YAMLError) -> StackFileError:
    """One line: file, line, column and what is wrong (PyYAML counts from 0)."""
    mark = getattr(error, "problem_mark", None)
    where = f"{name}, line {mark.line + 1}, column {mark.column + 1}" if mark else name
    problem = getattr(error, "problem", None) or str(error)
    if "'\\t'" in problem or "tab character" in problem:
        problem += " (YAML indents with spaces, never tabs)"
    context = getattr(error, "context", None)
    return StackFileError(f"{where}: {problem}" + (f" ({context})" if context else "") + ": not valid YAML")


@functools.lru_cache(maxsize=64)
def _parsed_yaml(name: str, text: str) -> Any:
    try:
        return cli_yaml.load(text)
    except yaml.YAMLError as error:
        raise _yaml_error(name, error) from None


def _load_yaml(name: str, text: str | None) -> Any:
    """A project file's content; parsed once per text (a test session runs
    the same files hundreds of times), copied because overrides edit it."""
    return copy.deepcopy(_parsed_yaml(name, text or ""))


def _offline_rsa_pem(key: str) -> str:
    """A PKCS#8 PEM that reads as an RSA key (its AlgorithmIdentifier is
    rsaEncryption) but holds only a note, for an encrypted key that cannot be
    decrypted here: the program takes the supplied-key path, as it would
    with the real value."""
    note = f"offline stand-in for {key}".encode()
    rsa_encryption = bytes.fromhex("300d06092a864886f70d0101010500")
    body = b"\x02\x01\x00" + rsa_encryption + b"\x04" + bytes([len(note)]) + note
    der = b"\x30" + bytes([len(body)]) + body
    encoded = base64.b64encode(der).decode()
    lines = [encoded[i : i + 64] for i in range(0, len(encoded), 64)]
    return "\n".join(["-----BEGIN PRIVATE KEY-----", *lines, "-----END PRIVATE KEY-----", ""])


def _stand_in(key: str) -> str:
    """What an encrypted (`secure:`) value becomes offline: for our private key
    keys a value of the shape they must have, else a marked test string."""
    short = key.removeprefix(f"{PROJECT}:")
    return _offline_rsa_pem(short) if short in SECRET_KEYS else SECURE_TEST_PREFIX + key


def _decrypted(key: str, value: Any) -> tuple[Any, bool]:
    """`value` with every `{secure: ...}` in it (at any depth, as `pulumi config
    set --secret --path` writes them) replaced by a stand-in; whether it had one."""
    if isinstance(value, dict) and set(value) == {"secure"}:
        return _stand_in(key), True
    if isinstance(value, dict):
        pairs = {k: _decrypted(f"{key}.{k}", v) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(found for _, found in pairs.values())
    if isinstance(value, list):
        pairs_list = [_decrypted(f"{key}[{i}]", v) for i, v in enumerate(value)]
        return [v for v, _ in pairs_list], any(found for _, found in pairs_list)
    return value, False


@dataclass
class StackConfig:
    """Config for a stack as the CLI would pass it to the program."""

    values: dict[str, str]
    """`namespace:key` -> the string the CLI passes."""
    secret_keys: set[str]
    stand_ins: list[str]
    """Keys (without the project namespace) whose encrypted value was replaced by a stand-in."""


def stack_config(
    stack: str,
    overrides: Mapping[str, Any] | None = None,
    require_stack_file: bool = True,
    stack_file: str | None = None,
    files: Mapping[str, str | None] | None = None,
    check_types: bool = True,
) -> StackConfig:
    """Config for `stack` as the CLI would pass it.

    `check_types`: refuse a value of another type than `Pulumi.yaml` declares, as `pulumi
    preview` does before the program runs (off: the values, as `pulumi config` shows them).

    `stack_file` reads another stack's file (e.g. a stack named differently
    with dev's settings); by default `Pulumi.<stack>.yaml`. `files` gives the
    text of `Pulumi.yaml` / stack files instead of reading them from disk
    (e.g. as committed at another revision). Top-level lines other than
    `config` (`encryptionsalt`, `secretsprovider`, `encryptedkey`: what the
    CLI's secrets providers write) are the CLI's and are not read.
    """
    project = _load_yaml("Pulumi.yaml", _read("Pulumi.yaml", files)) or {}
    values: dict[str, Any] = {}
    for key, schema in (project.get("config") or {}).items():
        if isinstance(schema, dict) and "default" in schema:
            values[_full_key(key)] = schema["default"]
    name = f"Pulumi.{stack_file or stack}.yaml"
    text = _read(name, files)
    if text is not None:
        document = _load_yaml(name, text) or {}
        if not isinstance(document, dict) or not isinstance(document.get("config") or {}, dict):
            raise StackFileError(f"{name}: must be a mapping with a `config` mapping (`config:` then `  key: value`)")
        values.update(_stack_keys(name, text, document.get("config") or {}))
    elif require_stack_file:
        raise FileNotFoundError(no_stack_message(stack_file or stack, files))
    secret_keys: set[str] = set()
    stand_ins: list[str] = []
    stand_in_keys: set[str] = set()  # what the offline run cannot judge: encrypted values
    for key, value in list(values.items()):
        values[key], encrypted = _decrypted(key, value)
        if encrypted:
            secret_keys.add(key)
            stand_ins.append(key.removeprefix(f"{PROJECT}:"))
            stand_in_keys.add(key)
    overridden: set[str] = set()
    for key, value in (overrides or {}).items():
        if isinstance(value, Secret):
            changed = _apply_override(values, key, value.value)  # like `pulumi config set --secret`
            secret_keys.add(changed)
            overridden.add(changed)
        else:
            overridden.add(_apply_override(values, key, value))
    lines = {
        full: line
        for k, line in (_key_lines(text).items() if text else ())
        if (full := _full_key(k) if k.count(":") != 2 else k) not in overridden
    }
    if check_types:
        check_declared_types(project, {k: v for k, v in values.items() if k not in stand_in_keys}, stack, lines, name)
    return StackConfig({key: cli_yaml.cli_string(value) for key, value in values.items()}, secret_keys, stand_ins)


# --- mocks ---------------------------------------------------------------------------------


STACK_REFERENCE = "pulumi:pulumi:StackReference"


def primary_stack(values: Mapping[str, Any]) -> str | None:
    """A DR stack's primary (`replication.primaryStack`), as its config names it; None otherwise."""
    raw = values.get(f"{PROJECT}:replication")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            return None
    primary = raw.get("primaryStack") if isinstance(raw, dict) else None
    return primary if isinstance(primary, str) else None


class PlatformMocks(pulumi_mocks.Mocks):
    """Answers resource registrations and invokes like AWS would, deterministically."""

    def __init__(
        self, region: str = DEFAULT_REGION, stack_outputs: Mapping[str, Mapping[str, Any]] | None = None
    ) -> None:
        self.region = region
        # StackReferences (a DR stack's primary): the stack's name -> its outputs.
        self.stack_outputs = dict(stack_outputs or {})
        # Explicit `aws.Provider`s ("urn::id" reference -> region): resources and
        # invokes they serve answer in their region, like AWS would.
        self.provider_regions: dict[str, str] = {}
        self._answering_region = region

    def region_of(self, provider: str | None) -> str:
        return self.provider_regions.get(provider or "", self.region)

    def new_resource(self, args: pulumi_mocks.MockResourceArgs) -> tuple[str | None, dict]:
        if args.typ == STACK_REFERENCE:
            name = str(args.inputs.get("name") or args.name)
            if name not in self.stack_outputs:
                raise ValueError(
                    f"StackReference {name!r}: no outputs of that stack (offline runs answer a DR stack's primary)"
                )
            return name, {"name": name, "outputs": dict(self.stack_outputs[name]), "secretOutputNames": []}
        self._answering_region = self.region_of(args.provider)
        state = dict(args.inputs)
        known = resource_types.TYPES.get(args.typ)
        resource_id = (known.id_prefix if known else "") + fake_hex(args.typ + args.name)
        state.update(self._computed(args, state))
        return resource_id, state

    def _computed(self, args: pulumi_mocks.MockResourceArgs, state: dict) -> dict[str, Any]:
        """What AWS (or the provider) adds to a resource's state: its type's answer in the
        registry (`resource_types`), else an ARN for an AWS type that has none."""
        context = MockContext(self._answering_region, ACCOUNT_ID)
        known = resource_types.TYPES.get(args.typ)
        if known is not None and known.mock is not None:
            return known.mock(context, args.name, state)
        if args.typ.startswith("aws:") and "arn" not in state:
            return {"arn": context.arn(args.typ.split(":")[1].split("/")[0], args.name)}
        return {}

    def call(self, args: pulumi_mocks.MockCallArgs) -> dict:
        token = args.token
        region = self.region_of(args.provider)
        if token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {"accountId": ACCOUNT_ID, "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/mock", "userId": "MOCK"}
        if token == "aws:index/getPartition:getPartition":
            return {"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws"}
        if token == "aws:index/getRegion:getRegion":
            return {"region": region, "name": region, "id": region}
        if token == "tls:index/getPublicKey:getPublicKey":
            # A deterministic stand-in derived from the private key's text.
            pem = str(args.args.get("privateKeyPem", ""))
            body = fake_hex(pem, 64)
            return {"publicKeyPem": f"-----BEGIN PUBLIC KEY-----\nMOCKPUBLIC{body}\n-----END PUBLIC KEY-----\n"}
        if token == "aws:ec2/getVpc:getVpc":
            vpc_id = str(args.args.get("id", "vpc-0mock"))
            return {"id": vpc_id, "cidrBlock": "10.60.0.0/16", "enableDnsSupport": True, "enableDnsHostnames": True}
        if token == "aws:index/getAvailabilityZones:getAvailabilityZones":
            names = [f"{region}{suffix}" for suffix in "abc"]
            return {"names": names, "zoneIds": [f"use1-az{i}" for i in (1, 2, 3)], "id": region}
        raise NotImplementedError(f"PlatformMocks has no answer for invoke {token}")


def _has_unknown(value: Any) -> bool:
    """Whether a deserialized value holds an unknown (an output not known at registration)."""
    if isinstance(value, dict):
        return any(_has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unknown(v) for v in value)
    return value == rpc.UNKNOWN


def _plain(value: Any) -> Any:
    """Deserialized property values with RPC secrets turned into `Secret`."""
    if rpc.is_rpc_secret(value):
        return Secret(_plain(rpc.unwrap_rpc_secret(value)))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def alias_urns(request: Any, urn: str) -> list[str]:
    """The URNs a registration's aliases stand for, as the engine computes
    them: an alias is a URN, or a spec changing the name, type, parent,
    stack or project of the resource's own URN."""
    found = [str(a) for a in request.aliasURNs]
    head, _, name = urn.rpartition("::")
    prefix, _, qualified = head.rpartition("::")  # urn:pulumi:<stack>::<project>, parent types $ own type
    _, _, stack_project = prefix.partition("urn:pulumi:")
    stack, _, project = stack_project.partition("::")
    for alias in request.aliases:
        if alias.urn:
            found.append(alias.urn)
            continue
        spec = alias.spec
        types = qualified.split("$")
        own_type = spec.type or types[-1]
        if spec.noParent:
            chain = own_type
        elif spec.parentUrn:
            parent_qualified = spec.parentUrn.rpartition("::")[0].rpartition("::")[2]
            chain = own_type if parent_qualified == "pulumi:pulumi:Stack" else f"{parent_qualified}${own_type}"
        else:
            chain = "$".join([*types[:-1], own_type])
        found.append(f"urn:pulumi:{spec.stack or stack}::{spec.project or project}::{chain}::{spec.name or name}")
    return found


def _type_and_name(urn: str) -> tuple[str, str]:
    """A URN's own type (the last of its qualified type) and name."""
    head, _, name = urn.rpartition("::")
    return head.rpartition("::")[2].split("$")[-1], name


def inherited_names(parent_aliases: Sequence[str], parent_name: str, child_name: str) -> list[tuple[str, str]]:
    """(parent alias URN, child name) for each alias a child gets from its parent, as the engine
    derives them (a child of a renamed or retyped component keeps its state): the child under
    the parent's alias URN, its name's leading parent name replaced by the alias's (the
    engine's inheritedChildAlias, pkg/resource/deploy/step_generator.go). The engine uses the
    one old URN the parent was matched by; these are all the parent's aliases, that one among
    them, so the matches are the same."""
    found = []
    for alias in parent_aliases:
        alias_name = alias.rpartition("::")[2]
        name = alias_name + child_name[len(parent_name) :] if child_name.startswith(parent_name) else child_name
        found.append((alias, name))
    return found


def _serialized_now(values: Mapping[str, Any]) -> Any:
    """`rpc.serialize_properties` of a mock's plain answer, without an event loop.

    The SDK's serializer is a coroutine only because inputs may hold outputs;
    a mock's state (deserialized inputs and computed values) holds none, so
    the coroutine finishes at its first step. One that would wait is refused
    (it would be a mock answering with an output)."""
    coroutine = rpc.serialize_properties(values, {})
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise TypeError("a mock answered with a value that must be awaited; mocks answer with plain values")


class RecordingMonitor(pulumi_mocks.MockMonitor):
    """The SDK's mock monitor, also keeping what the engine would see:
    inputs (secrets marked) and resource options.

    It answers registrations and invokes synchronously (the SDK's own mock
    monitor serializes each answer by running an event loop in its worker
    thread); with `_InlineExecutor` the program's registrations never leave
    the program's thread, and the answers are the same."""

    def __init__(self, mocks: pulumi_mocks.Mocks) -> None:
        super().__init__(mocks)
        self.recorded: list[RecordedResource] = []
        self.aliases_of: dict[str, list[str]] = {}
        """URN -> every alias URN of that resource, its own and those its parents pass on."""

    def _state(self, urn: str, args: pulumi_mocks.MockResourceArgs) -> Any:
        """The mocks' answer for a resource, kept as the SDK's monitor keeps it, serialized."""
        resource_id, state = self.mocks.new_resource(args)
        self.resources[urn] = pulumi_mocks.MockMonitor.ResourceRegistration(urn, resource_id, state)
        return resource_id, _serialized_now(state)

    def RegisterResource(self, request: Any) -> Any:
        urn = self.make_urn(request.parent, request.type, request.name)
        if request.type == "pulumi:pulumi:Stack":
            return resource_pb2.RegisterResourceResponse(urn=urn)
        inputs = rpc.deserialize_properties(request.object, keep_unknowns=True)  # as recorded
        resource_id, state = self._state(urn, pulumi_mocks.MockResourceArgs(
            typ=request.type,
            name=request.name,
            # the mocks get unknowns as None, as the SDK's monitor hands them over
            inputs=rpc.deserialize_properties(request.object) if _has_unknown(inputs) else inputs,
            provider=request.provider,
            resource_id=request.importId,
            custom=request.custom or False,
            transforms=pulumi_mocks._resolve_callbacks(request.transforms),
        ))  # fmt: skip
        response = resource_pb2.RegisterResourceResponse(urn=urn, id=resource_id, object=state)
        self._record(request, response, inputs)
        return response

    def Invoke(self, request: Any) -> Any:
        args = rpc.deserialize_properties(request.args)
        answer = self.mocks.call(pulumi_mocks.MockCallArgs(token=request.tok, args=args, provider=request.provider))
        if not isinstance(answer, dict):
            raise TypeError(f"PlatformMocks answers invokes with a dict, not {type(answer).__name__}")
        return resource_pb2.ResourceInvokeResponse(failures=None, **{"return": _serialized_now(answer)})

    def ReadResource(self, request: Any) -> Any:
        urn = self.make_urn(request.parent, request.type, request.name)
        inputs = rpc.deserialize_properties(request.properties)
        _, state = self._state(urn, pulumi_mocks.MockResourceArgs(
            typ=request.type, name=request.name, inputs=inputs, provider=request.provider, resource_id=request.id
        ))  # fmt: skip
        return resource_pb2.ReadResourceResponse(urn=urn, properties=state)

    def _record(self, request: Any, response: Any, deserialized: dict[str, Any]) -> None:
        inputs = _plain(deserialized)
        own = alias_urns(request, response.urn)
        aliases = list(own)
        if request.parent in self.aliases_of:
            # The engine multiplies out the parent's aliases with the resource's own: its current
            # type and name, and each of its aliases' (generateAliases, pkg/resource/deploy).
            parent_name = request.parent.rpartition("::")[2]
            for child_type, child_name in [(request.type, request.name), *map(_type_and_name, own)]:
                inherited = inherited_names(self.aliases_of[request.parent], parent_name, child_name)
                # URNs made as this monitor makes them, from the alias as the parent
                aliases += [self.make_urn(alias, child_type, name) for alias, name in inherited]
            aliases = list(dict.fromkeys(aliases))
        self.aliases_of[response.urn] = aliases
        if request.type == "pulumi:providers:aws" and isinstance(self.mocks, PlatformMocks) and inputs.get("region"):
            self.mocks.provider_regions[f"{response.urn}::{response.id}"] = str(inputs["region"])
        self.recorded.append(
            RecordedResource(
                type=request.type,
                name=request.name,
                urn=response.urn,
                id=response.id,
                parent=request.parent,
                custom=request.custom,
                inputs=inputs,
                protect=bool(request.protect),
                retain_on_delete=bool(request.retainOnDelete),
                ignore_changes=list(request.ignoreChanges),
                dependencies=list(request.dependencies),
                delete_before_replace=bool(request.deleteBeforeReplace),
                aliases=aliases,
                provider=request.provider,
                property_dependencies={
                    key: list(deps.urns) for key, deps in request.propertyDependencies.items() if deps.urns
                },
                outputs=self.resources[response.urn].state,
            )
        )


class _InlineExecutor(concurrent.futures.ThreadPoolExecutor):
    """The event loop's executor during a run: the SDK hands each monitor call
    to it (a gRPC call in a real deployment); against `RecordingMonitor`,
    whose calls never wait, the call runs at once in the program's thread
    instead of a worker thread (a thread hand-off per resource and the
    workers' contention for the interpreter were a quarter of a run)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # the SDK reads it from the future, as from a worker's
            future.set_exception(error)
        return future


# --- running the program -----------------------------------------------------------------------


def _resolve(value: Any) -> Any:
    """Wait for an exported value; secrets become `Secret`."""

    async def unwrap() -> Any:
        output = pulumi.Output.from_input(value)
        resolved = await output.future()
        return Secret(resolved) if await output.is_secret() else resolved

    return _sync_await(unwrap())


class _DiagnosticsLog(logging.Handler):
    """Keeps what the program logs through the mock engine (instead of printing
    it unlabelled to stderr while the run goes on): the tools show it once, labelled."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.messages: list[str] = []
        # Not registered: no root handler, no propagation. INFO: the SDK's debug
        # chatter (a few lines per resource) is dropped before a record is made.
        self.logger = logging.Logger("program", level=logging.INFO)
        self.logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


@contextlib.contextmanager
def _without_source_positions() -> Any:
    """Skip the SDK's per-resource walk of the Python stack. The source
    positions it builds are for the engine's diagnostics; no mock reads them,
    and they cost about 15 % of a run. Without the private hook (another SDK
    version), nothing changes."""
    original = getattr(runtime_resource, "_get_stack_trace", None)
    stack_trace = getattr(getattr(runtime_resource, "source_pb2", None), "StackTrace", None)
    if original is None or stack_trace is None:
        yield
        return
    runtime_resource._get_stack_trace = stack_trace
    try:
        yield
    finally:
        runtime_resource._get_stack_trace = original


# Runs whose objects stay frozen before the next run first collects everything once
# (about 4 MB a run at prod's size). That collection walks every frozen object (5.5 s
# after 120 runs), so the bound is above the runs a test worker makes in one suite on
# two cores (about 250): a suite never pays it; a longer process (hypothesis's long
# profile) does, once per this many runs. A count, because counting the frozen objects
# (`gc.get_freeze_count`) walks them all: it made every run half as slow again.
FROZEN_RUNS_LIMIT = 600
_frozen_runs: list[int] = [0]


@contextlib.contextmanager
def _collector_paused() -> Any:
    """No cyclic garbage collection during a run, and none of what the run
    made afterwards.

    The collector would scan the SDK's large heap many times per run (a third
    of a run's time); re-enabled after the run, its first pass would walk
    every object the run allocated (0.7 s after a 1,400-resource run). So the
    run's objects are frozen (`gc.freeze`): never scanned again, freed as
    usual when nothing refers to them; only their reference cycles stay (about
    4 MB per run of prod). A process that runs the program hundreds of times
    (a test worker) grows by that much per run; after FROZEN_RUNS_LIMIT runs
    one full collection frees them. Measured: collecting at the start
    of every run instead kept memory at a third but made the test suite 1.55x
    slower (each collection scans every object the tests hold)."""
    collecting = gc.isenabled()
    if collecting and _frozen_runs[0] >= FROZEN_RUNS_LIMIT:
        gc.unfreeze()
        gc.collect()
        _frozen_runs[0] = 0
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        _frozen_runs[0] += 1
        if collecting:
            gc.enable()


def run_program(
    stack: str,
    overrides: Mapping[str, Any] | None = None,
    program: Path = MAIN_PROGRAM,
    stack_file: str | None = None,
    mocks: PlatformMocks | None = None,
    files: Mapping[str, str | None] | None = None,
) -> ProgramRun:
    """Run `__main__.py` for `stack` under mocks and return what it registered.

    `stack_file`: read `Pulumi.<stack_file>.yaml` instead of the stack's own
    (a stack of another name with those settings). `mocks`: answers other
    than `PlatformMocks` (e.g. AWS reporting something unexpected). `files`:
    project file texts to use instead of the working tree's (see `stack_config`).

    Raises `ProgramFailed` (with the cause and the resources registered so
    far) when the program raises, e.g. `pulumi.RunError` on bad config.
    """
    config = stack_config(
        stack, overrides, require_stack_file=program == MAIN_PROGRAM, stack_file=stack_file, files=files
    )
    region = config.values.get("aws:region", DEFAULT_REGION)
    primary = primary_stack(config.values) if mocks is None else None
    if primary is not None and (ROOT / f"Pulumi.{primary.rsplit('/', 1)[-1]}.yaml").exists():
        # A DR stack reads its primary through a StackReference: the primary's offline run answers it.
        primary_run = run_program(primary.rsplit("/", 1)[-1], program=program, files=files)
        mocks = PlatformMocks(region, {primary: replace_secrets(primary_run.outputs, lambda secret: secret.value)})
    runtime_settings.reset_options()
    set_all_config(config.values, sorted(config.secret_keys))
    monitor = RecordingMonitor(mocks or PlatformMocks(region))
    diagnostics = _DiagnosticsLog()
    pulumi.runtime.set_mocks(
        monitor.mocks, project=PROJECT, stack=stack, preview=False, monitor=monitor, logger=diagnostics.logger
    )
    root = runtime_settings.get_root_resource()

    loop = _ensure_event_loop()
    executor = loop._default_executor  # type: ignore[attr-defined]  # restored after the run
    loop.set_default_executor(_InlineExecutor(max_workers=1))
    try:
        with _without_source_positions(), _collector_paused():
            _sync_await(run_pulumi_func(lambda: runpy.run_path(str(program), run_name="__main__")))
            outputs = {name: _resolve(value) for name, value in root.outputs.items()}  # type: ignore[union-attr]
    except Exception as error:
        raise ProgramFailed(error, monitor.recorded) from error
    finally:
        loop._default_executor = executor  # type: ignore[attr-defined]
    return ProgramRun(
        stack=stack,
        config=config.values,
        resources=monitor.recorded,
        outputs=outputs,
        stand_ins=config.stand_ins,
        diagnostics=diagnostics.messages,
    )


# --- refusals, located in the files they came from ------------------------------------------------


@dataclass(frozen=True)
class Written:
    """Where a config value was written and how (its text as typed)."""

    where: str
    """`Pulumi.dev.yaml, line 9`, or `-c retentionHours=1e3`."""
    text: str | None
    """The value as written (None: not one scalar, e.g. an object)."""
    value: Any = None
    """The value as YAML or JSON read it."""


def _scalar_text(text: str, node: yaml.Node) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        return None
    written = text[node.start_mark.index : node.end_mark.index]
    return written if written.strip() else "null"  # `key:` with nothing after it is YAML's null


def _node_at(text: str, key: str) -> yaml.Node | None:
    """The YAML node of a config key's value (`snowflake.connectors[0].topics`), as deep as the file goes."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        head, *rest = config_path(key)
    except (yaml.YAMLError, ValueError):
        return None
    config = next(
        (v for k, v in getattr(root, "value", []) or [] if getattr(k, "value", None) == "config"),
        None,
    )
    names = {_full_key(str(head)), str(head)}
    node = next((v for k, v in getattr(config, "value", []) or [] if getattr(k, "value", None) in names), None)
    for step in rest:
        if node is None:
            return None
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode):
            node = node.value[step] if step < len(node.value) else None
        elif isinstance(step, str) and isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
        else:
            return None
    return node


def written(
    key: str, stack: str, override_texts: Mapping[str, str], files: Mapping[str, str | None] | None = None
) -> Written | None:
    """Where the value of config `key` came from: a `-c` override (as typed), or the stack
    file's line (and text, for a plain value). None: a default, or nothing known."""
    for override, text in override_texts.items():
        if key == override or key.startswith((f"{override}.", f"{override}[")):
            try:
                value = json.loads(text)  # as the tools read `-c KEY=VALUE` (tools.plan.parse_override)
            except json.JSONDecodeError:
                value = text
            return Written(f"-c {override}={text}", text if key == override else None, value)
    name = f"Pulumi.{stack}.yaml"
    text = _read(name, files)
    node = _node_at(text, key) if text is not None else None
    if node is None:
        return None
    value = None
    if isinstance(node, yaml.ScalarNode) and not node.style:  # a plain scalar, read as the CLI reads it
        with contextlib.suppress(yaml.YAMLError):
            value = cli_yaml.load("value: " + (text[node.start_mark.index : node.end_mark.index] or "null"))["value"]
    elif isinstance(node, yaml.ScalarNode):
        value = node.value  # quoted or block: a string
    return Written(f"{name}, line {node.start_mark.line + 1}", _scalar_text(text, node), value)


# How YAML 1.2 (the Pulumi CLI's) reads a plain scalar that is not a string.
_NOT_A_STRING = re.compile(r"(?i)null|~|true|false|[-+]?(\.inf|\.nan|(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?)")


def _a_string(text: str) -> bool:
    """Whether a value as written is a string (shown quoted, as the program shows it)."""
    return not (text == "" or _NOT_A_STRING.fullmatch(text.strip()))


_PROBLEM = re.compile(r"^(?P<lead>  - )(?P<key>[^ =:]+(?::[^ =:]+)?)(?P<rest>( = |: ).*)$")


def located(
    message: str, stack: str, override_texts: Mapping[str, str], files: Mapping[str, str | None] | None = None
) -> str:
    """A refusal's problem lines with each value as the user wrote it (`1e3`, `null`: what
    YAML or the `-c` text said, not what the program was handed) and, for a value from
    the stack file, its file and line."""
    lines = []
    for line in message.splitlines():
        match = _PROBLEM.match(line)
        source = written(match["key"], stack, override_texts, files) if match else None
        if match is None or source is None:
            lines.append(line)
            continue
        rest = match["rest"]
        if source.text is not None and rest.startswith(" = ") and not _a_string(source.text):
            for shown in {json.dumps(source.value), repr(cli_yaml.cli_string(source.value)), repr(source.value)}:
                if rest.startswith(f" = {shown}: "):
                    rest = f" = {source.text}: " + rest[len(f" = {shown}: ") :]
                    break
        where = "" if source.where.startswith("-c ") else f" [{source.where}]"  # a -c the user just typed
        lines.append(f"{match['lead']}{match['key']}{rest}{where}")
    return "\n".join(lines)
