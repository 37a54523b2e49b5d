"""The component provider: what programs in other languages get.

Without the Pulumi CLI the provider cannot be started as a plugin here; these
tests exercise the two things it serves: the schema (inferred by the SDK's
Analyzer, as the provider does at start) and `construct` (called as the
engine calls it), and compare what `construct` registers with the same
components built through the Python API.
"""

from __future__ import annotations

import json
from pathlib import Path

import pulumi
import pytest

import components
from tests.conftest import cached_run
from tests.programs.provider_cases import CASES, CLUSTER_INPUTS, CONNECTOR_INPUTS, REGISTRY_INPUTS, REPLICATOR_INPUTS
from tools.change import comparable
from tools.mock_runner import ProgramFailed, ProgramRun, RecordedResource, run_program
from tools.provider_schema import SCHEMA

ROOT = Path(__file__).resolve().parent.parent
CONSTRUCT = ROOT / "tests" / "programs" / "provider_construct.py"
PYTHON_API = ROOT / "tests" / "programs" / "python_components.py"
RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
HOSTED = [
    "MskCluster",
    "MskReplicator",
    "SchemaRegistryService",
    "SnowflakeConnectorPlugin",
    "SnowflakeCredentials",
    "SnowflakeSinkConnector",
]


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA.read_text())


def construct(case: str, **extra: object) -> ProgramRun:
    """The provider's components for a case of CASES (a fresh run: tests change CASES)."""
    return run_program("dev", {"test:case": case, **extra}, program=CONSTRUCT)


def committed(case: str) -> ProgramRun:
    """`construct` of a committed case, shared with the other tests that run it."""
    return cached_run("dev", {"test:case": case}, program=CONSTRUCT)


def cloud_resources(run: ProgramRun) -> dict[tuple[str, str], RecordedResource]:
    """Every resource but the stack and our own component types, by (type, name)."""
    return {
        (r.type, r.name): r
        for r in run.resources
        if r.type != "pulumi:pulumi:Stack" and not r.type.startswith("streaming-platform:")
    }


@pytest.fixture(scope="module", params=sorted(CASES))
def both(request: pytest.FixtureRequest) -> tuple[str, ProgramRun, ProgramRun]:
    case = request.param  # the committed cases (tests that change CASES call `construct`, which is not cached)
    return (
        case,
        committed(case),
        cached_run("dev", {"test:case": case}, program=PYTHON_API),
    )


# --- schema -----------------------------------------------------------------------------------------


def test_schema_hosts_each_component_as_a_component_resource(schema: dict) -> None:
    assert schema["name"] == "streaming-platform"
    assert schema["version"] == components.__version__
    assert sorted(schema["resources"]) == [f"streaming-platform:index:{name}" for name in HOSTED]
    assert all(resource["isComponent"] for resource in schema["resources"].values())


def test_schema_requires_what_a_component_cannot_default(schema: dict) -> None:
    resources = schema["resources"]
    assert sorted(resources["streaming-platform:index:MskCluster"]["requiredInputs"]) == ["subnetIds", "vpcId"]
    assert {"account", "clusterArn", "pluginArn", "privateKeySecretArn", "topics"} <= set(
        resources["streaming-platform:index:SnowflakeSinkConnector"]["requiredInputs"]
    )
    assert "protect" not in resources["streaming-platform:index:SchemaRegistryService"]["requiredInputs"]


def test_schema_carries_docs_and_enums_from_the_python_source(schema: dict) -> None:
    cluster = schema["resources"]["streaming-platform:index:MskCluster"]
    assert "MSK" in cluster["description"]
    assert cluster["inputProperties"]["topics"]["items"]["$ref"] == "#/types/streaming-platform:index:TopicInput"
    topic = schema["types"]["streaming-platform:index:TopicInput"]
    assert topic["required"] == ["name", "partitions"]
    assert "249" in topic["properties"]["name"]["description"]
    storage = schema["types"]["streaming-platform:index:StorageMode"]
    assert [e["value"] for e in storage["enum"]] == ["LOCAL", "TIERED"]
    assert set(cluster["properties"]) >= {"arn", "bootstrapBrokersSaslIam", "securityGroupId", "kmsKeyArn"}


def test_schema_takes_no_python_only_inputs(schema: dict) -> None:
    """Callables and settings objects cannot cross languages: none may appear as `Any` inputs."""
    for token, resource in schema["resources"].items():
        for name, prop in resource["inputProperties"].items():
            assert prop.get("$ref") != "pulumi.json#/Any", f"{token}.{name} is untyped"


# --- construct ----------------------------------------------------------------------------------------


def test_construct_registers_what_the_python_api_registers(both: tuple[str, ProgramRun, ProgramRun]) -> None:
    case, provider, python = both
    through_provider, through_python = cloud_resources(provider), cloud_resources(python)
    access_rules = {key for key in through_provider if key[0] == RULE and key[1].endswith("-access")}
    extra = set(through_provider) - set(through_python)
    assert extra == access_rules, case
    assert set(through_python) - set(through_provider) == set(), case
    for key, resource in through_python.items():
        # Assets (the ACL function's archive) compare by what they hold, as the engine compares them.
        assert comparable(through_provider[key].inputs) == comparable(resource.inputs), key


FORMER_MODULES = {
    "MskCluster": "msk",
    "SchemaRegistryService": "schema_registry",
    "SnowflakeSinkConnector": "snowflake_connector",
}


def test_construct_hosts_the_component_itself_with_one_type_token(both: tuple[str, ProgramRun, ProgramRun]) -> None:
    """One component per construct, of the schema's type, which the Python API registers too;
    its former shape (a wrapper of this type around the Python component, `<module>:<Name>`)
    is an alias, which the engine passes on to every child."""
    case, provider, python = both
    component, name, _inputs = CASES[case][0]
    token = f"streaming-platform:index:{component}"
    (hosted,) = [r for r in provider.resources if r.type == token]
    assert hosted.name == name and python.one(token).name == name
    assert not [r for r in provider.resources if r.parent == hosted.urn and not r.custom and r.name == name]
    if component not in FORMER_MODULES:  # hosted since it was written: no former shape to alias
        assert hosted.aliases == [] and provider.outputs[name]
        return
    former = f"streaming-platform:{FORMER_MODULES[component]}:{component}"
    assert any(alias.endswith(f"::{token}${former}::{name}") for alias in hosted.aliases), hosted.aliases
    child = next(r for r in provider.resources if r.parent == hosted.urn and r.custom)
    assert any(f"${former}$" in alias or f"::{former}$" in alias for alias in child.aliases), child.aliases
    assert provider.outputs[name], "construct returned no outputs"


def test_registry_and_connector_open_the_brokers_on_their_own_port() -> None:
    registry, connector = committed("registry"), committed("connector")
    scram = registry.named("schemas-broker-access")
    iam = connector.named("orders-to-snowflake-broker-access")
    assert (scram.inputs["fromPort"], iam.inputs["fromPort"]) == (9096, 9098)
    assert scram.inputs["securityGroupId"] == iam.inputs["securityGroupId"] == CONNECTOR_INPUTS["brokerSecurityGroupId"]
    workers = connector.one("aws:ec2/securityGroup:SecurityGroup")
    assert iam.inputs["referencedSecurityGroupId"] == workers.id
    sink = connector.one("aws:mskconnect/connector:Connector")
    assert iam.name in connector.waits_for(sink), "the connector must start after its brokers' port is open"


def test_construct_outputs_match_the_schema_outputs(schema: dict) -> None:
    run = committed("cluster")
    outputs = schema["resources"]["streaming-platform:index:MskCluster"]["properties"]
    assert set(run.outputs["events"]) <= set(outputs)
    assert run.outputs["events"]["scramUserSecretArns"] == {
        "analytics": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:AmazonMSK_events_analytics-AbCdEf"
    }


@pytest.mark.parametrize(
    ("case", "inputs", "expected"),
    [
        (
            "MskCluster",
            {**CLUSTER_INPUTS, "topics": [{"name": "orders", "partitions": 0}]},
            "topics[0].partitions = 0: must be a whole number of at least 1",
        ),
        # What other languages could send and the provider used to accept or change silently.
        ("MskCluster", {**CLUSTER_INPUTS, "brokerCount": 5.0}, "brokerCount = 5: must be a multiple of the number"),
        ("MskCluster", {**CLUSTER_INPUTS, "kafkaVersion": "2.0.0"}, "kafkaVersion = '2.0.0': not supported; allowed"),
        ("MskCluster", {**CLUSTER_INPUTS, "enhancedMonitoring": "LOTS"}, "enhancedMonitoring = 'LOTS': not supported"),
        (
            "MskCluster",
            {**CLUSTER_INPUTS, "retentionHours": -5.0},
            "retentionHours = -5: must be a whole number of hours",
        ),
        ("MskCluster", {**CLUSTER_INPUTS, "brokerCount": 0.0}, "brokerCount = 0: must be at least 1"),
        (
            "MskCluster",
            {**CLUSTER_INPUTS, "brokerVolumeGib": 0},
            "brokerVolumeGib = 0: must be between 1 and 16384 GiB",
        ),
        (
            "MskCluster",
            {**CLUSTER_INPUTS, "clusterPolicyAccounts": ["12"]},
            "clusterPolicyAccounts[0] = '12': must be a 12-digit AWS account id",
        ),
        (
            "MskCluster",
            {**CLUSTER_INPUTS, "volumeThroughputMibps": 250},
            "volumeThroughputMibps = 250: MSK provisions storage throughput only on",
        ),
        ("SchemaRegistryService", {**REGISTRY_INPUTS, "desiredCount": 0.0}, "desiredCount = 0: must be a whole number"),
        ("SchemaRegistryService", {**REGISTRY_INPUTS, "logRetentionDays": 2}, "logRetentionDays = 2: not supported"),
        (
            "SchemaRegistryService",
            {**REGISTRY_INPUTS, "schemasReplicationFactor": 0},
            "schemasReplicationFactor = 0: must be a whole number of at least 1",
        ),
        (
            "SnowflakeSinkConnector",
            {**CONNECTOR_INPUTS, "capacity": {"mcuCount": 3}},
            "capacity.mcuCount = 3: not supported; allowed: 1, 2, 4, 8",
        ),
        (
            "SnowflakeSinkConnector",
            {**CONNECTOR_INPUTS, "account": {**CONNECTOR_INPUTS["account"], "user": ""}},
            "account.user = '': must be a Snowflake identifier",
        ),
        (
            "SnowflakeSinkConnector",
            {**CONNECTOR_INPUTS, "consumerOffsetReset": "smallest"},
            "consumerOffsetReset = 'smallest': not supported; allowed: earliest, latest, none",
        ),
        (
            "MskReplicator",
            {**REPLICATOR_INPUTS, "settings": {"topics": ["orders["]}},
            "settings.topics[0] = 'orders[': not a regular expression",
        ),
        (
            "MskReplicator",
            {**REPLICATOR_INPUTS, "settings": {"topics": ["orders"], "maxLatencySeconds": 10}},
            "settings.maxLatencySeconds = 10: must be a whole number of seconds from 60 to 86400",
        ),
    ],
)
def test_bad_inputs_are_refused_by_input_name_before_any_cloud_resource(
    monkeypatch: pytest.MonkeyPatch, case: str, inputs: dict, expected: str
) -> None:
    monkeypatch.setitem(CASES, "bad", [(case, "bad", inputs)])
    with pytest.raises(ProgramFailed) as failed:
        construct("bad")
    message = str(failed.value.cause)
    assert message.startswith(f"invalid inputs for {case} 'bad'"), message
    assert expected in message
    # The provider server re-raises a RunError as it is; any other exception it sends with
    # its Python traceback appended (pulumi/provider/server.py, Construct).
    assert isinstance(failed.value.cause, pulumi.RunError)
    assert not [r for r in failed.value.resources if r.custom], "nothing may be created"


def test_integers_sent_as_floats_are_taken_as_integers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine sends numbers as floats and the SDK's host passes them on as such."""
    inputs = {**CLUSTER_INPUTS, "brokerCount": 2.0, "defaultReplicationFactor": 2.0, "retentionHours": 72.0}
    inputs["topics"] = [{"name": "orders", "partitions": 6.0, "retentionHours": 72.0}]
    monkeypatch.setitem(CASES, "floats", [("MskCluster", "floats", inputs)])
    run = construct("floats")
    cluster = run.one("aws:msk/cluster:Cluster").inputs
    assert cluster["numberOfBrokerNodes"] == 2
    topic = next(t for t in run.of_type("aws:msk/topic:Topic") if t.inputs["name"] == "orders")
    assert topic.inputs["partitionCount"] == 6
    configuration = run.one("aws:msk/configuration:Configuration").inputs["serverProperties"]
    assert "log.retention.hours=72\n" in configuration


@pytest.mark.parametrize("component", HOSTED)
def test_the_schema_has_every_output_the_python_component_has(schema: dict, component: str) -> None:
    """Every Output-typed attribute of the Python component, and nothing else, is a schema output."""
    import components

    python_class = getattr(components, component)
    outputs = {
        "".join(w.title() if i else w for i, w in enumerate(name.split("_")))
        for name, kind in python_class.__annotations__.items()
        if "pulumi.Output" in str(kind)
    }
    assert set(schema["resources"][f"streaming-platform:index:{component}"]["properties"]) == outputs


def test_a_standby_s_connector_through_the_provider_never_starts_from_the_beginning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inputs = {**CONNECTOR_INPUTS, "consumerOffsetReset": "none"}
    monkeypatch.setitem(CASES, "standby", [("SnowflakeSinkConnector", "standby", inputs)])
    worker = construct("standby").one("aws:mskconnect/workerConfiguration:WorkerConfiguration").inputs
    assert "consumer.auto.offset.reset=none\n" in worker["propertiesFileContent"]
