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

While the connectors wait for their Snowflake key (a generated key, first
`pulumi up`), the program runs once more as on the second `pulumi up`
(`snowflake.publicKeyRegistered: true`) and a labelled section shows what
that up adds and what it costs (`secondUp` in the JSON). That run starts in
a forked process beside the first (tools/background.py) when the config
leaves the key unregistered, so it costs a second core, not wall time.

Notes go to stderr, labelled: `note:` for what the offline run could not
check (encrypted `secure:` values replaced by stand-ins), `program warning:`
for what the program logs (as `pulumi up` would show it).

Exit status: 0 when no mandatory policy is violated, 1 when one is, 2 on a
config error or a stack file that is not valid YAML (the message, no
traceback). Any other failure of the program is a bug and keeps its
traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from typing import Any, NoReturn

import pulumi

from components import Binding, is_example_account
from tools.background import Background
from tools.cost import CostEstimate, SnowflakeUsage, estimate
from tools.mock_runner import (
    PROJECT,
    ConfigPathError,
    ProgramFailed,
    ProgramRun,
    StackFileError,
    located,
    replace_secrets,
    run_program,
    stack_config,
)
from tools.policy_check import Finding, evaluate, has_mandatory

MASK = "[secret]"
# The stack's next step while its connectors wait for the Snowflake key (exported by __main__).
PENDING_OUTPUT = "snowflakeNextStep"
# What the second `pulumi up` runs with: the key registered in Snowflake.
REGISTERED: dict[str, Any] = {"snowflake.publicKeyRegistered": True}
# A DR stack's connectors' `pulumi up`: at failover (their offsets copied first).
FAILOVER: dict[str, Any] = {"replication.failover": True}
# Per connector of a DR stack: whether it runs (exported by __main__).
STANDBY_OUTPUT = "snowflakeFailover"
# The account the second up is shown with when the stack still has the committed
# EXAMPLE ACCOUNT, which the program refuses once connectors would start.
STAND_IN_ACCOUNT = "myorg-myaccount.snowflakecomputing.com"
STAND_IN_NOTE = (
    f"note: the second `pulumi up` is shown with the Snowflake account {STAND_IN_ACCOUNT} standing in for the "
    'stack\'s EXAMPLE ACCOUNT, which that `up` refuses: set yours first (README, "Deploying for real", step 3)'
)


def _config_object(key: str, stack: str, overrides: dict[str, Any], files: Any = None) -> dict[str, Any] | None:
    """The stack's object under `key`; None when it is not set, or not an object, or the config
    cannot be read (the run itself reports such a config)."""
    try:
        values = stack_config(stack, overrides, files=files).values
        value = json.loads(values.get(f"{PROJECT}:{key}") or "null")
    except Exception:
        return None
    return value if isinstance(value, dict) else None


def _snowflake_object(stack: str, overrides: dict[str, Any], files: Any = None) -> dict[str, Any]:
    return _config_object("snowflake", stack, overrides, files) or {}


def is_standby(stack: str, overrides: dict[str, Any], files: Any = None) -> bool:
    """Whether the stack is a DR stack before failover: its connectors start only at failover."""
    replication = _config_object("replication", stack, overrides, files)
    return replication is not None and replication.get("failover") not in (True, "true")


def has_example_account(stack: str, overrides: dict[str, Any], files: Any = None) -> bool:
    """Whether the config's Snowflake account is the committed stacks' placeholder."""
    url = _snowflake_object(stack, overrides, files).get("accountUrl")
    return isinstance(url, str) and is_example_account(url)


def second_up(stack: str, overrides: dict[str, Any], files: Any = None) -> dict[str, Any]:
    """The overrides of the second `pulumi up`: the key registered, and a stand-in for a
    placeholder account (the first up's warning asks for the real one)."""
    stand_in = {"snowflake.accountUrl": STAND_IN_ACCOUNT} if has_example_account(stack, overrides, files) else {}
    failover = FAILOVER if is_standby(stack, overrides, files) else {}
    return {**overrides, **REGISTERED, **stand_in, **failover}


def second_up_label(standby: bool) -> str:
    """When the connectors' `pulumi up` comes (`standby`: a DR stack before failover)."""
    if standby:
        return "At failover (replication.failover: true; Snowflake knows the standby's key)"
    return "Second `pulumi up`, once Snowflake knows the key (snowflake.publicKeyRegistered: true)"


def tool_name(module: str) -> str:
    """How the user ran the tool, for its usage line: `bin/plan` and `bin/change` say so
    (TOOL_NAME), else `python -m <module>`."""
    return os.environ.get("TOOL_NAME") or f"python -m {module}"


def connectors_pending(run: ProgramRun) -> bool:
    """Whether the run leaves its connectors for a second `pulumi up` (a DR stack's: for failover)."""
    standby = run.outputs.get(STANDBY_OUTPUT) or {}
    return PENDING_OUTPUT in run.outputs or any(not c.get("running") for c in standby.values())


def key_may_wait(stack: str, overrides: dict[str, Any]) -> bool:
    """Whether the config has connectors and leaves the Snowflake key unregistered, so
    that the first `pulumi up` may leave the connectors for a second (the run says for sure)."""
    snowflake = _snowflake_object(stack, overrides)
    waits = snowflake.get("publicKeyRegistered") not in (True, "true") or is_standby(stack, overrides)
    return bool(snowflake.get("connectors")) and waits


def plan_runs(stack: str, overrides: dict[str, Any]) -> tuple[ProgramRun, ProgramRun | None]:
    """The first `pulumi up`'s run and, when it leaves the connectors for the second, that
    second up's run. When the config says the key may wait, the second run starts at once
    in a forked process beside the first (tools/background.py): it costs no wall time on a
    second core, and is stopped if the first run needs no second up."""
    with Background(lambda: run_program(stack, second_up(stack, overrides)), key_may_wait(stack, overrides)) as second:
        run = run_program(stack, overrides)
        return run, second.result() if connectors_pending(run) else None


def run_notes(runs: list[ProgramRun]) -> list[str]:
    """Labelled lines for stderr, each once however many runs report it."""
    notes: list[str] = []
    for run in runs:
        if run.stand_ins:
            notes.append(
                f"note: encrypted values in the stack config ({', '.join(run.stand_ins)}) cannot be decrypted "
                "offline: stand-ins were used and their contents are not checked here (`pulumi preview` checks them)"
            )
        notes.extend(f"program {_labelled(line)}" for line in run.diagnostics)
    return list(dict.fromkeys(notes))


# What the mocks answer for a generated key's public half (tools/mock_runner.py).
MOCK_PUBLIC_KEY_PREFIX = "MOCKPUBLIC"


def _labelled(line: str) -> str:
    """A program message, with the values the offline run made up said to be so."""
    if MOCK_PUBLIC_KEY_PREFIX in line:
        return line + " [offline stand-in key: `pulumi up` prints the real public key]"
    return line


def warnings_of(runs: list[ProgramRun]) -> list[str]:
    """What the program warns about (`pulumi.log.warn`), each once."""
    found = [line.removeprefix("warning: ") for run in runs for line in run.diagnostics if line.startswith("warning: ")]
    return list(dict.fromkeys(_labelled(line) for line in found))


def status_line(findings: list[Finding], stack: str) -> str:
    """The plan's last line: its status and the next step."""
    if has_mandatory(findings):
        return "status: a mandatory policy is violated (exit 1): do not deploy; fix the findings above"
    return (
        f"status: planned (exit 0); next: `pulumi preview --stack {stack}` with credentials, then `pulumi up` "
        '(README, "Deploying for real")'
    )


def print_notes(notes: list[str]) -> None:
    sys.stdout.flush()
    for note in notes:
        print(note, file=sys.stderr)


def non_negative(text: str) -> float:
    """A number >= 0 (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}")
    return value


class Override(tuple):
    """One `-c KEY=VALUE`: the pair, and the value as typed (`text`), for messages."""

    text: str


def parse_override(text: str) -> Override:
    """`KEY=VALUE`; VALUE is JSON when it parses as such (objects, lists, numbers)."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        parsed = value
    override = Override((key, parsed))
    override.text = value
    return override


def override_texts(overrides: list[Any]) -> dict[str, str]:
    """KEY -> VALUE as typed, for each `-c` (the last one of a key wins, as in the run)."""
    return {pair[0]: getattr(pair, "text", json.dumps(pair[1])) for pair in overrides}


def refusal(failure: Exception, stack: str, overrides: list[Any]) -> str:
    """A config refusal with each value as written and where (mock_runner.located)."""
    return located(str(failure), stack, override_texts(overrides))


def cloud_resources(count: int) -> str:
    return f"{count} cloud resource{'' if count == 1 else 's'}"


def render_tree(run: ProgramRun) -> str:
    """Components at the top, their children indented, each component with the cloud
    resources under it (nested components' included), so the top-level counts add up
    to the total."""
    children: dict[str, list] = defaultdict(list)
    for resource in run.resources:
        children[resource.parent].append(resource)

    def descendants(urn: str) -> int:
        return sum(child.custom + descendants(child.urn) for child in children[urn])

    lines: list[str] = []

    def walk(parent_urn: str, depth: int) -> None:
        for resource in sorted(children[parent_urn], key=lambda r: (r.custom, r.type, r.name)):
            marks = " [protected]" if resource.protect else ""
            count = "" if resource.custom else f"  ({cloud_resources(descendants(resource.urn))})"
            lines.append(f"{'  ' * depth}{resource.type}  {resource.name}{marks}{count}")
            walk(resource.urn, depth + 1)

    for root in {r.parent for r in run.resources if r.parent_type == "pulumi:pulumi:Stack"}:
        walk(root, 0)
    by_type = Counter(r.type for r in run.resources if r.custom)
    types = f"{len(by_type)} type{'' if len(by_type) == 1 else 's'}"
    lines.append(f"\ntotal: {cloud_resources(sum(by_type.values()))} in {types}")
    return "\n".join(lines)


def summary_line(
    run: ProgramRun,
    cost: CostEstimate,
    findings: list[Finding],
    then_cost: CostEstimate | None,
    when: str = "second `pulumi up`",
) -> str:
    """Resources, monthly cost and status in one line (the plan's first and last word)."""
    count = cloud_resources(sum(r.custom for r in run.resources))
    money = f"${cost.total:,.2f}/month"
    if then_cost is not None:
        money += f", ${then_cost.total:,.2f} once the connectors run ({when})"
    status = "a mandatory policy is violated (exit 1)" if has_mandatory(findings) else "planned (exit 0)"
    advisories = sum(f.enforcement != "mandatory" for f in findings)
    notes = f", {advisories} advisory finding{'' if advisories == 1 else 's'}" if advisories else ""
    return f"summary: {count}, {money}; {status}{notes}"


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
        for item in (i for i in cost.items if i.component == component):  # in estimate's order
            ceiling = f"  (max ${item.monthly_max:,.2f})" if item.monthly_max > item.monthly + 0.005 else ""
            source = f"  ({item.source})" if item.source else ""
            lines.append(f"      ${item.monthly:>9,.2f}  {item.description}  [{item.resource}]{ceiling}{source}")
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


def added_resources(first: ProgramRun, second: ProgramRun) -> list[dict[str, Any]]:
    """What `second` registers that `first` does not (by URN), as `--json` lists resources."""
    known = {r.urn for r in first.resources}
    added = [entry for entry in resource_entries(second) if entry.pop("urn") not in known]
    return sorted(added, key=lambda e: (e["type"], e["name"]))


def resource_entries(run: ProgramRun) -> list[dict[str, Any]]:
    """Every resource, in URN order (resources register in no fixed order)."""
    by_urn = run.by_urn()
    return [
        {
            "urn": r.urn,
            "type": r.type,
            "name": r.name,
            "parent": by_urn[r.parent].name if r.parent in by_urn else "",
            "custom": r.custom,
            "protect": r.protect,
        }
        for r in sorted(run.resources, key=lambda r: r.urn)
    ]


def render_second_up(
    first: ProgramRun, second: ProgramRun, first_cost: CostEstimate, cost: CostEstimate, label: str
) -> str:
    added = added_resources(first, second)
    lines = [f"{label}: {sum(r['custom'] for r in added)} more cloud resources"]
    lines.extend(f"  + {r['type']}  {r['name']}" for r in added if r["custom"])
    priced = {(i.resource, i.description) for i in first_cost.items}
    new_items = [i for i in cost.items if (i.resource, i.description) not in priced and i.monthly_max > 0.005]
    lines.extend(
        f"  + ${i.monthly:,.2f}/month  {i.description}  [{i.resource}]"
        for i in sorted(new_items, key=lambda i: (-i.monthly, i.resource, i.description))
    )
    lines.append(
        f"  cost then: ${cost.total:,.2f} per month (+${cost.total - first_cost.total:,.2f}; "
        f"up to ${cost.total_max:,.2f} at the ceilings)"
    )
    return "\n".join(lines)


ACL_INVOCATION = "aws:lambda/invocation:Invocation"


def kafka_acls(run: ProgramRun) -> dict[str, list[str]]:
    """Principal -> its Kafka ACL bindings (`READ on TOPIC orders`), from the ACL function's input."""
    found: dict[str, list[str]] = {}
    for invocation in run.of_type(ACL_INVOCATION):
        payload = json.loads(invocation.inputs.get("input") or "{}")
        for binding in (Binding(*b) for b in payload.get("bindings", [])):
            found.setdefault(binding.principal, []).append(binding.describe())
    return found


def render_acls(acls: dict[str, list[str]]) -> str:
    if not acls:
        return "  none declared (scramUsers[].acls, kafkaAcls): no ACL function; every principal is allowed what " \
            "allow.everyone.if.no.acl.found allows"  # fmt: skip
    return "\n".join(f"  {principal}: {', '.join(rules)}" for principal, rules in sorted(acls.items()))


def plan_document(
    run: ProgramRun,
    cost: CostEstimate,
    findings: list[Finding],
    then: ProgramRun | None = None,
    usage: SnowflakeUsage | None = None,
) -> dict[str, Any]:
    """The `--json` document; `then` is the second up's run (a DR stack's: at failover), when there is one."""
    resources = resource_entries(run)
    for entry in resources:
        del entry["urn"]
    return {
        "stack": run.stack,
        "resources": resources,
        "outputs": masked(run.outputs),
        "kafkaAcls": kafka_acls(run),
        "warnings": warnings_of([run] if then is None else [run, then]),
        "cost": cost.as_dict(),
        "findings": [f.as_dict() for f in findings],
        "mandatory_findings": sum(f.enforcement == "mandatory" for f in findings),
        "secondUp": None
        if then is None
        else {"resources": added_resources(run, then), "cost": estimate(then, usage).as_dict()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=tool_name("tools.plan"), description=__doc__.split("\n\n")[0])
    parser.add_argument("stack", help="stack name: dev, prod, or any Pulumi.<stack>.yaml")
    parser.add_argument("-c", "--config", action="append", type=parse_override, default=[], metavar="KEY=VALUE")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument(
        "--snowflake-gb-month",
        type=non_negative,
        default=0.0,
        metavar="GB",
        help="uncompressed GB a month the 4.x connectors ingest, to price Snowpipe Streaming (default 0)",
    )
    parser.add_argument(
        "--snowflake-credit-usd",
        type=non_negative,
        default=SnowflakeUsage().usd_per_credit,
        metavar="USD",
        help=f"price of a Snowflake credit (default {SnowflakeUsage().usd_per_credit:.2f})",
    )
    args = parser.parse_args(argv)
    usage = SnowflakeUsage(args.snowflake_gb_month, args.snowflake_credit_usd)
    overrides = dict(args.config)
    try:
        run, then = plan_runs(args.stack, overrides)
    except (FileNotFoundError, StackFileError, ConfigPathError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except ProgramFailed as failure:
        # __main__ raises RunError only for invalid config; any other failure
        # is a bug and keeps its traceback (exit 1).
        if not isinstance(failure.cause, pulumi.RunError):
            raise
        print(refusal(failure, args.stack, args.config), file=sys.stderr)
        return 2
    # Policies judge every resource either up creates (the second adds only the connectors).
    cost, findings = estimate(run, usage), evaluate(then or run)
    if args.json:
        print(json.dumps(plan_document(run, cost, findings, then, usage), indent=2))
    else:
        then_cost = estimate(then, usage) if then is not None else None
        standby = is_standby(args.stack, overrides)
        when = "at failover" if standby else "second `pulumi up`"
        summary = summary_line(run, cost, findings, then_cost, when)
        print(f"Plan for stack '{args.stack}' (offline, under mocks)\n{summary}\n")
        print(render_tree(run))
        print("\nOutputs:")
        print(render_outputs(run))
        print("\nKafka ACLs (applied by the ACL function on `pulumi up`):")
        print(render_acls(kafka_acls(run)))
        print("\nEstimated monthly cost (USD):")
        print(render_cost(cost))
        if then is not None and then_cost is not None:
            print()
            print(render_second_up(run, then, cost, then_cost, second_up_label(standby)))
        print("\nPolicy findings:")
        print(render_findings(findings))
        print(f"\n{summary}\n{status_line(findings, args.stack)}")
    notes = run_notes([run])
    if then is not None and has_example_account(args.stack, overrides):
        notes.append(STAND_IN_NOTE)
    print_notes(notes)
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
