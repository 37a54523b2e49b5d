"""streaming-platform: wiring only. Settings -> network -> cluster -> exports.

Every choice comes from stack config (see README, "Configuration"); the
components hold the logic.
"""

import pulumi

from components.common import component_tags
from components.msk_cluster import MskCluster, MskClusterArgs
from components.network import Network, NetworkArgs
from components.settings import ConfigError, load_settings

project, stack = pulumi.get_project(), pulumi.get_stack()
try:
    settings = load_settings(pulumi.Config().get, project, stack)
except ConfigError as error:
    # RunError: the CLI prints the message alone, without a traceback.
    raise pulumi.RunError(str(error)) from error

prefix = f"{project}-{stack}"

network = Network(
    f"{prefix}-network",
    NetworkArgs(settings=settings.network, tags=component_tags(project, stack, "Network")),
)

cluster = MskCluster(
    f"{prefix}-msk",
    MskClusterArgs(
        vpc_id=network.vpc_id,
        subnet_ids=network.private_subnet_ids,
        kafka_version=settings.kafka_version,
        broker_instance_type=settings.broker_instance_type,
        broker_count=settings.broker_count,
        broker_volume_gib=settings.broker_volume_gib,
        max_broker_volume_gib=settings.max_broker_volume_gib,
        retention_hours=settings.retention_hours,
        enhanced_monitoring=settings.enhanced_monitoring,
        log_retention_days=settings.log_retention_days,
        client_cidrs=settings.client_access.cidrs,
        client_security_group_ids=settings.client_access.security_group_ids,
        topics=settings.topics,
        alarm_email=settings.alarm_email,
        protect=settings.protect,
        cluster_name=prefix,
        tags=component_tags(project, stack, "MskCluster"),
    ),
)

pulumi.export("vpcId", network.vpc_id)
pulumi.export("privateSubnetIds", network.private_subnet_ids)
pulumi.export("clusterArn", cluster.arn)
pulumi.export("clusterName", cluster.cluster_name)
pulumi.export("bootstrapBrokersTls", cluster.bootstrap_brokers_tls)
pulumi.export("bootstrapBrokersSaslScram", cluster.bootstrap_brokers_sasl_scram)
pulumi.export("bootstrapBrokersSaslIam", cluster.bootstrap_brokers_sasl_iam)
pulumi.export("brokerSecurityGroupId", cluster.security_group_id)
pulumi.export("kmsKeyArn", cluster.kms_key_arn)
pulumi.export("configurationArn", cluster.configuration_arn)
pulumi.export("alarmTopicArn", cluster.alarm_topic_arn)
pulumi.export("brokerLogGroupName", cluster.log_group_name)
pulumi.export("topicNames", [t.name for t in settings.topics])
if cluster.producer_policy_arn is not None:
    pulumi.export("producerPolicyArn", cluster.producer_policy_arn)
    pulumi.export("consumerPolicyArn", cluster.consumer_policy_arn)
