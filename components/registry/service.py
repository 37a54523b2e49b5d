"""SchemaRegistryService: Confluent Schema Registry on ECS Fargate behind an
internal ALB, storing its schemas in MSK (docs/design.md#schemaregistryservice).

The caller creates the registry's Kafka side through `MskCluster` (the
`_schemas` topic from `schemas_topic()`, a SCRAM user, broker ingress from
`task_security_group_id`); this component waits for them before starting
tasks. Children: a CMK-encrypted log group, an execution role
(logs, that one secret, that one key) separate from the task role, an ECS
cluster with Container Insights, the task definition, the ECS service, an
internal ALB with its target group and listener, and two security groups
chained clients -> ALB -> tasks -> brokers.

There is no database: Confluent Schema Registry keeps every schema in the
compacted `_schemas` Kafka topic (the RDS instance in the source tutorials is
never read by it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..aws.alarms import AlarmSpec, metric_alarm
from ..aws.buckets import Lifecycle, PrivateBucket, private_bucket
from ..aws.common import (
    Direction,
    GeneratedCredentials,
    aws_context,
    component_type,
    encrypted_log_group,
    generated_credentials,
    inline_role_policy,
    rules_only_security_group,
    security_group_rule,
    service_role,
    with_former_type,
)
from ..aws.iam import elb_access_log_statements, task_execution_policy
from ..aws.naming import logical_name, physical_name
from ..inputs import check_registry_args
from ..settings import TopicSettings
from .model import SchemaRegistryServiceArgs

CONTAINER_NAME = "schema-registry"
HTTP_PORT = 80
HTTPS_PORT = catalog.PORT_HTTPS
HEALTH_CHECK_GRACE_SECONDS = 180
DEREGISTRATION_DELAY_SECONDS = 30
# Environment names of the SCRAM credentials. Deliberately not SCHEMA_REGISTRY_*:
# the image turns every SCHEMA_REGISTRY_* variable into a property.
USERNAME_VARIABLE = "KAFKA_SCRAM_USERNAME"
PASSWORD_VARIABLE = "KAFKA_SCRAM_PASSWORD"

# HTTP Basic authentication of the REST API (rest-utils `authentication.*`).
# One client identity: the open-source registry has no per-subject
# authorization, every authenticated caller may read, register and delete.
BASIC_AUTH_USER = "registry-client"
BASIC_AUTH_REALM = "SchemaRegistry-Props"
BASIC_AUTH_ROLE = "user"
# rest-utils 8.1.x runs Jetty 12 (`org.eclipse.jetty.security.jaas.JAASLoginService`
# in io.confluent.rest.Application): its property-file module lives in
# `org.eclipse.jetty.security.jaas.spi`. Jetty 9's `org.eclipse.jetty.jaas.spi`
# class (Confluent Platform 7.x docs) does not exist there and every login fails.
JAAS_LOGIN_MODULE = "org.eclipse.jetty.security.jaas.spi.PropertyFileLoginModule"
JAAS_FILE = "/etc/schema-registry/jaas.conf"
PASSWORD_FILE = "/etc/schema-registry/password.properties"
BASIC_USERNAME_VARIABLE = "REGISTRY_BASIC_AUTH_USERNAME"
BASIC_PASSWORD_VARIABLE = "REGISTRY_BASIC_AUTH_PASSWORD"
# With authentication on, an unauthenticated request (the ALB's health check)
# gets 401 from Jetty once the application serves: proof enough that it is up.
HEALTHY_CODES_WITH_AUTH = "200,401"

# With the Basic credentials present (task `secrets`), the password file and the
# JAAS file are written to the task's config volume (mode 600, never part of the
# task definition) and the JVM pointed at them.
_PASSWORD_LINE = f"%s: %s,{BASIC_AUTH_ROLE}\\n"  # printf format: `user: password,role`
_JAAS_TEXT = f'{BASIC_AUTH_REALM} {{\\n  {JAAS_LOGIN_MODULE} required\\n  file="{PASSWORD_FILE}";\\n}};\\n'
_BASIC_AUTH_FILES = (
    f'if [ -n "${{{BASIC_PASSWORD_VARIABLE}:-}}" ]; then\n'
    "  umask 077\n"
    f'  printf \'{_PASSWORD_LINE}\' "${BASIC_USERNAME_VARIABLE}" "${BASIC_PASSWORD_VARIABLE}" > {PASSWORD_FILE}\n'
    f"  printf '{_JAAS_TEXT}' > {JAAS_FILE}\n"
    "  umask 022\n"
    f'  export SCHEMA_REGISTRY_OPTS="${{SCHEMA_REGISTRY_OPTS:-}} -Djava.security.auth.login.config={JAAS_FILE}"\n'
    "fi\n"
    f"unset {BASIC_USERNAME_VARIABLE} {BASIC_PASSWORD_VARIABLE}\n"
)

# Runs before the image's own entry point (/etc/confluent/docker/run).
# - SCHEMA_REGISTRY_HOST_NAME is what this instance advertises to the others;
#   followers forward writes to the leader at that address, so it must be the
#   task's own IP (awsvpc: one ENI per task).
# - The JAAS line is assembled here from the two `secrets` variables, so no
#   credential is ever part of the task definition.
START_SCRIPT = f"""set -eu
SCHEMA_REGISTRY_HOST_NAME="$(hostname -i | cut -d' ' -f1)"
if [ -z "$SCHEMA_REGISTRY_HOST_NAME" ]; then echo 'schema-registry: cannot find the task IP' >&2; exit 1; fi
export SCHEMA_REGISTRY_HOST_NAME
export SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS_CONFIG="org.apache.kafka.common.security.scram.ScramLoginModule \
required username=\\"${USERNAME_VARIABLE}\\" password=\\"${PASSWORD_VARIABLE}\\";"
unset {USERNAME_VARIABLE} {PASSWORD_VARIABLE}
{_BASIC_AUTH_FILES}exec /etc/confluent/docker/run
"""

# <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]
_ECR_IMAGE = re.compile(r"^(?P<account>\d{12})\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.amazonaws\.com/(?P<repo>[^:@]+)")


def schemas_topic(replication_factor: int) -> TopicSettings:
    """The registry's storage: compacted, one partition (total order of schema
    writes), replicated like every other topic."""
    return TopicSettings(
        name=catalog.SCHEMAS_TOPIC, partitions=1, replication_factor=replication_factor, cleanup_policy="compact"
    )


def heap_options(memory_mib: int) -> str:
    """JVM heap of the registry: 60 % of the task memory, leaving room for metaspace and threads."""
    heap = memory_mib * 3 // 5
    return f"-Xms{heap}m -Xmx{heap}m"


def registry_environment(
    bootstrap_brokers: str,
    replication_factor: int,
    compatibility_level: str,
    memory_mib: int,
    authentication: bool = True,
    leader_eligible: bool = True,
) -> dict[str, str]:
    """Plain settings of the container (no credential among them)."""
    basic_auth = {
        "SCHEMA_REGISTRY_AUTHENTICATION_METHOD": "BASIC",
        "SCHEMA_REGISTRY_AUTHENTICATION_REALM": BASIC_AUTH_REALM,
        "SCHEMA_REGISTRY_AUTHENTICATION_ROLES": BASIC_AUTH_ROLE,
    }
    return {
        **(basic_auth if authentication else {}),
        "SCHEMA_REGISTRY_LISTENERS": f"http://0.0.0.0:{catalog.SCHEMA_REGISTRY_PORT}",
        "SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS": bootstrap_brokers,
        "SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL": "SASL_SSL",
        "SCHEMA_REGISTRY_KAFKASTORE_SASL_MECHANISM": "SCRAM-SHA-512",
        "SCHEMA_REGISTRY_KAFKASTORE_TOPIC": catalog.SCHEMAS_TOPIC,
        "SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR": str(replication_factor),
        "SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL": compatibility_level,
        "SCHEMA_REGISTRY_LEADER_ELIGIBILITY": str(leader_eligible).lower(),
        "SCHEMA_REGISTRY_HEAP_OPTS": heap_options(memory_mib),
    }


# Where the image writes when it starts, each a task volume (Fargate bind
# mount) so the root filesystem can be read-only (AWS FSBP ECS.5). From the
# 8.1.x image (confluentinc/schema-registry-images): `configure` renders
# schema-registry.properties, log4j2.yaml and admin.properties into
# /etc/schema-registry; the Dockerfile prepares /usr/logs for appuser; the JVM
# and `ub` use /tmp.
WRITABLE_PATHS: dict[str, str] = {"config": "/etc/schema-registry", "logs": "/usr/logs", "tmp": "/tmp"}
INIT_CONTAINER_NAME = "volume-permissions"
# Fargate creates bind mounts as root:0755 unless the path is a Dockerfile
# VOLUME (Amazon ECS Developer Guide, "Use bind mounts with Amazon ECS"), and the
# image runs as appuser: a short root container hands the volumes over first.
INIT_SCRIPT = (
    f"chown appuser:root {WRITABLE_PATHS['config']} {WRITABLE_PATHS['logs']} && chmod 1777 {WRITABLE_PATHS['tmp']}"
)


def _awslogs(log_group_name: str, region: str, prefix: str) -> dict[str, Any]:
    return {
        "logDriver": "awslogs",
        "options": {"awslogs-group": log_group_name, "awslogs-region": region, "awslogs-stream-prefix": prefix},
    }


def container_definitions(
    *,
    image: str,
    environment: Mapping[str, str],
    secret_arn: str,
    log_group_name: str,
    region: str,
    basic_auth_secret_arn: str | None = None,
    basic_auth_version_id: str = "",
) -> str:
    """The task's containers as ECS JSON: the registry (credentials only from
    `secrets`: its SCRAM user and, with authentication, its Basic credentials;
    read-only root filesystem) after a root init container that makes its
    writable volumes its own.

    The Basic credentials are pinned to their secret version
    (`arn:json-key:version-stage:version-id`, Amazon ECS Developer Guide,
    "Pass Secrets Manager secrets through environment variables"): a new
    password is a new task definition revision and a rolling deployment, so
    the registry never keeps serving an old password file."""
    basic_auth = (
        [
            {
                "name": BASIC_USERNAME_VARIABLE,
                "valueFrom": f"{basic_auth_secret_arn}:username::{basic_auth_version_id}",
            },
            {
                "name": BASIC_PASSWORD_VARIABLE,
                "valueFrom": f"{basic_auth_secret_arn}:password::{basic_auth_version_id}",
            },
        ]
        if basic_auth_secret_arn
        else []
    )
    mount_points = [{"sourceVolume": name, "containerPath": path} for name, path in WRITABLE_PATHS.items()]
    init = {
        "name": INIT_CONTAINER_NAME,
        "image": image,
        "essential": False,
        "user": "0",
        "entryPoint": ["/bin/sh", "-c"],
        "command": [INIT_SCRIPT],
        "mountPoints": mount_points,
        "readonlyRootFilesystem": True,
        "logConfiguration": _awslogs(log_group_name, region, INIT_CONTAINER_NAME),
    }
    container = {
        "name": CONTAINER_NAME,
        "image": image,
        "essential": True,
        "entryPoint": ["/bin/sh", "-c"],
        "command": [START_SCRIPT],
        "portMappings": [{"containerPort": catalog.SCHEMA_REGISTRY_PORT, "protocol": "tcp", "name": "http"}],
        "environment": [{"name": k, "value": v} for k, v in sorted(environment.items())],
        "secrets": [
            {"name": USERNAME_VARIABLE, "valueFrom": f"{secret_arn}:username::"},
            {"name": PASSWORD_VARIABLE, "valueFrom": f"{secret_arn}:password::"},
            *basic_auth,
        ],
        "readonlyRootFilesystem": True,
        "mountPoints": mount_points,
        "dependsOn": [{"containerName": INIT_CONTAINER_NAME, "condition": "SUCCESS"}],
        "logConfiguration": _awslogs(log_group_name, region, CONTAINER_NAME),
    }
    return json.dumps([init, container])


def registry_alarm_specs(load_balancer: pulumi.Input[str], target_group: pulumi.Input[str]) -> list[AlarmSpec]:
    """The registry is down or failing. AWS/ApplicationELB metrics with the
    `LoadBalancer` and `TargetGroup` dimensions (the ARN suffixes; Elastic Load
    Balancing, "CloudWatch metrics for your Application Load Balancer")."""
    dims = {"LoadBalancer": load_balancer, "TargetGroup": target_group}
    elb = "AWS/ApplicationELB"
    return [
        AlarmSpec(
            "no-healthy-task",
            "Schema registry: no healthy task behind the load balancer (clients and connectors get 503)",
            ("HealthyHostCount",), "Minimum", dims, "LessThanThreshold", 1,
            period=60, evaluation_periods=3, namespace=elb, treat_missing_data="breaching",
        ),
        AlarmSpec(
            "unhealthy-tasks",
            "Schema registry: a task fails its health check for 5 minutes",
            ("UnHealthyHostCount",), "Maximum", dims, "GreaterThanThreshold", 0,
            period=60, evaluation_periods=5, namespace=elb,
        ),
        AlarmSpec(
            "5xx",
            "Schema registry: more than 5 server errors in 5 minutes",
            ("HTTPCode_Target_5XX_Count",), "Sum", dims, "GreaterThanThreshold", 5,
            namespace=elb, treat_missing_data="notBreaching",
        ),
    ]  # fmt: skip


def require_deployed(requested: str, running: str) -> str:
    """`running` (the task definition the service reports after `pulumi up`)
    when it is the one requested; else the deployment was rolled back.

    With the deployment circuit breaker's rollback, ECS puts the previous
    revision back when the new tasks never become healthy, and the provider's
    steady-state waiter then sees a stable service and reports success
    (terraform-provider-aws issues #19519, #20858). The service's
    `task_definition` is read back from DescribeServices after the update, so
    a mismatch is the rollback: fail the update while the old tasks serve.
    """
    if running != requested:
        raise pulumi.RunError(
            f"the schema registry's deployment of {requested} was rolled back by the ECS deployment circuit "
            f"breaker; {running} is still serving. Look at the service's events and the container logs, fix the "
            "image or task size, and run `pulumi up` again"
        )
    return running


def ecr_repository_arn(image: str, partition: str) -> str | None:
    """ARN of the ECR repository an image comes from, or None for other registries."""
    match = _ECR_IMAGE.match(image)
    if match is None:
        return None
    return f"arn:{partition}:ecr:{match['region']}:{match['account']}:repository/{match['repo']}"


class SchemaRegistryService(pulumi.ComponentResource):
    """Confluent Schema Registry on ECS Fargate behind an internal ALB.

    Outputs: `url` (with scheme), `alb_dns_name`, `service_name`,
    `security_group_id` (the ALB's: what clients are admitted to),
    `task_security_group_id` (what the brokers admit), `log_group_name`,
    `execution_role_arn`, `task_role_arn`, `task_definition_arn` (the revision
    that serves; `pulumi up` fails when ECS rolled a new one back),
    `access_log_bucket_name` (None when access logs are off),
    `credentials_secret_arn` and `basic_auth` (the Basic credentials' secret
    and the version clients must wait for; None without authentication).
    """

    url: pulumi.Output[str]
    alb_dns_name: pulumi.Output[str]
    service_name: pulumi.Output[str]
    security_group_id: pulumi.Output[str]
    task_security_group_id: pulumi.Output[str]
    log_group_name: pulumi.Output[str]
    execution_role_arn: pulumi.Output[str]
    task_role_arn: pulumi.Output[str]
    task_definition_arn: pulumi.Output[str]
    access_log_bucket_name: pulumi.Output[str] | None
    credentials_secret_arn: pulumi.Output[str] | None

    def __init__(self, name: str, args: SchemaRegistryServiceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        # The stack-config rules, problems named as SchemaRegistryServiceArgs fields; before any resource.
        check_registry_args(f"SchemaRegistryService '{name}'", args)
        super().__init__(
            component_type("SchemaRegistryService"),
            name,
            None,
            with_former_type(opts, "schema_registry", "SchemaRegistryService"),
        )
        self._name = name
        self.args = args
        self.tags = dict(args.tags)
        self.https = args.service.certificate_arn is not None
        self.listener_port = HTTPS_PORT if self.https else HTTP_PORT
        base_name = args.physical_name or name
        self._partition, self._account_id, self._region = aws_context(
            args.aws_context, pulumi.InvokeOptions(parent=self)
        )

        alb_sg, task_sg = self._security_groups()
        self.security_group_id = alb_sg.id
        self.task_security_group_id = task_sg.id
        self._security_group_rules()

        broker_rule = args.open_brokers(self.task_security_group_id) if args.open_brokers else None

        # The registry's client credentials (not a class annotation: no provider output).
        self.basic_auth: GeneratedCredentials | None = (
            self._basic_auth_secret(base_name) if args.service.authentication else None
        )
        log_group = self._log_group(base_name)
        self.log_group_name = log_group.name
        execution_role, execution_policy = self._execution_role(log_group)
        task_role = self._task_role()
        self.execution_role_arn = execution_role.arn
        self.task_role_arn = task_role.arn

        self.access_log_bucket = self._access_log_bucket() if self._access_logs_on() else None
        alb = self._load_balancer(base_name, self.access_log_bucket)
        target_group = self._target_group()
        listener = self._listener(alb, target_group)
        ecs_cluster = self._ecs_cluster()
        task_definition = self._task_definition(base_name, log_group, execution_role, task_role)
        # Tasks that start before their execution policy or the brokers' rule
        # exist fail to pull secrets or to reach Kafka, and the circuit breaker
        # stops the deployment: neither is an input of the service, so wait explicitly.
        ready = [
            listener,
            execution_policy,
            *filter(None, [broker_rule, self.basic_auth and self.basic_auth.version]),
            *args.kafka_dependencies,
        ]
        service = self._service(ecs_cluster, task_definition, target_group, ready)

        if args.alarm_topic_arn is not None:
            for spec in registry_alarm_specs(alb.arn_suffix, target_group.arn_suffix):
                metric_alarm(self, self._name, spec, args.alarm_topic_arn, self.tags, depends_on=[service])
        self.ecs_cluster_name = ecs_cluster.name
        self.alb_arn_suffix = alb.arn_suffix
        self.target_group_arn_suffix = target_group.arn_suffix
        self.alb_dns_name = alb.dns_name
        self.access_log_bucket_name = self.access_log_bucket.bucket.bucket if self.access_log_bucket else None
        self.credentials_secret_arn = self.basic_auth.secret.arn if self.basic_auth else None
        self.service_name = service.name
        self.task_definition_arn = pulumi.Output.all(task_definition.arn, service.task_definition).apply(
            lambda arns: require_deployed(arns[0], arns[1])
        )
        scheme = "https" if self.https else "http"
        host = pulumi.Output.from_input(args.service.host_name) if args.service.host_name else alb.dns_name
        self.url = host.apply(lambda h: f"{scheme}://{h}")
        self.register_outputs(
            {
                "url": self.url,
                "albDnsName": self.alb_dns_name,
                "serviceName": self.service_name,
                "securityGroupId": self.security_group_id,
                "taskSecurityGroupId": self.task_security_group_id,
                "logGroupName": self.log_group_name,
                "taskDefinitionArn": self.task_definition_arn,
                "accessLogBucketName": self.access_log_bucket_name,
                "credentialsSecretArn": self.credentials_secret_arn,
            }
        )

    # --- public helpers ----------------------------------------------------------------------

    def allow_clients_from(self, label: str, security_group_id: pulumi.Input[str]) -> pulumi.Resource:
        """Let one security group reach the registry's listener (e.g. the connector's); returns the rule."""
        return self._rule(
            f"in-{label}",
            "ingress",
            self.security_group_id,
            self.listener_port,
            f"Schema Registry clients: {label}",
            referenced_security_group_id=security_group_id,
        )

    # --- network -------------------------------------------------------------------------------

    def _security_groups(self) -> tuple[aws.ec2.SecurityGroup, aws.ec2.SecurityGroup]:
        def group(suffix: str, description: str) -> aws.ec2.SecurityGroup:
            return rules_only_security_group(f"{self._name}-{suffix}", description, self.args.vpc_id, self, self.tags)

        return (
            group("alb", "Schema Registry ALB: listener for registry clients only"),
            group("tasks", "Schema Registry tasks: from the ALB and each other; to brokers and HTTPS"),
        )

    def _rule(
        self,
        suffix: str,
        direction: Direction,
        group_id: pulumi.Input[str],
        port: int,
        description: str,
        **peer: pulumi.Input[str],
    ) -> pulumi.Resource:
        return security_group_rule(
            f"{self._name}-{suffix}", direction, group_id, port, description, self, self.tags, **peer
        )

    def _security_group_rules(self) -> None:
        """clients -> ALB listener; ALB -> tasks 8081; tasks <-> tasks 8081;
        tasks -> brokers 9096 and HTTPS out (image pull, Secrets Manager, logs)."""
        alb, tasks, port = self.security_group_id, self.task_security_group_id, catalog.SCHEMA_REGISTRY_PORT
        brokers = self.args.broker_security_group_id
        chain: list[tuple[str, Direction, pulumi.Input[str], int, str, pulumi.Input[str]]] = [
            # (name, direction, on group, port, description, peer group)
            ("alb-to-tasks", "egress", alb, port, "ALB to the registry tasks", tasks),
            ("tasks-from-alb", "ingress", tasks, port, "Registry port from the ALB", alb),
            ("tasks-from-tasks", "ingress", tasks, port, "Followers forward writes to the leader", tasks),
            ("tasks-to-tasks", "egress", tasks, port, "Forward writes to the leader task", tasks),
            ("tasks-to-brokers", "egress", tasks, catalog.PORT_SASL_SCRAM, "SASL/SCRAM to the MSK brokers", brokers),
        ]
        for suffix, direction, group, rule_port, description, peer in chain:
            self._rule(suffix, direction, group, rule_port, description, referenced_security_group_id=peer)
        anywhere = "0.0.0.0/0"
        self._rule(
            "tasks-to-https", "egress", tasks, catalog.PORT_HTTPS, "HTTPS: image pull, AWS APIs", cidr_ipv4=anywhere
        )
        listener = self.listener_port
        for i, cidr in enumerate(self.args.client_cidrs):
            self._rule(f"in-cidr{i}", "ingress", alb, listener, f"Registry clients from {cidr}", cidr_ipv4=cidr)
        for i, group in enumerate(self.args.client_security_group_ids):
            self.allow_clients_from(f"sg{i}", group)

    # --- identity and logs -----------------------------------------------------------------------

    def _log_group(self, base_name: str) -> aws.cloudwatch.LogGroup:
        return encrypted_log_group(
            f"{self._name}-logs",
            f"/ecs/{base_name}",
            self.args.log_retention_days,
            self.args.credentials_kms_key_arn,
            self,
            self.tags,
        )

    def _role(self, suffix: str, description: str) -> aws.iam.Role:
        return service_role(
            f"{self._name}-{suffix}", "ecs-tasks.amazonaws.com", description, self._account_id, self, self.tags
        )

    def _basic_auth_secret(self, base_name: str) -> GeneratedCredentials:
        """Generated Basic credentials `{"username", "password"}` under the stack's
        CMK. A fixed name (clients and the connectors' config provider find it by
        name), protected and kept 30 days after deletion where the stack is."""
        return generated_credentials(
            self,
            f"{self._name}-basic-auth",
            secret_name=f"{base_name}/basic-auth",
            username=BASIC_AUTH_USER,
            description=f"HTTP Basic credentials of the Schema Registry {base_name}",
            kms_key_arn=self.args.credentials_kms_key_arn,
            protect=self.args.protect,
            tags=self.tags,
        )

    def _execution_role(self, log_group: aws.cloudwatch.LogGroup) -> tuple[aws.iam.Role, aws.iam.RolePolicy]:
        role = self._role("execution", "ECS starts Schema Registry tasks: logs, its secrets, image pull")
        repository = ecr_repository_arn(self.args.service.image, self._partition)
        secrets = [self.args.credentials_secret_arn, *([self.basic_auth.secret.arn] if self.basic_auth else [])]
        policy = pulumi.Output.all(log_group.arn, self.args.credentials_kms_key_arn, *secrets).apply(
            lambda a: json.dumps(task_execution_policy(a[0], a[2:], a[1], self._region, ecr_repository_arn=repository))
        )
        return role, inline_role_policy(f"{self._name}-execution-policy", role, policy, self)

    def _task_role(self) -> aws.iam.Role:
        # The registry calls no AWS API (Kafka auth is SCRAM), so its role has no policy.
        return self._role("task", "Schema Registry application role (no AWS permissions)")

    # --- load balancer -----------------------------------------------------------------------

    def _access_logs_on(self) -> bool:
        return self.args.service.access_logs is not False

    def _access_log_bucket(self) -> PrivateBucket:
        """Where the ALB writes its access logs: SSE-S3 (the only encryption ELB
        delivery accepts), ELB allowed to write under its prefix only, current
        logs kept for the stack's log retention."""
        days = self.args.log_retention_days

        def elb_may_write(bucket_arn: str) -> list[dict[str, Any]]:
            return elb_access_log_statements(
                bucket_arn, catalog.ALB_ACCESS_LOG_PREFIX, self._account_id, self._region, self._partition
            )

        return private_bucket(
            self,
            f"{self._name}-access-logs",
            lifecycle=Lifecycle(rule_id="expire-access-logs", noncurrent_days=1, expiration_days=days),
            tags=self.tags,
            policy_statements=elb_may_write,
            protect=self.args.protect,
            # ELB's objects are not Pulumi's: an unprotected stack must survive destroy + up.
            force_destroy=not self.args.protect,
        )

    def _load_balancer(self, base_name: str, access_logs: PrivateBucket | None) -> aws.lb.LoadBalancer:
        # ELB checks that it may write to the bucket when access logs are
        # turned on ("Access Denied for bucket"): the policy must exist first.
        logging = (
            {
                "access_logs": aws.lb.LoadBalancerAccessLogsArgs(
                    bucket=access_logs.bucket.bucket, prefix=catalog.ALB_ACCESS_LOG_PREFIX, enabled=True
                )
            }
            if access_logs
            else {}
        )
        return aws.lb.LoadBalancer(
            f"{self._name}-alb",
            name=physical_name("aws:lb/loadBalancer:LoadBalancer", base_name),
            internal=True,
            load_balancer_type="application",
            subnets=self.args.subnet_ids,
            security_groups=[self.security_group_id],
            drop_invalid_header_fields=True,
            enable_deletion_protection=self.args.protect,
            tags=self.tags,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[access_logs.policy] if access_logs else None),
            **logging,
        )

    def _target_group(self) -> aws.lb.TargetGroup:
        return aws.lb.TargetGroup(
            f"{self._name}-targets",
            name_prefix="sr-",  # a generated name lets a replacement be created before the old one goes
            port=catalog.SCHEMA_REGISTRY_PORT,
            protocol="HTTP",
            target_type="ip",
            vpc_id=self.args.vpc_id,
            deregistration_delay=DEREGISTRATION_DELAY_SECONDS,
            health_check=aws.lb.TargetGroupHealthCheckArgs(
                path="/",
                matcher=HEALTHY_CODES_WITH_AUTH if self.args.service.authentication else "200",
                interval=15,
                timeout=5,
                healthy_threshold=2,
                unhealthy_threshold=3,
            ),
            tags=self.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _listener(self, alb: aws.lb.LoadBalancer, target_group: aws.lb.TargetGroup) -> aws.lb.Listener:
        tls = (
            {"ssl_policy": self.args.ssl_policy, "certificate_arn": self.args.service.certificate_arn}
            if self.https
            else {}
        )
        return aws.lb.Listener(
            f"{self._name}-listener",
            load_balancer_arn=alb.arn,
            port=self.listener_port,
            protocol="HTTPS" if self.https else "HTTP",
            default_actions=[aws.lb.ListenerDefaultActionArgs(type="forward", target_group_arn=target_group.arn)],
            tags=self.tags,
            opts=pulumi.ResourceOptions(parent=self),
            **tls,
        )

    # --- ECS -----------------------------------------------------------------------------------

    def _ecs_cluster(self) -> aws.ecs.Cluster:
        return aws.ecs.Cluster(
            logical_name("aws:ecs/cluster:Cluster", f"{self._name}-ecs"),
            settings=[aws.ecs.ClusterSettingArgs(name="containerInsights", value="enabled")],
            tags=self.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _task_definition(
        self,
        base_name: str,
        log_group: aws.cloudwatch.LogGroup,
        execution_role: aws.iam.Role,
        task_role: aws.iam.Role,
    ) -> aws.ecs.TaskDefinition:
        args = self.args
        basic_auth_arn = self.basic_auth.secret.arn if self.basic_auth else None
        basic_auth_version = self.basic_auth.version.version_id if self.basic_auth else ""
        definitions = pulumi.Output.all(
            args.bootstrap_brokers, args.credentials_secret_arn, log_group.name, basic_auth_arn, basic_auth_version
        ).apply(
            lambda a: container_definitions(
                image=args.service.image,
                environment=registry_environment(
                    a[0],
                    args.schemas_replication_factor,
                    args.service.compatibility_level,
                    args.service.memory,
                    authentication=args.service.authentication,
                    leader_eligible=args.leader_eligible,
                ),
                secret_arn=a[1],
                log_group_name=a[2],
                region=self._region,
                basic_auth_secret_arn=a[3],
                basic_auth_version_id=a[4],
            )
        )
        return aws.ecs.TaskDefinition(
            f"{self._name}-task",
            family=physical_name("aws:ecs/taskDefinition:TaskDefinition", base_name),
            cpu=str(args.service.cpu),
            memory=str(args.service.memory),
            network_mode="awsvpc",
            requires_compatibilities=["FARGATE"],
            runtime_platform=aws.ecs.TaskDefinitionRuntimePlatformArgs(
                operating_system_family="LINUX", cpu_architecture="X86_64"
            ),
            execution_role_arn=execution_role.arn,
            task_role_arn=task_role.arn,
            container_definitions=definitions,
            volumes=[aws.ecs.TaskDefinitionVolumeArgs(name=name) for name in WRITABLE_PATHS],
            tags=self.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _service(
        self,
        ecs_cluster: aws.ecs.Cluster,
        task_definition: aws.ecs.TaskDefinition,
        target_group: aws.lb.TargetGroup,
        ready: Sequence[pulumi.Resource],
    ) -> aws.ecs.Service:
        """The service; `ready` is what must exist before its first task starts."""
        args = self.args
        return aws.ecs.Service(
            logical_name("aws:ecs/service:Service", f"{self._name}-service"),
            cluster=ecs_cluster.arn,
            task_definition=task_definition.arn,
            launch_type="FARGATE",
            desired_count=args.service.desired_count,
            # Fargate spreads a service's tasks over the subnets' AZs; rebalancing
            # moves them back after an AZ recovers.
            availability_zone_rebalancing="ENABLED",
            network_configuration=aws.ecs.ServiceNetworkConfigurationArgs(
                subnets=args.subnet_ids,
                security_groups=[self.task_security_group_id],
                assign_public_ip=False,
            ),
            load_balancers=[
                aws.ecs.ServiceLoadBalancerArgs(
                    target_group_arn=target_group.arn,
                    container_name=CONTAINER_NAME,
                    container_port=catalog.SCHEMA_REGISTRY_PORT,
                )
            ],
            health_check_grace_period_seconds=HEALTH_CHECK_GRACE_SECONDS,
            deployment_minimum_healthy_percent=100,
            deployment_maximum_percent=200,
            deployment_circuit_breaker=aws.ecs.ServiceDeploymentCircuitBreakerArgs(enable=True, rollback=True),
            propagate_tags="SERVICE",
            enable_ecs_managed_tags=True,
            # `pulumi up` waits for healthy tasks; a deployment the circuit breaker
            # rolls back also ends "steady", which `task_definition_arn` turns into a failure.
            wait_for_steady_state=True,
            tags=self.tags,
            # The target group must be attached to the ALB (listener) first.
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(ready)),
        )
