"""The ACL function's apply logic against a real Kafka 3.8.1 broker with the
authorizer on and the plan's lockdown (`allow.everyone.if.no.acl.found=false`):
the bindings the plan hands the function are applied by the same code
(`kafka_acl_function.reconcile` over kafka-python's Admin client), a consumer
with Read on `orders` and its group consumes and cannot produce, loses read
when its rule is removed, and a binding the function never declared survives.
The function authenticates with IAM on MSK; here the same admin client logs in
with SCRAM as a super user (IAM principals are authorized by IAM, not ACLs)."""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from components.msk import acls as kafka_acls
from components.msk.acl_function import KafkaAclAdmin, apply, marker
from tests.conftest import cached_run

from . import plan
from .kafka import KafkaCluster, kafka_cluster

pytestmark = pytest.mark.jvm

INVOCATION = "aws:lambda/invocation:Invocation"
CONSUMER_RULES = [
    {"resource": {"type": "topic", "name": "orders"}, "operations": ["Read", "Describe"]},
    {"resource": {"type": "group", "name": "analytics-", "patternType": "prefix"}, "operations": ["Read"]},
]
LOCKED = {"serverProperties": {"allow.everyone.if.no.acl.found": False}}
WITH_CONSUMER = {**LOCKED, "scramUsers": [{"name": "analytics", "acls": CONSUMER_RULES}]}
WITHOUT_TOPIC_RULE = {**LOCKED, "scramUsers": [{"name": "analytics", "acls": CONSUMER_RULES[1:]}]}
ADMIN = ("acl-admin", "acl-admin-password-0123456789")
# What MSK runs and a loopback test broker must be told: the KRaft authorizer, and
# super users for the brokers' own PLAINTEXT listener and the admin.
AUTHORIZER = {
    "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
    "super.users": f"User:ANONYMOUS;User:{ADMIN[0]}",
    # Two loopback nodes: Kafka's default (3) would keep __consumer_offsets, and so
    # every consumer group, from being created. The plan leaves it to MSK.
    "offsets.topic.replication.factor": "2",
}
FOREIGN = ("User:made-by-hand", "TOPIC", "audit", "LITERAL", "READ", "*")


def invocation_input(overrides: dict[str, Any]) -> dict[str, Any]:
    return json.loads(cached_run("dev", overrides).one(INVOCATION).inputs["input"])


@pytest.fixture(scope="module")
def locked_cluster(classpath: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaCluster]:
    run = cached_run("dev", WITH_CONSUMER)
    properties = plan.server_properties(run)
    assert properties["allow.everyone.if.no.acl.found"] == "false"
    with kafka_cluster(classpath, {**properties, **AUTHORIZER}, 2, tmp_path_factory.mktemp("acls")) as cluster:
        created = cluster.judge("topics", {"topics": [t.request() for t in plan.topics(run)]})
        assert all(v is None for v in created["results"].values()), created
        registry = plan.scram_credentials(run)["schema-registry"]
        users = [
            {"name": ADMIN[0], "password": ADMIN[1]},
            {"name": "analytics", "password": "analytics-password-1"},
            {"name": "schema-registry", "password": registry},
        ]
        answer = cluster.judge("scram", {"mechanism": "SCRAM-SHA-512", "users": users})
        assert set(answer["authenticated"].values()) == {None}, answer
        yield cluster


def admin(cluster: KafkaCluster) -> KafkaAclAdmin:
    assert cluster.tls is not None
    certificate = cluster.folder / "broker.pem"
    certificate.write_text(ssl.DER_cert_to_PEM_cert((cluster.folder / "broker.crt").read_bytes()))
    return KafkaAclAdmin(
        bootstrap_servers=cluster.sasl_bootstrap.split(","),
        security_protocol="SASL_SSL",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_plain_username=ADMIN[0],
        sasl_plain_password=ADMIN[1],
        ssl_cafile=str(certificate),
        request_timeout_ms=30_000,
    )


def access(
    cluster: KafkaCluster,
    until: Callable[[dict[str, Any]], bool],
    who: tuple[str, str, str, str] = ("analytics", "analytics-password-1", "orders", "analytics-1"),
    timeout: float = 30,
    poll_ms: int = 3000,
) -> dict[str, Any]:
    """What Kafka lets a user do on a topic in a group, once `until` holds (ACLs reach every broker in a moment)."""
    user, password, topic, group = who
    deadline = time.monotonic() + timeout
    while True:
        answer = cluster.judge(
            "access", {"user": user, "password": password, "topic": topic, "group": group, "pollMs": poll_ms}
        )
        if until(answer) or time.monotonic() > deadline:
            return answer
        time.sleep(1)


def test_the_function_applies_the_plan_and_kafka_enforces_it(locked_cluster: KafkaCluster) -> None:
    client = admin(locked_cluster)
    try:
        client.create([FOREIGN])  # made outside the function
        declared = invocation_input(WITH_CONSUMER)
        result = apply(client, {**declared, "tf": {"action": "create", "prev_input": None}})
        assert result["created"] == len(declared["bindings"]) + len(declared["principals"])  # and their markers
        present = client.existing()
        # Kafka keeps the markers: an ACL's resource name is not checked against topic names.
        markers = {marker(p) for p in declared["principals"]}
        assert {tuple(b) for b in declared["bindings"]} | markers | {FOREIGN} <= present

        allowed = access(locked_cluster, lambda a: a["consume"] is None)
        assert allowed["consume"] is None, allowed
        assert allowed["produce"] is not None and "TopicAuthorizationException" in allowed["produce"], allowed

        # The user's topic rule is removed: the next `up` invokes with the previous input.
        narrowed = invocation_input(WITHOUT_TOPIC_RULE)
        result = apply(client, {**narrowed, "tf": {"action": "update", "prev_input": declared}})
        assert result["deleted"] == 2  # READ and DESCRIBE on orders
        refused = access(locked_cluster, lambda a: a["consume"] is not None)
        assert refused["consume"] is not None and "TopicAuthorizationException" in refused["consume"], refused
        present = client.existing()
        assert FOREIGN in present, "a binding the function never declared was deleted"
        assert {tuple(b) for b in narrowed["bindings"]} <= present
    finally:
        client.close()


def test_the_registrys_acls_let_it_use_its_store_and_nothing_else(locked_cluster: KafkaCluster) -> None:
    client = admin(locked_cluster)
    try:
        declared = invocation_input(WITH_CONSUMER)
        apply(client, {**declared, "tf": {"action": "create", "prev_input": None}})
    finally:
        client.close()
    password = plan.scram_credentials(cached_run("dev", WITH_CONSUMER))["schema-registry"]
    store = ("schema-registry", password, "_schemas", "schema-registry")
    # The group's first join waits group.initial.rebalance.delay.ms: poll long enough to see the record.
    allowed = access(locked_cluster, lambda a: a.get("records", 0) >= 1, who=store, poll_ms=15_000)
    assert allowed["produce"] is None and allowed["consume"] is None and allowed["records"] >= 1, allowed
    elsewhere = access(
        locked_cluster, lambda a: a["consume"] is not None, who=(*store[:2], "orders", "schema-registry")
    )
    assert "TopicAuthorizationException" in str(elsewhere["consume"]), elsewhere


def test_the_operations_the_plan_allows_per_type_are_kafkas(locked_cluster: KafkaCluster) -> None:
    supported = locked_cluster.judge("acl-operations", {})
    ours = {
        kafka_acls.RESOURCE_TYPES[kind]: sorted(kafka_acls.OPERATIONS[op] for op in ops if op != "All")
        for kind, ops in kafka_acls.SUPPORTED_OPERATIONS.items()
    }
    assert {kind: sorted(ops) for kind, ops in supported.items()} == ours


LEAVER = {"principal": "User:CN=leaver.example.com", "acls": [
    {"resource": {"type": "topic", "name": "orders"}, "operations": ["Read", "Describe"]}]}  # fmt: skip


def test_a_principal_dropped_in_a_failed_run_is_removed_by_the_next_run(locked_cluster: KafkaCluster) -> None:
    """terraform-provider-aws keeps a failed run's input as the next prev_input
    (hashicorp/terraform-provider-aws#43447): the marker on the cluster still names the principal."""
    client = admin(locked_cluster)
    try:
        with_leaver = invocation_input({**WITH_CONSUMER, "kafkaAcls": [LEAVER]})
        apply(client, {**with_leaver, "tf": {"action": "create", "prev_input": None}})
        assert marker(LEAVER["principal"]) in client.existing()
        without = invocation_input(WITH_CONSUMER)  # the run that failed before reaching the function
        forced = invocation_input({**WITH_CONSUMER, "kafkaAclsRevision": 1})
        result = apply(client, {**forced, "tf": {"action": "update", "prev_input": without}})
        assert result["deleted"] == 3  # READ, DESCRIBE and the marker
        assert not [b for b in client.existing() if b[0] == LEAVER["principal"]]
    finally:
        client.close()
