"""Estimated monthly cost of a recorded program run (the offline plan's cost section).

Costs are read from what the program registers, so they follow the stack
config: broker type and count, volume size (and the autoscaling ceiling),
task size and count, connector MCUs and workers, NAT gateways, keys,
secrets, alarms and log groups. Prices come from tools/prices.py; usage that
config does not fix (traffic, log volume) is an assumption, printed with the
estimate. Each item has a `monthly` figure (what the stack costs as
configured, autoscaling at its minimum) and a `monthly_max` (autoscaling at
its ceiling).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from components import catalog, plural
from tools import price_list, prices
from tools.mock_runner import ProgramRun, RecordedResource
from tools.resource_types import TYPES, FixedPrice, Free, Priced

# Usage assumptions (printed with every estimate).
ALB_AVERAGE_LCU = 1.0
NAT_GB_PER_GATEWAY_MONTH = 20.0
LOG_INGEST_GB_PER_GROUP_MONTH = 1.0
# VPC flow logs: every flow of brokers, tasks and workers, aggregated per 10 minutes.
FLOW_LOG_GB_MONTH = 10.0
EXPRESS_RETAINED_GB = 100.0
# What an MSK Replicator copies a month (config cannot say: the primary's traffic).
REPLICATED_GB_MONTH = 100.0
# What a TIERED cluster keeps in the low-cost tier (config cannot say: it is the
# topics' traffic times their retention beyond the local retention).
TIERED_STORAGE_GB = 1000.0

ASSUMPTIONS = [
    f"{prices.HOURS_PER_MONTH} hours a month, every resource running all month, on-demand prices",
    f"load balancer traffic averages {ALB_AVERAGE_LCU:g} LCU",
    f"each NAT gateway processes {NAT_GB_PER_GATEWAY_MONTH:g} GB a month; data the connectors send to "
    "Snowflake passes the NAT gateways and adds its per-GB charge",
    f"each log group ingests {LOG_INGEST_GB_PER_GROUP_MONTH:g} GB a month (VPC flow logs "
    f"{FLOW_LOG_GB_MONTH:g} GB; turn them off in dev with network.flowLogs: false) and keeps it for its retention",
    f"express brokers retain {EXPRESS_RETAINED_GB:g} GB (their storage is billed on data retained)",
    f"a TIERED cluster keeps {TIERED_STORAGE_GB:g} GB in the tier (retrieval from the tier is not priced); "
    "provisioned storage throughput is priced on the full MiB/s provisioned",
    f"an MSK Replicator copies {REPLICATED_GB_MONTH:g} GB a month (priced only from a price file: "
    "`python -m tools.price_list refresh`); the cross-region transfer it causes is data transfer",
    "autoscaling is priced at its minimum (monthly); monthly_max prices MSK storage and MSK Connect workers "
    "at their ceilings",
    "not priced: data transfer, MSK express data-in, enhanced monitoring metrics, SNS, Snowflake warehouses and "
    "storage, Snowflake connector 3.x ingestion (serverless compute), S3 (the plugin ZIP and the registry's ALB "
    "access logs: megabytes)",
]
V4_CONNECTOR_CLASS = "com.snowflake.kafka.connector.SnowflakeStreamingSinkConnector"


@dataclass(frozen=True)
class SnowflakeUsage:
    """What the stack sends to Snowflake, which no config says: priced for connector 4.x."""

    gb_per_month: float = 0.0
    """Uncompressed GB a month the 4.x connectors ingest (`--snowflake-gb-month`)."""
    usd_per_credit: float = prices.SNOWFLAKE_USD_PER_CREDIT
    """Price of a Snowflake credit under your contract (`--snowflake-credit-usd`)."""


@dataclass(frozen=True)
class CostItem:
    """One priced line: a resource's monthly cost as configured and at its autoscaling ceiling."""

    component: str
    resource: str
    description: str
    monthly: float
    monthly_max: float
    source: str = ""
    """Where its prices came from: `price list <date>`, `<region> table <date>`, `us-east-1 table <date>` (fallback)."""

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "monthly": round(self.monthly, 2), "monthly_max": round(self.monthly_max, 2)}


@dataclass
class CostEstimate:
    """Monthly cost of a stack in USD, with the prices and assumptions used."""

    region: str
    items: list[CostItem]
    assumptions: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(item.monthly for item in self.items)

    @property
    def total_max(self) -> float:
        return sum(item.monthly_max for item in self.items)

    def by_component(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for item in self.items:
            totals[item.component] = totals.get(item.component, 0.0) + item.monthly
        return totals

    def as_dict(self) -> dict[str, Any]:
        return {
            "currency": "USD",
            "period": "month",
            "region": self.region,
            "prices_as_of": prices.AS_OF,
            "total": round(self.total, 2),
            "total_max": round(self.total_max, 2),
            "by_component": {name: round(value, 2) for name, value in self.by_component().items()},
            "items": [item.as_dict() for item in self.items],
            "assumptions": self.assumptions,
        }


class PriceBook:
    """Prices for one region: from its Price List file (`python -m tools.price_list refresh`)
    when there is one, then the transcribed table for the region, then the us-east-1
    table; it remembers which prices fell back to us-east-1 and, per cost line, which
    sources priced it (`take_sources`)."""

    def __init__(self, region: str, price_file: price_list.PriceFile | None = None) -> None:
        self.region = region
        self.file = price_file
        self._listed = f"price list {price_file.as_of}" if price_file else ""  # the file's source label
        self.regional = prices.REGIONAL.get(region, {}) if region != prices.BASE_REGION else prices.US_EAST_1
        self.fallbacks: set[str] = set()
        self._sources: set[str] = set()

    def _price(
        self, key: str, listed: dict[str, float] | None, table: dict[str, float], fallback: float, named: str = ""
    ) -> float:
        """`key`'s price from the price-list file, else the region's table, else us-east-1's `fallback`
        (recorded in `fallbacks` as `named`, or as `key`)."""
        if listed is not None and key in listed:
            self._sources.add(self._listed)
            return listed[key]
        if key in table:
            self._sources.add(f"{self.region} table {prices.AS_OF}")
            return table[key]
        self.fallbacks.add(named or key)
        self._sources.add(f"{prices.BASE_REGION} table {prices.AS_OF}")
        return fallback

    def __getitem__(self, key: str) -> float:
        listed = self.file.prices if self.file else None
        return self._price(key, listed, self.regional, prices.US_EAST_1[key])

    def listed(self, key: str) -> float | None:
        """`key`'s price from the price-list file alone (a price the table does not have); None without."""
        if self.file is None or key not in self.file.prices:
            return None
        self._sources.add(self._listed)
        return self.file.prices[key]

    def broker_hour(self, instance_type: str) -> float:
        if instance_type not in prices.MSK_BROKER_HOUR:
            raise KeyError(f"no price for broker type {instance_type!r} in tools/prices.py")
        table = prices.MSK_BROKER_HOUR if self.region == prices.BASE_REGION else {}
        listed = self.file.broker_hour if self.file else None
        return self._price(instance_type, listed, table, prices.MSK_BROKER_HOUR[instance_type], "msk_broker_hour")

    def take_sources(self) -> str:
        """The sources of the prices read since the last call (one cost line's)."""
        taken, self._sources = self._sources, set()
        return ", ".join(sorted(taken))


def dig(props: dict[str, Any], *path: str) -> Any:
    value: Any = props
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


HOURS = prices.HOURS_PER_MONTH
Pricer = Callable[[RecordedResource, ProgramRun, PriceBook], Iterator[tuple[str, float, float]]]


def _msk_cluster(resource: RecordedResource, run: ProgramRun, book: PriceBook) -> Iterator[tuple[str, float, float]]:
    inputs = resource.inputs
    brokers = int(inputs["numberOfBrokerNodes"])
    broker_type = dig(inputs, "brokerNodeGroupInfo", "instanceType")
    compute = brokers * book.broker_hour(broker_type) * HOURS
    yield f"{brokers} x {broker_type} broker-hours", compute, compute
    if catalog.is_express(broker_type):
        storage = EXPRESS_RETAINED_GB * book["msk_express_storage_gb_month"]
        yield f"express storage, {EXPRESS_RETAINED_GB:g} GB retained (assumed)", storage, storage
        return
    volume = int(dig(inputs, "brokerNodeGroupInfo", "storageInfo", "ebsStorageInfo", "volumeSize") or 0)
    ceiling = _storage_ceiling(resource, run) or volume
    price = book["msk_storage_gb_month"]
    yield (
        f"{brokers} x {volume} GB broker storage (autoscaling to {ceiling} GB each)"
        if ceiling > volume
        else f"{brokers} x {volume} GB broker storage",
        brokers * volume * price,
        brokers * ceiling * price,
    )
    throughput = int(
        dig(inputs, "brokerNodeGroupInfo", "storageInfo", "ebsStorageInfo", "provisionedThroughput", "volumeThroughput")
        or 0
    )
    if throughput:
        monthly = brokers * throughput * book["msk_provisioned_throughput_mibps_month"]
        yield f"{brokers} x {throughput} MiB/s provisioned storage throughput", monthly, monthly
    if inputs.get("storageMode") == "TIERED":
        tiered = TIERED_STORAGE_GB * book["msk_tiered_storage_gb_month"]
        yield f"tiered storage, {TIERED_STORAGE_GB:g} GB held in the tier (assumed)", tiered, tiered


def _storage_ceiling(cluster: RecordedResource, run: ProgramRun) -> int:
    """maxCapacity of the storage autoscaling target of this cluster, 0 without one."""
    arn = cluster.outputs.get("arn")
    for target in run.of_type("aws:appautoscaling/target:Target"):
        if target.inputs.get("resourceId") == arn and target.inputs.get("scalableDimension", "").startswith("kafka:"):
            return int(target.inputs["maxCapacity"])
    return 0


def _connector(resource: RecordedResource, run: ProgramRun, book: PriceBook) -> Iterator[tuple[str, float, float]]:
    capacity = resource.inputs.get("capacity") or {}
    price = book["msk_connect_mcu_hour"] * HOURS
    if "autoscaling" in capacity:
        scaling = capacity["autoscaling"]
        mcu, low, high = (int(scaling[k]) for k in ("mcuCount", "minWorkerCount", "maxWorkerCount"))
        yield f"{low}-{high} workers x {mcu} MCU (autoscaling)", low * mcu * price, high * mcu * price
    else:
        provisioned = capacity["provisionedCapacity"]
        mcu, workers = int(provisioned["mcuCount"]), int(provisioned["workerCount"])
        yield f"{plural(workers, 'worker')} x {mcu} MCU (provisioned)", workers * mcu * price, workers * mcu * price


def _ecs_service(resource: RecordedResource, run: ProgramRun, book: PriceBook) -> Iterator[tuple[str, float, float]]:
    task = _task_definition(run, resource.inputs.get("taskDefinition"))
    count = int(resource.inputs.get("desiredCount", 1))
    vcpu, memory_gb = int(task.inputs["cpu"]) / 1024, int(task.inputs["memory"]) / 1024
    hourly = vcpu * book["fargate_vcpu_hour"] + memory_gb * book["fargate_gb_hour"]
    cost = count * hourly * HOURS
    yield f"{plural(count, 'Fargate task')} x {vcpu:g} vCPU / {memory_gb:g} GB", cost, cost


def _task_definition(run: ProgramRun, arn: Any) -> RecordedResource:
    for task in run.of_type("aws:ecs/taskDefinition:TaskDefinition"):
        if task.outputs.get("arn") == arn:
            return task
    raise KeyError(f"no task definition {arn!r} in the run")


def _fixed(description: str, price_key: str, hourly: bool = False) -> Pricer:
    """A resource billed at one price per month or per hour."""

    def pricer(resource: RecordedResource, run: ProgramRun, book: PriceBook) -> Iterator[tuple[str, float, float]]:
        cost = book[price_key] * (HOURS if hourly else 1)
        yield description, cost, cost

    return pricer


def _load_balancer(resource: RecordedResource, run: ProgramRun, book: PriceBook) -> Iterator[tuple[str, float, float]]:
    cost = (book["alb_hour"] + ALB_AVERAGE_LCU * book["alb_lcu_hour"]) * HOURS
    yield f"application load balancer + {ALB_AVERAGE_LCU:g} LCU", cost, cost


def _nat_gateway(resource: RecordedResource, run: ProgramRun, book: PriceBook) -> Iterator[tuple[str, float, float]]:
    cost = book["nat_gateway_hour"] * HOURS + NAT_GB_PER_GATEWAY_MONTH * book["nat_gateway_gb"]
    yield f"NAT gateway + {NAT_GB_PER_GATEWAY_MONTH:g} GB processed", cost, cost


def _alarm(resource: RecordedResource, run: ProgramRun, book: PriceBook) -> Iterator[tuple[str, float, float]]:
    queries = resource.inputs.get("metricQueries") or []
    metrics = sum(1 for query in queries if query.get("metric")) or 1
    cost = metrics * book["alarm_metric_month"]
    yield f"alarm on {plural(metrics, 'metric')}", cost, cost


def _replicator(resource: RecordedResource, run: ProgramRun, book: PriceBook) -> Iterator[tuple[str, float, float]]:
    hour, gb = book.listed("msk_replicator_hour"), book.listed("msk_replicator_gb")
    if hour is None or gb is None:
        # No source here states them: the line says so rather than $0.
        yield (
            "MSK Replicator: NOT PRICED (hourly and per-GB prices only from a price file: "
            "`python -m tools.price_list refresh`)",
            0.0,
            0.0,
        )
        return
    cost = hour * HOURS + gb * REPLICATED_GB_MONTH
    yield f"MSK Replicator + {REPLICATED_GB_MONTH:g} GB replicated", cost, cost


def _log_group(resource: RecordedResource, run: ProgramRun, book: PriceBook) -> Iterator[tuple[str, float, float]]:
    days = float(resource.inputs.get("retentionInDays") or 3650)
    flow_logs = any(
        f.inputs.get("logDestination") == resource.outputs.get("arn") for f in run.of_type("aws:ec2/flowLog:FlowLog")
    )
    monthly_gb = FLOW_LOG_GB_MONTH if flow_logs else LOG_INGEST_GB_PER_GROUP_MONTH
    stored_gb = monthly_gb * days / 30
    cost = monthly_gb * book["logs_ingest_gb"] + stored_gb * book["logs_storage_gb_month"]
    what = "VPC flow logs" if flow_logs else "logs"
    yield f"{what}: {monthly_gb:g} GB/month kept {days:g} days", cost, cost


# The usage models; which type each prices is its entry in tools/resource_types.py
# (`Priced(name)`), as are the flat charges (`FixedPrice`).
USAGE_PRICERS: dict[str, Pricer] = {
    "msk_cluster": _msk_cluster,
    "connector": _connector,
    "ecs_service": _ecs_service,
    "load_balancer": _load_balancer,
    "nat_gateway": _nat_gateway,
    "alarm": _alarm,
    "log_group": _log_group,
    "replicator": _replicator,
}


def _pricer(price: Priced | FixedPrice) -> Pricer:
    if isinstance(price, FixedPrice):
        return _fixed(price.description, price.book_key, hourly=price.hourly)
    return USAGE_PRICERS[price.pricer]


PRICERS: dict[str, Pricer] = {
    token: _pricer(entry.price) for token, entry in TYPES.items() if not isinstance(entry.price, Free)
}


def component_labels(run: ProgramRun) -> dict[str, str]:
    """Each resource's URN -> the top-level component it belongs to, as
    `MskCluster streaming-platform-prod-msk` (`(stack)` for one registered at the top).
    One index for the whole run (without it, each `ancestors` call indexed every
    resource again: 87 ms of a 500-topic plan, and quadratic)."""
    by_urn = run.by_urn()
    labels: dict[str, str] = {}
    for resource in run.resources:
        chain = run.ancestors(resource, by_urn)
        labels[resource.urn] = f"{chain[-1].type.rsplit(':', 1)[-1]} {chain[-1].name}" if chain else "(stack)"
    return labels


def snowflake_ingestion(run: ProgramRun, usage: SnowflakeUsage) -> tuple[list[CostItem], list[str]]:
    """Connector 4.x's Snowpipe Streaming charge (flat per GB) and its assumption; nothing for 3.x."""
    v4 = sorted(
        c.inputs.get("name", c.name)
        for c in run.of_type("aws:mskconnect/connector:Connector")
        if (c.inputs.get("connectorConfiguration") or {}).get("connector.class") == V4_CONNECTOR_CLASS
    )
    if not v4:
        return [], []
    credits = usage.gb_per_month * prices.SNOWPIPE_STREAMING_CREDITS_PER_GB
    monthly = credits * usage.usd_per_credit
    description = (
        f"Snowpipe Streaming ingestion: {usage.gb_per_month:g} GB x {prices.SNOWPIPE_STREAMING_CREDITS_PER_GB} "
        f"credits/GB x ${usage.usd_per_credit:.2f}/credit"
    )
    item = CostItem("Snowflake (connector 4.x)", ", ".join(v4), description, monthly, monthly, SNOWFLAKE_SOURCE)
    assumption = (
        f"Snowflake ingestion by connector 4.x: {usage.gb_per_month:g} GB of uncompressed data a month "
        "(--snowflake-gb-month, default 0), billed flat per GB at "
        f"{prices.SNOWPIPE_STREAMING_CREDITS_PER_GB} credits; a credit at ${usage.usd_per_credit:.2f} "
        "(--snowflake-credit-usd; your contract's price)"
    )
    return [item], [assumption]


def _lines(lines: Iterator[tuple[str, float, float]], book: PriceBook) -> Iterator[tuple[str, float, float, str]]:
    """A pricer's lines, each with the sources of the prices read to make it."""
    book.take_sources()
    for description, monthly, monthly_max in lines:
        yield description, monthly, monthly_max, book.take_sources()


SNOWFLAKE_SOURCE = "Snowflake consumption table, read 2026-11-28"


def estimate(run: ProgramRun, snowflake: SnowflakeUsage | None = None) -> CostEstimate:
    """Price every resource of the run that costs money on its own, and what connector
    4.x ingests into Snowflake at `snowflake` usage (default: none)."""
    region = run.config.get("aws:region", prices.BASE_REGION)
    book = PriceBook(region, price_list.load(region))
    labels = component_labels(run)
    items = [
        CostItem(labels[resource.urn], resource.name, description, monthly, monthly_max, source)
        for resource in run.resources
        if resource.type in PRICERS
        for description, monthly, monthly_max, source in _lines(PRICERS[resource.type](resource, run, book), book)
    ]
    ingestion, ingestion_assumptions = snowflake_ingestion(run, snowflake or SnowflakeUsage())
    items.extend(ingestion)
    # Resources register in no fixed order: the same stack prints the same lines.
    items.sort(key=lambda i: (i.component, -i.monthly, i.resource, i.description))
    assumptions = [
        f"prices: tools/price_data/{region}.json (AWS Price List API, read {book.file.as_of}), then tools/prices.py "
        f"(table of {prices.AS_OF}) for what it lacks"
        if book.file
        else f"prices: tools/prices.py (AWS on-demand list prices, table of {prices.AS_OF}); `python -m tools.prices "
        f"refresh --region {region}` reads them from AWS",
        *ASSUMPTIONS,
        *ingestion_assumptions,
    ]
    if region not in prices.REGIONAL and region != prices.BASE_REGION and book.file is None:
        assumptions.insert(1, f"no price table for {region}: every price is the {prices.BASE_REGION} price")
    elif book.fallbacks:
        fallbacks = ", ".join(sorted(book.fallbacks))
        assumptions.insert(1, f"{region} prices where known; {prices.BASE_REGION} prices for: {fallbacks}")
    return CostEstimate(region=region, items=items, assumptions=assumptions)
