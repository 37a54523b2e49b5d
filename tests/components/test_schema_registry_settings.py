"""The `schemaRegistry` config object: defaults, accepted values and every rule."""

from __future__ import annotations

from typing import Any

import pytest

from components import catalog
from components.registry.model import SchemaRegistrySettings, parse_schema_registry
from components.settings import ConfigError, parse_settings
from components.validation import Problems

CERTIFICATE = "arn:aws:acm:eu-west-2:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"


def parse(value: Any) -> tuple[SchemaRegistrySettings, list[str]]:
    problems = Problems()
    return parse_schema_registry(value, problems), problems.lines


def test_absent_object_means_the_documented_defaults() -> None:
    settings, problems = parse(None)
    assert problems == []
    assert settings == SchemaRegistrySettings()
    assert settings.image == catalog.SCHEMA_REGISTRY_IMAGE and ":latest" not in settings.image
    assert (settings.cpu, settings.memory, settings.desired_count) == (512, 1024, 2)
    assert settings.compatibility_level == "BACKWARD"
    assert settings.certificate_arn is None and settings.host_name is None


def test_a_full_valid_object_is_read_as_given() -> None:
    settings, problems = parse(
        {
            "image": "123456789012.dkr.ecr.eu-west-2.amazonaws.com/mirror/cp-schema-registry:8.1.1",
            "cpu": "2048",
            "memory": 8192,
            "desiredCount": 3,
            "compatibilityLevel": "FULL_TRANSITIVE",
            "certificateArn": CERTIFICATE,
            "hostName": "schema-registry.data.example.com",
        }
    )
    assert problems == []
    assert (settings.cpu, settings.memory, settings.desired_count) == (2048, 8192, 3)
    assert settings.compatibility_level == "FULL_TRANSITIVE"
    assert settings.certificate_arn == CERTIFICATE
    assert settings.host_name == "schema-registry.data.example.com"


def test_image_pinned_by_digest_is_accepted() -> None:
    _, problems = parse({"image": "confluentinc/cp-schema-registry@sha256:" + "ab" * 32})
    assert problems == []


@pytest.mark.parametrize(("cpu", "memory"), [(c, m) for c, ms in catalog.FARGATE_CPU_MEMORY.items() for m in ms])
def test_every_fargate_size_is_accepted(cpu: int, memory: int) -> None:
    settings, problems = parse({"cpu": cpu, "memory": memory})
    assert problems == [] and (settings.cpu, settings.memory) == (cpu, memory)


RULES = [
    ({"image": "confluentinc/cp-schema-registry"}, "schemaRegistry.image", "'confluentinc/cp-schema-registry'", "exact tag or digest"),
    ({"image": "confluentinc/cp-schema-registry:latest"}, "schemaRegistry.image", ":latest'", "not :latest"),
    ({"image": 8}, "schemaRegistry.image", "8", "exact tag or digest"),
    ({"cpu": 300}, "schemaRegistry.cpu", "300", "allowed: 256, 512, 1024, 2048, 4096, 8192, 16384"),
    ({"cpu": "half"}, "schemaRegistry.cpu", "'half'", "whole number from 256 to 16384"),
    ({"cpu": 256, "memory": 4096}, "schemaRegistry.memory", "4096", "whole number from 512 to 2048"),
    ({"cpu": 1024, "memory": 2500}, "schemaRegistry.memory", "2500", "cpu 1024 with these memory sizes (MiB): 2048, 3072"),
    ({"desiredCount": 0}, "schemaRegistry.desiredCount", "0", "whole number from 1 to 10"),
    ({"desiredCount": 11}, "schemaRegistry.desiredCount", "11", "whole number from 1 to 10"),
    ({"compatibilityLevel": "STRICT"}, "schemaRegistry.compatibilityLevel", "'STRICT'", "BACKWARD, BACKWARD_TRANSITIVE"),
    ({"certificateArn": "arn:aws:iam::123456789012:server-certificate/x", "hostName": "sr.example.com"},
     "schemaRegistry.certificateArn", "server-certificate", "ACM certificate ARN"),
    ({"certificateArn": CERTIFICATE}, "schemaRegistry.hostName", "null", "required with certificateArn"),
    ({"hostName": "Schema Registry"}, "schemaRegistry.hostName", "'Schema Registry'", "lower-case DNS name"),
    ({"replicas": 2}, "schemaRegistry.replicas", "2", "unknown key; allowed keys: image, cpu, memory"),
    ({"accessLogs": "yes"}, "schemaRegistry.accessLogs", "'yes'", "must be true or false"),
    ({"authentication": 1}, "schemaRegistry.authentication", "1", "must be true or false"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "key", "shown", "allowed"), RULES, ids=[f"{r[1]}:{r[2]}" for r in RULES])
def test_each_bad_value_is_refused_with_key_value_and_what_is_allowed(
    value: dict[str, Any], key: str, shown: str, allowed: str
) -> None:
    _, problems = parse(value)
    matching = [p for p in problems if p.startswith(f"{key} = ")]
    assert matching, f"no problem names {key!r}: {problems}"
    assert any(shown in p and allowed in p for p in matching), matching


def test_stack_settings_carry_the_registry_model_and_collect_its_problems_with_the_rest() -> None:
    settings = parse_settings({"schemaRegistry": '{"desiredCount": "3"}'}, "p", "s")
    assert settings.schema_registry.desired_count == 3
    with pytest.raises(ConfigError) as error:
        parse_settings({"retentionHours": 0, "schemaRegistry": {"cpu": 300, "compatibilityLevel": "x"}}, "p", "s")
    assert "3 problems" in str(error.value)


def test_the_schemas_topic_name_is_reserved_for_the_registry() -> None:
    with pytest.raises(ConfigError) as error:
        parse_settings({"topics": [{"name": "_schemas", "partitions": 1}]}, "p", "s")
    assert "topics[0].name = '_schemas': reserved" in str(error.value)
