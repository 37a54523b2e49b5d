"""A minimal program: a cluster and the Schema Registry storing its schemas in it."""

import functools

import pulumi
from streaming_platform import (
    MskCluster,
    MskClusterArgs,
    SchemaRegistryService,
    SchemaRegistryServiceArgs,
    TopicSettings,
)

VPC, SUBNETS = "vpc-0123456789abcdef0", ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
cluster = MskCluster(
    "events",
    MskClusterArgs(vpc_id=VPC, subnet_ids=SUBNETS, broker_count=2, default_replication_factor=2, protect=False),
)
user = cluster.add_scram_user("schema-registry")
schemas = cluster.add_topic(TopicSettings("_schemas", partitions=1, replication_factor=2, cleanup_policy="compact"))
registry = SchemaRegistryService(
    "schemas",
    SchemaRegistryServiceArgs(
        vpc_id=VPC,
        subnet_ids=SUBNETS,
        bootstrap_brokers=cluster.bootstrap_brokers_sasl_scram,
        broker_security_group_id=cluster.security_group_id,
        credentials_secret_arn=user.secret_arn,
        credentials_kms_key_arn=cluster.kms_key_arn,
        schemas_replication_factor=2,
        kafka_dependencies=[schemas, user],
        open_brokers=functools.partial(cluster.allow_ingress_from, "schema-registry", auth="scram"),
        protect=False,
    ),
)
pulumi.export("schemaRegistryUrl", registry.url)
