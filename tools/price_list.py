"""Prices of a region from AWS's Price List API, written as a dated data file.

    python -m tools.price_list refresh --region eu-west-2 [--out DIR]

Reads `pricing:GetProducts` (boto3 `pricing`, credentials of any account; the
API answers from us-east-1) for every price the plan's cost estimate uses
(`tools/prices.py`: the keys of `US_EAST_1` and the broker types of
`MSK_BROKER_HOUR`), on-demand, the first tier of tiered prices, and writes
`tools/price_data/<region>.json` with the date it was read. The cost estimate
takes a price from that file first, then from the transcribed table, and each
cost line says which source priced it.

Each price is found by its product's attributes, the way the Price List
describes products (`productFamily`, `usagetype` without its region prefix,
`storageFamily`; the filters open-source estimators such as infracost use
for the same products). A price no product matches, or that two products
with different prices match, is not written: the file lists it under
`not_found` with the reason, and the estimate keeps the table's price for it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools import prices

DATA_DIR = Path(__file__).resolve().parent / "price_data"
SOURCE = "AWS Price List API (pricing:GetProducts), on-demand, first tier"
# The Price List API's own endpoint region (it also answers in ap-south-1 and eu-central-1).
API_REGION = "us-east-1"
MSK_FAMILY = r"Managed Streaming for Apache Kafka \(MSK\)"


@dataclass(frozen=True)
class Query:
    """One price: the service's products whose attributes match every pattern
    (`re.search`, case-insensitive) and the unit of the price dimension."""

    key: str
    service: str
    attributes: dict[str, str]
    unit: str
    regional: bool = True
    """False: an account-wide product (no region in the Price List, e.g. dashboards)."""
    narrow: tuple[tuple[str, str], ...] = ()
    """Exact attribute values the API filters on (TERM_MATCH), so a large service answers with few products."""


def _usage(suffix: str) -> str:
    """A usage type, with or without its region prefix (`EUW2-NatGateway-Hours`)."""
    return rf"^([A-Z]{{2,4}}\d?-)?{suffix}$"


_ALB = (("productFamily", "Load Balancer-Application"),)
_NAT = (("productFamily", "NAT Gateway"),)

QUERIES: tuple[Query, ...] = (
    Query("msk_storage_gb_month", "AmazonMSK", {"productFamily": MSK_FAMILY, "storageFamily": "^GP2$"}, "GB-Mo"),
    Query("msk_express_storage_gb_month", "AmazonMSK", {"usagetype": r"Express.*Storage"}, "GB-Mo"),
    Query("msk_tiered_storage_gb_month", "AmazonMSK", {"usagetype": r"Tiered.*Storage"}, "GB-Mo"),
    Query("msk_provisioned_throughput_mibps_month", "AmazonMSK", {"usagetype": r"Provisioned.*Throughput"}, "MiBps-Mo"),
    Query("msk_connect_mcu_hour", "AmazonMSK", {"usagetype": r"Connect.*MCU"}, "Hrs"),
    Query("fargate_vcpu_hour", "AmazonECS", {"usagetype": _usage(r"Fargate-vCPU-Hours:perCPU")}, "hours"),
    Query("fargate_gb_hour", "AmazonECS", {"usagetype": _usage(r"Fargate-GB-Hours")}, "hours"),
    Query("alb_hour", "AWSELB", {"usagetype": _usage("LoadBalancerUsage")}, "Hrs", narrow=_ALB),
    Query("alb_lcu_hour", "AWSELB", {"usagetype": _usage("LCUUsage")}, "LCU-Hrs", narrow=_ALB),
    Query("nat_gateway_hour", "AmazonEC2", {"usagetype": _usage("NatGateway-Hours")}, "Hrs", narrow=_NAT),
    Query("nat_gateway_gb", "AmazonEC2", {"usagetype": _usage("NatGateway-Bytes")}, "GB", narrow=_NAT),
    Query("public_ipv4_hour", "AmazonVPC", {"usagetype": _usage(r"PublicIPv4:InUseAddress")}, "Hrs"),
    Query("kms_key_month", "awskms", {"usagetype": _usage("KMS-Keys")}, "Keys"),
    Query("secret_month", "AWSSecretsManager", {"usagetype": _usage("AWSSecretsManager-Secrets")}, "Secrets"),
    Query("alarm_metric_month", "AmazonCloudWatch", {"usagetype": _usage("CW:AlarmMonitorUsage")}, "Alarms"),
    Query("dashboard_month", "AmazonCloudWatch", {"usagetype": "^DashboardsUsageHour$"}, "Dashboards", regional=False),
    Query("logs_ingest_gb", "AmazonCloudWatch", {"usagetype": _usage("DataProcessing-Bytes")}, "GB"),
    Query("logs_storage_gb_month", "AmazonCloudWatch", {"usagetype": _usage("TimedStorage-ByteHrs")}, "GB-Mo"),
)


# Prices the transcribed table does not have (no source here states them): only a price file
# gives them. MSK Replicator bills an hour per replicator and each GB it replicates; its products
# are found by `Replicator` in their usage type, per unit (a refresh lists one it cannot find, or
# that two products price differently, under `not_found`, and the estimate says NOT PRICED).
LISTED_ONLY: tuple[Query, ...] = (
    Query("msk_replicator_hour", "AmazonMSK", {"usagetype": "Replicator"}, "Hrs"),
    Query("msk_replicator_gb", "AmazonMSK", {"usagetype": "Replicator"}, "GB"),
)


def broker_query(instance_type: str) -> Query:
    """Broker hours of one MSK broker type (`kafka.m7g.large`, `express.m7g.large`)."""
    pattern = rf"(^|[-:.]){re.escape(instance_type)}$"
    return Query(f"broker:{instance_type}", "AmazonMSK", {"productFamily": MSK_FAMILY, "usagetype": pattern}, "Hrs")


def all_queries() -> list[Query]:
    """Every price the cost estimate can use."""
    missing = sorted(set(prices.US_EAST_1) - {q.key for q in QUERIES})
    if missing:  # a price added to the table without a way to read it
        raise AssertionError(f"no Price List query for {', '.join(missing)}")
    return [*QUERIES, *LISTED_ONLY, *(broker_query(t) for t in prices.MSK_BROKER_HOUR)]


@dataclass
class PriceFile:
    """What `refresh` writes for a region."""

    region: str
    as_of: str
    prices: dict[str, float] = field(default_factory=dict)
    broker_hour: dict[str, float] = field(default_factory=dict)
    not_found: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "as_of": self.as_of,
            "source": SOURCE,
            "prices": dict(sorted(self.prices.items())),
            "broker_hour": dict(sorted(self.broker_hour.items())),
            "not_found": dict(sorted(self.not_found.items())),
        }


def _products(client: Any, query: Query, region: str) -> Iterator[dict[str, Any]]:
    """Every product of the query's service in the region (the API pages with NextToken)."""
    filters = [{"Type": "TERM_MATCH", "Field": "regionCode", "Value": region}] if query.regional else []
    filters += [{"Type": "TERM_MATCH", "Field": name, "Value": value} for name, value in query.narrow]
    request: dict[str, Any] = {"ServiceCode": query.service, "Filters": filters, "FormatVersion": "aws_v1"}
    while True:
        page = client.get_products(**request)
        for text in page.get("PriceList", []):
            yield json.loads(text) if isinstance(text, str) else text
        if not page.get("NextToken"):
            return
        request["NextToken"] = page["NextToken"]


def _matches(product: dict[str, Any], query: Query) -> bool:
    described = {**product.get("product", {}).get("attributes", {})}
    described["productFamily"] = product.get("product", {}).get("productFamily", "")
    return all(re.search(p, str(described.get(name, "")), re.IGNORECASE) for name, p in query.attributes.items())


def _first_tier_price(product: dict[str, Any], unit: str) -> float | None:
    """The on-demand USD price per `unit` of the product's first tier (the range starting at 0)."""
    found: list[float] = []
    for term in product.get("terms", {}).get("OnDemand", {}).values():
        for dimension in term.get("priceDimensions", {}).values():
            if dimension.get("unit", "").lower() != unit.lower() or str(dimension.get("beginRange", "0")) != "0":
                continue
            usd = dimension.get("pricePerUnit", {}).get("USD")
            if usd is not None:
                found.append(float(usd))
    return min(found) if found else None


def price_of(products: list[dict[str, Any]], query: Query) -> tuple[float | None, str]:
    """The query's price among the products, or None and why not."""
    candidates = {p for p in (_first_tier_price(prod, query.unit) for prod in products if _matches(prod, query)) if p}
    if not candidates:
        return None, f"no {query.service} product with {query.attributes} priced per {query.unit}"
    if len(candidates) > 1:
        return None, f"{len(candidates)} different prices match {query.attributes}: {sorted(candidates)}"
    return candidates.pop(), ""


def refresh(region: str, client: Any, today: datetime.date | None = None) -> PriceFile:
    """Read every price the estimate uses for `region` through `client` (a boto3 `pricing` client)."""
    result = PriceFile(region, (today or datetime.date.today()).isoformat())
    by_service: dict[tuple[str, bool, tuple[tuple[str, str], ...]], list[dict[str, Any]]] = {}
    for query in all_queries():
        scope = (query.service, query.regional, query.narrow)
        if scope not in by_service:
            by_service[scope] = list(_products(client, query, region))
        price, reason = price_of(by_service[scope], query)
        if price is None:
            result.not_found[query.key] = reason
        elif query.key.startswith("broker:"):
            result.broker_hour[query.key.removeprefix("broker:")] = price
        else:
            result.prices[query.key] = price
    return result


def data_file(region: str, directory: Path | None = None) -> Path:
    """`<directory>/<region>.json`; by default in tools/price_data."""
    return (directory or DATA_DIR) / f"{region}.json"


def write(price_file: PriceFile, directory: Path | None = None) -> Path:
    path = data_file(price_file.region, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(price_file.as_dict(), indent=2) + "\n")
    return path


def load(region: str, directory: Path | None = None) -> PriceFile | None:
    """The region's price file, if `refresh` wrote one."""
    path = data_file(region, directory)
    if not path.exists():
        return None
    document = json.loads(path.read_text())
    return PriceFile(
        document["region"],
        document["as_of"],
        {k: float(v) for k, v in document.get("prices", {}).items()},
        {k: float(v) for k, v in document.get("broker_hour", {}).items()},
        dict(document.get("not_found", {})),
    )


def main(argv: list[str] | None = None) -> int:
    """`python -m tools.price_list refresh --region REGION [--out DIR]`."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.price_list",
        description="Read the prices the cost estimate uses from AWS's Price List API (pricing:GetProducts; AWS "
        "credentials of any account, from the usual boto3 sources) and write a dated file per region "
        "(tools/price_data/REGION.json). The estimate then prices from that file first, then from this table; each "
        "cost line says which source priced it: `price list YYYY-MM-DD` (that file), `REGION table YYYY-MM-DD` "
        "(tools/prices.py's figure for the region) or `us-east-1 table YYYY-MM-DD` (no figure for the region: "
        "us-east-1's is used).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    refresh = commands.add_parser("refresh", help="read a region's prices and write its data file")
    refresh.add_argument("--region", required=True, help="the stack's region, e.g. eu-west-2")
    refresh.add_argument("--out", type=Path, default=None, help="folder (default tools/price_data)")
    args = parser.parse_args(argv)

    import boto3  # only for a refresh: the estimate never calls AWS

    client = boto3.client("pricing", region_name=API_REGION)
    found = refresh(args.region, client)
    path = write(found, args.out)
    print(f"{path}: {len(found.prices) + len(found.broker_hour)} prices for {args.region} as of {found.as_of}")
    for key, reason in found.not_found.items():
        print(f"  not found, the table's price stays in use: {key}: {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
