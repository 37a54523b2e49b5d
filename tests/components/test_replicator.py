"""MskReplicator: an MSK Replicator from a source cluster in another region to a target one,
with a service execution role trusted by kafka.amazonaws.com for this account only and
allowed on the two clusters only, a security group reaching the target brokers on 9098, log
delivery to a CMK log group, and alarms on its failures, authorization errors and latency.
What AWS's schema refuses is refused before any resource."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from components.inputs import ArgumentsError
from components.replication.model import MskReplicatorArgs, ReplicationSettings, exact
from components.replication.replicator import MskReplicator
from tools.aws_schemas import judge
from tools.mock_runner import ProgramRun, run_program
from tools.replacements import RULES

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = ROOT / "tests" / "programs" / "replicator.py"
REPLICATOR = "aws:msk/replicator:Replicator"
SOURCE = "arn:aws:kafka:eu-west-2:123456789012:cluster/primary/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f-2"
TARGET = "arn:aws:kafka:eu-west-1:123456789012:cluster/standby/1a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f-2"


@pytest.fixture(scope="module")
def run() -> ProgramRun:
    return run_program("dev", {"test:case": "default", "aws:region": "eu-west-1"}, program=PROGRAM)


def test_the_replicator_copies_the_given_topics_and_groups_with_identical_names(run: ProgramRun) -> None:
    inputs = run.one(REPLICATOR).inputs
    info = inputs["replicationInfoList"]
    assert (info["sourceKafkaClusterArn"], info["targetKafkaClusterArn"]) == (SOURCE, TARGET)
    topics = info["topicReplications"][0]
    assert topics["topicsToReplicates"] == ["orders", "orders\\.v1"], "exact names: `.` escaped"
    assert topics["topicNameConfiguration"] == {"type": "IDENTICAL"}
    assert topics["startingPosition"] == {"type": "EARLIEST"}
    assert (topics["copyTopicConfigurations"], topics["copyAccessControlListsForTopics"]) == (True, True)
    groups = info["consumerGroupReplications"][0]
    assert groups["consumerGroupsToReplicates"] == ["connect-orders"]
    assert groups["synchroniseConsumerGroupOffsets"] is True
    assert info["targetCompressionType"] == "NONE"
    assert inputs["replicatorName"] == "dr"


def test_the_role_is_the_service_s_for_this_account_and_reaches_the_two_clusters_only(run: ProgramRun) -> None:
    trust = json.loads(run.one("aws:iam/role:Role").inputs["assumeRolePolicy"])["Statement"][0]
    assert trust["Principal"] == {"Service": "kafka.amazonaws.com"}
    assert trust["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}
    policy = json.loads(run.one("aws:iam/rolePolicy:RolePolicy").inputs["policy"])
    statements = {s["Sid"]: s for s in policy["Statement"]}
    assert statements["TheTwoClusters"]["Resource"] == [SOURCE, TARGET]
    assert "kafka-cluster:WriteDataIdempotently" in statements["TheTwoClusters"]["Action"]
    for sid, kind in (("TheirTopics", "topic"), ("TheirGroups", "group")):
        resources = statements[sid]["Resource"]
        assert resources == [
            SOURCE.replace(":cluster/", f":{kind}/") + "/*",
            TARGET.replace(":cluster/", f":{kind}/") + "/*",
        ]
    assert all("*" not in s["Resource"] for s in statements.values()), "never every cluster"


def test_the_replicator_reaches_the_target_brokers_on_9098_and_waits_for_its_rule_and_role(run: ProgramRun) -> None:
    egress = run.one("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").inputs
    assert (egress["fromPort"], egress["toPort"]) == (9098, 9098)
    assert egress["referencedSecurityGroupId"] == "sg-0bbbbbbbbbbbbbbbb"
    replicator = run.one(REPLICATOR)
    clusters = replicator.inputs["kafkaClusters"]
    assert clusters[0]["vpcConfig"]["securityGroupsIds"] == ["sg-0aaaaaaaaaaaaaaaa"]
    assert clusters[1]["vpcConfig"]["securityGroupsIds"] == [run.one("aws:ec2/securityGroup:SecurityGroup").id]
    waits = run.waits_for(replicator)
    assert {"dr-to-target-brokers", "dr-logs"} <= waits
    assert any(name.startswith("dr-policy") for name in waits)


def test_its_logs_go_to_a_cmk_log_group_and_its_alarms_watch_failures_auth_and_latency(run: ProgramRun) -> None:
    group = run.one("aws:cloudwatch/logGroup:LogGroup").inputs
    assert group["name"] == "/aws/vendedlogs/msk-replicator/dr" and group["kmsKeyId"].startswith("arn:aws:kms:")
    delivery = run.one(REPLICATOR).inputs["logDelivery"]["replicatorLogDelivery"]["cloudwatchLogs"]
    assert delivery == {"enabled": True, "logGroup": group["name"]}
    alarms = {a.inputs["metricName"]: a.inputs for a in run.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")}
    assert set(alarms) == {"ReplicatorFailure", "AuthError", "ReplicationLatency"}
    assert all(a["namespace"] == "AWS/Kafka" and a["dimensions"] == {"ReplicatorName": "dr"} for a in alarms.values())
    assert alarms["ReplicationLatency"]["threshold"] == 300_000


def test_aws_s_schema_accepts_the_replicator(run: ProgramRun) -> None:
    result = judge(run, "eu-west-1", types={REPLICATOR})
    assert result.checked == {"AWS::MSK::Replicator": 1} and result.violations == []


def test_a_replacement_deletes_the_old_replicator_first(run: ProgramRun) -> None:
    """Its name is unique per account and region; the provider replaces it on any change of what it copies."""
    assert run.one(REPLICATOR).delete_before_replace is True


def test_patterns_and_exclusions_are_passed_as_given() -> None:
    patterns = run_program("dev", {"test:case": "patterns", "aws:region": "eu-west-1"}, program=PROGRAM)
    topics = patterns.one(REPLICATOR).inputs["replicationInfoList"]["topicReplications"][0]
    assert topics["topicsToReplicates"] == ["orders.*"] and topics["topicsToExcludes"] == ["orders-scratch"]
    assert topics["startingPosition"] == {"type": "LATEST"}


@pytest.mark.parametrize(
    "path",
    [
        "replicationInfoList.topicReplications[0].topicsToReplicates",
        "replicationInfoList.consumerGroupReplications",
        "kafkaClusters",
    ],
)
def test_the_provider_replaces_it_when_what_it_copies_changes(path: str) -> None:
    """kafka_cluster and replication_info_list are ForceNew blocks (terraform-provider-aws replicator.go)."""
    assert RULES[REPLICATOR].replaces(path)


def _args(**settings: Any) -> MskReplicatorArgs:
    return MskReplicatorArgs(
        source_cluster_arn=SOURCE,
        source_subnet_ids=["subnet-0aaaaaaa", "subnet-0bbbbbbb"],
        source_security_group_ids=["sg-0aaaaaaaaaaaaaaaa"],
        target_cluster_arn=TARGET,
        target_vpc_id="vpc-0123456789abcdef0",
        target_subnet_ids=["subnet-1aaaaaaa", "subnet-1bbbbbbb"],
        target_broker_security_group_id="sg-0bbbbbbbbbbbbbbbb",
        settings=ReplicationSettings(**({"topics": (exact("orders"),)} | settings)),
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"topics": ()}, "settings.topics = null: nothing to replicate"),
        ({"topics": tuple(f"t{i}" for i in range(101))}, "settings.topics = 101: at most 100 patterns"),
        ({"topics": ("orders[",)}, "settings.topics[0] = 'orders[': not a regular expression"),
        ({"topics": ("x" * 250,)}, "at most 249 characters (AWS::MSK::Replicator)"),
        ({"groups": ("g" * 257,)}, "settings.groups[0]"),
        (
            {"starting_position": "BEGINNING"},
            "settings.starting_position = 'BEGINNING': not supported; allowed: EARLIEST, LATEST",
        ),
        ({"compression": "BROTLI"}, "settings.compression = 'BROTLI'"),
        ({"max_latency_seconds": 5}, "settings.max_latency_seconds = 5: must be a whole number of seconds"),
    ],
)
def test_what_aws_refuses_is_refused_before_any_resource(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(ArgumentsError) as refused:
        MskReplicator("bad", _args(**settings))
    assert message in str(refused.value)
