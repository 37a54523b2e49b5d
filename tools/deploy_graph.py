"""The deploy dependency graph of a recorded run, and its critical path.

`pulumi up` creates a resource once everything it depends on exists, in
parallel otherwise. From the recorded dependencies (inputs that are other
resources' outputs, plus `depends_on`) this module estimates how long a
first deploy takes and which chain sets that time, using typical creation
times per resource type (docs/design.md#performance-targets: MSK cluster ~25 min, MSK Connect
connector ~10 min, ALB and ECS service ~3 min).

A dependency on a component resource means waiting for every resource
inside it; a child does not wait for its parent component.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from tools.mock_runner import ProgramRun, RecordedResource
from tools.resource_types import DEFAULT_CREATE_MINUTES, TYPES

CLUSTER = "aws:msk/cluster:Cluster"

# Typical creation times, minutes, and what must never wait for the cluster
# (docs/design.md#performance-targets): per type in tools/resource_types.py.
CREATE_MINUTES: dict[str, float] = {token: entry.create_minutes for token, entry in TYPES.items()}
DEFAULT_MINUTES = DEFAULT_CREATE_MINUTES
MUST_NOT_WAIT_FOR_CLUSTER = frozenset(token for token, entry in TYPES.items() if entry.must_not_wait_for_cluster)


@dataclass(frozen=True)
class CriticalPath:
    minutes: float
    chain: list[RecordedResource]  # first created -> last created


class DeployGraph:
    """Dependencies between the cloud resources of one run."""

    def __init__(self, run: ProgramRun) -> None:
        self.run = run
        self.by_urn = run.by_urn()
        self.children: dict[str, list[RecordedResource]] = {}
        for resource in run.resources:
            self.children.setdefault(resource.parent, []).append(resource)
        self.needs: dict[str, set[str]] = {
            r.urn: self.expand(r.dependencies) - {r.urn} for r in run.resources if r.custom
        }

    def _custom_inside(self, urn: str) -> set[str]:
        found: set[str] = set()
        for child in self.children.get(urn, []):
            found |= {child.urn} if child.custom else self._custom_inside(child.urn)
        return found

    def expand(self, urns: Iterable[str]) -> set[str]:
        """Dependencies as cloud resources: a component stands for everything inside it."""
        expanded: set[str] = set()
        for urn in urns:
            resource = self.by_urn.get(urn)
            if resource is None:
                continue
            expanded |= {urn} if resource.custom else self._custom_inside(urn)
        return expanded

    def minutes(self, urn: str) -> float:
        return CREATE_MINUTES.get(self.by_urn[urn].type, DEFAULT_MINUTES)

    def waiting_for(self, urn: str) -> list[RecordedResource]:
        """Every resource that (directly or not) waits for `urn` to be created."""
        waiting: set[str] = set()
        frontier = {urn}
        while frontier:
            frontier = {r for r, needs in self.needs.items() if needs & frontier} - waiting
            waiting |= frontier
        return [self.by_urn[u] for u in sorted(waiting)]

    def critical_path(self) -> CriticalPath:
        @cache
        def finish(urn: str) -> float:
            return self.minutes(urn) + max((finish(n) for n in self.needs[urn]), default=0.0)

        last = max(self.needs, key=finish)
        chain = [last]
        while self.needs[chain[-1]]:
            chain.append(max(self.needs[chain[-1]], key=finish))
        return CriticalPath(finish(last), [self.by_urn[u] for u in reversed(chain)])

    def clusters(self) -> list[RecordedResource]:
        return self.run.of_type(CLUSTER)

    def needlessly_waiting_for_cluster(self) -> list[RecordedResource]:
        """Resources that wait for the cluster although docs/design.md#performance-targets says they must not."""
        return [r for c in self.clusters() for r in self.waiting_for(c.urn) if r.type in MUST_NOT_WAIT_FOR_CLUSTER]
