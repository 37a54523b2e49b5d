"""The settings model: defaults, parsing of CLI strings, and every validation rule."""

from __future__ import annotations

from typing import Any

import pytest

from components import catalog
from components.settings import DEFAULTS, KNOWN_KEYS, ConfigError, load_settings, parse_settings

VALID: dict[str, Any] = {
    "kafkaVersion": "3.8.x",
    "brokerInstanceType": "kafka.m7g.large",
    "brokerCount": 3,
    "brokerVolumeGiB": 100,
    "maxBrokerVolumeGiB": 0,
    "retentionHours": 168,
    "network": {"cidr": "10.0.0.0/16", "azCount": 3, "natGateways": "perAz"},
    "topics": [{"name": "orders", "partitions": 6}],
}


def parse(**changes: Any):
    raw = {**VALID, **changes}
    return parse_settings({k: v for k, v in raw.items() if v is not None}, "streaming-platform", "test")


def problems(**changes: Any) -> list[str]:
    with pytest.raises(ConfigError) as error:
        parse(**changes)
    return error.value.problems


def test_cli_strings_are_parsed_like_native_values() -> None:
    settings = parse_settings(
        {
            "brokerCount": "3",
            "protect": "false",
            "retentionHours": "72",
            "network": '{"azCount": 3}',
            "topics": '[{"name": "a", "partitions": "2"}]',
        },
        "p",
        "s",
    )
    assert settings.cluster.broker_count == 3
    assert settings.cluster.protect is False
    assert settings.cluster.retention_hours == 72
    assert settings.network.az_count == 3
    assert settings.cluster.topics[0].partitions == 2


def test_defaults_apply_when_keys_are_absent() -> None:
    settings = parse_settings({}, "p", "s")
    assert settings.cluster.kafka_version == DEFAULTS["kafkaVersion"]
    assert settings.cluster.broker_count == 2
    assert settings.cluster.protect is True, "a new stack is protected unless it opts out"
    assert settings.network.creates_vpc and settings.network.az_count == 2
    assert settings.cluster.topics == ()
    assert settings.cluster.alarm_email is None


def test_default_az_count_follows_a_broker_count_divisible_by_three() -> None:
    settings = parse_settings({"brokerCount": 6}, "p", "s")
    assert settings.network.az_count == 3


def test_topic_replication_factor_defaults_to_one_replica_per_az() -> None:
    assert parse().cluster.topics[0].replication_factor == 3
    two = parse(brokerCount=2, network={"azCount": 2})
    assert two.cluster.topics[0].replication_factor == 2


@pytest.mark.parametrize("brokers", [2, 4, 6, 8])
def test_adding_brokers_never_changes_a_replication_factor(brokers: int) -> None:
    """aws.msk.Topic replaces a topic when its replication factor changes."""
    settings = parse(brokerCount=brokers, network={"azCount": 2})
    assert settings.cluster.default_replication_factor == 2
    assert [t.replication_factor for t in settings.cluster.topics] == [2]


def test_an_explicit_replication_factor_is_kept_as_given() -> None:
    settings = parse(
        brokerCount=4,
        network={"azCount": 2},
        defaultReplicationFactor=3,
        topics=[{"name": "a", "partitions": 1}, {"name": "b", "partitions": 1, "replicationFactor": 4}],
    )
    assert settings.cluster.default_replication_factor == 3
    assert [t.replication_factor for t in settings.cluster.topics] == [3, 4]
    assert settings.cluster.replication_factor_of("b") == 4


def test_express_brokers_replicate_three_times_by_default() -> None:
    settings = parse(brokerInstanceType="express.m7g.large")
    assert settings.cluster.default_replication_factor == 3


def test_kraft_versions_accept_every_other_broker_type() -> None:
    for broker_type in ("kafka.m5.large", "kafka.m7g.large", "express.m7g.large"):
        assert parse(kafkaVersion="3.9.x.kraft", brokerInstanceType=broker_type).cluster.kafka_version == "3.9.x.kraft"
    assert (
        parse(kafkaVersion="3.9.x", brokerInstanceType="kafka.t3.small").cluster.broker_instance_type
        == "kafka.t3.small"
    )


def test_the_smallest_vpc_that_holds_the_layout_is_accepted() -> None:
    assert parse(network={"cidr": "10.0.0.0/23", "azCount": 3}).network.cidr == "10.0.0.0/23"


# --- a refused value is never reported again under a value the user did not give -------------------


@pytest.mark.parametrize(
    ("changes", "given"),
    [
        ({"brokerCount": -1}, "-1"),
        ({"brokerCount": "abc"}, "'abc'"),
        ({"brokerCount": 0, "topics": [{"name": "a", "partitions": 1, "replicationFactor": 2}]}, "0"),
        ({"brokerVolumeGiB": "big", "maxBrokerVolumeGiB": 100}, "'big'"),
    ],
)
def test_a_refused_key_is_reported_once_with_the_value_given(changes: dict[str, Any], given: str) -> None:
    key = next(iter(changes))
    lines = problems(**changes)
    assert [line for line in lines if key in line] == [f"{key} = {given}: {lines[0].split(': ', 1)[1]}"], lines


# --- unknown keys ------------------------------------------------------------------------------


def test_a_typo_of_a_flat_key_is_refused_with_a_suggestion() -> None:
    lines = problems(brokerCunt=6)
    assert lines == ["brokerCunt: unknown config key; did you mean brokerCount?"]


def test_a_nested_key_set_without_path_is_refused_with_the_path_command() -> None:
    lines = problems(**{"snowflake.accountUrl": "x"})
    assert lines == [
        "snowflake.accountUrl: unknown config key; a value inside the `snowflake` object is set with a path: "
        "`pulumi config set --path 'snowflake.accountUrl' <value>` (without --path the CLI stores a new flat key)"
    ]


def test_an_unknown_key_never_shows_its_value() -> None:
    lines = problems(snowflakePrivatKey="-----BEGIN PRIVATE KEY----- secret")
    assert len(lines) == 1 and "secret" not in lines[0] and "did you mean snowflakePrivateKey?" in lines[0]


def test_bring_your_own_vpc() -> None:
    settings = parse(
        network={
            "vpcId": "vpc-0123456789abcdef0",
            "privateSubnetIds": ["subnet-0aaaaaaa", "subnet-0bbbbbbb", "subnet-0ccccccc"],
        }
    )
    assert not settings.network.creates_vpc
    assert settings.network.subnet_count == 3


# (changes, key shown, value shown, words of what is allowed)
RULES = [
    ({"kafkaVersion": "2.8.1"}, "kafkaVersion", "'2.8.1'", "allowed: 3.7.x, 3.8.x"),
    ({"brokerInstanceType": "kafka.r5.large"}, "brokerInstanceType", "'kafka.r5.large'", "kafka.t3.small"),
    ({"brokerCount": "three"}, "brokerCount", "'three'", "whole number"),
    ({"brokerCount": 4}, "brokerCount", "4", "allowed: 3, 6, 9"),
    ({"brokerCount": 4}, "brokerCount", "4",
     "for 4 brokers use 2 AZs (network.azCount: 2), which is a new network and so a new cluster"),
    ({"brokerCount": 5}, "brokerCount", "5", "allowed: 3, 6, 9, ..."),
    ({"topics": [{"name": "orders", "partitons": 3}]}, "topics[0].partitons", "3", "did you mean partitions?"),
    ({"topics": [{"nmae": "orders", "partitions": 3}]}, "topics[0].nmae", "'orders'", "did you mean name?"),
    ({"brokerCount": 0}, "brokerCount", "0", "at least 1"),
    ({"brokerVolumeGiB": 0}, "brokerVolumeGiB", "0", "between 1 and 16384"),
    ({"brokerVolumeGiB": 20000}, "brokerVolumeGiB", "20000", "between 1 and 16384"),
    ({"maxBrokerVolumeGiB": 100}, "maxBrokerVolumeGiB", "100", "above brokerVolumeGiB (100)"),
    ({"maxBrokerVolumeGiB": 16385}, "maxBrokerVolumeGiB", "16385", "at most 16384"),
    ({"retentionHours": 0}, "retentionHours", "0", "above 0"),
    ({"retentionHours": -5}, "retentionHours", "-5", "above 0"),
    ({"protect": "yes"}, "protect", "'yes'", "true or false"),
    ({"alarmEmail": "ops-at-example"}, "alarmEmail", "'ops-at-example'", "email address"),
    ({"enhancedMonitoring": "FULL"}, "enhancedMonitoring", "'FULL'", "PER_TOPIC_PER_BROKER"),
    ({"logRetentionDays": 10}, "logRetentionDays", "10", "allowed: 1, 3, 5, 7, 14"),
    ({"network": "not json"}, "network", "'not json'", "must be an object"),
    ({"network": {"azCount": 4}}, "network.azCount", "4", "allowed: 2 or 3"),
    ({"network": {"cidr": "8.8.0.0/16"}}, "network.cidr", "'8.8.0.0/16'", "private IPv4 CIDR"),
    ({"network": {"cidr": "10.0.0.0/8"}}, "network.cidr", "'10.0.0.0/8'", "/16 to /23"),
    ({"network": {"cidr": "10.0.0.0/24"}}, "network.cidr", "'10.0.0.0/24'", "/16 to /23"),
    ({"network": {"cidr": 167772160}}, "network.cidr", "167772160", "private IPv4 CIDR"),  # not read as 10.0.0.0
    ({"network": {"cidr": True}}, "network.cidr", "true", "private IPv4 CIDR"),
    ({"network": {"cidr": "10.0.0.0/23"}, "snowflake": None, "schemaRegistry": {"desiredCount": 10}},
     "network.cidr", "'10.0.0.0/23'", "(/27, 27 usable addresses) and must hold the registry ALB (8 free)"),
    ({"kafkaVersion": "3.9.x.kraft", "brokerInstanceType": "kafka.t3.small"},
     "brokerInstanceType", "'kafka.t3.small'", "does not offer kafka.t3.small with a KRaft version (3.9.x.kraft)"),
    ({"defaultReplicationFactor": 4}, "defaultReplicationFactor", "4", "at most brokerCount (3)"),
    ({"defaultReplicationFactor": -1}, "defaultReplicationFactor", "-1", "0 (one replica per AZ) or a whole number"),
    ({"defaultReplicationFactor": "two"}, "defaultReplicationFactor", "'two'", "0 (one replica per AZ)"),
    ({"brokerInstanceType": "express.m7g.large", "defaultReplicationFactor": 2},
     "defaultReplicationFactor", "2", "allowed: 3"),
    ({"network": {"natGateways": "none"}}, "network.natGateways", "'none'", "single, perAz"),
    ({"network": {"flowLogs": "maybe"}}, "network.flowLogs", "'maybe'", "must be true or false"),
    ({"network": {"azcount": 3}}, "network.azcount", "3", "unknown key; allowed keys"),
    ({"network": {"vpcId": "vpc-12", "privateSubnetIds": ["subnet-0aaaaaaa", "subnet-0bbbbbbb", "subnet-0ccccccc"]}},
     "network.vpcId", "'vpc-12'", "vpc-0123456789abcdef0"),
    ({"network": {"vpcId": "vpc-0123456789abcdef0", "privateSubnetIds": ["subnet-0aaaaaaa"]}},
     "network.privateSubnetIds", '["subnet-0aaaaaaa"]', "2 or 3 distinct"),
    ({"network": {"vpcId": "vpc-0123456789abcdef0", "privateSubnetIds": ["subnet-0aaaaaaa", "bad", "subnet-0ccccccc"]}},
     "network.privateSubnetIds[1]", "'bad'", "subnet-0123456789abcdef0"),
    ({"network": {"vpcId": "vpc-0123456789abcdef0", "privateSubnetIds": ["subnet-0aaaaaaa", "subnet-0bbbbbbb", "subnet-0ccccccc"], "azCount": 3}},
     "network", '"azCount": 3', "cannot be combined with azCount"),
    ({"clientAccess": {"cidrs": ["0.0.0.0/0"]}}, "clientAccess.cidrs[0]", "'0.0.0.0/0'", "never open to the whole internet"),
    ({"clientAccess": {"cidrs": ["10.1.0.0/33"]}}, "clientAccess.cidrs[0]", "'10.1.0.0/33'", "IPv4 CIDR"),
    ({"clientAccess": {"cidrs": "10.1.0.0/16"}}, "clientAccess.cidrs", "'10.1.0.0/16'", "list of strings"),
    ({"clientAccess": {"securityGroupIds": ["default"]}}, "clientAccess.securityGroupIds[0]", "'default'", "sg-0123abcd"),
    ({"topics": {"name": "x"}}, "topics", '{"name": "x"}', "must be a list"),
    ({"topics": [{"name": "orders", "partitions": 0}]}, "topics[0].partitions", "0", "at least 1"),
    ({"topics": [{"name": "orders", "partitions": 1, "replicationFactor": 4}]},
     "topics[0].replicationFactor", "4", "at most brokerCount (3)"),
    ({"topics": [{"name": "orders", "partitions": 1, "replicationFactor": 0}]},
     "topics[0].replicationFactor", "0", "at least 1"),
    ({"topics": [{"name": "or ders", "partitions": 1}]}, "topics[0].name", "'or ders'", "a-z, A-Z, 0-9"),
    ({"topics": [{"name": "__consumer_offsets", "partitions": 1}]}, "topics[0].name", "'__consumer_offsets'", "reserved"),
    ({"topics": [{"name": "a", "partitions": 1}, {"name": "a", "partitions": 2}]}, "topics[1].name", "'a'", "duplicate"),
    ({"topics": [{"name": "orders.v1", "partitions": 1}, {"name": "orders_v1", "partitions": 1}]}, "topics[1].name", "'orders_v1'", "collides with topic 'orders.v1': Kafka treats '.' and '_'"),
    ({"topics": [{"name": ".schemas", "partitions": 1}]}, "topics[0].name", "'.schemas'", "collides with the schema registry's '_schemas' topic"),
    ({"topics": [{"name": "._consumer_offsets", "partitions": 1}]}, "topics[0].name", "'._consumer_offsets'", "names starting with '__' (with '.' and '_' as one character"),
    ({"topics": [{"name": "a", "partitions": 1, "retentionHours": 0}]}, "topics[0].retentionHours", "0", "above 0"),
    ({"topics": [{"name": "a", "partitions": 1, "cleanupPolicy": "purge"}]}, "topics[0].cleanupPolicy", "'purge'", "compact,delete"),
    ({"topics": [{"name": "a", "partitions": 1, "partition": 3}]}, "topics[0].partition", "3", "unknown key"),
    ({"topics": ["orders"]}, "topics[0]", "'orders'", "must be an object"),
    # express brokers: no EBS settings, three AZs, RF 3
    ({"brokerInstanceType": "express.m7g.large", "maxBrokerVolumeGiB": 1000},
     "maxBrokerVolumeGiB", "1000", "express brokers have MSK-managed storage"),
    ({"brokerInstanceType": "express.m7g.large", "brokerCount": 2, "network": {"azCount": 2},
      "topics": []}, "network", "2", "express brokers need 3 AZs"),
    ({"brokerInstanceType": "express.m7g.large", "topics": [{"name": "a", "partitions": 1, "replicationFactor": 2}]},
     "topics[0].replicationFactor", "2", "allowed: 3"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "key", "shown", "allowed"), RULES, ids=[r[1] + ":" + r[2] for r in RULES])
def test_each_bad_value_is_refused_with_key_value_and_what_is_allowed(
    changes: dict[str, Any], key: str, shown: str, allowed: str
) -> None:
    found = problems(**changes)
    matching = [p for p in found if p.startswith(f"{key} = ")]
    assert matching, f"no problem names {key!r}: {found}"
    assert any(shown in p and allowed in p for p in matching), matching


def test_all_problems_are_reported_together() -> None:
    with pytest.raises(ConfigError) as error:
        parse(kafkaVersion="1.0", brokerCount=4, retentionHours=0, clientAccess={"cidrs": ["0.0.0.0/0"]})
    message = str(error.value)
    assert "4 problems" in message
    assert "nothing was created" in message
    for key in ("kafkaVersion", "brokerCount", "retentionHours", "clientAccess.cidrs[0]"):
        assert f"  - {key} = " in message


def test_valid_express_configuration_is_accepted() -> None:
    settings = parse(brokerInstanceType="express.m7g.large", maxBrokerVolumeGiB=0)
    assert settings.is_express and settings.cluster.max_broker_volume_gib == 0


def test_every_listed_version_and_broker_type_is_accepted() -> None:
    for version in catalog.KAFKA_VERSIONS:
        assert parse(kafkaVersion=version).cluster.kafka_version == version
    for broker in catalog.STANDARD_BROKER_TYPES:
        assert parse(brokerInstanceType=broker).cluster.broker_instance_type == broker


def test_load_settings_reads_known_keys_and_only_names_unknown_ones() -> None:
    config = {"brokerCount": "3", "network": '{"azCount": 3}', "snowflakePrivateKey": None, "typo": "value"}
    read: list[str] = []

    def get(key: str) -> str | None:
        read.append(key)
        return config.get(key)

    present = ["brokerCount", "network", "snowflakePrivateKey", "typo"]
    with pytest.raises(ConfigError) as error:
        load_settings(get, "p", "s", present_keys=present)
    assert error.value.problems == ["typo: unknown config key; known keys: " + ", ".join(KNOWN_KEYS)]
    assert "typo" not in read, "an unknown key's value is never read"
    settings = load_settings(get, "p", "s", get_secret=lambda key: None, present_keys=present[:3])
    assert settings.cluster.broker_count == 3 and settings.snowflake.private_key is None


@pytest.mark.parametrize(("topic", "second"), [({"name": "orders", "partitons": 3}, "topics[0].partitions"),
                                               ({"nmae": "orders", "partitions": 3}, "topics[0].name")])  # fmt: skip
def test_a_misspelled_key_is_one_problem_not_also_a_missing_one(topic: dict, second: str) -> None:
    with pytest.raises(ConfigError) as refused:
        parse(topics=[topic])
    assert len(refused.value.problems) == 1, refused.value.problems
    assert not [p for p in refused.value.problems if p.startswith(second)]


def test_a_count_that_fits_no_az_count_names_none() -> None:
    with pytest.raises(ConfigError) as refused:
        parse(brokerCount=5)
    assert "network.azCount" not in refused.value.problems[0]


# --- aws:region ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "suggested"),
    [("eu-west-22", "eu-west-2"), ("euwest2", "eu-west-2"), ("us-est-1", "us-east-1"), ("london", None)],
)
def test_an_unknown_region_is_refused_with_the_closest_botocore_knows(region: str, suggested: str | None) -> None:
    from tools.mock_runner import ProgramFailed, run_program

    with pytest.raises(ProgramFailed) as refused:
        run_program("dev", {"aws:region": region})
    message = str(refused.value)
    assert f"aws:region = '{region}': not an AWS region (the " in message
    assert refused.value.resources == []
    if suggested:
        assert suggested in message.split("did you mean ", 1)[1].split("?")[0].split(" or ")
    else:
        assert "did you mean" not in message


def test_the_regions_are_botocores_not_a_hand_list() -> None:
    import botocore.session

    from components.aws.regions import known_regions

    session = botocore.session.get_session()
    regions = known_regions()
    assert regions is not None and {"eu-west-2", "us-east-1", "cn-north-1", "us-gov-west-1"} <= set(regions)
    for partition in session.get_available_partitions():
        assert set(session.get_available_regions("kafka", partition_name=partition)) <= set(regions)


def test_every_known_region_is_accepted() -> None:
    from components.aws.regions import check_region, known_regions
    from components.validation import Problems

    problems = Problems()
    for region in known_regions() or ():
        check_region("aws:region", region, problems)
    assert problems.lines == []


@pytest.mark.parametrize("bad", [5, "orders", {"name": "orders"}])
def test_a_refused_topics_key_is_one_problem_not_a_cascade(bad: Any) -> None:
    from tools.mock_runner import ProgramFailed, run_program

    with pytest.raises(ProgramFailed) as refused:
        run_program("prod", {"topics": bad, "clusterPolicy": {"accounts": ["111122223333"],
                    "dataAccess": [{"account": "111122223333", "topics": ["orders"]}]},
                    "vpcConnectivity": {"iam": True}})  # fmt: skip
    problems = str(refused.value).split("\n  - ")[1:]
    assert len(problems) == 1 and problems[0].startswith("topics = "), problems


@pytest.mark.parametrize(("count", "expected"), [(0, "0 brokers"), (1, "1 broker"), (2, "2 brokers")])
def test_counts_read_as_english(count: int, expected: str) -> None:
    from components.validation import plural

    assert plural(count, "broker") == expected
    assert plural(1, "policy", "policies") == "1 policy" and plural(3, "policy", "policies") == "3 policies"
