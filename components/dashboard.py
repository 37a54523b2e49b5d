"""PlatformDashboard: one CloudWatch dashboard per stack, so operators can see that data flows.

Rows: brokers (CPU user + system, data disk used, bytes in/out, under-replicated
and offline partitions), the schema registry (healthy/unhealthy tasks, 5xx,
latency behind the ALB; ECS CPU and memory) and each connector (running and
errored tasks, records sent, CPU, and the lag of its consumer group
`connect-<name>` on each of its topics), and a DR stack's replicator (latency and message lag,
throughput, failures, authorization errors). Metric names, namespaces and
dimensions are the ones the alarms use (see components/aws/alarms.py callers).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from . import catalog
from .aws.common import component_type, with_former_type
from .aws.naming import physical_name


@dataclass(frozen=True)
class ConnectorPanel:
    """A connector on the dashboard: its MSK Connect name and its topics."""

    name: pulumi.Input[str]
    topics: Sequence[str]


@dataclass
class PlatformDashboardArgs:
    """Inputs of `PlatformDashboard`."""

    dashboard_name: str
    """CloudWatch dashboard name (fitted to its limit)."""
    region: str
    cluster_name: pulumi.Input[str]
    broker_count: int
    express: bool = False
    """Express brokers publish no disk or replication metrics per broker."""
    load_balancer: pulumi.Input[str] = ""
    """The registry ALB's ARN suffix (`app/<name>/<id>`)."""
    target_group: pulumi.Input[str] = ""
    """The registry target group's ARN suffix."""
    ecs_cluster_name: pulumi.Input[str] = ""
    ecs_service_name: pulumi.Input[str] = ""
    connectors: Sequence[ConnectorPanel] = field(default_factory=list)
    replicator_name: pulumi.Input[str] | None = None
    """A DR stack's MSK Replicator: its row (latency and lag, throughput and errors)."""


def _widget(title: str, metrics: list[list[Any]], region: str, stat: str = "Average", width: int = 8) -> dict:
    return {
        "type": "metric",
        "width": width,
        "height": 6,
        "properties": {"title": title, "metrics": metrics, "region": region, "stat": stat, "period": 300,
                       "view": "timeSeries"},
    }  # fmt: skip


def dashboard_body(
    region: str,
    cluster: str,
    broker_count: int,
    express: bool,
    load_balancer: str,
    target_group: str,
    ecs_cluster: str,
    ecs_service: str,
    connectors: Sequence[tuple[str, Sequence[str]]],
    replicator: str | None = None,
) -> str:
    """The dashboard as CloudWatch's JSON (widgets laid out 24 units wide)."""
    brokers = [str(b) for b in range(1, broker_count + 1)]
    kafka = "AWS/Kafka"

    def per_broker(*metrics: str) -> list[list[Any]]:
        return [[kafka, m, "Cluster Name", cluster, "Broker ID", b] for m in metrics for b in brokers]

    widgets = [
        _widget("Brokers: CPU user + system %", per_broker("CpuUser", "CpuSystem"), region),
        _widget("Brokers: bytes in / out per second", per_broker("BytesInPerSec", "BytesOutPerSec"), region),
    ]
    if not express:
        widgets.append(_widget("Brokers: data disk used %", per_broker("KafkaDataLogsDiskUsed"), region, "Maximum"))
        partitions = [
            *per_broker("UnderReplicatedPartitions"),
            [kafka, "OfflinePartitionsCount", "Cluster Name", cluster],
        ]
        widgets.append(_widget("Partitions: under-replicated, offline", partitions, region, "Maximum"))
    elb = ["LoadBalancer", load_balancer, "TargetGroup", target_group]
    widgets += [
        _widget(
            "Schema registry: healthy / unhealthy tasks",
            [["AWS/ApplicationELB", "HealthyHostCount", *elb], ["AWS/ApplicationELB", "UnHealthyHostCount", *elb]],
            region,
            "Minimum",
        ),
        _widget(
            "Schema registry: 5xx and latency",
            [
                ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", *elb, {"stat": "Sum"}],
                ["AWS/ApplicationELB", "TargetResponseTime", *elb, {"yAxis": "right"}],
            ],
            region,
        ),
        _widget(
            "Schema registry: ECS CPU / memory %",
            [
                ["AWS/ECS", "CPUUtilization", "ClusterName", ecs_cluster, "ServiceName", ecs_service],
                ["AWS/ECS", "MemoryUtilization", "ClusterName", ecs_cluster, "ServiceName", ecs_service],
            ],
            region,
        ),
    ]
    for name, topics in connectors:
        connect = ["ConnectorName", name]
        widgets.append(
            _widget(
                f"Connector {name}: tasks, records sent, CPU",
                [
                    ["AWS/KafkaConnect", "RunningTaskCount", *connect, {"stat": "Minimum"}],
                    ["AWS/KafkaConnect", "ErroredTaskCount", *connect, {"stat": "Maximum"}],
                    ["AWS/KafkaConnect", "SinkRecordSendRate", *connect, {"yAxis": "right"}],
                    ["AWS/KafkaConnect", "CpuUtilization", *connect],
                ],
                region,
                width=12,
            )
        )
        group = ["Cluster Name", cluster, "Consumer Group", catalog.connect_group(name)]
        lag = [
            [kafka, metric, *group, "Topic", t] for t in topics for metric in ("EstimatedMaxTimeLag", "MaxOffsetLag")
        ]
        widgets.append(_widget(f"Connector {name}: consumer lag (seconds, offsets)", lag, region, "Maximum", width=12))
    if replicator is not None:
        widgets += _replicator_row(region, replicator)
    return json.dumps({"widgets": widgets})


def _replicator_row(region: str, replicator: str) -> list[dict]:
    """The replicator's metrics (AWS/Kafka, `ReplicatorName`; the MSK Replicator "Metrics reference"):
    how far the standby is behind, and whether it copies at all."""
    name = ["ReplicatorName", replicator]
    return [
        _widget(
            f"Replicator {replicator}: latency (ms), message lag",
            [
                ["AWS/Kafka", "ReplicationLatency", *name, {"stat": "Maximum"}],
                ["AWS/Kafka", "MessageLag", *name, {"stat": "Sum", "yAxis": "right"}],
            ],
            region,
            width=12,
        ),
        _widget(
            f"Replicator {replicator}: throughput, failures, auth errors",
            [
                ["AWS/Kafka", "ReplicatorThroughput", *name, {"stat": "Average"}],
                ["AWS/Kafka", "ReplicatorFailure", *name, {"stat": "Sum", "yAxis": "right"}],
                ["AWS/Kafka", "AuthError", *name, {"stat": "Sum", "yAxis": "right"}],
            ],
            region,
            width=12,
        ),
    ]


def console_url(region: str, dashboard_name: str) -> str:
    """The dashboard in the CloudWatch console."""
    return (
        f"https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}#dashboards/dashboard/{dashboard_name}"
    )


class PlatformDashboard(pulumi.ComponentResource):
    """Outputs: `dashboard_name`, `url` (CloudWatch console)."""

    dashboard_name: pulumi.Output[str]
    url: pulumi.Output[str]

    def __init__(self, name: str, args: PlatformDashboardArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(
            component_type("PlatformDashboard"), name, None, with_former_type(opts, "dashboard", "PlatformDashboard")
        )
        names = [panel.name for panel in args.connectors]
        registry = (args.load_balancer, args.target_group, args.ecs_cluster_name, args.ecs_service_name)
        body = pulumi.Output.all(args.cluster_name, *registry, args.replicator_name, *names).apply(
            lambda a: dashboard_body(
                args.region, a[0], args.broker_count, args.express, a[1], a[2], a[3], a[4],
                [(connector, panel.topics) for connector, panel in zip(a[6:], args.connectors, strict=True)],
                a[5],
            )
        )  # fmt: skip
        dashboard = aws.cloudwatch.Dashboard(
            f"{name}-dashboard",
            dashboard_name=physical_name("aws:cloudwatch/dashboard:Dashboard", args.dashboard_name),
            dashboard_body=body,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.dashboard_name = dashboard.dashboard_name
        self.url = dashboard.dashboard_name.apply(lambda n: console_url(args.region, n))
        self.register_outputs({"dashboardName": self.dashboard_name, "url": self.url})


def panels(connectors: Mapping[str, Any]) -> list[ConnectorPanel]:
    """`ConnectorPanel`s from `SnowflakeSinkConnector`s keyed by config name."""
    return [ConnectorPanel(sink.name, list(sink.args.connector.topic_names)) for sink in connectors.values()]
