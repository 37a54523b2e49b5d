"""The ACL function's logic (components/msk/acl_function.py): what each lifecycle
event creates and deletes given what the cluster holds; that a failed run loses no
deletion (terraform-provider-aws stores the failed input as the next prev_input,
hashicorp/terraform-provider-aws#43447); that principals the stack never managed are
untouched; and that deleting the invocation of a cluster that is gone succeeds
without connecting. Against a real broker: tests/jvm/test_acls.py."""

from __future__ import annotations

import importlib.util
import shutil
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from components.msk import acl_function as function
from components.msk.acl_function import AclApplyError, apply, changes, cluster_gone, marker, reconcile

READ = ("User:analytics", "TOPIC", "orders", "LITERAL", "READ", "*")
DESCRIBE = ("User:analytics", "TOPIC", "orders", "LITERAL", "DESCRIBE", "*")
WRITE = ("User:billing", "TOPIC", "invoices", "LITERAL", "WRITE", "*")
BILLING_GROUP = ("User:billing", "GROUP", "billing", "LITERAL", "READ", "*")
FOREIGN = ("User:admin-made", "TOPIC", "audit", "LITERAL", "READ", "*")
HAND_MADE = ("User:analytics", "TOPIC", "payments", "LITERAL", "READ", "*")
ARN = "arn:aws:kafka:eu-west-2:123456789012:cluster/events/0f0f0f0f-1111-2222-3333-444444444444-2"


class FakeAdmin:
    """A cluster's ACLs in memory, as CreateAcls / DeleteAcls / DescribeAcls treat them."""

    def __init__(self, present: set[tuple[str, ...]], refuse: bool = False, down: bool = False) -> None:
        self.present = set(present)
        self.refuse = refuse
        self.down = down
        self.calls: list[str] = []

    def create(self, bindings) -> None:
        self.calls.append("create")
        if self.down:
            raise AclApplyError("CreateAcls refused: broker not available")
        if not self.refuse:
            self.present |= set(bindings)

    def delete(self, bindings) -> None:
        self.calls.append("delete")
        if self.down:
            raise AclApplyError("DeleteAcls refused: broker not available")
        self.present -= set(bindings)

    def existing(self):
        return set(self.present)


def payload(bindings: list, principals: list | None = None) -> dict[str, Any]:
    return {
        "clusterArn": ARN,
        "bootstrapServers": "b-1.events.abc.c2.kafka.eu-west-2.amazonaws.com:9098",
        "region": "eu-west-2",
        "principals": sorted({b[0] for b in bindings} if principals is None else principals),
        "bindings": [list(b) for b in bindings],
        "revision": 0,
    }


def event(action: str, bindings: list, previous: dict | None = None, principals: list | None = None) -> dict:
    return {**payload(bindings, principals), "tf": {"action": action, "prev_input": previous}}


def markers(*principals: str) -> set[tuple[str, ...]]:
    return {marker(p) for p in principals}


def test_create_declares_every_binding_and_marks_each_principal() -> None:
    create, delete = changes(event("create", [READ, WRITE]), set())
    assert set(create) == {READ, WRITE} | markers("User:analytics", "User:billing") and delete == []


def test_the_marker_names_a_topic_kafka_can_never_create() -> None:
    name = marker("User:x")[2]
    assert ":" in name  # Kafka's Topic.validate: [a-zA-Z0-9._-] only
    assert marker("User:x") == ("User:x", "TOPIC", name, "LITERAL", "DESCRIBE", "*")


def test_update_deletes_a_binding_no_longer_declared() -> None:
    present = {READ, DESCRIBE} | markers("User:analytics")
    create, delete = changes(event("update", [READ], previous=payload([READ, DESCRIBE])), present)
    assert create == [] and delete == [DESCRIBE]


def test_a_principal_never_managed_is_never_touched() -> None:
    admin = FakeAdmin({FOREIGN, READ, DESCRIBE} | markers("User:analytics"))
    result = apply(admin, event("update", [READ, WRITE], previous=payload([READ, DESCRIBE])))
    assert admin.present == {FOREIGN, READ, WRITE} | markers("User:analytics", "User:billing")
    assert result == {"created": 2, "deleted": 1, "present": 5}
    assert admin.calls == ["delete", "create"]


def test_a_hand_made_binding_of_a_managed_principal_is_removed() -> None:
    admin = FakeAdmin({READ, HAND_MADE} | markers("User:analytics"))
    apply(admin, event("update", [READ], previous=payload([READ])))
    assert HAND_MADE not in admin.present and READ in admin.present


def test_a_failed_update_loses_no_deletion() -> None:
    """Run 2 drops billing and analytics' DESCRIBE, and fails (the broker is down). The
    provider keeps run 2's input, so run 3 gets it as prev_input: it still deletes them."""
    run1 = payload([READ, DESCRIBE, WRITE, BILLING_GROUP])
    admin = FakeAdmin(set())
    apply(admin, {**run1, "tf": {"action": "create", "prev_input": None}})
    run2 = payload([READ])
    admin.down = True
    with pytest.raises(AclApplyError):
        apply(admin, {**run2, "tf": {"action": "update", "prev_input": run1}})
    admin.down = False
    run3 = {**payload([READ]), "revision": 1}  # kafkaAclsRevision raised: the run is forced
    result = apply(admin, {**run3, "tf": {"action": "update", "prev_input": run2}})
    assert admin.present == {READ} | markers("User:analytics")
    assert result["deleted"] == 4  # DESCRIBE, WRITE, BILLING_GROUP and billing's marker


def test_prev_input_of_an_older_function_still_counts() -> None:
    """Inputs written before principals were listed carry bindings only."""
    present = {READ, WRITE}
    previous = {"bootstrapServers": "b-1:9098", "region": "eu-west-2", "bindings": [list(READ), list(WRITE)]}
    _, delete = changes(event("update", [READ], previous=previous), present)
    assert delete == [WRITE]


def test_delete_removes_every_binding_of_the_managed_principals_only() -> None:
    admin = FakeAdmin({READ, WRITE, FOREIGN, HAND_MADE} | markers("User:analytics", "User:billing"))
    apply(admin, event("delete", [READ, WRITE], previous=payload([READ, WRITE])))
    assert admin.present == {FOREIGN}


def test_a_binding_the_broker_did_not_keep_fails_the_apply_once_it_had_time_to_settle() -> None:
    slept: list[float] = []
    with pytest.raises(AclApplyError, match=r"^1 declared binding not on the cluster after CreateAcls"):
        reconcile(FakeAdmin(set(), refuse=True), [READ], [], settle_seconds=3, sleep=slept.append)
    assert slept == [1.0, 1.0, 1.0]


def test_a_binding_that_appears_late_is_waited_for() -> None:
    admin = FakeAdmin(set(), refuse=True)
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        admin.present.add(READ)  # a broker replays the record

    assert reconcile(admin, [READ], [], sleep=sleep)["created"] == 1
    assert slept == [1.0]


# --- a cluster that is gone -------------------------------------------------------------------------


def never(host: str) -> bool:
    raise AssertionError(f"resolved {host}")


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (lambda arn: None, f"MSK has no cluster {ARN}"),
        (lambda arn: "DELETING", f"cluster {ARN} is DELETING"),
        (lambda arn: "ACTIVE", None),
        (lambda arn: "UPDATING", None),
    ],
)
def test_msk_decides_whether_the_cluster_is_gone(state, expected) -> None:
    assert cluster_gone(event("delete", [READ]), state, never) == expected


def unreachable(arn: str) -> str:
    raise TimeoutError("Connect timeout on endpoint URL: https://kafka.eu-west-2.amazonaws.com")


def test_without_a_route_to_msk_the_brokers_dns_names_decide() -> None:
    assert cluster_gone(event("delete", [READ]), unreachable, lambda host: False) == (
        "none of the brokers' names resolves (b-1.events.abc.c2.kafka.eu-west-2.amazonaws.com)"
    )
    assert cluster_gone(event("delete", [READ]), unreachable, lambda host: True) is None


def test_a_name_that_does_not_exist_does_not_resolve_and_a_temporary_failure_proves_nothing(monkeypatch) -> None:
    def no_name(host, port):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def again(host, port):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_name)
    assert function.resolves("b-1.gone.example") is False
    monkeypatch.setattr(socket, "getaddrinfo", again)
    assert function.resolves("b-1.gone.example") is True


def test_deleting_the_invocation_of_a_gone_cluster_succeeds_without_connecting(monkeypatch) -> None:
    monkeypatch.setattr(function, "msk_cluster_state", lambda region: lambda arn: None)
    monkeypatch.setattr(function, "iam_admin", lambda *a: pytest.fail("connected"))
    result = function.handler(event("delete", [READ], previous=payload([READ])))
    assert result["deleted"] == 0 and result["skipped"] == f"MSK has no cluster {ARN}"


def test_deleting_the_invocation_of_a_live_cluster_deletes_its_bindings(monkeypatch) -> None:
    admin = FakeAdmin({READ, FOREIGN} | markers("User:analytics"))
    admin.close = lambda: admin.calls.append("close")  # type: ignore[attr-defined]
    monkeypatch.setattr(function, "msk_cluster_state", lambda region: lambda arn: "ACTIVE")
    monkeypatch.setattr(function, "iam_admin", lambda *a: admin)
    assert function.handler(event("delete", [READ], previous=payload([READ])))["deleted"] == 2
    assert admin.present == {FOREIGN} and admin.calls[-1] == "close"


def test_the_handler_applies_through_the_iam_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    admin = FakeAdmin({FOREIGN})
    admin.close = lambda: admin.calls.append("close")  # type: ignore[attr-defined]
    seen = {}

    def iam_admin(bootstrap: str, region: str) -> FakeAdmin:
        seen.update(bootstrap=bootstrap, region=region)
        return admin

    monkeypatch.setattr(function, "iam_admin", iam_admin)
    monkeypatch.setattr(function, "msk_cluster_state", lambda region: pytest.fail("asked MSK on create"))
    assert function.handler(event("create", [READ]))["created"] == 2  # the binding and its principal's marker
    assert seen == {"bootstrap": "b-1.events.abc.c2.kafka.eu-west-2.amazonaws.com:9098", "region": "eu-west-2"}
    assert admin.present == {FOREIGN, READ} | markers("User:analytics") and admin.calls[-1] == "close"


def test_the_module_runs_alone_as_lambda_loads_it(tmp_path: Path) -> None:
    """In the function's archive the module is top-level, without the package around it."""
    copy = tmp_path / "kafka_acl_function.py"
    shutil.copy(function.__file__, copy)
    spec = importlib.util.spec_from_file_location("kafka_acl_function", copy)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.pop("kafka_acl_function", None)
    spec.loader.exec_module(module)
    assert module.changes(event("create", [READ]), set())[0] == sorted({READ, module.marker("User:analytics")})
