"""Policy pack entry point: `pulumi preview --policy-pack policy`.

Pulumi runs this folder as a program (the folder is on sys.path), so the
policies are imported as the top-level module `baseline`. The offline plan
imports the same objects as `policy.baseline` and never builds a
`PolicyPack` (constructing one starts the analyzer server and blocks).
"""

from baseline import POLICIES
from pulumi_policy import PolicyPack

PolicyPack(name="streaming-platform-baseline", policies=POLICIES)
