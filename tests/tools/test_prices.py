"""`python -m tools.price_list refresh`: the Price List API read through botocore's Stubber
(responses of the documented GetProducts shape), the file it writes, and the cost
estimate pricing from that file first and naming each line's source."""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from tools import price_list, prices
from tools.cost import estimate
from tools.mock_runner import ProgramRun

REGION = "eu-west-2"
TODAY = datetime.date(2026, 12, 2)


def product(service: str, usagetype: str, unit: str, usd: str, family: str = "", **attributes: str) -> str:
    """One GetProducts PriceList entry (a JSON string, FormatVersion aws_v1)."""
    sku = f"SKU{abs(hash((service, usagetype, unit, usd))) % 10**8}"
    return json.dumps(
        {
            "product": {"productFamily": family, "sku": sku,
                        "attributes": {"servicecode": service, "usagetype": usagetype, "regionCode": REGION,
                                       **attributes}},
            "serviceCode": service,
            "terms": {"OnDemand": {f"{sku}.JRTCKXETXF": {"priceDimensions": {f"{sku}.JRTCKXETXF.6YS6EN2CT7": {
                "unit": unit, "beginRange": "0", "endRange": "Inf", "pricePerUnit": {"USD": usd},
                "description": f"{usagetype}"}}}}},
        }
    )  # fmt: skip


MSK = "Managed Streaming for Apache Kafka (MSK)"
# What a region's Price List answers, per (service, narrowing) scope, in the order refresh asks.
ANSWERS: dict[tuple[str, tuple[tuple[str, str], ...]], list[list[str]]] = {
    ("AmazonMSK", ()): [
        [
            product("AmazonMSK", "EUW2-Kafka.Storage.GP2", "GB-Mo", "0.1160000000", MSK, storageFamily="GP2"),
            product("AmazonMSK", "EUW2-Kafka.Express.Storage", "GB-Mo", "0.1160000000"),
            product("AmazonMSK", "EUW2-Kafka.TieredStorage.Storage", "GB-Mo", "0.0700000000"),
        ],
        [  # the second page (NextToken)
            product("AmazonMSK", "EUW2-Kafka.ProvisionedThroughput", "MiBps-Mo", "0.0930000000"),
            product("AmazonMSK", "EUW2-Kafka.Connect.MCU", "Hrs", "0.1270000000"),
            product("AmazonMSK", "EUW2-Kafka.m7g.large", "Hrs", "0.2360000000", MSK),
            product("AmazonMSK", "EUW2-Kafka.m7g.xlarge", "Hrs", "0.4720000000", MSK),
        ],
    ],
    ("AmazonECS", ()): [
        [
            product("AmazonECS", "EUW2-Fargate-vCPU-Hours:perCPU", "hours", "0.0465600000", "Compute"),
            product("AmazonECS", "EUW2-Fargate-GB-Hours", "hours", "0.0051100000", "Compute"),
            product("AmazonECS", "EUW2-Fargate-EphemeralStorage-GB-Hours", "hours", "0.0001200000", "Compute"),
        ]
    ],
    ("AWSELB", (("productFamily", "Load Balancer-Application"),)): [
        [
            product("AWSELB", "EUW2-LoadBalancerUsage", "Hrs", "0.0264600000", "Load Balancer-Application"),
            product("AWSELB", "EUW2-LCUUsage", "LCU-Hrs", "0.0084000000", "Load Balancer-Application"),
        ]
    ],
    ("AmazonEC2", (("productFamily", "NAT Gateway"),)): [
        [
            product("AmazonEC2", "EUW2-NatGateway-Hours", "Hrs", "0.0500000000", "NAT Gateway"),
            product("AmazonEC2", "EUW2-NatGateway-Bytes", "GB", "0.0500000000", "NAT Gateway"),
        ]
    ],
    ("AmazonVPC", ()): [[product("AmazonVPC", "EUW2-PublicIPv4:InUseAddress", "Hrs", "0.0050000000")]],
    ("awskms", ()): [[product("awskms", "EUW2-KMS-Keys", "Keys", "1.0000000000")]],
    ("AWSSecretsManager", ()): [[product("AWSSecretsManager", "EUW2-AWSSecretsManager-Secrets", "Secrets", "0.40")]],
    ("AmazonCloudWatch", ()): [
        [
            product("AmazonCloudWatch", "EUW2-CW:AlarmMonitorUsage", "Alarms", "0.1000000000"),
            product("AmazonCloudWatch", "EUW2-DataProcessing-Bytes", "GB", "0.5300000000"),
            product("AmazonCloudWatch", "EUW2-TimedStorage-ByteHrs", "GB-Mo", "0.0318000000"),
        ]
    ],
}
DASHBOARDS = [[product("AmazonCloudWatch", "DashboardsUsageHour", "Dashboards", "3.0000000000")]]


def stubbed_client(answers: dict = ANSWERS, dashboards: list = DASHBOARDS) -> tuple[Any, Stubber]:
    """A `pricing` client answering refresh's requests, in order, with the pages above."""
    client = boto3.client("pricing", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    stubber = Stubber(client)
    asked: set[tuple] = set()
    for query in price_list.all_queries():
        scope = (query.service, query.regional, query.narrow)
        if scope in asked:
            continue
        asked.add(scope)
        pages = answers.get((query.service, query.narrow), [[]]) if query.regional else dashboards
        filters = [{"Type": "TERM_MATCH", "Field": "regionCode", "Value": REGION}] if query.regional else []
        filters += [{"Type": "TERM_MATCH", "Field": n, "Value": v} for n, v in query.narrow]
        for number, page in enumerate(pages):
            expected: dict[str, Any] = {"ServiceCode": query.service, "Filters": filters, "FormatVersion": "aws_v1"}
            if number:
                expected["NextToken"] = f"page-{number}"
            response: dict[str, Any] = {"FormatVersion": "aws_v1", "PriceList": page}
            if number + 1 < len(pages):
                response["NextToken"] = f"page-{number + 1}"
            stubber.add_response("get_products", response, expected)
    return client, stubber


def test_refresh_reads_every_price_the_estimate_uses_following_pages() -> None:
    client, stubber = stubbed_client()
    with stubber:
        found = price_list.refresh(REGION, client, TODAY)
    stubber.assert_no_pending_responses()
    assert found.as_of == "2026-12-02"
    assert found.prices["msk_storage_gb_month"] == 0.116
    assert found.prices["msk_connect_mcu_hour"] == 0.127  # from the second page
    assert found.prices["fargate_vcpu_hour"] == 0.04656
    assert found.prices["dashboard_month"] == 3.0  # account-wide product, asked without a region
    assert found.prices["logs_storage_gb_month"] == 0.0318
    assert found.broker_hour == {"kafka.m7g.large": 0.236, "kafka.m7g.xlarge": 0.472}
    assert set(found.prices) == set(prices.US_EAST_1)
    # broker types the answers do not have are listed, not guessed
    assert "broker:kafka.m5.large" in found.not_found and "broker:express.m7g.large" in found.not_found
    assert "kafka.m7g.xlarge" not in [k for k in found.not_found]


def test_a_price_two_products_disagree_on_is_not_written() -> None:
    answers = dict(ANSWERS)
    answers[("awskms", ())] = [[product("awskms", "EUW2-KMS-Keys", "Keys", "1.00"),
                                product("awskms", "KMS-Keys", "Keys", "1.20")]]  # fmt: skip
    client, stubber = stubbed_client(answers)
    with stubber:
        found = price_list.refresh(REGION, client, TODAY)
    assert "kms_key_month" not in found.prices
    assert "2 different prices" in found.not_found["kms_key_month"]


def test_only_the_first_tier_of_a_tiered_price_counts() -> None:
    tiers = json.loads(product("AmazonCloudWatch", "EUW2-DataProcessing-Bytes", "GB", "0.53"))
    dimensions = next(iter(tiers["terms"]["OnDemand"].values()))["priceDimensions"]
    dimensions["second"] = {"unit": "GB", "beginRange": "10240", "endRange": "Inf", "pricePerUnit": {"USD": "0.25"}}
    query = next(q for q in price_list.QUERIES if q.key == "logs_ingest_gb")
    assert price_list.price_of([tiers], query) == (0.53, "")


def test_the_written_file_is_dated_and_read_back(tmp_path: Path) -> None:
    client, stubber = stubbed_client()
    with stubber:
        path = price_list.write(price_list.refresh(REGION, client, TODAY), tmp_path)
    assert path == tmp_path / "eu-west-2.json"
    document = json.loads(path.read_text())
    assert document["as_of"] == "2026-12-02" and document["source"] == price_list.SOURCE
    assert price_list.load(REGION, tmp_path).prices == document["prices"]
    assert price_list.load("ap-south-1", tmp_path) is None


def test_the_estimate_prices_from_the_file_first_and_names_each_lines_source(
    run_deployed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run: ProgramRun = run_deployed("prod")
    before = {(i.resource, i.description): i for i in estimate(run).items}
    assert before, "prod has priced lines"
    assert all(i.source in {f"eu-west-2 table {prices.AS_OF}", f"us-east-1 table {prices.AS_OF}"} or
               i.source.startswith("Snowflake") for i in before.values())  # fmt: skip
    client, stubber = stubbed_client()
    with stubber:
        price_list.write(price_list.refresh(REGION, client, TODAY), tmp_path)
    monkeypatch.setattr(price_list, "DATA_DIR", tmp_path)
    after = estimate(run)
    brokers = next(i for i in after.items if "broker-hours" in i.description)
    assert brokers.source == "price list 2026-12-02"
    assert brokers.monthly == pytest.approx(3 * 0.236 * prices.HOURS_PER_MONTH)
    assert after.as_dict()["items"][0]["source"]
    assert any("tools/price_data/eu-west-2.json" in a for a in after.assumptions)
    assert not any("us-east-1 prices for" in a for a in after.assumptions), "every price came from the file"


def test_every_table_price_has_a_query() -> None:
    assert {q.key for q in price_list.QUERIES} == set(prices.US_EAST_1)
    assert not {q.key for q in price_list.LISTED_ONLY} & set(prices.US_EAST_1), "listed-only: not in the table"


def test_the_replicator_is_priced_only_from_a_price_file(run_stack, tmp_path: Path, monkeypatch) -> None:
    """No source here states MSK Replicator's prices: the table has none, a price file may."""
    dr: ProgramRun = run_stack("dr")
    (line,) = [i for i in estimate(dr).items if i.resource == "streaming-platform-dr-replicator-replicator"]
    assert line.description.startswith("MSK Replicator: NOT PRICED") and line.monthly == 0.0
    answers = dict(ANSWERS)
    *pages, last = ANSWERS[("AmazonMSK", ())]
    answers[("AmazonMSK", ())] = [*pages, [*last, product("AmazonMSK", "EUW2-Replicator-Hours", "Hrs", "0.5"),
                                           product("AmazonMSK", "EUW2-Replicator-Bytes", "GB", "0.05")]]  # fmt: skip
    client, stubber = stubbed_client(answers)
    with stubber:
        found = price_list.refresh(REGION, client, TODAY)
    assert (found.prices["msk_replicator_hour"], found.prices["msk_replicator_gb"]) == (0.5, 0.05)
    price_list.write(dataclasses.replace(found, region="eu-west-1"), tmp_path)  # dr's region, these answers
    monkeypatch.setattr(price_list, "DATA_DIR", tmp_path)
    (line,) = [i for i in estimate(dr).items if i.resource == "streaming-platform-dr-replicator-replicator"]
    assert line.description == "MSK Replicator + 100 GB replicated"
    assert line.monthly == pytest.approx(0.5 * prices.HOURS_PER_MONTH + 0.05 * 100)
    assert line.source == "price list 2026-12-02"


def test_help_text_names_each_source(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        price_list.main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    for label in ("price list YYYY-MM-DD", "REGION table YYYY-MM-DD", "us-east-1 table YYYY-MM-DD", "refresh"):
        assert label in text
