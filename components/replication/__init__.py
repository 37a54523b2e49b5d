"""MskReplicator: cross-region replication from a primary MSK cluster to a standby one."""
