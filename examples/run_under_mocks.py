"""Run a Pulumi program under the SDK's mocks, without the CLI, and print what it registered.

    python examples/run_under_mocks.py examples/msk_cluster/__main__.py

A stand-in for `pulumi preview` on a machine without the CLI or AWS: each
resource gets its inputs back as outputs (plus an `arn`), the few invokes the
components make are answered, and the program's registrations are printed as
JSON `{"resources": [[type, name], ...], "outputs": [...]}`.
"""

from __future__ import annotations

import json
import runpy
import sys

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


def main(program: str) -> None:
    recorder = Mocks()
    monitor = mocks.MockMonitor(recorder)
    pulumi.runtime.set_mocks(recorder, project="example", stack="dev", preview=False, monitor=monitor)
    _sync_await(run_pulumi_func(lambda: runpy.run_path(program, run_name="__main__")))
    root = pulumi.runtime.settings.get_root_resource()
    print(json.dumps({"resources": recorder.registered, "outputs": sorted(root.outputs)}))  # type: ignore[union-attr]


if __name__ == "__main__":
    main(sys.argv[1])
