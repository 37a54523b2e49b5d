"""The offline plan command: output, overrides and exit status."""

from __future__ import annotations

import json

import pytest
from pulumi_policy import EnforcementLevel, ResourceValidationPolicy

from policy.baseline import POLICIES
from tools import plan
from tools.mock_runner import ROOT, ProgramFailed, Secret
from tools.plan import main, parse_override
from tools.policy_check import evaluate


def test_plan_prints_the_tree_with_counts_and_the_outputs(capsys) -> None:
    assert main(["dev"]) == 0
    out = capsys.readouterr().out
    assert "streaming-platform:index:MskCluster  streaming-platform-dev-msk  (" in out
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


def test_a_path_into_a_plain_value_exits_2_naming_the_key(capsys) -> None:
    assert main(["prod", "-c", "kafkaVersion.unknownKey=zzz"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: -c kafkaVersion.unknownKey=zzz: kafkaVersion holds a plain value (a string)")


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


def test_plan_prints_cost_by_component_with_a_total_and_the_findings(capsys) -> None:
    assert main(["dev"]) == 0
    out = capsys.readouterr().out
    cost = out.split("Estimated monthly cost (USD):")[1].split("Policy findings:")[0]
    assert "  MskCluster streaming-platform-dev-msk: $" in cost
    assert "2 x kafka.t3.small broker-hours" in cost
    assert "  total: $" in cost and "per month in eu-west-2" in cost
    assert "assumptions:" in cost and "730 hours a month" in cost
    findings = out.split("Policy findings:")[1]
    assert "[advisory] alb-https-listener: streaming-platform-dev-schema-registry-listener" in findings


def run_json(capsys, argv: list[str]) -> tuple[int, dict]:
    status = main([*argv, "--json"])
    return status, json.loads(capsys.readouterr().out)


def test_prod_json_has_resources_outputs_cost_and_no_mandatory_finding(capsys) -> None:
    status, document = run_json(capsys, ["prod"])
    assert status == 0
    assert {"resources", "outputs", "cost", "findings"} <= set(document)
    cluster = next(r for r in document["resources"] if r["type"] == "aws:msk/cluster:Cluster")
    assert cluster == {
        "type": "aws:msk/cluster:Cluster",
        "name": "streaming-platform-prod-msk-cluster",
        "parent": "streaming-platform-prod-msk",
        "custom": True,
        "protect": True,
    }
    assert document["outputs"]["clusterName"] == "streaming-platform-prod"
    assert document["cost"]["total"] > 0 and document["cost"]["items"]
    assert [f for f in document["findings"] if f["enforcement"] == "mandatory"] == []
    assert document["mandatory_findings"] == 0
    assert set(document["findings"][0]) == {"policy", "enforcement", "resource", "type", "message"}


def test_json_carries_no_secret_value(capsys) -> None:
    _, document = run_json(capsys, ["prod", "-c", "alarmEmail=ops@example.com"])
    text = json.dumps(document)
    assert "mock-password-" not in text and "MOCKPRIVATE" not in text


def test_secret_outputs_are_masked_at_any_depth() -> None:
    outputs = {"a": Secret("s3cr3t"), "b": {"c": [Secret({"k": "v"}), "plain"]}}
    assert plan.masked(outputs) == {"a": "[secret]", "b": {"c": ["[secret]", "plain"]}}


def test_a_mandatory_finding_exits_1(monkeypatch, capsys) -> None:
    def public_brokers(args, report) -> None:
        if args.resource_type == "aws:msk/cluster:Cluster":
            report("crafted: brokers are public")

    extra = ResourceValidationPolicy("crafted-mandatory", "test", public_brokers, EnforcementLevel.MANDATORY)
    monkeypatch.setattr(plan, "evaluate", lambda run: evaluate(run, [*POLICIES, extra]))
    status, document = run_json(capsys, ["dev"])
    assert status == 1
    assert document["mandatory_findings"] == 1
    expected = {
        "policy": "crafted-mandatory",
        "enforcement": "mandatory",
        "resource": "streaming-platform-dev-msk-cluster",
        "type": "aws:msk/cluster:Cluster",
        "message": "crafted: brokers are public",
    }
    assert expected in document["findings"]


def test_bad_config_with_json_exits_2_with_the_message_only(capsys) -> None:
    assert main(["prod", "-c", "brokerInstanceType=kafka.m5.huge", "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "brokerInstanceType = 'kafka.m5.huge'" in captured.err and "Traceback" not in captured.err


def test_a_dotted_override_sets_a_nested_value_like_config_set_path(capsys) -> None:
    assert main(["prod", "-c", "snowflake.accountUrl=bad"]) == 2
    assert (
        "snowflake.accountUrl = 'bad': must be <account_identifier>.snowflakecomputing.com" in capsys.readouterr().err
    )


def test_connectors_waiting_for_their_key_are_planned_in_a_labelled_second_up(capsys) -> None:
    assert main(["dev"]) == 0
    out = capsys.readouterr().out
    first, second = out.split("Second `pulumi up`, once Snowflake knows the key (snowflake.publicKeyRegistered: true)")
    assert "aws:mskconnect/connector:Connector" not in first
    assert "  + aws:mskconnect/connector:Connector  streaming-platform-dev-orders-to-snowflake-connector" in second
    assert "cost then: $" in second.split("Policy findings:")[0]


def test_json_second_up_lists_the_added_resources_and_their_cost(capsys) -> None:
    _, document = run_json(capsys, ["prod"])
    added = {r["type"] for r in document["secondUp"]["resources"]}
    assert "aws:mskconnect/connector:Connector" in added and "aws:msk/cluster:Cluster" not in added
    connect = [i for i in document["secondUp"]["cost"]["items"] if "MCU" in i["description"]]
    assert connect and document["secondUp"]["cost"]["total"] > document["cost"]["total"]
    _, registered = run_json(
        capsys, ["prod", "-c", "snowflake.publicKeyRegistered=true", "-c", f"snowflake.accountUrl={ACCOUNT}"]
    )
    assert registered["secondUp"] is None


def test_policies_judge_the_connectors_of_the_second_up(monkeypatch, capsys) -> None:
    judged: list[int] = []
    monkeypatch.setattr(plan, "evaluate", lambda run: judged.append(len(run.of_type(CONNECTOR))) or [])
    assert main(["dev"]) == 0
    assert judged == [1]


ACCOUNT = "acme-analytics.snowflakecomputing.com"


def test_what_the_program_logs_is_labelled_on_stderr_after_the_plan(capsys) -> None:
    main(["dev"])
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3, err
    assert err[0].startswith(
        "program warning: snowflake.accountUrl = 'example-account.snowflakecomputing.com' is the committed stacks' "
        "EXAMPLE ACCOUNT: set yours: pulumi config set --path snowflake.accountUrl"
    )
    assert err[1].startswith("program warning: Connectors not created yet")
    assert err[2] == plan.STAND_IN_NOTE


def test_a_stack_with_its_own_account_is_not_warned_about_it(capsys) -> None:
    main(["dev", "-c", f"snowflake.accountUrl={ACCOUNT}"])
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":", 2)[1].strip() for line in err] == ["Connectors not created yet (orders-to-snowflake)"]


def test_the_example_account_is_refused_once_the_connectors_would_start(capsys) -> None:
    assert main(["dev", "-c", "snowflake.publicKeyRegistered=true"]) == 2
    err = capsys.readouterr().err
    assert (
        "snowflake.accountUrl = 'example-account.snowflakecomputing.com': the committed stacks' EXAMPLE ACCOUNT" in err
    )


CONNECTOR = "aws:mskconnect/connector:Connector"


def test_the_plan_lists_the_kafka_acls_per_principal(capsys) -> None:
    acls = '[{"resource":{"type":"topic","name":"orders"},"operations":["Read"]}]'
    assert main(["dev", "-c", f'scramUsers=[{{"name":"bi","acls":{acls}}}]', "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["kafkaAcls"]["User:bi"] == ["READ on TOPIC orders"]
    assert "WRITE on TOPIC _schemas" in document["kafkaAcls"]["User:schema-registry"]
    assert main(["dev"]) == 0
    assert "none declared (scramUsers[].acls, kafkaAcls): no ACL function" in capsys.readouterr().out


def test_an_unknown_stack_lists_the_stacks_and_how_to_add_one(capsys) -> None:
    assert main(["staging"]) == 2
    err = capsys.readouterr().err
    assert "no stack 'staging': no file Pulumi.staging.yaml; stacks here: dev, dr, prod." in err
    assert "pulumi stack init staging" in err and "copy Pulumi.dev.yaml to Pulumi.staging.yaml" in err


def test_two_plans_of_a_stack_print_the_same_bytes(capsys) -> None:
    outputs = []
    for _ in range(2):
        assert main(["prod"]) == 0
        outputs.append(capsys.readouterr())
    assert outputs[0].out == outputs[1].out and outputs[0].err == outputs[1].err


def test_the_plan_ends_with_its_status_and_the_next_step(capsys) -> None:
    assert main(["dev"]) == 0
    lines = capsys.readouterr().out.rstrip().splitlines()
    assert lines[-1] == (
        "status: planned (exit 0); next: `pulumi preview --stack dev` with credentials, then `pulumi up` "
        '(README, "Deploying for real")'
    )
    # the README's section it points to exists
    assert "\n## Deploying for real\n" in (ROOT / "README.md").read_text()


def test_the_plan_starts_and_ends_with_its_summary(capsys) -> None:
    assert main(["dev", "-c", "snowflake.accountUrl=acme-analytics.snowflakecomputing.com"]) == 0
    lines = capsys.readouterr().out.rstrip().splitlines()
    assert lines[1] == lines[-2]
    run, then = plan.plan_runs("dev", {"snowflake.accountUrl": "acme-analytics.snowflakecomputing.com"})
    assert then is not None
    cloud = sum(r.custom for r in run.resources)
    total, later = plan.estimate(run).total, plan.estimate(then).total
    assert lines[1] == (
        f"summary: {cloud} cloud resources, ${total:,.2f}/month, ${later:,.2f} once the connectors run (second "
        "`pulumi up`); planned (exit 0), 1 advisory finding"
    )


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_components_counts_add_up_to_the_total(capsys, stack: str) -> None:
    assert main([stack]) == 0
    out = capsys.readouterr().out.splitlines()
    top = [line for line in out if line.startswith("streaming-platform:") and "cloud resource" in line]
    counts = [int(line.rsplit("(", 1)[1].split()[0]) for line in top]
    top_level_resources = [line for line in out if line.startswith("aws:") or line.startswith("pulumi:providers")]
    (total,) = [line for line in out if line.startswith("total: ")]
    assert sum(counts) + len(top_level_resources) == int(total.split()[1])


def test_program_warnings_are_in_the_json_and_stand_ins_are_labelled(capsys) -> None:
    assert main(["dev", "--json"]) == 0
    captured = capsys.readouterr()
    account, warning = json.loads(captured.out)["warnings"]
    assert account.startswith("snowflake.accountUrl = 'example-account.snowflakecomputing.com' is the committed")
    assert warning.startswith("Connectors not created yet") and "[offline stand-in key:" in warning
    assert "[offline stand-in key:" in captured.err


def documented_json_keys() -> list[str]:
    text = (ROOT / "docs" / "offline-tools.md").read_text()
    table = text.split("`--json` prints one object:", 1)[1].split("\n### ", 1)[0]
    return [row.split("|")[1].strip().strip("`") for row in table.splitlines() if row.startswith("| `")]


def test_the_json_document_is_the_one_the_docs_describe(capsys) -> None:
    assert main(["dev", "--json"]) == 0
    assert sorted(json.loads(capsys.readouterr().out)) == sorted(documented_json_keys())


@pytest.mark.parametrize("tool", ["plan", "change", "aws_schemas"])
def test_every_option_of_the_tools_is_documented(tool: str) -> None:
    import argparse
    import importlib

    module = importlib.import_module(f"tools.{tool}")
    captured: list[argparse.ArgumentParser] = []
    original = argparse.ArgumentParser.parse_args

    def capture(self, args=None, namespace=None):  # type: ignore[no-untyped-def]
        captured.append(self)
        raise SystemExit(0)

    argparse.ArgumentParser.parse_args = capture  # type: ignore[method-assign]
    try:
        with pytest.raises(SystemExit):
            module.main([])
    finally:
        argparse.ArgumentParser.parse_args = original  # type: ignore[method-assign]
    text = (ROOT / "docs" / "offline-tools.md").read_text()
    options = [o for action in captured[0]._actions for o in action.option_strings if o.startswith("--")]
    assert [o for o in options if o not in ("--help",) and f"`{o}" not in text and f"{o} " not in text] == []
