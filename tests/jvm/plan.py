"""What a plan hands to Kafka, read from the resources it registers: the MSK
configuration's server properties, the topics, and the SCRAM users' credentials."""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tools.mock_runner import ProgramRun, Secret

from .kafka import parse_properties

CONFIGURATION = "aws:msk/configuration:Configuration"
TOPIC = "aws:msk/topic:Topic"
SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
SCRAM_USER = "streaming-platform:index:ScramUser"
REGISTRY_TASK = "aws:ecs/taskDefinition:TaskDefinition"


@dataclass(frozen=True)
class PlannedTopic:
    name: str
    partitions: int
    replication_factor: int
    configs: dict[str, str]

    def request(self) -> dict[str, object]:
        return {
            "name": self.name,
            "partitions": self.partitions,
            "replicationFactor": self.replication_factor,
            "configs": self.configs,
        }


def server_properties(run: ProgramRun) -> dict[str, str]:
    """`server.properties` of the cluster's MSK configuration, as Kafka reads it."""
    return parse_properties(run.one(CONFIGURATION).inputs["serverProperties"])


def topics(run: ProgramRun) -> list[PlannedTopic]:
    """Every `aws.msk.Topic` the plan registers, with the configs MSK hands to Kafka."""
    return [
        PlannedTopic(
            name=t.inputs["name"],
            partitions=int(t.inputs["partitionCount"]),
            replication_factor=int(t.inputs["replicationFactor"]),
            configs=json.loads(t.inputs.get("configs") or "{}"),
        )
        for t in run.of_type(TOPIC)
    ]


def scram_credentials(run: ProgramRun) -> dict[str, str]:
    """username -> password of every SCRAM user the plan associates with the cluster
    (the secret value each ScramUser component writes; mocked passwords)."""
    credentials: dict[str, str] = {}
    for version in run.of_type(SECRET_VERSION):
        if version.parent_type != SCRAM_USER:
            continue
        secret = version.inputs["secretString"]
        value = json.loads(secret.value if isinstance(secret, Secret) else secret)
        credentials[value["username"]] = value["password"]
    return credentials


def registry_sasl_mechanism(run: ProgramRun) -> str:
    """The SASL mechanism the schema registry's container is told to use."""
    for task in run.of_type(REGISTRY_TASK):
        for container in json.loads(task.inputs["containerDefinitions"]):
            for variable in container.get("environment", []):
                if variable["name"] == "SCHEMA_REGISTRY_KAFKASTORE_SASL_MECHANISM":
                    return str(variable["value"])
    raise AssertionError("no schema registry task sets SCHEMA_REGISTRY_KAFKASTORE_SASL_MECHANISM")


REGISTRY_CONTAINER = "schema-registry"
IMAGE_ENTRY_POINT = "exec /etc/confluent/docker/run\n"


def registry_environment(run: ProgramRun) -> dict[str, str]:
    """The plain environment of the schema registry's container (name -> value)."""
    (task,) = run.of_type(REGISTRY_TASK)
    container = next(c for c in json.loads(task.inputs["containerDefinitions"]) if c["name"] == REGISTRY_CONTAINER)
    return {v["name"]: v["value"] for v in container["environment"]}


def registry_kafka_client(run: ProgramRun) -> dict[str, str]:
    """The schema registry's Kafka client settings as its container would have
    them: the task's start script run by `sh` with the task's environment and
    its SCRAM `secrets` resolved from the plan's secret values, stopping where
    it would hand over to the image's entry point. Only the Kafka store
    variables are read back."""
    (task,) = run.of_type(REGISTRY_TASK)
    container = next(c for c in json.loads(task.inputs["containerDefinitions"]) if c["name"] == REGISTRY_CONTAINER)
    assert container["entryPoint"] == ["/bin/sh", "-c"], container["entryPoint"]
    (script,) = container["command"]
    assert script.endswith(IMAGE_ENTRY_POINT), script[-80:]
    script = script.removesuffix(IMAGE_ENTRY_POINT) + "env\n"
    credentials = scram_credentials(run)
    user = "schema-registry"
    secret_values = {"username": user, "password": credentials[user]}
    environment = {v["name"]: v["value"] for v in container["environment"]}
    for secret in container["secrets"]:
        if "AmazonMSK_" in secret["valueFrom"]:  # the SCRAM secret: `<arn>:<json key>::`
            environment[secret["name"]] = secret_values[secret["valueFrom"].split(":")[-3]]
    with tempfile.TemporaryDirectory() as stand_ins:
        # `hostname -i` answers the task's own IP on awsvpc; here a stand-in answers one.
        hostname = Path(stand_ins) / "hostname"
        hostname.write_text("#!/bin/sh\necho 10.40.0.10\n")
        hostname.chmod(0o755)
        done = subprocess.run(
            ["/bin/sh", "-c", script],
            env={"PATH": f"{stand_ins}:/usr/bin:/bin", **environment},
            capture_output=True,
            text=True,
        )
    assert done.returncode == 0, done.stderr
    variables = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    return {k: v for k, v in variables.items() if k.startswith("SCHEMA_REGISTRY_KAFKASTORE_")}
