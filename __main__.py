"""streaming-platform: wiring only. Stack settings -> `build_platform` -> exports.

Every choice comes from stack config (see docs/configuration.md); the
components hold the logic, and `components/platform.py` wires them.
"""

import pulumi

from components.network.vpc import check_existing_vpc
from components.platform import build_platform
from components.settings import NAMESPACE, ConfigError, load_stack_settings


def read_secret(key: str) -> str | None:
    """A secret config value as text, for validation only (no `get` warning);
    the settings keep it wrapped and it reaches resources only as a Pulumi secret."""
    return pulumi.runtime.get_config(f"{NAMESPACE}:{key}")


project, stack = pulumi.get_project(), pulumi.get_stack()
try:
    settings = load_stack_settings(project, stack, pulumi.Config().get, read_secret)
    check_existing_vpc(settings.network, stack)
except ConfigError as error:
    # RunError: the CLI prints the message alone, without a traceback.
    raise pulumi.RunError(str(error)) from error

for warning in settings.warnings:
    pulumi.log.warn(warning)

platform = build_platform(settings, project, stack)
for name, value in platform.outputs.items():
    pulumi.export(name, value)
