"""Test program: an MskReplicator from a cluster in eu-west-2 to one in eu-west-1 (config
`test:case`: `default` replicates the given topics and groups, `patterns` gives its own)."""

import pulumi

from components.aws.common import AwsContext
from components.replication.model import MskReplicatorArgs, ReplicationSettings, exact
from components.replication.replicator import MskReplicator

SOURCE = "arn:aws:kafka:eu-west-2:123456789012:cluster/primary/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f-2"
TARGET = "arn:aws:kafka:eu-west-1:123456789012:cluster/standby/1a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f-2"
KEY = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:standby-alarms"

case = pulumi.Config("test").get("case") or "default"
settings = (
    ReplicationSettings(
        topics=("orders.*",), topics_exclude=("orders-scratch",), groups=(".*",), starting_position="LATEST"
    )
    if case == "patterns"
    else ReplicationSettings(topics=(exact("orders"), exact("orders.v1")), groups=(exact("connect-orders"),))
)
replicator = MskReplicator(
    "dr",
    MskReplicatorArgs(
        source_cluster_arn=SOURCE,
        source_subnet_ids=["subnet-0aaaaaaa", "subnet-0bbbbbbb", "subnet-0ccccccc"],
        source_security_group_ids=["sg-0aaaaaaaaaaaaaaaa"],
        target_cluster_arn=TARGET,
        target_vpc_id="vpc-0123456789abcdef0",
        target_subnet_ids=["subnet-1aaaaaaa", "subnet-1bbbbbbb", "subnet-1ccccccc"],
        target_broker_security_group_id="sg-0bbbbbbbbbbbbbbbb",
        settings=settings,
        kms_key_arn=KEY,
        alarm_topic_arn=TOPIC,
        aws_context=AwsContext("aws", "123456789012", "eu-west-1"),
    ),
)
pulumi.export("replicatorArn", replicator.arn)
