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

Not here: what the mocks answer per type (`tools.mock_runner.PlatformMocks`,
with a generic answer for any type), physical-name limits
(`components/aws/naming.py`, which the program itself needs) and the policy
pack's rules (`policy/baseline.py`, which runs without this checkout's tools).
"""

from __future__ import annotations

from dataclasses import dataclass

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


def _aws(file: str, *replace_on: str) -> ReplaceRules:
    return ReplaceRules(f"terraform-provider-aws internal/service/{file}", tuple(replace_on))


TYPES: dict[str, ResourceType] = {
    # --- MSK
    "aws:msk/cluster:Cluster": ResourceType(
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
        replace=ReplaceRules("terraform-provider-aws internal/service/kafkaconnect/custom_plugin.go", ALL_INPUTS),
        price=FREE,
        data=None,
        create_minutes=1.0,
        must_not_wait_for_cluster=True,
    ),
    "aws:mskconnect/workerConfiguration:WorkerConfiguration": ResourceType(
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
        replace=_aws("secretsmanager/secret.go", "name", "namePrefix"),
        price=FixedPrice("secret", "secret_month"),
        data="a credential that running clients use",
        must_not_wait_for_cluster=True,
    ),
    "aws:secretsmanager/secretVersion:SecretVersion": ResourceType(
        replace=_aws("secretsmanager/secret_version.go", "secretId", "secretString", "secretBinary"),
        price=FREE,
        data=None,
        outputs_changed_by_update=("versionId",),
        must_not_wait_for_cluster=True,
    ),
    # --- logs, alarms, notifications
    "aws:cloudwatch/logGroup:LogGroup": ResourceType(
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
        replace=_aws("ec2/vpc_.go", "cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/subnet:Subnet": ResourceType(
        replace=_aws("ec2/vpc_subnet.go", "vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/internetGateway:InternetGateway": ResourceType(
        replace=_aws("ec2/vpc_internet_gateway.go"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/eip:Eip": ResourceType(
        replace=_aws("ec2/ec2_eip.go", "domain", "publicIpv4Pool", "networkBorderGroup"),
        price=FixedPrice("public IPv4 address", "public_ipv4_hour", hourly=True),
        data=None,
    ),
    "aws:ec2/natGateway:NatGateway": ResourceType(
        replace=_aws("ec2/vpc_nat_gateway.go", "allocationId", "subnetId", "connectivityType", "privateIp"),
        price=Priced("nat_gateway"),
        data=None,
        create_minutes=2.0,
    ),
    "aws:ec2/routeTable:RouteTable": ResourceType(
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
        replace=_aws("ec2/vpc_default_security_group.go", "vpcId"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/securityGroup:SecurityGroup": ResourceType(
        replace=_aws("ec2/vpc_security_group.go", "name", "namePrefix", "description", "vpcId"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ResourceType(
        replace=_aws("ec2/vpc_security_group_ingress_rule.go", "securityGroupId"),
        price=FREE,
        data=None,
    ),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ResourceType(
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
        replace=_aws(
            "ecs/service.go", "name", "cluster", "iamRole", "launchType", "schedulingStrategy", "deploymentController"
        ),
        price=Priced("ecs_service"),
        data=None,
        create_minutes=3.0,
    ),
    "aws:ecs/taskDefinition:TaskDefinition": ResourceType(
        replace=ReplaceRules(
            "terraform-provider-aws internal/service/ecs/task_definition.go",
            ALL_INPUTS,
            in_place=("tags", "skipDestroy"),
        ),
        price=FREE,
        data=None,
    ),
    "aws:lb/loadBalancer:LoadBalancer": ResourceType(
        replace=_aws(
            "elbv2/load_balancer.go", "name", "namePrefix", "internal", "loadBalancerType", "customerOwnedIpv4Pool"
        ),
        price=Priced("load_balancer"),
        data=None,
        create_minutes=3.0,
        must_not_wait_for_cluster=True,
    ),
    "aws:lb/targetGroup:TargetGroup": ResourceType(
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
        replace=_aws("s3/bucket.go", "bucket", "bucketPrefix", "objectLockEnabled"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:s3/bucketObjectv2:BucketObjectv2": ResourceType(
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
        replace=ReplaceRules(
            "terraform-provider-random internal/provider/resource_password.go", ALL_INPUTS, in_place=()
        ),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "tls:index/privateKey:PrivateKey": ResourceType(
        replace=ReplaceRules(
            "terraform-provider-tls internal/provider/resource_private_key.go", ALL_INPUTS, in_place=()
        ),
        price=FREE,
        data="the key pair registered on the Snowflake user",
        must_not_wait_for_cluster=True,
    ),
}
