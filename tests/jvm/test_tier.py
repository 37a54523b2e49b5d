"""The JVM tier's own promises, checked in the Python suite (no JVM needed):
it runs the Kafka line the stacks run, it never overrides a plan's property,
and `make test-jvm` is wired into CI."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from components import catalog
from tests.conftest import STACKS
from tools.mock_runner import ROOT, stack_config

from .kafka import JVM_PROJECT, Node, TlsFiles, loopback_properties, new_cluster_id

POM = "{http://maven.apache.org/POM/4.0.0}"


def pinned(name: str) -> str:
    properties = ET.parse(JVM_PROJECT / "pom.xml").getroot().find(f"{POM}properties")
    assert properties is not None
    value = properties.findtext(f"{POM}{name}")
    assert value, name
    return value


@pytest.mark.parametrize("stack", STACKS)
def test_the_tier_runs_the_kafka_line_of_the_stack(stack: str) -> None:
    line = stack_config(stack).values["streaming-platform:kafkaVersion"]
    assert re.fullmatch(r"\d+\.\d+\.x", line), line
    assert pinned("kafka.version").startswith(line.removesuffix("x")), (pinned("kafka.version"), line)


def test_the_loopback_keys_are_none_an_msk_configuration_may_set(tmp_path) -> None:
    nodes = [Node(1, 1, 2, 3, tmp_path), Node(2, 4, 5, 6, tmp_path)]
    tls = TlsFiles(tmp_path / "k", tmp_path / "t", "x")
    added = set(loopback_properties(nodes, nodes[0], tls))
    msk = set(catalog.STANDARD_SERVER_PROPERTIES) | set(catalog.EXPRESS_SERVER_PROPERTIES)
    assert added and not added & msk


def test_ci_runs_the_tier_after_the_python_suite_and_make_test_says_it_exists() -> None:
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ci.index("make test-jvm") == ci.index("make test") + 1
    makefile = (ROOT / "Makefile").read_text()
    test_recipe = makefile.split("\ntest: ")[1].split("\n\n")[0]
    assert "make test-jvm" in test_recipe
    assert "-m jvm" in makefile.split("\ntest-jvm: ")[1].split("\n\n")[0]


def test_the_tier_pins_the_bouncy_castle_fips_jars_the_4x_plugin_carries() -> None:
    for jar in catalog.BOUNCY_CASTLE_FIPS_JARS:
        assert pinned(f"{jar.artifact}.version") == jar.version, jar


def test_a_cluster_id_is_never_read_as_an_option(monkeypatch: pytest.MonkeyPatch) -> None:
    """kafka-storage format reads an id starting with "-" as an option (a 1-in-64 failure of the tier)."""
    import base64

    from . import kafka

    draws = iter([b"\xfb" + bytes(15), bytes(16)])  # the first encodes to "-w...", the second to "AAAA..."
    monkeypatch.setattr(kafka.secrets, "token_bytes", lambda n: next(draws))
    assert base64.urlsafe_b64encode(b"\xfb" + bytes(15)).decode().startswith("-")
    assert new_cluster_id() == "A" * 22


class _FlakyStart:
    """A cluster whose starts fail with the given refusals, then start."""

    def __init__(self, *refusals: str) -> None:
        self.refusals, self.starts, self.stops = list(refusals), 0, 0

    def start(self):  # type: ignore[no-untyped-def]
        from .kafka import BrokerRefused

        self.starts += 1
        if self.refusals:
            raise BrokerRefused(self.refusals.pop(0))
        return self

    def stop(self) -> None:
        self.stops += 1


def test_a_port_taken_before_the_broker_bound_it_is_retried_on_new_ports_and_a_refusal_is_not() -> None:
    from .kafka import BrokerRefused, _free_ports, _started

    cluster = _FlakyStart("BindException: Address already in use")
    assert _started(cluster) is cluster and (cluster.starts, cluster.stops) == (2, 1)
    refused = _FlakyStart("Invalid value -1 for configuration log.retention.hours")
    with pytest.raises(BrokerRefused, match=r"log\.retention\.hours"):
        _started(refused)
    assert refused.starts == 1
    ports = _free_ports(9)
    assert len(set(ports)) == 9
