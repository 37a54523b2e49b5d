"""The cost estimate follows the stack config and names its prices and assumptions."""

from __future__ import annotations

import pytest

from tests.components.test_snowflake_connector import TWO_CONNECTORS
from tools import prices
from tools.cost import HOURS, NAT_GB_PER_GATEWAY_MONTH, CostEstimate, SnowflakeUsage, component_labels, estimate

# The seeds' reference configuration (docs/design.md#offline-plan-cost-and-policies): 3 x kafka.m5.large, 100 GB
# each, schema registry, 1 MCU, priced in us-east-1.
SEEDS = {
    "aws:region": "us-east-1",
    "brokerInstanceType": "kafka.m5.large",
    "brokerCount": 3,
    "brokerVolumeGiB": 100,
    "network": {"cidr": "10.40.0.0/16", "azCount": 3, "natGateways": "single"},
}


def item(cost: CostEstimate, text: str):
    [found] = [i for i in cost.items if text in i.description]
    return found


@pytest.fixture
def seeds(run_deployed) -> CostEstimate:
    return estimate(run_deployed("dev", SEEDS))


def test_seeds_configuration_broker_storage_and_mcu_lines(seeds: CostEstimate) -> None:
    assert item(seeds, "kafka.m5.large").monthly == pytest.approx(3 * 0.21 * 730)  # $459.90
    assert item(seeds, "broker storage").monthly == pytest.approx(3 * 100 * 0.10)
    connector = item(seeds, "MCU")
    assert connector.monthly == pytest.approx(1 * 0.11 * 730)  # priced at the minimum worker count
    assert connector.monthly_max == pytest.approx(2 * 0.11 * 730)  # dev's maxWorkers: 2
    registry = item(seeds, "Fargate")
    assert registry.monthly == pytest.approx((0.5 * 0.04048 + 1 * 0.004445) * 730)
    # Every line is in a component, and the total is their sum.
    assert seeds.total == pytest.approx(sum(seeds.by_component().values()))
    assert seeds.region == "us-east-1"
    assert not any("prices for:" in a for a in seeds.assumptions), "us-east-1 needs no fallback"


def test_seeds_configuration_total_is_reported_against_the_seed_figure(seeds: CostEstimate) -> None:
    # The seed says about $430; it prices three m5.large brokers at $252 a month
    # ($0.115/hour). At $0.21/hour (the list price, also quoted by another seed)
    # the same stack with its NAT gateway, ALB, keys and alarms is ~$650.
    assert 600 < seeds.total < 700


def test_each_line_is_labelled_with_the_top_level_component_of_its_resource(run_deployed) -> None:
    run = run_deployed("prod")
    labels = component_labels(run)
    assert set(labels) == {r.urn for r in run.resources}
    for resource in run.resources:
        chain = run.ancestors(resource)
        expected = f"{chain[-1].type.rsplit(':', 1)[-1]} {chain[-1].name}" if chain else "(stack)"
        assert labels[resource.urn] == expected, resource.name
    cost = estimate(run)
    assert item(cost, "broker-hours").component == "MskCluster streaming-platform-prod-msk"
    assert {i.component for i in cost.items if "NAT gateway" in i.description} == {
        "Network streaming-platform-prod-network"
    }
    assert labels[run.one("streaming-platform:index:MskCluster").urn] == "(stack)"  # registered at the top


def test_costs_follow_broker_type_count_and_volume(run_deployed) -> None:
    base = estimate(run_deployed("dev"))
    bigger = estimate(
        run_deployed("dev", {"brokerInstanceType": "kafka.m7g.xlarge", "brokerCount": 4, "brokerVolumeGiB": 50})
    )
    assert item(base, "broker-hours").monthly == pytest.approx(2 * 0.0456 * HOURS)
    assert item(bigger, "broker-hours").description == "4 x kafka.m7g.xlarge broker-hours"
    assert item(bigger, "broker-hours").monthly == pytest.approx(4 * 0.408 * HOURS)
    assert item(bigger, "broker storage").monthly == pytest.approx(4 * 50 * 0.10)


def test_storage_autoscaling_prices_the_volume_and_shows_the_ceiling(run_deployed) -> None:
    cost = estimate(run_deployed("prod"))
    storage = item(cost, "broker storage")
    assert storage.monthly == pytest.approx(3 * 500 * 0.10)
    assert storage.monthly_max == pytest.approx(3 * 4000 * 0.10)
    assert "autoscaling to 4000 GB" in storage.description


def test_express_brokers_price_retained_storage_as_an_assumption(run_deployed) -> None:
    cost = estimate(run_deployed("prod", {"brokerInstanceType": "express.m7g.large", "maxBrokerVolumeGiB": 0}))
    assert item(cost, "broker-hours").monthly == pytest.approx(3 * 0.408 * HOURS)
    assert item(cost, "express storage").monthly == pytest.approx(100 * 0.10)
    assert any("express brokers retain" in a for a in cost.assumptions)


def test_registry_cost_follows_task_size_and_count(run_deployed) -> None:
    registry = {"image": "confluentinc/cp-schema-registry:8.1.1", "cpu": 2048, "memory": 4096, "desiredCount": 3}
    cost = estimate(run_deployed("prod", {"schemaRegistry": registry}))
    fargate = prices.REGIONAL["eu-west-2"]
    expected = 3 * (2 * fargate["fargate_vcpu_hour"] + 4 * fargate["fargate_gb_hour"]) * HOURS
    assert item(cost, "Fargate").monthly == pytest.approx(expected)
    assert item(cost, "Fargate").description == "3 Fargate tasks x 2 vCPU / 4 GB"


def test_connector_cost_follows_mcus_and_workers(run_deployed) -> None:
    cost = estimate(run_deployed("dev", TWO_CONNECTORS))
    [provisioned] = [i for i in cost.items if i.resource == "streaming-platform-dev-orders-sink-connector"]
    assert provisioned.description == "3 workers x 2 MCU (provisioned)"
    assert provisioned.monthly == provisioned.monthly_max == pytest.approx(3 * 2 * 0.11 * HOURS)
    [autoscaled] = [i for i in cost.items if i.resource == "streaming-platform-dev-customers-sink-connector"]
    assert "(autoscaling)" in autoscaled.description and autoscaled.monthly < autoscaled.monthly_max


def test_one_nat_gateway_in_dev_three_in_prod(run_deployed) -> None:
    def nat_lines(stack: str) -> list:
        return [i for i in estimate(run_deployed(stack)).items if i.description.startswith("NAT gateway")]

    per_gateway = prices.REGIONAL["eu-west-2"]["nat_gateway_hour"] * HOURS + NAT_GB_PER_GATEWAY_MONTH * 0.05
    assert [i.monthly for i in nat_lines("dev")] == [pytest.approx(per_gateway)]
    assert len(nat_lines("prod")) == 3


def test_keys_secrets_and_alarms_are_counted(run_deployed) -> None:
    run = run_deployed("prod")
    cost = estimate(run)
    assert sum(i.monthly for i in cost.items if i.description == "customer-managed KMS key") == pytest.approx(
        len(run.of_type("aws:kms/key:Key"))
    )
    secrets = [i for i in cost.items if i.description == "secret"]
    assert len(secrets) == len(run.of_type("aws:secretsmanager/secret:Secret"))
    alarms = [i for i in cost.items if i.description.startswith("alarm on")]
    assert len(alarms) == len(run.of_type("aws:cloudwatch/metricAlarm:MetricAlarm"))
    [cpu] = [i for i in alarms if i.resource == "streaming-platform-prod-msk-cpu-broker1"]
    assert (cpu.description, cpu.monthly) == ("alarm on 2 metrics", pytest.approx(0.2))  # CpuUser + CpuSystem


def test_regional_prices_and_fallbacks_are_stated(run_deployed) -> None:
    london = estimate(run_deployed("dev"))
    assert london.region == "eu-west-2"
    [fallback] = [a for a in london.assumptions if "prices for:" in a]
    assert "msk_broker_hour" in fallback and "msk_connect_mcu_hour" in fallback
    assert "kafka." not in fallback  # a broker type's fallback is named as the broker-hour price
    assert "fargate_vcpu_hour" not in fallback  # London Fargate prices are in the table
    elsewhere = estimate(run_deployed("dev", {"aws:region": "ap-southeast-2"}))
    assert any("no price table for ap-southeast-2" in a for a in elsewhere.assumptions)
    assert elsewhere.total != london.total


def test_estimate_as_json_has_total_items_and_assumptions(run_deployed) -> None:
    document = estimate(run_deployed("prod")).as_dict()
    assert document["currency"] == "USD" and document["prices_as_of"] == prices.AS_OF
    assert document["total"] == pytest.approx(sum(i["monthly"] for i in document["items"]), abs=0.05)
    assert document["total_max"] > document["total"]
    assert {"component", "resource", "description", "monthly", "monthly_max"} <= set(document["items"][0])
    assert len(document["assumptions"]) >= 5


def test_flow_logs_are_priced_at_their_own_volume_and_vanish_when_turned_off(run_stack) -> None:
    with_logs = estimate(run_stack("dev"))
    without = estimate(run_stack("dev", {"network.flowLogs": False}))
    line = item(with_logs, "VPC flow logs")
    assert line.description.startswith("VPC flow logs: 10 GB/month")
    assert with_logs.total - without.total == pytest.approx(line.monthly)


def test_v4_ingestion_is_priced_per_gb_at_the_stated_credit_price(run_deployed) -> None:
    run = run_deployed("prod", TWO_CONNECTORS)
    usage = SnowflakeUsage(gb_per_month=1000, usd_per_credit=2.5)
    line = item(estimate(run, usage), "Snowpipe Streaming ingestion")
    assert line.monthly == pytest.approx(1000 * 0.0037 * 2.5) == line.monthly_max
    assert line.component == "Snowflake (connector 4.x)"
    assert line.resource == "streaming-platform-prod-customers-sink, streaming-platform-prod-orders-sink"
    assert line.description == "Snowpipe Streaming ingestion: 1000 GB x 0.0037 credits/GB x $2.50/credit"
    default = estimate(run)
    assert item(default, "Snowpipe Streaming ingestion").monthly == 0
    assert any(
        a.startswith("Snowflake ingestion by connector 4.x: 0 GB of uncompressed data a month (--snowflake-gb-month")
        and "a credit at $3.00" in a
        for a in default.assumptions
    )


def test_v3_ingestion_stays_unpriced(run_deployed) -> None:
    cost = estimate(run_deployed("prod", {"snowflake.connectorVersion": "3.5.4"}), SnowflakeUsage(1000))
    assert not [i for i in cost.items if "Snowpipe Streaming ingestion" in i.description]
    assert any("Snowflake connector 3.x ingestion (serverless compute)" in a for a in cost.assumptions)


def test_the_plan_takes_the_ingested_volume_and_credit_price(capsys) -> None:
    from tools.plan import STAND_IN_ACCOUNT, main

    assert main(["prod", "-c", "snowflake.publicKeyRegistered=true", "-c", f"snowflake.accountUrl={STAND_IN_ACCOUNT}",
                 "--snowflake-gb-month", "200",
                 "--snowflake-credit-usd", "4"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "$     2.96  Snowpipe Streaming ingestion: 200 GB x 0.0037 credits/GB x $4.00/credit" in out
    with pytest.raises(SystemExit):
        main(["prod", "--snowflake-gb-month", "-5"])


def test_tiered_storage_and_provisioned_throughput_are_priced(run_stack) -> None:
    overrides = {
        "brokerInstanceType": "kafka.m7g.4xlarge",
        "brokerVolumeThroughputMiBps": 500,
        "storageMode": "TIERED",
    }
    cost = estimate(run_stack("prod", overrides))
    assert item(cost, "provisioned storage throughput").monthly == pytest.approx(3 * 500 * 0.08)
    assert item(cost, "tiered storage").monthly == pytest.approx(1000 * 0.06)
    assert any("keeps 1000 GB in the tier" in a for a in cost.assumptions)
    default = estimate(run_stack("prod"))
    assert not [i for i in default.items if "tiered" in i.description or "throughput" in i.description]
