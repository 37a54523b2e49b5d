"""The README's change table keeps documenting the lifecycle limits the program
cannot refuse at config time (it never sees the deployed state)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import SNOWFLAKE_GROUP, managed
from tools.mock_runner import ROOT

README = (ROOT / "README.md").read_text()
CHANGES = README[README.index("## What a change does") : README.index("## Security defaults")]


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


@SNOWFLAKE_GROUP
def test_every_stack_output_is_documented(run_stack, run_deployed) -> None:
    outputs = README[README.index("## Outputs") : README.index("### Reaching the schema registry")]
    runs = [run_stack("prod"), run_deployed("prod"), run_stack("dev", managed())]
    for name in {name for run in runs for name in run.outputs}:
        assert f"`{name}`" in outputs, name


def _documented_alarm(name: str, stack: str, connector: str, topics: list[str]) -> str:
    """An alarm's name as the README's alarm table writes it."""
    suffix = name.removeprefix(f"streaming-platform-{stack}-")
    suffix = re.sub(r"broker\d+$", "broker<N>", suffix)
    if suffix.startswith(connector):
        suffix = "<connector>" + suffix.removeprefix(connector)
        for topic in topics:
            suffix = suffix.replace(f"-lag-{topic}", "-lag-<topic>")
    return suffix


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_every_alarm_is_explained(run_deployed, stack: str) -> None:
    table = README[README.index("## Alarms and the dashboard") : README.index("## Using the components")]
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
