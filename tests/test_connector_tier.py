"""The connector tier's own promises, checked in the Python suite (no JVM, no jars): it
runs the Kafka Connect line each plan asks MSK Connect for, it builds the plugin from the
parts the program's ZIP lists, and it runs the releases the program deploys."""

from __future__ import annotations

import re

import pytest

from components import catalog
from components.snowflake.model import PluginSource
from components.snowflake.plugin import plugin_parts
from tests.connector.plans import CONNECT_RUNTIMES
from tests.connector.worker import CONFIG_PROVIDERS_PART, WORKER_PROJECT, connector_jar
from tools.mock_runner import ROOT

VERSIONS = (catalog.SNOWFLAKE_CONNECTOR_VERSION, catalog.SNOWFLAKE_V3_CONNECTOR_VERSION)


def test_each_msk_connect_version_runs_on_a_kafka_connect_release_of_its_line() -> None:
    assert set(CONNECT_RUNTIMES) == set(catalog.MSK_CONNECT_VERSIONS)
    for line, release in CONNECT_RUNTIMES.items():
        assert re.fullmatch(line.replace(".", r"\.").replace("x", r"\d+"), release), (line, release)
    pom = (WORKER_PROJECT / "pom.xml").read_text()
    assert f"<connect.version>{CONNECT_RUNTIMES[catalog.MSK_CONNECT_VERSIONS[0]]}</connect.version>" in pom


@pytest.mark.parametrize("version", VERSIONS)
def test_the_tier_knows_every_part_of_the_plugin(version: str) -> None:
    """A part the program adds to the ZIP must be added to the tier's plugin too."""
    known = {connector_jar(version).name, CONFIG_PROVIDERS_PART} | {
        jar.file_name for jar in catalog.BOUNCY_CASTLE_FIPS_JARS
    }
    assert set(plugin_parts(PluginSource(), version)) <= known


def test_the_tier_runs_for_the_releases_the_program_deploys() -> None:
    """That CI runs the tier and its target selects it: tests/test_tiers.py."""
    makefile = (ROOT / "Makefile").read_text()
    listed = re.search(r"\$\(foreach v,([^,]+),", makefile)
    assert listed is not None and set(listed.group(1).split()) == set(VERSIONS)
