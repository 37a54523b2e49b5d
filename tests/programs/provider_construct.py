"""Test program: the component provider's `construct`, as the engine calls it for a program in another language.

Config `test:case` names a case of tests/programs/provider_cases.py: the
component and its inputs in the schema's (camelCase) names.
"""

import pulumi

from components.provider import PACKAGE
from tests.programs.provider_cases import CASES, hosted_provider

provider = hosted_provider()
for component, name, inputs in CASES[pulumi.Config("test").require("case")]:
    result = provider.construct(name, f"{PACKAGE}:index:{component}", inputs, pulumi.ResourceOptions())
    pulumi.export(name, result.state)
