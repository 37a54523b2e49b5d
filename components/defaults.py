"""Every default of the platform's settings, in one place.

Two profiles, each for its own caller, both keyed by the stack config name:

- `STACK_DEFAULTS`: what a stack gets for a flat key it leaves unset
  (`Pulumi.yaml` declares the same values; a test keeps them equal, and
  docs/configuration.md's default column too). A stack that sets nothing is a
  small sandbox that fits two AZs (2 brokers); both committed stacks set
  every flat key in their own file, as production stacks should.
- `COMPONENT_DEFAULTS`: what a typed caller of `MskCluster` gets for a field
  it leaves out (the Python API's `MskClusterArgs` and the component
  provider's inputs, whose docstrings state them; tests compare both):
  production's, because such a caller builds a cluster of its own, not a
  sandbox: three brokers (one per AZ of three subnets), a week of retention,
  a year of logs.

The connector's and the registry's own defaults are their `...Args` fields'
defaults; the provider reads them from there (`arg_default`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

STACK_DEFAULTS: dict[str, Any] = {
    "kafkaVersion": "3.8.x",
    "brokerInstanceType": "kafka.t3.small",
    "brokerCount": 2,
    "brokerVolumeGiB": 20,
    "maxBrokerVolumeGiB": 0,
    "retentionHours": 24,
    "protect": True,
    "alarmEmail": "",
    "enhancedMonitoring": "PER_BROKER",
    "logRetentionDays": 30,
    "defaultReplicationFactor": 0,
    "storageMode": "LOCAL",
    "brokerVolumeThroughputMiBps": 0,
    "kafkaAclsRevision": 0,
    "iamManagedPoliciesPerRole": 10,
}

COMPONENT_DEFAULTS: dict[str, Any] = {
    "kafkaVersion": "3.8.x",
    "brokerInstanceType": "kafka.m7g.large",
    "brokerCount": 3,
    "defaultReplicationFactor": 3,
    "brokerVolumeGiB": 100,
    "maxBrokerVolumeGiB": 0,
    "retentionHours": 168,
    "enhancedMonitoring": "PER_TOPIC_PER_BROKER",
    "logRetentionDays": 365,
    "protect": True,
    "storageMode": "LOCAL",
    "brokerVolumeThroughputMiBps": 0,
    "kafkaAclsRevision": 0,
}


def arg_default(args_class: type, field_name: str) -> Any:
    """The default of a field of an `...Args` dataclass (so a second copy is never written)."""
    for found in dataclasses.fields(args_class):
        if found.name == field_name:
            if found.default is not dataclasses.MISSING:
                return found.default
            if found.default_factory is not dataclasses.MISSING:
                return found.default_factory()
    raise KeyError(f"{args_class.__name__} has no field {field_name!r} with a default")
