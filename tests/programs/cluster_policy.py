"""Test program: statements added to an MskCluster's one cluster policy
(config `test:case`: `shared` with multi-VPC accounts and a replicator,
`replicator-only` on a cluster without them, `late` adding one after the
document is written, `duplicate` adding a Sid twice)."""

import pulumi

from components.msk.cluster import MskCluster, MskClusterArgs
from components.msk.options import DataAccess, VpcConnectivity
from components.settings import TopicSettings

REPLICATOR_ACTIONS = ["kafka:CreateVpcConnection", "kafka:GetBootstrapBrokers", "kafka:DescribeClusterV2"]


def replicator(arn: str) -> dict:
    return {
        "Effect": "Allow",
        "Principal": {"Service": "kafka.amazonaws.com"},
        "Action": REPLICATOR_ACTIONS,
        "Resource": arn,
    }


case = pulumi.Config("test").require("case")
shared = case != "replicator-only"
cluster = MskCluster(
    "events",
    MskClusterArgs(
        vpc_id="vpc-0123456789abcdef0",
        subnet_ids=["subnet-0aaaaaaa", "subnet-0bbbbbbb", "subnet-0ccccccc"],
        protect=False,
        topics=[TopicSettings("orders", 6, 3, None, "delete", False, None)],
        vpc_connectivity=VpcConnectivity(iam=True) if shared else VpcConnectivity(),
        cluster_policy_accounts=("111122223333",) if shared else (),
        cluster_data_access=(DataAccess("111122223333", ("orders",), ("analytics",)),) if shared else (),
    ),
)
policy = cluster.add_cluster_policy_statement("MskReplicator", replicator)
if case == "duplicate":
    cluster.add_cluster_policy_statement("MskReplicator", replicator)
if case == "late":
    cluster.arn.apply(lambda arn: cluster.add_cluster_policy_statement("TooLate", replicator))
pulumi.export("policyId", policy.id)
