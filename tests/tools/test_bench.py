"""The benchmark's scale stack is a valid config (so tools/bench.py measures a real plan)."""

from __future__ import annotations

from tools.bench import scale_overrides
from tools.plan import parse_override


def test_scale_overrides_plan_the_requested_topics_and_connectors(run_stack) -> None:
    arguments = scale_overrides(topics=50, connectors=20)
    assert arguments[0::2] == ["-c", "-c"]
    overrides = dict(parse_override(text) for text in arguments[1::2])
    run = run_stack("prod", overrides)
    topics = {r.inputs["name"] for r in run.of_type("aws:msk/topic:Topic")}
    assert len(topics - {"_schemas"}) == 50
    connectors = run.of_type("aws:mskconnect/connector:Connector")
    assert len(connectors) == 20
    # every topic is sunk by exactly one connector
    sunk = [t for c in connectors for t in c.inputs["connectorConfiguration"]["topics"].split(",")]
    assert sorted(sunk) == sorted(topics - {"_schemas"})
