"""The ACL function's logic (components/kafka_acl_function.py): which bindings each
lifecycle event creates and deletes, and that it never touches a binding it did not
declare. Against a real broker: tests/jvm/test_acls.py."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from components import kafka_acl_function as function
from components.kafka_acl_function import AclApplyError, changes, reconcile

READ = ("User:analytics", "TOPIC", "orders", "LITERAL", "READ", "*")
DESCRIBE = ("User:analytics", "TOPIC", "orders", "LITERAL", "DESCRIBE", "*")
WRITE = ("User:billing", "TOPIC", "invoices", "LITERAL", "WRITE", "*")
FOREIGN = ("User:admin-made", "TOPIC", "audit", "LITERAL", "READ", "*")


class FakeAdmin:
    """A cluster's ACLs in memory, as CreateAcls / DeleteAcls / DescribeAcls treat them."""

    def __init__(self, present: set[tuple[str, ...]], refuse: bool = False) -> None:
        self.present = set(present)
        self.refuse = refuse
        self.calls: list[str] = []

    def create(self, bindings) -> None:
        self.calls.append("create")
        if not self.refuse:
            self.present |= set(bindings)

    def delete(self, bindings) -> None:
        self.calls.append("delete")
        self.present -= set(bindings)

    def existing(self):
        return set(self.present)


def event(action: str, bindings: list, previous: list | None = None) -> dict:
    return {
        "bootstrapServers": "b-1:9098",
        "region": "eu-west-2",
        "bindings": [list(b) for b in bindings],
        "tf": {"action": action, "prev_input": None if previous is None else {"bindings": [list(b) for b in previous]}},
    }


def test_create_declares_every_binding_and_deletes_nothing() -> None:
    assert changes(event("create", [READ, WRITE])) == ([READ, WRITE], [])


def test_update_deletes_only_what_the_previous_input_declared_and_this_one_does_not() -> None:
    create, delete = changes(event("update", [READ], previous=[READ, DESCRIBE]))
    assert create == [READ] and delete == [DESCRIBE]


def test_delete_removes_the_last_declared_bindings() -> None:
    assert changes(event("delete", [READ, WRITE], previous=[READ, WRITE])) == ([], [READ, WRITE])


def test_reconcile_never_touches_a_binding_it_did_not_declare() -> None:
    admin = FakeAdmin({FOREIGN, READ, DESCRIBE})
    result = reconcile(admin, *changes(event("update", [READ, WRITE], previous=[READ, DESCRIBE])))
    assert admin.present == {FOREIGN, READ, WRITE}
    assert result == {"created": 2, "deleted": 1, "present": 3}
    assert admin.calls == ["delete", "create"]


def test_a_binding_the_broker_did_not_keep_fails_the_apply_once_it_had_time_to_settle() -> None:
    slept: list[float] = []
    with pytest.raises(AclApplyError, match="declared bindings are not on the cluster"):
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


def test_nothing_to_do_does_not_connect(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(function, "iam_admin", lambda *a: pytest.fail("connected"))
    assert function.handler(event("update", [], previous=[]))["created"] == 0


def test_the_handler_applies_through_the_iam_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    admin = FakeAdmin({FOREIGN})
    admin.close = lambda: admin.calls.append("close")  # type: ignore[attr-defined]
    seen = {}

    def iam_admin(bootstrap: str, region: str) -> FakeAdmin:
        seen.update(bootstrap=bootstrap, region=region)
        return admin

    monkeypatch.setattr(function, "iam_admin", iam_admin)
    assert function.handler(event("create", [READ]))["created"] == 1
    assert seen == {"bootstrap": "b-1:9098", "region": "eu-west-2"}
    assert admin.present == {FOREIGN, READ} and admin.calls[-1] == "close"


def test_the_module_runs_alone_as_lambda_loads_it(tmp_path: Path) -> None:
    """In the function's archive the module is top-level, without the package around it."""
    copy = tmp_path / "kafka_acl_function.py"
    shutil.copy(function.__file__, copy)
    spec = importlib.util.spec_from_file_location("kafka_acl_function", copy)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.pop("kafka_acl_function", None)
    spec.loader.exec_module(module)
    assert module.changes(event("create", [READ])) == ([READ], [])
