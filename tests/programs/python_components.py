"""Test program: the components of tests/programs/provider_cases.py through the Python API (config `test:case`)."""

import pulumi

from tests.programs.provider_cases import python_api

python_api(pulumi.Config("test").require("case"))
