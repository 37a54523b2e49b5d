"""PlatformDashboard: one dashboard per stack with the brokers, the registry and each connector's lag."""

from __future__ import annotations

import json

import pytest

from components.dashboard import console_url, dashboard_body
from tests.conftest import STACKS
from tools.cost import estimate

DASHBOARD = "aws:cloudwatch/dashboard:Dashboard"


def widgets(run) -> dict[str, list]:
    body = json.loads(run.one(DASHBOARD).inputs["dashboardBody"])
    return {w["properties"]["title"]: w["properties"]["metrics"] for w in body["widgets"]}


@pytest.mark.parametrize("stack", STACKS)
def test_the_dashboard_shows_brokers_registry_and_each_connector_with_its_lag(run_deployed, stack: str) -> None:
    run = run_deployed(stack)
    shown = widgets(run)
    cluster, connector = run.outputs["clusterName"], run.one("aws:mskconnect/connector:Connector").inputs["name"]
    brokers = {"dev": 2, "prod": 3}[stack]
    cpu = shown["Brokers: CPU user + system %"]
    assert len(cpu) == 2 * brokers and ["AWS/Kafka", "CpuUser", "Cluster Name", cluster, "Broker ID", "1"] in cpu
    assert "Brokers: data disk used %" in shown and "Partitions: under-replicated, offline" in shown
    alb = run.one("aws:lb/loadBalancer:LoadBalancer").outputs["arnSuffix"]
    assert shown["Schema registry: healthy / unhealthy tasks"][0][:4] == [
        "AWS/ApplicationELB",
        "HealthyHostCount",
        "LoadBalancer",
        alb,
    ]
    lag = shown[f"Connector {connector}: consumer lag (seconds, offsets)"]
    assert [
        "AWS/Kafka",
        "EstimatedMaxTimeLag",
        "Cluster Name",
        cluster,
        "Consumer Group",
        f"connect-{connector}",
        "Topic",
        "orders",
    ] in lag
    assert f"Connector {connector}: tasks, records sent, CPU" in shown
    name = run.one(DASHBOARD).inputs["dashboardName"]
    assert name == f"streaming-platform-{stack}"
    assert run.outputs["dashboardUrl"] == console_url("eu-west-2", name)
    assert run.outputs["dashboardUrl"].startswith(
        "https://eu-west-2.console.aws.amazon.com/cloudwatch/home?region=eu-west-2#dashboards/dashboard/"
    )


def test_express_brokers_have_no_disk_or_replication_panels() -> None:
    body = json.loads(dashboard_body("us-east-1", "c", 3, True, "app/x/1", "targetgroup/y/2", "ecs", "svc", []))
    titles = {w["properties"]["title"] for w in body["widgets"]}
    assert "Brokers: data disk used %" not in titles and "Brokers: CPU user + system %" in titles


def test_the_dashboard_is_priced(run_stack) -> None:
    line = next(i for i in estimate(run_stack("dev")).items if i.description == "CloudWatch dashboard")
    assert line.monthly == pytest.approx(3.00)
