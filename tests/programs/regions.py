"""Test program: components and the whole platform under an explicit provider for
another region (config `test:case`: `cluster` or `platform`)."""

import pulumi
import pulumi_aws as aws

from components.msk.cluster import MskCluster, MskClusterArgs
from components.platform import build_platform
from components.settings import load_settings, project_config_keys

case = pulumi.Config("test").require("case")
ireland = aws.Provider("eu-west-1", region="eu-west-1")
if case == "cluster":
    MskCluster(
        "events",
        MskClusterArgs(
            vpc_id="vpc-0123456789abcdef0",
            subnet_ids=["subnet-0aaaaaaa", "subnet-0bbbbbbb", "subnet-0ccccccc"],
            protect=False,
        ),
        opts=pulumi.ResourceOptions(provider=ireland),
    )
else:
    project, stack = pulumi.get_project(), pulumi.get_stack()
    settings = load_settings(
        pulumi.Config().get, project, stack, get_secret=lambda key: None, present_keys=project_config_keys()
    )
    home = build_platform(settings, project, stack)
    disaster_recovery = build_platform(
        settings, project, stack, opts=pulumi.ResourceOptions(provider=ireland), prefix=f"{project}-{stack}-dr"
    )
    pulumi.export("home", home.outputs["clusterArn"])
    pulumi.export("dr", disaster_recovery.outputs["clusterArn"])
