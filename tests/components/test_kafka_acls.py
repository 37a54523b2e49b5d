"""Kafka ACLs in stack config (`scramUsers[].acls`, `kafkaAcls`): every rule
refused with its key, value and what Kafka allows; declared rules expand into
the bindings the ACL function applies; the schema registry's own; lockdown."""

from __future__ import annotations

from typing import Any

import pytest

from components.msk import acls as ka
from components.msk.model import MskClusterArgs
from components.msk.options import ClusterShape, parse_cluster_options
from components.settings import ConfigError, parse_settings
from components.validation import Problems

SHAPE = ClusterShape("3.8.x", "kafka.m7g.large", 100, express=False)
READ_ORDERS = {"resource": {"type": "topic", "name": "orders"}, "operations": ["Read", "Describe"]}
HOST = "10.0.0.5"
LOCKED = {"serverProperties": {"allow.everyone.if.no.acl.found": False}}


def options(raw: dict[str, Any]) -> tuple[MskClusterArgs, list[str]]:
    """The cluster's arguments the options in `raw` set, and the problems found."""
    problems = Problems()
    fields = parse_cluster_options(raw, SHAPE, problems)
    return MskClusterArgs(vpc_id="vpc-0123456789abcdef0", subnet_ids=(), **fields), problems.lines


def user(*acls: Any, name: str = "analytics") -> dict[str, Any]:
    return {"scramUsers": [{"name": name, "acls": list(acls)}]}


def principal(*acls: Any, who: str = "User:CN=billing.example.com") -> dict[str, Any]:
    return {"kafkaAcls": [{"principal": who, "acls": list(acls)}]}


RULES = [
    (user("orders"), "scramUsers[0].acls[0]", "'orders'", "must be a rule {resource"),
    (user(), "scramUsers[0].acls", "[]", "must be a list of rules"),
    (user({"operations": ["Read"]}), "scramUsers[0].acls[0].resource", "null", "must be an object {type, name"),
    (user({"resource": {"type": "grup", "name": "g"}, "operations": ["Read"]}), "scramUsers[0].acls[0].resource.type",
     "'grup'", "allowed: topic, group, cluster, transactionalId; did you mean group?"),
    (user({"resource": {"type": "topic", "name": "orders", "patternType": "prefixed"}, "operations": ["Read"]}),
     "scramUsers[0].acls[0].resource.patternType", "'prefixed'", "allowed: literal, prefix"),
    (user({"resource": {"type": "topic", "name": "orders"}, "operations": ["Reed"]}),
     "scramUsers[0].acls[0].operations", "'Reed'", "not a Kafka operation; allowed: Read, Write"),
    (user({"resource": {"type": "topic", "name": "orders"}, "operations": ["Reed"]}),
     "scramUsers[0].acls[0].operations", "'Reed'", "did you mean Read?"),
    (user({"resource": {"type": "group", "name": "g"}, "operations": ["Write"]}), "scramUsers[0].acls[0].operations",
     "'Write'", "Kafka does not apply Write to a group; allowed for a group: Read, Describe, Delete, All"),
    (user({"resource": {"type": "transactionalId", "name": "t"}, "operations": ["Read"]}),
     "scramUsers[0].acls[0].operations", "'Read'", "allowed for a transactionalId: Describe, Write, All"),
    (user({"resource": {"type": "cluster"}, "operations": ["Read"]}), "scramUsers[0].acls[0].operations", "'Read'",
     "allowed for a cluster: Create, ClusterAction"),
    (user({"resource": {"type": "cluster", "name": "prod"}, "operations": ["Describe"]}),
     "scramUsers[0].acls[0].resource.name", "'prod'", "the cluster resource is 'kafka-cluster'"),
    (user({"resource": {"type": "topic"}, "operations": ["Read"]}), "scramUsers[0].acls[0].resource.name", "null",
     "must name the topic (or * for every topic, literal)"),
    (user({"resource": {"type": "topic", "name": "*", "patternType": "prefix"}, "operations": ["Read"]}),
     "scramUsers[0].acls[0].resource.name", "'*'", "* already matches every name"),
    (user({"resource": {"type": "topic", "name": "bad name"}, "operations": ["Read"]}),
     "scramUsers[0].acls[0].resource.name", "'bad name'", "must be a topic name or prefix"),
    (user({"resource": {"type": "topic", "name": "orders"}, "operations": []}), "scramUsers[0].acls[0].operations",
     "[]", "must list operations; for a topic: Read, Write"),
    (user({"resource": {"type": "topic", "name": "orders"}, "operations": ["Read", "Read"]}),
     "scramUsers[0].acls[0].operations", "'Read'", "listed twice"),
    (user(READ_ORDERS, READ_ORDERS), "scramUsers[0].acls[1].operations", "'Read'",
     "Read on topic orders is already granted by scramUsers[0].acls[0]"),
    (user({**READ_ORDERS, "host": "anywhere"}), "scramUsers[0].acls[0].host", "'anywhere'", "one IP address"),
    (user({**READ_ORDERS, "permission": "deny"}), "scramUsers[0].acls[0].permission", "'deny'", "unknown key"),
    (user({"resource": {"type": "topic", "name": "orders", "nmae": "x"}, "operations": ["Read"]}),
     "scramUsers[0].acls[0].resource.nmae", "'x'", "did you mean name?"),
    ({"kafkaAcls": {"principal": "User:x"}}, "kafkaAcls", '{"principal": "User:x"}', "must be a list"),
    (principal(READ_ORDERS, who="CN=billing"), "kafkaAcls[0].principal", "'CN=billing'", 'must be "User:<name>"'),
    (principal(READ_ORDERS, who="User:schema-registry"), "kafkaAcls[0].principal", "'User:schema-registry'",
     "the schema registry's are the program's"),
    ({**user(READ_ORDERS), **principal(READ_ORDERS, who="User:analytics")}, "kafkaAcls[0].principal",
     "'User:analytics'", "a SCRAM user of this stack in scramUsers[].acls"),
    ({"kafkaAcls": [{"principal": "User:a", "acls": [READ_ORDERS]}, {"principal": "User:a", "acls": [READ_ORDERS]}]},
     "kafkaAcls[1].principal", "'User:a'", "listed twice"),
    ({"kafkaAcls": [{"principal": "User:a"}]}, "kafkaAcls[0].acls", "null", "required"),
    ({"kafkaAcls": [{"principal": "User:a", "acls": [READ_ORDERS], "role": "x"}]}, "kafkaAcls[0].role", "'x'",
     "unknown key"),
    (LOCKED, "serverProperties.allow.everyone.if.no.acl.found", "false", "declare them first"),
    ({**user(READ_ORDERS), "vpcConnectivity": {"scram": True}}, "vpcConnectivity.scram", "true",
     "set serverProperties.allow.everyone.if.no.acl.found: false"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "key", "shown", "rule"), RULES, ids=[f"{r[1]}:{r[2]}:{r[3][:20]}" for r in RULES])
def test_each_bad_acl_is_refused_with_key_value_and_what_kafka_allows(raw, key: str, shown: str, rule: str) -> None:
    _, problems = options(raw)
    lines = [line for line in problems if line.startswith(f"{key} = ")]
    assert lines, f"no problem names {key!r}: {problems}"
    assert any(shown in line and rule in line for line in lines), lines


def test_declared_rules_expand_into_one_allow_binding_per_operation() -> None:
    parsed, problems = options(
        {
            **user(
                READ_ORDERS,
                {"resource": {"type": "group", "name": "analytics-", "patternType": "prefix"}, "operations": ["Read"]},
            ),
            **principal({"resource": {"type": "cluster"}, "operations": ["IdempotentWrite"], "host": HOST}),
        }
    )
    assert problems == []
    assert parsed.declared_acls
    assert ka.bindings_of(parsed.declared_acls) == (
        ka.Binding(
            "User:CN=billing.example.com", "CLUSTER", "kafka-cluster", "LITERAL", "IDEMPOTENT_WRITE", "10.0.0.5"
        ),
        ka.Binding("User:analytics", "GROUP", "analytics-", "PREFIXED", "READ"),
        ka.Binding("User:analytics", "TOPIC", "orders", "LITERAL", "DESCRIBE"),
        ka.Binding("User:analytics", "TOPIC", "orders", "LITERAL", "READ"),
    )


def test_no_acls_means_no_acl_management() -> None:
    parsed, problems = options({"scramUsers": [{"name": "analytics"}]})
    assert problems == [] and parsed.declared_acls == ()


def test_lockdown_and_multi_vpc_scram_are_accepted_once_acls_are_declared() -> None:
    _, problems = options({**user(READ_ORDERS), **LOCKED, "vpcConnectivity": {"scram": True}})
    assert problems == []


def test_the_registry_gets_what_schema_registry_needs() -> None:
    registry = ka.registry_acls("schema-registry")
    assert registry.principal == "User:schema-registry"
    assert {(b.resource_type, b.name, b.pattern_type, b.operation) for b in registry.bindings()} == {
        ("TOPIC", "_schemas", "LITERAL", op) for op in ("READ", "WRITE", "CREATE", "DESCRIBE", "DESCRIBE_CONFIGS")
    } | {("GROUP", "schema-registry", "PREFIXED", op) for op in ("READ", "DESCRIBE")}


def test_a_literal_topic_outside_topics_is_a_warning_not_a_refusal() -> None:
    settings = parse_settings(
        {
            "network": {"vpcId": "vpc-00000000", "privateSubnetIds": ["subnet-00000000", "subnet-00000001"]},
            "topics": [{"name": "orders", "partitions": 3}],
            **user(READ_ORDERS, {"resource": {"type": "topic", "name": "payments"}, "operations": ["Read"]}),
        },
        "streaming-platform",
        "dev",
    )
    assert [w for w in settings.warnings if "payments" in w] == [
        "scramUsers[0].acls: topic 'payments' is not in `topics`: its ACL applies once it exists"
    ]


def test_the_stack_reports_acl_problems_with_the_rest(config_error) -> None:
    message = config_error("dev", user({"resource": {"type": "group", "name": "g"}, "operations": ["Write"]}))
    assert "scramUsers[0].acls[0].operations = 'Write': Kafka does not apply Write to a group" in message


def test_every_operation_kafka_supports_is_named() -> None:
    assert set(ka.OPERATIONS) == {op for ops in ka.SUPPORTED_OPERATIONS.values() for op in ops}
    with pytest.raises(ConfigError):
        parse_settings({**LOCKED}, "p", "s")
