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
from enum import Enum
from typing import Any

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
    check_replicator_args,
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
from .provider_inputs import (
    MskClusterInputs,
    MskReplicatorInputs,
    SchemaRegistryServiceInputs,
    SnowflakeConnectorPluginInputs,
    SnowflakeCredentialsInputs,
    SnowflakeSinkConnectorInputs,
)
from .registry.model import SchemaRegistrySettings
from .registry.service import SchemaRegistryService as _SchemaRegistryService
from .registry.service import SchemaRegistryServiceArgs
from .replication.model import MskReplicatorArgs, ReplicationSettings
from .replication.replicator import MskReplicator as _MskReplicator
from .snowflake.connector import SnowflakeSinkConnector as _SnowflakeSinkConnector
from .snowflake.connector import SnowflakeSinkConnectorArgs
from .snowflake.credentials import SnowflakeCredentials as _SnowflakeCredentials
from .snowflake.credentials import SnowflakeCredentialsArgs
from .snowflake.model import OFFSET_RESETS, ConnectorSettings, SnowflakeSettings
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
            leader_eligible=bool(args.get("leader_eligible", True)),
            tags=dict(args.get("tags") or {}),
        )
        component = f"SchemaRegistryService '{name}'"
        check_registry_args(component, registry_args, _registry_input, lambda p: InputError(component, p))
        super().__init__(name, judged(registry_args), _hosted(opts, "schema_registry", "SchemaRegistryService", name))


# --- Snowflake ------------------------------------------------------------------------------------------


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
                consumer_offset_reset=args.get("consumer_offset_reset", OFFSET_RESETS[0]),
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
                    consumer_offset_reset=args.get("consumer_offset_reset", OFFSET_RESETS[0]),
                    managed_policies_per_role=policies_per_role,
                    tags=dict(args.get("tags") or {}),
                )
            ),
            _hosted(opts, "snowflake_connector", "SnowflakeSinkConnector", name),
        )


# --- MskReplicator -----------------------------------------------------------------------------------


class MskReplicator(_MskReplicator):
    """An MSK Replicator from a source cluster in another region to a target one in this region: its service
    execution role (the two clusters only), a security group to the target brokers, logs and alarms."""

    arn: pulumi.Output[str]
    """The replicator's ARN."""
    replicator_name: pulumi.Output[str]
    """Its name (the `ReplicatorName` dimension of its metrics)."""
    role_arn: pulumi.Output[str]
    """Its service execution role."""
    security_group_id: pulumi.Output[str]
    """The security group of its network interfaces in the target VPC."""
    log_group_name: pulumi.Output[str] | None
    """Its log group (with `kmsKeyArn`)."""

    def __init__(self, name: str, args: MskReplicatorInputs, opts: pulumi.ResourceOptions | None = None) -> None:
        values: dict[str, Any] = dict(_whole_numbers(args))  # type: ignore[call-overload]
        given = dict(values.get("settings") or {})
        settings = ReplicationSettings(
            **{
                d.name: tuple(given[d.name]) if isinstance(given[d.name], list) else given[d.name]
                for d in declared(ReplicationSettings)
                if given.get(d.name) is not None
            }
        )
        replicator_args = MskReplicatorArgs(
            source_cluster_arn=values["source_cluster_arn"],
            source_subnet_ids=values["source_subnet_ids"],
            source_security_group_ids=tuple(values.get("source_security_group_ids") or ()),
            target_cluster_arn=values["target_cluster_arn"],
            target_vpc_id=values["target_vpc_id"],
            target_subnet_ids=values["target_subnet_ids"],
            target_broker_security_group_id=values["target_broker_security_group_id"],
            settings=settings,
            open_target_brokers=_open_port(
                self,
                f"{name}-target-broker-access",
                values["target_broker_security_group_id"],
                AUTH_PORTS["iam"],
                f"{AUTH_LABELS['iam']} from the MSK Replicator {name}",
            ),
            kms_key_arn=values.get("kms_key_arn"),
            log_retention_days=_given(
                values, "log_retention_days", arg_default(MskReplicatorArgs, "log_retention_days")
            ),
            alarm_topic_arn=values.get("alarm_topic_arn"),
            replicator_name=values.get("replicator_name"),
            tags=dict(values.get("tags") or {}),
        )
        component = f"MskReplicator '{name}'"
        check_replicator_args(
            component,
            replicator_args,
            lambda key: input_key(MskReplicatorArgs, key),
            lambda problems: InputError(component, problems),
        )
        super().__init__(name, judged(replicator_args), opts)


HOSTED = [
    MskCluster,
    SchemaRegistryService,
    SnowflakeConnectorPlugin,
    SnowflakeCredentials,
    SnowflakeSinkConnector,
    MskReplicator,
]
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
