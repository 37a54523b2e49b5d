"""What a DR stack's Snowflake connectors need at failover: their consumer groups given the
offsets MSK Replicator synchronised for the primary's connectors' groups.

Why a copy: the Snowflake connector 4.x names each Snowpipe Streaming channel
`<connector>_<topic>_<partition>` (`PartitionChannelManager.makeChannelName`) and resumes a
partition from the offset its channel committed ("once SSv2 has its own offset, it is
authoritative", `SnowpipeStreamingPartitionChannel.parseOrMigrateOffsetToken`). Under the
primary's name the standby's connector would resume from the primary's record offsets, which the
standby's partitions do not share (MSK Replicator translates group offsets, not record offsets).
Under its own name its channels are new ("offset token is NULL, will rely on Kafka",
`PartitionOffsetTracker.initializeFromSnowflake`) and it starts from its consumer group's
offsets; the replicator synchronised those only for the primary's group, so they are copied.
"""

from __future__ import annotations

import shlex

CONSUMER_GROUPS_COMMAND = "kafka-consumer-groups.sh"
IAM_CLIENT_PROPERTIES = "client-iam.properties"


def offset_copy_script(
    bootstrap: str,
    from_group: str,
    to_group: str,
    command_config: str = IAM_CLIENT_PROPERTIES,
    command: str = CONSUMER_GROUPS_COMMAND,
) -> str:
    """Shell lines giving `to_group` the committed offsets of `from_group` (same topics and
    partitions), with Kafka's own `kafka-consumer-groups` tool; `to_group` must have no active
    member (its connector not created yet). Partitions `from_group` never committed are left
    out: with `consumer.auto.offset.reset=none` their task stops instead of guessing."""
    server = f"--bootstrap-server {shlex.quote(bootstrap)} --command-config {shlex.quote(command_config)}"
    csv = shlex.quote(f"{to_group}.csv")
    return "\n".join(
        [
            # GROUP TOPIC PARTITION CURRENT-OFFSET ...: topic,partition,offset where one is committed.
            f"{command} {server} --describe --offsets --group {shlex.quote(from_group)}"
            f' | awk \'$4 ~ /^[0-9]+$/ {{print $2 "," $3 "," $4}}\' > {csv}',
            f"{command} {server} --reset-offsets --group {shlex.quote(to_group)} --from-file {csv} --execute",
        ]
    )
