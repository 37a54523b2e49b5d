"""How each pulumi-aws resource is written as the CloudFormation resource AWS defines
for the same API object: the functions the registry's entries name (`tools.resource_types`,
`cloudformation=`), and the helpers they share. `tools.aws_schemas` writes a run as a
template with them and has cfn-lint judge it against AWS's resource schemas."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from tools.records import ProgramRun, RecordedResource

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
MapFunction = Callable[[RecordedResource, ProgramRun], Mapped]


def msk_cluster(r: RecordedResource, run: ProgramRun) -> Mapped:
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


def simple(cfn_type: str, mapping: Mapping[str, str | Callable[[dict[str, Any]], Any]], tags: str = "list"):
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


def s3_bucket(r: RecordedResource, run: ProgramRun) -> Mapped:
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
                else {"Rules": [lifecycle_rule(x) for x in lifecycle["rules"]]},
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


def lifecycle_rule(rule: Mapping[str, Any]) -> dict[str, Any]:
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


def iam_role(r: RecordedResource, run: ProgramRun) -> Mapped:
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


def metric_alarm(r: RecordedResource, run: ProgramRun) -> Mapped:
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


def load_balancer(r: RecordedResource, run: ProgramRun) -> Mapped:
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


def target_group(r: RecordedResource, run: ProgramRun) -> Mapped:
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


def lb_listener(r: RecordedResource, run: ProgramRun) -> Mapped:
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


def task_definition(r: RecordedResource, run: ProgramRun) -> Mapped:
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


def ecs_service(r: RecordedResource, run: ProgramRun) -> Mapped:
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


def msk_connect_connector(r: RecordedResource, run: ProgramRun) -> Mapped:
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


def scram_secrets(r: RecordedResource, run: ProgramRun) -> Mapped:
    """CloudFormation has one AWS::MSK::BatchScramSecret per cluster: the first association
    of a cluster stands for all of them (the others add nothing)."""
    cluster, secret = r.inputs.get("clusterArn"), r.inputs.get("secretArn")
    associations = [a for a in run.of_type(r.type) if a.inputs.get("clusterArn") == cluster]
    if associations[0].urn != r.urn:
        return []
    secrets = [secret if a.urn == r.urn else a.inputs.get("secretArn") for a in associations]
    return [("AWS::MSK::BatchScramSecret", props(ClusterArn=cluster, SecretArnList=[s for s in secrets if s]))]


def internet_gateway(r: RecordedResource, run: ProgramRun) -> Mapped:
    mapped: Mapped = [("AWS::EC2::InternetGateway", props(Tags=tag_list(r.inputs.get("tags"))))]
    if r.inputs.get("vpcId"):
        mapped.append(("AWS::EC2::VPCGatewayAttachment", props(VpcId=r.inputs["vpcId"], InternetGatewayId=r.id)))
    return mapped


def security_group_rule(cfn_type: str, peer: str) -> Callable[[RecordedResource, ProgramRun], Mapped]:
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


def lambda_function(r: RecordedResource, run: ProgramRun) -> Mapped:
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


def msk_replicator(r: RecordedResource, run: ProgramRun) -> Mapped:
    i = r.inputs
    info = i.get("replicationInfoList") or {}
    topics = (info.get("topicReplications") or [{}])[0]
    groups = (info.get("consumerGroupReplications") or [{}])[0]
    cloudwatch = ((i.get("logDelivery") or {}).get("replicatorLogDelivery") or {}).get("cloudwatchLogs")
    return [
        (
            "AWS::MSK::Replicator",
            props(
                ReplicatorName=i.get("replicatorName"),
                Description=i.get("description"),
                ServiceExecutionRoleArn=i.get("serviceExecutionRoleArn"),
                KafkaClusters=[
                    {
                        "AmazonMskCluster": {"MskClusterArn": (c.get("amazonMskCluster") or {}).get("mskClusterArn")},
                        "VpcConfig": props(
                            SubnetIds=(c.get("vpcConfig") or {}).get("subnetIds"),
                            SecurityGroupIds=(c.get("vpcConfig") or {}).get("securityGroupsIds"),
                        ),
                    }
                    for c in i.get("kafkaClusters") or []
                ],
                ReplicationInfoList=[
                    props(
                        SourceKafkaClusterArn=info.get("sourceKafkaClusterArn"),
                        TargetKafkaClusterArn=info.get("targetKafkaClusterArn"),
                        TargetCompressionType=info.get("targetCompressionType"),
                        TopicReplication=props(
                            TopicsToReplicate=topics.get("topicsToReplicates"),
                            TopicsToExclude=topics.get("topicsToExcludes"),
                            CopyTopicConfigurations=topics.get("copyTopicConfigurations"),
                            CopyAccessControlListsForTopics=topics.get("copyAccessControlListsForTopics"),
                            DetectAndCopyNewTopics=topics.get("detectAndCopyNewTopics"),
                            StartingPosition=pascal(topics.get("startingPosition")),
                            TopicNameConfiguration=pascal(topics.get("topicNameConfiguration")),
                        ),
                        ConsumerGroupReplication=props(
                            ConsumerGroupsToReplicate=groups.get("consumerGroupsToReplicates"),
                            ConsumerGroupsToExclude=groups.get("consumerGroupsToExcludes"),
                            SynchroniseConsumerGroupOffsets=groups.get("synchroniseConsumerGroupOffsets"),
                            DetectAndCopyNewConsumerGroups=groups.get("detectAndCopyNewConsumerGroups"),
                        ),
                    )
                ],
                LogDelivery={"ReplicatorLogDelivery": {"CloudWatchLogs": pascal(cloudwatch)}} if cloudwatch else None,
                Tags=tag_list(i.get("tags")),
            ),
        )
    ]
