"""Benchmarks for the performance targets of docs/design.md#performance-targets (not timed unit tests).

    python -m tools.bench [--pairs 7] [--repeat 3] [--skip-suite]

Measures, on this machine, whole processes started the way users start them:

1. `python -m tools.plan prod --json` against a bare
   `python -c "import pulumi, pulumi_aws"`, run in alternating pairs; the
   target is a median ratio <= 2;
2. the plan of prod with 50, 250 and 500 topics and 20 connectors (given as
   `-c` overrides, the Snowflake key registered); target < 5 s at 500 topics
   and linear growth (the time per extra topic from 50 to 250 and from 250
   to 500 should match); and at 500 topics before the key is registered
   (the plan also shows the second `pulumi up`); target < 5 s;
3. the change preview against one plan of the same stack, in alternating
   pairs: prod with `retentionHours=72`, and the 500-topic stack before the
   key is registered; target a median ratio <= 2;
4. the unit tier (`python -m pytest`); target < 30 s;
6. the 500-topic, 20-connector plan against prod's own, in pairs, before and after the key;
   target a median ratio <= 1.5;
5. the deploy critical path from the recorded dependency graph
   (tools/deploy_graph.py) and whether anything waits for the cluster
   without needing it.

Prints a Markdown table; `--record docs/benchmarks.md` appends it there, dated (the results log).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# tools.plan.STAND_IN_ACCOUNT (not imported: this module loads no Pulumi SDK); a test keeps them equal.
STAND_IN_ACCOUNT = "myorg-myaccount.snowflakecomputing.com"
PYTHON = sys.executable
BARE_IMPORT = [PYTHON, "-c", "import pulumi, pulumi_aws"]
PLAN_PROD = [PYTHON, "-m", "tools.plan", "prod", "--json"]
CHANGE_PROD = [PYTHON, "-m", "tools.change", "prod", "--json"]
# The change preview exits 4 when a change needs attention (retention, or a new stack's resources).
CHANGE_STATUSES = (0, 4)
SCALE_TOPICS = (50, 250, 500)
SCALE_CONNECTORS = 20
SCALE_BROKER_TYPE = "kafka.m7g.2xlarge"


def timed(command: Sequence[str], statuses: Sequence[int] = (0,)) -> float:
    """Wall-clock seconds of one process; it must end with one of `statuses` (plan: 0)."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in statuses:
        raise SystemExit(f"{' '.join(command[:4])}... exited {result.returncode}:\n{result.stderr[-2000:]}")
    return elapsed


def alternating(
    first: Sequence[str], second: Sequence[str], pairs: int, first_statuses: Sequence[int] = (0,)
) -> tuple[list[float], list[float]]:
    """Seconds of `first` and of `second`, run in turn `pairs` times after one warm-up run of
    each (the OS file cache, .pyc files): pairing keeps a ratio meaningful while the machine's
    speed drifts."""
    timed(first, first_statuses), timed(second)
    firsts, seconds = [], []
    for _ in range(pairs):
        firsts.append(timed(first, first_statuses))
        seconds.append(timed(second))
    return firsts, seconds


def plan_vs_import(pairs: int) -> dict[str, float]:
    bare, plan = alternating(BARE_IMPORT, PLAN_PROD, pairs)
    ratios = [p / b for p, b in zip(plan, bare, strict=True)]
    return {"import": statistics.median(bare), "plan": statistics.median(plan), "ratio": statistics.median(ratios)}


# Where the plan's time goes, measured inside one fresh process.
BREAKDOWN_SCRIPT = """
import json, time
start = time.perf_counter()
import pulumi, pulumi_aws
base = time.perf_counter()
# the AWS service packages the program uses (touching one class loads its whole package)
for service, cls in [("ec2", "Vpc"), ("vpc", "SecurityGroupIngressRule"), ("kms", "Key"), ("msk", "Cluster"),
                     ("iam", "Role"), ("cloudwatch", "MetricAlarm"), ("sns", "Topic"), ("secretsmanager", "Secret"),
                     ("appautoscaling", "Target"), ("ecs", "Service"), ("lb", "LoadBalancer"), ("s3", "Bucket"),
                     ("mskconnect", "Connector")]:
    getattr(getattr(pulumi_aws, service), cls)
import pulumi_random, pulumi_tls
pulumi_random.RandomPassword, pulumi_tls.PrivateKey
services = time.perf_counter()
from tools.mock_runner import run_program
from tools.cost import estimate
from tools.policy_check import evaluate
tooling = time.perf_counter()
run = run_program("prod")
program = time.perf_counter()
estimate(run), evaluate(run)
checks = time.perf_counter()
print(json.dumps({"pulumi + pulumi_aws": base - start, "AWS service modules used": services - base,
                  "mocks, cost, policy imports": tooling - services, "program under mocks": program - tooling,
                  "cost + policies": checks - program}))
"""


def breakdown() -> dict[str, float]:
    result = subprocess.run([PYTHON, "-c", BREAKDOWN_SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def scale_overrides(topics: int, connectors: int, registered: bool = True, keep_committed: bool = False) -> list[str]:
    """`-c` arguments: `topics` topics and `connectors` connectors sharing them round-robin;
    `registered`: the Snowflake key is registered (the connectors exist), else the plan shows the second up;
    `keep_committed`: prod's own topics and connectors stay too (a change preview then adds, removes none)."""
    prod = yaml.safe_load((ROOT / "Pulumi.prod.yaml").read_text())["config"]
    names = [f"events-{i:04d}" for i in range(topics)]
    snowflake = {
        **prod["streaming-platform:snowflake"],
        "publicKeyRegistered": registered,
        "accountUrl": STAND_IN_ACCOUNT,  # a deployed stack's own account (prod's is the EXAMPLE ACCOUNT)
    }
    snowflake["connectors"] = [
        {"name": f"sink-{c:02d}", "topics": {t: t.upper().replace("-", "_") for t in names[c::connectors]}}
        for c in range(connectors)
    ]
    topic_list = [{"name": name, "partitions": 3} for name in names]
    if keep_committed:
        topic_list = [*prod["streaming-platform:topics"], *topic_list]
        snowflake["connectors"] = [*prod["streaming-platform:snowflake"]["connectors"], *snowflake["connectors"]]
    return [
        "-c", f"topics={json.dumps(topic_list)}",
        "-c", f"snowflake={json.dumps(snowflake)}",
        # 500 topics x 3 partitions x RF 3 over 3 brokers pass the 1,500 partition
        # replicas MSK allows per kafka.m7g.large broker (the plan refuses them);
        # m7g.2xlarge holds 3,000 (catalog.PARTITIONS_PER_BROKER).
        "-c", f"brokerInstanceType={SCALE_BROKER_TYPE}",
    ]  # fmt: skip


def scale(repeat: int) -> list[dict[str, float]]:
    rows = []
    for topics in SCALE_TOPICS:
        command = [*PLAN_PROD, *scale_overrides(topics, SCALE_CONNECTORS)]
        rows.append({"topics": topics, "seconds": statistics.median(timed(command) for _ in range(repeat))})
    return rows


def scale_before_key(repeat: int) -> float:
    """The 500-topic plan while the connectors wait for their key (it also plans the second up)."""
    command = [*PLAN_PROD, *scale_overrides(SCALE_TOPICS[-1], SCALE_CONNECTORS, registered=False)]
    return statistics.median(timed(command) for _ in range(repeat))


def scale_vs_prod(pairs: int, registered: bool) -> dict[str, float]:
    """The 500-topic, 20-connector plan against prod's own, in alternating pairs: the cost of
    scale as a ratio, which holds across hosts of different speed."""
    large = [*PLAN_PROD, *scale_overrides(SCALE_TOPICS[-1], SCALE_CONNECTORS, registered=registered)]
    scaled, prod = alternating(large, PLAN_PROD, pairs)
    ratios = [s / p for s, p in zip(scaled, prod, strict=True)]
    return {"large": statistics.median(scaled), "prod": statistics.median(prod), "ratio": statistics.median(ratios)}


def change_vs_plan(pairs: int, overrides: Sequence[str]) -> dict[str, float]:
    """The change preview and one plan of the same stack, in alternating pairs."""
    changes, plans = alternating([*CHANGE_PROD, *overrides], [*PLAN_PROD, *overrides], pairs, CHANGE_STATUSES)
    ratios = [c / p for c, p in zip(changes, plans, strict=True)]
    return {"change": statistics.median(changes), "plan": statistics.median(plans), "ratio": statistics.median(ratios)}


def suite_seconds() -> float:
    return timed([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"])


def critical_path() -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    from tools.deploy_graph import DeployGraph
    from tools.mock_runner import run_program

    graph = DeployGraph(run_program("prod"))
    path = graph.critical_path()
    return {
        "minutes": path.minutes,
        "chain": [f"{r.type.rsplit(':', 1)[-1]} {r.name}" for r in path.chain],
        "needless": [r.name for r in graph.needlessly_waiting_for_cluster()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=7, help="plan/import pairs (default 7)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scale point (default 3)")
    parser.add_argument("--skip-suite", action="store_true", help="do not time the test suite")
    parser.add_argument("--record", type=Path, help="append the results, dated, to this file (docs/benchmarks.md)")
    args = parser.parse_args(argv)

    pair = plan_vs_import(args.pairs)
    points = scale(args.repeat)
    before_key = scale_before_key(args.repeat)
    at_scale = {"key registered": scale_vs_prod(args.pairs, True), "before the key": scale_vs_prod(args.pairs, False)}
    previews = {
        "prod, `retentionHours=72`": change_vs_plan(args.pairs, ["-c", "retentionHours=72"]),
        f"prod, {SCALE_TOPICS[-1]} topics before the key": change_vs_plan(
            args.pairs, scale_overrides(SCALE_TOPICS[-1], SCALE_CONNECTORS, registered=False, keep_committed=True)
        ),
    }
    by_topics = {p["topics"]: p["seconds"] for p in points}
    slope_low = (by_topics[250] - by_topics[50]) / 200
    slope_high = (by_topics[500] - by_topics[250]) / 250
    suite = None if args.skip_suite else suite_seconds()
    path = critical_path()
    parts = breakdown()

    lines: list[str] = []

    def out(line: str) -> None:
        print(line)
        lines.append(line)

    out("| measure | target (docs/design.md#performance-targets) | measured |")
    out("|---|---|---|")
    out(f"| `import pulumi, pulumi_aws` (median of {args.pairs}) | baseline | {pair['import']:.2f} s |")
    out(f"| `python -m tools.plan prod` (median of {args.pairs}) | <= 2x baseline | {pair['plan']:.2f} s |")
    out(f"| plan / import, median of paired ratios | <= 2.0 | {pair['ratio']:.1f}x |")
    for point in points:
        target = "< 5 s" if point["topics"] == SCALE_TOPICS[-1] else "linear"
        out(f"| plan, {point['topics']} topics + {SCALE_CONNECTORS} connectors | {target} | {point['seconds']:.2f} s |")
    out(
        f"| plan, {SCALE_TOPICS[-1]} topics + {SCALE_CONNECTORS} connectors, before the key is registered "
        f"(with the second up) | < 5 s | {before_key:.2f} s |"
    )
    out(
        f"| time per extra topic, 50->250 / 250->500 | equal (linear) | {slope_low * 1000:.1f} ms / "
        f"{slope_high * 1000:.1f} ms |"
    )
    for label, paired in at_scale.items():
        out(
            f"| plan, {SCALE_TOPICS[-1]} topics + {SCALE_CONNECTORS} connectors / plan, prod, {label} "
            f"(median of {args.pairs} paired ratios) | <= 1.5 | {paired['ratio']:.2f}x "
            f"({paired['large']:.2f} s / {paired['prod']:.2f} s) |"
        )
    for label, preview in previews.items():
        out(
            f"| change preview / plan, {label} (median of {args.pairs} paired ratios) | <= 2.0 | "
            f"{preview['ratio']:.2f}x ({preview['change']:.2f} s / {preview['plan']:.2f} s) |"
        )
    if suite is not None:
        out(f"| unit tier (`python -m pytest`) | < 30 s | {suite:.1f} s |")
    out(f"| deploy critical path (estimated) | cluster -> topics/SCRAM -> consumer | {path['minutes']:.1f} min |")
    needless = ", ".join(path["needless"]) or "none"  # type: ignore[arg-type]
    out(f"| resources waiting for the cluster without needing it | none | {needless} |")
    out("\ncritical path: " + " -> ".join(path["chain"]))  # type: ignore[arg-type]
    out("\nwhere `tools.plan prod` spends its time (one process):")
    for part, seconds in parts.items():
        out(f"  {part:<30} {seconds:.2f} s")
    if args.record is not None:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        command = " ".join(["python -m tools.bench", *(sys.argv[1:] if argv is None else argv)])
        heading = f"\n## {stamp}, {os.cpu_count()} cores, `{command}`\n\n"
        with args.record.open("a") as results:
            results.write(heading + "\n".join(lines) + "\n")
        print(f"\nrecorded in {args.record}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
