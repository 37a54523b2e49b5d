"""On-demand list prices used by the offline plan's cost estimate (USD).

AS_OF is the date this table was compiled. Sources (the AWS public pricing
pages, on-demand, Linux, no free tier, no savings plans):
  MSK and MSK Connect  https://aws.amazon.com/msk/pricing/
  Fargate              https://aws.amazon.com/fargate/pricing/
  Load balancing       https://aws.amazon.com/elasticloadbalancing/pricing/
  NAT gateway          https://aws.amazon.com/vpc/pricing/
  Public IPv4          https://aws.amazon.com/vpc/pricing/ (since 2024-02-01)
  KMS                  https://aws.amazon.com/kms/pricing/
  Secrets Manager      https://aws.amazon.com/secrets-manager/pricing/
  CloudWatch           https://aws.amazon.com/cloudwatch/pricing/
This machine cannot reach those pages: the figures were transcribed, not
fetched, and AWS changes prices. Cross-check (2026-11-29): AWS's own MSK
sizing script (github.com/aws/agent-toolkit-for-aws, skills/.../
managing-amazon-msk/scripts/msk_sizing.py, commit d6e363b, 2026-06-23, "ALL
PRICING IN THIS FILE IS BASED ON us-east-1") has the same broker-hour price
for every standard and express type below, EBS storage 0.10 and provisioned
throughput 0.08; it prices tiered storage at 0.023 per GB-month where this
table has 0.06 (not resolvable offline; the tiered line says it is assumed).
No source reachable from here gives MSK, MSK Connect or CloudWatch Logs
prices for eu-west-2 (AWS's offer files at pricing.us-east-1.amazonaws.com
are not reachable either), so those lines fall back and the plan says so. Treat the estimate as a budget order of
magnitude and check the pages (or the AWS Pricing Calculator) before buying.

Only us-east-1 is complete. A region listed in REGIONAL overrides the prices
it names; any other price, or any other region, falls back to us-east-1 and
the plan says so in its assumptions.

Read from AWS instead: `python -m tools.price_list refresh --region REGION` (AWS
credentials of any account) writes tools/price_data/REGION.json from the
Price List API (tools/price_list.py); the estimate prices from that file
first, and each cost line names its source.
"""

from __future__ import annotations

AS_OF = "2026-11-22"
BASE_REGION = "us-east-1"
HOURS_PER_MONTH = 730  # the AWS pricing convention

# Per broker-hour, standard brokers (storage billed separately per GB-month).
MSK_BROKER_HOUR = {
    "kafka.t3.small": 0.0456,
    "kafka.m5.large": 0.21,
    "kafka.m5.xlarge": 0.42,
    "kafka.m5.2xlarge": 0.84,
    "kafka.m5.4xlarge": 1.68,
    "kafka.m5.8xlarge": 3.36,
    "kafka.m5.12xlarge": 5.04,
    "kafka.m5.16xlarge": 6.72,
    "kafka.m5.24xlarge": 10.08,
    "kafka.m7g.large": 0.204,
    "kafka.m7g.xlarge": 0.408,
    "kafka.m7g.2xlarge": 0.816,
    "kafka.m7g.4xlarge": 1.632,
    "kafka.m7g.8xlarge": 3.264,
    "kafka.m7g.12xlarge": 4.896,
    "kafka.m7g.16xlarge": 6.528,
    # Express brokers: storage is billed on data retained, plus data written.
    "express.m7g.large": 0.408,
    "express.m7g.xlarge": 0.816,
    "express.m7g.2xlarge": 1.632,
    "express.m7g.4xlarge": 3.264,
    "express.m7g.8xlarge": 6.528,
    "express.m7g.12xlarge": 9.792,
    "express.m7g.16xlarge": 13.056,
}

US_EAST_1: dict[str, float] = {
    "msk_storage_gb_month": 0.10,  # standard brokers: provisioned EBS per GB-month
    "msk_express_storage_gb_month": 0.10,  # express brokers: data retained per GB-month
    "msk_connect_mcu_hour": 0.11,
    "msk_tiered_storage_gb_month": 0.06,  # standard brokers, data in the low-cost tier
    "msk_provisioned_throughput_mibps_month": 0.08,  # provisioned EBS throughput per broker
    "fargate_vcpu_hour": 0.04048,  # Linux/x86
    "fargate_gb_hour": 0.004445,
    "alb_hour": 0.0225,
    "alb_lcu_hour": 0.008,
    "nat_gateway_hour": 0.045,
    "nat_gateway_gb": 0.045,
    "public_ipv4_hour": 0.005,
    "kms_key_month": 1.00,
    "secret_month": 0.40,
    "alarm_metric_month": 0.10,  # standard resolution, per metric in the alarm
    "dashboard_month": 3.00,  # per dashboard (the account's first three are free; not counted)
    "logs_ingest_gb": 0.50,
    "logs_storage_gb_month": 0.03,
}

# Prices that differ in the stacks' region (both stacks use eu-west-2).
# MSK, MSK Connect and CloudWatch Logs are not listed: they fall back to
# us-east-1 (London is typically a few percent dearer) and the plan says so.
REGIONAL: dict[str, dict[str, float]] = {
    "eu-west-2": {
        "fargate_vcpu_hour": 0.04656,
        "fargate_gb_hour": 0.00511,
        "alb_hour": 0.02646,
        "alb_lcu_hour": 0.0084,
        "nat_gateway_hour": 0.05,
        "nat_gateway_gb": 0.05,
        "public_ipv4_hour": 0.005,
        "kms_key_month": 1.00,
        "secret_month": 0.40,
        "alarm_metric_month": 0.10,
    },
}

# Snowflake Connector for Kafka 4.x ingests with Snowpipe Streaming
# high-performance, billed flat per uncompressed GB ingested (Snowflake docs,
# "Snowpipe Streaming High-Performance Architecture: Understanding your
# costs"): 0.0037 credits per GB (Snowflake Service Consumption Table,
# "Serverless Unit Charges", Snowpipe Streaming; read 2026-11-28). What a
# credit costs depends on edition, region and contract: 3.00 USD (on demand,
# Enterprise edition, AWS US regions) is an assumption the plan prints and
# `--snowflake-credit-usd` replaces. 3.x ingestion is billed on serverless
# compute and clients, which config cannot predict: not priced.
SNOWPIPE_STREAMING_CREDITS_PER_GB = 0.0037
SNOWFLAKE_USD_PER_CREDIT = 3.00
