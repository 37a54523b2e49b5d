"""The change preview's verdict and its warnings for changes that keep less data."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REGISTERED, cached_run
from tools import change
from tools.verdict import ATTENTION, BLOCKED, SAFE, cluster_retention_ms, data_warnings, verdict


def warnings_of(stack: str, after: dict, before: dict | None = None) -> list[str]:
    return data_warnings(cached_run(stack, before), cached_run(stack, after))


def test_a_topic_that_follows_the_cluster_default_is_named_when_the_default_goes_down() -> None:
    assert warnings_of("dev", {"retentionHours": 6}) == [
        "data loss: topic orders keeps 24h -> 6h (it follows the cluster default retentionHours); records older "
        "than 6h are deleted at the next retention check",
        "cluster default retention (retentionHours) lowered 24h -> 6h: followed by orders; not by the compacted "
        "_schemas, customers",
    ]


def test_a_cluster_default_that_reaches_no_topic_says_so() -> None:
    assert warnings_of("prod", {"retentionHours": 72}) == [
        "cluster default retention (retentionHours) lowered 168h -> 72h: followed by no topic of this stack; not by "
        "orders, orders-dlq (own retentionHours); not by the compacted _schemas, customers; topics created outside "
        "this program still follow it"
    ]


def test_a_topic_s_own_retention_going_down_is_named() -> None:
    assert warnings_of("prod", {"topics[0].retentionHours": 24}) == [
        "data loss: topic orders keeps 336h -> 24h (its own retentionHours); records older than 24h are deleted at "
        "the next retention check"
    ]


def test_a_topic_dropping_its_own_retention_for_a_lower_default_is_named() -> None:
    after = {"topics[0]": {"name": "orders", "partitions": 12}}
    assert warnings_of("prod", after) == [
        "data loss: topic orders keeps 336h -> 168h (it follows the cluster default retentionHours); records older "
        "than 168h are deleted at the next retention check"
    ]


@pytest.mark.parametrize(
    "after", [{"retentionHours": 200}, {"topics[0].retentionHours": 400}, {"topics[1].cleanupPolicy": "compact"}]
)
def test_keeping_data_longer_warns_of_nothing(after: dict) -> None:
    assert warnings_of("prod", after) == []


def test_a_removed_dead_letter_topic_is_a_warning() -> None:
    after = {**REGISTERED, "snowflake.connectors[0].errors": {"tolerance": "all"}}
    assert warnings_of("prod", after, REGISTERED) == [
        "data loss: connector streaming-platform-prod-orders-to-snowflake no longer has its dead-letter topic "
        "orders-dlq: records it cannot write to Snowflake are dropped instead of being kept there"
    ]


def test_cluster_retention_follows_kafka_precedence() -> None:
    run = cached_run("dev")
    configuration = run.one("aws:msk/configuration:Configuration")
    assert cluster_retention_ms(run) == 24 * 3_600_000
    configuration.inputs["serverProperties"] += "log.retention.minutes=30\n"
    assert cluster_retention_ms(run) == 30 * 60_000
    configuration.inputs["serverProperties"] += "log.retention.ms=1000\n"
    assert cluster_retention_ms(run) == 1000


@pytest.mark.parametrize(
    ("actions", "blocked", "warnings", "expected"),
    [
        ([], [], [], ("safe: no change", SAFE)),
        (["update", "update"], [], [], ("safe: updates only", SAFE)),
        (["create", "update"], [], [], ("safe: updates and creates only", SAFE)),
        (["update"], [], ["w"], ("needs attention: 1 warning (read the lines above before applying)", ATTENTION)),
        (
            ["replace", "delete", "delete"],
            [],
            [],
            ("needs attention: 1 replaced, 2 deleted (read the lines above before applying)", ATTENTION),
        ),
        (["replace"], ["a", "b"], ["w"], ("blocked: 2 reasons above; do not apply", BLOCKED)),
    ],
)
def test_verdict(actions, blocked, warnings, expected) -> None:
    assert verdict(actions, blocked, warnings) == expected


def test_the_preview_ends_with_the_verdict_and_exits_with_its_status(capsys) -> None:
    assert change.main(["dev", "-c", "retentionHours=6"]) == ATTENTION
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "verdict: needs attention: 2 warnings (read the lines above before applying) (exit 4)"
    assert change.main(["dev", "-c", "retentionHours=48"]) == SAFE
    assert capsys.readouterr().out.splitlines()[-1] == "verdict: safe: updates only (exit 0)"


def test_a_new_connector_is_previewed_on_the_second_up_with_both_sides_registered(capsys) -> None:
    """The committed stacks wait for their key: the existing connector is unchanged on the
    second up, the added one is created there, and the first up changes nothing."""
    added = {"name": "customers-to-snowflake", "topics": {"customers": "CUSTOMERS"}, "valueFormat": "JSON"}
    assert change.main(["dev", "-c", f"snowflake.connectors[1]={json.dumps(added)}"]) == SAFE
    out = capsys.readouterr().out
    first, second = out.split("on the second `pulumi up`, once Snowflake knows the key")
    assert "aws:mskconnect/connector:Connector" not in first
    assert (
        "create  aws:mskconnect/connector:Connector  streaming-platform-dev-customers-to-snowflake-connector" in second
    )
    assert "orders-to-snowflake-connector" not in second


def test_a_dead_letter_topic_removed_before_the_second_up_is_still_a_warning(capsys) -> None:
    assert change.main(["prod", "-c", 'snowflake.connectors[0].errors={"tolerance": "all"}']) == ATTENTION
    out = capsys.readouterr().out
    assert "no longer has its dead-letter topic orders-dlq" in out
    assert "update  aws:mskconnect/connector:Connector  streaming-platform-prod-orders-to-snowflake-connector" in out
