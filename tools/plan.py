"""Offline plan: what `pulumi up` would create for a stack, without credentials.

    python -m tools.plan dev [-c KEY=VALUE]... [--json]

Runs the real __main__.py under the test mocks (tools/mock_runner.py) with
the stack's config plus `-c` overrides (applied like `pulumi config set`; a
JSON value is accepted for object keys), then prints the resource tree
grouped by component with counts, the stack outputs (secrets masked), the
estimated monthly cost by component (tools/cost.py) and the findings of the
policy pack (policy/baseline.py, evaluated by tools/policy_check.py).
`--json` prints the same as one JSON object: `resources`, `outputs`, `cost`,
`findings`.

Exit status: 0 when no mandatory policy is violated, 1 when one is, 2 on a
config error (the validation message, no traceback). Any other failure of
the program is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from typing import Any, NoReturn

import pulumi

from tools.cost import CostEstimate, estimate
from tools.mock_runner import ProgramFailed, ProgramRun, replace_secrets, run_program
from tools.policy_check import Finding, evaluate, has_mandatory

MASK = "[secret]"


def parse_override(text: str) -> tuple[str, Any]:
    """`KEY=VALUE`; VALUE is JSON when it parses as such (objects, lists, numbers)."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def render_tree(run: ProgramRun) -> str:
    """Components at the top, their children indented, with descendant counts."""
    children: dict[str, list] = defaultdict(list)
    for resource in run.resources:
        children[resource.parent].append(resource)

    def descendants(urn: str) -> int:
        return sum(1 + descendants(child.urn) for child in children[urn])

    lines: list[str] = []

    def walk(parent_urn: str, depth: int) -> None:
        for resource in sorted(children[parent_urn], key=lambda r: (r.custom, r.type, r.name)):
            marks = " [protected]" if resource.protect else ""
            count = "" if resource.custom else f"  ({descendants(resource.urn)} resources)"
            lines.append(f"{'  ' * depth}{resource.type}  {resource.name}{marks}{count}")
            walk(resource.urn, depth + 1)

    for root in {r.parent for r in run.resources if r.parent_type == "pulumi:pulumi:Stack"}:
        walk(root, 0)
    by_type = Counter(r.type for r in run.resources if r.custom)
    lines.append(f"\ntotal: {sum(by_type.values())} cloud resources in {len(by_type)} types")
    return "\n".join(lines)


def masked(value: Any) -> Any:
    """Stack outputs with every secret (at any depth) replaced by a mask."""
    return replace_secrets(value, lambda _secret: MASK)


def render_outputs(run: ProgramRun) -> str:
    return "\n".join(f"  {name}: {json.dumps(masked(value))}" for name, value in sorted(run.outputs.items()))


def render_cost(cost: CostEstimate) -> str:
    """Items grouped by component, component subtotals, the total and the assumptions."""
    lines: list[str] = []
    for component, subtotal in cost.by_component().items():
        lines.append(f"  {component}: ${subtotal:,.2f}")
        items = sorted((i for i in cost.items if i.component == component), key=lambda i: -i.monthly)
        for item in items:
            ceiling = f"  (max ${item.monthly_max:,.2f})" if item.monthly_max > item.monthly + 0.005 else ""
            lines.append(f"      ${item.monthly:>9,.2f}  {item.description}  [{item.resource}]{ceiling}")
    lines.append(
        f"  total: ${cost.total:,.2f} per month in {cost.region} (up to ${cost.total_max:,.2f} at the ceilings)"
    )
    lines.append("  assumptions:")
    lines.extend(f"    - {assumption}" for assumption in cost.assumptions)
    return "\n".join(lines)


def render_findings(findings: list[Finding]) -> str:
    if not findings:
        return "  none"
    ordered = sorted(findings, key=lambda f: (f.enforcement != "mandatory", f.policy, f.resource))
    return "\n".join(f"  [{f.enforcement}] {f.policy}: {f.resource or '(stack)'}: {f.message}" for f in ordered)


def plan_document(run: ProgramRun, cost: CostEstimate, findings: list[Finding]) -> dict[str, Any]:
    """The `--json` document."""
    by_urn = {r.urn: r for r in run.resources}
    resources = [
        {
            "type": r.type,
            "name": r.name,
            "parent": by_urn[r.parent].name if r.parent in by_urn else "",
            "custom": r.custom,
            "protect": r.protect,
        }
        for r in run.resources
    ]
    return {
        "stack": run.stack,
        "resources": resources,
        "outputs": masked(run.outputs),
        "cost": cost.as_dict(),
        "findings": [f.as_dict() for f in findings],
        "mandatory_findings": sum(f.enforcement == "mandatory" for f in findings),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.plan", description=__doc__.split("\n\n")[0])
    parser.add_argument("stack", help="stack name: dev, prod, or any Pulumi.<stack>.yaml")
    parser.add_argument("-c", "--config", action="append", type=parse_override, default=[], metavar="KEY=VALUE")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args(argv)
    try:
        run = run_program(args.stack, dict(args.config))
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except ProgramFailed as failure:
        # __main__ raises RunError only for invalid config; any other failure
        # is a bug and keeps its traceback (exit 1).
        if not isinstance(failure.cause, pulumi.RunError):
            raise
        print(failure, file=sys.stderr)
        return 2
    cost, findings = estimate(run), evaluate(run)
    if args.json:
        print(json.dumps(plan_document(run, cost, findings), indent=2))
    else:
        print(f"Plan for stack '{args.stack}' (offline, under mocks)\n")
        print(render_tree(run))
        print("\nOutputs:")
        print(render_outputs(run))
        print("\nEstimated monthly cost (USD):")
        print(render_cost(cost))
        print("\nPolicy findings:")
        print(render_findings(findings))
    return 1 if has_mandatory(findings) else 0


def exit_now(status: int) -> NoReturn:
    """Flush and leave without tearing the interpreter down.

    Collecting the tens of thousands of objects the pulumi_aws modules
    created takes ~0.3 s at normal exit (measured with tools/bench.py);
    the plan has printed everything and holds no open resources.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    exit_now(main())
