"""The components for every Pulumi language: what the component provider hosts.

`provider/__main__.py` hands these classes to the SDK's
`component_provider_host`; the SDK's `Analyzer` infers the package schema
(`provider/schema.json`) from their type annotations and docstrings. A
TypeScript, Go, C#, Java or YAML program gets them with
`pulumi package add <path or git URL>/provider`.

Each class takes plain, typed inputs (TypedDicts, enums, `pulumi.Input`s:
nothing Python-only such as callables, settings objects or resource objects),
validates them with the same rules as stack config, and builds the Python
component of the same name as its child. Wiring that Python programs do with
method calls is an input here: the registry and the connector open the
brokers' security group themselves (`broker_security_group_id`), the
connector opens the registry's (`schema_registry_security_group_id`).

This module must not use `from __future__ import annotations`: the Analyzer
reads the annotations as types, not strings.
"""

import json
from collections.abc import Mapping
from dataclasses import replace
from enum import Enum, StrEnum
from typing import Any, NotRequired, TypedDict

import pulumi
from pulumi.output import Inputs
from pulumi.provider import ConstructResult
from pulumi.provider.experimental.component import ComponentProvider
from pulumi.provider.server import ComponentInitError

from . import catalog
from .aws.common import OpenIngress, component_type, former_type, security_group_rule
from .aws.iam import role_grants
from .defaults import arg_default
from .inputs import (
    check_config,
    check_plugin_config,
    check_registry_args,
    check_snowflake_config,
    connector_argument_problems,
    input_key,
    judged,
    prefix_renamer,
    schema_key,
    subnet_count,
)
from .model import camel, declared, stack_form
from .msk.cluster import AUTH_LABELS, AUTH_PORTS, MskClusterArgs, cluster_args
from .msk.cluster import MskCluster as _MskCluster
from .registry.model import SchemaRegistrySettings
from .registry.service import SchemaRegistryService as _SchemaRegistryService
from .registry.service import SchemaRegistryServiceArgs
from .snowflake.connector import SnowflakeSinkConnector as _SnowflakeSinkConnector
from .snowflake.connector import SnowflakeSinkConnectorArgs
from .snowflake.credentials import SnowflakeCredentials as _SnowflakeCredentials
from .snowflake.credentials import SnowflakeCredentialsArgs
from .snowflake.model import ConnectorSettings, SnowflakeSettings
from .snowflake.plugin import SnowflakeConnectorPlugin as _SnowflakeConnectorPlugin
from .snowflake.plugin import SnowflakeConnectorPluginArgs
from .validation import ConfigError, Problems

PACKAGE = "streaming-platform"


class InputError(ConfigError, pulumi.RunError):
    """A hosted component's inputs are invalid; `problems` lists every reason (input names as in the schema).
    A `pulumi.RunError`: the CLI prints its message alone, without a Python traceback."""

    def __init__(self, component: str, problems: list[str]) -> None:
        super().__init__(component, problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        self.args = (f"invalid inputs for {component} ({count} {noun}); nothing was created:\n{lines}",)


def _connector_input(key: str) -> str:
    """A stack config key (or a connector argument's name) as the SnowflakeSinkConnector input it
    came from, the connector's own fields being inputs of their own (`snowflake.connectors[0].
    errors.tolerance` -> `errorsTolerance`, `snowflake.accountUrl` -> `account.accountUrl`)."""
    return input_key(SnowflakeSinkConnectorArgs, key, flattened="connector")


def _camel(raw: dict) -> dict:
    """snake_case keys (the Python names of these inputs) as the stack config's camelCase."""
    return {camel(k): (v.value if isinstance(v, Enum) else v) for k, v in raw.items() if v is not None}


def _camel_deep(value: Any) -> Any:
    """`_camel` all the way down (nested objects and lists of objects)."""
    if isinstance(value, list):
        return [_camel_deep(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _camel_deep(v) for k, v in _camel(dict(value)).items()}
    return value


def _hosted(opts: pulumi.ResourceOptions | None, module: str, component: str, name: str) -> pulumi.ResourceOptions:
    """`opts` of a component the provider hosts, with an alias from what it was until it had one
    type token: the Python component (`streaming-platform:<module>:<Name>`) as the only child of
    a wrapper of this type and name. Everything a stack built through the provider keeps its
    state: the engine passes the alias on to the component's children."""
    parent = opts.parent if opts is not None else None
    wrapper = pulumi.resource.create_urn(name, component_type(component), parent=parent)
    former = pulumi.Alias(type_=former_type(module, component), parent=wrapper)
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(aliases=[former]))


def _text(value: Enum | str | None, default: str) -> str:
    """An enum input (or the string a program passed) as stack config's string."""
    return value.value if isinstance(value, Enum) else (value or default)


def _given(args: Mapping[str, Any], key: str, default: Any) -> Any:
    """An input as given (0, "" and false included); `default` only when it was left out."""
    value = args.get(key)
    return default if value is None else value


def _protect(args: Mapping[str, object]) -> bool:
    """`protect` as given; true when left out."""
    return bool(_given(args, "protect", True))


def _open_port(
    parent: pulumi.Resource, name: str, target_group_id: pulumi.Input[str], port: int, description: str
) -> OpenIngress:
    """A rule letting a security group (given later: the caller's own) reach `target_group_id` on `port`."""

    def open_port(source_id: pulumi.Input[str]) -> pulumi.Resource:
        return security_group_rule(
            name, "ingress", target_group_id, port, description, parent, {}, referenced_security_group_id=source_id
        )

    return open_port


# --- MskCluster --------------------------------------------------------------------------------------


class CleanupPolicy(StrEnum):
    """Kafka `cleanup.policy` of a topic."""

    DELETE = "delete"
    COMPACT = "compact"
    COMPACT_DELETE = "compact,delete"


class StorageMode(StrEnum):
    """Where broker data lives: EBS only, or EBS plus MSK's low-cost tier."""

    LOCAL = "LOCAL"
    TIERED = "TIERED"


class TopicInput(TypedDict):
    """A Kafka topic managed as `aws.msk.Topic`."""

    name: str
    """Topic name: 1-249 of a-z, A-Z, 0-9, '.', '_', '-'; not `__*`, not `_schemas`."""
    partitions: int
    """Partitions, at least 1; they can only grow."""
    replication_factor: NotRequired[int]
    """Replicas (1..broker count; 3 for express brokers); default: the cluster's. Fixed for the topic's life."""
    retention_hours: NotRequired[int]
    """The topic's own retention; default: the cluster's `retentionHours`."""
    cleanup_policy: NotRequired[CleanupPolicy]
    """`delete` (default), `compact` or `compact,delete`."""
    remote_storage: NotRequired[bool]
    """Tier this topic (needs `storageMode: TIERED`, its own `retentionHours`, `cleanupPolicy: delete`)."""
    local_retention_hours: NotRequired[int]
    """With `remoteStorage`: hours kept on the brokers, below `retentionHours`."""


class DataAccessInput(TypedDict):
    """Another account's data-plane access over multi-VPC connectivity."""

    account: str
    """12-digit account id; one of `clusterPolicyAccounts`."""
    topics: NotRequired[list[str]]
    """Configured topics its IAM principals may use (`kafka-cluster:*` on each)."""
    groups: NotRequired[list[str]]
    """Consumer group names, or prefixes ending in `*`."""


class AclResourceInput(TypedDict):
    """The resource pattern of a Kafka ACL rule."""

    type: str
    """`topic`, `group`, `cluster` or `transactionalId`."""
    name: NotRequired[str]
    """Topic, group or transactional id (`*` for all); left out for the cluster."""
    pattern_type: NotRequired[str]
    """`literal` (default) or `prefix`."""


class AclRuleInput(TypedDict):
    """A Kafka ACL rule (Strimzi's shape): operations allowed on a resource pattern."""

    resource: AclResourceInput
    """What the rule is about."""
    operations: list[str]
    """Kafka operations: Read, Write, Create, Delete, Alter, Describe, DescribeConfigs, AlterConfigs, All, ..."""
    host: NotRequired[str]
    """`*` (default) or one IP address."""


class PrincipalAclsInput(TypedDict):
    """The Kafka ACLs of a principal that is not a SCRAM user of the cluster (a mutual TLS client)."""

    principal: str
    """`User:<name>`, e.g. `User:CN=client.example.com`."""
    acls: list[AclRuleInput]
    """Its rules."""


class ScramUserInput(TypedDict):
    """A SASL/SCRAM user with a generated password in its own CMK secret."""

    name: str
    """User name (1-64 of A-Z, a-z, 0-9, '_', '.', '-'); the secret is `AmazonMSK_<cluster>_<name>`."""
    description: NotRequired[str]
    """What the user is for (in the secret's description)."""
    acls: NotRequired[list[AclRuleInput]]
    """Its Kafka ACLs (applied by a function in the VPC on every `pulumi up`)."""


class VpcConnectivityInput(TypedDict):
    """Multi-VPC private connectivity: which auth methods clients in other VPCs may use."""

    iam: NotRequired[bool]
    """SASL/IAM through managed VPC connections."""
    scram: NotRequired[bool]
    """SASL/SCRAM (needs Kafka ACLs and `allow.everyone.if.no.acl.found: false`)."""
    tls: NotRequired[bool]
    """Mutual TLS (needs `tlsCertificateAuthorityArns`)."""


class BrokerLogsInput(TypedDict):
    """Where broker logs go."""

    cloudwatch: NotRequired[bool]
    """A CMK-encrypted CloudWatch log group (default true)."""
    cloudwatch_log_group: NotRequired[str]
    """Its name (default `/aws/vendedlogs/msk/<cluster>/brokers`)."""
    s3: NotRequired[bool]
    """S3: a private bucket the component creates, or `s3Bucket`."""
    s3_bucket: NotRequired[str]
    """An existing bucket for the logs (with `s3`)."""
    firehose_stream: NotRequired[str]
    """A Kinesis Data Firehose delivery stream name."""


class MskClusterInputs(TypedDict):
    """Inputs of MskCluster: the stack config's cluster keys, as typed inputs."""

    vpc_id: pulumi.Input[str]
    """VPC of the brokers' security group."""
    subnet_ids: pulumi.Input[list[pulumi.Input[str]]]
    """2 or 3 private subnets in distinct AZs; the broker count is a multiple of their number."""
    kafka_version: NotRequired[str]
    """An MSK Kafka version, e.g. `3.8.x` or `3.9.x.kraft` (default `3.8.x`)."""
    broker_instance_type: NotRequired[str]
    """Broker size (default `kafka.m7g.large`); updates in place, rolling."""
    broker_count: NotRequired[int]
    """Number of brokers (default 3); can only grow."""
    default_replication_factor: NotRequired[int]
    """Replication factor of topics without their own and `default.replication.factor` (default 3)."""
    broker_volume_gib: NotRequired[int]
    """EBS GiB per broker, 1..16384 (default 100); can only grow."""
    max_broker_volume_gib: NotRequired[int]
    """Storage autoscaling ceiling per broker; 0 (default) turns autoscaling off."""
    retention_hours: NotRequired[int]
    """Cluster default `log.retention.hours` (default 168)."""
    enhanced_monitoring: NotRequired[str]
    """`DEFAULT`, `PER_BROKER`, `PER_TOPIC_PER_BROKER` (default) or `PER_TOPIC_PER_PARTITION`."""
    log_retention_days: NotRequired[int]
    """Retention of the broker log group, a CloudWatch Logs value (default 365)."""
    client_cidrs: NotRequired[list[str]]
    """CIDRs allowed to reach the brokers (IAM, SCRAM, and mutual TLS when on)."""
    client_security_group_ids: NotRequired[list[pulumi.Input[str]]]
    """Security groups allowed to reach the brokers."""
    topics: NotRequired[list[TopicInput]]
    """Topics to manage."""
    alarm_email: NotRequired[str]
    """Email subscribed to the alarm topic."""
    protect: NotRequired[bool]
    """Protect and retain the cluster, key, secrets and topics (default true)."""
    cluster_name: NotRequired[str]
    """Physical cluster name (default: the resource name); changing it replaces the cluster."""
    storage_mode: NotRequired[StorageMode]
    """`LOCAL` (default) or `TIERED`."""
    volume_throughput_mibps: NotRequired[int]
    """Provisioned EBS throughput per broker in MiB/s (kafka.m5.4xlarge / kafka.m7g.2xlarge and larger); 0: baseline."""
    tls_certificate_authority_arns: NotRequired[list[str]]
    """ACM Private CA ARNs: mutual TLS on 9094."""
    vpc_connectivity: NotRequired[VpcConnectivityInput]
    """Multi-VPC private connectivity."""
    cluster_policy_accounts: NotRequired[list[str]]
    """Accounts allowed to create VPC connections to the cluster (needs `vpcConnectivity`)."""
    cluster_data_access: NotRequired[list[DataAccessInput]]
    """Per account of `clusterPolicyAccounts`: the topics and groups its IAM principals may use (data plane)."""
    broker_logs: NotRequired[BrokerLogsInput]
    """Broker log destinations (default: CloudWatch)."""
    open_monitoring_cidrs: NotRequired[list[str]]
    """CIDRs of Prometheus scrapers (ports 11001, 11002)."""
    open_monitoring_security_group_ids: NotRequired[list[str]]
    """Security groups of Prometheus scrapers."""
    server_properties: NotRequired[dict[str, str]]
    """More Kafka server properties, checked against MSK's list."""
    scram_users: NotRequired[list[ScramUserInput]]
    """SASL/SCRAM users to create."""
    kafka_acls: NotRequired[list[PrincipalAclsInput]]
    """Kafka ACLs of other principals (mutual TLS clients)."""
    kafka_acls_revision: NotRequired[int]
    """Raise it to make the next `pulumi up` reconcile the Kafka ACLs with the cluster again (default 0)."""
    tags: NotRequired[dict[str, str]]
    """Tags for every taggable child."""


# The inputs that flatten or rename a field of MskClusterArgs (the schema other languages
# were written against): `openMonitoringCidrs` and `openMonitoringSecurityGroupIds` are
# `open_monitoring_sources`, `serverProperties` is `extra_server_properties`. Every other
# input is the camelCase of the Python field it sets (`schema_key`).
_CLUSTER_INPUT_NAMES = {
    "serverProperties": "serverProperties",
    "openMonitoring.cidrs": "openMonitoringCidrs",
    "openMonitoring.securityGroupIds": "openMonitoringSecurityGroupIds",
}

# A stack config key as the MskCluster input it came from.
_cluster_input = prefix_renamer(_CLUSTER_INPUT_NAMES, schema_key)


def _whole_numbers(value: object) -> object:
    """Integers as the engine sends them (floats: `3.0`) as ints, at any depth.

    The SDK's component host converts an integer input to `int` and then
    assigns the original float again (pulumi 3.x provider/experimental/component.py,
    map_input_properties), so `brokerCount: 3` from TypeScript arrives as 3.0.
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    return value


# The registry's inputs: the `schemaRegistry` object's fields are flat inputs.
def _registry_input(key: str) -> str:
    """A stack config key as the SchemaRegistryService input it came from, the `schemaRegistry`
    object's fields being inputs of their own."""
    return input_key(SchemaRegistryServiceArgs, key, flattened="service")


# Inputs whose shape is stack config's already (Kafka ACLs: `resource: {type, name, patternType}`)
# or that the schema flattens; every other input is a field of MskClusterArgs.
_AS_WRITTEN = (
    "scram_users",
    "kafka_acls",
    "server_properties",
    "open_monitoring_cidrs",
    "open_monitoring_security_group_ids",
)


def msk_cluster_config(args: MskClusterInputs) -> dict:
    """The inputs in stack-config shape: what the one parser judges. An input left out has
    the Python API's default (`stack_form` over MskClusterArgs' declarations)."""
    values: dict[str, Any] = dict(_whole_numbers(args))  # type: ignore[call-overload]
    written = {name: values.pop(name, None) for name in _AS_WRITTEN}
    raw = stack_form(MskClusterArgs, values)
    for key, name in (("scramUsers", "scram_users"), ("kafkaAcls", "kafka_acls")):
        if written[name]:
            raw[key] = [_camel_deep(dict(entry)) for entry in written[name]]
    if written["server_properties"]:
        raw["serverProperties"] = written["server_properties"]
    scrapers = {
        "cidrs": written["open_monitoring_cidrs"],
        "securityGroupIds": written["open_monitoring_security_group_ids"],
    }
    if any(scrapers.values()):
        raw["openMonitoring"] = {key: value or [] for key, value in scrapers.items()}
    return raw


def msk_cluster_args(name: str, args: MskClusterInputs) -> MskClusterArgs:
    """The Python component's arguments, after the stack-config rules (problems named as inputs)."""
    component = f"MskCluster '{name}'"
    settings = check_config(
        msk_cluster_config(args), subnet_count(args["subnet_ids"]), _cluster_input, lambda p: InputError(component, p)
    )
    return cluster_args(
        settings,
        vpc_id=args["vpc_id"],
        subnet_ids=args["subnet_ids"],
        client_cidrs=tuple(args.get("client_cidrs") or ()),
        client_security_group_ids=tuple(args.get("client_security_group_ids") or ()),
        cluster_name=args.get("cluster_name"),
        tags=dict(args.get("tags") or {}),
    )


class MskCluster(_MskCluster):
    """An Amazon MSK provisioned cluster with its KMS key, configuration, security group,
    logs, alarms, topics and client policies."""

    arn: pulumi.Output[str]
    """The cluster's ARN."""
    cluster_name: pulumi.Output[str]
    """The cluster's name."""
    bootstrap_brokers_sasl_iam: pulumi.Output[str]
    """Bootstrap string for IAM auth (9098)."""
    bootstrap_brokers_sasl_scram: pulumi.Output[str]
    """Bootstrap string for SASL/SCRAM (9096)."""
    bootstrap_brokers_tls: pulumi.Output[str] | None
    """Bootstrap string for mutual TLS (9094), with `tlsCertificateAuthorityArns`."""
    security_group_id: pulumi.Output[str]
    """The brokers' security group."""
    kms_key_arn: pulumi.Output[str]
    """The customer-managed key of the data, secrets, logs and alarm topic."""
    configuration_arn: pulumi.Output[str]
    """The MSK configuration."""
    alarm_topic_arn: pulumi.Output[str]
    """The SNS topic the alarms notify."""
    producer_policy_arn: pulumi.Output[str] | None
    """IAM policy to produce to the topics (with topics)."""
    consumer_policy_arn: pulumi.Output[str] | None
    """IAM policy to consume the topics (with topics)."""
    producer_policy_arns: pulumi.Output[list[str]]
    """Every producer policy: more than one when the topics' ARNs pass IAM's 6,144 characters per policy."""
    consumer_policy_arns: pulumi.Output[list[str]]
    """Every consumer policy: more than one when the topics' ARNs pass IAM's 6,144 characters per policy."""
    scram_user_secret_arns: pulumi.Output[dict[str, str]]
    """Per SCRAM user: the secret with its credentials."""
    log_group_name: pulumi.Output[str] | None
    """The broker log group (when broker logs go to CloudWatch)."""
    broker_log_bucket: pulumi.Output[str] | None
    """The bucket broker logs go to (with `brokerLogs.s3`)."""
    vpc_connectivity_bootstrap_brokers: pulumi.Output[dict[str, str]]
    """Per auth method with multi-VPC connectivity (iam, scram, tls): its bootstrap string for other VPCs."""

    def __init__(self, name: str, args: MskClusterInputs, opts: pulumi.ResourceOptions | None = None) -> None:
        checked = msk_cluster_args(name, args)  # refuses bad inputs before anything is registered
        super().__init__(name, checked, _hosted(opts, "msk", "MskCluster", name))
        # The outputs other languages read as one value each (the Python API keeps lists and dicts).
        self.producer_policy_arns = pulumi.Output.all(*self.producer_policy_arns)  # type: ignore[assignment]
        self.consumer_policy_arns = pulumi.Output.all(*self.consumer_policy_arns)  # type: ignore[assignment]
        self.vpc_connectivity_bootstrap_brokers = pulumi.Output.from_input(self.vpc_connectivity_bootstrap_brokers)
        self.scram_user_secret_arns = pulumi.Output.from_input(self.scram_user_secret_arns)


# --- SchemaRegistryService ------------------------------------------------------------------------


class CompatibilityLevel(StrEnum):
    """Schema Registry default compatibility level."""

    BACKWARD = "BACKWARD"
    BACKWARD_TRANSITIVE = "BACKWARD_TRANSITIVE"
    FORWARD = "FORWARD"
    FORWARD_TRANSITIVE = "FORWARD_TRANSITIVE"
    FULL = "FULL"
    FULL_TRANSITIVE = "FULL_TRANSITIVE"
    NONE = "NONE"


class SchemaRegistryServiceInputs(TypedDict):
    """Inputs of SchemaRegistryService."""

    vpc_id: pulumi.Input[str]
    """VPC of the tasks and the internal ALB."""
    subnet_ids: pulumi.Input[list[pulumi.Input[str]]]
    """Private subnets for tasks and ALB (2 or 3 AZs)."""
    bootstrap_brokers: pulumi.Input[str]
    """SASL/SCRAM bootstrap string of the cluster (9096)."""
    broker_security_group_id: pulumi.Input[str]
    """The brokers' security group: the component opens 9096 in it to its tasks."""
    credentials_secret_arn: pulumi.Input[str]
    """The registry's SCRAM user secret (`{"username", "password"}`)."""
    credentials_kms_key_arn: pulumi.Input[str]
    """The CMK of that secret."""
    schemas_replication_factor: NotRequired[int]
    """Replication factor of `_schemas` (default 3)."""
    image: NotRequired[str]
    """Container image with an exact tag (default `confluentinc/cp-schema-registry:8.1.1`)."""
    cpu: NotRequired[int]
    """Task CPU units (default 512)."""
    memory: NotRequired[int]
    """Task memory MiB (default 1024)."""
    desired_count: NotRequired[int]
    """Tasks (default 2)."""
    compatibility_level: NotRequired[CompatibilityLevel]
    """Default compatibility level (default BACKWARD)."""
    certificate_arn: NotRequired[str]
    """ACM certificate for an HTTPS listener (with `hostName`)."""
    host_name: NotRequired[str]
    """DNS name clients use with HTTPS."""
    authentication: NotRequired[bool]
    """HTTP Basic authentication with generated credentials (default true)."""
    access_logs: NotRequired[bool]
    """ALB access logs to a private bucket (default: follows `protect`)."""
    client_cidrs: NotRequired[list[str]]
    """CIDRs allowed to reach the registry."""
    client_security_group_ids: NotRequired[list[pulumi.Input[str]]]
    """Security groups allowed to reach the registry."""
    log_retention_days: NotRequired[int]
    """Retention of the task log group (default 365)."""
    protect: NotRequired[bool]
    """Deletion protection and retained logs (default true)."""
    alarm_topic_arn: NotRequired[pulumi.Input[str]]
    """SNS topic for the registry's alarms."""
    tags: NotRequired[dict[str, str]]
    """Tags for every taggable child."""


class SchemaRegistryService(_SchemaRegistryService):
    """Confluent Schema Registry on ECS Fargate behind an internal ALB, storing schemas in MSK."""

    url: pulumi.Output[str]
    """Registry URL with scheme."""
    alb_dns_name: pulumi.Output[str]
    """DNS name of the internal ALB."""
    security_group_id: pulumi.Output[str]
    """The ALB's security group (clients are let in here)."""
    service_name: pulumi.Output[str]
    """The ECS service."""
    credentials_secret_arn: pulumi.Output[str] | None
    """The registry's HTTP Basic credentials (with `authentication`)."""
    task_security_group_id: pulumi.Output[str]
    """The tasks' security group."""
    log_group_name: pulumi.Output[str]
    """The registry's container log group."""
    execution_role_arn: pulumi.Output[str]
    """The tasks' execution role (image pull, logs, secrets)."""
    task_role_arn: pulumi.Output[str]
    """The tasks' role (no AWS permissions)."""
    task_definition_arn: pulumi.Output[str]
    """The task definition revision the service runs."""
    access_log_bucket_name: pulumi.Output[str] | None
    """The ALB access log bucket (with access logs)."""

    def __init__(
        self, name: str, args: SchemaRegistryServiceInputs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        protect = _protect(args)
        args = _whole_numbers(args)  # type: ignore[assignment]
        service = SchemaRegistrySettings(
            **{
                d.name: args[d.name]  # type: ignore[literal-required]
                for d in declared(SchemaRegistrySettings)
                if args.get(d.name) is not None
            },
            compatibility_level=_text(
                args.get("compatibility_level"), arg_default(SchemaRegistrySettings, "compatibility_level")
            ),
        )
        if service.access_logs is None:
            service = replace(service, access_logs=protect)
        registry_args = SchemaRegistryServiceArgs(
            vpc_id=args["vpc_id"],
            subnet_ids=args["subnet_ids"],
            bootstrap_brokers=args["bootstrap_brokers"],
            broker_security_group_id=args["broker_security_group_id"],
            credentials_secret_arn=args["credentials_secret_arn"],
            credentials_kms_key_arn=args["credentials_kms_key_arn"],
            schemas_replication_factor=_given(
                args, "schemas_replication_factor", arg_default(SchemaRegistryServiceArgs, "schemas_replication_factor")
            ),
            open_brokers=_open_port(
                self,
                f"{name}-broker-access",
                args["broker_security_group_id"],
                AUTH_PORTS["scram"],
                f"{AUTH_LABELS['scram']} from schema-registry",
            ),
            client_cidrs=tuple(args.get("client_cidrs") or ()),
            client_security_group_ids=tuple(args.get("client_security_group_ids") or ()),
            service=service,
            log_retention_days=_given(
                args, "log_retention_days", arg_default(SchemaRegistryServiceArgs, "log_retention_days")
            ),
            protect=protect,
            alarm_topic_arn=args.get("alarm_topic_arn"),
            tags=dict(args.get("tags") or {}),
        )
        component = f"SchemaRegistryService '{name}'"
        check_registry_args(component, registry_args, _registry_input, lambda p: InputError(component, p))
        super().__init__(name, judged(registry_args), _hosted(opts, "schema_registry", "SchemaRegistryService", name))


# --- Snowflake ------------------------------------------------------------------------------------------


class SnowflakeConnectorPluginInputs(TypedDict):
    """Inputs of SnowflakeConnectorPlugin."""

    connector_version: NotRequired[str]
    """Snowflake Kafka connector release (default 4.1.0)."""
    tags: NotRequired[dict[str, str]]
    """Tags for every taggable child."""


class SnowflakeConnectorPlugin(_SnowflakeConnectorPlugin):
    """The MSK Connect custom plugin: the Snowflake connector jar and AWS's config providers."""

    arn: pulumi.Output[str]
    """The custom plugin's ARN."""
    revision: pulumi.Output[int]
    """Its revision."""
    bucket_name: pulumi.Output[str] | None
    """The bucket holding the plugin ZIP (when the ZIP is built here)."""

    def __init__(
        self, name: str, args: SnowflakeConnectorPluginInputs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        version = _given(args, "connector_version", catalog.SNOWFLAKE_CONNECTOR_VERSION)
        check_plugin_config(
            version,
            None,
            lambda key: input_key(SnowflakeConnectorPluginArgs, key),
            lambda problems: InputError(f"SnowflakeConnectorPlugin '{name}'", problems),
        )
        super().__init__(
            name,
            judged(SnowflakeConnectorPluginArgs(connector_version=version, tags=dict(args.get("tags") or {}))),
            _hosted(opts, "snowflake_plugin", "SnowflakeConnectorPlugin", name),
        )


class SnowflakeCredentialsInputs(TypedDict):
    """Inputs of SnowflakeCredentials (a generated key pair; supply your own key from Python)."""

    user: str
    """The Snowflake user the key is for."""
    secret_name: str
    """Name of the Secrets Manager secret holding the private key."""
    kms_key_arn: pulumi.Input[str]
    """CMK of that secret."""
    protect: NotRequired[bool]
    """Protect and retain the key pair and secret (default true)."""
    tags: NotRequired[dict[str, str]]
    """Tags for every taggable child."""


class SnowflakeCredentials(_SnowflakeCredentials):
    """The connectors' RSA key pair: generated, the private half in a CMK secret."""

    secret_arn: pulumi.Output[str]
    """The secret's ARN."""
    secret_name: pulumi.Output[str]
    """The secret's name (what connectors reference)."""
    public_key: pulumi.Output[str]
    """The public key body to register on the Snowflake user."""
    alter_user_statement: pulumi.Output[str]
    """`ALTER USER ... SET RSA_PUBLIC_KEY=...;`."""

    def __init__(self, name: str, args: SnowflakeCredentialsInputs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(
            name,
            SnowflakeCredentialsArgs(
                user=args["user"],
                secret_name=args["secret_name"],
                kms_key_arn=args["kms_key_arn"],
                protect=_protect(args),
                tags=dict(args.get("tags") or {}),
            ),
            _hosted(opts, "snowflake_credentials", "SnowflakeCredentials", name),
        )


class ValueFormat(StrEnum):
    """Format of the record values."""

    AVRO = "AVRO"
    JSON = "JSON"


class SnowflakeAccountInput(TypedDict):
    """The Snowflake account the connector writes to."""

    account_url: str
    """`<account_identifier>.snowflakecomputing.com`."""
    user: str
    """The connector's user."""
    role: NotRequired[str]
    """The connector's role (required with connector 4.x)."""
    database: str
    """Target database."""
    schema: str
    """Target schema."""
    connector_version: NotRequired[str]
    """Connector release (default 4.1.0; 3.x accepted)."""
    connect_version: NotRequired[str]
    """MSK Connect version (default 3.7.x)."""


class CapacityInput(TypedDict):
    """MSK Connect capacity: autoscaling between min and max workers, or provisioned `workers`."""

    mcu_count: NotRequired[int]
    """MCUs per worker: 1, 2, 4 or 8 (default 1)."""
    min_workers: NotRequired[int]
    """Autoscaling minimum (default 1)."""
    max_workers: NotRequired[int]
    """Autoscaling maximum (default 2)."""
    workers: NotRequired[int]
    """Provisioned workers (instead of autoscaling)."""


class SnowflakeSinkConnectorInputs(TypedDict):
    """Inputs of SnowflakeSinkConnector."""

    name: str
    """Connector name; with the stack prefix it names the MSK Connect connector and its consumer group."""
    topics: dict[str, str]
    """Topic -> Snowflake table."""
    account: SnowflakeAccountInput
    """The Snowflake account."""
    value_format: NotRequired[ValueFormat]
    """AVRO (needs the registry) or JSON (default AVRO)."""
    capacity: NotRequired[CapacityInput]
    """Worker capacity."""
    errors_tolerance: NotRequired[str]
    """`none` (default) or `all`."""
    dead_letter_topic: NotRequired[str]
    """Topic for records that fail (with `errorsTolerance: all`)."""
    dead_letter_replication_factor: NotRequired[int]
    """Replication factor of that topic (default 3)."""
    plugin_arn: pulumi.Input[str]
    """The custom plugin (SnowflakeConnectorPlugin)."""
    plugin_revision: pulumi.Input[int]
    """Its revision."""
    private_key_secret_name: pulumi.Input[str]
    """Secret holding `{"private_key"}` (SnowflakeCredentials)."""
    private_key_secret_arn: pulumi.Input[str]
    """Its ARN."""
    kms_key_arn: pulumi.Input[str]
    """CMK of that secret and of the worker log group."""
    cluster_arn: pulumi.Input[str]
    """The MSK cluster."""
    cluster_name: NotRequired[pulumi.Input[str]]
    """The cluster's name (for the lag alarms)."""
    bootstrap_brokers_iam: pulumi.Input[str]
    """IAM bootstrap string (9098)."""
    broker_security_group_id: pulumi.Input[str]
    """The brokers' security group: the component opens 9098 in it to its workers."""
    vpc_id: pulumi.Input[str]
    """VPC of the workers."""
    subnet_ids: pulumi.Input[list[pulumi.Input[str]]]
    """Private subnets of the workers."""
    schema_registry_url: NotRequired[pulumi.Input[str]]
    """Registry URL with scheme (AVRO)."""
    schema_registry_security_group_id: NotRequired[pulumi.Input[str]]
    """The registry's security group: the component opens its listener to the workers."""
    schema_registry_port: NotRequired[int]
    """The registry's listener port (80 HTTP, 443 HTTPS; default 80)."""
    log_retention_days: NotRequired[int]
    """Worker log retention (default 365)."""
    alarm_topic_arn: NotRequired[pulumi.Input[str]]
    """SNS topic for the connector's alarms (with `clusterName`)."""
    managed_policies_per_role: NotRequired[int]
    """The account's IAM quota of managed policies per role (default 10, up to 20): sink topics beyond the
    role's inline policy go into managed policies, refused when more than this."""
    tags: NotRequired[dict[str, str]]
    """Tags for every taggable child."""


class SnowflakeSinkConnector(_SnowflakeSinkConnector):
    """One Snowflake Kafka connector on MSK Connect (4.x by default), IAM over TLS, its role, logs and alarms."""

    arn: pulumi.Output[str]
    """The connector's ARN."""
    role_arn: pulumi.Output[str]
    """Its service execution role."""
    security_group_id: pulumi.Output[str]
    """The workers' security group."""
    log_group_name: pulumi.Output[str]
    """The worker log group."""

    def __init__(
        self, name: str, args: SnowflakeSinkConnectorInputs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        # The connector's own fields are inputs of their own; the account is one object.
        connector = stack_form(ConnectorSettings, {d.name: args.get(d.name) for d in declared(ConnectorSettings)})
        port, dead_letter_rf, log_days, policies_per_role = (
            _given(args, key, arg_default(SnowflakeSinkConnectorArgs, key))
            for key in (
                "schema_registry_port",
                "dead_letter_replication_factor",
                "log_retention_days",
                "managed_policies_per_role",
            )
        )
        grants = Problems()
        role_grants(
            list(args.get("topics") or {}),
            args.get("dead_letter_topic"),
            1,  # the Snowflake key's secret: no registry credentials through the provider
            policies_per_role,
            ("managedPoliciesPerRole", "topics"),
            grants,
        )
        settings = check_snowflake_config(
            stack_form(SnowflakeSettings, dict(args["account"])) | {"connectors": [connector]},
            connector_argument_problems(
                value_format=_text(args.get("value_format"), arg_default(ConnectorSettings, "value_format")),
                schema_registry_url=args.get("schema_registry_url"),
                log_retention_days=log_days,
                dead_letter_replication_factor=dead_letter_rf,
                schema_registry_port=port,
                max_lag_seconds=arg_default(SnowflakeSinkConnectorArgs, "max_lag_seconds"),
                alarm_topic_arn=args.get("alarm_topic_arn"),
                cluster_name=args.get("cluster_name"),
            )
            + grants.lines,
            _connector_input,
            lambda problems: InputError(f"SnowflakeSinkConnector '{name}'", problems),
        )
        registry_sg = args.get("schema_registry_security_group_id")
        super().__init__(
            name,
            judged(
                SnowflakeSinkConnectorArgs(
                    connector=settings.connectors[0],
                    account=settings,
                    plugin_arn=args["plugin_arn"],
                    plugin_revision=args["plugin_revision"],
                    private_key_secret_name=args["private_key_secret_name"],
                    private_key_secret_arn=args["private_key_secret_arn"],
                    kms_key_arn=args["kms_key_arn"],
                    cluster_arn=args["cluster_arn"],
                    bootstrap_brokers_iam=args["bootstrap_brokers_iam"],
                    broker_security_group_id=args["broker_security_group_id"],
                    vpc_id=args["vpc_id"],
                    subnet_ids=args["subnet_ids"],
                    schema_registry_url=args.get("schema_registry_url"),
                    schema_registry_security_group_id=registry_sg,
                    schema_registry_port=port,
                    dead_letter_replication_factor=dead_letter_rf,
                    open_brokers=_open_port(
                        self,
                        f"{name}-broker-access",
                        args["broker_security_group_id"],
                        AUTH_PORTS["iam"],
                        f"{AUTH_LABELS['iam']} from {args['name']}",
                    ),
                    open_registry=_open_port(
                        self, f"{name}-registry-access", registry_sg, port, f"Schema Registry clients: {args['name']}"
                    )
                    if registry_sg
                    else None,
                    log_retention_days=log_days,
                    alarm_topic_arn=args.get("alarm_topic_arn"),
                    cluster_name=args.get("cluster_name"),
                    managed_policies_per_role=policies_per_role,
                    tags=dict(args.get("tags") or {}),
                )
            ),
            _hosted(opts, "snowflake_connector", "SnowflakeSinkConnector", name),
        )


HOSTED = [MskCluster, SchemaRegistryService, SnowflakeConnectorPlugin, SnowflakeCredentials, SnowflakeSinkConnector]
"""What the component provider hosts."""


# Each language's package of the generated SDKs (`pulumi package gen-sdk`, `pulumi package
# add`): without them Go imports a placeholder `example.com/...` path and npm gets `@pulumi/`'s
# scope, which is not ours. The Go path is this repository's SDK folder as a Go module path.
LANGUAGES: dict[str, dict[str, Any]] = {
    "nodejs": {"packageName": "@streaming-platform/components"},
    "python": {"packageName": "pulumi_streaming_platform"},
    "go": {
        "importBasePath": "github.com/streaming-platform/streaming-platform/sdk/go/streamingplatform",
        "rootPackageName": "streamingplatform",
    },
    "csharp": {"rootNamespace": "StreamingPlatform"},
    "java": {"basePackage": "com.streamingplatform"},
}


def with_languages(document: dict) -> dict:
    """The schema with each language's package settings (`LANGUAGES`) added to what the SDK writes."""
    languages = document.setdefault("language", {})
    for language, settings in LANGUAGES.items():
        languages[language] = {**languages.get(language, {}), **settings}
    return document


def schema(version: str) -> dict:
    """The package schema the SDK's Analyzer infers for `HOSTED`, with the languages' package
    settings: what the provider serves."""
    from pulumi.provider.experimental.analyzer import Analyzer
    from pulumi.provider.experimental.schema import generate_schema

    found = Analyzer(PACKAGE).analyze(HOSTED)
    return with_languages(
        generate_schema(
            PACKAGE,
            version,
            None,
            found["component_definitions"],
            found["type_definitions"],
            found["dependencies"],
        ).to_json()
    )


class PlatformProvider(ComponentProvider):
    """The SDK's component provider, with one difference: a refused input reaches the
    engine as the `pulumi.RunError` it is. The SDK wraps every exception a component's
    constructor raises in `ComponentInitError`, which its provider server sends with
    the Python traceback appended (pulumi/provider/server.py, Construct); a RunError it
    sends as it is, and the CLI prints the message alone."""

    def __init__(self, components: list[type[pulumi.ComponentResource]], name: str, version: str) -> None:
        super().__init__(components, name, version=version)
        self.schema = json.dumps(with_languages(json.loads(self.schema or "{}")))

    def construct(
        self, name: str, resource_type: str, inputs: Inputs, options: pulumi.ResourceOptions | None = None
    ) -> ConstructResult:
        try:
            return super().construct(name, resource_type, inputs, options)
        except ComponentInitError as wrapped:
            if isinstance(wrapped.inner, pulumi.RunError):
                raise wrapped.inner from None
            raise


def serve(args: list[str]) -> None:
    """Run the provider for the engine (`args`: what the CLI passed the plugin)."""
    from pulumi.provider import main

    from . import __version__

    main(PlatformProvider(HOSTED, PACKAGE, version=__version__), args)
