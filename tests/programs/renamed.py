"""Test program: a component whose child is renamed between two runs.

Config (namespace streaming-platform): `childName` (the child's logical name),
`alias` (bool: carry the old name `topic-a` over with an alias).
"""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
name = config.get("childName") or "topic-a"
aliases = [pulumi.Alias(name="topic-a")] if config.get_bool("alias") else None


class Holder(pulumi.ComponentResource):
    def __init__(self) -> None:
        super().__init__("streaming-platform:test:Holder", "holder")
        aws.sns.Topic(name, opts=pulumi.ResourceOptions(parent=self, aliases=aliases))
        self.register_outputs({})


Holder()
