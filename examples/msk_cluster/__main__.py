"""A minimal program using the MskCluster component from the installed package."""

import pulumi
from streaming_platform import MskCluster, MskClusterArgs, TopicSettings

cluster = MskCluster(
    "events",
    MskClusterArgs(
        vpc_id="vpc-0123456789abcdef0",
        subnet_ids=["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"],
        broker_instance_type="kafka.m7g.large",
        broker_count=3,
        topics=[TopicSettings("orders", partitions=6, replication_factor=3)],
        protect=False,
    ),
)
pulumi.export("bootstrapBrokersSaslIam", cluster.bootstrap_brokers_sasl_iam)
