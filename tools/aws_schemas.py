"""AWS's own resource schemas judge the plan: `python -m tools.aws_schemas STACK`.

The planned resources (the program run under mocks, as `tools.plan` runs it)
are written as a CloudFormation template, each pulumi-aws resource as the
CloudFormation resource type that AWS defines for the same API object, and
cfn-lint validates the template against AWS's resource provider schemas for
the stack's region (types, required properties, enums, patterns, lengths,
minimums and maximums; cfn-lint's bundled schemas). A violation is the plan
promising what AWS's API would refuse.

Where CloudFormation folds several pulumi-aws resources into one (an S3
bucket's versioning, encryption, lifecycle, public access block and ownership
controls; an internet gateway's attachment; a role's attached managed
policies), they are folded the same way. Types CloudFormation does not have,
or that carry nothing to check, are skipped with the reason: each type's entry in
`tools.resource_types` says which (`cloudformation=`, the mappings themselves in
`tools.cloudformation`); a registered type without one is an error (a new type
needs its mapping).

What this does not judge: values that exist only once AWS has created a
resource (the mocks' stand-in ARNs and IDs have the right shapes), names that
Pulumi generates (absent from the inputs, so absent here), and rules no schema
states (those are the plan's own checks).

    python -m tools.aws_schemas dev
    python -m tools.aws_schemas prod -c brokerCount=6 --json
    python -m tools.aws_schemas prod --every-option   # every cluster option on
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from components import NAME_RULES, plural
from tools.cloudformation import whole
from tools.mock_runner import ProgramRun, RecordedResource, run_program
from tools.plan import STAND_IN_ACCOUNT, parse_override
from tools.resource_types import TYPES, CloudFormation

if TYPE_CHECKING:  # cfn-lint is imported when a plan is judged (it loads for a second)
    from cfnlint.rules import Match
    from cfnlint.runner import Runner

# Every cluster option on (the plan CI judges besides the two stacks).
_CA = "arn:aws:acm-pca:eu-west-2:123456789012:certificate-authority/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
EVERY_OPTION: dict[str, Any] = {
    "snowflake.publicKeyRegistered": True,
    "snowflake.accountUrl": STAND_IN_ACCOUNT,
    "alarmEmail": "oncall@example.com",
    "brokerInstanceType": "kafka.m7g.4xlarge",
    "brokerVolumeThroughputMiBps": 250,
    "storageMode": "TIERED",
    "topics[0].remoteStorage": True,
    "topics[0].localRetentionHours": 24,
    "clientAuthentication": {"tlsCertificateAuthorityArns": [_CA]},
    "vpcConnectivity": {"iam": True},
    "clusterPolicy": {
        "accounts": ["111122223333"],
        "dataAccess": [{"account": "111122223333", "topics": ["orders"], "groups": ["analytics-*"]}],
    },
    "brokerLogs": {"cloudwatch": True, "s3": True, "firehose": {"deliveryStream": "msk-broker-logs"}},
    "openMonitoring": {"cidrs": ["10.50.0.0/16"]},
    "serverProperties": {"num.io.threads": "16"},
    "scramUsers": [{"name": "analytics", "description": "analytics team"}],
    "schemaRegistry.certificateArn": (
        "arn:aws:acm:eu-west-2:123456789012:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
    ),
    "schemaRegistry.hostName": "schemas.example.internal",
    "scramUsers[0].acls": [
        {"resource": {"type": "topic", "name": "orders"}, "operations": ["Read", "Describe"]},
        {"resource": {"type": "group", "name": "analytics-", "patternType": "prefix"}, "operations": ["Read"]},
    ],
}


def cloudformation_of(token: str) -> CloudFormation | None:
    """How the registry says to write a type (None: no entry, or not an AWS type)."""
    entry = TYPES.get(token)
    return entry.cloudformation if entry is not None else None


# --- the template and the judge ---------------------------------------------------------------------


class UnmappedTypes(ValueError):
    """Registered types with neither a mapping nor a reason to skip them."""


@dataclass
class Violation:
    resource: str
    """The Pulumi resource (type and name)."""
    cfn_type: str
    rule: str
    message: str
    path: str

    def as_dict(self) -> dict[str, str]:
        return {"resource": self.resource, "cfnType": self.cfn_type, "rule": self.rule, "path": self.path,
                "message": self.message}  # fmt: skip


@dataclass
class Judgement:
    region: str
    checked: dict[str, int] = field(default_factory=dict)
    """CloudFormation type -> resources checked."""
    skipped: dict[str, str] = field(default_factory=dict)
    """Pulumi type -> why it is not checked."""
    violations: list[Violation] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"region": self.region, "checked": self.checked, "skipped": self.skipped,
                "violations": [v.as_dict() for v in self.violations]}  # fmt: skip


# What Pulumi's auto-naming appends to the logical name of a resource whose name the
# program leaves out (`autoname=` in the registry): "-" and 7 random hex characters,
# lower case for S3 buckets (pulumi-terraform-bridge AutoName).
AUTONAME_STAND_IN = "-0a1b2c3"


def with_autoname(resource: RecordedResource) -> RecordedResource:
    """The resource with the name Pulumi would give it, when the program gave none (and no prefix)."""
    known = cloudformation_of(resource.type)
    key = known.autoname if known is not None else None
    if key is None or resource.inputs.get(key) is not None or resource.inputs.get(f"{key}Prefix") is not None:
        return resource
    name = resource.name + AUTONAME_STAND_IN
    if NAME_RULES[resource.type].lowercase:
        name = name.lower()
    return dataclasses.replace(resource, inputs={**resource.inputs, key: name})


def template(run: ProgramRun) -> tuple[dict[str, Any], dict[str, tuple[str, str]]]:
    """The run as a CloudFormation template, and logical ID -> (Pulumi resource, CloudFormation type)."""
    aws_types = {r.type for r in run.resources if r.custom and r.type.startswith("aws:")}
    unmapped = sorted(t for t in aws_types if cloudformation_of(t) is None)
    if unmapped:
        raise UnmappedTypes(
            "no CloudFormation mapping for " + ", ".join(unmapped) + "; give its entry in tools/resource_types.py "
            "`cloudformation=` (a mapping, or why it is skipped or what it is folded into)"
        )
    resources: dict[str, Any] = {}
    origin: dict[str, tuple[str, str]] = {}
    mapped = [(r, known.map) for r in run.resources if r.custom and (known := cloudformation_of(r.type)) and known.map]
    for index, (resource, write) in enumerate(mapped):
        for part, (cfn_type, properties) in enumerate(write(with_autoname(resource), run)):
            logical = f"R{index}x{part}"
            resources[logical] = {"Type": cfn_type, "Properties": whole(properties)}
            origin[logical] = (f"{resource.type} {resource.name}", cfn_type)
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}, origin


# cfn-lint rules that judge a template's form, not what AWS accepts: unused or
# hard-coded values, and "prefer another property" advice.
_ADVICE = ("W", "I")


@functools.cache
def _linter(region: str) -> Runner:
    """cfn-lint's runner for `region`, made once per process: making one loads every rule
    (0.4 s, a third of judging a stack). cfn-lint's own command line runs one runner over
    every template it is given; `cfnlint.api.lint` makes a new one per call."""
    from cfnlint.api import ManualArgs
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    return Runner(ConfigMixIn(**ManualArgs(regions=[region])))


def _lint(body: dict[str, Any], region: str) -> list[Match]:
    """cfn-lint's matches for a template, as `cfnlint.api.lint` finds them."""
    from cfnlint.decode.decode import decode_str

    template, errors = decode_str(json.dumps(body))
    if errors or template is None:
        return list(errors)
    return list(_linter(region).validate_template(template))


def judge(run: ProgramRun, region: str, types: set[str] | None = None) -> Judgement:
    """Validate the run's resources against AWS's schemas for `region` (cfn-lint);
    `types`: only the resources of these Pulumi types (a quicker look at a few)."""
    body, origin = template(run)
    if types is not None:
        keep = {logical for logical, (resource, _) in origin.items() if resource.split(" ")[0] in types}
        body["Resources"] = {k: v for k, v in body["Resources"].items() if k in keep}
        origin = {k: v for k, v in origin.items() if k in keep}
    result = Judgement(region)
    for info in origin.values():
        result.checked[info[1]] = result.checked.get(info[1], 0) + 1
    registered = sorted({r.type for r in run.resources if r.custom and not r.type.startswith("pulumi:providers:")})
    known = {t: cloudformation_of(t) for t in registered}
    result.skipped = {t: k.skipped for t, k in known.items() if k is not None and k.skipped is not None}
    result.skipped |= {t: "not an AWS resource" for t in registered if not t.startswith("aws:")}
    result.skipped |= {
        t: f"folded into {k.folded_into}" for t, k in known.items() if k is not None and k.folded_into is not None
    }
    for match in _lint(body, region):
        rule = match.rule.id
        if rule.startswith(_ADVICE):
            continue
        path = [str(p) for p in getattr(match, "path", None) or []]
        logical = path[1] if len(path) > 1 and path[0] == "Resources" else ""
        resource, cfn_type = origin.get(logical, ("(template)", ""))
        result.violations.append(Violation(resource, cfn_type, rule, match.message, "/".join(path[2:])))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.aws_schemas", description=__doc__.split("\n\n")[0])
    parser.add_argument("stack", help="stack name (dev, prod); its Pulumi.<stack>.yaml is read")
    parser.add_argument("-c", "--config", action="append", type=parse_override, default=[], metavar="KEY=VALUE",
                        help="override a config value, like `pulumi config set --path`")  # fmt: skip
    parser.add_argument("--every-option", action="store_true", help="turn every cluster option on (EVERY_OPTION)")
    parser.add_argument("--json", action="store_true", help="print the judgement as JSON")
    args = parser.parse_args(argv)
    overrides = {**(EVERY_OPTION if args.every_option else {}), **dict(args.config)}
    run = run_program(args.stack, overrides)
    region = run.config.get("aws:region", "us-east-1")
    result = judge(run, region)
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
    else:
        total = sum(result.checked.values())
        print(f"{args.stack}: {plural(total, 'resource')} of {plural(len(result.checked), 'CloudFormation type')} "
              f"checked against AWS's schemas for {region} (cfn-lint)")  # fmt: skip
        for cfn_type, count in sorted(result.checked.items()):
            print(f"  {count:4d} {cfn_type}")
        for pulumi_type, reason in result.skipped.items():
            print(f"  skipped {pulumi_type}: {reason}")
        for v in result.violations:
            print(f"VIOLATION {v.rule} {v.resource} ({v.cfn_type}) {v.path}: {v.message}")
        print("no violations" if not result.violations else plural(len(result.violations), "violation"))
    return 1 if result.violations else 0


if __name__ == "__main__":
    sys.exit(main())
