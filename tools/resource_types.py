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

It also says what the offline runs' mocks answer for a type (`mock`, `id_prefix`),
and how the AWS schema check writes it as CloudFormation (`cloudformation`).

Not here: physical-name limits
(`components/aws/naming.py`, which the program itself needs) and the policy
pack's rules (`policy/baseline.py`, which runs without this checkout's tools).
"""

from __future__ import annotations

import base64
import hashlib
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tools import cloudformation as cfn

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
class CloudFormation:
    """How the AWS schema check (`tools.aws_schemas`) writes a type into a CloudFormation
    template: exactly one of `map`, `skipped` and `folded_into`."""

    map: cfn.MapFunction | None = None
    """(resource, run) -> [(CloudFormation type, properties)] (`tools.cloudformation`)."""
    skipped: str | None = None
    """Why the type is not checked (CloudFormation has no such type, or it carries only secrets)."""
    folded_into: str | None = None
    """The CloudFormation type and property that carry it (`AWS::S3::Bucket VersioningConfiguration`)."""
    not_mapped: Mapping[str, str] = field(default_factory=dict)
    """Inputs with no CloudFormation property, and why: what the provider does around the API call."""
    autoname: str | None = None
    """The input Pulumi fills with a generated name when the program leaves it out (auto-naming)."""

    def __post_init__(self) -> None:
        if sum(x is not None for x in (self.map, self.skipped, self.folded_into)) != 1:
            raise ValueError("a type is mapped, skipped or folded: exactly one")


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
    cloudformation: CloudFormation | None = None
    """How the AWS schema check writes it (None: not an AWS type)."""


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


def _mock_msk_replicator(ctx: MockContext, name: str, state: Mapping[str, Any]) -> dict[str, Any]:
    replicator = state.get("replicatorName", name)
    uuid = f"{fake_hex(name, 8)}-{fake_hex(name + 'r', 4)}-{fake_hex(name + 's', 4)}-1"
    return {"arn": ctx.arn("kafka", f"replicator/{replicator}/{uuid}"), "currentVersion": "K1PA6795UKMGR7"}


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
        cloudformation=CloudFormation(
            map=cfn.msk_cluster,
        ),
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
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::MSK::Configuration",
                {
                    "Name": "name",
                    "Description": "description",
                    "KafkaVersionsList": "kafkaVersions",
                    "ServerProperties": "serverProperties",
                },
                tags="none",
            ),
            autoname="name",
        ),
        mock=_mock_configuration,
        replace=_aws("kafka/configuration.go", "name", "kafkaVersions"),
        price=FREE,
        data=None,
        outputs_changed_by_update=("latestRevision",),
    ),
    "aws:msk/topic:Topic": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::MSK::Topic",
                {
                    "ClusterArn": "clusterArn",
                    "TopicName": "name",
                    "PartitionCount": "partitionCount",
                    "ReplicationFactor": "replicationFactor",
                    "Configs": "configs",
                },  # a JSON string, as pulumi-aws sends it
                tags="none",
            ),
        ),
        replace=_aws("kafka/topic.go", "clusterArn", "name", "replicationFactor"),
        price=FREE,
        data="the topic's messages",
    ),
    # PutClusterPolicy on create and update; no attribute forces a new one.
    "aws:msk/clusterPolicy:ClusterPolicy": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::MSK::ClusterPolicy",
                {"ClusterArn": "clusterArn", "Policy": lambda i: cfn.document(i.get("policy"))},
                "none",
            ),
        ),
        replace=_aws("kafka/cluster_policy.go"),
        price=FREE,
        data=None,
    ),
    "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.scram_secrets,
        ),
        replace=_aws("kafka/single_scram_secret_association.go", "clusterArn", "secretArn"),
        price=FREE,
        data=None,
    ),
    # --- MSK Connect: plugins and worker configurations are immutable
    # capacity and connectorConfiguration update in place (UpdateConnector)
    # MSK Replicator: kafka_cluster and replication_info_list are ForceNew as whole blocks, so a
    # changed topic or group list replaces it (UpdateReplicationInfo is never reached for them);
    # replicator_name and description are not ForceNew, though AWS cannot change them.
    "aws:msk/replicator:Replicator": ResourceType(
        cloudformation=CloudFormation(map=cfn.msk_replicator),
        mock=_mock_msk_replicator,
        replace=_aws("kafka/replicator.go", "kafkaClusters", "replicationInfoList"),
        price=Priced("replicator"),
        data=None,  # MSK Replicator keeps no data at rest (MSK Developer Guide, MSK Replicator "Encryption")
        create_minutes=30.0,  # the provider's create timeout: an upper bound
    ),
    "aws:mskconnect/connector:Connector": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.msk_connect_connector,
        ),
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
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::KafkaConnect::CustomPlugin",
                {
                    "Name": "name",
                    "Description": "description",
                    "ContentType": "contentType",
                    "Location": lambda i: {"S3Location": cfn.pascal((i.get("location") or {}).get("s3") or {})},
                },
            ),
            autoname="name",
        ),
        mock=_mock_customplugin,
        replace=ReplaceRules("terraform-provider-aws internal/service/kafkaconnect/custom_plugin.go", ALL_INPUTS),
        price=FREE,
        data=None,
        create_minutes=1.0,
        must_not_wait_for_cluster=True,
    ),
    "aws:mskconnect/workerConfiguration:WorkerConfiguration": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::KafkaConnect::WorkerConfiguration",
                {
                    "Name": "name",
                    "Description": "description",
                    # CloudFormation takes the file base64-encoded (the provider encodes what it is given).
                    "PropertiesFileContent": lambda i: (
                        base64.b64encode(i["propertiesFileContent"].encode()).decode()
                        if isinstance(i.get("propertiesFileContent"), str)
                        else None
                    ),
                },
            ),
            autoname="name",
        ),
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
        cloudformation=CloudFormation(
            map=cfn.lambda_function,
        ),
        replace=_aws("lambda/function.go", "name", "packageType", "fileSystemConfig.arn"),
        price=FREE,  # a few invocations per `pulumi up`: within Lambda's free tier
        data=None,
    ),
    "aws:lambda/invocation:Invocation": ResourceType(
        cloudformation=CloudFormation(
            skipped="CloudFormation invokes functions through custom resources, a different "
            "contract (the input is checked by the plan's tests)",
        ),
        replace=_aws("lambda/invocation.go", "functionName", "qualifier", "triggers"),
        price=FREE,
        data=None,
    ),
    # --- KMS, Secrets Manager
    "aws:kms/key:Key": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::KMS::Key",
                {
                    "Description": "description",
                    "EnableKeyRotation": "enableKeyRotation",
                    "PendingWindowInDays": "deletionWindowInDays",
                    "KeySpec": "customerMasterKeySpec",
                    "KeyUsage": "keyUsage",
                    "MultiRegion": "multiRegion",
                    "RotationPeriodInDays": "rotationPeriodInDays",
                    "KeyPolicy": lambda i: cfn.document(i.get("policy")),
                },
            ),
        ),
        mock=_mock_kms_key,
        replace=_aws("kms/key.go", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"),
        price=FixedPrice("customer-managed KMS key", "kms_key_month"),
        data="the key to the cluster's data, secrets and logs (deleted after its waiting period)",
        must_not_wait_for_cluster=True,
    ),
    "aws:kms/alias:Alias": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple("AWS::KMS::Alias", {"AliasName": "name", "TargetKeyId": "targetKeyId"}, "none"),
        ),
        replace=_aws("kms/alias.go", "name", "namePrefix"),
        price=FREE,
        data=None,
    ),
    "aws:secretsmanager/secret:Secret": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::SecretsManager::Secret", {"Name": "name", "Description": "description", "KmsKeyId": "kmsKeyId"}
            ),
            not_mapped={"recoveryWindowInDays": "applies when the secret is deleted"},
        ),
        mock=_mock_secretsmanager_secret,
        replace=_aws("secretsmanager/secret.go", "name", "namePrefix"),
        price=FixedPrice("secret", "secret_month"),
        data="a credential that running clients use",
        must_not_wait_for_cluster=True,
    ),
    "aws:secretsmanager/secretVersion:SecretVersion": ResourceType(
        cloudformation=CloudFormation(
            skipped="a secret's value (CloudFormation sets it as the secret's "
            "SecretString); values are secrets and never go into a template",
        ),
        mock=_mock_secretversion,
        replace=_aws("secretsmanager/secret_version.go", "secretId", "secretString", "secretBinary"),
        price=FREE,
        data=None,
        outputs_changed_by_update=("versionId",),
        must_not_wait_for_cluster=True,
    ),
    # --- logs, alarms, notifications
    "aws:cloudwatch/logGroup:LogGroup": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::Logs::LogGroup",
                {
                    "LogGroupName": "name",
                    "RetentionInDays": "retentionInDays",
                    "KmsKeyId": "kmsKeyId",
                    "LogGroupClass": "logGroupClass",
                },
            ),
        ),
        mock=_mock_loggroup,
        replace=_aws("logs/group.go", "name", "namePrefix", "logGroupClass"),
        price=Priced("log_group"),
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:cloudwatch/metricAlarm:MetricAlarm": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.metric_alarm,
            autoname="name",
        ),
        replace=_aws("cloudwatch/metric_alarm.go", "name"),
        price=Priced("alarm"),
        data=None,
    ),
    "aws:cloudwatch/dashboard:Dashboard": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::CloudWatch::Dashboard",
                {"DashboardName": "dashboardName", "DashboardBody": "dashboardBody"},
                "none",
            ),
        ),
        replace=_aws("cloudwatch/dashboard.go", "dashboardName"),
        price=FixedPrice("CloudWatch dashboard", "dashboard_month"),
        data=None,
    ),
    "aws:sns/topic:Topic": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::SNS::Topic", {"TopicName": "name", "KmsMasterKeyId": "kmsMasterKeyId", "FifoTopic": "fifoTopic"}
            ),
            autoname="name",
        ),
        mock=_mock_sns_topic,
        replace=_aws("sns/topic.go", "name", "namePrefix", "fifoTopic"),
        price=FREE,
        data=None,
    ),
    "aws:sns/topicSubscription:TopicSubscription": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::SNS::Subscription", {"TopicArn": "topic", "Protocol": "protocol", "Endpoint": "endpoint"}, "none"
            ),
        ),
        replace=_aws("sns/topic_subscription.go", "topic", "protocol", "endpoint", "endpointAutoConfirms"),
        price=FREE,
        data=None,
    ),
    "aws:appautoscaling/target:Target": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::ApplicationAutoScaling::ScalableTarget",
                {
                    "ResourceId": "resourceId",
                    "ScalableDimension": "scalableDimension",
                    "ServiceNamespace": "serviceNamespace",
                    "MinCapacity": "minCapacity",
                    "MaxCapacity": "maxCapacity",
                    "RoleARN": "roleArn",
                },
            ),
        ),
        replace=_aws("appautoscaling/target.go", "resourceId", "scalableDimension", "serviceNamespace"),
        price=FREE,
        data=None,
    ),
    "aws:appautoscaling/policy:Policy": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::ApplicationAutoScaling::ScalingPolicy",
                {
                    "PolicyName": "name",
                    "PolicyType": "policyType",
                    "ResourceId": "resourceId",
                    "ScalableDimension": "scalableDimension",
                    "ServiceNamespace": "serviceNamespace",
                    "TargetTrackingScalingPolicyConfiguration": lambda i: cfn.pascal(
                        i.get("targetTrackingScalingPolicyConfiguration")
                    ),
                },
                tags="none",
            ),
            autoname="name",
        ),
        replace=_aws("appautoscaling/policy.go", "name", "resourceId", "scalableDimension", "serviceNamespace"),
        price=FREE,
        data=None,
    ),
    # --- IAM (IAM cannot update a managed policy's description)
    "aws:iam/role:Role": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.iam_role,
            autoname="name",
        ),
        mock=_mock_iam_role,
        replace=_aws("iam/role.go", "name", "namePrefix", "path"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:iam/rolePolicy:RolePolicy": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::IAM::RolePolicy",
                {"RoleName": "role", "PolicyName": "name", "PolicyDocument": lambda i: cfn.document(i.get("policy"))},
                tags="none",
            ),
            autoname="name",
        ),
        replace=_aws("iam/role_policy.go", "name", "namePrefix", "role"),
        price=FREE,
        data=None,
    ),
    "aws:iam/policy:Policy": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::IAM::ManagedPolicy",
                {
                    "ManagedPolicyName": "name",
                    "Path": "path",
                    "Description": "description",
                    "PolicyDocument": lambda i: cfn.document(i.get("policy")),
                },
                tags="none",
            ),
            not_mapped={"tags": "AWS::IAM::ManagedPolicy has none"},
            autoname="name",
        ),
        mock=_mock_iam_policy,
        replace=_aws("iam/policy.go", "name", "namePrefix", "path", "description"),
        price=FREE,
        data=None,
    ),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ResourceType(
        cloudformation=CloudFormation(
            folded_into="AWS::IAM::Role ManagedPolicyArns",
        ),
        replace=_aws("iam/role_policy_attachment.go", "role", "policyArn"),
        price=FREE,
        data=None,
    ),
    # --- network
    "aws:ec2/vpc:Vpc": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::EC2::VPC",
                {
                    "CidrBlock": "cidrBlock",
                    "EnableDnsHostnames": "enableDnsHostnames",
                    "EnableDnsSupport": "enableDnsSupport",
                    "InstanceTenancy": "instanceTenancy",
                },
            ),
        ),
        id_prefix="vpc-",
        replace=_aws("ec2/vpc_.go", "cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/subnet:Subnet": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::EC2::Subnet",
                {
                    "VpcId": "vpcId",
                    "CidrBlock": "cidrBlock",
                    "AvailabilityZone": "availabilityZone",
                    "MapPublicIpOnLaunch": "mapPublicIpOnLaunch",
                },
            ),
        ),
        id_prefix="subnet-",
        replace=_aws("ec2/vpc_subnet.go", "vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/internetGateway:InternetGateway": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.internet_gateway,
        ),
        id_prefix="igw-",
        replace=_aws("ec2/vpc_internet_gateway.go"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/eip:Eip": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple("AWS::EC2::EIP", {"Domain": "domain"}),
        ),
        id_prefix="eipalloc-",
        replace=_aws("ec2/ec2_eip.go", "domain", "publicIpv4Pool", "networkBorderGroup"),
        price=FixedPrice("public IPv4 address", "public_ipv4_hour", hourly=True),
        data=None,
    ),
    "aws:ec2/natGateway:NatGateway": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::EC2::NatGateway",
                {"AllocationId": "allocationId", "SubnetId": "subnetId", "ConnectivityType": "connectivityType"},
            ),
        ),
        id_prefix="nat-",
        replace=_aws("ec2/vpc_nat_gateway.go", "allocationId", "subnetId", "connectivityType", "privateIp"),
        price=Priced("nat_gateway"),
        data=None,
        create_minutes=2.0,
    ),
    "aws:ec2/routeTable:RouteTable": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple("AWS::EC2::RouteTable", {"VpcId": "vpcId"}),
        ),
        id_prefix="rtb-",
        replace=_aws("ec2/vpc_route_table.go", "vpcId"),
        price=FREE,
        data=None,
    ),
    # only tags update in place
    "aws:ec2/flowLog:FlowLog": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::EC2::FlowLog",
                {
                    "ResourceId": "vpcId",
                    "ResourceType": lambda i: "VPC" if i.get("vpcId") else None,
                    "TrafficType": "trafficType",
                    "LogDestination": "logDestination",
                    "LogDestinationType": "logDestinationType",
                    "DeliverLogsPermissionArn": "iamRoleArn",
                    "MaxAggregationInterval": "maxAggregationInterval",
                },
            ),
        ),
        replace=ReplaceRules("terraform-provider-aws internal/service/ec2/vpc_flow_log.go", ALL_INPUTS),
        price=FREE,
        data=None,
    ),
    "aws:ec2/route:Route": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::EC2::Route",
                {
                    "RouteTableId": "routeTableId",
                    "DestinationCidrBlock": "destinationCidrBlock",
                    "GatewayId": "gatewayId",
                    "NatGatewayId": "natGatewayId",
                },
                tags="none",
            ),
        ),
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
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::EC2::SubnetRouteTableAssociation",
                {"SubnetId": "subnetId", "RouteTableId": "routeTableId"},
                "none",
            ),
        ),
        replace=_aws("ec2/vpc_route_table_association.go", "subnetId", "gatewayId"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ResourceType(
        cloudformation=CloudFormation(
            skipped="CloudFormation cannot manage a VPC's default security group",
        ),
        id_prefix="sg-",
        replace=_aws("ec2/vpc_default_security_group.go", "vpcId"),
        price=FREE,
        data=None,
    ),
    "aws:ec2/securityGroup:SecurityGroup": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::EC2::SecurityGroup", {"GroupName": "name", "GroupDescription": "description", "VpcId": "vpcId"}
            ),
            autoname="name",
        ),
        id_prefix="sg-",
        replace=_aws("ec2/vpc_security_group.go", "name", "namePrefix", "description", "vpcId"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.security_group_rule("AWS::EC2::SecurityGroupIngress", "SourceSecurityGroupId"),
            not_mapped={"tags": "AWS::EC2::SecurityGroupIngress has none"},
        ),
        id_prefix="sgr-",
        replace=_aws("ec2/vpc_security_group_ingress_rule.go", "securityGroupId"),
        price=FREE,
        data=None,
    ),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.security_group_rule("AWS::EC2::SecurityGroupEgress", "DestinationSecurityGroupId"),
            not_mapped={"tags": "AWS::EC2::SecurityGroupEgress has none"},
        ),
        id_prefix="sgr-",
        replace=_aws("ec2/vpc_security_group_egress_rule.go", "securityGroupId"),
        price=FREE,
        data=None,
    ),
    # --- ECS, load balancing (task definitions are immutable: a new revision each time)
    "aws:ecs/cluster:Cluster": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::ECS::Cluster",
                {
                    "ClusterName": "name",
                    "ClusterSettings": lambda i: cfn.pascal(i.get("settings")) if i.get("settings") else None,
                },
            ),
            autoname="name",
        ),
        replace=_aws("ecs/cluster.go", "name"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:ecs/service:Service": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.ecs_service,
            not_mapped={"waitForSteadyState": "the provider waits; nothing is sent"},
            autoname="name",
        ),
        mock=_mock_ecs_service,
        replace=_aws(
            "ecs/service.go", "name", "cluster", "iamRole", "launchType", "schedulingStrategy", "deploymentController"
        ),
        price=Priced("ecs_service"),
        data=None,
        create_minutes=3.0,
    ),
    "aws:ecs/taskDefinition:TaskDefinition": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.task_definition,
        ),
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
        cloudformation=CloudFormation(
            map=cfn.load_balancer,
        ),
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
        cloudformation=CloudFormation(
            map=cfn.target_group,
            not_mapped={"namePrefix": "a prefix: the provider generates the rest of the name"},
        ),
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
        cloudformation=CloudFormation(
            map=cfn.lb_listener,
        ),
        replace=_aws("elbv2/listener.go", "loadBalancerArn"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    # --- S3 (the bucket's companions replace when they move to another bucket)
    "aws:s3/bucket:Bucket": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.s3_bucket,
            autoname="bucket",
        ),
        mock=_mock_bucket,
        replace=_aws("s3/bucket.go", "bucket", "bucketPrefix", "objectLockEnabled"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:s3/bucketObjectv2:BucketObjectv2": ResourceType(
        cloudformation=CloudFormation(
            skipped="CloudFormation has no S3 object type",
        ),
        mock=_mock_bucketobjectv2,
        replace=_aws("s3/object.go", "bucket", "key"),
        price=FREE,
        data=None,
        outputs_changed_by_update=("versionId",),
        create_minutes=0.5,
        must_not_wait_for_cluster=True,
    ),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ResourceType(
        cloudformation=CloudFormation(
            folded_into="AWS::S3::Bucket LifecycleConfiguration",
        ),
        replace=_aws("s3/bucket_lifecycle_configuration.go", "bucket", "expectedBucketOwner"),
        price=FREE,
        data=None,
    ),
    "aws:s3/bucketVersioning:BucketVersioning": ResourceType(
        cloudformation=CloudFormation(
            folded_into="AWS::S3::Bucket VersioningConfiguration",
        ),
        replace=_aws("s3/bucket_versioning.go", "bucket", "expectedBucketOwner"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ResourceType(
        cloudformation=CloudFormation(
            folded_into="AWS::S3::Bucket PublicAccessBlockConfiguration",
        ),
        replace=_aws("s3/bucket_public_access_block.go", "bucket"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ResourceType(
        cloudformation=CloudFormation(
            folded_into="AWS::S3::Bucket OwnershipControls",
        ),
        replace=_aws("s3/bucket_ownership_controls.go", "bucket"),
        price=FREE,
        data=None,
    ),
    "aws:s3/bucketPolicy:BucketPolicy": ResourceType(
        cloudformation=CloudFormation(
            map=cfn.simple(
                "AWS::S3::BucketPolicy",
                {"Bucket": "bucket", "PolicyDocument": lambda i: cfn.document(i.get("policy"))},
                "none",
            ),
        ),
        replace=_aws("s3/bucket_policy.go", "bucket"),
        price=FREE,
        data=None,
        must_not_wait_for_cluster=True,
    ),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ResourceType(
        cloudformation=CloudFormation(
            folded_into="AWS::S3::Bucket BucketEncryption",
        ),
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
