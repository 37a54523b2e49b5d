"""The ACL function: applies a stack's declared Kafka ACL bindings to its MSK cluster.

It runs in AWS Lambda inside the VPC (MSK has no control-plane API for ACLs),
authenticates to the brokers with IAM (port 9098) and uses Kafka's Admin API
(CreateAcls, DeleteAcls, DescribeAcls). `aws.lambda_.Invocation` with the CRUD
lifecycle invokes it on every `pulumi up` that changes the bindings, passing
the previous input under `tf.prev_input`:

- create: create every declared binding;
- update: create every declared binding (CreateAcls of an existing binding
  is a no-op), delete the bindings of the previous input that are no longer
  declared, and nothing else: bindings this function never declared survive;
- delete: delete the bindings of the last input.

Then it describes the cluster's ACLs and fails unless every declared binding
is there, so a failed apply fails the `up` with the broker's message.

Only the standard library, kafka-python and AWS's MSK IAM signer (bundled
with this file from the pinned versions in requirements.txt), and boto3 (in
the Lambda runtime) are imported, and the last two only on the IAM path.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

Binding = tuple[str, str, str, str, str, str]
"""(principal, resource type, name, pattern type, operation, host), in Kafka's names."""

LOG = logging.getLogger("kafka-acls")
LOG.setLevel(logging.INFO)


class AclAdmin(Protocol):
    """What the function needs of Kafka's Admin API."""

    def create(self, bindings: Sequence[Binding]) -> None: ...

    def delete(self, bindings: Sequence[Binding]) -> None: ...

    def existing(self) -> set[Binding]: ...


class AclApplyError(RuntimeError):
    """The broker refused a change, or a declared binding is missing afterwards."""


def _bindings(values: Iterable[Sequence[str]] | None) -> set[Binding]:
    return {tuple(str(part) for part in value) for value in values or ()}  # type: ignore[misc]


def changes(event: dict[str, Any]) -> tuple[list[Binding], list[Binding]]:
    """(to create, to delete) for one invocation event of the CRUD lifecycle."""
    lifecycle = event.get("tf") or {}
    action = lifecycle.get("action", "create")
    current = _bindings(event.get("bindings"))
    previous = _bindings((lifecycle.get("prev_input") or {}).get("bindings"))
    if action == "delete":
        return [], sorted(current)
    if action == "update":
        return sorted(current), sorted(previous - current)
    return sorted(current), []


# A KRaft controller commits an ACL change and each broker applies it when it
# replays the metadata record: DescribeAcls, answered by a broker, may lag a moment.
SETTLE_SECONDS = 30.0


def reconcile(
    admin: AclAdmin,
    create: Sequence[Binding],
    delete: Sequence[Binding],
    settle_seconds: float = SETTLE_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, int]:
    """Delete what is no longer declared, create what is, then check the result
    (waiting up to `settle_seconds` for the brokers to apply it)."""
    if delete:
        admin.delete(delete)
    if create:
        admin.create(create)
    waited = 0.0
    while True:
        present = admin.existing()
        missing = [b for b in create if b not in present]
        lingering = [b for b in delete if b in present]
        if not missing and not lingering:
            return {"created": len(create), "deleted": len(delete), "present": len(present)}
        if waited >= settle_seconds:
            break
        sleep(1.0)
        waited += 1.0
    if missing:
        raise AclApplyError(f"{len(missing)} declared bindings are not on the cluster after CreateAcls: {missing[:5]}")
    raise AclApplyError(f"{len(lingering)} bindings are still on the cluster after DeleteAcls: {lingering[:5]}")


class KafkaAclAdmin:
    """`AclAdmin` over kafka-python's KafkaAdminClient (any authentication)."""

    def __init__(self, **client_config: Any) -> None:
        from kafka.admin import KafkaAdminClient

        self.client = KafkaAdminClient(**client_config)

    @staticmethod
    def _acl(binding: Binding) -> Any:
        from kafka.admin import ACL, ACLOperation, ACLPermissionType, ResourcePattern, ResourceType
        from kafka.admin import ACLResourcePatternType as Pattern

        principal, kind, name, pattern, operation, host = binding
        return ACL(
            principal=principal,
            host=host,
            operation=ACLOperation[operation],
            permission_type=ACLPermissionType.ALLOW,
            resource_pattern=ResourcePattern(ResourceType[kind], name, Pattern[pattern]),
        )

    def create(self, bindings: Sequence[Binding]) -> None:
        result = self.client.create_acls([self._acl(b) for b in bindings])
        if result.get("failed"):
            raise AclApplyError(f"CreateAcls refused: {[str(e) for e in result['failed']]}")

    def delete(self, bindings: Sequence[Binding]) -> None:
        for _, _, error in self.client.delete_acls([self._acl(b) for b in bindings]):
            if error is not None and getattr(error, "errno", 0) != 0:
                raise AclApplyError(f"DeleteAcls refused: {error}")

    def existing(self) -> set[Binding]:
        from kafka.admin import ACLFilter, ACLOperation, ACLPermissionType, ResourcePatternFilter, ResourceType
        from kafka.admin import ACLResourcePatternType as Pattern

        acls, error = self.client.describe_acls(
            ACLFilter(
                principal=None,
                host=None,
                operation=ACLOperation.ANY,
                permission_type=ACLPermissionType.ANY,
                resource_pattern=ResourcePatternFilter(ResourceType.ANY, None, Pattern.ANY),
            )
        )
        if error is not None and getattr(error, "errno", 0) != 0:
            raise AclApplyError(f"DescribeAcls refused: {error}")
        return {
            (
                acl.principal,
                acl.resource_pattern.resource_type.name,
                acl.resource_pattern.resource_name,
                acl.resource_pattern.pattern_type.name,
                acl.operation.name,
                acl.host,
            )
            for acl in acls
            if acl.permission_type.name == "ALLOW"
        }

    def close(self) -> None:
        self.client.close()


def iam_admin(bootstrap_servers: str, region: str) -> KafkaAclAdmin:
    """An admin client that authenticates with the function's IAM role (SASL/OAUTHBEARER over TLS, port 9098)."""
    from aws_msk_iam_sasl_signer import MSKAuthTokenProvider
    from kafka.net.sasl.oauth import AbstractTokenProvider

    class MskIamToken(AbstractTokenProvider):
        def token(self) -> str:
            token, _ = MSKAuthTokenProvider.generate_auth_token(region)
            return token

    return KafkaAclAdmin(
        bootstrap_servers=bootstrap_servers.split(","),
        security_protocol="SASL_SSL",
        sasl_mechanism="OAUTHBEARER",
        sasl_oauth_token_provider=MskIamToken(),
        client_id="streaming-platform-kafka-acls",
        request_timeout_ms=30_000,
    )


def handler(event: dict[str, Any], context: Any = None) -> dict[str, int]:
    """Lambda entry point (`kafka_acl_function.handler`)."""
    create, delete = changes(event)
    LOG.info(
        "action %s: %d bindings declared, %d to delete", (event.get("tf") or {}).get("action"), len(create), len(delete)
    )
    if not create and not delete:
        return {"created": 0, "deleted": 0, "present": -1}
    admin = iam_admin(event["bootstrapServers"], event.get("region") or os.environ["AWS_REGION"])
    try:
        result = reconcile(admin, create, delete)
    finally:
        admin.close()
    LOG.info("result %s", json.dumps(result))
    return result
