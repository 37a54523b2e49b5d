"""Kafka ACLs as stack config: parse, validate, and expand into bindings.

```yaml
streaming-platform:scramUsers:
  - name: analytics
    acls:                                   # a consumer of orders, in its own group
      - resource: {type: topic, name: orders}
        operations: [Read, Describe]
      - resource: {type: group, name: analytics-, patternType: prefix}
        operations: [Read]
streaming-platform:kafkaAcls:               # mutual TLS (or any other) principals
  - principal: "User:CN=billing.example.com"
    acls:
      - resource: {type: topic, name: orders}
        operations: [Write, Describe]
```

Each rule has Strimzi's shape (`KafkaUser.spec.authorization.acls`):
`resource: {type, name, patternType}`, `operations`, `host`. Kafka allows only
some operations per resource type (`AclEntry.supportedOperations`,
org.apache.kafka.security.authorizer.AclEntry in Kafka 3.8; the JVM tier
compares this table with it). A stack that declares any ACL gets the schema
registry's own (`registry_acls`), so that locking the cluster down
(`allow.everyone.if.no.acl.found: false`) keeps the platform working.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from .. import catalog
from ..model import Offered, setting
from ..validation import Problems, check_keys

# Strimzi's operation names -> Kafka's AclOperation names.
OPERATIONS: dict[str, str] = {
    "Read": "READ",
    "Write": "WRITE",
    "Create": "CREATE",
    "Delete": "DELETE",
    "Alter": "ALTER",
    "Describe": "DESCRIBE",
    "ClusterAction": "CLUSTER_ACTION",
    "DescribeConfigs": "DESCRIBE_CONFIGS",
    "AlterConfigs": "ALTER_CONFIGS",
    "IdempotentWrite": "IDEMPOTENT_WRITE",
    "All": "ALL",
}
# Resource type (config) -> Kafka's ResourceType name.
RESOURCE_TYPES: dict[str, str] = {
    "topic": "TOPIC",
    "group": "GROUP",
    "cluster": "CLUSTER",
    "transactionalId": "TRANSACTIONAL_ID",
}
# What Kafka accepts per resource type (AclEntry.supportedOperations, Kafka 3.8;
# ALL is accepted for every type).
SUPPORTED_OPERATIONS: dict[str, tuple[str, ...]] = {
    "topic": ("Read", "Write", "Create", "Describe", "Delete", "Alter", "DescribeConfigs", "AlterConfigs", "All"),
    "group": ("Read", "Describe", "Delete", "All"),
    "cluster": (
        "Create", "ClusterAction", "DescribeConfigs", "AlterConfigs", "IdempotentWrite", "Alter", "Describe", "All",
    ),
    "transactionalId": ("Describe", "Write", "All"),
}  # fmt: skip
PATTERN_TYPES: dict[str, str] = {"literal": "LITERAL", "prefix": "PREFIXED"}
CLUSTER_RESOURCE_NAME = "kafka-cluster"  # Kafka's one cluster resource (ResourcePattern.CLUSTER_NAME)
WILDCARD = "*"
_TOPIC_NAME = re.compile(r"^[a-zA-Z0-9._-]{1,249}$")
_PRINCIPAL = re.compile(r"^User:\S.{0,1023}$")
RULE_KEYS = ("resource", "operations", "host")
RESOURCE_KEYS = ("type", "name", "patternType")


@dataclass(frozen=True, order=True)
class Binding:
    """One Kafka ACL binding (always ALLOW), in Kafka's names."""

    principal: str
    resource_type: str
    """TOPIC, GROUP, CLUSTER or TRANSACTIONAL_ID."""
    name: str
    pattern_type: str
    """LITERAL or PREFIXED."""
    operation: str
    host: str = WILDCARD

    def as_list(self) -> list[str]:
        """The binding as the ACL function reads it."""
        return [self.principal, self.resource_type, self.name, self.pattern_type, self.operation, self.host]

    def describe(self) -> str:
        pattern = "" if self.pattern_type == "LITERAL" else " (prefix)"
        host = "" if self.host == WILDCARD else f" from {self.host}"
        return f"{self.operation} on {self.resource_type} {self.name}{pattern}{host}"


@dataclass(frozen=True)
class AclRule:
    """A Kafka ACL rule (Strimzi's shape): operations allowed on a resource pattern, from a host."""

    OFFERED_AS: ClassVar[str] = "AclRuleInput"
    OFFERED_NESTED: ClassVar[dict[str, tuple[str, str, str]]] = {
        "resource": ("AclResourceInput", "The resource pattern of a Kafka ACL rule.", "What the rule is about.")
    }

    resource_type: str = setting(
        key="resource.type",
        rules="`topic`, `group`, `cluster` or `transactionalId`",
        offered=Offered(name="resource.type"),
    )
    """topic, group, cluster or transactionalId."""
    name: str = setting(
        key="resource.name",
        rules=(
            "the topic, group or transactional id; `*` (literal) for all of them; the cluster's is `kafka-cluster` "
            "(leave it out)"
        ),
        offered=Offered(name="resource.name", required=False),
    )
    pattern_type: str = setting(
        "literal",
        key="resource.patternType",
        rules="`literal` (default) or `prefix`",
        offered=Offered(name="resource.pattern_type"),
    )
    operations: tuple[str, ...] = setting(
        (),
        key="operations",
        rules=(
            "Kafka's operations for that type (AclEntry.supportedOperations): topic `Read, Write, Create, Describe, "
            "Delete, Alter, DescribeConfigs, AlterConfigs`; group `Read, Describe, Delete`; cluster `Create, "
            "ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, Alter, Describe`; transactionalId "
            "`Describe, Write`; `All` for any. A typo gets a did-you-mean, an operation twice for the same resource is "
            "refused."
        ),
        offered=Offered(required=True),
    )
    """Strimzi's names: Read, Write, Describe, ..."""
    host: str = setting(WILDCARD, key="host", rules="`*` (default) or one IP address")


@dataclass(frozen=True)
class PrincipalAcls:
    """The Kafka ACLs of a principal that is not a SCRAM user of the cluster (a mutual TLS client)."""

    OFFERED_AS: ClassVar[str] = "PrincipalAclsInput"

    principal: str = setting(
        key="principal",
        rules=(
            "`User:<name>`, once each; not a SCRAM user of this stack (give its rules in `scramUsers[].acls`) and not "
            "the schema registry's `User:schema-registry` (the program writes its ACLs)"
        ),
    )
    rules: tuple[AclRule, ...] = setting(key="acls", model=AclRule, offered=Offered(name="acls"))
    """Its rules."""

    def bindings(self) -> tuple[Binding, ...]:
        return tuple(
            Binding(
                self.principal,
                RESOURCE_TYPES[rule.resource_type],
                rule.name,
                PATTERN_TYPES[rule.pattern_type],
                OPERATIONS[operation],
                rule.host,
            )
            for rule in self.rules
            for operation in rule.operations
        )


def bindings_of(principals: Sequence[PrincipalAcls]) -> tuple[Binding, ...]:
    """Every binding, sorted (the ACL function's input, stable across runs)."""
    return tuple(sorted({b for p in principals for b in p.bindings()}))


def registry_acls(username: str, group_prefix: str = "schema-registry") -> PrincipalAcls:
    """What Confluent Schema Registry needs on a cluster with ACLs: read, write,
    create and describe its `_schemas` topic (Confluent Platform, "Schema
    Registry Security Plugin": "If you have ACLs enabled for Apache Kafka ... you
    must configure Schema Registry with ACL permissions to read, write, create,
    and describe the _schemas topic"), read its topic's configuration (it checks
    that `_schemas` is compacted), and use its groups: `schema.registry.group.id`
    (default `schema-registry`, leader election) and the store reader's
    `schema-registry-<host>-<port>`, one prefix."""
    return PrincipalAcls(
        f"User:{username}",
        (
            AclRule(
                "topic", catalog.SCHEMAS_TOPIC, "literal", ("Read", "Write", "Create", "Describe", "DescribeConfigs")
            ),
            AclRule("group", group_prefix, "prefix", ("Read", "Describe")),
        ),
    )


# --- parsing ------------------------------------------------------------------------------------------


def _did_you_mean(value: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def parse_rules(key: str, value: Any, problems: Problems) -> tuple[AclRule, ...]:
    """`acls` of one principal: a list of rules."""
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        problems.add(key, value, "must be a list of rules {resource: {type, name, patternType}, operations, host}")
        return ()
    rules: list[AclRule] = []
    seen: dict[tuple[str, str, str, str, str], str] = {}
    for i, item in enumerate(value):
        rule = _parse_rule(f"{key}[{i}]", item, problems)
        if rule is None:
            continue
        for operation in rule.operations:
            identity = (rule.resource_type, rule.name, rule.pattern_type, operation, rule.host)
            if identity in seen:
                problems.add(
                    f"{key}[{i}].operations",
                    operation,
                    f"{operation} on {rule.resource_type} {rule.name} is already granted by {seen[identity]}",
                )
            seen.setdefault(identity, f"{key}[{i}]")
        rules.append(rule)
    return tuple(rules)


def _parse_rule(key: str, item: Any, problems: Problems) -> AclRule | None:
    if not isinstance(item, dict):
        problems.add(key, item, "must be a rule {resource: {type, name, patternType}, operations, host}")
        return None
    check_keys(key, item, RULE_KEYS, problems)
    resource = item.get("resource")
    if not isinstance(resource, dict):
        problems.add(f"{key}.resource", resource, "must be an object {type, name, patternType}")
        return None
    check_keys(f"{key}.resource", resource, RESOURCE_KEYS, problems)
    kind = resource.get("type")
    if kind not in RESOURCE_TYPES:
        hint = _did_you_mean(kind, list(RESOURCE_TYPES)) if isinstance(kind, str) else ""
        problems.add(f"{key}.resource.type", kind, f"allowed: {', '.join(RESOURCE_TYPES)}{hint}")
        return None
    pattern = resource.get("patternType", "literal")
    if pattern not in PATTERN_TYPES:
        problems.add(f"{key}.resource.patternType", pattern, "allowed: literal, prefix")
        pattern = "literal"
    name = _resource_name(f"{key}.resource.name", kind, resource.get("name"), pattern, problems)
    operations = _operations(f"{key}.operations", kind, item.get("operations"), problems)
    host = item.get("host", WILDCARD)
    if host != WILDCARD:
        try:
            ipaddress.ip_address(host)
        except (ValueError, TypeError):
            problems.add(f"{key}.host", host, "must be * (any host) or one IP address (Kafka matches hosts by IP)")
            host = WILDCARD
    return AclRule(kind, name, pattern, operations, str(host))


def _resource_name(key: str, kind: str, name: Any, pattern: str, problems: Problems) -> str:
    if kind == "cluster":
        if name not in (None, CLUSTER_RESOURCE_NAME) or pattern != "literal":
            problems.add(key, name, f"the cluster resource is {CLUSTER_RESOURCE_NAME!r}, literal (leave name out)")
        return CLUSTER_RESOURCE_NAME
    if not isinstance(name, str) or not name:
        problems.add(key, name, f"must name the {kind} (or * for every {kind}, literal)")
        return WILDCARD
    if name == WILDCARD:
        if pattern != "literal":
            problems.add(key, name, "* already matches every name; use patternType literal")
        return name
    if kind == "topic" and not _TOPIC_NAME.match(name):
        problems.add(key, name, "must be a topic name or prefix: 1-249 of a-z, A-Z, 0-9, '.', '_', '-'")
    if len(name) > 255 and kind != "topic":
        problems.add(key, name, "must be at most 255 characters")
    return name


def _operations(key: str, kind: str, value: Any, problems: Problems) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        problems.add(key, value, f"must list operations; for a {kind}: {', '.join(SUPPORTED_OPERATIONS[kind])}")
        return ()
    allowed = SUPPORTED_OPERATIONS[kind]
    accepted: list[str] = []
    for operation in value:
        if operation not in OPERATIONS:
            hint = _did_you_mean(operation, list(OPERATIONS)) if isinstance(operation, str) else ""
            problems.add(key, operation, f"not a Kafka operation; allowed: {', '.join(OPERATIONS)}{hint}")
        elif operation not in allowed:
            problems.add(
                key,
                operation,
                f"Kafka does not apply {operation} to a {kind}; allowed for a {kind}: {', '.join(allowed)}",
            )
        elif operation in accepted:
            problems.add(key, operation, "listed twice")
        else:
            accepted.append(operation)
    return tuple(accepted)


def parse_kafka_acls(value: Any, reserved: Sequence[str], problems: Problems) -> tuple[PrincipalAcls, ...]:
    """`kafkaAcls`: principals that are not this stack's SCRAM users (mutual TLS
    distinguished names, or users managed elsewhere). `reserved`: principals
    whose ACLs the program writes itself."""
    key = "kafkaAcls"
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(key, value, 'must be a list of {principal: "User:...", acls: [...]}')
        return ()
    parsed: list[PrincipalAcls] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        item_key = f"{key}[{i}]"
        if not isinstance(item, dict):
            problems.add(item_key, item, 'must be an object {principal: "User:...", acls: [...]}')
            continue
        check_keys(item_key, item, ("principal", "acls"), problems)
        principal = item.get("principal")
        if not isinstance(principal, str) or not _PRINCIPAL.match(principal):
            problems.add(
                f"{item_key}.principal",
                principal,
                'must be "User:<name>", e.g. "User:CN=client.example.com" for a mutual TLS client (its '
                "certificate's distinguished name)",
            )
            continue
        if principal in reserved:
            problems.add(
                f"{item_key}.principal",
                principal,
                "its ACLs are declared elsewhere: a SCRAM user of this stack in scramUsers[].acls; the schema "
                "registry's are the program's",
            )
            continue
        if principal in seen:
            problems.add(f"{item_key}.principal", principal, "listed twice; give all its rules in one entry")
            continue
        seen.add(principal)
        rules = parse_rules(f"{item_key}.acls", item.get("acls"), problems)
        if item.get("acls") is None:
            problems.add(f"{item_key}.acls", None, "required: the rules of this principal")
        parsed.append(PrincipalAcls(principal, rules))
    return tuple(parsed)


def unknown_topic_warnings(principals: Sequence[tuple[str, PrincipalAcls]], topics: Sequence[str]) -> list[str]:
    """Literal topic rules naming a topic the stack does not manage (it may be
    created elsewhere: a warning, not a refusal). `principals`: (config key, acls)."""
    known = set(topics) | {catalog.SCHEMAS_TOPIC}
    warnings = []
    for key, acls in principals:
        for rule in acls.rules:
            literal_topic = rule.resource_type == "topic" and rule.pattern_type == "literal"
            if literal_topic and rule.name != WILDCARD and rule.name not in known:
                warnings.append(f"{key}: topic {rule.name!r} is not in `topics`: its ACL applies once it exists")
    return warnings
