"""The security baseline of docs/design.md#security-baseline as Pulumi policies.

Each policy is a `pulumi_policy` policy object whose validate function gets
the resource's type, properties (camelCase inputs, as the engine passes them)
and URN, and reports violations. The same objects serve two callers:

- `pulumi preview --policy-pack policy` (policy/__main__.py puts them in a
  `PolicyPack`);
- the offline plan (`python -m tools.plan`), which calls each policy's
  `validate` on the resources recorded under mocks (tools/policy_check.py).

Enforcement: MANDATORY for what must never ship (data readable in transit
or at rest, public or anonymous access, wildcard privileges, plaintext
secrets, open ingress); ADVISORY for operational hygiene (logging depth,
retention, descriptions, deletion protection, plain HTTP inside the VPC).

"Production" checks apply to stacks listed in the `productionStacks` policy
config (default `["prod", "dr"]`: the committed standby carries prod's load after a
failover); the stack is read from the resource URN (`urn:pulumi:<stack>::<project>::<type>::<name>`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

MANDATORY = EnforcementLevel.MANDATORY
ADVISORY = EnforcementLevel.ADVISORY

PRODUCTION_LOG_RETENTION_DAYS = 365
ANYWHERE = {"0.0.0.0/0", "::/0"}
# Actions whose resource must never be "*" (docs/design.md#security-baseline).
SENSITIVE_SERVICES = ("kafka-cluster", "secretsmanager", "kms")
# Environment variable names that must come from `secrets`, never `environment`.
SECRET_NAME_HINTS = ("PASSWORD", "SECRET", "TOKEN", "PRIVATE_KEY", "CREDENTIAL", "JAAS")
# Connector configuration keys that carry credentials; their values must be
# config-provider references such as ${secretsmanager:name:key}.
SECRET_CONNECTOR_KEYS = ("password", "private.key", "secret", "passphrase", "token")

# The committed stacks held to the production rules: prod, and dr, its standby.
PRODUCTION_STACKS = ("prod", "dr")
PRODUCTION_CONFIG = PolicyConfigSchema(
    properties={
        "productionStacks": {
            "type": "array",
            "items": {"type": "string"},
            "default": list(PRODUCTION_STACKS),
            "description": "Stacks held to the production rules",
        }
    }
)

Validate = Callable[[ResourceValidationArgs, ReportViolation], None]


# --- helpers -------------------------------------------------------------------------------


def for_types(*types: str) -> Callable[[Validate], Validate]:
    """Run a validate function only on resources of the given type tokens."""

    def wrap(check: Validate) -> Validate:
        @functools.wraps(check)  # keeps the name and docstring the policy is built from
        def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
            if args.resource_type in types:
                check(args, report)

        return validate

    return wrap


def stack_of(urn: str) -> str:
    """`urn:pulumi:prod::project::type::name` -> `prod`."""
    return urn.split("::", 1)[0].rsplit(":", 1)[-1]


def in_production(args: ResourceValidationArgs) -> bool:
    stacks = args.get_config().get("productionStacks", list(PRODUCTION_STACKS))
    return stack_of(args.urn) in stacks


def dig(props: Mapping[str, Any], *path: str) -> Any:
    """props["a"]["b"]... or None when any level is missing."""
    value: Any = props
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def as_json(value: Any) -> Any:
    """Policy documents and container definitions arrive as JSON text or objects."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return None
    return value


def statements(document: Any) -> Iterator[Mapping[str, Any]]:
    parsed = as_json(document)
    if isinstance(parsed, Mapping):
        yield from (s for s in as_list(parsed.get("Statement")) if isinstance(s, Mapping))


IAM_ROLE = "aws:iam/role:Role"
# Resources whose `policy` property is an IAM identity policy (not key or bucket policies).
IDENTITY_POLICIES = (
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
)


def allowed_identity_statements(args: ResourceValidationArgs) -> Iterator[Mapping[str, Any]]:
    """Allow statements of the identity policies a resource carries: its `policy`,
    or a role's inline policies."""
    if args.resource_type in IDENTITY_POLICIES:
        documents = [args.props.get("policy")]
    elif args.resource_type == IAM_ROLE:
        documents = [inline.get("policy") for inline in as_list(args.props.get("inlinePolicies")) if inline]
    else:
        documents = []
    for document in documents:
        yield from (s for s in statements(document) if s.get("Effect") == "Allow")


def container_definitions(args: ResourceValidationArgs) -> list[Mapping[str, Any]]:
    parsed = as_json(args.props.get("containerDefinitions"))
    return [c for c in as_list(parsed) if isinstance(c, Mapping)]


def rule_peer_is_anywhere(props: Mapping[str, Any]) -> bool:
    return bool({props.get("cidrIpv4"), props.get("cidrIpv6")} & ANYWHERE)


def all_ports(protocol: Any, from_port: Any, to_port: Any) -> bool:
    if str(protocol) in ("-1", "all"):
        return True
    return from_port in (0, None) and to_port in (65535, None) and from_port != to_port


# --- MSK -----------------------------------------------------------------------------------

MSK_CLUSTER = "aws:msk/cluster:Cluster"


@for_types(MSK_CLUSTER)
def msk_tls_in_transit(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Client-broker traffic is TLS only and in-cluster encryption is on."""
    in_transit = dig(args.props, "encryptionInfo", "encryptionInTransit") or {}
    client_broker = in_transit.get("clientBroker", "TLS")
    if client_broker != "TLS":
        report(f"encryptionInTransit.clientBroker is {client_broker!r}; only TLS is allowed")
    if in_transit.get("inCluster", True) is False:
        report("encryptionInTransit.inCluster is false; broker-to-broker traffic must be encrypted")


@for_types(MSK_CLUSTER)
def msk_cmk_at_rest(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Data at rest is encrypted with a customer-managed KMS key."""
    if not dig(args.props, "encryptionInfo", "encryptionAtRestKmsKeyArn"):
        report("encryptionInfo.encryptionAtRestKmsKeyArn is not set; use a customer-managed KMS key")


@for_types(MSK_CLUSTER)
def msk_no_public_access(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Brokers are not reachable from the internet."""
    public = dig(args.props, "brokerNodeGroupInfo", "connectivityInfo", "publicAccess", "type")
    if public not in (None, "DISABLED"):
        report(f"brokerNodeGroupInfo.connectivityInfo.publicAccess.type is {public!r}; must be DISABLED")


@for_types(MSK_CLUSTER)
def msk_authenticated_clients(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Every client authenticates (IAM, SCRAM or mTLS); no anonymous access."""
    auth = args.props.get("clientAuthentication") or {}
    if auth.get("unauthenticated") is True:
        report("clientAuthentication.unauthenticated is true; anonymous clients could read and write")
    sasl = auth.get("sasl") or {}
    if not (sasl.get("iam") or sasl.get("scram") or auth.get("tls")):
        report("clientAuthentication enables no authentication method (IAM, SCRAM or TLS)")


@for_types(MSK_CLUSTER)
def msk_broker_logs(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Broker logs are delivered somewhere (CloudWatch Logs, Firehose or S3)."""
    broker_logs = dig(args.props, "loggingInfo", "brokerLogs") or {}
    if not any((broker_logs.get(sink) or {}).get("enabled") for sink in ("cloudwatchLogs", "firehose", "s3")):
        report("loggingInfo.brokerLogs delivers broker logs nowhere; enable CloudWatch Logs, Firehose or S3")


@for_types(MSK_CLUSTER)
def msk_broker_logs_in_production(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """A production cluster keeps at least one broker log destination (an incident needs the brokers' logs)."""
    if in_production(args):
        msk_broker_logs(args, report)


# What a cluster policy may grant: the lists the component grants from
# (components/cluster_policy.json, read here from the checkout the pack runs in):
# the actions another account needs to create a VPC connection and read the
# bootstrap brokers; for data-plane access, connecting on the cluster ARN and
# `kafka-cluster:*` on topic and group ARNs only.
_CLUSTER_POLICY_FILE = Path(__file__).resolve().parent.parent / "components" / "cluster_policy.json"
_CLUSTER_POLICY = json.loads(_CLUSTER_POLICY_FILE.read_text())
MULTI_VPC_ACTIONS = set(_CLUSTER_POLICY["multiVpcActions"])
REPLICATOR_PRINCIPAL = _CLUSTER_POLICY["replicatorServicePrincipal"]
REPLICATOR_SOURCE_ACTIONS = set(_CLUSTER_POLICY["replicatorSourceActions"])
CROSS_ACCOUNT_CLUSTER_ACTIONS = set(_CLUSTER_POLICY["crossAccountClusterActions"])
TOPIC_AND_GROUP_ACTIONS = set(_CLUSTER_POLICY["topicAndGroupActions"])


def _grant_is_allowed(actions: set[str], resources: list[Any]) -> bool:
    if actions <= MULTI_VPC_ACTIONS:
        return True
    if actions <= CROSS_ACCOUNT_CLUSTER_ACTIONS:
        return bool(resources) and all(isinstance(r, str) and ":cluster/" in r for r in resources)
    if actions <= TOPIC_AND_GROUP_ACTIONS:
        return bool(resources) and all(
            isinstance(r, str) and (":topic/" in r or ":group/" in r) and not r.endswith("/*") for r in resources
        )
    return False


@for_types("aws:msk/clusterPolicy:ClusterPolicy")
def msk_cluster_policy_least_privilege(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """A cluster policy names accounts (never `*`) and grants only what a VPC connection
    needs, plus, per account, connecting and `kafka-cluster:*` on named topics and groups."""
    for statement in statements(args.props.get("policy")):
        if statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        aws_principals = principal.get("AWS") if isinstance(principal, Mapping) else principal
        if "*" in as_list(aws_principals):
            report("the cluster policy allows any AWS principal (`*`); name the accounts")
        services = as_list(principal.get("Service")) if isinstance(principal, Mapping) else []
        if services and (
            services != [REPLICATOR_PRINCIPAL] or not set(as_list(statement.get("Action"))) <= REPLICATOR_SOURCE_ACTIONS
        ):
            report(
                f"the cluster policy grants service {', '.join(map(str, services))} "
                f"{', '.join(sorted(map(str, as_list(statement.get('Action')))))}: only MSK Replicator's "
                f"({REPLICATOR_PRINCIPAL}: {', '.join(sorted(REPLICATOR_SOURCE_ACTIONS))}) belongs there"
            )
        actions = set(as_list(statement.get("Action")))
        if not _grant_is_allowed(actions, as_list(statement.get("Resource"))):
            report(
                f"the cluster policy grants {', '.join(sorted(actions))} on {statement.get('Resource')} beyond what a "
                "multi-VPC connection and named topics and groups need"
            )


MSK_REPLICATOR = "aws:msk/replicator:Replicator"


@for_types(MSK_REPLICATOR)
def msk_replicator_logs_in_production(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """A production replicator delivers its logs (CloudWatch Logs, S3 or Firehose): a failover is
    decided on what it did."""
    delivery = dig(args.props, "logDelivery", "replicatorLogDelivery") or {}
    on = [
        d
        for d in ("cloudwatchLogs", "firehose", "s3")
        if isinstance(delivery.get(d), Mapping) and delivery[d].get("enabled")
    ]
    if in_production(args) and not on:
        report("the replicator delivers no logs; give it a log group (the MskReplicator's kmsKeyArn)")


@for_types(MSK_REPLICATOR)
def msk_replicator_complete_standby_in_production(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """A production standby starts complete (`EARLIEST`: what the primary retains) and keeps the
    primary's topic names, so clients and connectors fail over without renaming."""
    if not in_production(args):
        return
    for replication in as_list(dig(args.props, "replicationInfoList", "topicReplications")):
        if dig(replication, "startingPosition", "type") == "LATEST":
            report("the replicator starts at LATEST: the standby lacks what the primary retains; use EARLIEST")
        if dig(replication, "topicNameConfiguration", "type") == "PREFIXED_WITH_SOURCE_CLUSTER_ALIAS":
            report("the standby's topics are prefixed: clients and connectors would fail over to other names")


@for_types(MSK_CLUSTER)
def msk_enhanced_monitoring_in_production(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Production clusters publish per-broker (or finer) metrics."""
    level = args.props.get("enhancedMonitoring") or "DEFAULT"
    if in_production(args) and level == "DEFAULT":
        report("enhancedMonitoring is DEFAULT in a production stack; use PER_BROKER or finer")


# --- KMS, Secrets Manager ------------------------------------------------------------------


@for_types("aws:kms/key:Key")
def kms_rotation(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Symmetric customer-managed keys rotate yearly."""
    spec = args.props.get("customerMasterKeySpec") or args.props.get("keySpec") or "SYMMETRIC_DEFAULT"
    if spec == "SYMMETRIC_DEFAULT" and args.props.get("enableKeyRotation") is not True:
        report("enableKeyRotation is not true; turn on automatic rotation")


@for_types("aws:secretsmanager/secret:Secret")
def secrets_cmk(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Secrets are encrypted with a customer-managed key, not aws/secretsmanager."""
    if not args.props.get("kmsKeyId"):
        report("kmsKeyId is not set; encrypt the secret with a customer-managed KMS key")


# --- security groups -----------------------------------------------------------------------

INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
LEGACY_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
SECURITY_GROUPS = ("aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")


def security_group_rules(args: ResourceValidationArgs) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(direction, rule) for standalone rules and rules inline in a group,
    normalised to the vpc.SecurityGroup*Rule property names."""
    props = args.props
    if args.resource_type == INGRESS_RULE:
        yield "ingress", props
    elif args.resource_type == EGRESS_RULE:
        yield "egress", props
    elif args.resource_type == LEGACY_RULE:
        yield props.get("type", ""), _legacy_rule(props)
    elif args.resource_type in SECURITY_GROUPS:
        for direction in ("ingress", "egress"):
            for rule in as_list(props.get(direction)):
                yield direction, _legacy_rule(rule)


def _legacy_rule(rule: Mapping[str, Any]) -> Mapping[str, Any]:
    blocks = as_list(rule.get("cidrBlocks")) + as_list(rule.get("ipv6CidrBlocks"))
    return {
        "cidrIpv4": next((b for b in blocks if b in ANYWHERE), None),
        "ipProtocol": rule.get("protocol"),
        "fromPort": rule.get("fromPort"),
        "toPort": rule.get("toPort"),
        "description": rule.get("description"),
    }


@for_types(INGRESS_RULE, LEGACY_RULE, *SECURITY_GROUPS)
def sg_no_ingress_from_anywhere(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """No security group admits traffic from 0.0.0.0/0 or ::/0."""
    for direction, rule in security_group_rules(args):
        if direction == "ingress" and rule_peer_is_anywhere(rule):
            report(f"ingress from anywhere on port {rule.get('fromPort')}; name the client CIDRs or security groups")


@for_types(EGRESS_RULE, LEGACY_RULE, *SECURITY_GROUPS)
def sg_no_open_egress(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """No security group sends every port to 0.0.0.0/0."""
    for direction, rule in security_group_rules(args):
        ports = all_ports(rule.get("ipProtocol"), rule.get("fromPort"), rule.get("toPort"))
        if direction == "egress" and rule_peer_is_anywhere(rule) and ports:
            report("egress on all ports to anywhere; allow only the ports the workload needs (e.g. 443)")


@for_types(INGRESS_RULE, EGRESS_RULE, LEGACY_RULE, *SECURITY_GROUPS)
def sg_rule_descriptions(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Every security group rule says why it exists."""
    for direction, rule in security_group_rules(args):
        if not rule.get("description"):
            report(f"an {direction} rule has no description")


# --- IAM -----------------------------------------------------------------------------------


@for_types(*IDENTITY_POLICIES, IAM_ROLE)
def iam_no_wildcard_action(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """No identity policy allows `*` or `service:*`."""
    for statement in allowed_identity_statements(args):
        for action in as_list(statement.get("Action")):
            if action == "*" or str(action).endswith(":*"):
                report(f"statement {statement.get('Sid', '?')!r} allows action {action!r}; name the actions")
        if "NotAction" in statement:
            report(f"statement {statement.get('Sid', '?')!r} uses Allow + NotAction; name the actions")


@for_types(*IDENTITY_POLICIES, IAM_ROLE)
def iam_no_wildcard_resource(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """kafka-cluster, secretsmanager and kms actions name their resources."""
    for statement in allowed_identity_statements(args):
        if "*" not in as_list(statement.get("Resource")):
            continue
        sensitive = [a for a in as_list(statement.get("Action")) if str(a).split(":")[0] in SENSITIVE_SERVICES]
        if sensitive:
            report(f"statement {statement.get('Sid', '?')!r} allows {sensitive} on Resource '*'")


@for_types(IAM_ROLE)
def iam_role_trusts_one_service(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """A role is assumed by one AWS service only, never by `*` or another account."""
    for statement in statements(args.props.get("assumeRolePolicy")):
        if statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        services = as_list(principal.get("Service")) if isinstance(principal, Mapping) else []
        if not isinstance(principal, Mapping) or set(principal) != {"Service"} or len(services) != 1:
            report(f"trust statement {statement.get('Sid', '?')!r} trusts {principal!r}; trust one service only")


# --- ECS -----------------------------------------------------------------------------------


@for_types("aws:ecs/service:Service")
def ecs_no_public_ip(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Tasks get no public IP address."""
    if dig(args.props, "networkConfiguration", "assignPublicIp") is True:
        report("networkConfiguration.assignPublicIp is true; tasks must stay private (use NAT or endpoints)")


@for_types("aws:ecs/taskDefinition:TaskDefinition")
def ecs_awslogs(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Every container logs to CloudWatch Logs."""
    for container in container_definitions(args):
        if dig(container, "logConfiguration", "logDriver") != "awslogs":
            report(f"container {container.get('name')!r} does not use the awslogs log driver")


@for_types("aws:ecs/taskDefinition:TaskDefinition")
def ecs_no_secrets_in_environment(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Credentials come from `secrets` (Secrets Manager), never plain `environment`."""
    for container in container_definitions(args):
        for variable in as_list(container.get("environment")):
            name = str(variable.get("name", "")).upper()
            if any(hint in name for hint in SECRET_NAME_HINTS):
                report(f"container {container.get('name')!r} sets {name} in plain environment; use `secrets`")


@for_types("aws:ecs/taskDefinition:TaskDefinition")
def ecs_separate_roles(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """The execution role (ECS pulls images, reads secrets) is not the task role (the app)."""
    execution, task = args.props.get("executionRoleArn"), args.props.get("taskRoleArn")
    if execution and task and execution == task:
        report("executionRoleArn and taskRoleArn are the same role; the app would hold ECS's secret access")


@for_types("aws:ecs/taskDefinition:TaskDefinition")
def ecs_read_only_root_in_production(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Containers of production stacks run on a read-only root filesystem (AWS FSBP ECS.5)."""
    if not in_production(args):
        return
    for container in container_definitions(args):
        if container.get("readonlyRootFilesystem") is not True:
            report(f"container {container.get('name')!r} has a writable root filesystem; mount volumes where it writes")


@for_types("aws:ecs/taskDefinition:TaskDefinition")
def schema_registry_authentication_in_production(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """A Schema Registry serving in a production stack requires authentication
    (`authentication.method` BASIC or BEARER): otherwise anyone who reaches it may delete schemas."""
    if not in_production(args):
        return
    for container in container_definitions(args):
        serves = bool(container.get("portMappings"))
        if not serves or "schema-registry" not in str(container.get("image", "")):
            continue
        environment = {e.get("name"): e.get("value") for e in as_list(container.get("environment")) if e}
        if environment.get("SCHEMA_REGISTRY_AUTHENTICATION_METHOD") not in ("BASIC", "BEARER"):
            report(
                f"container {container.get('name')!r} serves the registry without authentication; "
                "set schemaRegistry.authentication: true"
            )


@for_types("aws:ecs/cluster:Cluster")
def ecs_container_insights(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """ECS clusters publish Container Insights metrics."""
    settings = {s.get("name"): s.get("value") for s in as_list(args.props.get("settings")) if s}
    if settings.get("containerInsights") not in ("enabled", "enhanced"):
        report("settings.containerInsights is not enabled")


# --- load balancers ------------------------------------------------------------------------

LOAD_BALANCERS = ("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer")
LISTENERS = ("aws:lb/listener:Listener", "aws:alb/listener:Listener")


@for_types(*LOAD_BALANCERS)
def alb_internal(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Load balancers are internal (no internet-facing endpoint)."""
    if args.props.get("internal") is not True:
        report("internal is not true; the load balancer would face the internet")


@for_types(*LOAD_BALANCERS)
def alb_drop_invalid_headers(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Application load balancers drop invalid HTTP header fields (request smuggling)."""
    application = args.props.get("loadBalancerType", "application") == "application"
    if application and args.props.get("dropInvalidHeaderFields") is not True:
        report("dropInvalidHeaderFields is not true")


@for_types(*LOAD_BALANCERS)
def alb_deletion_protection_in_production(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Production load balancers cannot be deleted by accident."""
    if in_production(args) and args.props.get("enableDeletionProtection") is not True:
        report("enableDeletionProtection is not true in a production stack")


@for_types(*LOAD_BALANCERS)
def alb_access_logs_in_production(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Production application load balancers write access logs to S3 (AWS FSBP ELB.5): who called what."""
    application = args.props.get("loadBalancerType", "application") == "application"
    # Only `enabled`: the bucket's name is unknown in the preview of a first deployment.
    logs = args.props.get("accessLogs") or {}
    if in_production(args) and application and logs.get("enabled") is not True:
        report("access logs are off in a production stack; set schemaRegistry.accessLogs: true")


@for_types(*LISTENERS)
def alb_https_listener(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Listeners serve HTTPS with a certificate (plain HTTP only stays inside the VPC)."""
    protocol = args.props.get("protocol", "HTTP")
    if protocol == "HTTP" or (protocol == "HTTPS" and not args.props.get("certificateArn")):
        report(f"listener serves {protocol} without a certificate; set schemaRegistry.certificateArn for HTTPS")


# --- MSK Connect ---------------------------------------------------------------------------


@for_types("aws:mskconnect/connector:Connector")
def mskconnect_iam_over_tls(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Connectors authenticate with IAM over TLS: NONE needs an open cluster
    (docs/design.md#where-the-source-tutorials-are-wrong, item 8)."""
    auth = dig(args.props, "kafkaClusterClientAuthentication", "authenticationType")
    encryption = dig(args.props, "kafkaClusterEncryptionInTransit", "encryptionType")
    if auth != "IAM":
        report(f"kafkaClusterClientAuthentication.authenticationType is {auth!r}; use IAM")
    if encryption != "TLS":
        report(f"kafkaClusterEncryptionInTransit.encryptionType is {encryption!r}; use TLS")


@for_types("aws:mskconnect/connector:Connector")
def mskconnect_no_plaintext_secrets(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Credential settings are config-provider references (${secretsmanager:...}), not values."""
    for key, value in (args.props.get("connectorConfiguration") or {}).items():
        sensitive = any(hint in key.lower() for hint in SECRET_CONNECTOR_KEYS)
        if sensitive and not str(value).startswith("${"):
            report(f"connectorConfiguration {key!r} holds a literal value; use ${{secretsmanager:<secret>:<key>}}")


# --- S3 ------------------------------------------------------------------------------------


@for_types("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
def s3_public_access_block_complete(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """All four public access block switches are on."""
    flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    off = [flag for flag in flags if args.props.get(flag) is not True]
    if off:
        report(f"public access block leaves {off} off")


@for_types("aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2")
def s3_versioning_enabled(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Bucket versioning is Enabled."""
    status = dig(args.props, "versioningConfiguration", "status")
    if status != "Enabled":
        report(f"versioningConfiguration.status is {status!r}; must be Enabled")


def _bucket_companions(args: StackValidationArgs) -> dict[str, dict[str, Any]]:
    """For each bucket URN: its companion resources by type (linked through the
    `bucket` property's dependencies, which are known in preview)."""
    buckets: dict[str, dict[str, Any]] = {
        r.urn: {} for r in args.resources if r.resource_type in ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
    }
    for resource in args.resources:
        for target in resource.property_dependencies.get("bucket", []):
            if target.urn in buckets:
                buckets[target.urn][resource.resource_type] = resource
    return buckets


def _denies_insecure_transport(policy_resource: Any) -> bool:
    for statement in statements(policy_resource.props.get("policy")):
        condition = dig(statement, "Condition", "Bool", "aws:SecureTransport")
        if statement.get("Effect") == "Deny" and str(condition).lower() == "false":
            return True
    return False


LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"


def _expires_noncurrent_versions(lifecycle: Any) -> bool:
    if lifecycle is None:
        return False
    rules = [r for r in as_list(lifecycle.props.get("rules")) if isinstance(r, Mapping)]
    return any(r.get("status") == "Enabled" and r.get("noncurrentVersionExpiration") for r in rules)


def s3_bucket_baseline(args: StackValidationArgs, report: ReportViolation) -> None:
    """Every bucket has a public access block, default encryption, versioning, a
    TLS-only policy and a lifecycle that expires noncurrent versions (versioned
    buckets otherwise keep every overwritten object forever)."""
    needed = {
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "a public access block",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (
            "a default encryption configuration"
        ),
        "aws:s3/bucketVersioning:BucketVersioning": "versioning",
        "aws:s3/bucketPolicy:BucketPolicy": "a bucket policy denying non-TLS requests",
    }
    for urn, companions in _bucket_companions(args).items():
        missing = [what for kind, what in needed.items() if kind not in companions]
        policy = companions.get("aws:s3/bucketPolicy:BucketPolicy")
        if policy is not None and not _denies_insecure_transport(policy):
            missing.append("a Deny on aws:SecureTransport=false in its policy")
        if not _expires_noncurrent_versions(companions.get(LIFECYCLE)):
            missing.append("lifecycle rule expiring noncurrent versions")
        if missing:
            report(f"bucket has no {', no '.join(missing)}", urn)


def vpc_flow_logs_in_production(args: StackValidationArgs, report: ReportViolation) -> None:
    """Every VPC of a production stack has flow logs (AWS FSBP EC2.6, CIS 3.9)."""
    vpcs = [r for r in args.resources if r.resource_type == "aws:ec2/vpc:Vpc"]
    logged = {
        target.urn
        for r in args.resources
        if r.resource_type == "aws:ec2/flowLog:FlowLog"
        for target in r.property_dependencies.get("vpcId", [])
    }
    stacks = args.get_config().get("productionStacks", list(PRODUCTION_STACKS))
    for vpc in vpcs:
        if stack_of(vpc.urn) in stacks and vpc.urn not in logged:
            report("VPC has no flow logs; turn on network.flowLogs", vpc.urn)


# --- CloudWatch Logs -----------------------------------------------------------------------


@for_types("aws:cloudwatch/logGroup:LogGroup")
def log_retention(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Log groups expire (retention set), and keep a year in production."""
    days = args.props.get("retentionInDays")
    if not days:
        report("retentionInDays is not set; logs would be kept (and billed) forever")
    elif in_production(args) and days < PRODUCTION_LOG_RETENTION_DAYS:
        report(f"retentionInDays is {days:g} in a production stack; keep at least {PRODUCTION_LOG_RETENTION_DAYS}")


# --- the policies --------------------------------------------------------------------------


def _policy(validate: Validate, enforcement: EnforcementLevel, production: bool = False) -> ResourceValidationPolicy:
    """A resource policy named after its function (`msk_tls_in_transit` -> `msk-tls-in-transit`)."""
    return ResourceValidationPolicy(
        name=validate.__name__.replace("_", "-"),
        description=(validate.__doc__ or "").strip(),
        validate=validate,
        enforcement_level=enforcement,
        config_schema=PRODUCTION_CONFIG if production else None,
    )


RESOURCE_POLICIES: list[ResourceValidationPolicy] = [
    _policy(msk_tls_in_transit, MANDATORY),
    _policy(msk_cmk_at_rest, MANDATORY),
    _policy(msk_no_public_access, MANDATORY),
    _policy(msk_authenticated_clients, MANDATORY),
    _policy(msk_broker_logs, ADVISORY),
    _policy(msk_broker_logs_in_production, MANDATORY, production=True),
    _policy(msk_cluster_policy_least_privilege, MANDATORY),
    _policy(msk_enhanced_monitoring_in_production, ADVISORY, production=True),
    _policy(msk_replicator_logs_in_production, MANDATORY, production=True),
    _policy(msk_replicator_complete_standby_in_production, ADVISORY, production=True),
    _policy(kms_rotation, MANDATORY),
    _policy(secrets_cmk, MANDATORY),
    _policy(sg_no_ingress_from_anywhere, MANDATORY),
    _policy(sg_no_open_egress, MANDATORY),
    _policy(sg_rule_descriptions, ADVISORY),
    _policy(iam_no_wildcard_action, MANDATORY),
    _policy(iam_no_wildcard_resource, MANDATORY),
    _policy(iam_role_trusts_one_service, MANDATORY),
    _policy(ecs_no_public_ip, MANDATORY),
    _policy(ecs_awslogs, ADVISORY),
    _policy(ecs_no_secrets_in_environment, MANDATORY),
    _policy(ecs_separate_roles, MANDATORY),
    _policy(schema_registry_authentication_in_production, MANDATORY, production=True),
    _policy(ecs_container_insights, ADVISORY),
    _policy(ecs_read_only_root_in_production, MANDATORY, production=True),
    _policy(alb_internal, MANDATORY),
    _policy(alb_drop_invalid_headers, ADVISORY),
    _policy(alb_deletion_protection_in_production, ADVISORY, production=True),
    _policy(alb_access_logs_in_production, MANDATORY, production=True),
    _policy(alb_https_listener, ADVISORY),
    _policy(mskconnect_iam_over_tls, MANDATORY),
    _policy(mskconnect_no_plaintext_secrets, MANDATORY),
    _policy(s3_public_access_block_complete, MANDATORY),
    _policy(s3_versioning_enabled, ADVISORY),
    _policy(log_retention, ADVISORY, production=True),
]

STACK_POLICIES: list[StackValidationPolicy] = [
    StackValidationPolicy(
        name="s3-bucket-baseline",
        description=(s3_bucket_baseline.__doc__ or "").strip(),
        validate=s3_bucket_baseline,
        enforcement_level=MANDATORY,
    ),
    StackValidationPolicy(
        name="vpc-flow-logs-in-production",
        description=(vpc_flow_logs_in_production.__doc__ or "").strip(),
        validate=vpc_flow_logs_in_production,
        enforcement_level=MANDATORY,
        config_schema=PRODUCTION_CONFIG,
    ),
]

POLICIES: list[ResourceValidationPolicy | StackValidationPolicy] = [*RESOURCE_POLICIES, *STACK_POLICIES]
