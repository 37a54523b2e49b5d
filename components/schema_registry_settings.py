"""The `schemaRegistry` stack config object: parse and validate (docs/design.md §2, §3.2).

```yaml
streaming-platform:schemaRegistry:
  image: confluentinc/cp-schema-registry:8.1.1   # exact tag or digest
  cpu: 512                                       # Fargate CPU units
  memory: 1024                                   # MiB, a size Fargate pairs with `cpu`
  desiredCount: 2                                # tasks, spread over the AZs
  compatibilityLevel: BACKWARD
  certificateArn: arn:aws:acm:...                # optional: HTTPS listener
  hostName: schema-registry.example.internal     # required with certificateArn
  accessLogs: true                               # ALB access logs to S3; default: the stack's `protect`
  authentication: true                           # HTTP Basic on the REST API (default on)
```
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import catalog
from .validation import Problems, check_keys, flag, int_in_range, one_of

KEY = "schemaRegistry"
MAX_DESIRED_COUNT = 10

# repository[:port]/path with an exact tag or a digest.
_IMAGE = re.compile(
    r"^(?:[a-z0-9.-]+(?::\d+)?/)?[a-z0-9._/-]+(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})|@sha256:[0-9a-f]{64})$"
)
# ACM certificate ARN (any partition).
_CERTIFICATE_ARN = re.compile(r"^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[0-9a-f-]{36}$")
# A DNS name of at least two labels.
_HOST_NAME = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$")


@dataclass(frozen=True)
class SchemaRegistrySettings:
    """Validated `schemaRegistry` settings. The defaults are what an absent key means."""

    image: str = catalog.SCHEMA_REGISTRY_IMAGE
    """Container image with an exact tag or digest (`latest` is refused: it changes under you)."""
    cpu: int = 512
    """Fargate task CPU units (256, 512, 1024, ...)."""
    memory: int = 1024
    """Fargate task memory in MiB; must be a size Fargate accepts with `cpu`."""
    desired_count: int = 2
    """Running tasks, spread over the AZs; 2 or more keep the registry up through an AZ loss."""
    compatibility_level: str = "BACKWARD"
    """Default schema compatibility (`schema.compatibility.level`)."""
    certificate_arn: str | None = None
    """ACM certificate for an HTTPS listener; without it the listener is HTTP."""
    host_name: str | None = None
    """DNS name clients use (must be in the certificate); the URL output uses it."""
    authentication: bool = True
    """HTTP Basic authentication of the REST API with generated credentials in
    Secrets Manager (`schemaRegistryCredentialsSecretArn`); false: anyone who
    reaches the ALB may register and delete schemas."""
    access_logs: bool | None = None
    """ALB access logs (who called which API, from where) to a private S3 bucket.
    None: follow the stack's `protect` (on in production); resolved by `settings`."""


_KEYS = (
    "image",
    "cpu",
    "memory",
    "desiredCount",
    "compatibilityLevel",
    "certificateArn",
    "hostName",
    "accessLogs",
    "authentication",
)


def parse_schema_registry(value: Mapping[str, Any] | None, problems: Problems) -> SchemaRegistrySettings:
    """Validate the raw `schemaRegistry` object; problems go to `problems`."""
    value = value or {}
    defaults = SchemaRegistrySettings()
    check_keys(KEY, value, _KEYS, problems)

    image = value.get("image", defaults.image)
    _check_image(image, problems)
    cpu, memory = _task_size(value, defaults, problems)
    desired = int_in_range(
        KEY, value, "desiredCount", default=defaults.desired_count, lo=1, hi=MAX_DESIRED_COUNT, problems=problems
    )
    level = value.get("compatibilityLevel", defaults.compatibility_level)
    one_of(f"{KEY}.compatibilityLevel", level, catalog.COMPATIBILITY_LEVELS, problems)
    certificate, host = _https(value, problems)
    # accessLogs unset (None) follows the stack's `protect`, resolved by `settings`.
    access_logs = flag(f"{KEY}.accessLogs", value["accessLogs"], problems) if "accessLogs" in value else None
    authentication = flag(f"{KEY}.authentication", value.get("authentication", True), problems, default=True)
    return SchemaRegistrySettings(
        image=str(image),
        cpu=cpu,
        memory=memory,
        desired_count=desired,
        compatibility_level=str(level),
        certificate_arn=certificate,
        host_name=host,
        access_logs=access_logs,
        authentication=authentication,
    )


def _check_image(image: Any, problems: Problems) -> None:
    match = _IMAGE.match(image) if isinstance(image, str) else None
    if match is None or match.group("tag") == "latest":
        problems.add(
            f"{KEY}.image",
            image,
            f"must be an image with an exact tag or digest, e.g. {catalog.SCHEMA_REGISTRY_IMAGE} (not :latest)",
        )


def _task_size(value: Mapping[str, Any], defaults: SchemaRegistrySettings, problems: Problems) -> tuple[int, int]:
    cpus = tuple(catalog.FARGATE_CPU_MEMORY)
    cpu = int_in_range(KEY, value, "cpu", default=defaults.cpu, lo=cpus[0], hi=cpus[-1], problems=problems)
    if cpu not in catalog.FARGATE_CPU_MEMORY:
        problems.add(f"{KEY}.cpu", cpu, f"not a Fargate task size; allowed: {', '.join(map(str, cpus))}")
        return defaults.cpu, defaults.memory
    memories = catalog.FARGATE_CPU_MEMORY[cpu]
    memory = int_in_range(KEY, value, "memory", default=memories[0], lo=memories[0], hi=memories[-1], problems=problems)
    if memory not in memories:
        problems.add(
            f"{KEY}.memory",
            memory,
            f"Fargate pairs cpu {cpu} with these memory sizes (MiB): {', '.join(map(str, memories))}",
        )
    return cpu, memory


def _https(value: Mapping[str, Any], problems: Problems) -> tuple[str | None, str | None]:
    certificate = value.get("certificateArn")
    if certificate is not None and (not isinstance(certificate, str) or not _CERTIFICATE_ARN.match(certificate)):
        problems.add(
            f"{KEY}.certificateArn",
            certificate,
            "must be an ACM certificate ARN like arn:aws:acm:eu-west-2:123456789012:certificate/<uuid>",
        )
    host = value.get("hostName")
    if host is not None and (not isinstance(host, str) or not _HOST_NAME.match(host)):
        problems.add(f"{KEY}.hostName", host, "must be a lower-case DNS name such as schema-registry.example.internal")
    if certificate is not None and host is None:
        problems.add(
            f"{KEY}.hostName",
            None,
            "required with certificateArn: clients must connect with a name the certificate covers "
            "(point it at the ALB with a CNAME)",
        )
    return certificate, host
