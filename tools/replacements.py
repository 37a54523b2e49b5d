"""Which input changes replace a resource, per type: what `tools.change` classifies with.

pulumi-aws bridges terraform-provider-aws, so a resource is replaced when an
input the provider marks `ForceNew` (SDKv2) or `RequiresReplace` (plugin
framework) changes; pulumi-random and pulumi-tls likewise bridge their
Terraform providers. Paths are Pulumi input names (camelCase), dotted into
nested objects; a change at or below a path replaces the resource. Every
type the program registers has an entry: `tests/tools/test_change.py` fails
on a type without one, so a new type cannot be added without its rules.

`source` names the provider file the rules were read from (for the AWS
provider, `internal/service/<service>/<file>.go`).
"""

from __future__ import annotations

from dataclasses import dataclass

ALL_INPUTS = ("*",)


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


def _aws(file: str, *replace_on: str) -> ReplaceRules:
    return ReplaceRules(f"terraform-provider-aws internal/service/{file}", tuple(replace_on))


RULES: dict[str, ReplaceRules] = {
    # --- MSK
    "aws:msk/cluster:Cluster": _aws(
        "kafka/cluster.go",
        "clusterName",
        "brokerNodeGroupInfo.azDistribution",
        "brokerNodeGroupInfo.clientSubnets",
        "brokerNodeGroupInfo.securityGroups",
        "encryptionInfo.encryptionAtRestKmsKeyArn",
        "encryptionInfo.encryptionInTransit.inCluster",
    ),
    "aws:msk/configuration:Configuration": _aws("kafka/configuration.go", "name", "kafkaVersions"),
    "aws:msk/topic:Topic": _aws("kafka/topic.go", "clusterArn", "name", "replicationFactor"),
    # PutClusterPolicy on create and update; no attribute forces a new one.
    "aws:msk/clusterPolicy:ClusterPolicy": _aws("kafka/cluster_policy.go"),
    "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation": _aws(
        "kafka/single_scram_secret_association.go", "clusterArn", "secretArn"
    ),
    # --- MSK Connect: plugins and worker configurations are immutable
    "aws:mskconnect/connector:Connector": _aws(
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
    ),  # capacity and connectorConfiguration update in place (UpdateConnector)
    "aws:mskconnect/customPlugin:CustomPlugin": ReplaceRules(
        "terraform-provider-aws internal/service/kafkaconnect/custom_plugin.go", ALL_INPUTS
    ),
    "aws:mskconnect/workerConfiguration:WorkerConfiguration": ReplaceRules(
        "terraform-provider-aws internal/service/kafkaconnect/worker_configuration.go", ALL_INPUTS
    ),
    # --- KMS, Secrets Manager
    "aws:kms/key:Key": _aws("kms/key.go", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"),
    "aws:kms/alias:Alias": _aws("kms/alias.go", "name", "namePrefix"),
    "aws:secretsmanager/secret:Secret": _aws("secretsmanager/secret.go", "name", "namePrefix"),
    "aws:secretsmanager/secretVersion:SecretVersion": _aws(
        "secretsmanager/secret_version.go", "secretId", "secretString", "secretBinary"
    ),
    # --- logs, alarms, notifications
    "aws:cloudwatch/logGroup:LogGroup": _aws("logs/group.go", "name", "namePrefix", "logGroupClass"),
    "aws:cloudwatch/metricAlarm:MetricAlarm": _aws("cloudwatch/metric_alarm.go", "name"),
    "aws:cloudwatch/dashboard:Dashboard": _aws("cloudwatch/dashboard.go", "dashboardName"),
    "aws:sns/topic:Topic": _aws("sns/topic.go", "name", "namePrefix", "fifoTopic"),
    "aws:sns/topicSubscription:TopicSubscription": _aws(
        "sns/topic_subscription.go", "topic", "protocol", "endpoint", "endpointAutoConfirms"
    ),
    "aws:appautoscaling/target:Target": _aws(
        "appautoscaling/target.go", "resourceId", "scalableDimension", "serviceNamespace"
    ),
    "aws:appautoscaling/policy:Policy": _aws(
        "appautoscaling/policy.go", "name", "resourceId", "scalableDimension", "serviceNamespace"
    ),
    # --- IAM (IAM cannot update a managed policy's description)
    "aws:iam/role:Role": _aws("iam/role.go", "name", "namePrefix", "path"),
    "aws:iam/rolePolicy:RolePolicy": _aws("iam/role_policy.go", "name", "namePrefix", "role"),
    "aws:iam/policy:Policy": _aws("iam/policy.go", "name", "namePrefix", "path", "description"),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": _aws("iam/role_policy_attachment.go", "role", "policyArn"),
    # --- network
    "aws:ec2/vpc:Vpc": _aws("ec2/vpc_.go", "cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"),
    "aws:ec2/subnet:Subnet": _aws("ec2/vpc_subnet.go", "vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"),
    "aws:ec2/internetGateway:InternetGateway": _aws("ec2/vpc_internet_gateway.go"),
    "aws:ec2/eip:Eip": _aws("ec2/ec2_eip.go", "domain", "publicIpv4Pool", "networkBorderGroup"),
    "aws:ec2/natGateway:NatGateway": _aws(
        "ec2/vpc_nat_gateway.go", "allocationId", "subnetId", "connectivityType", "privateIp"
    ),
    "aws:ec2/routeTable:RouteTable": _aws("ec2/vpc_route_table.go", "vpcId"),
    "aws:ec2/flowLog:FlowLog": ReplaceRules(
        "terraform-provider-aws internal/service/ec2/vpc_flow_log.go", ALL_INPUTS
    ),  # only tags update in place
    "aws:ec2/route:Route": _aws(
        "ec2/vpc_route.go",
        "routeTableId",
        "destinationCidrBlock",
        "destinationIpv6CidrBlock",
        "destinationPrefixListId",
    ),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": _aws(
        "ec2/vpc_route_table_association.go", "subnetId", "gatewayId"
    ),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": _aws("ec2/vpc_default_security_group.go", "vpcId"),
    "aws:ec2/securityGroup:SecurityGroup": _aws(
        "ec2/vpc_security_group.go", "name", "namePrefix", "description", "vpcId"
    ),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": _aws(
        "ec2/vpc_security_group_ingress_rule.go", "securityGroupId"
    ),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": _aws(
        "ec2/vpc_security_group_egress_rule.go", "securityGroupId"
    ),
    # --- ECS, load balancing (task definitions are immutable: a new revision each time)
    "aws:ecs/cluster:Cluster": _aws("ecs/cluster.go", "name"),
    "aws:ecs/service:Service": _aws(
        "ecs/service.go", "name", "cluster", "iamRole", "launchType", "schedulingStrategy", "deploymentController"
    ),
    "aws:ecs/taskDefinition:TaskDefinition": ReplaceRules(
        "terraform-provider-aws internal/service/ecs/task_definition.go", ALL_INPUTS, in_place=("tags", "skipDestroy")
    ),
    "aws:lb/loadBalancer:LoadBalancer": _aws(
        "elbv2/load_balancer.go", "name", "namePrefix", "internal", "loadBalancerType", "customerOwnedIpv4Pool"
    ),
    "aws:lb/targetGroup:TargetGroup": _aws(
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
    "aws:lb/listener:Listener": _aws("elbv2/listener.go", "loadBalancerArn"),
    # --- S3 (the bucket's companions replace when they move to another bucket)
    "aws:s3/bucket:Bucket": _aws("s3/bucket.go", "bucket", "bucketPrefix", "objectLockEnabled"),
    "aws:s3/bucketObjectv2:BucketObjectv2": _aws("s3/object.go", "bucket", "key"),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": _aws(
        "s3/bucket_lifecycle_configuration.go", "bucket", "expectedBucketOwner"
    ),
    "aws:s3/bucketVersioning:BucketVersioning": _aws("s3/bucket_versioning.go", "bucket", "expectedBucketOwner"),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": _aws("s3/bucket_public_access_block.go", "bucket"),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": _aws("s3/bucket_ownership_controls.go", "bucket"),
    "aws:s3/bucketPolicy:BucketPolicy": _aws("s3/bucket_policy.go", "bucket"),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": _aws(
        "s3/bucket_server_side_encryption_configuration.go", "bucket", "expectedBucketOwner"
    ),
    # --- Snowflake (pulumi-snowflake bridges terraform-provider-snowflake): users,
    # roles, databases and schemas are renamed in place (ALTER ... RENAME)
    "pulumi:providers:snowflake": ReplaceRules("pulumi-snowflake provider configuration", ()),
    "snowflake:index/serviceUser:ServiceUser": ReplaceRules(
        "terraform-provider-snowflake pkg/resources/service_user.go", ()
    ),
    "snowflake:index/accountRole:AccountRole": ReplaceRules(
        "terraform-provider-snowflake pkg/resources/account_role.go", ()
    ),
    "snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole": ReplaceRules(
        "terraform-provider-snowflake pkg/resources/grant_privileges_to_account_role.go",
        ("accountRoleName", "onAccount", "onAccountObject", "onSchema", "onSchemaObject", "withGrantOption"),
    ),  # privileges are granted and revoked in place
    "snowflake:index/grantAccountRole:GrantAccountRole": ReplaceRules(
        "terraform-provider-snowflake pkg/resources/grant_account_role.go", ALL_INPUTS, in_place=()
    ),
    "snowflake:index/database:Database": ReplaceRules(
        "terraform-provider-snowflake pkg/resources/database.go", ("fromShare", "fromDatabase", "fromReplica")
    ),
    "snowflake:index/schema:Schema": ReplaceRules(
        "terraform-provider-snowflake pkg/resources/schema.go", ("database",)
    ),
    # --- random and tls: every argument replaces
    "random:index/randomPassword:RandomPassword": ReplaceRules(
        "terraform-provider-random internal/provider/resource_password.go", ALL_INPUTS, in_place=()
    ),
    "tls:index/privateKey:PrivateKey": ReplaceRules(
        "terraform-provider-tls internal/provider/resource_private_key.go", ALL_INPUTS, in_place=()
    ),
}

# A dependency whose *update* changes outputs other resources refer to:
# an MSK configuration update is a new revision (`latestRevision`), and a new
# upload of an object is a new `versionId`.
OUTPUTS_CHANGED_BY_UPDATE: dict[str, tuple[str, ...]] = {
    "aws:msk/configuration:Configuration": ("latestRevision",),
    "aws:s3/bucketObjectv2:BucketObjectv2": ("versionId",),
    "aws:secretsmanager/secretVersion:SecretVersion": ("versionId",),
}

# What is lost when a resource of these types is replaced or deleted.
DATA_BEARING: dict[str, str] = {
    "aws:msk/cluster:Cluster": "every topic's messages on the brokers",
    "aws:msk/topic:Topic": "the topic's messages",
    "aws:kms/key:Key": "the key to the cluster's data, secrets and logs (deleted after its waiting period)",
    "aws:secretsmanager/secret:Secret": "a credential that running clients use",
    "tls:index/privateKey:PrivateKey": "the key pair registered on the Snowflake user",
    "snowflake:index/database:Database": "every table the connectors loaded",
    "snowflake:index/schema:Schema": "every table the connectors loaded",
}
