"""The offline plan command: output, overrides and exit status."""

from __future__ import annotations

import pytest

from tools import plan
from tools.mock_runner import ProgramFailed
from tools.plan import main, parse_override


def test_plan_prints_the_tree_with_counts_and_the_outputs(capsys) -> None:
    assert main(["dev"]) == 0
    out = capsys.readouterr().out
    assert "streaming-platform:msk:MskCluster  streaming-platform-dev-msk  (" in out
    assert "aws:msk/cluster:Cluster  streaming-platform-dev-msk-cluster" in out
    assert 'clusterArn: "arn:aws:kafka:eu-west-2:123456789012:cluster/streaming-platform-dev/' in out


def test_prod_marks_protected_resources(capsys) -> None:
    assert main(["prod"]) == 0
    assert "streaming-platform-prod-msk-cluster [protected]" in capsys.readouterr().out


def test_overrides_are_applied(capsys) -> None:
    assert main(["dev", "-c", "brokerCount=4", "-c", 'topics=[{"name": "orders", "partitions": 1}]']) == 0
    out = capsys.readouterr().out
    assert "streaming-platform-dev-msk-disk-broker4" in out
    assert "msk-topic-orders" in out and "msk-topic-customers" not in out


def test_bad_config_exits_2_with_the_message_and_no_traceback(capsys) -> None:
    assert main(["dev", "-c", "retentionHours=0"]) == 2
    err = capsys.readouterr().err
    assert "retentionHours = 0: must be a whole number of hours above 0" in err
    assert "Traceback" not in err


def test_a_program_bug_is_not_reported_as_a_config_error(monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise ProgramFailed(KeyError("bug"), [])

    monkeypatch.setattr(plan, "run_program", broken)
    with pytest.raises(ProgramFailed, match="bug"):
        main(["dev"])


def test_unknown_stack_exits_2(capsys) -> None:
    assert main(["staging"]) == 2
    assert "Pulumi.staging.yaml" in capsys.readouterr().err


def test_override_values_parse_as_json_when_they_can() -> None:
    assert parse_override("brokerCount=3") == ("brokerCount", 3)
    assert parse_override('network={"azCount": 3}') == ("network", {"azCount": 3})
    assert parse_override("brokerInstanceType=kafka.m5.large") == ("brokerInstanceType", "kafka.m5.large")
    with pytest.raises(Exception, match="KEY=VALUE"):
        parse_override("novalue")
