"""SchemaRegistryService: ECS Fargate task and service, storage on MSK over
SCRAM, the internal ALB (HTTP and HTTPS), the security-group chain, roles,
and what waits for the cluster."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from components import catalog
from components.registry.service import (
    BASIC_AUTH_REALM,
    BASIC_AUTH_USER,
    BASIC_PASSWORD_VARIABLE,
    BASIC_USERNAME_VARIABLE,
    CONTAINER_NAME,
    INIT_CONTAINER_NAME,
    JAAS_LOGIN_MODULE,
    PASSWORD_VARIABLE,
    START_SCRIPT,
    USERNAME_VARIABLE,
    WRITABLE_PATHS,
    ecr_repository_arn,
    heap_options,
)
from tests.conftest import ALL_STACKS, STACKS
from tools.mock_runner import PlatformMocks, ProgramFailed, ProgramRun, RecordedResource, Secret, run_program

REGISTRY = "streaming-platform:index:SchemaRegistryService"
MSK = "streaming-platform:index:MskCluster"
SERVICE = "aws:ecs/service:Service"
TASK = "aws:ecs/taskDefinition:TaskDefinition"
ALB = "aws:lb/loadBalancer:LoadBalancer"
TARGETS = "aws:lb/targetGroup:TargetGroup"
LISTENER = "aws:lb/listener:Listener"
ROLE = "aws:iam/role:Role"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
SECRET = "aws:secretsmanager/secret:Secret"
CERTIFICATE = "arn:aws:acm:eu-west-2:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
HTTPS = {"schemaRegistry": {"certificateArn": CERTIFICATE, "hostName": "schema-registry.example.internal"}}


def container(run: ProgramRun) -> dict[str, Any]:
    """The registry container (the task also has a short init container)."""
    definitions = json.loads(run.one(TASK).inputs["containerDefinitions"])
    return next(d for d in definitions if d["name"] == CONTAINER_NAME)


def registry_secret(run: ProgramRun) -> RecordedResource:
    return next(s for s in run.of_type(SECRET) if s.inputs["name"].endswith("_schema-registry"))


def basic_auth_secret(run: ProgramRun) -> RecordedResource:
    return next(s for s in run.of_type(SECRET) if s.inputs["name"].endswith("-registry/basic-auth"))


def named(run: ProgramRun, suffix: str) -> RecordedResource:
    return run.named(f"streaming-platform-{run.stack}-schema-registry-{suffix}")


# --- ECS --------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_ecs_cluster_has_container_insights(run_stack, stack: str) -> None:
    cluster = run_stack(stack).one("aws:ecs/cluster:Cluster").inputs
    assert cluster["settings"] == [{"name": "containerInsights", "value": "enabled"}]


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_task_definition_is_fargate_awsvpc_with_separate_roles(run_stack, stack: str) -> None:
    run = run_stack(stack)
    task = run.one(TASK).inputs
    assert task["networkMode"] == "awsvpc"
    assert task["requiresCompatibilities"] == ["FARGATE"]
    assert task["executionRoleArn"] == named(run, "execution").outputs["arn"]
    assert task["taskRoleArn"] == named(run, "task").outputs["arn"]
    assert task["executionRoleArn"] != task["taskRoleArn"]


@pytest.mark.parametrize("stack", STACKS)
def test_container_reaches_msk_over_sasl_ssl_scram_on_the_scram_bootstrap(run_stack, stack: str) -> None:
    run = run_stack(stack)
    env = {e["name"]: e["value"] for e in container(run)["environment"]}
    assert env["SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"] == run.outputs["bootstrapBrokersSaslScram"]
    assert env["SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert env["SCHEMA_REGISTRY_KAFKASTORE_SASL_MECHANISM"] == "SCRAM-SHA-512"
    assert env["SCHEMA_REGISTRY_KAFKASTORE_TOPIC"] == "_schemas"
    assert env["SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR"] == {"dev": "2", "prod": "3"}[stack]
    assert env["SCHEMA_REGISTRY_LISTENERS"] == "http://0.0.0.0:8081"
    assert env["SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL"] == "BACKWARD"
    assert env["SCHEMA_REGISTRY_HEAP_OPTS"] == {"dev": "-Xms614m -Xmx614m", "prod": "-Xms1228m -Xmx1228m"}[stack]
    assert container(run)["image"] == "confluentinc/cp-schema-registry:8.1.1"
    assert container(run)["portMappings"] == [{"containerPort": 8081, "protocol": "tcp", "name": "http"}]


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_credentials_come_only_from_the_task_secrets(run_stack, stack: str) -> None:
    run = run_stack(stack)
    definition = container(run)
    secret_arn = registry_secret(run).outputs["arn"]
    basic_arn = basic_auth_secret(run).outputs["arn"]
    # pinned to the value's version: a new password rolls the tasks
    version = named(run, "basic-auth-secret-value").outputs["versionId"]
    assert definition["secrets"] == [
        {"name": USERNAME_VARIABLE, "valueFrom": f"{secret_arn}:username::"},
        {"name": PASSWORD_VARIABLE, "valueFrom": f"{secret_arn}:password::"},
        {"name": BASIC_USERNAME_VARIABLE, "valueFrom": f"{basic_arn}:username::{version}"},
        {"name": BASIC_PASSWORD_VARIABLE, "valueFrom": f"{basic_arn}:password::{version}"},
    ]
    passwords = [p.outputs["result"] for p in run.of_type("random:index/randomPassword:RandomPassword")]
    assert len(passwords) == 2, "SCRAM and Basic"
    for variable in definition["environment"]:
        assert "JAAS" not in variable["name"]
        assert "ScramLoginModule" not in variable["value"]
        assert "password" not in variable["value"].lower() and "password" not in variable["name"].lower()
    assert not any(p in json.dumps(definition) for p in passwords)


def test_start_script_sets_the_task_ip_and_assembles_jaas_from_the_secrets() -> None:
    assert 'SCHEMA_REGISTRY_HOST_NAME="$(hostname -i' in START_SCRIPT
    assert "export SCHEMA_REGISTRY_HOST_NAME" in START_SCRIPT
    assert "ScramLoginModule required" in START_SCRIPT
    assert f'username=\\"${USERNAME_VARIABLE}\\"' in START_SCRIPT
    assert f'password=\\"${PASSWORD_VARIABLE}\\"' in START_SCRIPT
    assert f"unset {USERNAME_VARIABLE} {PASSWORD_VARIABLE}" in START_SCRIPT
    assert START_SCRIPT.rstrip().endswith("exec /etc/confluent/docker/run")
    assert not USERNAME_VARIABLE.startswith("SCHEMA_REGISTRY_"), "the image would turn it into a property"


def test_container_runs_the_start_script_and_logs_to_its_group(run_stack) -> None:
    run = run_stack("prod")
    definition = container(run)
    assert definition["entryPoint"] == ["/bin/sh", "-c"] and definition["command"] == [START_SCRIPT]
    assert definition["logConfiguration"] == {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": run.outputs["schemaRegistryLogGroupName"],
            "awslogs-region": "eu-west-2",
            "awslogs-stream-prefix": "schema-registry",
        },
    }


@pytest.mark.parametrize("stack", STACKS)
def test_service_is_private_highly_available_and_rolls_back(run_stack, stack: str) -> None:
    run = run_stack(stack)
    service = run.one(SERVICE).inputs
    assert service["launchType"] == "FARGATE"
    assert service["desiredCount"] == {"dev": 1, "prod": 2}[stack]
    network = service["networkConfiguration"]
    assert network["assignPublicIp"] is False
    assert network["subnets"] == run.outputs["privateSubnetIds"]
    assert network["securityGroups"] == [named(run, "tasks").id]
    assert service["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}
    assert service["healthCheckGracePeriodSeconds"] == 180
    assert service["availabilityZoneRebalancing"] == "ENABLED"
    assert service["waitForSteadyState"] is True
    assert service["loadBalancers"] == [
        {"targetGroupArn": run.one(TARGETS).outputs["arn"], "containerName": "schema-registry", "containerPort": 8081}
    ]


def test_desired_count_override_reaches_the_service(run_stack) -> None:
    run = run_stack("prod", {"schemaRegistry": {"desiredCount": 4, "cpu": 2048, "memory": 4096}})
    assert run.one(SERVICE).inputs["desiredCount"] == 4
    assert (run.one(TASK).inputs["cpu"], run.one(TASK).inputs["memory"]) == ("2048", "4096")


# --- storage on MSK ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("stack", "rf"), [("dev", 2), ("prod", 3)])
def test_schemas_topic_is_compacted_single_partition_and_protected_in_prod(run_stack, stack: str, rf: int) -> None:
    run = run_stack(stack)
    topic = next(t for t in run.of_type("aws:msk/topic:Topic") if t.inputs["name"] == "_schemas")
    assert topic.inputs["partitionCount"] == 1
    assert topic.inputs["replicationFactor"] == rf
    assert json.loads(topic.inputs["configs"])["cleanup.policy"] == "compact"
    assert topic.protect is (stack == "prod")


def test_registry_has_its_own_scram_user_secret_under_the_cmk(run_stack) -> None:
    run = run_stack("prod")
    secret = registry_secret(run)
    assert secret.inputs["name"] == "AmazonMSK_streaming-platform-prod_schema-registry"
    assert secret.inputs["kmsKeyId"] == run.outputs["kmsKeyArn"]
    association = run.one("aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation").inputs
    assert association["secretArn"] == secret.outputs["arn"]


def test_no_rds_database_anywhere(run_stack) -> None:
    for stack in STACKS:
        assert not [r for r in run_stack(stack).resources if r.type.startswith("aws:rds/")]


# --- load balancer ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", STACKS)
def test_alb_is_internal_drops_bad_headers_and_is_protected_in_prod(run_stack, stack: str) -> None:
    run = run_stack(stack)
    alb = run.one(ALB).inputs
    assert alb["internal"] is True
    assert alb["loadBalancerType"] == "application"
    assert alb["dropInvalidHeaderFields"] is True
    assert alb["enableDeletionProtection"] is (stack == "prod")
    assert alb["subnets"] == run.outputs["privateSubnetIds"]
    assert alb["securityGroups"] == [run.outputs["schemaRegistrySecurityGroupId"]]
    assert alb["name"] == f"streaming-platform-{stack}-registry" and len(alb["name"]) <= 32


def test_target_group_checks_health_on_root_and_drains_quickly(run_stack) -> None:
    targets = run_stack("prod").one(TARGETS).inputs
    assert (targets["targetType"], targets["port"], targets["protocol"]) == ("ip", 8081, "HTTP")
    assert targets["healthCheck"]["path"] == "/"
    # The check sends no credentials: with authentication on, the serving registry answers 401.
    assert targets["healthCheck"]["matcher"] == "200,401"
    open_registry = run_stack("dev", {"schemaRegistry.authentication": False}).one(TARGETS).inputs
    assert open_registry["healthCheck"]["matcher"] == "200"
    assert targets["deregistrationDelay"] == 30
    assert len(targets["namePrefix"]) <= 6


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_http_listener_by_default(run_stack, stack: str) -> None:
    run = run_stack(stack)
    listener = run.one(LISTENER).inputs
    assert (listener["port"], listener["protocol"]) == (80, "HTTP")
    assert "certificateArn" not in listener and "sslPolicy" not in listener
    assert listener["defaultActions"] == [{"type": "forward", "targetGroupArn": run.one(TARGETS).outputs["arn"]}]
    assert run.outputs["schemaRegistryUrl"] == f"http://{run.one(ALB).outputs['dnsName']}"


def test_https_listener_with_a_modern_tls_policy_when_a_certificate_is_given(run_stack) -> None:
    run = run_stack("prod", HTTPS)
    listener = run.one(LISTENER).inputs
    assert (listener["port"], listener["protocol"]) == (443, "HTTPS")
    assert listener["certificateArn"] == CERTIFICATE
    assert listener["sslPolicy"] == catalog.ALB_TLS_POLICY and "TLS13" in listener["sslPolicy"]
    assert run.outputs["schemaRegistryUrl"] == "https://schema-registry.example.internal"
    alb_group = run.outputs["schemaRegistrySecurityGroupId"]
    assert all(r.inputs["fromPort"] == 443 for r in run.of_type(INGRESS) if r.inputs["securityGroupId"] == alb_group)


# --- security groups -------------------------------------------------------------------------------------


def rules_of(run: ProgramRun, group_id: str) -> set[tuple[str, int, str]]:
    """(direction, port, peer) of every rule on one group."""
    found = set()
    for kind, direction in ((INGRESS, "in"), (EGRESS, "out")):
        for rule in run.of_type(kind):
            inputs = rule.inputs
            if inputs["securityGroupId"] == group_id:
                assert inputs["description"], rule.name
                assert inputs["ipProtocol"] == "tcp" and inputs["fromPort"] == inputs["toPort"]
                peer = inputs.get("referencedSecurityGroupId") or inputs["cidrIpv4"]
                found.add((direction, inputs["fromPort"], peer))
    return found


@pytest.mark.parametrize("stack", STACKS)
def test_security_groups_form_a_chain(run_deployed, stack: str) -> None:
    run = run_deployed(stack)
    alb, tasks = named(run, "alb").id, named(run, "tasks").id
    brokers = run.outputs["brokerSecurityGroupId"]
    connector = run.named(f"streaming-platform-{stack}-orders-to-snowflake-workers").id
    clients = {("in", 80, "10.40.0.0/16")} if stack == "dev" else set()
    assert rules_of(run, alb) == clients | {("in", 80, connector), ("out", 8081, tasks)}
    assert rules_of(run, tasks) == {
        ("in", 8081, alb),
        ("in", 8081, tasks),
        ("out", 8081, tasks),
        ("out", 9096, brokers),
        ("out", 443, "0.0.0.0/0"),
    }
    assert ("in", 9096, tasks) in rules_of(run, brokers)


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_no_ingress_from_anywhere_and_no_inline_rules(run_stack, stack: str) -> None:
    run = run_stack(stack)
    assert all(r.inputs.get("cidrIpv4") != "0.0.0.0/0" for r in run.of_type(INGRESS))
    for group in run.of_type("aws:ec2/securityGroup:SecurityGroup", within=REGISTRY):
        assert group.inputs["description"]
        assert not group.inputs.get("ingress") and not group.inputs.get("egress")


def test_client_security_groups_reach_the_listener(run_stack) -> None:
    run = run_stack("prod", {"clientAccess": {"securityGroupIds": ["sg-0123456789abcdef0"]}})
    alb = run.outputs["schemaRegistrySecurityGroupId"]
    assert ("in", 80, "sg-0123456789abcdef0") in rules_of(run, alb)


# --- roles and logs -------------------------------------------------------------------------------------


def execution_statements(run: ProgramRun) -> list[dict[str, Any]]:
    policy = named(run, "execution-policy").inputs
    assert policy["role"] == named(run, "execution").id
    return json.loads(policy["policy"])["Statement"]


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_roles_trust_only_ecs_tasks_of_this_account(run_stack, stack: str) -> None:
    run = run_stack(stack)
    for role in run.of_type(ROLE, within=REGISTRY):
        (statement,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
        assert statement["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
        assert statement["Action"] == "sts:AssumeRole"
        assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}


@pytest.mark.parametrize("stack", STACKS)
def test_execution_role_reads_its_secrets_decrypts_with_one_key_and_writes_one_log_group(run_stack, stack: str) -> None:
    run = run_stack(stack)
    log_group = named(run, "logs").outputs["arn"]
    by_action = {action: s for s in execution_statements(run) for action in s["Action"]}
    assert set(by_action) == {
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "secretsmanager:GetSecretValue",
        "kms:Decrypt",
    }
    assert by_action["logs:PutLogEvents"]["Resource"] == [log_group, f"{log_group}:log-stream:*"]
    assert by_action["secretsmanager:GetSecretValue"]["Resource"] == [
        registry_secret(run).outputs["arn"],
        basic_auth_secret(run).outputs["arn"],
    ]
    decrypt = by_action["kms:Decrypt"]
    assert decrypt["Resource"] == [run.outputs["kmsKeyArn"]]
    assert decrypt["Condition"] == {"StringEquals": {"kms:ViaService": "secretsmanager.eu-west-2.amazonaws.com"}}


def test_task_role_has_no_permissions(run_stack) -> None:
    run = run_stack("prod")
    task_role = named(run, "task").id
    assert [p for p in run.of_type("aws:iam/rolePolicy:RolePolicy") if p.inputs["role"] == task_role] == []
    assert run.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment") == []


def test_an_ecr_image_may_be_pulled_from_its_repository_only(run_stack) -> None:
    image = "123456789012.dkr.ecr.eu-west-2.amazonaws.com/mirror/cp-schema-registry:8.1.1"
    run = run_stack("prod", {"schemaRegistry": {"image": image}})
    by_sid = {s["Sid"]: s for s in execution_statements(run)}
    assert by_sid["PullOneRepository"]["Resource"] == [
        "arn:aws:ecr:eu-west-2:123456789012:repository/mirror/cp-schema-registry"
    ]
    assert by_sid["EcrLogin"] == {
        "Sid": "EcrLogin",
        "Effect": "Allow",
        "Action": ["ecr:GetAuthorizationToken"],
        "Resource": ["*"],
    }
    assert container(run)["image"] == image


def test_ecr_repository_arn_only_for_ecr_images() -> None:
    assert ecr_repository_arn("confluentinc/cp-schema-registry:8.1.1", "aws") is None
    assert (
        ecr_repository_arn("123456789012.dkr.ecr.us-east-1.amazonaws.com/sr@sha256:" + "0" * 64, "aws")
        == "arn:aws:ecr:us-east-1:123456789012:repository/sr"
    )


def test_heap_is_sixty_percent_of_task_memory() -> None:
    assert heap_options(1024) == "-Xms614m -Xmx614m"
    assert heap_options(4096) == "-Xms2457m -Xmx2457m"


@pytest.mark.parametrize(("stack", "days"), [("dev", 30), ("prod", 365)])
def test_log_group_is_encrypted_with_retention(run_stack, stack: str, days: int) -> None:
    run = run_stack(stack)
    group = named(run, "logs").inputs
    assert group["retentionInDays"] == days
    assert group["kmsKeyId"] == run.outputs["kmsKeyArn"]
    assert group["name"] == run.outputs["schemaRegistryLogGroupName"] == f"/ecs/streaming-platform-{stack}-registry"


# --- outputs and ordering ----------------------------------------------------------------------------------


def test_outputs_are_the_components(run_stack) -> None:
    run = run_stack("prod")
    assert run.outputs["schemaRegistryAlbDnsName"] == run.one(ALB).outputs["dnsName"]
    assert run.outputs["schemaRegistryServiceName"] == run.one(SERVICE).outputs["name"]


def waits_for(run: ProgramRun, resource: RecordedResource, target: RecordedResource) -> bool:
    """Whether `resource` depends on `target`, directly or through other resources."""
    by_urn = {r.urn: r for r in run.resources}
    seen: set[str] = set()
    stack = list(resource.dependencies)
    while stack:
        urn = stack.pop()
        if urn == target.urn:
            return True
        if urn in seen or urn not in by_urn:
            continue
        seen.add(urn)
        dependency = by_urn[urn]
        stack.extend(dependency.dependencies)
        # depending on a component means depending on its children
        stack.extend(r.urn for r in run.resources if r.parent == urn)
    return False


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_service_waits_for_its_execution_policy_and_the_brokers_rule(run_stack, stack: str) -> None:
    run = run_stack(stack)
    service = run.one(SERVICE)
    prefix = f"streaming-platform-{stack}"
    rule = run.named(f"{prefix}-msk-in-schema-registry-scram")  # same logical name (URN) as before the rewiring
    assert rule.parent_type == "streaming-platform:index:MskCluster"
    assert rule.inputs["referencedSecurityGroupId"] == run.named(f"{prefix}-schema-registry-tasks").id
    assert {f"{prefix}-schema-registry-execution-policy", rule.name} <= run.waits_for(service)


def test_only_the_task_definition_and_service_wait_for_the_cluster(run_stack) -> None:
    run = run_stack("prod")
    cluster = run.one("aws:msk/cluster:Cluster")
    waiting = {r.type for r in run.resources if r.parent_type == REGISTRY and waits_for(run, r, cluster)}
    # the task definition and service, and the alarms that watch the service
    assert waiting == {TASK, SERVICE, "aws:cloudwatch/metricAlarm:MetricAlarm"}
    assert not waits_for(run, registry_secret(run), cluster), "the SCRAM secret can be created with the cluster"


def test_service_waits_for_listener_schemas_topic_and_scram_user(run_stack) -> None:
    run = run_stack("prod")
    service = run.one(SERVICE)
    topic = next(t for t in run.of_type("aws:msk/topic:Topic") if t.inputs["name"] == "_schemas")
    association = run.one("aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation")
    for target in (run.one(LISTENER), topic, association):
        assert waits_for(run, service, target), target.name


def test_passwords_are_only_in_the_secret_versions(run_deployed) -> None:
    run = run_deployed("prod")  # with its connector, which reads the Basic credentials
    passwords = [p.outputs["result"] for p in run.of_type("random:index/randomPassword:RandomPassword")]
    assert len(passwords) == 2
    for resource in run.resources:
        if resource.type == "aws:secretsmanager/secretVersion:SecretVersion":
            assert isinstance(resource.inputs["secretString"], Secret)
            continue
        for password in passwords:
            assert password not in json.dumps(resource.inputs, default=str), resource.name
    assert not any(p in json.dumps(run.outputs, default=str) for p in passwords)


class RolledBackMocks(PlatformMocks):
    """AWS after the circuit breaker rolled the new revision back: the service reports the old one."""

    def new_resource(self, args):  # type: ignore[no-untyped-def]
        resource_id, state = super().new_resource(args)
        if args.typ == SERVICE:
            state["taskDefinition"] = (
                "arn:aws:ecs:eu-west-2:123456789012:task-definition/streaming-platform-dev-registry:7"
            )
        return resource_id, state


def test_a_rolled_back_registry_deployment_fails_the_update() -> None:
    with pytest.raises(ProgramFailed) as failure:
        run_program("dev", mocks=RolledBackMocks("eu-west-2"))
    message = str(failure.value)
    assert "was rolled back by the ECS deployment circuit breaker" in message
    assert "task-definition/streaming-platform-dev-registry:7 is still serving" in message


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_the_serving_task_definition_is_exported(run_stack, stack: str) -> None:
    run = run_stack(stack)
    assert run.outputs["schemaRegistryTaskDefinitionArn"] == run.one(TASK).outputs["arn"]
    service = run.one(SERVICE).inputs
    assert service["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}
    assert service["waitForSteadyState"] is True


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_the_registry_runs_on_a_read_only_root_with_writable_volumes_where_the_image_writes(run_stack, stack) -> None:
    """AWS FSBP ECS.5: only /etc/schema-registry (rendered config), /usr/logs and /tmp are writable."""
    task = run_stack(stack).one(TASK).inputs
    assert task["volumes"] == [{"name": "config"}, {"name": "logs"}, {"name": "tmp"}]
    init, registry = json.loads(task["containerDefinitions"])
    mounts = [{"sourceVolume": n, "containerPath": p} for n, p in WRITABLE_PATHS.items()]
    assert registry["name"] == CONTAINER_NAME and registry["readonlyRootFilesystem"] is True
    assert registry["mountPoints"] == mounts
    assert registry["dependsOn"] == [{"containerName": INIT_CONTAINER_NAME, "condition": "SUCCESS"}]
    # Fargate bind mounts are root-owned: a short root container hands them to appuser first
    assert (init["name"], init["user"], init["essential"], init["readonlyRootFilesystem"]) == (
        INIT_CONTAINER_NAME,
        "0",
        False,
        True,
    )
    assert init["image"] == registry["image"] and init["mountPoints"] == mounts
    assert init["command"] == ["chown appuser:root /etc/schema-registry /usr/logs && chmod 1777 /tmp"]
    assert "secrets" not in init and "environment" not in init


def test_registry_alarms_say_when_it_is_down_or_failing(run_stack) -> None:
    run = run_stack("prod")
    alarms = {
        a.name.rsplit("-schema-registry-", 1)[1]: a.inputs
        for a in run.of_type("aws:cloudwatch/metricAlarm:MetricAlarm", within=REGISTRY)
    }
    assert set(alarms) == {"no-healthy-task", "unhealthy-tasks", "5xx"}
    alb, targets = run.one(ALB).outputs["arnSuffix"], run.one("aws:lb/targetGroup:TargetGroup").outputs["arnSuffix"]
    for alarm in alarms.values():
        assert alarm["namespace"] == "AWS/ApplicationELB"
        assert alarm["dimensions"] == {"LoadBalancer": alb, "TargetGroup": targets}
        assert alarm["alarmActions"] == [run.outputs["alarmTopicArn"]]
    assert (alarms["no-healthy-task"]["metricName"], alarms["no-healthy-task"]["treatMissingData"]) == (
        "HealthyHostCount",
        "breaching",
    )
    assert alarms["5xx"]["metricName"] == "HTTPCode_Target_5XX_Count" and alarms["5xx"]["statistic"] == "Sum"


# --- ALB access logs --------------------------------------------------------------------------

BUCKET = "aws:s3/bucket:Bucket"
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"


def test_prod_alb_writes_access_logs_to_its_private_bucket(run_stack) -> None:
    run = run_stack("prod")
    bucket = run.one(BUCKET, within=REGISTRY)
    alb = run.one(ALB)
    assert alb.inputs["accessLogs"] == {
        "bucket": bucket.outputs["bucket"],
        "prefix": catalog.ALB_ACCESS_LOG_PREFIX,
        "enabled": True,
    }
    assert run.outputs["schemaRegistryAccessLogBucket"] == bucket.outputs["bucket"]
    assert bucket.protect and bucket.retain_on_delete, "an audit record, protected where the stack is"
    assert "forceDestroy" not in bucket.inputs
    policy = run.one(BUCKET_POLICY, within=REGISTRY)
    # ELB checks its write access when logging is turned on: the policy must exist first.
    assert policy.urn in alb.dependencies
    deny_insecure, elb_writes = json.loads(policy.inputs["policy"])["Statement"]
    assert deny_insecure["Effect"] == "Deny" and deny_insecure["Condition"] == {
        "Bool": {"aws:SecureTransport": "false"}
    }
    assert elb_writes == {
        "Sid": "ElbWritesAccessLogs",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::652711504416:root"},  # eu-west-2's ELB account
        "Action": "s3:PutObject",
        "Resource": f"{bucket.outputs['arn']}/schema-registry/AWSLogs/123456789012/*",
    }
    encryption = run.one(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", within=REGISTRY
    )
    assert encryption.inputs["rules"][0]["applyServerSideEncryptionByDefault"] == {"sseAlgorithm": "AES256"}
    (rule,) = run.one(LIFECYCLE, within=REGISTRY).inputs["rules"]
    assert rule["expiration"] == {"days": 365} and rule["status"] == "Enabled"


def test_dev_has_no_access_logs_unless_asked(run_stack) -> None:
    run = run_stack("dev")
    assert run.of_type(BUCKET, within=REGISTRY) == [] and "accessLogs" not in run.one(ALB).inputs
    assert "schemaRegistryAccessLogBucket" not in run.outputs
    run = run_stack("dev", {"schemaRegistry.accessLogs": True, "logRetentionDays": 30})
    bucket = run.one(BUCKET, within=REGISTRY)
    assert not bucket.protect, "dev is not protected: its bucket neither"
    assert bucket.inputs["forceDestroy"] is True, "destroy empties ELB's logs instead of failing on BucketNotEmpty"
    assert run.one(ALB).inputs["accessLogs"]["enabled"] is True
    assert run.one(LIFECYCLE, within=REGISTRY).inputs["rules"][0]["expiration"] == {"days": 30}


@pytest.mark.parametrize(("stack", "overrides", "on"), [
    ("prod", {"schemaRegistry.accessLogs": False}, False),
    ("dev", {"protect": True}, True),  # unset: follows `protect`
])  # fmt: skip
def test_access_logs_follow_the_key_else_protect(run_stack, stack: str, overrides: dict[str, Any], on: bool) -> None:
    run = run_stack(stack, overrides)
    assert len(run.of_type(BUCKET, within=REGISTRY)) == int(on)
    assert ("accessLogs" in run.one(ALB).inputs) is on


def test_access_logs_must_be_a_boolean(run_stack) -> None:
    with pytest.raises(ProgramFailed, match=r"schemaRegistry\.accessLogs.*'yes'.*must be true or false"):
        run_stack("dev", {"schemaRegistry.accessLogs": "yes"})


# --- HTTP Basic authentication ------------------------------------------------------------------


@pytest.mark.parametrize("stack", STACKS)
def test_basic_authentication_is_on_with_generated_credentials_under_the_stack_key(run_stack, stack: str) -> None:
    run = run_stack(stack)
    environment = {v["name"]: v["value"] for v in container(run)["environment"]}
    assert environment["SCHEMA_REGISTRY_AUTHENTICATION_METHOD"] == "BASIC"
    assert environment["SCHEMA_REGISTRY_AUTHENTICATION_REALM"] == BASIC_AUTH_REALM
    assert environment["SCHEMA_REGISTRY_AUTHENTICATION_ROLES"] == "user"
    secret = basic_auth_secret(run)
    assert secret.inputs["name"] == f"streaming-platform-{stack}-registry/basic-auth"
    assert secret.inputs["kmsKeyId"] == run.outputs["kmsKeyArn"]
    protected = stack == "prod"
    assert secret.protect is protected and secret.inputs["recoveryWindowInDays"] == (30 if protected else 0)
    assert run.outputs["schemaRegistryCredentialsSecretArn"] == secret.outputs["arn"]
    value = named(run, "basic-auth-secret-value")
    assert value.inputs["secretId"] == secret.id and isinstance(value.inputs["secretString"], Secret)
    document = json.loads(value.inputs["secretString"].value)
    password = named(run, "basic-auth-password")
    assert document == {"username": BASIC_AUTH_USER, "password": password.outputs["result"]}
    assert password.inputs["length"] == 32 and password.inputs["special"] is False
    assert value.name in run.waits_for(run.one(SERVICE)), "tasks start once the credentials have a value"


def test_authentication_can_be_turned_off(run_stack) -> None:
    run = run_stack("dev", {"schemaRegistry.authentication": False})
    definition = container(run)
    assert not any(v["name"].startswith("SCHEMA_REGISTRY_AUTHENTICATION") for v in definition["environment"])
    assert [s["name"] for s in definition["secrets"]] == [USERNAME_VARIABLE, PASSWORD_VARIABLE]
    assert len(run.of_type(SECRET)) == 2, "the SCRAM user and the Snowflake key only"
    assert "schemaRegistryCredentialsSecretArn" not in run.outputs


def test_authentication_must_be_a_boolean(run_stack) -> None:
    with pytest.raises(ProgramFailed, match=r"schemaRegistry\.authentication.*'off'.*must be true or false"):
        run_stack("dev", {"schemaRegistry.authentication": "off"})


def _run_basic_auth_part(tmp_path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The start script from the Basic part on, with the config directory in
    `tmp_path` and the image's entry point replaced by a dump of the environment."""
    script = START_SCRIPT[START_SCRIPT.index("if [ -n") :].replace("/etc/schema-registry", str(tmp_path))
    script = script.replace("exec /etc/confluent/docker/run", "env")
    return subprocess.run(
        ["/bin/sh", "-c", "set -eu\n" + script],
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        check=True,
    )


def test_start_script_writes_the_password_and_jaas_files_for_the_jetty_of_the_image(tmp_path) -> None:
    done = _run_basic_auth_part(
        tmp_path, {BASIC_USERNAME_VARIABLE: "registry-client", BASIC_PASSWORD_VARIABLE: "s3cretPassw0rd"}
    )
    passwords = tmp_path / "password.properties"
    assert passwords.read_text() == "registry-client: s3cretPassw0rd,user\n"
    assert passwords.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "jaas.conf").read_text() == (
        f'{BASIC_AUTH_REALM} {{\n  {JAAS_LOGIN_MODULE} required\n  file="{passwords}";\n}};\n'
    )
    assert JAAS_LOGIN_MODULE == "org.eclipse.jetty.security.jaas.spi.PropertyFileLoginModule"  # Jetty 12
    environment = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    assert environment["SCHEMA_REGISTRY_OPTS"].strip() == f"-Djava.security.auth.login.config={tmp_path}/jaas.conf"
    assert BASIC_PASSWORD_VARIABLE not in environment and BASIC_USERNAME_VARIABLE not in environment
    assert "s3cretPassw0rd" not in done.stdout + done.stderr


def test_start_script_writes_nothing_without_credentials(tmp_path) -> None:
    done = _run_basic_auth_part(tmp_path, {})
    assert list(tmp_path.iterdir()) == [] and "SCHEMA_REGISTRY_OPTS" not in done.stdout
