"""The ACL function: reconciles a stack's Kafka ACL bindings on its MSK cluster.

It runs in AWS Lambda inside the VPC (MSK has no control-plane API for ACLs),
authenticates to the brokers with IAM (port 9098) and uses Kafka's Admin API
(DescribeAcls, CreateAcls, DeleteAcls). `aws.lambda_.Invocation` with the
CRUD lifecycle invokes it on every `pulumi up` that changes its input (the
bindings, the principals, the cluster, or the `kafkaAclsRevision` token),
passing the previous input under `tf.prev_input`.

Each run reconciles against what the cluster holds, not against the previous
input alone: terraform-provider-aws keeps the new input in its state even
when an invocation fails (hashicorp/terraform-provider-aws#43447), so after a
failed run `prev_input` no longer names what that run was meant to delete.
The function therefore works on *managed principals*: those of this input,
of the previous input, and every principal that carries the function's
marker binding on the cluster (`MARKER_TOPIC`: DESCRIBE on a literal topic
name Kafka can never create, so it grants nothing). It writes the marker for
every principal it manages, so a principal dropped from the stack in a run
that failed is still found, and cleaned, by the next run.

- create / update: every declared binding (and each current principal's
  marker) is created; every other binding of a managed principal is deleted,
  hand-made ones included; principals the stack never managed are untouched;
- delete: every binding of the managed principals is deleted, unless the
  cluster is gone (deleted, being deleted, or no broker name resolves): then
  its bindings went with it and the run succeeds without connecting.

Then it describes the cluster's ACLs again and fails unless every declared
binding is there and every deleted one gone, so a failed apply fails the
`up` with the broker's message.

Only the standard library, kafka-python and AWS's MSK IAM signer (bundled
with this file from the pinned versions in requirements.txt), and boto3 (in
the Lambda runtime) are imported, and the last two only on the IAM path.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

Binding = tuple[str, str, str, str, str, str]
"""(principal, resource type, name, pattern type, operation, host), in Kafka's names."""

LOG = logging.getLogger("kafka-acls")
LOG.setLevel(logging.INFO)

# The marker of a managed principal. ':' is not a legal character of a Kafka
# topic name (Topic.validate: [a-zA-Z0-9._-]), so no topic ever matches this
# literal pattern; Kafka does not check an ACL's resource name against it.
MARKER_TOPIC = "streaming-platform:managed-principal"
# MSK's cluster states (DescribeClusterV2 ClusterInfo.State) in which the
# brokers, and so their ACLs, are going or gone.
GONE_STATES = ("DELETING",)


def marker(principal: str) -> Binding:
    """The binding that records that the function manages `principal`."""
    return (principal, "TOPIC", MARKER_TOPIC, "LITERAL", "DESCRIBE", "*")


class AclAdmin(Protocol):
    """What the function needs of Kafka's Admin API."""

    def create(self, bindings: Sequence[Binding]) -> None: ...

    def delete(self, bindings: Sequence[Binding]) -> None: ...

    def existing(self) -> set[Binding]: ...


class AclApplyError(RuntimeError):
    """The broker refused a change, or a declared binding is missing afterwards."""


def _bindings(values: Iterable[Sequence[str]] | None) -> set[Binding]:
    return {tuple(str(part) for part in value) for value in values or ()}  # type: ignore[misc]


def _principals(payload: dict[str, Any] | None) -> set[str]:
    """The principals an input manages: those it lists, and those of its bindings."""
    payload = payload or {}
    return {str(p) for p in payload.get("principals") or ()} | {b[0] for b in _bindings(payload.get("bindings"))}


def action_of(event: dict[str, Any]) -> str:
    return str((event.get("tf") or {}).get("action", "create"))


def managed_principals(event: dict[str, Any], present: Iterable[Binding]) -> set[str]:
    """This input's principals, the previous input's, and every marked one on the cluster."""
    previous = (event.get("tf") or {}).get("prev_input")
    marked = {b[0] for b in present if b[1:] == marker(b[0])[1:]}
    return _principals(event) | _principals(previous) | marked


def changes(event: dict[str, Any], present: set[Binding]) -> tuple[list[Binding], list[Binding]]:
    """(to create, to delete) for one invocation event, given the cluster's bindings."""
    if action_of(event) == "delete":
        wanted: set[Binding] = set()
    else:
        wanted = _bindings(event.get("bindings")) | {marker(p) for p in _principals(event)}
    managed = managed_principals(event, present)
    stale = {b for b in present if b[0] in managed} - wanted
    return sorted(wanted - present), sorted(stale)


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
    """Delete `delete`, create `create`, then check the result (waiting up to
    `settle_seconds` for the brokers to apply it)."""
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
        count = f"{len(missing)} declared binding{'' if len(missing) == 1 else 's'}"
        raise AclApplyError(f"{count} not on the cluster after CreateAcls: {missing[:5]}")
    count = f"{len(lingering)} binding{'' if len(lingering) == 1 else 's'}"
    raise AclApplyError(f"{count} still on the cluster after DeleteAcls: {lingering[:5]}")


def apply(
    admin: AclAdmin,
    event: dict[str, Any],
    settle_seconds: float = SETTLE_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, int]:
    """Reconcile the cluster's bindings of the managed principals with `event`."""
    create, delete = changes(event, admin.existing())
    return reconcile(admin, create, delete, settle_seconds, sleep)


def resolves(host: str) -> bool:
    """Whether DNS knows `host` (a temporary failure counts as known: it proves nothing)."""
    try:
        socket.getaddrinfo(host, None)
    except socket.gaierror as error:
        return error.errno not in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME))
    return True


def msk_cluster_state(region: str) -> Callable[[str], str | None]:
    """DescribeClusterV2's state of a cluster ARN (None: MSK has no such cluster)."""
    import boto3
    from botocore.config import Config

    # A short wait: in subnets without a route to the MSK API the call times out, and DNS decides.
    client = boto3.client(
        "kafka", region_name=region, config=Config(connect_timeout=5, read_timeout=10, retries={"max_attempts": 2})
    )

    def state(arn: str) -> str | None:
        try:
            return str(client.describe_cluster_v2(ClusterArn=arn)["ClusterInfo"]["State"])
        except client.exceptions.NotFoundException:
            return None

    return state


def cluster_gone(
    event: dict[str, Any], state: Callable[[str], str | None], known: Callable[[str], bool] = resolves
) -> str | None:
    """Why the event's cluster no longer holds any ACL (deleted, being deleted, no
    broker name resolves), or None when it may still be there."""
    arn = event.get("clusterArn")
    if arn:
        try:
            found = state(arn)
        except Exception as error:  # no route to the MSK API from these subnets, throttling, ...
            LOG.info("DescribeClusterV2 of %s failed (%s); the brokers' DNS names decide", arn, error)
        else:
            if found is None:
                return f"MSK has no cluster {arn}"
            return f"cluster {arn} is {found}" if found in GONE_STATES else None
    hosts = [server.rsplit(":", 1)[0] for server in str(event.get("bootstrapServers") or "").split(",") if server]
    if not any(known(host) for host in hosts):
        return f"none of the brokers' names resolves ({', '.join(hosts) or 'no bootstrap servers'})"
    return None


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


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Lambda entry point (`kafka_acl_function.handler`)."""
    action = action_of(event)
    region = event.get("region") or os.environ["AWS_REGION"]
    LOG.info(
        "action %s: %d bindings of %d principals declared (revision %s)",
        action,
        len(event.get("bindings") or ()),
        len(_principals(event)),
        event.get("revision", 0),
    )
    if action == "delete":
        gone = cluster_gone(event, msk_cluster_state(region))
        if gone:
            LOG.info("nothing to delete: %s; its ACLs went with it", gone)
            return {"created": 0, "deleted": 0, "present": 0, "skipped": gone}
    admin = iam_admin(event["bootstrapServers"], region)
    try:
        result = apply(admin, event)
    finally:
        admin.close()
    LOG.info("result %s", json.dumps(result))
    return result
