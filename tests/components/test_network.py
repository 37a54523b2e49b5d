"""Network: created VPC layout per stack, and bring-your-own VPC."""

from __future__ import annotations

import ipaddress
import json

import pulumi
import pytest

from components.network.vpc import subnet_cidrs
from tools.mock_runner import PlatformMocks, ProgramFailed, run_program

SUBNET = "aws:ec2/subnet:Subnet"
ROUTE = "aws:ec2/route:Route"
NAT = "aws:ec2/natGateway:NatGateway"

BYO = {
    "vpcId": "vpc-0a1b2c3d4e5f60718",
    "privateSubnetIds": ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"],
}


def test_subnet_cidrs_are_disjoint_and_inside_the_vpc() -> None:
    private, public = subnet_cidrs("10.50.0.0/16", 3)
    assert private == ["10.50.0.0/20", "10.50.16.0/20", "10.50.32.0/20"]
    assert public == ["10.50.128.0/20", "10.50.144.0/20", "10.50.160.0/20"]
    nets = [ipaddress.IPv4Network(c) for c in private + public]
    vpc = ipaddress.IPv4Network("10.50.0.0/16")
    assert all(n.subnet_of(vpc) for n in nets)
    assert not any(a.overlaps(b) for i, a in enumerate(nets) for b in nets[i + 1 :])


@pytest.mark.parametrize(("stack", "azs", "nats"), [("dev", 2, 1), ("prod", 3, 3)])
def test_created_network_per_stack(run_stack, stack: str, azs: int, nats: int) -> None:
    run = run_stack(stack)
    vpc = run.one("aws:ec2/vpc:Vpc").inputs
    assert vpc["enableDnsHostnames"] and vpc["enableDnsSupport"]
    subnets = run.of_type(SUBNET)
    private = [s for s in subnets if s.inputs["tags"]["Tier"] == "private"]
    public = [s for s in subnets if s.inputs["tags"]["Tier"] == "public"]
    assert len(private) == len(public) == azs
    assert len({s.inputs["availabilityZone"] for s in private}) == azs, "one private subnet per AZ"
    assert not any(s.inputs["mapPublicIpOnLaunch"] for s in subnets)
    assert len(run.of_type(NAT)) == nats
    assert len(run.of_type("aws:ec2/internetGateway:InternetGateway")) == 1
    # every private subnet routes to the internet through a NAT gateway, never the IGW
    private_routes = [r for r in run.of_type(ROUTE) if "-private-" in r.name]
    assert len(private_routes) == azs
    assert all("natGatewayId" in r.inputs and "gatewayId" not in r.inputs for r in private_routes)
    public_routes = [r for r in run.of_type(ROUTE) if "-public-" in r.name]
    assert len(public_routes) == 1 and "gatewayId" in public_routes[0].inputs
    # NAT gateways live in public subnets
    assert {n.inputs["subnetId"] for n in run.of_type(NAT)} <= {s.id for s in public}


def test_default_security_group_is_locked_down(run_stack) -> None:
    group = run_stack("prod").one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert "ingress" not in group.inputs or group.inputs["ingress"] == []
    assert "egress" not in group.inputs or group.inputs["egress"] == []


def test_single_nat_in_a_three_az_stack(run_stack) -> None:
    run = run_stack("prod", {"network": {"cidr": "10.50.0.0/16", "azCount": 3, "natGateways": "single"}})
    assert len(run.of_type(NAT)) == 1
    assert len({r.inputs["natGatewayId"] for r in run.of_type(ROUTE) if "natGatewayId" in r.inputs}) == 1


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_bring_your_own_vpc_creates_no_network_and_places_brokers_in_given_subnets(run_stack, stack: str) -> None:
    overrides = {"network": BYO, "clientAccess": {"cidrs": ["10.9.0.0/16"]}}
    if stack == "dev":
        overrides["brokerCount"] = 3
    run = run_stack(stack, overrides)
    assert [
        r for r in run.resources if r.type.startswith("aws:ec2/") and r.type != "aws:ec2/securityGroup:SecurityGroup"
    ] == []
    assert run.outputs["vpcId"] == BYO["vpcId"]
    assert run.outputs["privateSubnetIds"] == BYO["privateSubnetIds"]
    cluster = run.one("aws:msk/cluster:Cluster").inputs
    assert cluster["brokerNodeGroupInfo"]["clientSubnets"] == BYO["privateSubnetIds"]
    assert {g.inputs["vpcId"] for g in run.of_type("aws:ec2/securityGroup:SecurityGroup")} == {BYO["vpcId"]}


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_nat_gateways_and_their_ips_wait_for_the_internet_gateway(run_stack, stack: str) -> None:
    run = run_stack(stack)
    igw = run.one("aws:ec2/internetGateway:InternetGateway").name
    for resource in [*run.of_type(NAT), *run.of_type("aws:ec2/eip:Eip")]:
        assert igw in run.waits_for(resource), resource.name


class VpcWithoutDnsMocks(PlatformMocks):
    """A brought VPC whose DNS host names are off (the default for a VPC made outside the console wizard)."""

    def call(self, args):  # type: ignore[no-untyped-def]
        answer = super().call(args)
        if args.token == "aws:ec2/getVpc:getVpc":
            answer["enableDnsHostnames"] = False
        return answer


def test_a_brought_vpc_without_dns_host_names_is_refused_before_any_resource() -> None:
    overrides = {"network": BYO, "brokerCount": 3}
    with pytest.raises(ProgramFailed) as failure:
        run_program("dev", overrides, mocks=VpcWithoutDnsMocks("eu-west-2"))
    assert isinstance(failure.value.cause, pulumi.RunError)
    assert failure.value.resources == []
    message = str(failure.value)
    assert f"network.vpcId = '{BYO['vpcId']}': the VPC has DNS host names turned off" in message
    assert "--enable-dns-hostnames" in message


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_flow_logs_go_to_a_cmk_log_group_through_a_role_that_writes_only_there(run_stack, stack: str) -> None:
    run = run_stack(stack)
    flow_log = run.one("aws:ec2/flowLog:FlowLog").inputs
    vpc = run.one("aws:ec2/vpc:Vpc")
    group = run.one("aws:cloudwatch/logGroup:LogGroup", within="streaming-platform:index:Network")
    assert flow_log["vpcId"] == vpc.id and flow_log["trafficType"] == "ALL"
    assert (flow_log["logDestinationType"], flow_log["logDestination"]) == ("cloud-watch-logs", group.outputs["arn"])
    assert group.inputs["kmsKeyId"] == run.outputs["kmsKeyArn"]
    assert group.inputs["retentionInDays"] == {"dev": 30, "prod": 365}[stack]
    role = run.one("aws:iam/role:Role", within="streaming-platform:index:Network")
    assert json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]["Principal"] == {
        "Service": "vpc-flow-logs.amazonaws.com"
    }
    assert flow_log["iamRoleArn"] == role.outputs["arn"]
    statements = json.loads(
        run.one("aws:iam/rolePolicy:RolePolicy", within="streaming-platform:index:Network").inputs["policy"]
    )["Statement"]
    assert {r for s in statements for r in s["Resource"]} == {
        group.outputs["arn"],
        f"{group.outputs['arn']}:log-stream:*",
        group.outputs["arn"].split(":log-group:")[0] + ":log-group:*",
    }


def test_flow_logs_can_be_turned_off_and_are_not_made_for_a_brought_vpc(run_stack) -> None:
    assert run_stack("dev", {"network.flowLogs": False}).of_type("aws:ec2/flowLog:FlowLog") == []
    byo = run_stack("dev", {"network": BYO, "brokerCount": 3})
    assert byo.of_type("aws:ec2/flowLog:FlowLog") == []
