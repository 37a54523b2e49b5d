"""MskCluster has one set of rules, whichever way it is reached: stack config,
the Python API (`MskClusterArgs`) and the component provider (schema inputs)
refuse the same values with the same messages, each naming the value in the
caller's terms."""

from __future__ import annotations

import json
from typing import Any

import pytest

from components.inputs import (
    ArgumentsError,
    check_msk_cluster_args,
    check_registry_args,
    python_key,
    renamed_problem,
    schema_key,
)
from components.msk.cluster import MskCluster, MskClusterArgs
from components.msk.options import BrokerLogs, ScramUserSettings, SourceAccess, VpcConnectivity
from components.provider import InputError, _cluster_input, _registry_input, msk_cluster_args
from components.registry.model import SchemaRegistrySettings
from components.registry.service import SchemaRegistryService, SchemaRegistryServiceArgs
from components.settings import TopicSettings, parse_settings
from components.validation import ConfigError
from tests.components.test_cluster_options import RULES as OPTION_RULES
from tests.components.test_settings import RULES as SETTING_RULES
from tools.mock_runner import config_path, set_path, stack_config

SUBNETS = ["subnet-0aaaaaaa", "subnet-0bbbbbbb", "subnet-0ccccccc"]
NETWORK = {"vpcId": "vpc-00000000", "privateSubnetIds": [f"subnet-{i:08x}" for i in range(3)]}
FLAT = (
    "kafkaVersion", "brokerInstanceType", "brokerCount", "defaultReplicationFactor", "brokerVolumeGiB",
    "maxBrokerVolumeGiB", "retentionHours", "enhancedMonitoring", "logRetentionDays", "alarmEmail", "protect",
    "storageMode", "brokerVolumeThroughputMiBps",
)  # fmt: skip
OBJECTS = (
    "topics", "serverProperties", "scramUsers", "clientAccess", "clientAuthentication", "vpcConnectivity",
    "clusterPolicy", "brokerLogs", "openMonitoring",
)  # fmt: skip


def prod_cluster() -> dict[str, Any]:
    """The cluster part of Pulumi.prod.yaml, in stack-config shape."""
    values = stack_config("prod").values
    raw: dict[str, Any] = {}
    for key in (*FLAT, *OBJECTS):
        value = values.get(f"streaming-platform:{key}")
        if value is not None:
            raw[key] = json.loads(value) if key in OBJECTS else value
    return raw


def with_overrides(raw: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    result = json.loads(json.dumps(raw))
    for key, value in overrides.items():
        result = set_path(result, config_path(key), value)
    return result


def _native(key: str, value: Any) -> Any:
    """A flat key's value as a typed Python caller holds it (the CLI's text as a number or flag)."""
    if key in ("protect",) and value in ("true", "false"):
        return value == "true"
    if isinstance(value, str) and value.lstrip("-").isdigit() and key not in ("kafkaVersion", "alarmEmail"):
        return int(value)
    return value


def python_args(raw: dict[str, Any]) -> MskClusterArgs:
    """What a Python program would pass for `raw`, built without any check."""
    access = raw.get("clientAccess") or {}
    logs = raw.get("brokerLogs") or {}
    s3 = logs.get("s3", False)
    scrapers = raw.get("openMonitoring") or {}
    vpc = raw.get("vpcConnectivity") or {}
    fields = {
        "kafka_version": raw.get("kafkaVersion", "3.8.x"),
        "broker_instance_type": raw.get("brokerInstanceType", "kafka.t3.small"),
        "broker_count": raw.get("brokerCount", 2),
        "default_replication_factor": raw.get("defaultReplicationFactor", 0),
        "broker_volume_gib": raw.get("brokerVolumeGiB", 20),
        "max_broker_volume_gib": raw.get("maxBrokerVolumeGiB", 0),
        "retention_hours": raw.get("retentionHours", 24),
        "enhanced_monitoring": raw.get("enhancedMonitoring", "PER_BROKER"),
        "log_retention_days": raw.get("logRetentionDays", 30),
        "alarm_email": raw.get("alarmEmail") or None,
        "protect": raw.get("protect", True),
        "storage_mode": raw.get("storageMode", "LOCAL"),
        "volume_throughput_mibps": raw.get("brokerVolumeThroughputMiBps", 0),
    }
    fields = {name: _native(key, value) for (key, (name, value)) in zip(FLAT, fields.items(), strict=True)}
    return MskClusterArgs(
        vpc_id="vpc-0123456789abcdef0",
        subnet_ids=SUBNETS,
        client_cidrs=tuple(access.get("cidrs") or ()),
        client_security_group_ids=tuple(access.get("securityGroupIds") or ()),
        topics=[
            TopicSettings(
                t.get("name"),
                t.get("partitions"),
                t.get("replicationFactor"),
                t.get("retentionHours"),
                t.get("cleanupPolicy", "delete"),
                t.get("remoteStorage", False),
                t.get("localRetentionHours"),
            )
            for t in raw.get("topics") or []
        ],
        tls_certificate_authority_arns=tuple(
            (raw.get("clientAuthentication") or {}).get("tlsCertificateAuthorityArns") or ()
        ),
        vpc_connectivity=VpcConnectivity(**{k: vpc.get(k, False) for k in ("iam", "scram", "tls")}),
        cluster_policy_accounts=tuple((raw.get("clusterPolicy") or {}).get("accounts") or ()),
        broker_logs=BrokerLogs(
            cloudwatch=logs.get("cloudwatch", True),
            s3=bool(s3),
            s3_bucket=s3.get("bucket") if isinstance(s3, dict) else None,
            firehose_stream=(logs.get("firehose") or {}).get("deliveryStream"),
        ),
        open_monitoring_sources=SourceAccess(
            tuple(scrapers.get("cidrs") or ()), tuple(scrapers.get("securityGroupIds") or ())
        ),
        extra_server_properties=tuple((raw.get("serverProperties") or {}).items()),
        scram_users=tuple(
            ScramUserSettings(u.get("name"), u.get("description", "")) for u in raw.get("scramUsers") or []
        ),
        **fields,
    )


def provider_inputs(raw: dict[str, Any]) -> dict[str, Any]:
    """The same as schema inputs (the Python names of the provider's TypedDict)."""
    args = python_args(raw)
    logs = raw.get("brokerLogs")
    return {
        "vpc_id": args.vpc_id,
        "subnet_ids": list(SUBNETS),
        **{
            name: getattr(args, name)
            for name in (
                "kafka_version",
                "broker_instance_type",
                "broker_count",
                "default_replication_factor",
                "broker_volume_gib",
                "max_broker_volume_gib",
                "retention_hours",
                "enhanced_monitoring",
                "log_retention_days",
                "alarm_email",
                "protect",
                "storage_mode",
                "volume_throughput_mibps",
            )
        },
        "client_cidrs": list(args.client_cidrs),
        "client_security_group_ids": list(args.client_security_group_ids),
        "topics": [
            {
                k: v
                for k, v in {
                    "name": t.name,
                    "partitions": t.partitions,
                    "replication_factor": t.replication_factor,
                    "retention_hours": t.retention_hours,
                    "cleanup_policy": t.cleanup_policy,
                    "remote_storage": t.remote_storage or None,
                    "local_retention_hours": t.local_retention_hours,
                }.items()
                if v is not None
            }
            for t in args.topics
        ],
        "tls_certificate_authority_arns": list(args.tls_certificate_authority_arns) or None,
        "vpc_connectivity": raw.get("vpcConnectivity"),
        "cluster_policy_accounts": list(args.cluster_policy_accounts) or None,
        "broker_logs": None
        if logs is None
        else {
            "cloudwatch": args.broker_logs.cloudwatch,
            "s3": args.broker_logs.s3,
            "s3_bucket": args.broker_logs.s3_bucket,
            "firehose_stream": args.broker_logs.firehose_stream,
        },
        "open_monitoring_cidrs": list(args.open_monitoring_sources.cidrs) or None,
        "open_monitoring_security_group_ids": list(args.open_monitoring_sources.security_group_ids) or None,
        "server_properties": dict(args.extra_server_properties) or None,
        "scram_users": [{"name": u.name, "description": u.description} for u in args.scram_users] or None,
    }


def stack_problems(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(ConfigError) as refused:
        parse_settings({**raw, "network": NETWORK}, "streaming-platform", "prod")
    return refused.value.problems


def python_problems(raw: dict[str, Any]) -> list[str]:
    """What MskCluster's first step (before any resource) refuses."""
    with pytest.raises(ArgumentsError) as refused:
        check_msk_cluster_args("MskCluster 'events'", python_args(raw))
    assert str(refused.value).startswith("invalid arguments for MskCluster 'events'")
    return refused.value.problems


def provider_problems(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as refused:
        msk_cluster_args("events", provider_inputs(raw))  # type: ignore[arg-type]
    return refused.value.problems


def renamed(lines: list[str], rename: Any) -> list[str]:
    return [renamed_problem(line, rename) for line in lines]


def _typed_values(overrides: dict[str, Any]) -> bool:
    """Rows a typed caller can express: the values fit the fields' types (a list stays a
    list, an object an object); the rules for wrongly typed text belong to stack config."""
    for key, value in overrides.items():
        head = config_path(key)[0]
        if head not in (*FLAT, *OBJECTS):
            return False
        if (
            head in ("topics", "scramUsers")
            and key == head
            and not (isinstance(value, list) and all(isinstance(v, dict) for v in value))
        ):
            return False
        if head in ("serverProperties", "brokerLogs", "openMonitoring", "vpcConnectivity", "clientAccess") and (
            key == head and not isinstance(value, dict)
        ):
            return False
        if head in ("brokerLogs", "openMonitoring", "vpcConnectivity") and isinstance(value, dict):
            known = {"brokerLogs": {"cloudwatch", "s3", "firehose"}, "openMonitoring": {"cidrs", "securityGroupIds"}}
            if not set(value) <= known.get(head, {"iam", "scram", "tls"}):
                return False
        if head in ("topics",) and isinstance(value, list):
            topic_keys = {"name", "partitions", "replicationFactor", "retentionHours", "cleanupPolicy",
                          "remoteStorage", "localRetentionHours"}  # fmt: skip
            if any(not set(t) <= topic_keys for t in value):
                return False
        if head == "topics" and key != head and config_path(key)[-1] not in (
            "name", "partitions", "replicationFactor", "retentionHours", "cleanupPolicy", "remoteStorage",
            "localRetentionHours",
        ):  # fmt: skip
            return False
        if (
            head in ("scramUsers",)
            and isinstance(value, list)
            and any(not set(u) <= {"name", "description"} for u in value)
        ):
            return False
        if (
            head == "clientAccess"
            and isinstance(value, dict)
            and (
                not set(value) <= {"cidrs", "securityGroupIds"} or any(not isinstance(v, list) for v in value.values())
            )
        ):
            return False
        if head in FLAT and isinstance(value, (list, dict)):
            return False
        if head == "protect" and not isinstance(value, bool):  # a schema boolean, a Python bool
            return False
        if head == "brokerLogs" and isinstance(value, dict) and not isinstance(value.get("firehose", {}), dict):
            return False
        shapes = {"clientAuthentication": {"tlsCertificateAuthorityArns"}, "clusterPolicy": {"accounts"}}
        if (
            head in shapes
            and key == head
            and (
                not isinstance(value, dict)
                or not set(value) <= shapes[head]
                or any(not isinstance(v, list) for v in value.values())
            )
        ):
            return False
    return True


ROWS = [row[0] for row in (*OPTION_RULES, *SETTING_RULES) if _typed_values(row[0])]


@pytest.mark.parametrize("overrides", ROWS, ids=[json.dumps(r)[:80] for r in ROWS])
def test_each_stack_config_rule_refuses_the_same_through_python_and_the_provider(overrides: dict[str, Any]) -> None:
    raw = with_overrides(prod_cluster(), overrides)
    expected = stack_problems(raw)
    assert expected, overrides
    assert python_problems(raw) == renamed(expected, python_key)
    assert provider_problems(raw) == renamed(expected, _cluster_input)


FIVE = {
    "5 brokers on 2 subnets": ({"broker_count": 5}, "subnet_ids", "broker_count = 5: must be a multiple of"),
    "Kafka 2.0.0": ({"kafka_version": "2.0.0"}, None, "kafka_version = '2.0.0': not supported; allowed: 3.7.x"),
    "enhanced monitoring LOTS": ({"enhanced_monitoring": "LOTS"}, None, "enhanced_monitoring = 'LOTS': not supported"),
    "retention -5 hours": ({"retention_hours": -5}, None, "retention_hours = -5: must be a whole number of hours"),
    "no brokers": ({"broker_count": 0}, None, "broker_count = 0: must be at least 1"),
}


@pytest.mark.parametrize("case", list(FIVE))
def test_the_python_api_refuses_what_stack_config_refuses_naming_the_field(case: str) -> None:
    fields, _, expected = FIVE[case]
    args = MskClusterArgs(vpc_id="vpc-0123456789abcdef0", subnet_ids=SUBNETS[:2], default_replication_factor=2)
    with pytest.raises(ArgumentsError) as refused:
        MskCluster("events", MskClusterArgs(**{**args.__dict__, **fields}))
    assert expected in str(refused.value), str(refused.value)


def test_python_and_schema_names_follow_the_stack_config_keys() -> None:
    assert python_key("topics[2].replicationFactor") == "topics[2].replication_factor"
    assert schema_key("topics[2].replicationFactor") == "topics[2].replicationFactor"
    assert python_key("brokerVolumeGiB") == "broker_volume_gib" and schema_key("brokerVolumeGiB") == "brokerVolumeGib"
    assert _cluster_input("openMonitoring.cidrs[0]") == "openMonitoringCidrs[0]"
    assert python_key("serverProperties.num.io.threads") == "extra_server_properties.num.io.threads"
    assert _cluster_input("serverProperties.num.io.threads") == "serverProperties.num.io.threads"


# --- SchemaRegistryService ----------------------------------------------------------------------------

REGISTRY_CASES = {
    "cpu that is no Fargate size": (
        {"service": SchemaRegistrySettings(cpu=300)},
        "service.cpu = 300: not a Fargate task size",
        "cpu = 300: not a Fargate task size",
    ),
    "no tasks": (
        {"service": SchemaRegistrySettings(desired_count=0)},
        "service.desired_count = 0: must be a whole number from 1 to 10",
        "desiredCount = 0: must be a whole number from 1 to 10",
    ),
    "image without a tag": (
        {"service": SchemaRegistrySettings(image="confluentinc/cp-schema-registry:latest")},
        "service.image = 'confluentinc/cp-schema-registry:latest': must be an image with an exact tag",
        "image = 'confluentinc/cp-schema-registry:latest': must be an image with an exact tag",
    ),
    "log retention CloudWatch does not offer": (
        {"log_retention_days": 2},
        "log_retention_days = 2: not supported; allowed: 1, 3, 5",
        "logRetentionDays = 2: not supported; allowed: 1, 3, 5",
    ),
    "_schemas without replicas": (
        {"schemas_replication_factor": 0},
        "schemas_replication_factor = 0: must be a whole number of at least 1",
        "schemasReplicationFactor = 0: must be a whole number of at least 1",
    ),
    "the whole internet": (
        {"client_cidrs": ("0.0.0.0/0",)},
        "client_cidrs[0] = '0.0.0.0/0': brokers are never open to the whole internet",
        "clientCidrs[0] = '0.0.0.0/0': brokers are never open to the whole internet",
    ),
}


def registry_args(**fields: Any) -> SchemaRegistryServiceArgs:
    return SchemaRegistryServiceArgs(
        vpc_id="vpc-0123456789abcdef0",
        subnet_ids=SUBNETS[:2],
        bootstrap_brokers="b-1.events.kafka.eu-west-2.amazonaws.com:9096",
        broker_security_group_id="sg-0123456789abcdef0",
        credentials_secret_arn="arn:aws:secretsmanager:eu-west-2:123456789012:secret:AmazonMSK_events_sr-AbCdEf",
        credentials_kms_key_arn="arn:aws:kms:eu-west-2:123456789012:key/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f",
        **fields,
    )


@pytest.mark.parametrize("case", list(REGISTRY_CASES))
def test_the_registry_refuses_through_python_and_the_provider_what_stack_config_refuses(case: str) -> None:
    fields, python_line, input_line = REGISTRY_CASES[case]
    with pytest.raises(ArgumentsError) as refused:
        SchemaRegistryService("schemas", registry_args(**fields))
    assert str(refused.value).startswith("invalid arguments for SchemaRegistryService 'schemas'")
    assert any(p.startswith(python_line) for p in refused.value.problems), refused.value.problems
    with pytest.raises(InputError) as refused_input:
        check_registry_args("SchemaRegistryService 'schemas'", registry_args(**fields), _registry_input,
                            lambda p: InputError("SchemaRegistryService 'schemas'", p))  # fmt: skip
    assert any(p.startswith(input_line) for p in refused_input.value.problems), refused_input.value.problems
