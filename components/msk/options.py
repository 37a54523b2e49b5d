"""The MSK cluster's options beyond the defaults: parse and validate.

```yaml
streaming-platform:storageMode: TIERED                 # LOCAL (default) or TIERED
streaming-platform:brokerVolumeThroughputMiBps: 500    # 0 (default): the EBS baseline
streaming-platform:clientAuthentication:
  tlsCertificateAuthorityArns: [arn:aws:acm-pca:...]   # mutual TLS on 9094
streaming-platform:vpcConnectivity: {iam: true, scram: false, tls: false}
streaming-platform:clusterPolicy: {accounts: ["111122223333"]}
streaming-platform:brokerLogs: {cloudwatch: true, s3: {bucket: my-logs}, firehose: {deliveryStream: s}}
streaming-platform:brokerLogs: {cloudwatch: {logGroupName: /aws/msk/<cluster>/brokers}}   # keep a deployed group
streaming-platform:openMonitoring: {cidrs: [10.0.0.0/16], securityGroupIds: [sg-...]}
streaming-platform:serverProperties: {num.io.threads: 16, message.max.bytes: 2097152}
streaming-platform:scramUsers: [{name: analytics, description: BI tool, acls: [...]}]
streaming-platform:kafkaAcls: [{principal: "User:CN=client.example.com", acls: [...]}]   # kafka_acls.py
```

Every rule names the key, the value, what is allowed and why AWS (or Kafka)
refuses it; the sources are in `catalog`. Absent keys keep what the program
registered before these options existed.
"""

from __future__ import annotations

import dataclasses
import difflib
import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from .. import catalog
from ..model import setting
from ..validation import Problems, as_bool, as_int, check_keys, flag, one_of, parse_named_objects, string_list
from .acls import AclRule, PrincipalAcls, parse_kafka_acls, parse_rules

_ACCOUNT_ID = re.compile(r"^\d{12}$")
_SG_ID = re.compile(r"^sg-[0-9a-f]{8,17}$")
_PRIVATE_CA_ARN = re.compile(catalog.PRIVATE_CA_ARN_PATTERN)
# S3 bucket names (S3 User Guide, "Bucket naming rules") and Firehose stream
# names (Firehose API, DeliveryStreamName).
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_STREAM_NAME = re.compile(r"^[a-zA-Z0-9_.-]{1,64}$")
_LOG_GROUP_NAME = re.compile(r"^[A-Za-z0-9_/.#-]{1,512}$")  # CreateLogGroup logGroupName
# SCRAM user names: they end the secret name AmazonMSK_<cluster>_<user>.
_SCRAM_USER = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
RESERVED_SCRAM_USERS = ("schema-registry",)

# Properties this program sets from other keys: the key to use instead.
DERIVED_PROPERTIES: dict[str, str] = {
    "auto.create.topics.enable": "topics (the program keeps it false: every topic is an aws.msk.Topic)",
    "default.replication.factor": "defaultReplicationFactor",
    "min.insync.replicas": "defaultReplicationFactor (min.insync.replicas is its replication factor - 1)",
    "unclean.leader.election.enable": "nothing: the program keeps it false (an unclean leader loses acked writes)",
    "log.retention.hours": "retentionHours",
    "log.retention.minutes": "retentionHours",
    "log.retention.ms": "retentionHours",
}
BOOLEAN_PROPERTIES = ("allow.everyone.if.no.acl.found", "delete.topic.enable")
ENUM_PROPERTIES: dict[str, tuple[str, ...]] = {
    "compression.type": ("gzip", "snappy", "lz4", "zstd", "uncompressed", "producer"),
    "log.cleanup.policy": ("delete", "compact", "compact,delete"),
    "log.message.timestamp.type": ("CreateTime", "LogAppendTime"),
}
RATIO_PROPERTIES = ("log.cleaner.min.cleanable.ratio",)
STRING_PROPERTIES = ("replica.selector.class",)
_INT = catalog.KAFKA_INT_MAX
_LONG = catalog.KAFKA_LONG_MAX
_SHORT = 2**15 - 1
# Numeric properties: (Kafka type, lowest value, why that lowest). What a 3.8.1
# broker's KafkaConfig accepts (core/src/main/scala/kafka/server/KafkaConfig.scala
# and server/src/main/java/org/apache/kafka/server/config/*.java at 3.8.1: the
# type and atLeast(...) of each define, and KafkaConfig.validateValues), tightened
# where a smaller value cannot work (threads, sizes, factors of at least 1).
# MSK's own bounds (catalog.MSK_SERVER_PROPERTY_BOUNDS) narrow these further.
NUMERIC_PROPERTIES: dict[str, tuple[str, int, str]] = {
    "connections.max.idle.ms": (
        "LONG", 101, "Kafka requires more than connection.failed.authentication.delay.ms, 100"),
    "group.initial.rebalance.delay.ms": ("INT", 0, ""),
    "group.max.session.timeout.ms": ("INT", 0, ""),
    "group.min.session.timeout.ms": ("INT", 0, ""),
    "leader.imbalance.per.broker.percentage": ("INT", 0, ""),
    "log.cleaner.delete.retention.ms": ("LONG", 0, ""),
    "log.flush.interval.messages": ("LONG", 1, ""),
    "log.flush.interval.ms": ("LONG", 0, ""),
    "log.message.timestamp.difference.max.ms": ("LONG", 0, ""),
    "log.retention.bytes": ("LONG", -1, "-1: no size limit"),
    "log.roll.ms": ("LONG", 1, ""),
    "log.segment.bytes": ("INT", 14, "Kafka's smallest record batch overhead"),
    "max.incremental.fetch.session.cache.slots": ("INT", 0, ""),
    "message.max.bytes": ("INT", 1, ""),
    "num.io.threads": ("INT", 1, ""),
    "num.network.threads": ("INT", 1, ""),
    "num.partitions": ("INT", 1, ""),
    "num.recovery.threads.per.data.dir": ("INT", 1, ""),
    "num.replica.fetchers": ("INT", 1, ""),
    "offsets.retention.minutes": ("INT", 1, ""),
    "offsets.topic.replication.factor": ("SHORT", 1, ""),
    "replica.fetch.max.bytes": ("INT", 1, ""),
    "replica.fetch.response.max.bytes": ("INT", 0, ""),
    "replica.lag.time.max.ms": ("LONG", 0, ""),
    "replica.socket.receive.buffer.bytes": ("INT", -1, "-1: the OS default"),
    "socket.receive.buffer.bytes": ("INT", -1, "-1: the OS default"),
    "socket.request.max.bytes": ("INT", 1, ""),
    "socket.send.buffer.bytes": ("INT", -1, "-1: the OS default"),
    "transaction.max.timeout.ms": ("INT", 1, ""),
    "transaction.state.log.min.isr": ("INT", 1, ""),
    "transaction.state.log.replication.factor": ("SHORT", 1, ""),
    "transactional.id.expiration.ms": ("INT", 1, ""),
    "zookeeper.connection.timeout.ms": ("INT", 0, ""),
    "zookeeper.session.timeout.ms": ("INT", 0, ""),
}  # fmt: skip
_TYPE_MAX = {"SHORT": _SHORT, "INT": _INT, "LONG": _LONG}
# Replication factors of Kafka's internal topics: Kafka cannot create the topic
# with more replicas than brokers, and consumer groups (offsets) or
# transactions fail until it can (MSK, "Custom MSK configurations").
INTERNAL_TOPIC_REPLICATION_FACTORS = ("offsets.topic.replication.factor", "transaction.state.log.replication.factor")


def numeric_property_bounds(name: str) -> tuple[int, int, str]:
    """(lowest, highest, why) a numeric property may take: Kafka's type and
    bounds narrowed by MSK's."""
    kind, low, why = NUMERIC_PROPERTIES[name]
    high = _TYPE_MAX[kind]
    msk_low, msk_high = catalog.MSK_SERVER_PROPERTY_BOUNDS.get(name, (None, None))
    reasons = [f"a Kafka {kind} setting"] + ([why] if why else [])
    if msk_low is not None or msk_high is not None:
        low = max(low, msk_low if msk_low is not None else low)
        high = min(high, msk_high if msk_high is not None else high)
        reasons.append("MSK's bounds")
    return low, high, "; ".join(reasons)


@dataclass(frozen=True)
class VpcConnectivity:
    """Multi-VPC private connectivity: which auth methods clients in other VPCs may use."""

    OFFERED_AS: ClassVar[str] = "VpcConnectivityInput"

    iam: bool = setting(False, key="iam")
    """SASL/IAM through managed VPC connections."""
    scram: bool = setting(False, key="scram")
    """SASL/SCRAM (needs Kafka ACLs and `allow.everyone.if.no.acl.found: false`)."""
    tls: bool = setting(False, key="tls")
    """Mutual TLS (needs `tlsCertificateAuthorityArns`)."""

    @property
    def enabled(self) -> bool:
        return self.iam or self.scram or self.tls


@dataclass(frozen=True)
class BrokerLogs:
    """Where broker logs go: CloudWatch (default), S3, Firehose."""

    OFFERED_AS: ClassVar[str] = "BrokerLogsInput"

    cloudwatch: bool = setting(True, key="cloudwatch")
    """A CMK-encrypted CloudWatch log group (default true)."""
    cloudwatch_log_group: str | None = setting(None, key="cloudwatch.logGroupName")
    """The CloudWatch log group's name; None: `/aws/vendedlogs/msk/<cluster>/brokers`. Under
    `/aws/vendedlogs/` MSK's log delivery needs no statement per group in the account's
    CloudWatch Logs resource policy (capped at 5,120 characters). A stack deployed with
    the former `/aws/msk/<cluster>/brokers` keeps it by naming it here."""
    s3: bool = setting(False, key="s3")
    """S3: a private bucket the component creates, or `s3Bucket`."""
    s3_bucket: str | None = setting(None, key="s3.bucket")
    """A bucket to use as is; None with `s3`: the program creates a private one."""
    firehose_stream: str | None = setting(None, key="firehose.deliveryStream")
    """A Kinesis Data Firehose delivery stream name."""

    @property
    def any(self) -> bool:
        return self.cloudwatch or self.s3 or self.firehose_stream is not None


def broker_logs_object(logs: BrokerLogs | Mapping[str, Any]) -> Any:
    """`brokerLogs` as stack config writes it: a destination is `true` or its object
    (`cloudwatch: {logGroupName}`, `s3: {bucket}`, `firehose: {deliveryStream}`). `logs`:
    the model, or its fields by name (the component provider's input)."""
    if isinstance(logs, Mapping):
        names = {f.name for f in dataclasses.fields(BrokerLogs)}
        logs = BrokerLogs(**{k: v for k, v in logs.items() if k in names and v is not None})
    if not isinstance(logs, BrokerLogs):
        return logs  # as given: the rules say what it should be
    written: dict[str, Any] = {
        "cloudwatch": {"logGroupName": logs.cloudwatch_log_group} if logs.cloudwatch_log_group else logs.cloudwatch
    }
    if logs.s3:
        written["s3"] = {"bucket": logs.s3_bucket} if logs.s3_bucket else True
    if logs.firehose_stream is not None:
        written["firehose"] = {"deliveryStream": logs.firehose_stream}
    return written


@dataclass(frozen=True)
class DataAccess:
    """Another account's data-plane access over multi-VPC connectivity: its IAM principals may
    connect, and do anything on these topics and groups."""

    OFFERED_AS: ClassVar[str] = "DataAccessInput"

    account: str = setting(key="account")
    """12-digit account id; one of `clusterPolicyAccounts`."""
    topics: tuple[str, ...] = setting((), key="topics")
    """Configured topics (exact names)."""
    groups: tuple[str, ...] = setting((), key="groups")
    """Consumer group names, or prefixes ending in `*`."""


@dataclass(frozen=True)
class SourceAccess:
    """CIDRs and security groups let in on some ports (`clientAccess`, `openMonitoring`)."""

    cidrs: tuple[str, ...] = setting((), key="cidrs")
    """IPv4 CIDRs let in."""
    security_group_ids: tuple[str, ...] = setting((), key="securityGroupIds")
    """Security groups let in."""


@dataclass(frozen=True)
class ScramUserSettings:
    """A SASL/SCRAM user with a generated password in its own CMK secret."""

    OFFERED_AS: ClassVar[str] = "ScramUserInput"
    name: str = setting(key="name")
    """User name (1-64 of A-Z, a-z, 0-9, '_', '.', '-'); the secret is `AmazonMSK_<cluster>_<name>`."""
    description: str = setting("", key="description")
    """What the user is for (in the secret's description)."""
    acls: tuple[AclRule, ...] = setting((), key="acls", model=AclRule)
    """What the user may do (Kafka ACLs on `User:<name>`); none: nothing declared."""

    @property
    def principal(self) -> str:
        return f"User:{self.name}"


def declared_acls(
    scram_users: Sequence[ScramUserSettings], kafka_acls: Sequence[PrincipalAcls]
) -> tuple[PrincipalAcls, ...]:
    """Every principal with declared ACLs: SCRAM users' `acls`, then `kafkaAcls`."""
    return (*(PrincipalAcls(u.principal, u.acls) for u in scram_users if u.acls), *kafka_acls)


@dataclass(frozen=True)
class ClusterShape:
    """What the options are checked against (already validated flat keys)."""

    kafka_version: str
    broker_type: str
    broker_volume_gib: int
    express: bool
    kraft: bool = False


# Kafka ACLs. With allow.everyone.if.no.acl.found=false every principal without
# ACLs is refused: the schema registry's SCRAM user, every `scramUsers` entry and
# every mTLS client (MSK Developer Guide, "Apache Kafka ACLs"; MSK's own
# description of the property: set it to false "and you don't first define
# Apache Kafka ACLs, you lose access to the cluster"). Multi-VPC SASL/SCRAM and
# mutual TLS need that lockdown ("Permissions for multi-VPC private
# connectivity": Kafka ACLs and allow.everyone.if.no.acl.found=false). Both
# are accepted once the stack declares ACLs (the program then writes the
# registry's too).
def _check_acl_lockdown(
    vpc: VpcConnectivity, properties: Sequence[tuple[str, str]], declares_acls: bool, problems: Problems
) -> None:
    locked = dict(properties).get("allow.everyone.if.no.acl.found") == "false"
    if locked and not declares_acls:
        problems.add(
            "serverProperties.allow.everyone.if.no.acl.found",
            False,
            "false refuses every SCRAM and mTLS principal without Kafka ACLs: declare them first (scramUsers[].acls, "
            "kafkaAcls; the program then writes the schema registry's), or keep true",
        )
    for method, label in (("scram", "SASL/SCRAM"), ("tls", "mutual TLS")):
        if getattr(vpc, method) is True and not (declares_acls and locked):
            problems.add(
                f"vpcConnectivity.{method}",
                True,
                f"{label} from other VPCs needs Kafka ACLs and allow.everyone.if.no.acl.found: false (MSK, "
                "multi-VPC permissions): declare the ACLs (scramUsers[].acls, kafkaAcls) and set "
                "serverProperties.allow.everyone.if.no.acl.found: false, or use iam",
            )


def parse_cluster_options(raw: Mapping[str, Any], shape: ClusterShape, problems: Problems) -> dict[str, Any]:
    """Validate the cluster options in `raw` (flat keys and parsed objects): the
    `MskClusterArgs` fields they set, by name."""
    tls_ca_arns = _parse_client_authentication(raw.get("clientAuthentication"), problems)
    vpc = _parse_vpc_connectivity(raw.get("vpcConnectivity"), shape, bool(tls_ca_arns), problems)
    # A replication source has multi-VPC connectivity for IAM whatever `vpcConnectivity` says.
    effective = dataclasses.replace(vpc, iam=True) if raw.get("replicationSource") is True else vpc
    properties = _parse_server_properties(raw.get("serverProperties"), shape, problems)
    scram_users = _parse_scram_users(raw.get("scramUsers"), problems)
    reserved = [f"User:{name}" for name in RESERVED_SCRAM_USERS] + [u.principal for u in scram_users]
    kafka_acls = parse_kafka_acls(raw.get("kafkaAcls"), reserved, problems)
    _check_acl_lockdown(vpc, properties, bool(declared_acls(scram_users, kafka_acls)), problems)
    return {
        "storage_mode": _parse_storage_mode(raw.get("storageMode", "LOCAL"), shape, properties, problems),
        "volume_throughput_mibps": _parse_throughput(raw.get("brokerVolumeThroughputMiBps", 0), shape, problems),
        "tls_certificate_authority_arns": tls_ca_arns,
        "vpc_connectivity": vpc,
        "cluster_policy_accounts": _parse_cluster_policy(raw.get("clusterPolicy"), effective, problems),
        "cluster_data_access": _parse_data_access(raw.get("clusterPolicy"), effective, problems),
        "broker_logs": _parse_broker_logs(raw.get("brokerLogs"), problems),
        "open_monitoring_sources": parse_sources(
            "openMonitoring", raw.get("openMonitoring"), problems, "the exporters are never open to the whole internet"
        ),
        "extra_server_properties": properties,
        "scram_users": scram_users,
        "kafka_acls": kafka_acls,
        "kafka_acls_revision": _parse_acls_revision(raw.get("kafkaAclsRevision", 0), problems),
    }


def check_replication_source(
    broker_type: str, broker_count: int, az_count: int, problems: Problems, key: str = "replicationSource"
) -> None:
    """What MSK Replicator needs of its source and of its target cluster (MSK Developer Guide,
    "Supported cluster types and versions for MSK Replicator"): m5.large or larger, at least
    three brokers, four when they span two AZs. IAM access control is always on here. `key`:
    `replicationSource` (the source), `replication` (a DR stack's cluster, the target)."""
    value: Any = True if key == "replicationSource" else "on"
    role = "source" if key == "replicationSource" else "standby (target)"
    if broker_type in catalog.REPLICATOR_UNSUPPORTED_BROKER_TYPES:
        problems.add(
            key,
            value,
            f"MSK Replicator does not replicate with {broker_type} brokers in its {role} cluster (m5.large or larger: "
            '"Supported cluster types and versions for MSK Replicator"); choose a larger brokerInstanceType',
        )
    least = catalog.REPLICATOR_MIN_BROKERS_TWO_AZS if az_count == 2 else catalog.REPLICATOR_MIN_BROKERS
    if broker_count < least:
        problems.add(
            key,
            value,
            f"MSK Replicator needs at least {least} brokers in the {role} cluster"
            + (" when it spans two AZs" if az_count == 2 else "")
            + f' (brokerCount is {broker_count}; "Supported cluster types and versions for MSK Replicator")',
        )


def _parse_acls_revision(value: Any, problems: Problems) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        if not problems.refused("kafkaAclsRevision"):
            problems.add(
                "kafkaAclsRevision", value, "must be a whole number, 0 or more (raise it to re-run the ACL function)"
            )
        return 0
    return value


def _parse_storage_mode(
    value: Any, shape: ClusterShape, properties: Sequence[tuple[str, str]], problems: Problems
) -> str:
    one_of("storageMode", value, catalog.STORAGE_MODES, problems)
    if value != "TIERED":
        return "LOCAL"
    if shape.express:
        problems.add(
            "storageMode",
            value,
            "express brokers have MSK-managed storage and no storage mode (MSK, tiered storage is for Standard "
            "brokers); allowed: LOCAL",
        )
    elif shape.broker_type in catalog.TIERED_STORAGE_UNSUPPORTED_BROKER_TYPES:
        problems.add(
            "storageMode",
            value,
            f"MSK offers tiered storage on kafka.m5 and kafka.m7g brokers, not {shape.broker_type}; "
            "raise brokerInstanceType or keep LOCAL",
        )
    if dict(properties).get("log.cleanup.policy", "delete") != "delete":
        problems.add(
            "storageMode",
            value,
            "tiered storage needs the cluster's log.cleanup.policy to be delete (MSK: compacted topics are not "
            "tiered); remove serverProperties.log.cleanup.policy",
        )
    for name, minimum, what in (
        ("log.segment.bytes", catalog.TIERED_MIN_SEGMENT_BYTES, "48 MiB"),
        ("log.roll.ms", catalog.TIERED_MIN_SEGMENT_MS, "10 minutes"),
    ):
        if name in dict(properties) and int(dict(properties)[name]) < minimum:
            problems.add(
                f"serverProperties.{name}",
                int(dict(properties)[name]),
                f"must be at least {minimum} ({what}) with storageMode TIERED: MSK refuses smaller segments for "
                "tiered topics",
            )
    return "TIERED"


def _parse_throughput(value: Any, shape: ClusterShape, problems: Problems) -> int:
    key = "brokerVolumeThroughputMiBps"
    throughput = as_int(value)
    if throughput is None or throughput < 0:
        problems.add(key, value, "must be 0 (the EBS baseline) or MiB/s from 250 to the broker type's maximum")
        return 0
    if throughput == 0:
        return 0
    if shape.express:
        problems.add(key, value, "express brokers have MSK-managed storage and no provisioned throughput; allowed: 0")
        return 0
    limit = catalog.MAX_PROVISIONED_THROUGHPUT_MIBPS.get(shape.broker_type)
    if limit is None:
        allowed = ", ".join(catalog.MAX_PROVISIONED_THROUGHPUT_MIBPS)
        problems.add(
            key,
            value,
            f"MSK provisions storage throughput only on kafka.m5.4xlarge, kafka.m7g.2xlarge and larger, not on "
            f"{shape.broker_type}; allowed broker types: {allowed}",
        )
        return 0
    if not catalog.MIN_PROVISIONED_THROUGHPUT_MIBPS <= throughput <= limit:
        problems.add(
            key,
            value,
            f"must be from {catalog.MIN_PROVISIONED_THROUGHPUT_MIBPS} to {limit} MiB/s on {shape.broker_type} "
            "(MSK's maximum storage throughput for that broker size), or 0",
        )
    if shape.broker_volume_gib < catalog.MIN_PROVISIONED_THROUGHPUT_VOLUME_GIB:
        problems.add(
            key,
            value,
            f"needs brokerVolumeGiB of at least {catalog.MIN_PROVISIONED_THROUGHPUT_VOLUME_GIB} "
            f"(it is {shape.broker_volume_gib})",
        )
    return throughput


def _parse_client_authentication(value: Any, problems: Problems) -> tuple[str, ...]:
    key = "clientAuthentication"
    if value is None:
        return ()
    if not isinstance(value, dict):
        problems.add(key, value, "must be an object {tlsCertificateAuthorityArns: [...]}")
        return ()
    check_keys(key, value, ("tlsCertificateAuthorityArns",), problems)
    arns = string_list(f"{key}.tlsCertificateAuthorityArns", value.get("tlsCertificateAuthorityArns", []), problems)
    for i, arn in enumerate(arns):
        if not _PRIVATE_CA_ARN.match(arn):
            problems.add(
                f"{key}.tlsCertificateAuthorityArns[{i}]",
                arn,
                "must be an ACM Private CA ARN, arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>",
            )
    if len(set(arns)) != len(arns):
        problems.add(f"{key}.tlsCertificateAuthorityArns", arns, "lists a certificate authority twice")
    return tuple(arns)


def _parse_vpc_connectivity(value: Any, shape: ClusterShape, tls_on: bool, problems: Problems) -> VpcConnectivity:
    key = "vpcConnectivity"
    if value is None:
        return VpcConnectivity()
    if not isinstance(value, dict):
        problems.add(key, value, "must be an object {iam, scram, tls} of true/false")
        return VpcConnectivity()
    check_keys(key, value, ("iam", "scram", "tls"), problems)
    vpc = VpcConnectivity(
        *(flag(f"{key}.{name}", value.get(name, False), problems) for name in ("iam", "scram", "tls"))
    )
    if vpc.tls and not tls_on:
        problems.add(
            f"{key}.tls",
            True,
            "needs mutual TLS on the cluster (clientAuthentication.tlsCertificateAuthorityArns): MSK offers other "
            "VPCs only the auth methods the cluster enables",
        )
    if vpc.enabled and shape.broker_type in catalog.MULTI_VPC_UNSUPPORTED_BROKER_TYPES:
        problems.add(
            key, value, f"MSK multi-VPC connectivity does not support {shape.broker_type}; use m5 or m7g brokers"
        )
    return vpc


def _parse_cluster_policy(value: Any, vpc: VpcConnectivity, problems: Problems) -> tuple[str, ...]:
    key = "clusterPolicy"
    if value is None:
        return ()
    if not isinstance(value, dict):
        problems.add(key, value, "must be an object {accounts: [account ids]}")
        return ()
    check_keys(key, value, ("accounts", "dataAccess"), problems)
    accounts = string_list(f"{key}.accounts", value.get("accounts", []), problems)
    for i, account in enumerate(accounts):
        if not _ACCOUNT_ID.match(account):
            problems.add(f"{key}.accounts[{i}]", account, "must be a 12-digit AWS account id (quoted in YAML)")
    if accounts and not vpc.enabled:
        problems.add(
            f"{key}.accounts",
            accounts,
            "lets accounts create VPC connections, which needs vpcConnectivity with at least one auth method on",
        )
    return tuple(dict.fromkeys(accounts))


_GROUP = re.compile(r"^[A-Za-z0-9._-]+\*?$|^\*$")


def _parse_data_access(value: Any, vpc: VpcConnectivity, problems: Problems) -> tuple[DataAccess, ...]:
    """`clusterPolicy.dataAccess`: [{account, topics, groups}]. IAM principals of
    another account reach the cluster's data plane over multi-VPC connectivity
    only when the cluster policy also grants the `kafka-cluster:` actions (MSK
    Developer Guide, "Step 2: Attach a cluster policy to the MSK cluster")."""
    key = "clusterPolicy.dataAccess"
    raw = value.get("dataAccess") if isinstance(value, dict) else None
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.add(key, raw, "must be a list of {account, topics, groups}")
        return ()
    accounts = set(value.get("accounts") or []) if isinstance(value.get("accounts"), list) else set()
    found: list[DataAccess] = []
    for i, item in enumerate(raw):
        item_key = f"{key}[{i}]"
        if not isinstance(item, dict):
            problems.add(item_key, item, "must be an object {account, topics, groups}")
            continue
        check_keys(item_key, item, ("account", "topics", "groups"), problems)
        account = item.get("account")
        if account not in accounts:
            problems.add(
                f"{item_key}.account", account, "must be one of clusterPolicy.accounts (it connects through them)"
            )
        if not vpc.iam:
            problems.add(f"{item_key}.account", account, "data-plane access by IAM needs vpcConnectivity.iam: true")
        topics = string_list(f"{item_key}.topics", item.get("topics", []), problems)
        groups = string_list(f"{item_key}.groups", item.get("groups", []), problems)
        for j, group in enumerate(groups):
            if not _GROUP.match(group):
                problems.add(f"{item_key}.groups[{j}]", group, "must be a group name of a-z, A-Z, 0-9, '.', '_', '-', "
                             "or a prefix of them ending in *")  # fmt: skip
        if not topics and not groups:
            problems.add(item_key, item, "names no topic and no group: nothing to grant")
        found.append(DataAccess(str(account), tuple(topics), tuple(groups)))
    return tuple(found)


def _parse_broker_logs(value: Any, problems: Problems) -> BrokerLogs:
    key = "brokerLogs"
    if value is None:
        return BrokerLogs()
    if not isinstance(value, dict):
        problems.add(key, value, "must be an object {cloudwatch, s3, firehose}")
        return BrokerLogs()
    check_keys(key, value, ("cloudwatch", "s3", "firehose"), problems)
    raw_cloudwatch = value.get("cloudwatch", True)
    group = None
    if isinstance(raw_cloudwatch, dict):
        check_keys(f"{key}.cloudwatch", raw_cloudwatch, ("logGroupName",), problems)
        group = raw_cloudwatch.get("logGroupName")
        if not isinstance(group, str) or not _LOG_GROUP_NAME.match(group):
            problems.add(
                f"{key}.cloudwatch.logGroupName",
                group,
                "must be a CloudWatch log group name: 1-512 of A-Z, a-z, 0-9, '_', '-', '/', '.', '#' (e.g. the "
                "/aws/msk/<cluster>/brokers of a stack deployed before broker logs moved under /aws/vendedlogs/)",
            )
            group = None
        cloudwatch = True
    else:
        cloudwatch = flag(f"{key}.cloudwatch", raw_cloudwatch, problems, default=True)
    s3, bucket = False, None
    raw_s3 = value.get("s3", False)
    if isinstance(raw_s3, dict):
        check_keys(f"{key}.s3", raw_s3, ("bucket",), problems)
        bucket = raw_s3.get("bucket")
        if not isinstance(bucket, str) or not _BUCKET_NAME.match(bucket):
            problems.add(f"{key}.s3.bucket", bucket, "must be an S3 bucket name (3-63 of a-z, 0-9, '.', '-')")
            bucket = None
        s3 = True
    else:
        s3 = flag(f"{key}.s3", raw_s3, problems)
    stream = None
    raw_firehose = value.get("firehose")
    if raw_firehose is not None:
        if not isinstance(raw_firehose, dict) or set(raw_firehose) != {"deliveryStream"}:
            problems.add(f"{key}.firehose", raw_firehose, "must be an object {deliveryStream: <stream name>}")
        elif not isinstance(raw_firehose["deliveryStream"], str) or not _STREAM_NAME.match(
            raw_firehose["deliveryStream"]
        ):
            problems.add(
                f"{key}.firehose.deliveryStream", raw_firehose["deliveryStream"], "must be a Firehose stream name"
            )
        else:
            stream = raw_firehose["deliveryStream"]
    return BrokerLogs(
        cloudwatch=cloudwatch, cloudwatch_log_group=group, s3=s3, s3_bucket=bucket, firehose_stream=stream
    )


def parse_sources(key: str, value: Any, problems: Problems, whole_internet: str) -> SourceAccess:
    """`{cidrs, securityGroupIds}` at `key`; `whole_internet` is the message refusing a /0."""
    if value is None:
        return SourceAccess()
    if not isinstance(value, dict):
        problems.add(key, value, "must be an object {cidrs: [...], securityGroupIds: [...]}")
        return SourceAccess()
    check_keys(key, value, ("cidrs", "securityGroupIds"), problems)
    cidrs = string_list(f"{key}.cidrs", value.get("cidrs", []), problems)
    for i, cidr in enumerate(cidrs):
        try:
            network = ipaddress.IPv4Network(cidr)
        except ValueError:
            problems.add(f"{key}.cidrs[{i}]", cidr, "must be an IPv4 CIDR such as 10.1.0.0/16")
            continue
        if network.prefixlen == 0:
            problems.add(f"{key}.cidrs[{i}]", cidr, whole_internet)
    groups = string_list(f"{key}.securityGroupIds", value.get("securityGroupIds", []), problems)
    for i, group in enumerate(groups):
        if not _SG_ID.match(group):
            problems.add(f"{key}.securityGroupIds[{i}]", group, "must be a security group id like sg-0123abcd")
    return SourceAccess(tuple(cidrs), tuple(groups))


def _parse_server_properties(value: Any, shape: ClusterShape, problems: Problems) -> tuple[tuple[str, str], ...]:
    key = "serverProperties"
    if value is None:
        return ()
    if not isinstance(value, dict):
        problems.add(key, value, "must be an object {property: value}")
        return ()
    allowed = catalog.EXPRESS_SERVER_PROPERTIES if shape.express else catalog.STANDARD_SERVER_PROPERTIES
    if shape.kraft:
        allowed = tuple(p for p in allowed if p not in catalog.ZOOKEEPER_ONLY_SERVER_PROPERTIES)
    accepted: list[tuple[str, str]] = []
    for name, raw in value.items():
        item = f"{key}.{name}"
        if name in DERIVED_PROPERTIES:
            problems.add(item, raw, f"set by the program; use {DERIVED_PROPERTIES[name]}")
            continue
        if name not in allowed:
            problems.add(item, raw, _unknown_property_rule(name, allowed, shape))
            continue
        text = _property_value(item, name, raw, problems)
        if text is not None:
            accepted.append((name, text))
    return tuple(accepted)


def _unknown_property_rule(name: str, allowed: Sequence[str], shape: ClusterShape) -> str:
    if name in catalog.STANDARD_SERVER_PROPERTIES and shape.express:
        return "express brokers do not accept it (MSK, Custom MSK Express broker configurations)"
    if name in catalog.ZOOKEEPER_ONLY_SERVER_PROPERTIES:
        return f"a ZooKeeper property; {shape.kafka_version} runs in KRaft mode"
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.75)
    hint = f"; did you mean {close[0]}?" if close else ""
    return f"not a property MSK lets a custom configuration set (MSK, Custom MSK configurations){hint}"


def _property_value(item: str, name: str, raw: Any, problems: Problems) -> str | None:
    """The property's value as server.properties text, after its type and range check."""
    if name in BOOLEAN_PROPERTIES:
        value = as_bool(raw)
        if value is None:
            problems.add(item, raw, "must be true or false")
            return None
        return "true" if value else "false"
    if name in ENUM_PROPERTIES:
        if raw not in ENUM_PROPERTIES[name]:
            problems.add(item, raw, f"allowed: {', '.join(ENUM_PROPERTIES[name])}")
            return None
        return str(raw)
    if name in STRING_PROPERTIES:
        if not isinstance(raw, str) or not re.match(r"^[A-Za-z_][\w.$]*$", raw):
            problems.add(item, raw, "must be a Java class name")
            return None
        return raw
    if name in RATIO_PROPERTIES:
        try:
            ratio = float(raw)
        except (TypeError, ValueError):
            ratio = -1.0
        if isinstance(raw, bool) or not 0 <= ratio <= 1:
            problems.add(item, raw, "must be a number from 0 to 1")
            return None
        return str(raw)
    number = as_int(raw)
    low, high, why = numeric_property_bounds(name)
    if number is None or not low <= number <= high:
        problems.add(item, raw, f"must be a whole number from {low} to {high} ({why})")
        return None
    return str(number)


def _parse_scram_users(value: Any, problems: Problems) -> tuple[ScramUserSettings, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add("scramUsers", value, "must be a list of {name, description?, acls?}")
        return ()
    # The schema registry's own user is one of MSK's 1,000.
    if len(value) + len(RESERVED_SCRAM_USERS) > catalog.MAX_SCRAM_USERS:
        problems.add_key(
            "scramUsers",
            f"{len(value)} users and the schema registry's make {len(value) + len(RESERVED_SCRAM_USERS)}; MSK "
            f"associates at most {catalog.MAX_SCRAM_USERS} SCRAM users with a cluster",
        )
    return parse_named_objects(
        "scramUsers",
        value,
        allowed=("name", "description", "acls"),
        shape="{name, description?, acls?}",
        parse=lambda key, item: _parse_scram_user(key, item, problems),
        duplicate="duplicate SCRAM user; each user is listed once",
        problems=problems,
    )


def _parse_scram_user(key: str, item: Mapping[str, Any], problems: Problems) -> ScramUserSettings:
    name = item.get("name")
    if not isinstance(name, str) or not _SCRAM_USER.match(name):
        problems.add(f"{key}.name", name, "must be 1-64 of A-Z, a-z, 0-9, '_', '.', '-' (it ends the secret name)")
        name = str(name)
    elif name in RESERVED_SCRAM_USERS:
        problems.add(f"{key}.name", name, "reserved: the schema registry's own SCRAM user")
    description = item.get("description", "")
    if not isinstance(description, str) or len(description) > 256:
        problems.add(f"{key}.description", description, "must be text of at most 256 characters")
        description = ""
    return ScramUserSettings(name, description, parse_rules(f"{key}.acls", item.get("acls"), problems))


@dataclass(frozen=True)
class PartitionLoad:
    """Partition replicas per broker, against MSK's limits for the broker type."""

    per_broker: int
    recommended: int
    maximum: int


def partition_load(
    topics: Sequence[tuple[str, int, int]], broker_count: int, broker_type: str, default_rf: int, connectors: int
) -> PartitionLoad:
    """Replicas per broker of `topics` ((name, partitions, RF)), `_schemas`,
    `__consumer_offsets` (Kafka's 50 partitions) and MSK Connect's internal
    topics per connector (Kafka Connect's defaults: offsets 25, status 5, configs 1)."""
    replicas = sum(partitions * rf for _, partitions, rf in topics)
    replicas += 1 * default_rf + 50 * default_rf + connectors * 31 * default_rf
    recommended, maximum = catalog.PARTITIONS_PER_BROKER[broker_type]
    per_broker = -(-replicas // max(broker_count, 1))
    return PartitionLoad(per_broker, recommended, maximum)
