"""MskReplicator: an MSK Replicator from a source cluster in another region to a target cluster
in this one, with its service execution role, security group, log delivery and alarms.

    replicator = MskReplicator("dr", MskReplicatorArgs(
        source_cluster_arn=primary.get_output("clusterArn"), ...,
        target_cluster_arn=standby.arn, target_vpc_id=network.vpc_id, ...,
        open_target_brokers=functools.partial(standby.allow_ingress_from, "replicator", auth="iam"),
    ))

Both clusters use IAM access control on 9098 (MSK Replicator supports nothing else for MSK
clusters); the source is ready to be one (`replicationSource`: multi-VPC connectivity for IAM and
the cluster policy statement MSK Replicator's service principal needs).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..aws.alarms import AlarmSpec, metric_alarm
from ..aws.common import (
    aws_context,
    component_type,
    encrypted_log_group,
    inline_role_policy,
    rules_only_security_group,
    security_group_rule,
    service_role,
)
from ..aws.iam import replicator_policy
from ..aws.naming import physical_name
from ..inputs import check_replicator_args
from .model import REPLICATOR_DIMENSION, REPLICATOR_NAMESPACE, MskReplicatorArgs, ReplicationSettings, exact

SERVICE = "kafka.amazonaws.com"


def replicator_alarms(name: pulumi.Input[str], settings: ReplicationSettings) -> list[AlarmSpec]:
    """The standby falls behind or stops: `ReplicatorFailure` (records it could not replicate),
    `AuthError` (connections refused: role or cluster policy), `ReplicationLatency` above the
    threshold for 15 minutes (MSK Developer Guide, MSK Replicator "Metrics reference")."""
    dimensions = {REPLICATOR_DIMENSION: name}
    return [
        AlarmSpec(
            "failures", "The replicator failed to replicate records", ("ReplicatorFailure",), "Sum", dimensions,
            "GreaterThanThreshold", 0, namespace=REPLICATOR_NAMESPACE,
        ),
        AlarmSpec(
            "auth-errors", "The replicator's connections are refused (its role or the source's cluster policy)",
            ("AuthError",), "Sum", dimensions, "GreaterThanThreshold", 0, namespace=REPLICATOR_NAMESPACE,
        ),
        AlarmSpec(
            "latency",
            f"Records reach the standby more than {settings.max_latency_seconds} s after they were produced",
            ("ReplicationLatency",), "Maximum", dimensions, "GreaterThanThreshold",
            settings.max_latency_seconds * 1000, evaluation_periods=3, namespace=REPLICATOR_NAMESPACE,
        ),
    ]  # fmt: skip


class MskReplicator(pulumi.ComponentResource):
    """Outputs: `arn`, `replicator_name`, `role_arn`, `security_group_id`, `log_group_name` (None
    without a log key)."""

    arn: pulumi.Output[str]
    replicator_name: pulumi.Output[str]
    role_arn: pulumi.Output[str]
    security_group_id: pulumi.Output[str]
    log_group_name: pulumi.Output[str] | None

    def __init__(self, name: str, args: MskReplicatorArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        # The replication rules, problems named as MskReplicatorArgs fields; before any resource.
        check_replicator_args(f"MskReplicator '{name}'", args)
        super().__init__(component_type("MskReplicator"), name, None, opts)
        self._name = name
        context = aws_context(args.aws_context, pulumi.InvokeOptions(parent=self))
        tags = dict(args.tags)
        replicator_name = physical_name("aws:msk/replicator:Replicator", args.replicator_name or name)

        group = rules_only_security_group(
            f"{name}-sg", f"MSK Replicator {replicator_name}: to the target brokers (IAM, 9098)", args.target_vpc_id,
            self, tags,
        )  # fmt: skip
        egress = security_group_rule(
            f"{name}-to-target-brokers", "egress", group.id, catalog.PORT_SASL_IAM, "SASL/IAM to the target brokers",
            self, tags,
            referenced_security_group_id=args.target_broker_security_group_id,
        )  # fmt: skip
        opened = args.open_target_brokers(group.id) if args.open_target_brokers is not None else None

        role = service_role(
            f"{name}-role", SERVICE, f"MSK Replicator {replicator_name}: the two clusters' data", context.account_id,
            self, tags,
        )  # fmt: skip
        policy = inline_role_policy(
            f"{name}-policy",
            role,
            pulumi.Output.all(args.source_cluster_arn, args.target_cluster_arn).apply(
                lambda arns: json.dumps(replicator_policy(arns[0], arns[1]))
            ),
            self,
        )
        log_group = (
            encrypted_log_group(
                f"{name}-logs",
                f"/aws/vendedlogs/msk-replicator/{replicator_name}",
                args.log_retention_days,
                args.kms_key_arn,
                self,
                tags,
            )
            if args.kms_key_arn is not None
            else None
        )
        waits: list[pulumi.Resource] = [policy, egress, *filter(None, [opened, log_group]), *args.kafka_dependencies]
        replicator = aws.msk.Replicator(
            f"{name}-replicator",
            replicator_name=replicator_name,
            description=f"{name}: standby copy of the source cluster's topics and consumer group offsets",
            service_execution_role_arn=role.arn,
            kafka_clusters=[
                _cluster(args.source_cluster_arn, args.source_subnet_ids, list(args.source_security_group_ids)),
                _cluster(args.target_cluster_arn, args.target_subnet_ids, [group.id]),
            ],
            replication_info_list=_replication_info(args),
            log_delivery=_log_delivery(log_group),
            tags=tags,
            # A replacement can only be created once the old one is gone: the name is unique in the
            # account and region (and what replaces it is any change of what it copies).
            opts=pulumi.ResourceOptions(parent=self, depends_on=waits, delete_before_replace=True),
        )
        if args.alarm_topic_arn is not None:
            for spec in replicator_alarms(replicator.replicator_name, args.settings):
                metric_alarm(self, name, spec, args.alarm_topic_arn, tags, depends_on=[replicator])

        self.arn = replicator.arn
        self.replicator_name = replicator.replicator_name
        self.role_arn = role.arn
        self.security_group_id = group.id
        self.log_group_name = log_group.name if log_group is not None else None
        self.register_outputs(
            {
                "arn": self.arn,
                "replicatorName": self.replicator_name,
                "roleArn": self.role_arn,
                "securityGroupId": self.security_group_id,
                "logGroupName": self.log_group_name,
            }
        )


def _cluster(
    arn: pulumi.Input[str], subnets: pulumi.Input[Sequence[pulumi.Input[str]]], groups: list[pulumi.Input[str]]
) -> aws.msk.ReplicatorKafkaClusterArgs:
    return aws.msk.ReplicatorKafkaClusterArgs(
        amazon_msk_cluster=aws.msk.ReplicatorKafkaClusterAmazonMskClusterArgs(msk_cluster_arn=arn),
        vpc_config=aws.msk.ReplicatorKafkaClusterVpcConfigArgs(subnet_ids=subnets, security_groups_ids=groups),
    )


def _patterns(given: Sequence[str], names: pulumi.Input[Sequence[str]] | None) -> pulumi.Input[list[str]]:
    """The given patterns, else each of `names` (known at deploy time) as an exact pattern."""
    if given or names is None:
        return list(given)
    return pulumi.Output.from_input(names).apply(lambda found: [exact(name) for name in found])


def _replication_info(args: MskReplicatorArgs) -> aws.msk.ReplicatorReplicationInfoListArgs:
    settings = args.settings
    return aws.msk.ReplicatorReplicationInfoListArgs(
        source_kafka_cluster_arn=args.source_cluster_arn,
        target_kafka_cluster_arn=args.target_cluster_arn,
        target_compression_type=settings.compression,
        topic_replications=[
            aws.msk.ReplicatorReplicationInfoListTopicReplicationArgs(
                topics_to_replicates=_patterns(settings.topics, args.default_topics),
                topics_to_excludes=list(settings.topics_exclude) or None,
                copy_topic_configurations=settings.copy_topic_configurations,
                copy_access_control_lists_for_topics=settings.copy_acls,
                detect_and_copy_new_topics=settings.detect_new_topics,
                starting_position=aws.msk.ReplicatorReplicationInfoListTopicReplicationStartingPositionArgs(
                    type=settings.starting_position
                ),
                topic_name_configuration=aws.msk.ReplicatorReplicationInfoListTopicReplicationTopicNameConfigurationArgs(
                    type="IDENTICAL" if settings.identical_topic_names else "PREFIXED_WITH_SOURCE_CLUSTER_ALIAS"
                ),
            )
        ],
        consumer_group_replications=[
            aws.msk.ReplicatorReplicationInfoListConsumerGroupReplicationArgs(
                consumer_groups_to_replicates=_patterns(settings.groups, args.default_groups),
                consumer_groups_to_excludes=list(settings.groups_exclude) or None,
                synchronise_consumer_group_offsets=settings.sync_group_offsets,
                detect_and_copy_new_consumer_groups=settings.detect_new_groups,
            )
        ],
    )


def _log_delivery(log_group: aws.cloudwatch.LogGroup | None) -> aws.msk.ReplicatorLogDeliveryArgs | None:
    if log_group is None:
        return None
    return aws.msk.ReplicatorLogDeliveryArgs(
        replicator_log_delivery=aws.msk.ReplicatorLogDeliveryReplicatorLogDeliveryArgs(
            cloudwatch_logs=aws.msk.ReplicatorLogDeliveryReplicatorLogDeliveryCloudwatchLogsArgs(
                enabled=True, log_group=log_group.name
            )
        )
    )
