"""Offline plan: what `pulumi up` would create for a stack, without credentials.

    python -m tools.plan dev [-c KEY=VALUE]...

Runs the real __main__.py under the test mocks (tools/mock_runner.py) with
the stack's config plus `-c` overrides (a JSON value is accepted for object
keys), then prints the resource tree grouped by component, with counts, and
the stack outputs. Exit status: 0 on success, 2 on a config error (the
validation message, no traceback), 1 with a traceback on any other failure.

The cost estimate and policy findings are added by issue 5.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from typing import Any

import pulumi

from tools.mock_runner import ProgramFailed, ProgramRun, Secret, run_program


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


def render_outputs(run: ProgramRun) -> str:
    def show(value: Any) -> str:
        return "[secret]" if isinstance(value, Secret) else json.dumps(value)

    return "\n".join(f"  {name}: {show(value)}" for name, value in sorted(run.outputs.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.plan", description=__doc__.split("\n\n")[0])
    parser.add_argument("stack", help="stack name: dev, prod, or any Pulumi.<stack>.yaml")
    parser.add_argument("-c", "--config", action="append", type=parse_override, default=[], metavar="KEY=VALUE")
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
    print(f"Plan for stack '{args.stack}' (offline, under mocks)\n")
    print(render_tree(run))
    print("\nOutputs:")
    print(render_outputs(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
