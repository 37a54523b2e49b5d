"""The `schemaRegistry` stack config object and the registry's model: parse and validate
(docs/design.md#configuration-contract, docs/design.md#schemaregistryservice).

```yaml
streaming-platform:schemaRegistry:
  image: confluentinc/cp-schema-registry:8.1.1   # exact tag or digest
  cpu: 512                                       # Fargate CPU units
  memory: 1024                                   # MiB, a size Fargate pairs with `cpu`
  desiredCount: 2                                # tasks, spread over the AZs
  compatibilityLevel: BACKWARD
  certificateArn: arn:aws:acm:...                # optional: HTTPS listener
  hostName: schema-registry.example.internal     # required with certificateArn
  accessLogs: true                               # ALB access logs to S3; default: the stack's `protect`
  authentication: true                           # HTTP Basic on the REST API (default on)
```
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi

from .. import catalog
from ..aws.common import AwsContext, OpenIngress
from ..model import Offered, python_only, setting, stack_keys
from ..validation import Problems, check_keys, flag, int_in_range, one_of

KEY = "schemaRegistry"
MAX_DESIRED_COUNT = 10

# repository[:port]/path with an exact tag or a digest.
_IMAGE = re.compile(
    r"^(?:[a-z0-9.-]+(?::\d+)?/)?[a-z0-9._/-]+(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})|@sha256:[0-9a-f]{64})$"
)
# ACM certificate ARN (any partition).
_CERTIFICATE_ARN = re.compile(r"^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[0-9a-f-]{36}$")
# A DNS name of at least two labels.
_HOST_NAME = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$")


@dataclass(frozen=True)
class SchemaRegistrySettings:
    """Validated `schemaRegistry` settings. The defaults are what an absent key means."""

    image: str = setting(
        catalog.SCHEMA_REGISTRY_IMAGE,
        key="image",
        doc="Container image with an exact tag or digest.",
        rules="an exact tag or `@sha256:` digest; `latest` and untagged images are refused. An ECR image "
        "(`<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`) gets pull rights on that repository only. "
        "Push the image to a **regular** repository: an ECR pull-through cache would also need "
        "`ecr:BatchImportUpstreamImage` (and `ecr:CreateRepository` for the first pull), which the execution "
        "role does not get.",
    )
    cpu: int = setting(
        512,
        key="cpu",
        doc="Fargate task CPU units.",
        rules="Fargate CPU units: " + ", ".join(map(str, catalog.FARGATE_CPU_MEMORY)),
    )
    memory: int = setting(
        1024,
        key="memory",
        doc="Fargate task memory in MiB (the JVM heap is 60 % of it).",
        rules="MiB; a size Fargate pairs with `cpu` (e.g. 512 -> 1024..4096 by 1024). The JVM heap is 60 % of it.",
    )
    desired_count: int = setting(
        2,
        key="desiredCount",
        doc="Running tasks, spread over the AZs.",
        rules=f"1..{MAX_DESIRED_COUNT} tasks; ECS spreads them over the AZs. Keep 2+ in production.",
    )
    compatibility_level: str = setting(
        "BACKWARD",
        key="compatibilityLevel",
        doc="Default schema compatibility (`schema.compatibility.level`).",
        rules=", ".join(f"`{level}`" for level in catalog.COMPATIBILITY_LEVELS),
        offered=Offered(type="CompatibilityLevel"),
    )
    certificate_arn: str | None = setting(
        None,
        key="certificateArn",
        doc="ACM certificate for an HTTPS listener (with `hostName`).",
        rules=f"ACM certificate ARN: the listener becomes HTTPS on 443 (`{catalog.ALB_TLS_POLICY}`). "
        "Unset: HTTP on 80.",
    )
    host_name: str | None = setting(
        None,
        key="hostName",
        doc="DNS name clients use with HTTPS.",
        rules="DNS name clients use; required with `certificateArn` (it must be in the certificate). "
        "`schemaRegistryUrl` uses it.",
    )
    authentication: bool = setting(
        True,
        key="authentication",
        doc="HTTP Basic authentication of the REST API with generated credentials.",
        rules="HTTP Basic authentication of the REST API with generated credentials "
        '(`schemaRegistryCredentialsSecretArn`, see "Registry credentials"). `false`: anyone who reaches the '
        "listener may register and delete schemas (refused by policy in production stacks).",
    )
    access_logs: bool | None = setting(
        None,
        key="accessLogs",
        default_text="the stack's `protect`",
        doc="ALB access logs to a private bucket (default: follows `protect`).",
        rules="ALB access logs (client address, method, path, status: who registered or deleted which schema) "
        "to a private bucket (`schemaRegistryAccessLogBucket`): SSE-S3 (the only encryption ELB delivery "
        "accepts), public access blocked, TLS only, ELB may only write under "
        "`schema-registry/AWSLogs/<account>/`, logs expire after `logRetentionDays`. The bucket is protected "
        "where the stack is.",
    )


_KEYS = stack_keys(SchemaRegistrySettings)


def parse_schema_registry(value: Mapping[str, Any] | None, problems: Problems) -> SchemaRegistrySettings:
    """Validate the raw `schemaRegistry` object; problems go to `problems`."""
    value = value or {}
    defaults = SchemaRegistrySettings()
    check_keys(KEY, value, _KEYS, problems)

    image = value.get("image", defaults.image)
    _check_image(image, problems)
    cpu, memory = _task_size(value, defaults, problems)
    desired = int_in_range(
        KEY, value, "desiredCount", default=defaults.desired_count, lo=1, hi=MAX_DESIRED_COUNT, problems=problems
    )
    level = value.get("compatibilityLevel", defaults.compatibility_level)
    one_of(f"{KEY}.compatibilityLevel", level, catalog.COMPATIBILITY_LEVELS, problems)
    certificate, host = _https(value, problems)
    # accessLogs unset (None) follows the stack's `protect`, resolved by `settings`.
    access_logs = flag(f"{KEY}.accessLogs", value["accessLogs"], problems) if "accessLogs" in value else None
    authentication = flag(f"{KEY}.authentication", value.get("authentication", True), problems, default=True)
    return SchemaRegistrySettings(
        image=str(image),
        cpu=cpu,
        memory=memory,
        desired_count=desired,
        compatibility_level=str(level),
        certificate_arn=certificate,
        host_name=host,
        access_logs=access_logs,
        authentication=authentication,
    )


def _check_image(image: Any, problems: Problems) -> None:
    match = _IMAGE.match(image) if isinstance(image, str) else None
    if match is None or match.group("tag") == "latest":
        problems.add(
            f"{KEY}.image",
            image,
            f"must be an image with an exact tag or digest, e.g. {catalog.SCHEMA_REGISTRY_IMAGE} (not :latest)",
        )


def _task_size(value: Mapping[str, Any], defaults: SchemaRegistrySettings, problems: Problems) -> tuple[int, int]:
    cpus = tuple(catalog.FARGATE_CPU_MEMORY)
    cpu = int_in_range(KEY, value, "cpu", default=defaults.cpu, lo=cpus[0], hi=cpus[-1], problems=problems)
    if cpu not in catalog.FARGATE_CPU_MEMORY:
        problems.add(f"{KEY}.cpu", cpu, f"not a Fargate task size; allowed: {', '.join(map(str, cpus))}")
        return defaults.cpu, defaults.memory
    memories = catalog.FARGATE_CPU_MEMORY[cpu]
    memory = int_in_range(KEY, value, "memory", default=memories[0], lo=memories[0], hi=memories[-1], problems=problems)
    if memory not in memories:
        problems.add(
            f"{KEY}.memory",
            memory,
            f"Fargate pairs cpu {cpu} with these memory sizes (MiB): {', '.join(map(str, memories))}",
        )
    return cpu, memory


def _https(value: Mapping[str, Any], problems: Problems) -> tuple[str | None, str | None]:
    certificate = value.get("certificateArn")
    if certificate is not None and (not isinstance(certificate, str) or not _CERTIFICATE_ARN.match(certificate)):
        problems.add(
            f"{KEY}.certificateArn",
            certificate,
            "must be an ACM certificate ARN like arn:aws:acm:eu-west-2:123456789012:certificate/<uuid>",
        )
    host = value.get("hostName")
    if host is not None and (not isinstance(host, str) or not _HOST_NAME.match(host)):
        problems.add(f"{KEY}.hostName", host, "must be a lower-case DNS name such as schema-registry.example.internal")
    if certificate is not None and host is None:
        problems.add(
            f"{KEY}.hostName",
            None,
            "required with certificateArn: clients must connect with a name the certificate covers "
            "(point it at the ALB with a CNAME)",
        )
    return certificate, host


@dataclass
class SchemaRegistryServiceArgs:
    """Inputs of `SchemaRegistryService`. Defaults are production-safe."""

    vpc_id: pulumi.Input[str]
    """VPC of the tasks and the ALB."""
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]] = setting(key="network.privateSubnetIds")
    """Private subnets (2-3 AZs) for the tasks and the internal ALB."""
    bootstrap_brokers: pulumi.Input[str]
    """SASL/SCRAM bootstrap string of the cluster (port 9096)."""
    broker_security_group_id: pulumi.Input[str]
    """Brokers' security group: the tasks get egress to it on 9096. The caller
    opens the brokers' side (`MskCluster.allow_ingress_from`)."""
    credentials_secret_arn: pulumi.Input[str]
    """Secrets Manager secret holding `{"username", "password"}` of the SCRAM user."""
    credentials_kms_key_arn: pulumi.Input[str]
    """CMK encrypting that secret (the execution role may decrypt through Secrets Manager only);
    it also encrypts the log group."""
    schemas_replication_factor: int = setting(3, key="schemasReplicationFactor")
    """Replication factor of `_schemas` (min(3, brokers)); told to the registry so it agrees with the topic.
    Not a stack key: the stack derives it from `defaultReplicationFactor`; problems name it so."""
    kafka_dependencies: Sequence[pulumi.Resource] = setting(
        (), offered=python_only("resources of the caller's program: ordering by depends_on there")
    )
    """What the service must wait for before its tasks start: the `_schemas` topic and the SCRAM user."""
    open_brokers: OpenIngress | None = setting(
        None, offered=python_only("the provider opens the brokers' port from brokerSecurityGroupId")
    )
    """Opens the brokers' SCRAM port to the tasks' security group (e.g.
    `functools.partial(cluster.allow_ingress_from, "schema-registry", auth="scram")`);
    the service starts only after that rule exists. None: the caller opens it."""
    client_cidrs: Sequence[str] = setting((), key="clientAccess.cidrs")
    """CIDRs allowed to reach the ALB listener."""
    client_security_group_ids: Sequence[pulumi.Input[str]] = setting((), key="clientAccess.securityGroupIds")
    """Security groups allowed to reach the ALB listener (see also `allow_clients_from`)."""
    service: SchemaRegistrySettings = setting(
        default_factory=SchemaRegistrySettings,
        key="schemaRegistry",
        model=SchemaRegistrySettings,
        offered=Offered(flatten=""),
    )
    """Image, task size (the JVM heap gets 60 % of the memory), desired count,
    compatibility level, and the certificate + host name of an HTTPS listener
    on 443 (None: HTTP on 80; the URL output uses the host name, else the ALB's
    DNS name). Same model as the `schemaRegistry` config object."""
    ssl_policy: str = setting(
        catalog.ALB_TLS_POLICY, offered=python_only("the registry's HTTPS listener keeps the program's TLS 1.2+ policy")
    )
    """TLS policy of the HTTPS listener."""
    log_retention_days: int = setting(365, key="logRetentionDays")
    """Retention of the container log group."""
    protect: bool = setting(True, key="protect")
    """ALB deletion protection and protection of the access log bucket (the
    registry's state is the `_schemas` topic, protected by the cluster)."""
    alarm_topic_arn: pulumi.Input[str] | None = None
    """SNS topic the registry's alarms notify (no healthy task, unhealthy tasks, 5xx); None: no alarms."""
    leader_eligible: bool = True
    """Whether the tasks may become the registry's leader, the one instance that writes `_schemas`
    (`leader.eligibility`). False: a standby reading a primary's replicated `_schemas`; it serves
    reads and refuses writes (`50004 Leader not known.`), so the standby never gives out a schema id the
    primary gives to another schema. Changing it replaces the task definition (a rolling deploy)."""
    physical_name: str | None = setting(None, offered=python_only("the resource name is the physical name"))
    """Base of AWS names (ALB, log group, task family); defaults to the component name."""
    aws_context: AwsContext | None = setting(
        None, offered=python_only("looked up by invokes through the component's provider")
    )
    """Partition, account and region; looked up (three invokes) when not given."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags for every taggable child."""
