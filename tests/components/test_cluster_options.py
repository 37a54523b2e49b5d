"""MskCluster options beyond the defaults: tiered storage, provisioned throughput,
mutual TLS, multi-VPC connectivity and the cluster policy, broker log destinations,
open monitoring, server properties, sizing checks and SCRAM users."""

from __future__ import annotations

import json
from typing import Any

import pytest

from components import catalog
from components.msk import options as cs
from tools.mock_runner import ProgramRun

CLUSTER = "aws:msk/cluster:Cluster"
TOPIC = "aws:msk/topic:Topic"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
CA = "arn:aws:acm-pca:eu-west-2:123456789012:certificate-authority/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
BIG = {"brokerInstanceType": "kafka.m7g.4xlarge"}
TIERED = {"storageMode": "TIERED", "topics[0].remoteStorage": True, "topics[0].localRetentionHours": 24}
MTLS = {"clientAuthentication": {"tlsCertificateAuthorityArns": [CA]}, "clientAccess.cidrs[0]": "10.9.0.0/16"}


def cluster(run: ProgramRun) -> dict[str, Any]:
    return run.one(CLUSTER).inputs


def topic_configs(run: ProgramRun, name: str) -> dict[str, str]:
    topic = next(t for t in run.of_type(TOPIC) if t.inputs["name"] == name)
    return json.loads(topic.inputs["configs"])


def rules_on(run: ProgramRun, port: int) -> list[tuple[str, str]]:
    group = run.one("aws:ec2/securityGroup:SecurityGroup", within="streaming-platform:index:MskCluster").id
    return sorted(
        (r.inputs.get("cidrIpv4") or r.inputs.get("referencedSecurityGroupId"), r.inputs["description"])
        for r in run.of_type(INGRESS)
        if r.inputs["securityGroupId"] == group and r.inputs["fromPort"] == port
    )


# --- defaults ---------------------------------------------------------------------------------------------


# prod is the dr stack's primary (`replicationSource`): multi-VPC connectivity for IAM and a
# cluster policy for MSK Replicator are what it turns on. Tests of other options on prod leave
# the switch off, so that what they see is the option's alone.
NOT_SOURCE = {"replicationSource": False}


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_committed_stacks_use_none_of_the_options_but_prods_replication_source(run_stack, stack: str) -> None:
    run = run_stack(stack)
    inputs = cluster(run)
    assert "storageMode" not in inputs
    assert "provisionedThroughput" not in inputs["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]
    assert set(inputs["clientAuthentication"]) == {"sasl", "unauthenticated"}
    assert set(inputs["loggingInfo"]["brokerLogs"]) == {"cloudwatchLogs"}
    assert rules_on(run, 11001) == rules_on(run, 11002) == rules_on(run, 9094) == []
    for key in ("bootstrapBrokersTls", "scramUserSecretArns", "brokerLogBucket"):
        assert key not in run.outputs
    policies = run.of_type("aws:msk/clusterPolicy:ClusterPolicy")
    if stack == "dev":
        assert set(inputs["brokerNodeGroupInfo"]["connectivityInfo"]) == {"publicAccess"}
        assert policies == [] and "vpcConnectivityBootstrapBrokers" not in run.outputs
        return
    assert set(inputs["brokerNodeGroupInfo"]["connectivityInfo"]) == {"publicAccess", "vpcConnectivity"}
    (policy,) = policies
    assert [s["Sid"] for s in json.loads(policy.inputs["policy"])["Statement"]] == ["MskReplicatorSource"]
    assert set(run.outputs["vpcConnectivityBootstrapBrokers"]) == {"iam"}


# --- tiered storage and throughput -----------------------------------------------------------------------


def test_tiered_storage_sets_the_cluster_mode_and_the_topic_s_remote_storage(run_stack) -> None:
    run = run_stack("prod", TIERED)
    assert cluster(run)["storageMode"] == "TIERED"
    assert topic_configs(run, "orders") == {
        "cleanup.policy": "delete",
        "min.insync.replicas": "2",
        "retention.ms": str(336 * 3_600_000),
        "remote.storage.enable": "true",
        "local.retention.ms": str(24 * 3_600_000),
    }
    assert "remote.storage.enable" not in topic_configs(run, "orders-dlq"), "topics opt in one by one"


def test_provisioned_throughput_on_a_broker_type_that_has_it(run_stack) -> None:
    run = run_stack("prod", {**BIG, "brokerVolumeThroughputMiBps": 500})
    ebs = cluster(run)["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]
    assert ebs["provisionedThroughput"] == {"enabled": True, "volumeThroughput": 500}
    assert ebs["volumeSize"] == 500


# --- mutual TLS, multi-VPC, cluster policy ------------------------------------------------------------------


def test_mutual_tls_adds_the_private_cas_and_opens_9094_to_the_client_sources_only(run_stack) -> None:
    run = run_stack("prod", MTLS)
    assert cluster(run)["clientAuthentication"]["tls"] == {"certificateAuthorityArns": [CA]}
    assert cluster(run)["clientAuthentication"]["sasl"] == {"iam": True, "scram": True}
    assert rules_on(run, 9094) == [("10.9.0.0/16", "mutual TLS from client CIDR 10.9.0.0/16")]
    assert run.outputs["bootstrapBrokersTls"] is not None


def test_another_account_gets_the_data_plane_of_the_topics_and_groups_named_only(run_stack) -> None:
    access = {"account": "111122223333", "topics": ["orders"], "groups": ["analytics-*"]}
    run = run_stack(
        "prod",
        {
            **NOT_SOURCE,
            "vpcConnectivity": {"iam": True},
            "clusterPolicy": {"accounts": ["111122223333"], "dataAccess": [access]},
        },
    )
    arn = run.outputs["clusterArn"]
    head, name_uuid = arn.split(":cluster/")
    _, connect, data = json.loads(run.one("aws:msk/clusterPolicy:ClusterPolicy").inputs["policy"])["Statement"]
    assert connect == {
        "Sid": "DataPlaneConnect111122223333",
        "Effect": "Allow",
        "Action": ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"],
        "Resource": [arn],
        "Principal": {"AWS": "111122223333"},
    }
    assert data["Action"] == ["kafka-cluster:*"] and data["Principal"] == {"AWS": "111122223333"}
    assert data["Resource"] == [f"{head}:topic/{name_uuid}/orders", f"{head}:group/{name_uuid}/analytics-*"]


def test_multi_vpc_connectivity_and_the_least_cluster_policy(run_stack) -> None:
    run = run_stack(
        "prod", {**NOT_SOURCE, "vpcConnectivity": {"iam": True}, "clusterPolicy": {"accounts": ["111122223333"]}}
    )
    vpc = cluster(run)["brokerNodeGroupInfo"]["connectivityInfo"]["vpcConnectivity"]
    assert vpc == {"clientAuthentication": {"sasl": {"iam": True, "scram": False}, "tls": False}}
    policy = json.loads(run.one("aws:msk/clusterPolicy:ClusterPolicy").inputs["policy"])
    assert policy["Statement"] == [
        {
            "Sid": "MultiVpcConnectivity",
            "Effect": "Allow",
            "Principal": {"AWS": ["111122223333"]},
            "Action": [
                "kafka:CreateVpcConnection",
                "kafka:GetBootstrapBrokers",
                "kafka:DescribeCluster",
                "kafka:DescribeClusterV2",
            ],
            "Resource": run.outputs["clusterArn"],
        }
    ]
    assert set(run.outputs["vpcConnectivityBootstrapBrokers"]) == {"iam"}


# --- broker logs, open monitoring ---------------------------------------------------------------------------


def test_broker_logs_to_a_created_private_bucket_and_firehose_without_cloudwatch(run_stack) -> None:
    logs = {"cloudwatch": False, "s3": True, "firehose": {"deliveryStream": "msk-logs"}}
    run = run_stack("prod", {"brokerLogs": logs})
    broker_logs = cluster(run)["loggingInfo"]["brokerLogs"]
    bucket = run.named("streaming-platform-prod-msk-broker-log-bucket")
    assert broker_logs == {
        "s3": {"enabled": True, "bucket": bucket.outputs["bucket"], "prefix": "brokers"},
        "firehose": {"enabled": True, "deliveryStream": "msk-logs"},
    }
    assert bucket.protect, "prod keeps its logs"
    policy = json.loads(run.named("streaming-platform-prod-msk-broker-log-bucket-tls-only").inputs["policy"])
    write = next(s for s in policy["Statement"] if s.get("Sid") == "LogDeliveryWrite")
    assert write["Principal"] == {"Service": "delivery.logs.amazonaws.com"}
    assert write["Resource"].endswith("/brokers/AWSLogs/123456789012/*")
    lifecycle = run.named("streaming-platform-prod-msk-broker-log-bucket-lifecycle").inputs["rules"][0]
    assert lifecycle["expiration"] == {"days": 365}
    assert "brokerLogGroupName" not in run.outputs and run.outputs["brokerLogBucket"] == bucket.outputs["bucket"]
    assert not [r for r in run.of_type("aws:cloudwatch/logGroup:LogGroup") if "broker-logs" in r.name]


def test_a_given_log_bucket_is_used_as_is(run_stack) -> None:
    run = run_stack("dev", {"brokerLogs": {"s3": {"bucket": "company-msk-logs"}}})
    assert cluster(run)["loggingInfo"]["brokerLogs"]["s3"]["bucket"] == "company-msk-logs"
    assert not [r for r in run.resources if "broker-log-bucket" in r.name]


def test_open_monitoring_is_reachable_from_the_given_scrapers_only(run_stack) -> None:
    run = run_stack("prod", {"openMonitoring": {"cidrs": ["10.50.8.0/24"], "securityGroupIds": ["sg-0123abcd"]}})
    assert rules_on(run, 11001) == [
        ("10.50.8.0/24", "Prometheus JMX exporter from scraper CIDR 10.50.8.0/24"),
        ("sg-0123abcd", "Prometheus JMX exporter from scraper security group 0"),
    ]
    assert [source for source, _ in rules_on(run, 11002)] == ["10.50.8.0/24", "sg-0123abcd"]


# --- server properties, SCRAM users -----------------------------------------------------------------------


def test_server_properties_follow_the_derived_ones(run_stack) -> None:
    """In name order: the Pulumi CLI hands an object to the program as JSON with its keys sorted."""
    run = run_stack("prod", {"serverProperties": {"num.io.threads": 16, "compression.type": "zstd"}})
    text = run.one("aws:msk/configuration:Configuration").inputs["serverProperties"]
    assert text.endswith("log.retention.hours=168\ncompression.type=zstd\nnum.io.threads=16\n")


def test_scram_users_get_their_own_secret_and_association(run_stack) -> None:
    run = run_stack("prod", {"scramUsers": [{"name": "analytics", "description": "BI tool"}]})
    secret = run.named("streaming-platform-prod-msk-scram-analytics-secret")
    assert secret.inputs["name"] == "AmazonMSK_streaming-platform-prod_analytics"
    assert secret.inputs["description"] == "SASL/SCRAM credentials of Kafka user analytics: BI tool"
    assert secret.protect
    association = run.named("streaming-platform-prod-msk-scram-analytics-association")
    assert association.inputs["secretArn"] == secret.outputs["arn"]
    assert run.outputs["scramUserSecretArns"] == {"analytics": secret.outputs["arn"]}


# --- sizing -------------------------------------------------------------------------------------------------


def test_partitions_above_the_broker_type_s_maximum_are_refused(config_error) -> None:
    message = config_error("dev", {"topics[0].partitions": 100000})
    assert (
        "topics: 100085 partition replicas per broker (topics x replication factor, with _schemas, "
        "__consumer_offsets and MSK Connect's internal topics, over brokerCount) is above the 300 MSK allows "
        "on kafka.t3.small" in message
    )


def test_partitions_above_the_recommendation_plan_with_a_warning(run_stack) -> None:
    run = run_stack("prod", {"topics[0].partitions": 1200})
    assert any(
        "warning: topics: 1291 partition replicas per broker" in line and "the 1000 MSK recommends" in line
        for line in run.diagnostics
    )
    assert run_stack("prod").diagnostics == [d for d in run_stack("prod").diagnostics if "partition" not in d]


# --- every rule: key, value, what is allowed ----------------------------------------------------------------

RULES = [
    ({"retentionHours": 1000000000000}, "retentionHours", "1000000000000", "at most 2147483647 (log.retention.hours is a Kafka INT setting)"),
    ({"topics[0].retentionHours": 10**13}, "topics[0].retentionHours", "10000000000000", "at most 2562047788015"),
    ({"storageMode": "S3"}, "storageMode", "'S3'", "allowed: LOCAL, TIERED"),
    ({"storageMode": "TIERED", "brokerInstanceType": "kafka.t3.small", "brokerCount": 2}, "storageMode", "'TIERED'", "not kafka.t3.small"),
    ({"storageMode": "TIERED", "brokerInstanceType": "express.m7g.large", "maxBrokerVolumeGiB": 0}, "storageMode", "'TIERED'", "express brokers have MSK-managed storage"),
    ({"storageMode": "TIERED", "serverProperties": {"log.cleanup.policy": "compact"}}, "storageMode", "'TIERED'", "log.cleanup.policy to be delete"),
    ({"topics[0].remoteStorage": True}, "topics[0].remoteStorage", "true", "needs storageMode: TIERED"),
    ({"storageMode": "TIERED", "topics[1].remoteStorage": True}, "topics[1].remoteStorage", "true", "does not tier compacted topics"),
    ({"storageMode": "TIERED", "topics[1]": {"name": "customers", "partitions": 6, "remoteStorage": True}}, "topics[1].remoteStorage", "true", "needs the topic's own retentionHours"),
    ({**TIERED, "topics[0].localRetentionHours": 336}, "topics[0].localRetentionHours", "336", "must be below the topic's retentionHours (336)"),
    ({**TIERED, "topics[0].retentionHours": 48, "topics[0].localRetentionHours": 12}, "topics[0].retentionHours", "48", "must be at least 72 (3 days) with remoteStorage: MSK's minimum retention.ms"),
    ({**TIERED, "serverProperties": {"log.segment.bytes": 1048576}}, "serverProperties.log.segment.bytes", "1048576", "at least 50331648 (48 MiB) with storageMode TIERED"),
    ({**TIERED, "serverProperties": {"log.roll.ms": 60000}}, "serverProperties.log.roll.ms", "60000", "at least 600000 (10 minutes) with storageMode TIERED"),
    ({"topics[0].localRetentionHours": 2}, "topics[0].localRetentionHours", "2", "only with remoteStorage: true"),
    ({"brokerVolumeThroughputMiBps": 500}, "brokerVolumeThroughputMiBps", "500", "only on kafka.m5.4xlarge, kafka.m7g.2xlarge and larger, not on kafka.m7g.large"),
    ({**BIG, "brokerVolumeThroughputMiBps": 700}, "brokerVolumeThroughputMiBps", "700", "from 250 to 625 MiB/s on kafka.m7g.4xlarge"),
    ({**BIG, "brokerVolumeThroughputMiBps": 100}, "brokerVolumeThroughputMiBps", "100", "from 250 to 625"),
    ({"brokerVolumeThroughputMiBps": -1}, "brokerVolumeThroughputMiBps", "-1", "must be 0 (the EBS baseline)"),
    ({"brokerInstanceType": "express.m7g.large", "maxBrokerVolumeGiB": 0, "brokerVolumeThroughputMiBps": 300}, "brokerVolumeThroughputMiBps", "300", "express brokers have MSK-managed storage and no provisioned throughput"),
    ({"clientAuthentication": {"tlsCertificateAuthorityArns": ["arn:aws:acm:eu-west-2:123456789012:certificate/x"]}}, "clientAuthentication.tlsCertificateAuthorityArns[0]", "'arn:aws:acm:", "must be an ACM Private CA ARN"),
    ({"clientAuthentication": {"tls": True}}, "clientAuthentication.tls", "true", "unknown key"),
    ({"vpcConnectivity": {"tls": True}}, "vpcConnectivity.tls", "true", "needs mutual TLS on the cluster"),
    ({"vpcConnectivity": {"scram": True}}, "vpcConnectivity.scram", "true", "allow.everyone.if.no.acl.found: false (MSK, multi-VPC permissions): declare the ACLs"),
    ({"vpcConnectivity": {"scram": True}, "serverProperties": {"allow.everyone.if.no.acl.found": False}}, "vpcConnectivity.scram", "true", "declare the ACLs (scramUsers[].acls, kafkaAcls)"),
    ({"vpcConnectivity": {"tls": True}, **MTLS}, "vpcConnectivity.tls", "true", "mutual TLS from other VPCs needs Kafka ACLs"),
    ({"serverProperties": {"allow.everyone.if.no.acl.found": False}}, "serverProperties.allow.everyone.if.no.acl.found", "false", "refuses every SCRAM and mTLS principal without Kafka ACLs: declare them first"),
    ({"vpcConnectivity": {"iam": "yes"}}, "vpcConnectivity.iam", "'yes'", "must be true or false"),
    ({"clusterPolicy": {"accounts": ["1111"]}, "vpcConnectivity": {"iam": True}}, "clusterPolicy.accounts[0]", "'1111'", "12-digit AWS account id"),
    ({"clusterPolicy": {"accounts": ["111122223333"]}}, "clusterPolicy.accounts", "111122223333", "needs vpcConnectivity with at least one auth method on"),
    ({"vpcConnectivity": {"iam": True}, "clusterPolicy": {"accounts": ["111122223333"], "dataAccess": [{"account": "444455556666", "topics": ["orders"]}]}}, "clusterPolicy.dataAccess[0].account", "'444455556666'", "must be one of clusterPolicy.accounts"),
    ({"vpcConnectivity": {"iam": True}, "clusterPolicy": {"accounts": ["111122223333"], "dataAccess": [{"account": "111122223333", "topics": ["refunds"]}]}}, "clusterPolicy.dataAccess[0].topics[0]", "'refunds'", "not in `topics`; configured topics: customers, orders, orders-dlq"),
    ({"vpcConnectivity": {"iam": True}, "clusterPolicy": {"accounts": ["111122223333"], "dataAccess": [{"account": "111122223333", "groups": ["a/b"]}]}}, "clusterPolicy.dataAccess[0].groups[0]", "'a/b'", "or a prefix of them ending in *"),
    ({"vpcConnectivity": {"iam": True}, "clusterPolicy": {"accounts": ["111122223333"], "dataAccess": [{"account": "111122223333"}]}}, "clusterPolicy.dataAccess[0]", '"account"', "names no topic and no group"),
    ({"vpcConnectivity": {"tls": True}, **MTLS, "clusterPolicy": {"accounts": ["111122223333"], "dataAccess": [{"account": "111122223333", "topics": ["orders"]}]}}, "clusterPolicy.dataAccess[0].account", "'111122223333'", "needs vpcConnectivity.iam: true"),
    ({"brokerLogs": {"s3": {"bucket": "Bad_Bucket"}}}, "brokerLogs.s3.bucket", "'Bad_Bucket'", "must be an S3 bucket name"),
    ({"brokerLogs": {"firehose": "stream"}}, "brokerLogs.firehose", "'stream'", "must be an object {deliveryStream"),
    ({"brokerLogs": {"cloudwatch": "no"}}, "brokerLogs.cloudwatch", "'no'", "must be true or false"),
    ({"openMonitoring": {"cidrs": ["0.0.0.0/0"]}}, "openMonitoring.cidrs[0]", "'0.0.0.0/0'", "never open to the whole internet"),
    ({"openMonitoring": {"securityGroupIds": ["group"]}}, "openMonitoring.securityGroupIds[0]", "'group'", "security group id"),
    ({"serverProperties": {"log.retention.hours": 72}}, "serverProperties.log.retention.hours", "72", "set by the program; use retentionHours"),
    ({"serverProperties": {"min.insync.replicas": 1}}, "serverProperties.min.insync.replicas", "1", "use defaultReplicationFactor"),
    ({"serverProperties": {"num.io.thread": 8}}, "serverProperties.num.io.thread", "8", "did you mean num.io.threads?"),
    ({"serverProperties": {"compression.type": "brotli"}}, "serverProperties.compression.type", "'brotli'", "allowed: gzip, snappy, lz4, zstd, uncompressed, producer"),
    ({"serverProperties": {"num.io.threads": 0}}, "serverProperties.num.io.threads", "0", "from 1 to 2147483647 (a Kafka INT setting)"),
    ({"serverProperties": {"replica.lag.time.max.ms": 9999}}, "serverProperties.replica.lag.time.max.ms", "9999", "from 10000 to 30000 (a Kafka LONG setting; MSK's bounds)"),
    ({"serverProperties": {"replica.lag.time.max.ms": 30001}}, "serverProperties.replica.lag.time.max.ms", "30001", "from 10000 to 30000"),
    ({"serverProperties": {"zookeeper.session.timeout.ms": 5999}}, "serverProperties.zookeeper.session.timeout.ms", "5999", "from 6000 to 18000"),
    ({"serverProperties": {"log.segment.bytes": 13}}, "serverProperties.log.segment.bytes", "13", "from 14 to 2147483647 (a Kafka INT setting; Kafka's smallest record batch overhead)"),
    ({"serverProperties": {"connections.max.idle.ms": 100}}, "serverProperties.connections.max.idle.ms", "100", "more than connection.failed.authentication.delay.ms"),
    ({"serverProperties": {"log.roll.ms": 0}}, "serverProperties.log.roll.ms", "0", "from 1 to"),
    ({"serverProperties": {"offsets.retention.minutes": 0}}, "serverProperties.offsets.retention.minutes", "0", "from 1 to"),
    ({"serverProperties": {"offsets.topic.replication.factor": 32768}}, "serverProperties.offsets.topic.replication.factor", "32768", "from 1 to 32767 (a Kafka SHORT setting)"),
    ({"serverProperties": {"offsets.topic.replication.factor": 4}}, "serverProperties.offsets.topic.replication.factor", "4", "at most brokerCount (3): Kafka cannot create its internal topic"),
    ({"serverProperties": {"transaction.state.log.replication.factor": 4}}, "serverProperties.transaction.state.log.replication.factor", "4", "at most brokerCount (3)"),
    ({"serverProperties": {"socket.send.buffer.bytes": -2}}, "serverProperties.socket.send.buffer.bytes", "-2", "from -1 to 2147483647 (a Kafka INT setting; -1: the OS default; MSK's bounds)"),
    ({"serverProperties": {"transactional.id.expiration.ms": 0}}, "serverProperties.transactional.id.expiration.ms", "0", "from 1 to 2147483647"),
    ({"serverProperties": {"log.cleaner.min.cleanable.ratio": 2}}, "serverProperties.log.cleaner.min.cleanable.ratio", "2", "from 0 to 1"),
    ({"serverProperties": {"delete.topic.enable": "maybe"}}, "serverProperties.delete.topic.enable", "'maybe'", "true or false"),
    ({"brokerInstanceType": "express.m7g.large", "maxBrokerVolumeGiB": 0, "serverProperties": {"num.io.threads": 8}}, "serverProperties.num.io.threads", "8", "express brokers do not accept it"),
    ({"kafkaVersion": "3.9.x.kraft", "serverProperties": {"zookeeper.session.timeout.ms": 18000}}, "serverProperties.zookeeper.session.timeout.ms", "18000", "runs in KRaft mode"),
    ({"serverProperties": "num.io.threads=8"}, "serverProperties", "'num.io.threads=8'", "must be an object"),
    ({"scramUsers": [{"name": "schema-registry"}]}, "scramUsers[0].name", "'schema-registry'", "reserved"),
    ({"scramUsers": [{"name": "a b"}]}, "scramUsers[0].name", "'a b'", "1-64 of"),
    ({"scramUsers": [{"name": "bi"}, {"name": "bi"}]}, "scramUsers[1].name", "'bi'", "duplicate SCRAM user"),
    ({"scramUsers": [{"name": "bi", "password": "x"}]}, "scramUsers[0].password", "'x'", "unknown key"),
]  # fmt: skip


@pytest.mark.parametrize(("overrides", "key", "shown", "rule"), RULES, ids=[f"{r[1]}:{r[2]}" for r in RULES])
def test_each_bad_option_is_refused_with_key_value_and_what_is_allowed(config_error, overrides, key, shown, rule):
    message = config_error("prod", {**NOT_SOURCE, **overrides})
    lines = [line for line in message.splitlines() if line.startswith(f"  - {key} = ")]
    assert lines, f"no problem names {key!r}: {message}"
    assert any(shown in line and rule in line for line in lines), lines


def test_every_property_msk_lets_a_configuration_set_has_a_type_and_bounds() -> None:
    """A property of MSK's lists is a flag, an enum, a ratio, a class name, set by
    the program, or a number with Kafka's type and bounds (nothing falls through)."""
    kinds = (
        set(cs.BOOLEAN_PROPERTIES) | set(cs.ENUM_PROPERTIES) | set(cs.RATIO_PROPERTIES) | set(cs.STRING_PROPERTIES)
        | set(cs.DERIVED_PROPERTIES) | set(cs.NUMERIC_PROPERTIES)
    )  # fmt: skip
    listed = set(catalog.STANDARD_SERVER_PROPERTIES) | set(catalog.EXPRESS_SERVER_PROPERTIES)
    assert listed <= kinds and set(cs.NUMERIC_PROPERTIES) <= listed
    assert set(catalog.MSK_SERVER_PROPERTY_BOUNDS) <= set(cs.NUMERIC_PROPERTIES)
    assert cs.numeric_property_bounds("replica.lag.time.max.ms")[:2] == (10000, 30000)


def test_at_most_1000_scram_users_with_the_registry_s(config_error) -> None:
    users = [{"name": f"user-{i:04d}"} for i in range(1000)]
    message = config_error("prod", {"scramUsers": users})
    assert "  - scramUsers: 1000 users and the schema registry's make 1001; MSK associates at most 1000" in message
