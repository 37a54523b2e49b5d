"""The offline change preview: the change table (docs/operations.md) is checked row by row,
every registered type has replacement rules, and URNs never disappear silently."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import OWN_ACCOUNT, REGISTERED, managed
from tools.change import Preview, compare, describe, files_at, main, render
from tools.mock_runner import ROOT, Secret
from tools.replacements import RULES

CLUSTER = "aws:msk/cluster:Cluster"
TOPIC = "aws:msk/topic:Topic"
CONNECTOR = "aws:mskconnect/connector:Connector"
TASK = "aws:ecs/taskDefinition:TaskDefinition"
OPERATIONS = (ROOT / "docs" / "operations.md").read_text()
PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"
# The dev and prod connectors as they ran on 3.x (what a stack deployed before 4.x holds).
V3: dict[str, Any] = {"snowflake.connectorVersion": "3.5.4", "snowflake.ingestionMethod": "SNOWPIPE_STREAMING"}
PRIVATE_CA = "arn:aws:acm-pca:eu-west-2:123456789012:certificate-authority/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
READ_ORDERS = {"resource": {"type": "topic", "name": "orders"}, "operations": ["Read", "Describe"]}
READ_GROUP = {"resource": {"type": "group", "name": "analytics-", "patternType": "prefix"}, "operations": ["Read"]}
CERTIFICATE = "arn:aws:acm:eu-west-2:123456789012:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
# prod is the dr stack's primary (`replicationSource`: multi-VPC connectivity for IAM, a cluster
# policy). Rows about those options, or about what a source may not be, change prod without it.
NOT_SOURCE: dict[str, Any] = {"replicationSource": False}


@dataclass(frozen=True)
class Row:
    """How to make the change a row of the change table describes, and which resource shows its action."""

    stack: str
    after: dict[str, Any] | tuple[dict[str, Any], ...]
    """The change; several when the row names several keys (each is checked)."""
    resource: str
    before: dict[str, Any] = field(default_factory=dict)
    untouched: tuple[str, ...] = ()
    deployed: bool = True
    """Both sides have their connectors (the key registered); False: the stack as committed."""


ROWS: dict[str, Row] = {
    # cluster and topics
    "`retentionHours`": Row("prod", {"retentionHours": 72}, CLUSTER),
    "`brokerInstanceType` (within standard, or within express)": Row(
        "prod", {"brokerInstanceType": "kafka.m7g.xlarge"}, CLUSTER
    ),
    "`brokerInstanceType` from M5 or M7g to `kafka.t3.small`": Row(
        "prod", {**NOT_SOURCE, "brokerInstanceType": "kafka.t3.small"}, CLUSTER, before=NOT_SOURCE
    ),
    "`brokerCount` up": Row("dev", {"brokerCount": 4}, CLUSTER, untouched=(TOPIC, CONNECTOR, TASK)),
    "`brokerCount` down": Row("prod", {}, CLUSTER, before={"brokerCount": 6}),
    "`brokerVolumeGiB` up": Row("dev", {"brokerVolumeGiB": 40}, CLUSTER),
    "`brokerVolumeGiB` down": Row("dev", {}, CLUSTER, before={"brokerVolumeGiB": 40}),
    "`maxBrokerVolumeGiB` from 0 to N": Row("dev", {"maxBrokerVolumeGiB": 100}, "aws:appautoscaling/target:Target"),
    "`maxBrokerVolumeGiB` from N to 0": Row("prod", {"maxBrokerVolumeGiB": 0}, "aws:appautoscaling/target:Target"),
    "`kafkaVersion` within a metadata mode (e.g. `3.8.x` -> `3.9.x`)": Row("prod", {"kafkaVersion": "3.9.x"}, CLUSTER),
    "`kafkaVersion` ZooKeeper <-> KRaft (`3.9.x` <-> `3.9.x.kraft`)": Row(
        "prod", {"kafkaVersion": "3.9.x.kraft"}, CLUSTER
    ),
    "standard <-> express broker type": Row(
        "prod", {"brokerInstanceType": "express.m7g.large", "maxBrokerVolumeGiB": 0}, CLUSTER
    ),
    "`enhancedMonitoring`": Row("prod", {"enhancedMonitoring": "PER_TOPIC_PER_PARTITION"}, CLUSTER),
    "`logRetentionDays`": Row("dev", {"logRetentionDays": 60}, "aws:cloudwatch/logGroup:LogGroup"),
    "`alarmEmail`": Row("dev", {"alarmEmail": "oncall@example.com"}, "aws:sns/topicSubscription:TopicSubscription"),
    "`clientAccess`": Row(
        "prod", {"clientAccess.cidrs[0]": "10.9.0.0/16"}, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
    ),
    "`storageMode` LOCAL -> TIERED": Row("prod", {"storageMode": "TIERED"}, CLUSTER),
    "topic `remoteStorage`, `localRetentionHours`": Row(
        "prod",
        (
            {"storageMode": "TIERED", "topics[0].remoteStorage": True},
            {"storageMode": "TIERED", "topics[0].remoteStorage": True, "topics[0].localRetentionHours": 24},
        ),
        TOPIC,
        before={"storageMode": "TIERED"},
    ),
    "topic `remoteStorage` true -> false": Row(
        "prod", {"storageMode": "TIERED"}, TOPIC, before={"storageMode": "TIERED", "topics[0].remoteStorage": True}
    ),
    "`brokerVolumeThroughputMiBps`": Row(
        "prod",
        {"brokerInstanceType": "kafka.m7g.4xlarge", "brokerVolumeThroughputMiBps": 400},
        CLUSTER,
        before={"brokerInstanceType": "kafka.m7g.4xlarge"},
    ),
    "`clientAuthentication` (mutual TLS)": Row(
        "prod", {"clientAuthentication": {"tlsCertificateAuthorityArns": [PRIVATE_CA]}}, CLUSTER
    ),
    "`vpcConnectivity`": Row("prod", {**NOT_SOURCE, "vpcConnectivity": {"iam": True}}, CLUSTER, before=NOT_SOURCE),
    "`replicationSource`": Row("prod", {}, CLUSTER, before=NOT_SOURCE),
    "`replication.failover` false -> true (a DR stack)": Row(
        "dr", {"replication.failover": True}, CONNECTOR, untouched=("aws:msk/replicator:Replicator", CLUSTER, TOPIC)
    ),
    "`clusterPolicy.accounts`": Row(
        "prod",
        {**NOT_SOURCE, "vpcConnectivity": {"iam": True}, "clusterPolicy": {"accounts": ["111122223333"]}},
        "aws:msk/clusterPolicy:ClusterPolicy",
        before={**NOT_SOURCE, "vpcConnectivity": {"iam": True}},
    ),
    "`brokerLogs`": Row("prod", {"brokerLogs": {"firehose": {"deliveryStream": "msk-logs"}}}, CLUSTER),
    "`openMonitoring`": Row("prod", {"openMonitoring": {"cidrs": ["10.50.8.0/24"]}}, INGRESS),
    "`serverProperties`": Row(
        "prod", {"serverProperties": {"num.io.threads": 16}}, "aws:msk/configuration:Configuration"
    ),
    "`brokerLogs.cloudwatch.logGroupName` removed (prod), or changed": Row(
        "prod",
        ({"brokerLogs": {"cloudwatch": True}}, {"brokerLogs": {"cloudwatch": {"logGroupName": "/aws/msk/prod-2"}}}),
        "aws:cloudwatch/logGroup:LogGroup",
        untouched=(TOPIC, CONNECTOR, TASK),
    ),
    "`scramUsers`": Row("prod", {"scramUsers": [{"name": "analytics"}]}, "aws:secretsmanager/secret:Secret"),
    "`kafkaAclsRevision` raised": Row(
        "prod",
        {"scramUsers": [{"name": "analytics", "acls": [READ_ORDERS]}], "kafkaAclsRevision": 1},
        "aws:lambda/invocation:Invocation",
        before={"scramUsers": [{"name": "analytics", "acls": [READ_ORDERS]}]},
    ),
    "`scramUsers[].acls`, `kafkaAcls`": Row(
        "prod",
        (
            {"scramUsers": [{"name": "analytics", "acls": [READ_ORDERS, READ_GROUP]}]},
            {
                "scramUsers": [{"name": "analytics", "acls": [READ_ORDERS]}],
                "kafkaAcls": [{"principal": "User:CN=billing.example.com", "acls": [READ_ORDERS]}],
            },
        ),
        "aws:lambda/invocation:Invocation",
        before={"scramUsers": [{"name": "analytics", "acls": [READ_ORDERS]}]},
        untouched=(CLUSTER, "aws:lambda/function:Function"),
    ),
    "add a topic": Row("prod", {"topics[3]": {"name": "events", "partitions": 3}}, TOPIC),
    "topic `partitions` up": Row("prod", {"topics[0].partitions": 24}, TOPIC),
    "topic `partitions` down": Row("prod", {"topics[0].partitions": 6}, TOPIC),
    "topic `retentionHours`, `cleanupPolicy`": Row(
        "prod", ({"topics[0].retentionHours": 72}, {"topics[0].cleanupPolicy": "compact"}), TOPIC
    ),
    "topic `replicationFactor`, or `defaultReplicationFactor` for topics without their own": Row(
        "dev", ({"topics[0].replicationFactor": 1}, {"defaultReplicationFactor": 1}), TOPIC
    ),
    "remove or rename a topic": Row(
        "prod",
        (
            {"topics[1].name": "customers2"},
            {
                "topics": [
                    {"name": "orders", "partitions": 12, "retentionHours": 336},
                    {"name": "orders-dlq", "partitions": 3, "retentionHours": 336},
                ]
            },
        ),
        TOPIC,
    ),
    "`network.natGateways`": Row("dev", {"network.natGateways": "perAz"}, "aws:ec2/natGateway:NatGateway"),
    "`network` (CIDR, subnets, VPC, AZ count)": Row(
        "dev", ({"network.cidr": "10.60.0.0/16"}, {"network.azCount": 3, "brokerCount": 3}), CLUSTER
    ),
    "`protect` true -> false": Row("prod", {"protect": False}, "aws:secretsmanager/secret:Secret"),
    # schema registry
    "`schemaRegistry.image`, `cpu`, `memory`": Row(
        "prod",
        (
            {"schemaRegistry.image": "confluentinc/cp-schema-registry:8.1.2"},
            {"schemaRegistry.cpu": 2048, "schemaRegistry.memory": 4096},
        ),
        TASK,
    ),
    "`schemaRegistry.compatibilityLevel`": Row("prod", {"schemaRegistry.compatibilityLevel": "FULL"}, TASK),
    "`schemaRegistry.desiredCount`": Row("prod", {"schemaRegistry.desiredCount": 3}, "aws:ecs/service:Service"),
    "`schemaRegistry.authentication` turned on": Row("prod", {}, TASK, before={"schemaRegistry.authentication": False}),
    "`schemaRegistry.authentication` turned off": Row(
        "dev", {"schemaRegistry.authentication": False}, "aws:secretsmanager/secret:Secret"
    ),
    "`schemaRegistry.accessLogs` turned on": Row("dev", {"schemaRegistry.accessLogs": True}, "aws:s3/bucket:Bucket"),
    "`schemaRegistry.accessLogs` turned off in a protected stack": Row(
        "prod", {"schemaRegistry.accessLogs": False}, "aws:s3/bucket:Bucket"
    ),
    "`schemaRegistry.certificateArn` + `hostName` set": Row(
        "prod",
        {"schemaRegistry.certificateArn": CERTIFICATE, "schemaRegistry.hostName": "schema-registry.example.internal"},
        "aws:lb/listener:Listener",
    ),
    # connectors
    "`tasksMax`, `topics` map, `errors`, account settings (`user`, `role`, `database`, `schema`, `accountUrl`)": Row(
        "prod",
        (
            {"snowflake.connectors[0].capacity": {"mcuCount": 1, "workers": 2}, "snowflake.connectors[0].tasksMax": 6},
            {"snowflake.connectors[0].topics.customers": "CUSTOMERS"},
            {"snowflake.connectors[0].errors": {"tolerance": "none"}},
            {"snowflake.user": "U2", "snowflake.role": "R2", "snowflake.database": "D2", "snowflake.schema": "S2"},
            {"snowflake.accountUrl": "other-account.snowflakecomputing.com"},
        ),
        CONNECTOR,
    ),
    "`buffer` (3.x)": Row("prod", {**V3, "snowflake.connectors[0].buffer.flushTimeSeconds": 20}, CONNECTOR, before=V3),
    "`capacity`": Row("prod", {"snowflake.connectors[0].capacity.maxWorkers": 6}, CONNECTOR),
    "`valueFormat`": Row("prod", {"snowflake.connectors[0].valueFormat": "JSON"}, CONNECTOR),
    "`ingestionMethod` (3.x)": Row(
        "prod",
        {**V3, "snowflake.ingestionMethod": "SNOWPIPE", "snowflake.connectors[0].buffer.flushTimeSeconds": 120},
        CONNECTOR,
        before=V3,
    ),
    "`connectorVersion` within 3.x or within 4.x": Row(
        "prod", {"snowflake.connectorVersion": "3.5.4"}, CONNECTOR, before={"snowflake.connectorVersion": "3.5.3"}
    ),
    "`plugin`": Row("prod", {"snowflake.plugin.configProviderUrl": "https://example.com/p.zip"}, CONNECTOR),
    "`connectorVersion` 3.x -> 4.x with `migrateFromV3`": Row(
        "prod", {"snowflake.migrateFromV3": {"ingestionMethod": "SNOWPIPE_STREAMING"}}, CONNECTOR, before=V3
    ),
    "`connectorVersion` 3.x -> 4.x without `migrateFromV3`": Row("prod", {}, CONNECTOR, before=V3),
    "`connectVersion` (3.x; 4.x needs `3.7.x`)": Row(
        "prod", {**V3, "snowflake.connectVersion": "2.7.1"}, CONNECTOR, before=V3
    ),
    "connector `name`": Row("prod", {"snowflake.connectors[0].name": "orders-v2"}, CONNECTOR),
    "`snowflake.publicKeyRegistered` false -> true": Row(
        "dev", REGISTERED, CONNECTOR, before=OWN_ACCOUNT, deployed=False
    ),
    "`snowflake.manage.enabled` on": Row(
        "dev", managed(), "snowflake:index/serviceUser:ServiceUser", before=OWN_ACCOUNT, deployed=False
    ),
    "`snowflakePrivateKey` set (instead of a generated key)": Row(
        "prod", {"snowflakePrivateKey": Secret(PEM), **OWN_ACCOUNT}, "tls:index/privateKey:PrivateKey"
    ),
}


def readme_rows() -> list[tuple[str, str]]:
    """(change, action) of every row of the change tables (docs/operations.md)."""
    section = OPERATIONS[OPERATIONS.index("\n## What a change does\n") :]
    section = section[: section.find("\n## ", 1)]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if (
            line.startswith("| ")
            and len(cells) == 3
            and cells[1] in ("create", "update", "replace", "delete", "blocked")
        ):
            rows.append((cells[0], cells[1]))
    return rows


def preview_of(run_deployed, row: Row, after: dict[str, Any] | None = None, run_stack=None) -> Preview:
    """The change applied to the stack as deployed with its connectors (or as committed)."""
    after = after if after is not None else row.after
    assert isinstance(after, dict)
    run = run_deployed if row.deployed else run_stack
    return compare(run(row.stack, row.before or None), run(row.stack, after))


def row_cases() -> list[Any]:
    """(change, action, index of the change) for every change of every row."""
    cases = []
    for change, action in readme_rows():
        afters = ROWS[change].after if change in ROWS else ({},)
        count = len(afters) if isinstance(afters, tuple) else 1
        cases.extend(pytest.param(change, action, i) for i in range(count))
    return cases


@pytest.mark.parametrize(("change", "action", "index"), row_cases())
def test_each_change_table_row_is_what_the_change_preview_does(
    run_deployed, run_stack, change: str, action: str, index: int
) -> None:
    assert change in ROWS, f"change table row {change!r}: add how to make this change to ROWS"
    row = ROWS[change]
    after = row.after[index] if isinstance(row.after, tuple) else row.after
    result = preview_of(run_deployed, row, after, run_stack)
    of_type = [c for c in result.changes if c.type == row.resource]
    assert of_type, f"{change}: no change of {row.resource}; changes: {[(c.action, c.name) for c in result.changes]}"
    if action == "blocked":
        assert any(c.blocked for c in of_type), f"{change}: expected blocked, got {result.blocked}"
    else:
        assert {c.action for c in of_type} == {action}, [(c.action, c.name, c.why) for c in of_type]
        assert result.blocked == [], result.blocked
    for untouched in row.untouched:
        assert not [c for c in result.changes if c.type == untouched], f"{untouched} must not change"


def test_every_readme_row_is_known() -> None:
    assert sorted(change for change, _ in readme_rows()) == sorted(ROWS)


def test_turning_storage_autoscaling_off_warns_about_grown_volumes(run_deployed) -> None:
    result = preview_of(run_deployed, Row("prod", {"maxBrokerVolumeGiB": 0}, CLUSTER))
    assert any("storage autoscaling is turned off" in w for w in result.warnings)


def test_a_changed_configuration_updates_the_cluster_with_a_rolling_restart_note(run_deployed) -> None:
    result = preview_of(
        run_deployed, Row("prod", {"brokerInstanceType": "kafka.m7g.xlarge", "retentionHours": 72}, CLUSTER)
    )
    assert {(c.type, c.action) for c in result.changes} == {
        (CLUSTER, "update"),
        ("aws:msk/configuration:Configuration", "update"),
    }
    cluster = next(c for c in result.changes if c.type == CLUSTER)
    assert {p.path for p in cluster.properties} == {"brokerNodeGroupInfo.instanceType", "configurationInfo.revision"}
    (note,) = [n for n in cluster.notes if "rolling restart" in n]
    assert note.startswith(
        "2 rolling restarts, one after the other, each of 3 brokers one at a time (roughly 30 minutes each, 60 in "
        "all): UpdateBrokerType (brokerNodeGroupInfo.instanceType), then UpdateClusterConfiguration"
    )
    assert "clients keep producing and consuming during a roll" in note


def test_one_configuration_change_is_one_rolling_restart(run_deployed) -> None:
    result = preview_of(run_deployed, Row("prod", {"retentionHours": 72}, CLUSTER))
    cluster = next(c for c in result.changes if c.type == CLUSTER)
    (note,) = [n for n in cluster.notes if "rolling restart" in n]
    assert note.startswith(
        "rolling restart of 3 brokers, one at a time (roughly 30 minutes): UpdateClusterConfiguration"
    )


@pytest.mark.parametrize(
    ("stack", "before", "after", "allowed"),
    [
        ("prod", "kafka.m7g.large", "kafka.t3.small", False),  # AWS's own example
        ("prod", "kafka.m5.large", "kafka.t3.small", False),
        ("dev", "kafka.t3.small", "kafka.m5.large", True),
        ("dev", "kafka.t3.small", "kafka.m7g.large", True),
        ("prod", "kafka.m5.large", "kafka.m7g.large", True),
        ("prod", "kafka.m7g.large", "kafka.m5.large", True),
        ("prod", "kafka.m7g.2xlarge", "kafka.m7g.large", True),  # smaller within a family
    ],
)
def test_a_broker_type_change_aws_refuses_is_blocked(run_deployed, stack, before, after, allowed) -> None:
    result = compare(
        run_deployed(stack, {**NOT_SOURCE, "brokerInstanceType": before}),
        run_deployed(stack, {**NOT_SOURCE, "brokerInstanceType": after}),
    )
    cluster = next(c for c in result.changes if c.type == CLUSTER)
    assert cluster.action == "update"
    refused = [b for b in cluster.blocked if "MSK refuses this broker size update" in b]
    assert (refused == []) is allowed, cluster.blocked
    assert (result.verdict[1] == 1) is not allowed


def test_a_replaced_fixed_name_resource_created_first_is_blocked(run_stack) -> None:
    """The ALB keeps its name when `internal` would change; AWS refuses two of that name."""
    before, after = run_stack("prod"), run_stack("prod")
    alb = after.one("aws:lb/loadBalancer:LoadBalancer")
    alb.inputs["internal"] = False
    change = next(c for c in compare(before, after).changes if c.type == alb.type)
    assert change.action == "replace"
    assert any("created first under the same name" in b for b in change.blocked)


# --- the command ----------------------------------------------------------------------------------------


def test_exit_statuses(capsys) -> None:
    assert main(["dev", "-c", "brokerCount=4"]) == 0
    out = capsys.readouterr().out
    assert "2 update" in out and "update  aws:cloudwatch/dashboard:Dashboard" in out  # new brokers' series
    assert main(["prod", "-c", "kafkaVersion=3.9.x.kraft"]) == 1
    assert "BLOCKED (exit 1)" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["prod", "-c", "brokerCount=4"])
    assert exit_.value.code == 2
    assert "brokerCount = 4: must be a multiple" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["prod", "-c", "kafkaVersion.unknownKey=zzz"])
    assert exit_.value.code == 2
    assert "-c kafkaVersion.unknownKey=zzz: kafkaVersion holds a plain value" in capsys.readouterr().err


def test_json_names_each_change_and_masks_secrets(capsys) -> None:
    account = f"snowflake.accountUrl={OWN_ACCOUNT['snowflake.accountUrl']}"
    assert main(["prod", "-c", f"snowflakePrivateKey={json.dumps(PEM)}", "-c", account, "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {
        "stack",
        "base",
        "changes",
        "secondUp",
        "blocked",
        "warnings",
        "counts",
        "cost",
        "secondUpCost",
        "verdict",
        "status",
    }
    assert document["counts"]["delete"] >= 1
    version = next(c for c in document["changes"] if c["type"] == "aws:secretsmanager/secretVersion:SecretVersion")
    assert version["values"]["secretString"] == {"old": "[secret]", "new": "[secret]"}
    assert "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" not in json.dumps(document)


def test_base_reads_the_stack_files_of_a_revision(monkeypatch, capsys) -> None:
    committed = files_at("HEAD", "dev")
    assert set(committed) == {"Pulumi.yaml", "Pulumi.dev.yaml"}
    assert "streaming-platform:brokerCount" in (committed["Pulumi.dev.yaml"] or "")
    with pytest.raises(SystemExit) as exit_:
        main(["dev", "--base", "no-such-revision"])
    assert exit_.value.code == 2
    working_tree = {name: (ROOT / name).read_text() for name in committed}
    monkeypatch.setattr("tools.change.files_at", lambda revision, stack: working_tree)
    assert main(["dev", "--base", "HEAD"]) == 0
    assert "before = HEAD" in capsys.readouterr().out


def test_a_base_config_this_program_refuses_exits_3(monkeypatch, capsys) -> None:
    """A program change that tightens validation leaves nothing to compare with."""
    old = (ROOT / "Pulumi.dev.yaml").read_text().replace("brokerCount: 2", "brokerCount: 3")
    monkeypatch.setattr(
        "tools.change.files_at",
        lambda revision, stack: {"Pulumi.yaml": (ROOT / "Pulumi.yaml").read_text(), "Pulumi.dev.yaml": old},
    )
    assert main(["dev", "--base", "HEAD~1"]) == 3
    assert "is not valid for this program" in capsys.readouterr().err


# --- every type has rules; URNs are stable ------------------------------------------------------------------

CA = "arn:aws:acm-pca:eu-west-2:123456789012:certificate-authority/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
SINK_TOPICS = [{"name": "orders", "partitions": 1}, {"name": "orders-dlq", "partitions": 1}] + [
    {"name": f"{'t' * 200}{i:03d}", "partitions": 1} for i in range(60)
]
CONFIGURATIONS = [
    ("dev", {}),
    ("prod", REGISTERED),
    ("prod", {"alarmEmail": "oncall@example.com"}),
    ("dev", {"maxBrokerVolumeGiB": 100}),
    # a connector whose sink topics pass its role's inline limit: managed policies, attached
    (
        "prod",
        {
            **REGISTERED,
            "topics": SINK_TOPICS,
            "snowflake.connectors[0].topics": {
                "orders": "ORDERS",
                **{t["name"]: f"T{i}" for i, t in enumerate(SINK_TOPICS[2:])},
            },
        },
    ),
    ("prod", managed(createDatabase=True, createSchema=True)),
    # Kafka ACLs: the ACL function and its invocation
    (
        "dev",
        {
            **REGISTERED,
            "scramUsers": [
                {"name": "bi", "acls": [{"resource": {"type": "topic", "name": "orders"}, "operations": ["Read"]}]}
            ],
        },
    ),
]


@pytest.mark.parametrize(("stack", "overrides"), CONFIGURATIONS)
def test_every_registered_type_has_replacement_rules(run_stack, stack: str, overrides: dict[str, Any]) -> None:
    types = {r.type for r in run_stack(stack, overrides).resources if r.custom}
    assert types - set(RULES) == set(), "add an entry per type to tools/resource_types.py"


URN_LISTS = ROOT / "tests" / "urns"


def committed_urns(stack: str) -> list[str]:
    return (URN_LISTS / f"{stack}.txt").read_text().split()


# The stack once its connectors exist (what `tools.change --urns` lists): a DR stack's at failover.
CONNECTORS_RUNNING: dict[str, dict[str, Any]] = {"dev": {}, "prod": {}, "dr": {"replication.failover": True}}


@pytest.mark.parametrize("stack", CONNECTORS_RUNNING)
def test_no_committed_urn_disappears_without_an_alias(run_deployed, stack: str) -> None:
    """A URN that disappears is a delete + create on the next `pulumi up`: the
    cluster, topics and secrets would be destroyed. Rename with an alias."""
    run = run_deployed(stack, CONNECTORS_RUNNING[stack])
    present = {r.urn for r in run.resources} | {a for r in run.resources for a in r.aliases}
    missing = [urn for urn in committed_urns(stack) if urn not in present]
    assert missing == [], "URNs gone without an alias (add `aliases=` or restore the name)"


@pytest.mark.parametrize("stack", CONNECTORS_RUNNING)
def test_new_urns_are_recorded(run_deployed, stack: str) -> None:
    """New resources are reviewed: `python -m tools.change <stack> --urns > tests/urns/<stack>.txt`
    (the URNs of the stack once its connectors exist)."""
    current = sorted(r.urn for r in run_deployed(stack, CONNECTORS_RUNNING[stack]).resources)
    assert sorted(set(current) - set(committed_urns(stack))) == []


def test_the_urn_lists_are_sorted_and_name_the_cluster() -> None:
    for stack in CONNECTORS_RUNNING:
        urns = committed_urns(stack)
        assert urns == sorted(urns)
        assert any(re.search(rf"aws:msk/cluster:Cluster::streaming-platform-{stack}-msk-cluster$", u) for u in urns)


def test_urn_lists_are_plain_text_files() -> None:
    assert sorted(p.name for p in Path(URN_LISTS).iterdir()) == ["dev.txt", "dr.txt", "prod.txt"]


RENAMED = ROOT / "tests" / "programs" / "renamed.py"


@pytest.mark.parametrize(("alias", "actions"), [(True, set()), (False, {"create", "delete"})])
def test_a_rename_is_a_delete_and_create_unless_an_alias_carries_it(run_stack, alias, actions) -> None:
    before = run_stack("test", {}, program=RENAMED)
    after = run_stack("test", {"childName": "topic-b", "alias": alias}, program=RENAMED)
    assert {c.action for c in compare(before, after).changes} == actions


RETYPED = ROOT / "tests" / "programs" / "retyped.py"


@pytest.mark.parametrize(("alias", "actions"), [(True, set()), (False, {"create", "delete"})])
def test_children_keep_their_state_under_a_retyped_and_renamed_component_with_an_alias(
    run_stack, alias, actions
) -> None:
    """The engine passes a component's aliases on to its children and theirs (a child named after
    its parent takes the alias's name): the alias on the component alone carries them all."""
    before = run_stack("test", {}, program=RETYPED)
    after = run_stack(
        "test", {"token": "streaming-platform:index:Holder", "holderName": "keeper", "alias": alias}, program=RETYPED
    )
    assert {c.action for c in compare(before, after).changes} == actions
    if alias:  # the grandchild, renamed with its parent, carries its old URN
        assert before.named("holder-inner-topic").urn in after.named("keeper-inner-topic").aliases


# --- the v4 migration -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "migration", "mode", "steps"),
    [
        (V3, {"ingestionMethod": "SNOWPIPE_STREAMING"}, "strict", 4),
        (V3, {"ingestionMethod": "SNOWPIPE_STREAMING", "offsetMigration": "best_effort"}, "best_effort", 4),
        ({**V3, "snowflake.ingestionMethod": "SNOWPIPE", "snowflake.connectors[0].buffer.flushTimeSeconds": 120},
         {"ingestionMethod": "SNOWPIPE"}, "skip", 3),
    ],
)  # fmt: skip
def test_the_v4_migration_is_a_labelled_replacement_with_its_steps(
    run_deployed, before, migration, mode, steps
) -> None:
    result = compare(run_deployed("prod", before), run_deployed("prod", {"snowflake.migrateFromV3": migration}))
    [change] = [c for c in result.changes if c.type == CONNECTOR]
    assert change.action == "replace" and change.blocked == []
    assert change.why.startswith("v4 migration: Snowflake connector 3.x -> 4.x")
    labelled = [n for n in change.notes if n.startswith(f"v4 migration ({mode}) step ")]
    assert len(labelled) == steps
    assert "deleted first, then created" in " ".join(change.notes), "the name, and so the offsets, are kept"
    if mode == "skip":  # Snowflake's order: 3.x stopped and its staged files loaded before 4.x starts
        assert "pulumi destroy --target" in labelled[0] and "pendingFileCount 0" in labelled[1]
    assert result.blocked == []
    assert result.verdict[1] == 4, "needs attention, not blocked"


def test_the_v4_migration_without_its_settings_is_blocked(run_deployed) -> None:
    result = compare(run_deployed("prod", V3), run_deployed("prod"))
    [change] = [c for c in result.changes if c.type == CONNECTOR]
    assert change.action == "replace"
    assert change.blocked == [
        "v4 migration without snowflake.migrateFromV3: 4.x would start as a new deployment, take its offsets from "
        "the consumer group (duplicating what 3.x streamed since its last commit) and write schematized columns "
        "into 3.x's RECORD_CONTENT tables; set migrateFromV3.ingestionMethod to the 3.x connectors' ingestionMethod"
    ]
    assert not [n for n in change.notes if n.startswith("v4 migration (")]


def test_a_v4_to_v3_downgrade_is_labelled(run_deployed) -> None:
    result = compare(run_deployed("prod"), run_deployed("prod", V3))
    [change] = [c for c in result.changes if c.type == CONNECTOR]
    assert change.action == "replace" and change.why.startswith("Snowflake connector 4.x -> 3.x (a downgrade)")
    assert any("deduplicate on RECORD_METADATA" in n for n in change.notes)


def test_turning_a_topic_s_remote_storage_off_is_blocked_with_the_command(run_deployed) -> None:
    before = run_deployed("prod", {"storageMode": "TIERED", "topics[0].remoteStorage": True})
    result = compare(before, run_deployed("prod", {"storageMode": "TIERED"}))
    (topic,) = [c for c in result.changes if c.type == TOPIC]
    assert any("remote.log.msk.disable.policy=Delete, remote.storage.enable=false" in b for b in topic.blocked)
    assert any("--entity-name orders" in b for b in topic.blocked)


@pytest.mark.parametrize(
    ("before", "after", "what"),
    [
        ({"brokerLogs": {"cloudwatch": True, "s3": {"bucket": "company-logs"}}}, {}, "S3 broker logs turned off"),
        ({"brokerInstanceType": "kafka.m7g.4xlarge", "brokerVolumeThroughputMiBps": 400},
         {"brokerInstanceType": "kafka.m7g.4xlarge"}, "provisioned storage throughput turned off"),
        ({"vpcConnectivity": {"iam": True}}, {}, "multi-VPC connectivity turned off"),
        ({"storageMode": "TIERED"}, {}, "storageMode TIERED -> LOCAL"),
        ({"clientAuthentication": {"tlsCertificateAuthorityArns": [CA]}, "clientAccess.cidrs[0]": "10.9.0.0/16"},
         {"clientAccess.cidrs[0]": "10.9.0.0/16"}, "mutual TLS client authentication turned off"),
    ],
)  # fmt: skip
def test_a_switch_turned_off_by_leaving_its_block_out_needs_attention_with_the_step(
    run_deployed, before, after, what
) -> None:
    result = compare(run_deployed("prod", {**NOT_SOURCE, **before}), run_deployed("prod", {**NOT_SOURCE, **after}))
    assert any(what in w and "aws kafka" in w for w in result.warnings), result.warnings
    assert result.verdict[1] == 4


ACL_USER = {"resource": {"type": "topic", "name": "orders"}, "operations": ["Read", "Describe"]}
ACL_GROUP = {"resource": {"type": "group", "name": "bi-", "patternType": "prefix"}, "operations": ["Read"]}


def test_acl_changes_show_the_bindings_added_and_removed_per_principal(run_deployed) -> None:
    before = run_deployed("dev", {"scramUsers": [{"name": "bi", "acls": [ACL_USER, ACL_GROUP]}]})
    after = run_deployed("dev", {"scramUsers": [{"name": "bi", "acls": [ACL_USER]},
                                                {"name": "etl", "acls": [ACL_GROUP]}]})  # fmt: skip
    result = compare(before, after)
    (invocation,) = [c for c in result.changes if c.type == "aws:lambda/invocation:Invocation"]
    assert invocation.action == "update"
    lines = [line for prop in invocation.properties for line in describe(prop)]
    assert lines == [
        "Kafka ACL User:bi: - READ on GROUP bi- (prefix)",
        "Kafka ACL User:etl: + READ on GROUP bi- (prefix)",
    ]


def test_removing_every_acl_deletes_the_machinery_and_says_so(run_deployed) -> None:
    before = run_deployed("dev", {"scramUsers": [{"name": "bi", "acls": [ACL_USER]}]})
    result = compare(before, run_deployed("dev", {"scramUsers": [{"name": "bi"}]}))
    deleted = {c.type for c in result.changes if c.action == "delete"}
    assert {"aws:lambda/invocation:Invocation", "aws:lambda/function:Function"} <= deleted


def test_the_preview_shows_the_monthly_cost_before_and_after_by_component(capsys) -> None:
    assert main(["dev", "-c", "brokerCount=4"]) == 0
    out = capsys.readouterr().out
    cost = [line for line in out.splitlines() if line.startswith("monthly cost: $")]
    assert len(cost) == 1 and "(+$" in cost[0]
    assert "  MskCluster streaming-platform-dev-msk: $" in out
    assert main(["dev", "-c", "brokerCount=4", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    money = document["cost"]
    assert money["after"] > money["before"] and money["delta"] == round(money["after"] - money["before"], 2)
    assert set(money["byComponent"]) == {"MskCluster streaming-platform-dev-msk"}
    assert document["secondUpCost"]["after"] > money["after"]  # the connector the second up creates


def test_a_dashboard_body_change_is_one_line(run_deployed) -> None:
    result = compare(run_deployed("dev"), run_deployed("dev", {"brokerCount": 4}))
    (dashboard,) = [c for c in result.changes if c.type == "aws:cloudwatch/dashboard:Dashboard"]
    widgets = len(json.loads(dashboard.properties[0].new)["widgets"])
    assert [line for prop in dashboard.properties for line in describe(prop)] == [
        f"dashboard body changed: {widgets} widgets"
    ]


def test_two_previews_of_a_change_print_the_same_bytes(capsys) -> None:
    outputs = []
    for _ in range(2):
        assert main(["prod", "-c", "kafkaVersion=3.9.x.kraft", "-c", "topics[0].partitions=6"]) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]


# --- the lock-down in two steps ---------------------------------------------------------------------------

LOCK = {"serverProperties": {"allow.everyone.if.no.acl.found": False}}
ANALYTICS = {"scramUsers": [{"name": "analytics", "acls": [READ_ORDERS]}]}


def test_the_lock_down_with_the_first_acls_in_one_up_is_blocked_naming_the_order(run_deployed) -> None:
    result = compare(run_deployed("prod"), run_deployed("prod", {**ANALYTICS, **LOCK}))
    (reason,) = result.blocked
    assert reason.startswith("create aws:lambda/invocation:Invocation ")
    assert "first Kafka ACLs in one `up`" in reason and "the schema registry's included" in reason
    assert "deploy the ACLs first" in reason and "then set it false in a later `pulumi up`" in reason
    assert result.verdict[1] == 1


def test_the_lock_down_after_the_acls_were_deployed_is_the_second_step(run_deployed) -> None:
    result = compare(run_deployed("prod", ANALYTICS), run_deployed("prod", {**ANALYTICS, **LOCK}))
    assert result.blocked == [] and not [w for w in result.warnings if "allow.everyone" in w]
    assert {c.type for c in result.changes} == {"aws:msk/configuration:Configuration", "aws:msk/cluster:Cluster"}


def test_the_lock_down_with_new_bindings_needs_attention_naming_their_principals(run_deployed) -> None:
    more = {"kafkaAcls": [{"principal": "User:CN=billing.example.com", "acls": [READ_ORDERS]}]}
    result = compare(run_deployed("prod", ANALYTICS), run_deployed("prod", {**ANALYTICS, **more, **LOCK}))
    (warning,) = [w for w in result.warnings if "allow.everyone" in w]
    assert "new Kafka ACL bindings (User:CN=billing.example.com)" in warning and "deploy the ACLs first" in warning
    assert result.blocked == [] and result.verdict[1] == 4


def test_a_new_stack_with_acls_and_the_lock_down_is_not_held_back(run_deployed) -> None:
    """Nothing runs before the function: the registry starts after the invocation."""
    from tools.mock_runner import ProgramRun

    result = compare(ProgramRun("prod", {}, [], {}), run_deployed("prod", {**ANALYTICS, **LOCK}))
    assert result.blocked == []


def test_moving_a_deployed_broker_log_group_under_vendedlogs_says_what_it_costs(run_deployed) -> None:
    result = compare(run_deployed("prod"), run_deployed("prod", {"brokerLogs": {"cloudwatch": True}}))
    (group,) = [c for c in result.changes if c.type == "aws:cloudwatch/logGroup:LogGroup"]
    assert group.action == "replace"
    assert (
        "the old log group /aws/msk/streaming-platform-prod/brokers is deleted with the logs in it (kept 365 "
        "days)" in " ".join(group.notes)
    )
    (cluster,) = [c for c in result.changes if c.type == CLUSTER]
    assert cluster.action == "update" and [p.path for p in cluster.properties] == [
        "loggingInfo.brokerLogs.cloudwatchLogs.logGroup"
    ]
    assert any("no broker restarts" in n for n in cluster.notes)
    assert not [n for n in cluster.notes if "rolling restart" in n]
    assert result.blocked == [] and result.verdict[1] == 4


def test_the_first_and_the_last_acls_of_a_stack_are_itemised_like_later_ones(run_deployed) -> None:
    first = compare(run_deployed("dev"), run_deployed("dev", ANALYTICS))
    (created,) = [c for c in first.changes if c.type == "aws:lambda/invocation:Invocation"]
    lines = [line for prop in created.properties for line in describe(prop)]
    assert created.action == "create"
    assert "Kafka ACL User:analytics: + READ on TOPIC orders" in lines
    assert "Kafka ACL User:schema-registry: + WRITE on TOPIC _schemas" in lines
    assert all(line.startswith("Kafka ACL User:") and ": + " in line for line in lines)
    last = compare(run_deployed("dev", ANALYTICS), run_deployed("dev"))
    (deleted,) = [c for c in last.changes if c.type == "aws:lambda/invocation:Invocation"]
    assert deleted.action == "delete"
    assert sorted(line.replace(": - ", ": + ") for prop in deleted.properties for line in describe(prop)) == sorted(
        lines
    )


def test_iam_policy_diffs_name_the_statement_and_the_topic(run_deployed) -> None:
    payments = {"name": "payments", "partitions": 6}
    before = run_deployed("prod")
    after = run_deployed(
        "prod",
        {
            "topics": [
                {"name": "orders", "partitions": 12, "retentionHours": 336},
                {"name": "customers", "partitions": 6, "cleanupPolicy": "compact"},
                {"name": "orders-dlq", "partitions": 3, "retentionHours": 336},
                payments,
            ]
        },
    )
    result = compare(before, after)
    producer = next(c for c in result.changes if c.name.endswith("-msk-producer"))
    assert [line for prop in producer.properties for line in describe(prop)] == [
        "policy > Statement.WriteTopics.Resource.3: null -> topic payments"
    ]


def test_the_marks_shown_are_explained_once(run_deployed) -> None:
    shown = render(compare(run_deployed("prod"), run_deployed("prod", {"retentionHours": 72})))
    assert "[protected] [data]" in shown
    assert shown.count("\n  [protected]: Pulumi refuses to replace or delete it") == 1
    assert shown.count("\n  [data]: it holds data") == 1
    quiet = render(compare(run_deployed("prod"), run_deployed("prod", {"alarmEmail": "oncall@example.com"})))
    assert "[data]" not in quiet and "[protected]" not in quiet
