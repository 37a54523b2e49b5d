"""The benchmark's scale stack is a valid config (so tools/bench.py measures a real plan)."""

from __future__ import annotations

import pytest

from components.settings import load_settings
from tools.bench import SCALE_CONNECTORS, SCALE_TOPICS, scale_overrides
from tools.mock_runner import stack_config
from tools.plan import parse_override


def test_scale_overrides_plan_the_requested_topics_and_connectors(run_stack) -> None:
    arguments = scale_overrides(topics=50, connectors=20)
    assert arguments[0::2] == ["-c", "-c", "-c"]
    overrides = dict(parse_override(text) for text in arguments[1::2])
    assert overrides["brokerInstanceType"] == "kafka.m7g.2xlarge"
    run = run_stack("prod", overrides)
    topics = {r.inputs["name"] for r in run.of_type("aws:msk/topic:Topic")}
    assert len(topics - {"_schemas"}) == 50
    connectors = run.of_type("aws:mskconnect/connector:Connector")
    assert len(connectors) == 20
    # every topic is sunk by exactly one connector
    sunk = [t for c in connectors for t in c.inputs["connectorConfiguration"]["topics"].split(",")]
    assert sorted(sunk) == sorted(topics - {"_schemas"})


@pytest.mark.parametrize("topics", SCALE_TOPICS)
def test_every_scale_point_is_a_config_the_plan_accepts(topics: int) -> None:
    """The settings alone (no program run): the bench measures plans, not refusals."""
    arguments = scale_overrides(topics=topics, connectors=SCALE_CONNECTORS)
    config = stack_config("prod", dict(parse_override(text) for text in arguments[1::2]))
    values = {
        key.split(":", 1)[1]: value for key, value in config.values.items() if key.startswith("streaming-platform:")
    }
    settings = load_settings(values.get, "streaming-platform", "prod", present_keys=values)
    assert len(settings.cluster.topics) == topics and len(settings.snowflake.connectors) == SCALE_CONNECTORS


def test_the_scale_stack_before_the_key_leaves_its_connectors_for_the_second_up(run_stack) -> None:
    from tools.plan import connectors_pending

    overrides = dict(parse_override(text) for text in scale_overrides(50, 20, registered=False)[1::2])
    run = run_stack("prod", overrides)
    assert connectors_pending(run) and not run.of_type("aws:mskconnect/connector:Connector")


def test_the_scale_stack_for_the_change_preview_keeps_what_prod_has() -> None:
    """So the preview at scale adds topics and connectors and removes none (no blocked change)."""
    import yaml

    from tools.bench import ROOT

    prod = yaml.safe_load((ROOT / "Pulumi.prod.yaml").read_text())["config"]
    overrides = dict(parse_override(text) for text in scale_overrides(50, 20, keep_committed=True)[1::2])
    names = [t["name"] for t in overrides["topics"]]
    assert {t["name"] for t in prod["streaming-platform:topics"]} <= set(names) and len(names) == len(set(names))
    connectors = [c["name"] for c in overrides["snowflake"]["connectors"]]
    assert {c["name"] for c in prod["streaming-platform:snowflake"]["connectors"]} <= set(connectors)


def test_the_bench_stands_in_the_plans_account() -> None:
    from tools import bench, plan

    assert bench.STAND_IN_ACCOUNT == plan.STAND_IN_ACCOUNT
