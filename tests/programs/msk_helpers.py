"""Test program: an MskCluster used the way the registry and connector will use it.

Config (namespace streaming-platform): `protect` (bool), `clusterName` (the
physical name; default `helpers-cluster`), `acls` (bool: one mTLS principal's ACLs).
"""

import pulumi

from components.msk.acls import AclRule, PrincipalAcls
from components.msk.cluster import MskCluster, MskClusterArgs

config = pulumi.Config()
acls = (PrincipalAcls("User:CN=billing", (AclRule("topic", "orders", "literal", ("Read",)),)),)

cluster = MskCluster(
    "helpers",
    MskClusterArgs(
        vpc_id="vpc-0123456789abcdef0",
        subnet_ids=["subnet-0aaaaaaa", "subnet-0bbbbbbb", "subnet-0ccccccc"],
        protect=config.get_bool("protect") or False,
        cluster_name=config.get("clusterName") or "helpers-cluster",
        kafka_acls=acls if config.get_bool("acls") else (),
    ),
)
user = cluster.add_scram_user("schema-registry")
cluster.allow_ingress_from("registry", "sg-0123456789abcdef0", "scram")
cluster.allow_ingress_from("connector", "sg-0fedcba987654321f", "iam")

pulumi.export("scramSecretArn", user.secret_arn)
pulumi.export("scramSecretName", user.secret_name)
