"""The platform is one call (`build_platform`), and a component given an explicit
provider looks its AWS context up through it: a second region is a second call."""

from __future__ import annotations

import json

from tools.mock_runner import ROOT, ProgramRun, run_program

REGIONS = ROOT / "tests" / "programs" / "regions.py"
PROVIDER = "pulumi:providers:aws"


def regions(case: str) -> ProgramRun:
    return run_program("dev", {"test:case": case}, program=REGIONS)


def test_a_cluster_given_a_provider_for_another_region_builds_for_that_region() -> None:
    run = regions("cluster")
    (ireland,) = [r for r in run.resources if r.type == PROVIDER and r.name == "eu-west-1"]
    key_policy = run.one("aws:kms/key:Key").inputs["policy"]
    assert "eu-west-1" in key_policy and "eu-west-2" not in key_policy
    cluster = run.one("aws:msk/cluster:Cluster")
    assert cluster.outputs["arn"].startswith("arn:aws:kafka:eu-west-1:")
    assert cluster.provider.startswith(ireland.urn)
    custom = [r for r in run.resources if r.custom and r.type != PROVIDER]
    assert custom and all(r.provider.startswith(ireland.urn) for r in custom if r.type.startswith("aws:"))
    assert not [r for r in custom if "eu-west-2" in json.dumps(r.inputs, default=str)]


def test_two_calls_build_two_platforms_one_per_region_with_their_own_names() -> None:
    run = regions("platform")
    home, dr = run.outputs["home"], run.outputs["dr"]
    assert home.startswith("arn:aws:kafka:eu-west-2:") and "/streaming-platform-dev/" in home
    assert dr.startswith("arn:aws:kafka:eu-west-1:") and "/streaming-platform-dev-dr/" in dr
    clusters = run.of_type("aws:msk/cluster:Cluster")
    assert sorted(c.inputs["clusterName"] for c in clusters) == ["streaming-platform-dev", "streaming-platform-dev-dr"]
    subnets = {s.name: s.inputs["availabilityZone"] for s in run.of_type("aws:ec2/subnet:Subnet")}
    assert all(zone.startswith("eu-west-1") for name, zone in subnets.items() if "-dev-dr-" in name)
    assert all(zone.startswith("eu-west-2") for name, zone in subnets.items() if "-dev-dr-" not in name)


def test_the_stack_program_only_wires() -> None:
    main = (ROOT / "__main__.py").read_text()
    assert "build_platform(settings, project, stack)" in main
    assert len(main.splitlines()) < 40
