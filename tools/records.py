"""What an offline run of the program recorded: each resource registration as the
engine would receive it, and the run as a whole (`tools.mock_runner` makes them;
the plan, the change preview, the cost, the AWS schema check and the tests read them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Secret:
    """A value the program marked secret (shown as such in recorded inputs)."""

    value: Any


def replace_secrets(value: Any, replace: Callable[[Secret], Any]) -> Any:
    """`value` with every `Secret` in it (at any depth of dicts and lists) replaced by `replace(secret)`."""
    if isinstance(value, Secret):
        return replace(value)
    if isinstance(value, Mapping):
        return {k: replace_secrets(v, replace) for k, v in value.items()}
    if isinstance(value, list):
        return [replace_secrets(v, replace) for v in value]
    return value


@dataclass
class RecordedResource:
    """One resource registration as the engine would receive it."""

    type: str
    name: str
    urn: str
    id: str
    parent: str
    custom: bool
    inputs: dict[str, Any]
    protect: bool
    retain_on_delete: bool
    ignore_changes: list[str]
    dependencies: list[str]
    delete_before_replace: bool = False
    aliases: list[str] = field(default_factory=list)
    provider: str = ""
    """Reference (`<provider URN>::<id>`) of an explicit provider; empty for the default one."""
    outputs: dict[str, Any] = field(default_factory=dict)
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)

    @property
    def parent_type(self) -> str:
        """Type token of the parent (`pulumi:pulumi:Stack` at the top)."""
        return self.parent.split("::")[2].split("$")[-1] if self.parent else ""

    @property
    def parent_name(self) -> str:
        return self.parent.rsplit("::", 1)[-1] if self.parent else ""


class ProgramFailed(Exception):
    """The program raised; `resources` is what it had registered by then."""

    def __init__(self, cause: BaseException, resources: list[RecordedResource]) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.resources = resources


@dataclass
class ProgramRun:
    """What one run of the program registered."""

    stack: str
    config: dict[str, str]
    resources: list[RecordedResource]
    outputs: dict[str, Any]
    stand_ins: list[str] = field(default_factory=list)
    """Config keys whose `secure:` value was replaced by a stand-in (contents not checked)."""
    diagnostics: list[str] = field(default_factory=list)
    """What the program logged (`pulumi.log.warn`, ...), as `severity: message`."""

    def by_urn(self) -> dict[str, RecordedResource]:
        """The resources by URN (made anew each call: tests may change `resources`)."""
        return {r.urn: r for r in self.resources}

    def ancestors(
        self, resource: RecordedResource, by_urn: Mapping[str, RecordedResource] | None = None
    ) -> list[RecordedResource]:
        """Parent, grandparent, ... of a resource (the stack excluded). `by_urn`: the
        run's `by_urn()`, made once by a caller that asks for many resources."""
        by_urn = self.by_urn() if by_urn is None else by_urn
        chain: list[RecordedResource] = []
        parent = by_urn.get(resource.parent)
        while parent is not None:
            chain.append(parent)
            parent = by_urn.get(parent.parent)
        return chain

    def component_of(self, resource: RecordedResource) -> str:
        """Type token of the top-level component a resource belongs to."""
        chain = self.ancestors(resource)
        return chain[-1].type if chain else ""

    def of_type(self, type_token: str, within: str | None = None) -> list[RecordedResource]:
        """Resources of a type; `within` keeps those under a component of that type."""
        found = [r for r in self.resources if r.type == type_token]
        if within is not None:
            by_urn = self.by_urn()
            found = [r for r in found if any(a.type == within for a in self.ancestors(r, by_urn))]
        return found

    def one(self, type_token: str, within: str | None = None) -> RecordedResource:
        found = self.of_type(type_token, within)
        if len(found) != 1:
            raise AssertionError(f"expected one {type_token}, found {len(found)}: {[r.name for r in found]}")
        return found[0]

    def waits_for(self, resource: RecordedResource) -> set[str]:
        """Logical names of the resources `resource` directly depends on
        (through its inputs or `depends_on`): what the engine creates first."""
        by_urn = self.by_urn()
        return {by_urn[urn].name for urn in resource.dependencies if urn in by_urn}

    def named(self, name: str) -> RecordedResource:
        for resource in self.resources:
            if resource.name == name:
                return resource
        raise KeyError(name)
