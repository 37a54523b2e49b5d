"""Evaluate the policy pack (policy/baseline.py) on a recorded program run.

The Pulumi CLI runs the pack through its analyzer; offline we call each
policy's own `validate` with the same arguments the analyzer builds:
the resource's type, properties (secrets unwrapped, as the analyzer passes
them), URN, name and options, and the policy's config defaults. Resource
policies see inputs; stack policies see every resource's state, parents and
(property) dependencies. No `PolicyPack` is constructed here.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from policy.baseline import POLICIES
from tools.mock_runner import ProgramRun, RecordedResource, replace_secrets


@dataclass(frozen=True)
class Finding:
    """One policy violation, as the plan prints and `--json` reports it."""

    policy: str
    enforcement: str  # "mandatory" or "advisory"
    resource: str  # resource name ("" for the stack as a whole)
    type: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def plain(value: Any) -> Any:
    """Recorded values with `Secret` markers removed, as the analyzer sees them."""
    return replace_secrets(value, lambda secret: plain(secret.value))


def config_defaults(policy: ResourceValidationPolicy | StackValidationPolicy) -> dict[str, Any]:
    """The policy's config as the analyzer builds it when the user passes none."""
    schema = policy.config_schema
    if schema is None:
        return {}
    return {key: spec["default"] for key, spec in schema.properties.items() if "default" in spec}


def _options(resource: RecordedResource) -> PolicyResourceOptions:
    return PolicyResourceOptions(
        protect=resource.protect,
        ignore_changes=list(resource.ignore_changes),
        delete_before_replace=None,
        aliases=[],
        custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
        additional_secret_outputs=[],
        parent=resource.parent or None,
    )


def _wait(result: Any) -> None:
    if inspect.isawaitable(result):
        asyncio.run(_awaited(result))


async def _awaited(result: Any) -> None:
    await result


def _enforcement(policy: ResourceValidationPolicy | StackValidationPolicy) -> str:
    level = policy.enforcement_level or EnforcementLevel.ADVISORY
    return str(level.value)


def _policy_resources(run: ProgramRun) -> list[PolicyResource]:
    """Every recorded resource as a stack policy sees it (state, parent, dependencies)."""
    by_urn: dict[str, PolicyResource] = {}
    for resource in run.resources:
        by_urn[resource.urn] = PolicyResource(
            resource.type, plain(resource.outputs), resource.urn, resource.name, _options(resource), None, None, [], {}
        )
    for resource in run.resources:
        policy_resource = by_urn[resource.urn]
        policy_resource.parent = by_urn.get(resource.parent)
        policy_resource.dependencies = [by_urn[urn] for urn in resource.dependencies if urn in by_urn]
        policy_resource.property_dependencies = {
            key: [by_urn[urn] for urn in urns if urn in by_urn] for key, urns in resource.property_dependencies.items()
        }
    return list(by_urn.values())


def evaluate(run: ProgramRun, policies: Iterable[Any] = POLICIES) -> list[Finding]:
    """All findings of the policies on the run, policy by policy, in resource order."""
    by_urn = run.by_urn()
    findings: list[Finding] = []

    def reporter(policy: Any, default_urn: str = "") -> Callable[..., None]:
        def report(message: str, urn: str | None = None) -> None:
            target = by_urn.get(urn or default_urn)
            name, type_token = (target.name, target.type) if target else ("", "")
            findings.append(Finding(policy.name, _enforcement(policy), name, type_token, message))

        return report

    # Each resource's inputs (secrets replaced) and options are prepared once, not once per
    # policy: policies read them and never change them.
    prepared = [(resource, plain(resource.inputs), _options(resource)) for resource in run.resources]
    stack_resources: list[PolicyResource] | None = None
    for policy in policies:
        if isinstance(policy, StackValidationPolicy):
            if stack_resources is None:
                stack_resources = _policy_resources(run)
            args = StackValidationArgs(stack_resources, config_defaults(policy))
            _wait(policy.validate(args, reporter(policy)))
            continue
        config = config_defaults(policy)
        for resource, props, options in prepared:
            resource_args = ResourceValidationArgs(
                resource.type, props, resource.urn, resource.name, options, None, config
            )
            _wait(policy.validate(resource_args, reporter(policy, resource.urn)))
    return findings


def has_mandatory(findings: Iterable[Finding]) -> bool:
    return any(f.enforcement == "mandatory" for f in findings)
