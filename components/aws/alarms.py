"""CloudWatch alarms, described as data (`AlarmSpec`) and created by one function.

Every component's alarms notify the stack's alarm topic (MskCluster's,
CMK-encrypted) on ALARM and on OK. Each spec names its metric namespace and
dimensions; the values are checked against the AWS docs where the spec is made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from .naming import logical_name


@dataclass(frozen=True)
class AlarmSpec:
    """One CloudWatch alarm: `expression` over metrics `m1`, `m2`, ... of `namespace`."""

    suffix: str
    description: str
    metrics: tuple[str, ...]
    statistic: str
    dimensions: Mapping[str, pulumi.Input[str]]
    comparison: str
    threshold: float
    expression: str | None = None
    period: int = 300
    evaluation_periods: int = 1
    namespace: str = "AWS/Kafka"
    treat_missing_data: str = "missing"
    """`breaching` where no data means the thing is gone (e.g. no running task)."""


def metric_alarm(
    parent: pulumi.Resource,
    base_name: str,
    spec: AlarmSpec,
    topic_arn: pulumi.Input[str],
    tags: Mapping[str, str],
    depends_on: Sequence[pulumi.Resource] = (),
) -> aws.cloudwatch.MetricAlarm:
    """The alarm `<base_name>-<suffix>`, notifying `topic_arn`. `depends_on`: what
    its dimensions name (an alarm on a resource that does not exist yet is useless)."""
    common = dict(
        alarm_description=spec.description,
        comparison_operator=spec.comparison,
        threshold=spec.threshold,
        evaluation_periods=spec.evaluation_periods,
        treat_missing_data=spec.treat_missing_data,
        alarm_actions=[topic_arn],
        ok_actions=[topic_arn],
        tags=dict(tags),
        opts=pulumi.ResourceOptions(parent=parent, depends_on=list(depends_on)),
    )
    name = logical_name("aws:cloudwatch/metricAlarm:MetricAlarm", f"{base_name}-{spec.suffix}")
    if spec.expression is None:
        return aws.cloudwatch.MetricAlarm(
            name,
            namespace=spec.namespace,
            metric_name=spec.metrics[0],
            statistic=spec.statistic,
            period=spec.period,
            dimensions=dict(spec.dimensions),
            **common,
        )
    queries = [
        aws.cloudwatch.MetricAlarmMetricQueryArgs(
            id=f"m{i}",
            metric=aws.cloudwatch.MetricAlarmMetricQueryMetricArgs(
                namespace=spec.namespace,
                metric_name=metric,
                stat=spec.statistic,
                period=spec.period,
                dimensions=dict(spec.dimensions),
            ),
        )
        for i, metric in enumerate(spec.metrics, start=1)
    ]
    queries.append(
        aws.cloudwatch.MetricAlarmMetricQueryArgs(
            id="e1", expression=spec.expression, label=spec.suffix, return_data=True
        )
    )
    return aws.cloudwatch.MetricAlarm(name, metric_queries=queries, **common)
