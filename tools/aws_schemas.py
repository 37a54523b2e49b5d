"""AWS's own resource schemas judge the plan: `python -m tools.aws_schemas STACK`.

The planned resources (the program run under mocks, as `tools.plan` runs it)
are written as a CloudFormation template, each pulumi-aws resource as the
CloudFormation resource type that AWS defines for the same API object, and
cfn-lint validates the template against AWS's resource provider schemas for
the stack's region (types, required properties, enums, patterns, lengths,
minimums and maximums; cfn-lint's bundled schemas). A violation is the plan
promising what AWS's API would refuse.

Where CloudFormation folds several pulumi-aws resources into one (an S3
bucket's versioning, encryption, lifecycle, public access block and ownership
controls; an internet gateway's attachment; a role's attached managed
policies), they are folded the same way. Types CloudFormation does not have,
or that carry nothing to check, are listed in `SKIPPED` with the reason; a
registered type that is neither mapped nor skipped is an error (a new type
needs its mapping).

What this does not judge: values that exist only once AWS has created a
resource (the mocks' stand-in ARNs and IDs have the right shapes), names that
Pulumi generates (absent from the inputs, so absent here), and rules no schema
states (those are the plan's own checks).

    python -m tools.aws_schemas dev
    python -m tools.aws_schemas prod -c brokerCount=6 --json
    python -m tools.aws_schemas prod --every-option   # every cluster option on
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import functools
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from components.aws import naming
from components.validation import plural
from tools.mock_runner import ProgramRun, RecordedResource, run_program
from tools.plan import STAND_IN_ACCOUNT, parse_override

if TYPE_CHECKING:  # cfn-lint is imported when a plan is judged (it loads for a second)
    from cfnlint.rules import Match
    from cfnlint.runner import Runner

# Every cluster option on (the plan CI judges besides the two stacks).
_CA = "arn:aws:acm-pca:eu-west-2:123456789012:certificate-authority/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
EVERY_OPTION: dict[str, Any] = {
    "snowflake.publicKeyRegistered": True,
    "snowflake.accountUrl": STAND_IN_ACCOUNT,
    "alarmEmail": "oncall@example.com",
    "brokerInstanceType": "kafka.m7g.4xlarge",
    "brokerVolumeThroughputMiBps": 250,
    "storageMode": "TIERED",
    "topics[0].remoteStorage": True,
    "topics[0].localRetentionHours": 24,
    "clientAuthentication": {"tlsCertificateAuthorityArns": [_CA]},
    "vpcConnectivity": {"iam": True},
    "clusterPolicy": {
        "accounts": ["111122223333"],
        "dataAccess": [{"account": "111122223333", "topics": ["orders"], "groups": ["analytics-*"]}],
    },
    "brokerLogs": {"cloudwatch": True, "s3": True, "firehose": {"deliveryStream": "msk-broker-logs"}},
    "openMonitoring": {"cidrs": ["10.50.0.0/16"]},
    "serverProperties": {"num.io.threads": "16"},
    "scramUsers": [{"name": "analytics", "description": "analytics team"}],
    "schemaRegistry.certificateArn": (
        "arn:aws:acm:eu-west-2:123456789012:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
    ),
    "schemaRegistry.hostName": "schemas.example.internal",
    "scramUsers[0].acls": [
        {"resource": {"type": "topic", "name": "orders"}, "operations": ["Read", "Describe"]},
        {"resource": {"type": "group", "name": "analytics-", "patternType": "prefix"}, "operations": ["Read"]},
    ],
}

SKIPPED: dict[str, str] = {
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "CloudFormation cannot manage a VPC's default security group",
    "aws:secretsmanager/secretVersion:SecretVersion": "a secret's value (CloudFormation sets it as the secret's "
    "SecretString); values are secrets and never go into a template",
    "aws:s3/bucketObjectv2:BucketObjectv2": "CloudFormation has no S3 object type",
    "aws:lambda/invocation:Invocation": "CloudFormation invokes functions through custom resources, a different "
    "contract (the input is checked by the plan's tests)",
}
# Inputs that have no CloudFormation property: what the provider does around
# the API call, not what the API is sent (a test holds every other input to
# being mapped).
NOT_IN_CLOUDFORMATION: dict[str, dict[str, str]] = {
    "aws:lb/targetGroup:TargetGroup": {"namePrefix": "a prefix: the provider generates the rest of the name"},
    "aws:secretsmanager/secret:Secret": {"recoveryWindowInDays": "applies when the secret is deleted"},
    "aws:ecs/service:Service": {"waitForSteadyState": "the provider waits; nothing is sent"},
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {"tags": "AWS::EC2::SecurityGroupIngress has none"},
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {"tags": "AWS::EC2::SecurityGroupEgress has none"},
    "aws:iam/policy:Policy": {"tags": "AWS::IAM::ManagedPolicy has none"},
}
# Folded into another resource's properties, as CloudFormation models them.
FOLDED: dict[str, str] = {
    "aws:s3/bucketVersioning:BucketVersioning": "AWS::S3::Bucket VersioningConfiguration",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "AWS::S3::Bucket "
    "BucketEncryption",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "AWS::S3::Bucket LifecycleConfiguration",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "AWS::S3::Bucket PublicAccessBlockConfiguration",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "AWS::S3::Bucket OwnershipControls",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "AWS::IAM::Role ManagedPolicyArns",
}


# --- helpers ------------------------------------------------------------------------------------------


def whole(value: Any) -> Any:
    """Numbers as the engine sends them (whole floats from the mocks become ints), recursively."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [whole(v) for v in value]
    if isinstance(value, dict):
        return {k: whole(v) for k, v in value.items()}
    return value


def props(**values: Any) -> dict[str, Any]:
    """CloudFormation properties without the unset ones."""
    return {k: v for k, v in values.items() if v is not None and v != {} and v != []}


def tag_list(tags: Mapping[str, str] | None) -> list[dict[str, str]] | None:
    return [{"Key": k, "Value": v} for k, v in (tags or {}).items()] or None


def document(text: Any) -> Any:
    """An IAM or resource policy, as an object (CloudFormation takes JSON objects)."""
    return json.loads(text) if isinstance(text, str) else text


def pascal(value: Any, free_form: Iterable[str] = ()) -> Any:
    """camelCase keys as PascalCase, recursively; the values of `free_form` keys are left as they are."""
    keep = set(free_form)
    if isinstance(value, list):
        return [pascal(v, keep) for v in value]
    if isinstance(value, dict):
        return {k[:1].upper() + k[1:]: v if k in keep else pascal(v, keep) for k, v in value.items()}
    return value


def enabled(flag: Any) -> dict[str, Any] | None:
    return None if flag is None else {"Enabled": bool(flag)}


# --- one function per type: (resource, run) -> [(CloudFormation type, properties)] -----------------

Mapped = list[tuple[str, dict[str, Any]]]


def _msk_cluster(r: RecordedResource, run: ProgramRun) -> Mapped:
    i = r.inputs
    node = i.get("brokerNodeGroupInfo") or {}
    ebs = (node.get("storageInfo") or {}).get("ebsStorageInfo") or {}
    throughput = ebs.get("provisionedThroughput")
    connectivity = node.get("connectivityInfo") or {}
    vpc_auth = (connectivity.get("vpcConnectivity") or {}).get("clientAuthentication")
    auth = i.get("clientAuthentication") or {}
    sasl = auth.get("sasl") or {}
    tls = auth.get("tls")
    encryption = i.get("encryptionInfo") or {}
    in_transit = encryption.get("encryptionInTransit") or {}
    logs = (i.get("loggingInfo") or {}).get("brokerLogs") or {}
    cloudwatch, firehose, s3 = (logs.get(k) for k in ("cloudwatchLogs", "firehose", "s3"))
    prometheus = (i.get("openMonitoring") or {}).get("prometheus")
    configuration = i.get("configurationInfo")
    return [
        (
            "AWS::MSK::Cluster",
            props(
                ClusterName=i.get("clusterName"),
                KafkaVersion=i.get("kafkaVersion"),
                NumberOfBrokerNodes=i.get("numberOfBrokerNodes"),
                EnhancedMonitoring=i.get("enhancedMonitoring"),
                StorageMode=i.get("storageMode"),
                BrokerNodeGroupInfo=props(
                    InstanceType=node.get("instanceType"),
                    ClientSubnets=node.get("clientSubnets"),
                    SecurityGroups=node.get("securityGroups"),
                    BrokerAZDistribution=node.get("azDistribution"),
                    StorageInfo=props(
                        EBSStorageInfo=props(
                            VolumeSize=ebs.get("volumeSize"),
                            ProvisionedThroughput=None
                            if throughput is None
                            else props(
                                Enabled=throughput.get("enabled"), VolumeThroughput=throughput.get("volumeThroughput")
                            ),
                        )
                    ),
                    ConnectivityInfo=props(
                        PublicAccess=props(Type=(connectivity.get("publicAccess") or {}).get("type")),
                        VpcConnectivity=None
                        if vpc_auth is None
                        else {
                            "ClientAuthentication": props(
                                Sasl=props(
                                    Iam=enabled((vpc_auth.get("sasl") or {}).get("iam")),
                                    Scram=enabled((vpc_auth.get("sasl") or {}).get("scram")),
                                ),
                                Tls=enabled(vpc_auth.get("tls")),
                            )
                        },
                    ),
                ),
                ClientAuthentication=props(
                    Sasl=props(Iam=enabled(sasl.get("iam")), Scram=enabled(sasl.get("scram"))),
                    Tls=None
                    if tls is None
                    else props(Enabled=True, CertificateAuthorityArnList=tls.get("certificateAuthorityArns")),
                    Unauthenticated=enabled(auth.get("unauthenticated")),
                ),
                EncryptionInfo=props(
                    EncryptionAtRest=props(DataVolumeKMSKeyId=encryption.get("encryptionAtRestKmsKeyArn")),
                    EncryptionInTransit=props(
                        ClientBroker=in_transit.get("clientBroker"), InCluster=in_transit.get("inCluster")
                    ),
                ),
                ConfigurationInfo=None
                if configuration is None
                else props(Arn=configuration.get("arn"), Revision=configuration.get("revision")),
                LoggingInfo=None
                if not logs
                else {
                    "BrokerLogs": props(
                        CloudWatchLogs=None
                        if cloudwatch is None
                        else props(Enabled=cloudwatch.get("enabled"), LogGroup=cloudwatch.get("logGroup")),
                        Firehose=None
                        if firehose is None
                        else props(Enabled=firehose.get("enabled"), DeliveryStream=firehose.get("deliveryStream")),
                        S3=None
                        if s3 is None
                        else props(Enabled=s3.get("enabled"), Bucket=s3.get("bucket"), Prefix=s3.get("prefix")),
                    )
                },
                OpenMonitoring=None
                if prometheus is None
                else {
                    "Prometheus": props(
                        JmxExporter=props(EnabledInBroker=(prometheus.get("jmxExporter") or {}).get("enabledInBroker")),
                        NodeExporter=props(
                            EnabledInBroker=(prometheus.get("nodeExporter") or {}).get("enabledInBroker")
                        ),
                    )
                },
                Tags=i.get("tags"),  # a map on AWS::MSK::Cluster
            ),
        )
    ]


def _simple(cfn_type: str, mapping: Mapping[str, str | Callable[[dict[str, Any]], Any]], tags: str = "list"):
    """A type whose properties are inputs renamed (or computed by a function of the inputs)."""

    def build(r: RecordedResource, run: ProgramRun) -> Mapped:
        values = {
            prop: (source(r.inputs) if callable(source) else r.inputs.get(source)) for prop, source in mapping.items()
        }
        if tags == "list":
            values["Tags"] = tag_list(r.inputs.get("tags"))
        elif tags == "map":
            values["Tags"] = r.inputs.get("tags")
        return [(cfn_type, props(**values))]

    return build


def _bucket(r: RecordedResource, run: ProgramRun) -> Mapped:
    """The bucket with the companions pulumi-aws registers beside it (CloudFormation's properties)."""
    companions = {
        c.type: c.inputs
        for c in run.resources
        if c.custom and c.inputs.get("bucket") in (r.id, r.outputs.get("bucket"))
    }
    versioning = companions.get("aws:s3/bucketVersioning:BucketVersioning")
    encryption = companions.get(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
    )
    lifecycle = companions.get("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
    block = companions.get("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
    ownership = companions.get("aws:s3/bucketOwnershipControls:BucketOwnershipControls")
    return [
        (
            "AWS::S3::Bucket",
            props(
                BucketName=r.inputs.get("bucket"),
                VersioningConfiguration=None
                if versioning is None
                else {"Status": versioning["versioningConfiguration"]["status"]},
                BucketEncryption=None
                if encryption is None
                else {
                    "ServerSideEncryptionConfiguration": [
                        props(
                            ServerSideEncryptionByDefault=props(
                                SSEAlgorithm=(rule.get("applyServerSideEncryptionByDefault") or {}).get("sseAlgorithm"),
                                KMSMasterKeyID=(rule.get("applyServerSideEncryptionByDefault") or {}).get(
                                    "kmsMasterKeyId"
                                ),
                            ),
                            BucketKeyEnabled=rule.get("bucketKeyEnabled"),
                        )
                        for rule in encryption["rules"]
                    ]
                },
                LifecycleConfiguration=None
                if lifecycle is None
                else {"Rules": [_lifecycle_rule(x) for x in lifecycle["rules"]]},
                PublicAccessBlockConfiguration=None
                if block is None
                else props(
                    BlockPublicAcls=block.get("blockPublicAcls"),
                    BlockPublicPolicy=block.get("blockPublicPolicy"),
                    IgnorePublicAcls=block.get("ignorePublicAcls"),
                    RestrictPublicBuckets=block.get("restrictPublicBuckets"),
                ),
                OwnershipControls=None
                if ownership is None
                else {"Rules": [{"ObjectOwnership": ownership["rule"]["objectOwnership"]}]},
                Tags=tag_list(r.inputs.get("tags")),
            ),
        )
    ]


def _lifecycle_rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    expiration = rule.get("expiration") or {}
    noncurrent = rule.get("noncurrentVersionExpiration") or {}
    abort = rule.get("abortIncompleteMultipartUpload") or {}
    return props(
        Id=rule.get("id"),
        Status=rule.get("status"),
        Prefix=(rule.get("filter") or {}).get("prefix") or None,
        ExpirationInDays=expiration.get("days"),
        NoncurrentVersionExpiration=props(NoncurrentDays=noncurrent.get("noncurrentDays")) or None,
        AbortIncompleteMultipartUpload=props(DaysAfterInitiation=abort.get("daysAfterInitiation")) or None,
    )


def _role(r: RecordedResource, run: ProgramRun) -> Mapped:
    attached = [
        a.inputs["policyArn"]
        for a in run.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        if a.inputs.get("role") in (r.id, r.outputs.get("name"), r.inputs.get("name"))
    ]
    i = r.inputs
    return [
        (
            "AWS::IAM::Role",
            props(
                RoleName=i.get("name"),
                Path=i.get("path"),
                Description=i.get("description"),
                MaxSessionDuration=i.get("maxSessionDuration"),
                AssumeRolePolicyDocument=document(i.get("assumeRolePolicy")),
                ManagedPolicyArns=[*(i.get("managedPolicyArns") or []), *attached] or None,
                Tags=tag_list(i.get("tags")),
            ),
        )
    ]


def _alarm(r: RecordedResource, run: ProgramRun) -> Mapped:
    i = r.inputs

    def dimensions(values: Mapping[str, str] | None) -> list[dict[str, str]] | None:
        return [{"Name": k, "Value": v} for k, v in (values or {}).items()] or None

    metrics = [
        props(
            Id=q.get("id"),
            Expression=q.get("expression"),
            Label=q.get("label"),
            ReturnData=q.get("returnData"),
            MetricStat=None
            if q.get("metric") is None
            else props(
                Metric=props(
                    MetricName=q["metric"].get("metricName"),
                    Namespace=q["metric"].get("namespace"),
                    Dimensions=dimensions(q["metric"].get("dimensions")),
                ),
                Period=q["metric"].get("period"),
                Stat=q["metric"].get("stat"),
                Unit=q["metric"].get("unit"),
            ),
        )
        for q in i.get("metricQueries") or []
    ]
    return [
        (
            "AWS::CloudWatch::Alarm",
            props(
                AlarmName=i.get("name"),
                AlarmDescription=i.get("alarmDescription"),
                ComparisonOperator=i.get("comparisonOperator"),
                EvaluationPeriods=i.get("evaluationPeriods"),
                DatapointsToAlarm=i.get("datapointsToAlarm"),
                Threshold=i.get("threshold"),
                TreatMissingData=i.get("treatMissingData"),
                AlarmActions=i.get("alarmActions"),
                OKActions=i.get("okActions"),
                InsufficientDataActions=i.get("insufficientDataActions"),
                MetricName=i.get("metricName"),
                Namespace=i.get("namespace"),
                Period=i.get("period"),
                Statistic=i.get("statistic"),
                ExtendedStatistic=i.get("extendedStatistic"),
                Unit=i.get("unit"),
                Dimensions=dimensions(i.get("dimensions")),
                Metrics=metrics or None,
                Tags=tag_list(i.get("tags")),
            ),
        )
    ]


def _load_balancer(r: RecordedResource, run: ProgramRun) -> Mapped:
    i = r.inputs
    logs = i.get("accessLogs") or {}
    attributes = {
        "deletion_protection.enabled": i.get("enableDeletionProtection"),
        "routing.http.drop_invalid_header_fields.enabled": i.get("dropInvalidHeaderFields"),
        "idle_timeout.timeout_seconds": i.get("idleTimeout"),
        "access_logs.s3.enabled": logs.get("enabled"),
        "access_logs.s3.bucket": logs.get("bucket"),
        "access_logs.s3.prefix": logs.get("prefix"),
    }
    return [
        (
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            props(
                Name=i.get("name"),
                Scheme="internal" if i.get("internal") else "internet-facing",
                Type=i.get("loadBalancerType"),
                Subnets=i.get("subnets"),
                SecurityGroups=i.get("securityGroups"),
                IpAddressType=i.get("ipAddressType"),
                LoadBalancerAttributes=[
                    {"Key": k, "Value": str(v).lower() if isinstance(v, bool) else str(v)}
                    for k, v in attributes.items()
                    if v is not None
                ],
                Tags=tag_list(i.get("tags")),
            ),
        )
    ]


def _target_group(r: RecordedResource, run: ProgramRun) -> Mapped:
    i = r.inputs
    check = i.get("healthCheck") or {}
    delay = i.get("deregistrationDelay")
    return [
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup",
            props(
                Name=i.get("name"),
                Port=i.get("port"),
                Protocol=i.get("protocol"),
                TargetType=i.get("targetType"),
                VpcId=i.get("vpcId"),
                HealthCheckPath=check.get("path"),
                HealthCheckIntervalSeconds=check.get("interval"),
                HealthCheckTimeoutSeconds=check.get("timeout"),
                HealthyThresholdCount=check.get("healthyThreshold"),
                UnhealthyThresholdCount=check.get("unhealthyThreshold"),
                Matcher=None if check.get("matcher") is None else {"HttpCode": check["matcher"]},
                TargetGroupAttributes=None
                if delay is None
                else [{"Key": "deregistration_delay.timeout_seconds", "Value": str(delay)}],
                Tags=tag_list(i.get("tags")),
            ),
        )
    ]


def _listener(r: RecordedResource, run: ProgramRun) -> Mapped:
    i = r.inputs
    return [
        (
            "AWS::ElasticLoadBalancingV2::Listener",
            props(
                LoadBalancerArn=i.get("loadBalancerArn"),
                Port=i.get("port"),
                Protocol=i.get("protocol"),
                SslPolicy=i.get("sslPolicy"),
                Certificates=[{"CertificateArn": i["certificateArn"]}] if i.get("certificateArn") else None,
                DefaultActions=[
                    props(Type=a.get("type"), TargetGroupArn=a.get("targetGroupArn"))
                    for a in i.get("defaultActions") or []
                ],
                Tags=tag_list(i.get("tags")),
            ),
        )
    ]


def _task_definition(r: RecordedResource, run: ProgramRun) -> Mapped:
    i = r.inputs
    containers = json.loads(i["containerDefinitions"]) if isinstance(i.get("containerDefinitions"), str) else []
    platform = i.get("runtimePlatform")
    return [
        (
            "AWS::ECS::TaskDefinition",
            props(
                Family=i.get("family"),
                Cpu=i.get("cpu"),
                Memory=i.get("memory"),
                NetworkMode=i.get("networkMode"),
                RequiresCompatibilities=i.get("requiresCompatibilities"),
                ExecutionRoleArn=i.get("executionRoleArn"),
                TaskRoleArn=i.get("taskRoleArn"),
                ContainerDefinitions=pascal(containers, free_form=("options", "dockerLabels")),
                Volumes=[props(Name=v.get("name")) for v in i.get("volumes") or []] or None,
                RuntimePlatform=None if platform is None else pascal(platform),
                EphemeralStorage=None if i.get("ephemeralStorage") is None else pascal(i["ephemeralStorage"]),
                Tags=tag_list(i.get("tags")),
            ),
        )
    ]


def _service(r: RecordedResource, run: ProgramRun) -> Mapped:
    i = r.inputs
    network = i.get("networkConfiguration") or {}
    breaker = i.get("deploymentCircuitBreaker")
    return [
        (
            "AWS::ECS::Service",
            props(
                ServiceName=i.get("name"),
                Cluster=i.get("cluster"),
                TaskDefinition=i.get("taskDefinition"),
                DesiredCount=i.get("desiredCount"),
                LaunchType=i.get("launchType"),
                PlatformVersion=i.get("platformVersion"),
                PropagateTags=i.get("propagateTags"),
                EnableECSManagedTags=i.get("enableEcsManagedTags"),
                EnableExecuteCommand=i.get("enableExecuteCommand"),
                AvailabilityZoneRebalancing=i.get("availabilityZoneRebalancing"),
                HealthCheckGracePeriodSeconds=i.get("healthCheckGracePeriodSeconds"),
                NetworkConfiguration=None
                if not network
                else {
                    "AwsvpcConfiguration": props(
                        Subnets=network.get("subnets"),
                        SecurityGroups=network.get("securityGroups"),
                        AssignPublicIp="ENABLED" if network.get("assignPublicIp") else "DISABLED",
                    )
                },
                LoadBalancers=[
                    props(
                        TargetGroupArn=lb.get("targetGroupArn"),
                        ContainerName=lb.get("containerName"),
                        ContainerPort=lb.get("containerPort"),
                    )
                    for lb in i.get("loadBalancers") or []
                ],
                DeploymentConfiguration=props(
                    MinimumHealthyPercent=i.get("deploymentMinimumHealthyPercent"),
                    MaximumPercent=i.get("deploymentMaximumPercent"),
                    DeploymentCircuitBreaker=None
                    if breaker is None
                    else {"Enable": breaker.get("enable"), "Rollback": breaker.get("rollback")},
                ),
                Tags=tag_list(i.get("tags")),
            ),
        )
    ]


def _connector(r: RecordedResource, run: ProgramRun) -> Mapped:
    i = r.inputs
    capacity = i.get("capacity") or {}
    auto = capacity.get("autoscaling")
    fixed = capacity.get("provisionedCapacity")
    cluster = (i.get("kafkaCluster") or {}).get("apacheKafkaCluster") or {}
    vpc = cluster.get("vpc") or {}
    logs = (i.get("logDelivery") or {}).get("workerLogDelivery") or {}
    cloudwatch = logs.get("cloudwatchLogs")
    worker = i.get("workerConfiguration")
    return [
        (
            "AWS::KafkaConnect::Connector",
            props(
                ConnectorName=i.get("name"),
                ConnectorDescription=i.get("description"),
                KafkaConnectVersion=i.get("kafkaconnectVersion"),
                Capacity=props(
                    AutoScaling=None
                    if auto is None
                    else props(
                        McuCount=auto.get("mcuCount"),
                        MinWorkerCount=auto.get("minWorkerCount"),
                        MaxWorkerCount=auto.get("maxWorkerCount"),
                        ScaleInPolicy=props(
                            CpuUtilizationPercentage=(auto.get("scaleInPolicy") or {}).get("cpuUtilizationPercentage")
                        ),
                        ScaleOutPolicy=props(
                            CpuUtilizationPercentage=(auto.get("scaleOutPolicy") or {}).get("cpuUtilizationPercentage")
                        ),
                    ),
                    ProvisionedCapacity=None
                    if fixed is None
                    else props(McuCount=fixed.get("mcuCount"), WorkerCount=fixed.get("workerCount")),
                ),
                ConnectorConfiguration=i.get("connectorConfiguration"),
                KafkaCluster={
                    "ApacheKafkaCluster": props(
                        BootstrapServers=cluster.get("bootstrapServers"),
                        Vpc=props(SecurityGroups=vpc.get("securityGroups"), Subnets=vpc.get("subnets")),
                    )
                },
                KafkaClusterClientAuthentication=pascal(i.get("kafkaClusterClientAuthentication") or {}),
                KafkaClusterEncryptionInTransit=pascal(i.get("kafkaClusterEncryptionInTransit") or {}),
                LogDelivery=None
                if cloudwatch is None
                else {
                    "WorkerLogDelivery": {
                        "CloudWatchLogs": props(Enabled=cloudwatch.get("enabled"), LogGroup=cloudwatch.get("logGroup"))
                    }
                },
                Plugins=[
                    {
                        "CustomPlugin": props(
                            CustomPluginArn=p["customPlugin"].get("arn"), Revision=p["customPlugin"].get("revision")
                        )
                    }
                    for p in i.get("plugins") or []
                ],
                ServiceExecutionRoleArn=i.get("serviceExecutionRoleArn"),
                WorkerConfiguration=None
                if worker is None
                else props(WorkerConfigurationArn=worker.get("arn"), Revision=worker.get("revision")),
                Tags=tag_list(i.get("tags")),
            ),
        )
    ]


def _scram_secrets(r: RecordedResource, run: ProgramRun) -> Mapped:
    """CloudFormation has one AWS::MSK::BatchScramSecret per cluster: the first association
    of a cluster stands for all of them (the others add nothing)."""
    cluster, secret = r.inputs.get("clusterArn"), r.inputs.get("secretArn")
    associations = [a for a in run.of_type(r.type) if a.inputs.get("clusterArn") == cluster]
    if associations[0].urn != r.urn:
        return []
    secrets = [secret if a.urn == r.urn else a.inputs.get("secretArn") for a in associations]
    return [("AWS::MSK::BatchScramSecret", props(ClusterArn=cluster, SecretArnList=[s for s in secrets if s]))]


def _internet_gateway(r: RecordedResource, run: ProgramRun) -> Mapped:
    mapped: Mapped = [("AWS::EC2::InternetGateway", props(Tags=tag_list(r.inputs.get("tags"))))]
    if r.inputs.get("vpcId"):
        mapped.append(("AWS::EC2::VPCGatewayAttachment", props(VpcId=r.inputs["vpcId"], InternetGatewayId=r.id)))
    return mapped


def _rule(cfn_type: str, peer: str) -> Callable[[RecordedResource, ProgramRun], Mapped]:
    """vpc security group rules: `peer` is CloudFormation's name for the other security group."""

    def build(r: RecordedResource, run: ProgramRun) -> Mapped:
        i = r.inputs
        return [
            (
                cfn_type,
                props(
                    GroupId=i.get("securityGroupId"),
                    IpProtocol=i.get("ipProtocol"),
                    FromPort=i.get("fromPort"),
                    ToPort=i.get("toPort"),
                    CidrIp=i.get("cidrIpv4"),
                    CidrIpv6=i.get("cidrIpv6"),
                    Description=i.get("description"),
                    **{peer: i.get("referencedSecurityGroupId")},
                ),
            )
        ]

    return build


def _function(r: RecordedResource, run: ProgramRun) -> Mapped:
    i = r.inputs
    vpc = i.get("vpcConfig") or {}
    logging = i.get("loggingConfig") or {}
    return [
        (
            "AWS::Lambda::Function",
            props(
                FunctionName=i.get("name"),
                Description=i.get("description"),
                Runtime=i.get("runtime"),
                Handler=i.get("handler"),
                Role=i.get("role"),
                Architectures=i.get("architectures"),
                MemorySize=i.get("memorySize"),
                Timeout=i.get("timeout"),
                # The archive is built at `up`; a stand-in of the form CloudFormation takes.
                Code={"S3Bucket": "stand-in-bucket", "S3Key": "function.zip"} if i.get("code") is not None else None,
                VpcConfig=props(SubnetIds=vpc.get("subnetIds"), SecurityGroupIds=vpc.get("securityGroupIds")),
                LoggingConfig=props(LogFormat=logging.get("logFormat"), LogGroup=logging.get("logGroup")),
                Tags=tag_list(i.get("tags")),
            ),
        )
    ]


MAPPINGS: dict[str, Callable[[RecordedResource, ProgramRun], Mapped]] = {
    "aws:lambda/function:Function": _function,
    "aws:msk/cluster:Cluster": _msk_cluster,
    "aws:msk/configuration:Configuration": _simple(
        "AWS::MSK::Configuration",
        {
            "Name": "name",
            "Description": "description",
            "KafkaVersionsList": "kafkaVersions",
            "ServerProperties": "serverProperties",
        },
        tags="none",
    ),
    "aws:msk/topic:Topic": _simple(
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
    "aws:msk/clusterPolicy:ClusterPolicy": _simple(
        "AWS::MSK::ClusterPolicy", {"ClusterArn": "clusterArn", "Policy": lambda i: document(i.get("policy"))}, "none"
    ),
    "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation": _scram_secrets,
    "aws:mskconnect/connector:Connector": _connector,
    "aws:mskconnect/customPlugin:CustomPlugin": _simple(
        "AWS::KafkaConnect::CustomPlugin",
        {
            "Name": "name",
            "Description": "description",
            "ContentType": "contentType",
            "Location": lambda i: {"S3Location": pascal((i.get("location") or {}).get("s3") or {})},
        },
    ),
    "aws:mskconnect/workerConfiguration:WorkerConfiguration": _simple(
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
    "aws:kms/key:Key": _simple(
        "AWS::KMS::Key",
        {
            "Description": "description",
            "EnableKeyRotation": "enableKeyRotation",
            "PendingWindowInDays": "deletionWindowInDays",
            "KeySpec": "customerMasterKeySpec",
            "KeyUsage": "keyUsage",
            "MultiRegion": "multiRegion",
            "RotationPeriodInDays": "rotationPeriodInDays",
            "KeyPolicy": lambda i: document(i.get("policy")),
        },
    ),
    "aws:kms/alias:Alias": _simple("AWS::KMS::Alias", {"AliasName": "name", "TargetKeyId": "targetKeyId"}, "none"),
    "aws:secretsmanager/secret:Secret": _simple(
        "AWS::SecretsManager::Secret", {"Name": "name", "Description": "description", "KmsKeyId": "kmsKeyId"}
    ),
    "aws:cloudwatch/logGroup:LogGroup": _simple(
        "AWS::Logs::LogGroup",
        {
            "LogGroupName": "name",
            "RetentionInDays": "retentionInDays",
            "KmsKeyId": "kmsKeyId",
            "LogGroupClass": "logGroupClass",
        },
    ),
    "aws:cloudwatch/metricAlarm:MetricAlarm": _alarm,
    "aws:cloudwatch/dashboard:Dashboard": _simple(
        "AWS::CloudWatch::Dashboard", {"DashboardName": "dashboardName", "DashboardBody": "dashboardBody"}, "none"
    ),
    "aws:sns/topic:Topic": _simple(
        "AWS::SNS::Topic", {"TopicName": "name", "KmsMasterKeyId": "kmsMasterKeyId", "FifoTopic": "fifoTopic"}
    ),
    "aws:sns/topicSubscription:TopicSubscription": _simple(
        "AWS::SNS::Subscription", {"TopicArn": "topic", "Protocol": "protocol", "Endpoint": "endpoint"}, "none"
    ),
    "aws:appautoscaling/target:Target": _simple(
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
    "aws:appautoscaling/policy:Policy": _simple(
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        {
            "PolicyName": "name",
            "PolicyType": "policyType",
            "ResourceId": "resourceId",
            "ScalableDimension": "scalableDimension",
            "ServiceNamespace": "serviceNamespace",
            "TargetTrackingScalingPolicyConfiguration": lambda i: pascal(
                i.get("targetTrackingScalingPolicyConfiguration")
            ),
        },
        tags="none",
    ),
    "aws:iam/role:Role": _role,
    "aws:iam/rolePolicy:RolePolicy": _simple(
        "AWS::IAM::RolePolicy",
        {"RoleName": "role", "PolicyName": "name", "PolicyDocument": lambda i: document(i.get("policy"))},
        tags="none",
    ),
    "aws:iam/policy:Policy": _simple(
        "AWS::IAM::ManagedPolicy",
        {
            "ManagedPolicyName": "name",
            "Path": "path",
            "Description": "description",
            "PolicyDocument": lambda i: document(i.get("policy")),
        },
        tags="none",
    ),
    "aws:ec2/vpc:Vpc": _simple(
        "AWS::EC2::VPC",
        {
            "CidrBlock": "cidrBlock",
            "EnableDnsHostnames": "enableDnsHostnames",
            "EnableDnsSupport": "enableDnsSupport",
            "InstanceTenancy": "instanceTenancy",
        },
    ),
    "aws:ec2/subnet:Subnet": _simple(
        "AWS::EC2::Subnet",
        {
            "VpcId": "vpcId",
            "CidrBlock": "cidrBlock",
            "AvailabilityZone": "availabilityZone",
            "MapPublicIpOnLaunch": "mapPublicIpOnLaunch",
        },
    ),
    "aws:ec2/internetGateway:InternetGateway": _internet_gateway,
    "aws:ec2/eip:Eip": _simple("AWS::EC2::EIP", {"Domain": "domain"}),
    "aws:ec2/natGateway:NatGateway": _simple(
        "AWS::EC2::NatGateway",
        {"AllocationId": "allocationId", "SubnetId": "subnetId", "ConnectivityType": "connectivityType"},
    ),
    "aws:ec2/routeTable:RouteTable": _simple("AWS::EC2::RouteTable", {"VpcId": "vpcId"}),
    "aws:ec2/route:Route": _simple(
        "AWS::EC2::Route",
        {
            "RouteTableId": "routeTableId",
            "DestinationCidrBlock": "destinationCidrBlock",
            "GatewayId": "gatewayId",
            "NatGatewayId": "natGatewayId",
        },
        tags="none",
    ),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": _simple(
        "AWS::EC2::SubnetRouteTableAssociation", {"SubnetId": "subnetId", "RouteTableId": "routeTableId"}, "none"
    ),
    "aws:ec2/flowLog:FlowLog": _simple(
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
    "aws:ec2/securityGroup:SecurityGroup": _simple(
        "AWS::EC2::SecurityGroup", {"GroupName": "name", "GroupDescription": "description", "VpcId": "vpcId"}
    ),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": _rule(
        "AWS::EC2::SecurityGroupIngress", "SourceSecurityGroupId"
    ),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": _rule(
        "AWS::EC2::SecurityGroupEgress", "DestinationSecurityGroupId"
    ),
    "aws:ecs/cluster:Cluster": _simple(
        "AWS::ECS::Cluster",
        {"ClusterName": "name", "ClusterSettings": lambda i: pascal(i.get("settings")) if i.get("settings") else None},
    ),
    "aws:ecs/service:Service": _service,
    "aws:ecs/taskDefinition:TaskDefinition": _task_definition,
    "aws:lb/loadBalancer:LoadBalancer": _load_balancer,
    "aws:lb/targetGroup:TargetGroup": _target_group,
    "aws:lb/listener:Listener": _listener,
    "aws:s3/bucket:Bucket": _bucket,
    "aws:s3/bucketPolicy:BucketPolicy": _simple(
        "AWS::S3::BucketPolicy", {"Bucket": "bucket", "PolicyDocument": lambda i: document(i.get("policy"))}, "none"
    ),
}


# --- the template and the judge ---------------------------------------------------------------------


class UnmappedTypes(ValueError):
    """Registered types with neither a mapping nor a reason to skip them."""


@dataclass
class Violation:
    resource: str
    """The Pulumi resource (type and name)."""
    cfn_type: str
    rule: str
    message: str
    path: str

    def as_dict(self) -> dict[str, str]:
        return {"resource": self.resource, "cfnType": self.cfn_type, "rule": self.rule, "path": self.path,
                "message": self.message}  # fmt: skip


@dataclass
class Judgement:
    region: str
    checked: dict[str, int] = field(default_factory=dict)
    """CloudFormation type -> resources checked."""
    skipped: dict[str, str] = field(default_factory=dict)
    """Pulumi type -> why it is not checked."""
    violations: list[Violation] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"region": self.region, "checked": self.checked, "skipped": self.skipped,
                "violations": [v.as_dict() for v in self.violations]}  # fmt: skip


# The input Pulumi fills in when a program leaves the name out (auto-naming:
# the logical name, "-" and 7 random hex characters, lower case for S3 buckets;
# pulumi-terraform-bridge AutoName), per type the program lets Pulumi name.
AUTONAMED: dict[str, str] = {
    **{
        token: "name"
        for token in (
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/policy:Policy",
            "aws:msk/configuration:Configuration",
            "aws:mskconnect/workerConfiguration:WorkerConfiguration",
            "aws:mskconnect/customPlugin:CustomPlugin",
            "aws:ecs/cluster:Cluster",
            "aws:ecs/service:Service",
            "aws:sns/topic:Topic",
            "aws:ec2/securityGroup:SecurityGroup",
            "aws:cloudwatch/metricAlarm:MetricAlarm",
            "aws:appautoscaling/policy:Policy",
        )
    },
    "aws:s3/bucket:Bucket": "bucket",
}
AUTONAME_STAND_IN = "-0a1b2c3"


def with_autoname(resource: RecordedResource) -> RecordedResource:
    """The resource with the name Pulumi would give it, when the program gave none (and no prefix)."""
    key = AUTONAMED.get(resource.type)
    if key is None or resource.inputs.get(key) is not None or resource.inputs.get(f"{key}Prefix") is not None:
        return resource
    name = resource.name + AUTONAME_STAND_IN
    if naming.RULES[resource.type].lowercase:
        name = name.lower()
    return dataclasses.replace(resource, inputs={**resource.inputs, key: name})


def template(run: ProgramRun) -> tuple[dict[str, Any], dict[str, tuple[str, str]]]:
    """The run as a CloudFormation template, and logical ID -> (Pulumi resource, CloudFormation type)."""
    unmapped = sorted(
        {r.type for r in run.resources if r.custom and r.type.startswith("aws:")}
        - set(MAPPINGS)
        - set(SKIPPED)
        - set(FOLDED)
    )
    if unmapped:
        raise UnmappedTypes(
            "no CloudFormation mapping for " + ", ".join(unmapped) + "; add one to tools/aws_schemas.py MAPPINGS "
            "(or say in SKIPPED why it cannot be checked)"
        )
    resources: dict[str, Any] = {}
    origin: dict[str, tuple[str, str]] = {}
    for index, resource in enumerate(r for r in run.resources if r.custom and r.type in MAPPINGS):
        for part, (cfn_type, properties) in enumerate(MAPPINGS[resource.type](with_autoname(resource), run)):
            logical = f"R{index}x{part}"
            resources[logical] = {"Type": cfn_type, "Properties": whole(properties)}
            origin[logical] = (f"{resource.type} {resource.name}", cfn_type)
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}, origin


# cfn-lint rules that judge a template's form, not what AWS accepts: unused or
# hard-coded values, and "prefer another property" advice.
_ADVICE = ("W", "I")


@functools.cache
def _linter(region: str) -> Runner:
    """cfn-lint's runner for `region`, made once per process: making one loads every rule
    (0.4 s, a third of judging a stack). cfn-lint's own command line runs one runner over
    every template it is given; `cfnlint.api.lint` makes a new one per call."""
    from cfnlint.api import ManualArgs
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    return Runner(ConfigMixIn(**ManualArgs(regions=[region])))


def _lint(body: dict[str, Any], region: str) -> list[Match]:
    """cfn-lint's matches for a template, as `cfnlint.api.lint` finds them."""
    from cfnlint.decode.decode import decode_str

    template, errors = decode_str(json.dumps(body))
    if errors or template is None:
        return list(errors)
    return list(_linter(region).validate_template(template))


def judge(run: ProgramRun, region: str, types: set[str] | None = None) -> Judgement:
    """Validate the run's resources against AWS's schemas for `region` (cfn-lint);
    `types`: only the resources of these Pulumi types (a quicker look at a few)."""
    body, origin = template(run)
    if types is not None:
        keep = {logical for logical, (resource, _) in origin.items() if resource.split(" ")[0] in types}
        body["Resources"] = {k: v for k, v in body["Resources"].items() if k in keep}
        origin = {k: v for k, v in origin.items() if k in keep}
    result = Judgement(region)
    for info in origin.values():
        result.checked[info[1]] = result.checked.get(info[1], 0) + 1
    registered = sorted({r.type for r in run.resources if r.custom and not r.type.startswith("pulumi:providers:")})
    result.skipped = {t: SKIPPED[t] for t in registered if t in SKIPPED}
    result.skipped |= {t: "not an AWS resource" for t in registered if not t.startswith("aws:")}
    result.skipped |= {
        t: f"folded into {FOLDED[t]}" for t in sorted({r.type for r in run.resources if r.type in FOLDED})
    }
    for match in _lint(body, region):
        rule = match.rule.id
        if rule.startswith(_ADVICE):
            continue
        path = [str(p) for p in getattr(match, "path", None) or []]
        logical = path[1] if len(path) > 1 and path[0] == "Resources" else ""
        resource, cfn_type = origin.get(logical, ("(template)", ""))
        result.violations.append(Violation(resource, cfn_type, rule, match.message, "/".join(path[2:])))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.aws_schemas", description=__doc__.split("\n\n")[0])
    parser.add_argument("stack", help="stack name (dev, prod); its Pulumi.<stack>.yaml is read")
    parser.add_argument("-c", "--config", action="append", type=parse_override, default=[], metavar="KEY=VALUE",
                        help="override a config value, like `pulumi config set --path`")  # fmt: skip
    parser.add_argument("--every-option", action="store_true", help="turn every cluster option on (EVERY_OPTION)")
    parser.add_argument("--json", action="store_true", help="print the judgement as JSON")
    args = parser.parse_args(argv)
    overrides = {**(EVERY_OPTION if args.every_option else {}), **dict(args.config)}
    run = run_program(args.stack, overrides)
    region = run.config.get("aws:region", "us-east-1")
    result = judge(run, region)
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
    else:
        total = sum(result.checked.values())
        print(f"{args.stack}: {plural(total, 'resource')} of {plural(len(result.checked), 'CloudFormation type')} "
              f"checked against AWS's schemas for {region} (cfn-lint)")  # fmt: skip
        for cfn_type, count in sorted(result.checked.items()):
            print(f"  {count:4d} {cfn_type}")
        for pulumi_type, reason in result.skipped.items():
            print(f"  skipped {pulumi_type}: {reason}")
        for v in result.violations:
            print(f"VIOLATION {v.rule} {v.resource} ({v.cfn_type}) {v.path}: {v.message}")
        print("no violations" if not result.violations else plural(len(result.violations), "violation"))
    return 1 if result.violations else 0


if __name__ == "__main__":
    sys.exit(main())
