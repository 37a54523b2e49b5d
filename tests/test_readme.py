"""The docs keep documenting what the program does: the change table (docs/operations.md)
the lifecycle limits the program cannot refuse at config time (it never sees the
deployed state), every output (docs/configuration.md), every alarm, and the
README's cost figures."""

from __future__ import annotations

import re

import pytest

from tests.conftest import managed
from tools.mock_runner import ROOT

README = (ROOT / "README.md").read_text()
OPERATIONS = (ROOT / "docs" / "operations.md").read_text()
CONFIGURATION = (ROOT / "docs" / "configuration.md").read_text()


def section(text: str, heading: str) -> str:
    """From `heading` to the next heading of the same or a higher level."""
    start = text.index(f"\n{heading}\n")
    level = heading.split(" ")[0]
    ends = [text.find(f"\n{'#' * n} ", start + 1) for n in range(1, len(level) + 1)]
    return text[start : min([e for e in ends if e != -1], default=len(text))]


CHANGES = section(OPERATIONS, "## What a change does")


@pytest.mark.parametrize(
    ("row", "says"),
    [
        # storage autoscaling turned off after AWS grew the volumes
        ("`maxBrokerVolumeGiB` from N to 0", "first set `brokerVolumeGiB` to at least the current size"),
        ("topic `partitions` down", "Kafka cannot reduce partitions"),
        ("`kafkaVersion` ZooKeeper <-> KRaft", "**not possible in place**"),
        ("standard <-> express broker type", "**not possible in place**"),
        ("`brokerCount` up", "**topics, connectors and the registry untouched**"),
        ("topic `replicationFactor`", "**replace**"),
        ("`network` (CIDR", "**replace** of the cluster"),
        ("`schemaRegistry.image`", "**`pulumi up` fails**"),
    ],
)
def test_the_change_table_documents_each_limit(row: str, says: str) -> None:
    line = next((line for line in CHANGES.splitlines() if line.startswith(f"| {row}")), None)
    assert line is not None, f"no row for {row}"
    assert says in line


def test_every_stack_output_is_documented(run_stack, run_deployed) -> None:
    outputs = section(CONFIGURATION, "## Outputs")
    runs = [run_stack("prod"), run_deployed("prod"), run_stack("dev", managed()), run_stack("dr")]
    for name in {name for run in runs for name in run.outputs}:
        assert f"`{name}`" in outputs, name


def _documented_alarm(name: str, stack: str, connector: str, topics: list[str]) -> str:
    """An alarm's name as the alarm table (docs/operations.md) writes it."""
    suffix = name.removeprefix(f"streaming-platform-{stack}-")
    suffix = re.sub(r"broker\d+$", "broker<N>", suffix)
    if suffix.startswith(connector):
        suffix = "<connector>" + suffix.removeprefix(connector)
        for topic in topics:
            suffix = suffix.replace(f"-lag-{topic}", "-lag-<topic>")
    return suffix


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_every_alarm_is_explained(run_deployed, stack: str) -> None:
    table = section(OPERATIONS, "## Alarms and the dashboard")
    rows = {line.split("|")[1].strip().split(" ")[0] for line in table.splitlines() if line.startswith("| `")}
    run = run_deployed(stack)
    alarms = [a.name for a in run.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")]
    assert len(alarms) > 10
    for alarm in alarms:
        assert f"`{_documented_alarm(alarm, stack, 'orders-to-snowflake', ['orders'])}`" in rows, alarm
    assert "`dashboardUrl`" in table


def test_the_cost_figures_are_what_the_plan_prints(run_stack, run_deployed) -> None:
    """dev and prod after the first `pulumi up` and once the connectors run, as `make plan` prints them."""
    from tools.cost import estimate

    figures = re.search(
        r"\*\*dev \$([\d,]+)/month after the first `pulumi up`, \$([\d,]+) once its connector\s+runs; "
        r"prod \$([\d,]+), then \$([\d,]+)\*\* \(up to \$([\d,]+) with",
        README,
    )
    assert figures is not None, "the README's cost sentence changed shape"
    dev_first, dev_then = estimate(run_stack("dev")), estimate(run_deployed("dev"))
    prod_first, prod_then = estimate(run_stack("prod")), estimate(run_deployed("prod"))
    planned = [dev_first.total, dev_then.total, prod_first.total, prod_then.total, prod_then.total_max]
    assert [int(f.replace(",", "")) for f in figures.groups()] == [round(total) for total in planned]


def test_every_config_key_is_documented() -> None:
    """Every top-level key the program reads has its row or heading in docs/configuration.md."""
    from components.settings import KNOWN_KEYS

    keys = section(CONFIGURATION, "## Configuration")
    missing = [key for key in KNOWN_KEYS if f"`{key}`" not in keys and f"`{key}." not in keys]
    assert missing == []
