"""Run a Pulumi program under the SDK's mocks, without the CLI, and print what it registered.

    .venv/bin/python examples/run_under_mocks.py examples/msk_cluster/__main__.py

A stand-in for `pulumi preview` on a machine without the CLI or AWS: each
resource gets its inputs back as outputs (plus an `arn`), the few invokes the
components make are answered, and the program's registrations are printed as
JSON `{"resources": [[type, name], ...], "outputs": [...]}`.

In a checkout, `streaming_platform` is this repository's `components/` when the
package is not installed (`make plan` or `make test` made `.venv` with the SDK).
A refused argument is printed as the Pulumi CLI prints a `pulumi.RunError`:
`error: <message>`, no traceback, exit 1.
"""

from __future__ import annotations

import importlib.util
import json
import os
import runpy
import sys
from pathlib import Path

import pulumi
from pulumi.runtime import mocks
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

REGION, ACCOUNT = "eu-west-2", "123456789012"


class Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.registered: list[list[str]] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        self.registered.append([args.typ, args.name])
        service = args.typ.split(":")[1].split("/")[0]
        state = {"arn": f"arn:aws:{service}:{REGION}:{ACCOUNT}:{args.name}", **args.inputs}
        if args.typ == "aws:msk/cluster:Cluster":
            name = args.inputs["clusterName"]
            host = f"b-1.{name}.abc.c2.kafka.{REGION}.amazonaws.com"
            state.update(
                arn=f"arn:aws:kafka:{REGION}:{ACCOUNT}:cluster/{name}/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f-1",
                bootstrapBrokersSaslIam=f"{host}:9098",
                bootstrapBrokersSaslScram=f"{host}:9096",
            )
        if args.typ == "tls:index/privateKey:PrivateKey":
            state.update(privateKeyPemPkcs8="-----BEGIN PRIVATE KEY-----\nX\n-----END PRIVATE KEY-----\n",
                         publicKeyPem="-----BEGIN PUBLIC KEY-----\nY\n-----END PUBLIC KEY-----\n")  # fmt: skip
        return f"{args.name}-id", state

    def call(self, args: pulumi.runtime.MockCallArgs):
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {"accountId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:user/mock", "userId": "MOCK"}
        if args.token == "aws:index/getPartition:getPartition":
            return {"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws"}
        if args.token == "aws:index/getRegion:getRegion":
            return {"region": REGION, "name": REGION, "id": REGION}
        raise NotImplementedError(args.token)


def checkout_package() -> None:
    """Make `streaming_platform` importable from this checkout's components/ when it is not installed."""
    if importlib.util.find_spec("streaming_platform") is not None:
        return
    components = Path(__file__).resolve().parent.parent / "components"
    spec = importlib.util.spec_from_file_location(
        "streaming_platform", components / "__init__.py", submodule_search_locations=[str(components)]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules["streaming_platform"] = package
    spec.loader.exec_module(package)
    print(f"(streaming_platform from {components}: the package is not installed)", file=sys.stderr)


def main(program: str) -> int:
    checkout_package()
    recorder = Mocks()
    monitor = mocks.MockMonitor(recorder)
    pulumi.runtime.set_mocks(recorder, project="example", stack="dev", preview=False, monitor=monitor)
    try:
        _sync_await(run_pulumi_func(lambda: runpy.run_path(program, run_name="__main__")))
    except pulumi.RunError as error:  # as the CLI prints it: the message alone
        print(f"error: {error}", file=sys.stderr)
        return 1
    root = pulumi.runtime.settings.get_root_resource()
    print(json.dumps({"resources": recorder.registered, "outputs": sorted(root.outputs)}))  # type: ignore[union-attr]
    return 0


if __name__ == "__main__":
    status = main(sys.argv[1])
    # Leave without tearing the interpreter down: the SDK's event loop, closed by the garbage
    # collector at exit, sometimes reports an already closed pipe ("Exception ignored in ...").
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
