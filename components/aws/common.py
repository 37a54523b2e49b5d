"""Helpers shared by every component: type tokens, tags, child options, roles, security groups, log groups."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Literal, NamedTuple

import pulumi
import pulumi_aws as aws
import pulumi_random as random

from .iam import service_trust_policy
from .naming import logical_name, physical_name

TYPE_PREFIX = "streaming-platform"

Direction = Literal["ingress", "egress"]

OpenIngress = Callable[[pulumi.Output[str]], pulumi.Resource]
"""Opens a port of another component to a security group and returns the rule,
e.g. `functools.partial(cluster.allow_ingress_from, "schema-registry", auth="scram")`.
A component takes one of these instead of having the caller open the port
afterwards, so that what connects can wait for the rule (`depends_on`)."""


def component_type(name: str) -> str:
    """A component's one type token, `streaming-platform:index:<Name>`: the same from Python
    and from every other language, whose SDKs the component provider serves (it hosts these
    very classes) (docs/design.md#architecture)."""
    return f"{TYPE_PREFIX}:index:{name}"


def former_type(module: str, name: str) -> str:
    """The token a component had before it had one: `streaming-platform:<module>:<Name>`."""
    return f"{TYPE_PREFIX}:{module}:{name}"


def with_former_type(opts: pulumi.ResourceOptions | None, module: str, name: str) -> pulumi.ResourceOptions:
    """`opts` and an alias from the token the component had before it had one token,
    `streaming-platform:<module>:<Name>`: a deployed stack keeps the component and, through
    the aliases the engine passes on, every resource under it."""
    former = pulumi.Alias(type_=former_type(module, name))
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(aliases=[former]))


def child_opts(
    parent: pulumi.Resource,
    *,
    protect: bool = False,
    ignore_changes: list[str] | None = None,
) -> pulumi.ResourceOptions:
    """Options for a child resource.

    `protect=True` both protects the resource and retains it on delete, so a
    removed stack or a refactor can never destroy the data (docs/design.md#protection).
    """
    return pulumi.ResourceOptions(
        parent=parent,
        protect=protect,
        retain_on_delete=protect or None,
        ignore_changes=ignore_changes,
    )


def secret_recovery_window_days(protect: bool) -> int:
    """Recovery window of a fixed-name Secrets Manager secret.

    A deleted secret keeps its name for the whole window: CreateSecret with
    that name fails ("scheduled for deletion") until it ends. Unprotected
    stacks are meant to be destroyed and re-created at once, so they delete
    immediately (0, ForceDeleteWithoutRecovery); protected ones keep the
    30-day safety net (Secrets Manager API, DeleteSecret RecoveryWindowInDays).
    """
    return 30 if protect else 0


class GeneratedCredentials(NamedTuple):
    """A generated `{"username", "password"}` pair in Secrets Manager: the
    secret, and the version holding its value (what a user of the secret waits for)."""

    secret: aws.secretsmanager.Secret
    version: aws.secretsmanager.SecretVersion


def generated_credentials(
    parent: pulumi.Resource,
    base: str,
    *,
    secret_name: str,
    username: str,
    description: str,
    kms_key_arn: pulumi.Input[str],
    protect: bool,
    tags: Mapping[str, str],
) -> GeneratedCredentials:
    """`<base>-password` (32 letters and digits: it ends up in JAAS lines,
    password files and `user:password` strings, so no quoting pitfalls),
    `<base>-secret` under a fixed name and the CMK (protected and kept 30
    days after deletion where the stack is), `<base>-secret-value`."""
    password = random.RandomPassword(
        f"{base}-password", length=32, special=False, opts=pulumi.ResourceOptions(parent=parent)
    )
    secret = aws.secretsmanager.Secret(
        f"{base}-secret",
        name=physical_name("aws:secretsmanager/secret:Secret", secret_name),
        description=description,
        kms_key_id=kms_key_arn,
        recovery_window_in_days=secret_recovery_window_days(protect),
        tags=dict(tags),
        opts=child_opts(parent, protect=protect),
    )
    version = aws.secretsmanager.SecretVersion(
        f"{base}-secret-value",
        secret_id=secret.id,
        secret_string=pulumi.Output.secret(
            password.result.apply(lambda p: json.dumps({"username": username, "password": p}))
        ),
        opts=pulumi.ResourceOptions(parent=parent),
    )
    return GeneratedCredentials(secret, version)


def component_tags(project: str, stack: str, component: str) -> dict[str, str]:
    """Tags every taggable resource of a component carries."""
    return {"Project": project, "Stack": stack, "Component": component, "ManagedBy": "pulumi"}


def rules_only_security_group(
    name: str, description: str, vpc_id: pulumi.Input[str], parent: pulumi.Resource, tags: Mapping[str, str]
) -> aws.ec2.SecurityGroup:
    """A security group without inline rules (add them with `security_group_rule`),
    so changing who may connect never touches the group itself. The AWS
    provider removes the default allow-all egress: no rule, no traffic."""
    return aws.ec2.SecurityGroup(
        logical_name("aws:ec2/securityGroup:SecurityGroup", name),
        description=description,
        vpc_id=vpc_id,
        tags={**tags, "Name": name},
        opts=pulumi.ResourceOptions(parent=parent),
    )


def encrypted_log_group(
    name: str,
    log_group_name: str,
    retention_days: int,
    kms_key_arn: pulumi.Input[str],
    parent: pulumi.Resource,
    tags: Mapping[str, str],
) -> aws.cloudwatch.LogGroup:
    """A CloudWatch log group encrypted with a customer-managed key, with a retention."""
    return aws.cloudwatch.LogGroup(
        name,
        name=physical_name("aws:cloudwatch/logGroup:LogGroup", log_group_name),
        retention_in_days=retention_days,
        kms_key_id=kms_key_arn,
        tags=dict(tags),
        opts=pulumi.ResourceOptions(parent=parent),
    )


def service_role(
    name: str, service: str, description: str, account_id: str, parent: pulumi.Resource, tags: Mapping[str, str]
) -> aws.iam.Role:
    """An IAM role only `service` may assume, on behalf of this account only
    (`aws:SourceAccount`); auto-named from `name`, which is fitted to the 64-character limit."""
    return aws.iam.Role(
        logical_name("aws:iam/role:Role", name),
        description=description,
        assume_role_policy=json.dumps(service_trust_policy(service, account_id)),
        tags=dict(tags),
        opts=pulumi.ResourceOptions(parent=parent),
    )


def inline_role_policy(
    name: str,
    role: aws.iam.Role,
    document: pulumi.Input[str],
    parent: pulumi.Resource,
    depends_on: Sequence[pulumi.Resource] = (),
) -> aws.iam.RolePolicy:
    """An inline policy of `role` (JSON `document`); auto-named from `name`."""
    return aws.iam.RolePolicy(
        logical_name("aws:iam/rolePolicy:RolePolicy", name),
        role=role.id,
        policy=document,
        opts=pulumi.ResourceOptions(parent=parent, depends_on=list(depends_on)),
    )


def security_group_rule(
    name: str,
    direction: Direction,
    security_group_id: pulumi.Input[str],
    port: int,
    description: str,
    parent: pulumi.Resource,
    tags: Mapping[str, str],
    **peer: pulumi.Input[str],
) -> aws.vpc.SecurityGroupIngressRule | aws.vpc.SecurityGroupEgressRule:
    """One described TCP rule on one port. `peer` is `cidr_ipv4=...` or
    `referenced_security_group_id=...`.

    Rules are separate resources, never inline: changing who may connect never
    touches (or replaces) the group itself.
    """
    rule_type = aws.vpc.SecurityGroupIngressRule if direction == "ingress" else aws.vpc.SecurityGroupEgressRule
    return rule_type(
        name,
        security_group_id=security_group_id,
        ip_protocol="tcp",
        from_port=port,
        to_port=port,
        description=description,
        tags=dict(tags),
        opts=pulumi.ResourceOptions(parent=parent),
        **peer,
    )


class AwsContext(NamedTuple):
    """Partition, account id and region of the deploying provider."""

    partition: str
    account_id: str
    region: str


def aws_context(given: AwsContext | None = None, opts: pulumi.InvokeOptions | None = None) -> AwsContext:
    """`given`, or a lookup (three provider invokes) with `opts`: a component
    passes `InvokeOptions(parent=self)`, so the provider it was given (another
    region or account) answers, not the program's default one.

    __main__.py looks the context up once and passes it to every component:
    each synchronous invoke pumps the event loop over every pending
    registration, so a lookup per component made plans grow faster than
    linearly with the number of connectors (tools/bench.py).
    """
    if given is not None:
        return given
    return AwsContext(
        aws.get_partition(opts=opts).partition,
        aws.get_caller_identity(opts=opts).account_id,
        aws.get_region(opts=opts).region,
    )
