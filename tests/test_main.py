"""The whole program (__main__.py) for each committed stack, with overrides on top."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import ALL_STACKS, STACKS

CLUSTER = "aws:msk/cluster:Cluster"
CONFIGURATION = "aws:msk/configuration:Configuration"

EXPECTED_OUTPUTS = {
    "vpcId",
    "privateSubnetIds",
    "clusterArn",
    "clusterName",
    "bootstrapBrokersSaslScram",
    "bootstrapBrokersSaslIam",
    "brokerSecurityGroupId",
    "kmsKeyArn",
    "configurationArn",
    "alarmTopicArn",
    "brokerLogGroupName",
    "topicNames",
    "producerPolicyArn",
    "consumerPolicyArn",
    "producerPolicyArns",
    "consumerPolicyArns",
    "schemaRegistryUrl",
    "schemaRegistryTaskDefinitionArn",
    "dashboardUrl",
    "schemaRegistryAlbDnsName",
    "schemaRegistryServiceName",
    "schemaRegistrySecurityGroupId",
    "schemaRegistryLogGroupName",
    "snowflakePluginArn",
    "snowflakePublicKey",
    "snowflakeAlterUserStatement",
    "snowflakePrivateKeySecretArn",
    "snowflakeConnectors",
}
MSK = "streaming-platform:index:MskCluster"

# Resource types the AWS provider cannot tag; every other AWS resource must carry our tags.
UNTAGGABLE = {
    "aws:ec2/route:Route",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:kms/alias:Alias",
    "aws:msk/configuration:Configuration",
    "aws:msk/topic:Topic",
    "aws:msk/clusterPolicy:ClusterPolicy",
    "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation",
    "aws:appautoscaling/policy:Policy",
    "aws:secretsmanager/secretVersion:SecretVersion",
    "aws:sns/topicSubscription:TopicSubscription",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:cloudwatch/dashboard:Dashboard",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketPolicy:BucketPolicy",
}
SERVICE = "aws:ecs/service:Service"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"


def test_dev_as_committed(run_stack) -> None:
    run = run_stack("dev")
    cluster = run.one(CLUSTER).inputs
    assert cluster["clusterName"] == "streaming-platform-dev"
    assert cluster["kafkaVersion"] == "3.8.x"
    assert cluster["numberOfBrokerNodes"] == 2
    assert cluster["brokerNodeGroupInfo"]["instanceType"] == "kafka.t3.small"
    assert cluster["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]["volumeSize"] == 20
    assert cluster["enhancedMonitoring"] == "PER_BROKER"
    assert len(cluster["brokerNodeGroupInfo"]["clientSubnets"]) == 2
    assert "log.retention.hours=24\n" in run.one(CONFIGURATION).inputs["serverProperties"]
    assert run.one("aws:cloudwatch/logGroup:LogGroup", within=MSK).inputs["retentionInDays"] == 30
    assert not run.one(CLUSTER).protect
    assert run.of_type("aws:appautoscaling/target:Target") == []
    assert len(run.of_type("aws:ec2/natGateway:NatGateway")) == 1
    assert {t.inputs["name"] for t in run.of_type("aws:msk/topic:Topic")} == {"orders", "customers", "_schemas"}
    assert run.one(SERVICE).inputs["desiredCount"] == 1
    task = run.one(TASK_DEFINITION).inputs
    assert (task["cpu"], task["memory"]) == ("512", "1024")
    assert run.outputs["schemaRegistryUrl"].startswith("http://internal-")


def test_prod_as_committed(run_stack) -> None:
    run = run_stack("prod")
    cluster = run.one(CLUSTER)
    assert cluster.inputs["clusterName"] == "streaming-platform-prod"
    assert cluster.inputs["numberOfBrokerNodes"] == 3
    assert cluster.inputs["brokerNodeGroupInfo"]["instanceType"] == "kafka.m7g.large"
    assert cluster.inputs["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]["volumeSize"] == 500
    assert cluster.inputs["enhancedMonitoring"] == "PER_TOPIC_PER_BROKER"
    assert len(cluster.inputs["brokerNodeGroupInfo"]["clientSubnets"]) == 3
    assert cluster.protect and cluster.retain_on_delete
    assert "log.retention.hours=168\n" in run.one(CONFIGURATION).inputs["serverProperties"]
    assert run.one("aws:appautoscaling/target:Target").inputs["maxCapacity"] == 4000
    assert run.one("aws:cloudwatch/logGroup:LogGroup", within=MSK).inputs["retentionInDays"] == 365
    assert len(run.of_type("aws:ec2/natGateway:NatGateway")) == 3
    assert run.one(SERVICE).inputs["desiredCount"] == 2, "prod runs 2+ registry tasks"
    task = run.one(TASK_DEFINITION).inputs
    assert (task["cpu"], task["memory"]) == ("1024", "2048")
    assert run.one("aws:lb/loadBalancer:LoadBalancer").inputs["enableDeletionProtection"] is True


@pytest.mark.parametrize("stack", STACKS)
def test_every_output_is_exported(run_deployed, stack: str) -> None:
    run = run_deployed(stack)
    # prod only: registry access logs; the dr stack's primary, what its replicator reads.
    prod_only = {"schemaRegistryAccessLogBucket", "replicationSource", "vpcConnectivityBootstrapBrokers"}
    expected = EXPECTED_OUTPUTS | {"schemaRegistryCredentialsSecretArn"} | (prod_only if stack == "prod" else set())
    assert set(run.outputs) == expected
    cluster = run.one(CLUSTER)
    assert run.outputs["clusterArn"] == cluster.outputs["arn"]
    assert run.outputs["bootstrapBrokersSaslIam"].endswith(":9098")
    assert run.outputs["bootstrapBrokersSaslScram"].endswith(":9096")
    assert run.outputs["privateSubnetIds"] == cluster.inputs["brokerNodeGroupInfo"]["clientSubnets"]


def test_no_topics_means_no_client_policies(run_stack) -> None:
    run = run_stack("dev", {"topics": [], "snowflake": None})
    assert run.of_type("aws:iam/policy:Policy") == []
    assert "producerPolicyArn" not in run.outputs and run.outputs["topicNames"] == []


@pytest.mark.parametrize("stack", STACKS)
def test_resource_tree_has_the_components_and_every_child_under_one(run_deployed, stack: str) -> None:
    run = run_deployed(stack)
    top_level = {r.type for r in run.resources if not r.custom and r.parent_type == "pulumi:pulumi:Stack"}
    assert top_level == {
        "streaming-platform:index:Network",
        "streaming-platform:index:MskCluster",
        "streaming-platform:index:SchemaRegistryService",
        "streaming-platform:index:SnowflakeConnectorPlugin",
        "streaming-platform:index:PlatformDashboard",
        "streaming-platform:index:SnowflakeCredentials",
        "streaming-platform:index:SnowflakeSinkConnector",
    }
    for resource in run.resources:
        if resource.custom:
            assert resource.parent_type.startswith("streaming-platform:"), resource.name
            assert resource.name.startswith(resource.parent_name), resource.name


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_overrides_reach_the_cluster_and_its_configuration(run_stack, stack: str) -> None:
    run = run_stack(
        stack,
        {
            "brokerInstanceType": "kafka.m7g.xlarge",
            "brokerCount": 6,
            "brokerVolumeGiB": 1000,
            "maxBrokerVolumeGiB": 8000,
            "retentionHours": 72,
            "network": {"cidr": "10.60.0.0/16", "azCount": 3, "natGateways": "single"},
        },
    )
    cluster = run.one(CLUSTER).inputs
    assert cluster["brokerNodeGroupInfo"]["instanceType"] == "kafka.m7g.xlarge"
    assert cluster["numberOfBrokerNodes"] == 6
    assert cluster["brokerNodeGroupInfo"]["storageInfo"]["ebsStorageInfo"]["volumeSize"] == 1000
    properties = run.one(CONFIGURATION).inputs["serverProperties"]
    assert "log.retention.hours=72\n" in properties
    assert "default.replication.factor=3\n" in properties
    assert run.one("aws:appautoscaling/target:Target").inputs["maxCapacity"] == 8000


def test_an_override_changes_only_what_it_names(run_stack) -> None:
    """`pulumi config set retentionHours 72` touches the configuration, not the cluster inputs."""
    before = run_stack("prod")
    after = run_stack("prod", {"retentionHours": 72})
    assert before.one(CLUSTER).inputs == after.one(CLUSTER).inputs
    assert before.one(CONFIGURATION).inputs != after.one(CONFIGURATION).inputs
    assert Counter(r.type for r in before.resources) == Counter(r.type for r in after.resources)


def test_config_rm_falls_back_to_the_project_default(run_stack) -> None:
    run = run_stack("dev", {"retentionHours": None})
    assert "log.retention.hours=24\n" in run.one(CONFIGURATION).inputs["serverProperties"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"kafkaVersion": "3.5.1"}, "kafkaVersion = '3.5.1': not supported; allowed: 3.7.x"),
        ({"brokerInstanceType": "kafka.m6g.large"}, "brokerInstanceType = 'kafka.m6g.large': not supported"),
        ({"brokerVolumeGiB": 16385}, "brokerVolumeGiB = 16385: must be between 1 and 16384 GiB"),
        ({"brokerCount": 3}, "brokerCount = 3: must be a multiple of the number of private subnets (2)"),
        ({"retentionHours": 0}, "retentionHours = 0: must be a whole number of hours above 0"),
        ({"maxBrokerVolumeGiB": 10}, "maxBrokerVolumeGiB = 10: must be 0 (no storage autoscaling) or above"),
        ({"clientAccess": {"cidrs": ["0.0.0.0/0"]}}, "clientAccess.cidrs[0] = '0.0.0.0/0'"),
        (
            {"topics": [{"name": "t", "partitions": 0}]},
            "topics[0].partitions = 0: must be a whole number of at least 1",
        ),
        ({"topics": [{"name": "t", "partitions": 1, "replicationFactor": 3}]}, "topics[0].replicationFactor = 3"),
        ({"brokerInstanceType": "express.m7g.large", "maxBrokerVolumeGiB": 100}, "maxBrokerVolumeGiB = 100: express"),
        ({"schemaRegistry": {"cpu": 512, "memory": 512}}, "schemaRegistry.memory = 512: must be a whole number"),
        ({"schemaRegistry": {"desiredCount": 0}}, "schemaRegistry.desiredCount = 0: must be a whole number from 1"),
        ({"schemaRegistry": {"compatibilityLevel": "LOOSE"}}, "schemaRegistry.compatibilityLevel = 'LOOSE'"),
        (
            {"schemaRegistry": {"certificateArn": "not-an-arn", "hostName": "sr.example.com"}},
            "schemaRegistry.certificateArn = 'not-an-arn': must be an ACM certificate ARN",
        ),
        ({"schemaRegistry": "{broken"}, "schemaRegistry = '{broken': must be an object"),
    ],
)
def test_bad_config_stops_the_program_before_any_resource(config_error, overrides, expected) -> None:
    message = config_error("dev", overrides)
    assert "invalid configuration for stack 'dev'" in message
    assert expected in message


def test_several_bad_values_are_reported_in_one_error(config_error) -> None:
    message = config_error("prod", {"brokerCount": 4, "retentionHours": -1, "kafkaVersion": "x"})
    assert "(3 problems)" in message


@pytest.mark.parametrize("stack", ALL_STACKS)
def test_every_taggable_resource_carries_project_stack_and_component_tags(run_stack, stack: str) -> None:
    run = run_stack(stack, {"alarmEmail": "oncall@example.com"})
    for resource in run.resources:
        if not resource.type.startswith("aws:") or resource.type in UNTAGGABLE:
            continue
        tags = resource.inputs.get("tags", {})
        assert tags.get("Project") == "streaming-platform", resource.name
        assert tags.get("Stack") == stack, resource.name
        assert tags.get("Component") == run.component_of(resource).split(":")[-1], resource.name


@pytest.mark.parametrize(("given", "shown"), [(-1, "-1"), (7, "7")])
def test_a_refused_broker_count_is_reported_once_as_given(config_error, given, shown) -> None:
    message = config_error("prod", {"brokerCount": given})
    lines = [line.strip() for line in message.splitlines() if "brokerCount" in line]
    assert len(lines) == 1 and lines[0].startswith(f"- brokerCount = {shown}: "), message


def test_a_broker_count_that_is_no_integer_is_refused_before_the_program_as_the_cli_does(config_error) -> None:
    """Pulumi.yaml declares brokerCount an integer: `pulumi preview` refuses "abc" before the program runs."""
    message = config_error("prod", {"brokerCount": "abc"})
    assert message.startswith(
        "validating stack config: Stack 'prod' with configuration key 'brokerCount' must be of type 'integer', and "
        "'abc' is not one"
    )


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"brokerCunt": 6}, "- brokerCunt: unknown config key; did you mean brokerCount?"),
        (
            {"streaming-platform:snowflake.accountUrl": "x"},  # `pulumi config set snowflake.accountUrl x`
            "- snowflake.accountUrl: unknown config key; a value inside the `snowflake` object is set with a path",
        ),
    ],
)
def test_unknown_keys_in_the_project_namespace_are_refused(config_error, overrides, expected) -> None:
    assert expected in config_error("dev", overrides)


def test_keys_of_other_namespaces_are_not_ours_to_refuse(run_stack) -> None:
    run = run_stack("dev", {"aws:profile": "platform", "other-project:brokerCunt": "6"})
    assert run.one(CLUSTER)


def test_a_path_override_changes_one_value_inside_an_object(run_deployed) -> None:
    run = run_deployed(
        "prod",
        {"snowflake.connectors[0].capacity.maxWorkers": 6, "clientAccess.securityGroupIds[0]": "sg-0123abcd"},
    )
    connector = run.one("aws:mskconnect/connector:Connector").inputs
    assert connector["capacity"]["autoscaling"]["maxWorkerCount"] == 6
    assert connector["capacity"]["autoscaling"]["mcuCount"] == 1, "the rest of the capacity object is kept"
    assert connector["connectorConfiguration"]["snowflake.database.name"] == "RAW", "the rest of the object is kept"
    rules = run.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    assert any(r.inputs.get("referencedSecurityGroupId") == "sg-0123abcd" for r in rules)


def test_a_layout_no_vpc_can_hold_is_refused_on_the_key_that_caused_it(config_error) -> None:
    message = config_error("dev", {"brokerCount": 2**31})
    assert f"brokerCount = {2**31}: no VPC can hold this layout: each private subnet would need up to" in message
    assert "network.cidr" not in message
