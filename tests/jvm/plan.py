"""What a plan hands to Kafka, read from the resources it registers: the MSK
configuration's server properties, the topics, and the SCRAM users' credentials."""

from __future__ import annotations

import json
from dataclasses import dataclass

from tools.mock_runner import ProgramRun, Secret

from .kafka import parse_properties

CONFIGURATION = "aws:msk/configuration:Configuration"
TOPIC = "aws:msk/topic:Topic"
SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
SCRAM_USER = "streaming-platform:msk:ScramUser"
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


def kafka_versions(run: ProgramRun) -> list[str]:
    return list(run.one(CONFIGURATION).inputs["kafkaVersions"])


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
