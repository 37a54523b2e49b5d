"""What the offline tools know per resource type, one entry per type.

A type the program registers has exactly one `ResourceType` here: which input
changes replace it (`tools.change`), what is lost with it (the change
preview's blocked and attention rows), whether an update changes outputs
others read, how long AWS takes to create it and whether it must never wait
for the cluster (`tools.deploy_graph`), and how it is priced (`tools.cost`;
every entry says, `FREE` included). A new type is one edit: the tests fail
on a registered type without an entry (tests/tools/test_resource_types.py).

Replacement rules: pulumi-aws bridges terraform-provider-aws, so a resource is
replaced when an input the provider marks `ForceNew` (SDKv2) or
`RequiresReplace` (plugin framework) changes; pulumi-random and pulumi-tls
likewise bridge their Terraform providers. Paths are Pulumi input names
(camelCase), dotted into nested objects; a change at or below a path replaces
the resource. `source` names the provider file the rules were read from (for
the AWS provider, `internal/service/<service>/<file>.go`).

It also says what the offline runs' mocks answer for a type (`mock`, `id_prefix`).

Not here: physical-name limits
(`components/aws/naming.py`, which the program itself needs) and the policy
pack's rules (`policy/baseline.py`, which runs without this checkout's tools).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

ALL_INPUTS = ("*",)
DEFAULT_CREATE_MINUTES = 0.1


@dataclass(frozen=True)
class ReplaceRules:
    """Replacement rules of one resource type."""

    source: str
    replace_on: tuple[str, ...]
    """Input paths whose change forces a new resource; `ALL_INPUTS`: every input."""
    in_place: tuple[str, ...] = ("tags",)
    """With `ALL_INPUTS`: the inputs that still update in place."""

    def replaces(self, path: str) -> bool:
        """Whether a change at `path` (dotted) forces a replacement."""
        head = path.split(".", 1)[0]
        if self.replace_on == ALL_INPUTS:
            return head not in self.in_place
        return any(
            path == rule or path.startswith(f"{rule}.") or rule.startswith(f"{path}.") for rule in self.replace_on
        )


@dataclass(frozen=True)
class Priced:
    """Priced by `tools.cost`'s usage model of this name (`cost.USAGE_PRICERS`)."""

    pricer: str


@dataclass(frozen=True)
class FixedPrice:
    """A flat charge per resource: `book_key` of the price book, per month (or per hour)."""

    description: str
    book_key: str
    hourly: bool = False


@dataclass(frozen=True)
class Free:
    """No charge of its own (what it costs shows on another type's line, or nothing)."""


FREE = Free()


@dataclass(frozen=True)
class MockContext:
    """What a mock answer may use: the region answering (a resource's provider's) and the account."""

    region: str
    account: str

    def arn(self, service: str, resource: str) -> str:
        return f"arn:aws:{service}:{self.region}:{self.account}:{resource}"


def fake_hex(seed: str, length: int = 17) -> str:
    """Hex digits that stand for an id AWS would make: the same for the same seed."""
    return hashlib.sha256(seed.encode()).hexdigest()[:length]


MockAnswer = Callable[[MockContext, str, Mapping[str, Any]], dict[str, Any]]
"""What the offline runs' mocks add to a resource's state (name -> ARN, ids, DNS names, ...)."""


@dataclass(frozen=True, kw_only=True)
class ResourceType:
    """Everything the offline tools know about one resource type."""

    replace: ReplaceRules
    price: Priced | FixedPrice | Free
    data: str | None
    """What is lost when a resource of this type is replaced or deleted (None: nothing)."""
    outputs_changed_by_update: tuple[str, ...] = ()
    """Outputs an *update* changes that other resources refer to (a new revision, a new version)."""
    create_minutes: float = DEFAULT_CREATE_MINUTES
    """Typical creation time (AWS console / provider experience; docs/design.md#performance-targets)."""
    must_not_wait_for_cluster: bool = False
    """Must never wait for the MSK cluster (docs/design.md#performance-targets)."""
    mock: MockAnswer | None = None
    """The offline runs' answer for it; None: an ARN for an AWS type (`tools.mock_runner`)."""
    id_prefix: str = ""
    """How AWS's ids of this type start (`vpc-`, `sg-`, ...): recorded inputs look real."""


def _aws(file: str, *replace_on: str) -> ReplaceRules:
    return ReplaceRules(f"terraform-provider-aws internal/service/{file}", tuple(replace_on))


# --- what the mocks answer, per type -----------------------------------------------------------


def _mock_msk_cluster(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    cluster = state.get("clusterName", name)
    uuid = f"{fake_hex(name, 8)}-{fake_hex(name + 'u', 4)}-{fake_hex(name + 'v', 4)}-1"
    brokers = int(state.get("numberOfBrokerNodes", 3))
    # Like GetBootstrapBrokers: at most three brokers, a selection that
    # changes with the broker count (not necessarily b-1..b-3).
    ids = sorted(random.Random(f"{cluster}/{brokers}").sample(range(1, brokers + 1), min(3, brokers)))
    hosts = [f"b-{i}.{cluster}.abc123.c2.kafka.{ctx.region}.amazonaws.com" for i in ids]
    return {
        "arn": ctx.arn("kafka", f"cluster/{cluster}/{uuid}"),
        "clusterUuid": uuid,
        "currentVersion": "K3AEGXETSR30VB",
        # No TLS (9094) string: MSK returns one only with mutual-TLS or
        # unauthenticated access, and this cluster has neither.
        "bootstrapBrokersTls": "",
        "bootstrapBrokersSaslScram": ",".join(f"{h}:9096" for h in hosts),
        "bootstrapBrokersSaslIam": ",".join(f"{h}:9098" for h in hosts),
    }


def _mock_configuration(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    return {"arn": ctx.arn("kafka", f"configuration/{name}/{fake_hex(name, 8)}-1"), "latestRevision": 1}


def _mock_kms_key(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    key_id = f"{fake_hex(name, 8)}-{fake_hex(name + 'k', 4)}-4abc-8def-{fake_hex(name + 'z', 12)}"
    return {"arn": ctx.arn("kms", f"key/{key_id}"), "keyId": key_id}


def _mock_secretsmanager_secret(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    secret_name = state.get("name", name)
    return {"arn": ctx.arn("secretsmanager", f"secret:{secret_name}-AbCdEf"), "name": secret_name}


def _mock_loggroup(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    group = state.get("name", name)
    return {"arn": ctx.arn("logs", f"log-group:{group}"), "name": group}


def _mock_sns_topic(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    return {"arn": ctx.arn("sns", name), "name": name}


def _mock_iam_policy(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    return {"arn": f"arn:aws:iam::{ctx.account}:policy/{name}"}


def _mock_iam_role(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    return {"arn": f"arn:aws:iam::{ctx.account}:role/{name}", "name": state.get("name", name)}


def _mock_loadbalancer(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    lb_name, region = state.get("name", name), ctx.region
    return {
        "arn": ctx.arn("elasticloadbalancing", f"loadbalancer/app/{lb_name}/{fake_hex(name, 16)}"),
        "arnSuffix": f"app/{lb_name}/{fake_hex(name, 16)}",
        "dnsName": f"internal-{lb_name}-{int(fake_hex(name, 8), 16)}.{region}.elb.amazonaws.com",
    }


def _mock_targetgroup(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "arn": ctx.arn("elasticloadbalancing", f"targetgroup/{name[:24]}/{fake_hex(name, 16)}"),
        "arnSuffix": f"targetgroup/{name[:24]}/{fake_hex(name, 16)}",
    }


def _mock_taskdefinition(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    return {"arn": ctx.arn("ecs", f"task-definition/{state.get('family', name)}:1"), "revision": 1}


def _mock_ecs_service(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": state.get("name", name)}


def _mock_privatekey(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    body = fake_hex(name, 64)
    return {
        "privateKeyPemPkcs8": f"-----BEGIN PRIVATE KEY-----\nMOCKPRIVATE{body}\n-----END PRIVATE KEY-----\n",
        "publicKeyPem": f"-----BEGIN PUBLIC KEY-----\nMOCKPUBLIC{body}\n-----END PUBLIC KEY-----\n",
    }


def _mock_customplugin(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "arn": ctx.arn("kafkaconnect", f"custom-plugin/{name}/{fake_hex(name, 8)}-1"),
        "latestRevision": 1,
    }


def _mock_workerconfiguration(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    arn = ctx.arn("kafkaconnect", f"worker-configuration/{name}/{fake_hex(name, 8)}-1")
    return {"arn": arn, "latestRevision": 1}


def _mock_msk_connect_connector(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    connector = state.get("name", name)
    return {"arn": ctx.arn("kafkaconnect", f"connector/{connector}/{fake_hex(name, 8)}-1")}


def _mock_bucket(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    bucket = f"{name}-{fake_hex(name, 7)}"
    return {"arn": f"arn:aws:s3:::{bucket}", "bucket": bucket}


def _mock_bucketobjectv2(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    return {"versionId": fake_hex(name, 32)}


def _mock_secretversion(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    version = fake_hex(name, 32)
    version_id = f"{version[:8]}-{version[8:12]}-{version[12:16]}-{version[16:20]}-{version[20:]}"
    return {"arn": ctx.arn("secretsmanager", name), "versionId": version_id}


def _mock_randompassword(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    return {"result": f"mock-password-{fake_hex(name, 12)}"}


TYPES: dict[str, ResourceType] = {
    # --- MSK
    "aws:msk/cluster:Cluster": ResourceType(
        mock=_mock_msk_cluster,
        replace=_aws(
            "kafka/cluster.go",
            "clusterName",
            "brokerNodeGroupInfo.azDistribution",
            "brokerNodeGroupInfo.clientSubnets",
            "brokerNodeGroupInfo.securityGroups",
            "encryptionInfo.encryptionAtRestKmsKeyArn",
            "encryptionInfo.encryptionInTransit.inCluster",
        ),
        price=Priced("msk_cluster"),
        data="every topic's messages on the brokers",
        create_minutes=25.0,
    ),
    "aws:msk/configuration:Configuration": ResourceType(
        mock=_mock_configuration,
        replace=_aws("kafka/configuration.go", "name", "kafkaVersions"),
        price=FREE,
        data=None,
        outputs_changed_by_update=("latestRevision",),
    ),
    "aws:msk/topic:Topic": ResourceType(
        replace=_aws("kafka/topic.go", "clusterArn", "name", "replicationFactor"),
        price=FREE,
        data="the topic's messages",
    ),
    # PutClusterPolicy on create and update; no attribute forces a new one.
    "aws:msk/clusterPolicy:ClusterPolicy": ResourceType(
        replace=_aws("kafka/cluster_policy.go"),
        price=FREE,
        data=None,
    ),
    "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation": ResourceType(
        replace=_aws("kafka/single_scram_secret_association.go", "clusterArn", "secretArn"),
        price=FREE,
        data=None,
    ),
    # --- MSK Connect: plugins and worker configurations are immutable
    # capacity and connectorConfiguration update in place (UpdateConnector)
    "aws:mskconnect/connector:Connector": ResourceType(
        mock=_mock_msk_connect_connector,
        replace=_aws(
            "kafkaconnect/connector.go",
            "name",
            "description",
            "kafkaconnectVersion",
            "kafkaCluster",
            "kafkaClusterClientAuthentication",
            "kafkaClusterEncryptionInTransit",
            "logDelivery",
            "plugins",
            "serviceExecutionRoleArn",
            "workerConfiguration",
        ),
        price=Priced("connector"),
        data=None,
        create_minutes=10.0,
    ),
    "aws:mskconnect/customPlugin:CustomPlugin": ResourceType(
        mock=_mock_customplugin,
        replace=ReplaceRules("terraform-provider-aws internal/service/kafkaconnect/custom_plugin.go", ALL_INPUTS),
        price=FREE,
        data=None,
        create_minutes=1.0,
        must_not_wait_for_cluster=True,
    ),
    "aws:mskconnect/workerConfiguration:WorkerConfiguration": ResourceType(
        mock=_mock_workerconfiguration,
        replace=ReplaceRules(
            "terraform-provider-aws internal/service/kafkaconnect/worker_configuration.go", ALL_INPUTS
        ),
        price=FREE,
        data=None,
    ),
    # --- Lambda: the Kafka ACL function and its invocation (CRUD lifecycle: a
    # changed input updates in place and invokes the function with the previous input)
    "aws:lambda/function:Function": ResourceType(
        replace=_aws("lambda/function.go", "name", "packageType", "fileSystemConfig.arn"),
        price=FREE,  # a few invocations per `pulumi up`: within Lambda's free tier
        data=None,
    ),
    "aws:lambda/invocation:Invocation": ResourceType(
        replace=_aws("lambda/invocation.go", "functionName", "qualifier", "triggers"),
        price=FREE,
        data=None,
    ),
    # --- KMS, Secrets Manager
    "aws:kms/key:Key": ResourceType(
        mock=_mock_kms_key,
        replace=_aws("kms/key.go", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"),
        price=FixedPrice("customer-managed KMS key", "kms_key_month"),
        data="the key to the cluster's data, secrets and logs (deleted after its waiting period)",
        must_not_wait_for_cluster=True,
    ),
    "aws:kms/alias:Alias": ResourceType(
        replace=_aws("kms/alias.go", "name", "namePrefix"),
        price=FREE,
        data=None,
    ),
    "aws:secretsmanager/secret:Secret": ResourceType(
        mock=_mock_secretsmanager_secret,
        replace=_aws("secretsmanager/secret.go", "name", "namePrefix"),
        price=FixedPrice("secret", "secret_month"),
        data="a credential that running clients use",
        must_not_wait_for_cluster=True,
    ),
    "aws:secretsmanager/secretVersion:SecretVersion": ResourceType(
        mock=_mock_secretversion,
        replace=_aws("secretsmanager/secret_version.go", "secretId", "secretString", "secretBinary"),
        price=FREE,
        data=None,
        outputs_changed_by_update=("versionId",),
        must_not_wait_for_cluster=True,
    ),
    # --- logs, alarms, notifications
    "aws:cloudwatch/logGroup:LogGroup": ResourceType(
        mock=_mock_loggroup,
        replace=_aws("logs/group.go", "name", "namePrefix", "logGroupClass"),
        price=Priced("log_group"),
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:cloudwatch/metricAlarm:MetricAlarm": ResourceType(
        replace=_aws("cloudwatch/metric_alarm.go", "name"),
        price=Priced("alarm"),
        data=None,
    ),
    "aws:cloudwatch/dashboard:Dashboard": ResourceType(
        replace=_aws("cloudwatch/dashboard.go", "dashboardName"),
        price=FixedPrice("CloudWatch dashboard", "dashboard_month"),
        data=None,
    ),
    "aws:sns/topic:Topic": ResourceType(
        mock=_mock_sns_topic,
        replace=_aws("sns/topic.go", "name", "namePrefix", "fifoTopic"),
        price=FREE,
        data=None,
    ),
    "aws:sns/topicSubscription:TopicSubscription": ResourceType(
        replace=_aws("sns/topic_subscription.go", "topic", "protocol", "endpoint", "endpointAutoConfirms"),
        price=FREE,
        data=None,
    ),
    "aws:appautoscaling/target:Target": ResourceType(
        replace=_aws("appautoscaling/target.go", "resourceId", "scalableDimension", "serviceNamespace"),
        price=FREE,
        data=None,
    ),
    "aws:appautoscaling/policy:Policy": ResourceType(
        replace=_aws("appautoscaling/policy.go", "name", "resourceId", "scalableDimension", "serviceNamespace"),
        price=FREE,
        data=None,
    ),
    # --- IAM (IAM cannot update a managed policy's description)
    "aws:iam/role:Role": ResourceType(
        mock=_mock_iam_role,
        replace=_aws("iam/role.go", "name", "namePrefix", "path"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:iam/rolePolicy:RolePolicy": ResourceType(
        replace=_aws("iam/role_policy.go", "name", "namePrefix", "role"),
        price=FREE,
        data=None,
    ),
    "aws:iam/policy:Policy": ResourceType(
        mock=_mock_iam_policy,
        replace=_aws("iam/policy.go", "name", "namePrefix", "path", "description"),
        price=FREE,
        data=None,
    ),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ResourceType(
        replace=_aws("iam/role_policy_attachment.go", "role", "policyArn"),
        price=FREE,
        data=None,
    ),
    # --- network
    "aws:ec2/vpc:Vpc": ResourceType(
        id_prefix="vpc-",
        replace=_aws("ec2/vpc_.go", "cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/subnet:Subnet": ResourceType(
        id_prefix="subnet-",
        replace=_aws("ec2/vpc_subnet.go", "vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/internetGateway:InternetGateway": ResourceType(
        id_prefix="igw-",
        replace=_aws("ec2/vpc_internet_gateway.go"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/eip:Eip": ResourceType(
        id_prefix="eipalloc-",
        replace=_aws("ec2/ec2_eip.go", "domain", "publicIpv4Pool", "networkBorderGroup"),
        price=FixedPrice("public IPv4 address", "public_ipv4_hour", hourly=True),
        data=None,
    ),
    "aws:ec2/natGateway:NatGateway": ResourceType(
        id_prefix="nat-",
        replace=_aws("ec2/vpc_nat_gateway.go", "allocationId", "subnetId", "connectivityType", "privateIp"),
        price=Priced("nat_gateway"),
        data=None,
        create_minutes=2.0,
    ),
    "aws:ec2/routeTable:RouteTable": ResourceType(
        id_prefix="rtb-",
        replace=_aws("ec2/vpc_route_table.go", "vpcId"),
        price=FREE,
        data=None,
    ),
    # only tags update in place
    "aws:ec2/flowLog:FlowLog": ResourceType(
        replace=ReplaceRules("terraform-provider-aws internal/service/ec2/vpc_flow_log.go", ALL_INPUTS),
        price=FREE,
        data=None,
    ),
    "aws:ec2/route:Route": ResourceType(
        replace=_aws(
            "ec2/vpc_route.go",
            "routeTableId",
            "destinationCidrBlock",
            "destinationIpv6CidrBlock",
            "destinationPrefixListId",
        ),
        price=FREE,
        data=None,
    ),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ResourceType(
        replace=_aws("ec2/vpc_route_table_association.go", "subnetId", "gatewayId"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ResourceType(
        id_prefix="sg-",
        replace=_aws("ec2/vpc_default_security_group.go", "vpcId"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/securityGroup:SecurityGroup": ResourceType(
        id_prefix="sg-",
        replace=_aws("ec2/vpc_security_group.go", "name", "namePrefix", "description", "vpcId"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ResourceType(
        id_prefix="sgr-",
        replace=_aws("ec2/vpc_security_group_ingress_rule.go", "securityGroupId"),
        price=FREE,
        data=None,
    ),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ResourceType(
        id_prefix="sgr-",
        replace=_aws("ec2/vpc_security_group_egress_rule.go", "securityGroupId"),
        price=FREE,
        data=None,
    ),
    # --- ECS, load balancing (task definitions are immutable: a new revision each time)
    "aws:ecs/cluster:Cluster": ResourceType(
        replace=_aws("ecs/cluster.go", "name"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:ecs/service:Service": ResourceType(
        mock=_mock_ecs_service,
        replace=_aws(
            "ecs/service.go", "name", "cluster", "iamRole", "launchType", "schedulingStrategy", "deploymentController"
        ),
        price=Priced("ecs_service"),
        data=None,
        create_minutes=3.0,
    ),
    "aws:ecs/taskDefinition:TaskDefinition": ResourceType(
        mock=_mock_taskdefinition,
        replace=ReplaceRules(
            "terraform-provider-aws internal/service/ecs/task_definition.go",
            ALL_INPUTS,
            in_place=("tags", "skipDestroy"),
        ),
        price=FREE,
        data=None,
    ),
    "aws:lb/loadBalancer:LoadBalancer": ResourceType(
        mock=_mock_loadbalancer,
        replace=_aws(
            "elbv2/load_balancer.go", "name", "namePrefix", "internal", "loadBalancerType", "customerOwnedIpv4Pool"
        ),
        price=Priced("load_balancer"),
        data=None,
        create_minutes=3.0,
        must_not_wait_for_cluster=True,
    ),
    "aws:lb/targetGroup:TargetGroup": ResourceType(
        mock=_mock_targetgroup,
        replace=_aws(
            "elbv2/target_group.go",
            "name",
            "namePrefix",
            "port",
            "protocol",
            "protocolVersion",
            "targetType",
            "vpcId",
            "ipAddressType",
        ),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:lb/listener:Listener": ResourceType(
        replace=_aws("elbv2/listener.go", "loadBalancerArn"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    # --- S3 (the bucket's companions replace when they move to another bucket)
    "aws:s3/bucket:Bucket": ResourceType(
        mock=_mock_bucket,
        replace=_aws("s3/bucket.go", "bucket", "bucketPrefix", "objectLockEnabled"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:s3/bucketObjectv2:BucketObjectv2": ResourceType(
        mock=_mock_bucketobjectv2,
        replace=_aws("s3/object.go", "bucket", "key"),
        price=FREE,
        data=None,
        outputs_changed_by_update=("versionId",),
        create_minutes=0.5,
        must_not_wait_for_cluster=True,
    ),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ResourceType(
        replace=_aws("s3/bucket_lifecycle_configuration.go", "bucket", "expectedBucketOwner"),
        price=FREE,
        data=None,
    ),
    "aws:s3/bucketVersioning:BucketVersioning": ResourceType(
        replace=_aws("s3/bucket_versioning.go", "bucket", "expectedBucketOwner"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ResourceType(
        replace=_aws("s3/bucket_public_access_block.go", "bucket"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ResourceType(
        replace=_aws("s3/bucket_ownership_controls.go", "bucket"),
        price=FREE,
        data=None,
    ),
    "aws:s3/bucketPolicy:BucketPolicy": ResourceType(
        replace=_aws("s3/bucket_policy.go", "bucket"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ResourceType(
        replace=_aws("s3/bucket_server_side_encryption_configuration.go", "bucket", "expectedBucketOwner"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    # --- Snowflake (pulumi-snowflake bridges terraform-provider-snowflake): users,
    # roles, databases and schemas are renamed in place (ALTER ... RENAME)
    "pulumi:providers:snowflake": ResourceType(
        replace=ReplaceRules("pulumi-snowflake provider configuration", ()),
        price=FREE,
        data=None,
    ),
    "snowflake:index/serviceUser:ServiceUser": ResourceType(
        replace=ReplaceRules("terraform-provider-snowflake pkg/resources/service_user.go", ()),
        price=FREE,
        data=None,
    ),
    "snowflake:index/accountRole:AccountRole": ResourceType(
        replace=ReplaceRules("terraform-provider-snowflake pkg/resources/account_role.go", ()),
        price=FREE,
        data=None,
    ),
    # privileges are granted and revoked in place
    "snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole": ResourceType(
        replace=ReplaceRules(
            "terraform-provider-snowflake pkg/resources/grant_privileges_to_account_role.go",
            ("accountRoleName", "onAccount", "onAccountObject", "onSchema", "onSchemaObject", "withGrantOption"),
        ),
        price=FREE,
        data=None,
    ),
    "snowflake:index/grantAccountRole:GrantAccountRole": ResourceType(
        replace=ReplaceRules(
            "terraform-provider-snowflake pkg/resources/grant_account_role.go", ALL_INPUTS, in_place=()
        ),
        price=FREE,
        data=None,
    ),
    "snowflake:index/database:Database": ResourceType(
        replace=ReplaceRules(
            "terraform-provider-snowflake pkg/resources/database.go", ("fromShare", "fromDatabase", "fromReplica")
        ),
        price=FREE,
        data="every table the connectors loaded",
    ),
    "snowflake:index/schema:Schema": ResourceType(
        replace=ReplaceRules("terraform-provider-snowflake pkg/resources/schema.go", ("database",)),
        price=FREE,
        data="every table the connectors loaded",
    ),
    # --- random and tls: every argument replaces
    "random:index/randomPassword:RandomPassword": ResourceType(
        mock=_mock_randompassword,
        replace=ReplaceRules(
            "terraform-provider-random internal/provider/resource_password.go", ALL_INPUTS, in_place=()
        ),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "tls:index/privateKey:PrivateKey": ResourceType(
        mock=_mock_privatekey,
        replace=ReplaceRules(
            "terraform-provider-tls internal/provider/resource_private_key.go", ALL_INPUTS, in_place=()
        ),
        price=FREE,
        data="the key pair registered on the Snowflake user",
        must_not_wait_for_cluster=True,
    ),
}
