"""The README's config commands, run through the real Pulumi CLI on a file backend with the
passphrase provider; the offline tools then read the file the CLI wrote (it re-serialises
every value and adds its salt) and plan what it says, the encrypted key a secret."""

from __future__ import annotations

import json

import pytest

from tools import plan
from tools.mock_runner import ROOT, run_program, stack_config

from .conftest import Cli

pytestmark = pytest.mark.cli

DEV = (ROOT / "Pulumi.dev.yaml").read_text()
PROJECT = (ROOT / "Pulumi.yaml").read_text()
PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQD9\n-----END PRIVATE KEY-----\n"


@pytest.fixture(scope="module")
def written(cli: Cli) -> str:
    """The dev stack after the README's commands, as the CLI wrote it."""
    cli.write(DEV)
    for args in (
        ("config", "set", "brokerInstanceType", "kafka.m5.large"),
        ("config", "set", "retentionHours", "72"),
        ("config", "set", "--path", "topics[0].partitions", "6"),
        ("config", "set", "--path", "snowflake.accountUrl", "acme-analytics.snowflakecomputing.com"),
    ):
        done = cli.run(*args)
        assert done.returncode == 0, done.stderr
    secret = cli.run("config", "set", "--secret", "snowflakePrivateKey", stdin=PEM)
    assert secret.returncode == 0, secret.stderr
    return (cli.project / f"Pulumi.{cli.stack}.yaml").read_text()


def test_the_cli_wrote_the_key_encrypted(written: str) -> None:
    assert "-----BEGIN PRIVATE KEY-----" not in written
    assert "streaming-platform:snowflakePrivateKey:\n    secure: " in written


def test_the_offline_tools_read_what_the_cli_wrote_as_the_cli_does(cli: Cli, written: str) -> None:
    read = cli.config()
    assert isinstance(read, dict), read
    offline = stack_config(cli.stack, files={"Pulumi.yaml": PROJECT, f"Pulumi.{cli.stack}.yaml": written})
    plain = {key: entry["value"] for key, entry in read.items() if not entry["secret"]}
    assert {k: v for k, v in offline.values.items() if k in plain} == plain
    assert offline.stand_ins == ["snowflakePrivateKey"]
    assert offline.secret_keys >= {"streaming-platform:snowflakePrivateKey"}
    # `config set --secret key < file` keeps the text without its last line break
    assert read["streaming-platform:snowflakePrivateKey"] == {"value": PEM.rstrip("\n"), "secret": True}


def test_the_plan_shows_the_change_and_keeps_the_key_secret(cli: Cli, written: str) -> None:
    files = {"Pulumi.yaml": PROJECT, f"Pulumi.{cli.stack}.yaml": written}
    run = run_program(cli.stack, files=files, stack_file=None)
    cluster = run.one("aws:msk/cluster:Cluster").inputs
    assert cluster["brokerNodeGroupInfo"]["instanceType"] == "kafka.m5.large"
    assert "log.retention.hours=72\n" in run.one("aws:msk/configuration:Configuration").inputs["serverProperties"]
    orders = next(t for t in run.of_type("aws:msk/topic:Topic") if t.inputs["name"] == "orders")
    assert orders.inputs["partitionCount"] == 6
    # a supplied (encrypted) key: no generated key pair, the connector created at once, the key a secret
    assert run.of_type("tls:index/privateKey:PrivateKey") == []
    assert len(run.of_type("aws:mskconnect/connector:Connector")) == 1
    assert run.stand_ins == ["snowflakePrivateKey"]
    document = json.dumps(plan.plan_document(run, plan.estimate(run), [], None, plan.SnowflakeUsage()))
    assert "BEGIN PRIVATE KEY" not in document
