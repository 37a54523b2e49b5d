"""MskCluster: security properties, configuration, storage, alarms, protection,
topics, client policies and the helpers other components use."""

from __future__ import annotations

import json
import re

import pytest

from components.msk.cluster import VOLUME_SIZE_PATH, alarm_specs, server_properties, stable_bootstrap
from tests.conftest import ALL_STACKS, STACKS
from tools.mock_runner import ROOT, ProgramRun, RecordedResource, Secret

CLUSTER = "aws:msk/cluster:Cluster"
KEY = "aws:kms/key:Key"
RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
TOPIC = "aws:msk/topic:Topic"
POLICY = "aws:iam/policy:Policy"
HELPERS = ROOT / "tests" / "programs" / "msk_helpers.py"
MSK = "streaming-platform:index:MskCluster"


def key_arn(run: ProgramRun) -> str:
    return run.one(KEY).outputs["arn"]


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_encryption_auth_and_no_public_access(run_stack, stack: str) -> None:
    run = run_stack(stack)
    cluster = run.one(CLUSTER).inputs
    assert cluster["encryptionInfo"] == {
        "encryptionAtRestKmsKeyArn": key_arn(run),
        "encryptionInTransit": {"clientBroker": "TLS", "inCluster": True},
    }
    assert cluster["clientAuthentication"] == {"sasl": {"iam": True, "scram": True}, "unauthenticated": False}
    assert cluster["brokerNodeGroupInfo"]["connectivityInfo"]["publicAccess"] == {"type": "DISABLED"}
    assert cluster["brokerNodeGroupInfo"]["securityGroups"] == [run.outputs["brokerSecurityGroupId"]]


@pytest.mark.parametrize("stack", STACKS)
def test_kms_key_rotates_and_has_an_explicit_policy_without_wildcard_principals(run_stack, stack: str) -> None:
    run = run_stack(stack)
    key = run.one(KEY).inputs
    assert key["enableKeyRotation"] is True
    assert key["deletionWindowInDays"] == 30
    statements = json.loads(key["policy"])["Statement"]
    principals = [s["Principal"] for s in statements]
    assert {"AWS": "arn:aws:iam::123456789012:root"} in principals
    assert all(p != "*" and p.get("AWS") != "*" for p in principals)
    logs = next(s for s in statements if s["Sid"] == "CloudWatchLogsEncryptLogGroups")
    assert logs["Principal"] == {"Service": "logs.eu-west-2.amazonaws.com"}
    assert run.one("aws:kms/alias:Alias").inputs["name"] == f"alias/streaming-platform-{stack}"


def test_server_properties_follow_the_replication_factor_and_retention() -> None:
    assert server_properties(2, 24, express=False) == (
        "auto.create.topics.enable=false\n"
        "default.replication.factor=2\n"
        "min.insync.replicas=1\n"
        "unclean.leader.election.enable=false\n"
        "log.retention.hours=24\n"
    )
    assert "default.replication.factor=3\nmin.insync.replicas=2\n" in server_properties(3, 168, express=False)
    express = server_properties(3, 2, express=True)
    assert express == "auto.create.topics.enable=false\nlog.retention.ms=7200000\n"


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_configuration_is_auto_named_for_the_kafka_version_and_attached(run_stack, stack: str) -> None:
    run = run_stack(stack, {"kafkaVersion": "3.9.x"})
    configuration = run.one("aws:msk/configuration:Configuration")
    assert configuration.inputs["kafkaVersions"] == ["3.9.x"]
    assert "name" not in configuration.inputs, "auto-naming lets a version change create-before-delete"
    cluster = run.one(CLUSTER).inputs
    assert cluster["configurationInfo"] == {"arn": configuration.outputs["arn"], "revision": 1}


@pytest.mark.parametrize("stack", STACKS)
def test_broker_logs_go_to_an_encrypted_log_group_with_retention(run_stack, stack: str) -> None:
    run = run_stack(stack)
    group = run.one("aws:cloudwatch/logGroup:LogGroup", within=MSK).inputs
    # Both committed stacks were deployed before broker logs moved under /aws/vendedlogs/:
    # they name their groups in their stack files (a new stack's: the next test).
    assert group["name"] == f"/aws/msk/streaming-platform-{stack}/brokers"
    assert group["kmsKeyId"] == key_arn(run)
    assert group["retentionInDays"] == {"dev": 30, "prod": 365}[stack]
    logs = run.one(CLUSTER).inputs["loggingInfo"]["brokerLogs"]["cloudwatchLogs"]
    assert logs == {"enabled": True, "logGroup": group["name"]}


def test_a_stack_without_a_named_group_logs_under_vendedlogs(run_stack) -> None:
    run = run_stack("prod", {"brokerLogs": {"cloudwatch": True}})
    group = run.one("aws:cloudwatch/logGroup:LogGroup", within=MSK).inputs
    assert group["name"] == "/aws/vendedlogs/msk/streaming-platform-prod/brokers"


@pytest.mark.parametrize(
    "bad", ["/aws/msk/my cluster/brokers", "", "x" * 513, 42, None], ids=["space", "empty", "long", "int", "null"]
)
def test_a_bad_log_group_name_is_refused_naming_the_key(run_stack, bad) -> None:
    from tools.mock_runner import ProgramFailed

    with pytest.raises(ProgramFailed) as refused:
        run_stack("dev", {"brokerLogs": {"cloudwatch": {"logGroupName": bad}}})
    assert "brokerLogs.cloudwatch.logGroupName = " in str(refused.value)
    assert "must be a CloudWatch log group name" in str(refused.value)


def test_the_python_api_names_the_log_group_field() -> None:
    from components.inputs import ArgumentsError
    from components.msk.cluster import MskCluster, MskClusterArgs
    from components.msk.options import BrokerLogs

    args = MskClusterArgs(
        vpc_id="vpc-0123456789abcdef0",
        subnet_ids=["subnet-0aaaaaaa", "subnet-0bbbbbbb", "subnet-0ccccccc"],
        broker_logs=BrokerLogs(cloudwatch_log_group="no spaces please"),
    )
    with pytest.raises(ArgumentsError, match=r"broker_logs\.cloudwatch_log_group = 'no spaces please'"):
        MskCluster("events", args)


def test_open_monitoring_exporters_are_on(run_stack) -> None:
    prometheus = run_stack("prod").one(CLUSTER).inputs["openMonitoring"]["prometheus"]
    assert prometheus == {"jmxExporter": {"enabledInBroker": True}, "nodeExporter": {"enabledInBroker": True}}


# --- security group -------------------------------------------------------------------------


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_security_group_has_no_inline_rules_and_no_egress(run_stack, stack: str) -> None:
    run = run_stack(stack)
    group = run.one("aws:ec2/securityGroup:SecurityGroup", within=MSK).inputs
    assert group["description"]
    assert not group.get("ingress") and not group.get("egress")
    assert run.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", within=MSK) == []


def test_dev_lets_its_vpc_cidr_in_on_the_iam_and_scram_ports_only(run_stack) -> None:
    rules = [r.inputs for r in run_stack("dev").of_type(RULE, within=MSK) if "cidrIpv4" in r.inputs]
    assert sorted((r["fromPort"], r["toPort"], r["cidrIpv4"]) for r in rules) == [
        (9096, 9096, "10.40.0.0/16"),
        (9098, 9098, "10.40.0.0/16"),
    ]


def test_prod_without_client_access_admits_only_the_registry_on_scram_and_the_connector_on_iam(run_deployed) -> None:
    run = run_deployed("prod")
    rules = [r.inputs for r in run.of_type(RULE, within=MSK)]
    registry_tasks = run.named("streaming-platform-prod-schema-registry-tasks").id
    connector_workers = run.named("streaming-platform-prod-orders-to-snowflake-workers").id
    assert sorted((r["fromPort"], r.get("referencedSecurityGroupId")) for r in rules) == [
        (9096, registry_tasks),
        (9098, connector_workers),
    ]


def test_client_security_groups_get_one_described_rule_per_auth_port(run_stack) -> None:
    groups = ["sg-0123456789abcdef0", "sg-0fedcba9876543210"]
    run = run_stack("prod", {"clientAccess": {"cidrs": ["10.8.0.0/16"], "securityGroupIds": groups}})
    rules = [r for r in run.of_type(RULE, within=MSK) if "from client" in r.inputs["description"]]
    assert len(rules) == 6
    for rule in rules:
        assert rule.inputs["ipProtocol"] == "tcp"
        assert rule.inputs["fromPort"] == rule.inputs["toPort"] in (9096, 9098)
        assert rule.inputs["description"]
        assert rule.inputs["securityGroupId"] == run.outputs["brokerSecurityGroupId"]
        assert rule.inputs.get("cidrIpv4") != "0.0.0.0/0"
    assert sorted(
        r.inputs["referencedSecurityGroupId"] for r in rules if "referencedSecurityGroupId" in r.inputs
    ) == sorted(groups * 2)
    assert not any(r.inputs["fromPort"] in (9092, 2181, 9094) for r in rules)


# --- storage -------------------------------------------------------------------------------------


def test_storage_autoscaling_and_only_then_ignore_changes_on_volume_size(run_stack) -> None:
    prod = run_stack("prod")
    assert prod.one(CLUSTER).ignore_changes == [VOLUME_SIZE_PATH]
    target = prod.one("aws:appautoscaling/target:Target").inputs
    cluster_arn = prod.one(CLUSTER).outputs["arn"]
    assert target == {
        "serviceNamespace": "kafka",
        "scalableDimension": "kafka:broker-storage:VolumeSize",
        "resourceId": cluster_arn,
        "minCapacity": 1,
        "maxCapacity": 4000,
        "tags": target["tags"],
    }
    policy = prod.one("aws:appautoscaling/policy:Policy").inputs
    assert policy["policyType"] == "TargetTrackingScaling"
    tracking = policy["targetTrackingScalingPolicyConfiguration"]
    assert tracking["predefinedMetricSpecification"] == {"predefinedMetricType": "KafkaBrokerStorageUtilization"}
    assert 50 <= tracking["targetValue"] <= 60
    assert tracking["disableScaleIn"] is True

    dev = run_stack("dev")
    assert dev.one(CLUSTER).ignore_changes == []
    assert dev.of_type("aws:appautoscaling/policy:Policy") == []

    dev_on = run_stack("dev", {"maxBrokerVolumeGiB": 200})
    assert dev_on.one(CLUSTER).ignore_changes == [VOLUME_SIZE_PATH]
    assert dev_on.one("aws:appautoscaling/target:Target").inputs["maxCapacity"] == 200

    prod_off = run_stack("prod", {"maxBrokerVolumeGiB": 0})
    assert prod_off.one(CLUSTER).ignore_changes == []
    assert prod_off.of_type("aws:appautoscaling/target:Target") == []


def test_express_brokers_have_no_ebs_storage_and_no_replication_properties(run_stack) -> None:
    run = run_stack("prod", {"brokerInstanceType": "express.m7g.large", "maxBrokerVolumeGiB": 0})
    cluster = run.one(CLUSTER)
    assert "storageInfo" not in cluster.inputs["brokerNodeGroupInfo"]
    assert cluster.ignore_changes == []
    properties = run.one("aws:msk/configuration:Configuration").inputs["serverProperties"]
    assert "replication.factor" not in properties and "log.retention.ms=604800000\n" in properties
    assert all("min.insync.replicas" not in json.loads(t.inputs["configs"]) for t in run.of_type(TOPIC))


# --- protection -------------------------------------------------------------------------------------

STATEFUL = (CLUSTER, KEY, TOPIC, "aws:secretsmanager/secret:Secret", "tls:index/privateKey:PrivateKey")


def _stateful(resource: RecordedResource) -> bool:
    """Data-bearing types, and the registry's access logs (an audit record; on where `protect` is)."""
    access_logs = resource.type == "aws:s3/bucket:Bucket" and resource.name.endswith("-access-logs")
    return resource.type in STATEFUL or access_logs


@pytest.mark.parametrize(("stack", "overrides", "protected"), [
    ("prod", {}, True),
    ("dev", {}, False),
    ("dev", {"protect": True}, True),
    ("prod", {"protect": False}, False),
])  # fmt: skip
def test_protect_protects_and_retains_stateful_resources_only(run_stack, stack, overrides, protected) -> None:
    run = run_stack(stack, overrides)
    for resource in run.resources:
        if _stateful(resource):
            assert resource.protect is protected and resource.retain_on_delete is protected, resource.name
        else:
            assert not resource.protect and not resource.retain_on_delete, resource.name


@pytest.mark.parametrize("protect", [True, False])
def test_scram_user_secret_follows_protect(run_stack, protect: bool) -> None:
    run = run_stack("test", {"protect": protect}, program=HELPERS)
    secret = run.one("aws:secretsmanager/secret:Secret")
    assert secret.protect is protect and secret.retain_on_delete is protect


@pytest.mark.parametrize(("stack", "days"), [("dev", 0), ("prod", 30), ("prod", 0)])
def test_fixed_name_secrets_are_deleted_at_once_unless_protected(run_stack, stack: str, days: int) -> None:
    """destroy + up of an unprotected stack must not hit "scheduled for deletion"."""
    overrides = {"protect": False} if (stack, days) == ("prod", 0) else {}
    run = run_stack(stack, overrides)
    secrets = run.of_type("aws:secretsmanager/secret:Secret")
    assert len(secrets) == 3, "the registry's SCRAM user, its Basic credentials and the Snowflake key"
    assert {s.inputs["recoveryWindowInDays"] for s in secrets} == {days}


def test_scram_association_waits_for_the_secret_value(run_stack) -> None:
    run = run_stack("test", {}, program=HELPERS)
    association = run.one("aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation")
    value = run.one("aws:secretsmanager/secretVersion:SecretVersion")
    assert value.name in run.waits_for(association)


# --- topics and client policies ------------------------------------------------------------------


def test_topics_from_config(run_stack) -> None:
    run = run_stack("prod")
    topics = {t.inputs["name"]: t for t in run.of_type(TOPIC)}
    cluster_arn = run.one(CLUSTER).outputs["arn"]
    orders = topics["orders"].inputs
    assert orders["clusterArn"] == cluster_arn
    assert orders["partitionCount"] == 12 and orders["replicationFactor"] == 3
    assert json.loads(orders["configs"]) == {
        "cleanup.policy": "delete",
        "min.insync.replicas": "2",
        "retention.ms": str(336 * 3_600_000),
    }
    customers = json.loads(topics["customers"].inputs["configs"])
    assert customers == {"cleanup.policy": "compact", "min.insync.replicas": "2"}, (
        "no retention.ms: follows the cluster"
    )


def test_topic_with_lower_replication_factor_gets_a_satisfiable_min_isr(run_stack) -> None:
    run = run_stack(
        "prod", {"topics": [{"name": "scratch", "partitions": 1, "replicationFactor": 1}], "snowflake": None}
    )
    scratch = run.named("streaming-platform-prod-msk-topic-scratch")
    assert json.loads(scratch.inputs["configs"])["min.insync.replicas"] == "1"


def _policy(run: ProgramRun, suffix: str) -> list[dict]:
    policy = next(p for p in run.of_type(POLICY) if p.name.endswith(suffix))
    return json.loads(policy.inputs["policy"])["Statement"]


ARN_FORMS = {
    "cluster": r"arn:aws:kafka:eu-west-2:123456789012:cluster/streaming-platform-prod/[0-9a-f-]+",
    "topic": r"arn:aws:kafka:eu-west-2:123456789012:topic/streaming-platform-prod/[0-9a-f-]+/[A-Za-z0-9._*-]+",
    "group": r"arn:aws:kafka:eu-west-2:123456789012:group/streaming-platform-prod/[0-9a-f-]+/[A-Za-z0-9._*-]+",
}
ACTION_RESOURCE = {
    "kafka-cluster:Connect": "cluster",
    "kafka-cluster:DescribeCluster": "cluster",
    "kafka-cluster:WriteDataIdempotently": "cluster",
    "kafka-cluster:DescribeTopic": "topic",
    "kafka-cluster:WriteData": "topic",
    "kafka-cluster:ReadData": "topic",
    "kafka-cluster:DescribeGroup": "group",
    "kafka-cluster:AlterGroup": "group",
}


@pytest.mark.parametrize("suffix", ["-producer", "-consumer"])
def test_client_policies_use_the_real_arn_form_for_each_action(run_stack, suffix: str) -> None:
    run = run_stack("prod")
    statements = _policy(run, suffix)
    for statement in statements:
        assert statement["Effect"] == "Allow"
        kinds = {ACTION_RESOURCE[action] for action in statement["Action"]}
        assert len(kinds) == 1, f"one resource form per statement: {statement}"
        form = ARN_FORMS[kinds.pop()]
        for resource in statement["Resource"]:
            assert re.fullmatch(form, resource), resource
            assert resource != "*" and not resource.endswith(run.one(CLUSTER).outputs["arn"] + "/*")
    topic_resources = {r for s in statements for r in s["Resource"] if ":topic/" in r}
    assert {r.rsplit("/", 1)[1] for r in topic_resources} == {"orders", "customers", "orders-dlq"}


# --- alarms -----------------------------------------------------------------------------------------------


def _alarm_kinds(run: ProgramRun) -> list[str]:
    return sorted(re.sub(r"broker\d+$", "broker", a.name.split("-msk-")[1]) for a in run.of_type(ALARM, within=MSK))


def test_zookeeper_cluster_alarms(run_stack) -> None:
    run = run_stack("dev")
    assert _alarm_kinds(run) == sorted(
        ["cpu-broker"] * 2 + ["disk-broker"] * 2 + ["urp-broker"] * 2 + ["offline-partitions", "active-controller"]
    )
    topic_arn = run.outputs["alarmTopicArn"]
    for alarm in run.of_type(ALARM):
        assert alarm.inputs["alarmActions"] == [topic_arn] and alarm.inputs["okActions"] == [topic_arn]
        assert alarm.inputs["alarmDescription"]
    disk = run.named("streaming-platform-dev-msk-disk-broker2").inputs
    assert disk["metricName"] == "KafkaDataLogsDiskUsed" and disk["namespace"] == "AWS/Kafka"
    assert disk["comparisonOperator"] == "GreaterThanOrEqualToThreshold" and disk["threshold"] == 85
    assert disk["dimensions"] == {"Cluster Name": "streaming-platform-dev", "Broker ID": "2"}
    cpu = run.named("streaming-platform-dev-msk-cpu-broker1").inputs
    queries = {q["id"]: q for q in cpu["metricQueries"]}
    assert queries["e1"]["expression"] == "m1 + m2" and queries["e1"]["returnData"] is True
    assert {queries["m1"]["metric"]["metricName"], queries["m2"]["metric"]["metricName"]} == {"CpuUser", "CpuSystem"}
    assert cpu["threshold"] == 60 and cpu["comparisonOperator"] == "GreaterThanThreshold"
    controller = run.named("streaming-platform-dev-msk-active-controller").inputs
    assert {q["id"]: q.get("expression") for q in controller["metricQueries"]}["e1"] == "ABS(m1 - 1)"
    offline = run.named("streaming-platform-dev-msk-offline-partitions").inputs
    assert offline["metricName"] == "OfflinePartitionsCount" and offline["threshold"] == 0


def test_kraft_cluster_has_no_controller_count_alarm(run_stack) -> None:
    assert "active-controller" not in _alarm_kinds(run_stack("prod", {"kafkaVersion": "3.9.x.kraft"}))


def test_express_cluster_alarms_only_on_metrics_express_publishes() -> None:
    kinds = {spec.metrics for spec in alarm_specs("c", 3, "3.8.x", express=True)}
    assert kinds == {("CpuUser", "CpuSystem")}


def test_alarm_email_subscribes_to_an_encrypted_topic(run_stack) -> None:
    run = run_stack("prod", {"alarmEmail": "oncall@example.com"})
    subscription = run.one("aws:sns/topicSubscription:TopicSubscription").inputs
    assert subscription == {
        "topic": run.outputs["alarmTopicArn"],
        "protocol": "email",
        "endpoint": "oncall@example.com",
    }
    assert run.one("aws:sns/topic:Topic").inputs["kmsMasterKeyId"] == key_arn(run)
    assert run_stack("prod").of_type("aws:sns/topicSubscription:TopicSubscription") == []


# --- helpers used by the registry and the connector ---------------------------------------------------------


def test_scram_user_secret_is_named_for_msk_encrypted_with_the_cmk_and_associated(run_stack) -> None:
    run = run_stack("test", {"protect": True}, program=HELPERS)
    user = run.one("streaming-platform:index:ScramUser")
    assert user.parent_type == "streaming-platform:index:MskCluster"
    secret = run.one("aws:secretsmanager/secret:Secret")
    assert secret.parent_type == "streaming-platform:index:ScramUser"
    assert secret.inputs["name"] == "AmazonMSK_helpers-cluster_schema-registry"
    assert secret.inputs["kmsKeyId"] == key_arn(run)
    value = run.one("aws:secretsmanager/secretVersion:SecretVersion").inputs["secretString"]
    assert isinstance(value, Secret), "the password must reach the engine only as a secret"
    assert json.loads(value.value)["username"] == "schema-registry"
    password = run.one("random:index/randomPassword:RandomPassword")
    assert password.inputs["length"] >= 32
    association = run.one("aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation").inputs
    assert association == {"clusterArn": run.one(CLUSTER).outputs["arn"], "secretArn": secret.outputs["arn"]}
    plain_password = password.outputs["result"]
    assert plain_password not in json.dumps(run.outputs)


def test_allow_ingress_from_opens_one_port_to_one_security_group(run_stack) -> None:
    run = run_stack("test", {}, program=HELPERS)
    rules = {r.name: r.inputs for r in run.of_type(RULE)}
    assert rules["helpers-in-registry-scram"]["referencedSecurityGroupId"] == "sg-0123456789abcdef0"
    assert rules["helpers-in-registry-scram"]["fromPort"] == 9096
    assert rules["helpers-in-connector-iam"]["fromPort"] == 9098
    assert all(r["description"] for r in rules.values())


@pytest.mark.parametrize(("stack", "more_brokers"), [("dev", 4), ("dev", 6), ("prod", 6)])
def test_adding_brokers_leaves_every_topic_and_the_configuration_untouched(run_deployed, stack, more_brokers) -> None:
    """A changed replication factor would replace topics (RequiresReplace in the provider)."""
    before, after = run_deployed(stack), run_deployed(stack, {"brokerCount": more_brokers})
    assert {t.name: t.inputs for t in after.of_type(TOPIC)} == {t.name: t.inputs for t in before.of_type(TOPIC)}
    config = "aws:msk/configuration:Configuration"
    assert after.one(config).inputs == before.one(config).inputs
    connector = "aws:mskconnect/connector:Connector"
    assert after.one(connector).inputs == before.one(connector).inputs, "bootstrapServers cannot change in place"
    task = "aws:ecs/taskDefinition:TaskDefinition"
    assert after.one(task).inputs == before.one(task).inputs, "no new registry revision either"
    assert after.outputs["bootstrapBrokersSaslIam"] == before.outputs["bootstrapBrokersSaslIam"]


def test_bootstrap_strings_name_one_broker_per_az_whatever_msk_lists() -> None:
    domain = "streaming-platform-dev.abc123.c2.kafka.eu-west-2.amazonaws.com"
    listed = f"b-4.{domain}:9098,b-1.{domain}:9098,b-3.{domain}:9098"  # GetBootstrapBrokers: any three
    assert stable_bootstrap(listed, 2) == f"b-1.{domain}:9098,b-2.{domain}:9098"
    assert stable_bootstrap(listed, 3) == f"b-1.{domain}:9098,b-2.{domain}:9098,b-3.{domain}:9098"
    assert stable_bootstrap("", 3) == ""


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_topics_are_deleted_before_they_are_replaced(run_stack, stack: str) -> None:
    """CreateTopic fails on a name that still exists: create-before-delete can never work."""
    topics = run_stack(stack).of_type(TOPIC)
    assert topics and all(t.delete_before_replace for t in topics)


def test_the_dead_letter_topic_replication_factor_is_the_topic_s_own(run_deployed) -> None:
    run = run_deployed("prod", {"topics[2].replicationFactor": 2})
    configuration = run.one("aws:mskconnect/connector:Connector").inputs["connectorConfiguration"]
    assert configuration["errors.deadletterqueue.topic.replication.factor"] == "2"


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_the_cluster_is_deleted_before_a_replacement_is_created(run_stack, stack: str) -> None:
    """Its name is unique in the account and region: a replacement created first would fail."""
    assert run_stack(stack).one(CLUSTER).delete_before_replace
