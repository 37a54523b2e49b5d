"""The deploy critical path (docs/design.md#performance-targets): nothing that does not need the cluster
waits for it, and the longest chain is cluster -> topics/SCRAM -> registry
service / connector."""

from __future__ import annotations

import pytest

from tests.conftest import STACKS
from tools.deploy_graph import CLUSTER, MUST_NOT_WAIT_FOR_CLUSTER, DeployGraph


@pytest.mark.parametrize("stack", STACKS)
def test_nothing_that_does_not_need_the_cluster_waits_for_it(run_deployed, stack: str) -> None:
    graph = DeployGraph(run_deployed(stack))
    assert graph.needlessly_waiting_for_cluster() == []
    waiting = {r.type for r in graph.waiting_for(graph.clusters()[0].urn)}
    # What does wait: things that need its ARN, bootstrap brokers or existence.
    assert waiting >= {"aws:msk/topic:Topic", "aws:ecs/service:Service", "aws:mskconnect/connector:Connector"}
    assert not waiting & MUST_NOT_WAIT_FOR_CLUSTER


@pytest.mark.parametrize("stack", STACKS)
def test_critical_path_is_cluster_then_topics_or_scram_then_a_consumer(run_deployed, stack: str) -> None:
    path = DeployGraph(run_deployed(stack)).critical_path()
    types = [r.type for r in path.chain]
    after = types[types.index(CLUSTER) + 1 :]
    while after[-1] == "aws:cloudwatch/metricAlarm:MetricAlarm":  # alarms watch the consumer once it exists
        after.pop()
    assert after[-1] in ("aws:mskconnect/connector:Connector", "aws:ecs/service:Service")
    assert set(after[:-1]) <= {
        "aws:msk/topic:Topic",
        "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation",
        "aws:iam/rolePolicy:RolePolicy",
        "aws:ecs/taskDefinition:TaskDefinition",
    }
    # network (VPC, subnet or security group) -> 25 min cluster -> 0.1 -> 10 min connector -> 0.1 its alarm
    assert path.minutes == pytest.approx(35.4)


def test_a_bucket_waiting_for_the_cluster_is_reported(run_deployed) -> None:
    run = run_deployed("prod")
    cluster = run.one(CLUSTER)
    bucket = run.one("aws:s3/bucket:Bucket", within="streaming-platform:index:SnowflakeConnectorPlugin")
    bucket.dependencies.append(cluster.urn)
    flagged = {r.name for r in DeployGraph(run).needlessly_waiting_for_cluster()}
    # the bucket, and what waits for the bucket: its companions and the plugin
    assert {bucket.name, "streaming-platform-prod-snowflake-plugin-plugin"} <= flagged


def test_depending_on_a_component_means_waiting_for_everything_inside_it(run_deployed) -> None:
    run = run_deployed("dev")
    graph = DeployGraph(run)
    registry = run.one("streaming-platform:index:SchemaRegistryService")
    inside = {r.urn for r in run.resources if r.custom and registry in run.ancestors(r)}
    assert graph.expand([registry.urn]) == inside
