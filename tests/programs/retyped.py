"""Test program: a component whose type token (and name) changes between two runs, with a
child and a grandchild that do not change themselves.

Config (namespace streaming-platform): `token` (the component's type token), `holderName`
(its name), `alias` (bool: carry the old token `streaming-platform:old:Holder` and name
`holder` over with an alias on the component alone).
"""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
token = config.get("token") or "streaming-platform:old:Holder"
holder = config.get("holderName") or "holder"
aliases = [pulumi.Alias(type_="streaming-platform:old:Holder", name="holder")] if config.get_bool("alias") else None


class Inner(pulumi.ComponentResource):
    def __init__(self, name: str, parent: pulumi.Resource) -> None:
        super().__init__("streaming-platform:test:Inner", name, None, pulumi.ResourceOptions(parent=parent))
        aws.sns.Topic(f"{name}-topic", opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({})


class Holder(pulumi.ComponentResource):
    def __init__(self) -> None:
        super().__init__(token, holder, None, pulumi.ResourceOptions(aliases=aliases))
        aws.sns.Topic(f"{holder}-alarms", opts=pulumi.ResourceOptions(parent=self))
        Inner(f"{holder}-inner", self)
        self.register_outputs({})


Holder()
