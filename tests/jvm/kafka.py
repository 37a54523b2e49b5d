"""Real Apache Kafka for the JVM tier: build the pinned jars once, start a
KRaft cluster with exactly the server properties a plan writes, and ask it
(through `jvm/src/.../KafkaJudge.java`) what it makes of our topics and SCRAM users.

Only what a test broker on loopback needs is added to the plan's properties
(node ids, listeners, log directories, the SCRAM listener's login module);
those keys are disjoint from what an MSK configuration may set, and a test
checks that, so no plan value is ever overridden.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
JVM_PROJECT = ROOT / "jvm"
CLASSPATH_FILE = JVM_PROJECT / "target" / "classpath.txt"
CLASSES = JVM_PROJECT / "target" / "classes"
JUDGE = "streamingplatform.jvm.KafkaJudge"
SCRAM_MECHANISM = "SCRAM-SHA-512"
# Small heaps and C1 only: several brokers share two cores and start fast.
JVM_OPTIONS = ("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true")
START_TIMEOUT_SECONDS = 120


def _sources() -> list[Path]:
    return [JVM_PROJECT / "pom.xml", *sorted((JVM_PROJECT / "src").rglob("*.java"))]


def build_classpath() -> str:
    """`mvn package` of jvm/ when the pom or a source changed since the last build
    (Maven resolves the pinned jars into its own cache once); the runtime classpath."""
    built = CLASSPATH_FILE.stat().st_mtime if CLASSPATH_FILE.exists() else 0.0
    if built <= max(p.stat().st_mtime for p in _sources()):
        subprocess.run(
            ["mvn", "-B", "-q", "-f", str(JVM_PROJECT / "pom.xml"), "package"],
            check=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
    return f"{CLASSES}{os.pathsep}{CLASSPATH_FILE.read_text().strip()}"


def _free_ports(count: int) -> list[int]:
    """`count` different loopback ports free now (each probe stays bound until all are chosen,
    so the kernel cannot hand the same port out twice)."""
    with contextlib.ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]


def parse_properties(text: str) -> dict[str, str]:
    """`key=value` lines as Kafka reads them (no continuation lines are written by the program)."""
    properties: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "!")):
            continue
        key, _, value = stripped.partition("=")
        properties[key.strip()] = value.strip()
    return properties


def java(classpath: str, main: str, *args: str, stdin: str | None = None, timeout: float = 120) -> str:
    """Run a Java main class; its stdout. A non-zero exit raises with what it printed."""
    done = subprocess.run(
        ["java", *JVM_OPTIONS, "-cp", classpath, main, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{main} {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class TlsFiles:
    """A self-signed broker certificate for 127.0.0.1 and a truststore holding it (keytool)."""

    keystore: Path
    truststore: Path
    password: str

    @classmethod
    def create(cls, folder: Path) -> TlsFiles:
        password = secrets.token_hex(12)
        keystore, certificate, truststore = folder / "broker.p12", folder / "broker.crt", folder / "trust.p12"

        def keytool(*args: str) -> None:
            common = ("-alias", "broker", "-storetype", "PKCS12", "-storepass", password, "-noprompt")
            subprocess.run(["keytool", *args, *common], check=True, capture_output=True)

        # The SAN keeps the clients' host name verification on.
        keytool("-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-keystore", str(keystore), "-keypass", password)  # fmt: skip
        keytool("-exportcert", "-keystore", str(keystore), "-file", str(certificate))
        keytool("-importcert", "-keystore", str(truststore), "-file", str(certificate))
        return cls(keystore, truststore, password)


@dataclass
class Node:
    node_id: int
    port: int
    sasl_port: int
    controller_port: int
    folder: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        return self.folder / "broker.log"


def loopback_properties(nodes: Sequence[Node], node: Node, tls: TlsFiles) -> dict[str, str]:
    """What a loopback KRaft node needs beyond the plan's properties. None of these
    keys is one an MSK configuration may set (tests/jvm/test_broker.py checks)."""
    voters = ",".join(f"{n.node_id}@127.0.0.1:{n.controller_port}" for n in nodes)
    return {
        "process.roles": "broker,controller",
        "node.id": str(node.node_id),
        "controller.quorum.voters": voters,
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listeners": (
            f"PLAINTEXT://127.0.0.1:{node.port},SASL_SSL://127.0.0.1:{node.sasl_port},"
            f"CONTROLLER://127.0.0.1:{node.controller_port}"
        ),
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{node.port},SASL_SSL://127.0.0.1:{node.sasl_port}",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
        # The SCRAM listener as MSK runs it (port 9096): SASL over TLS, SCRAM-SHA-512.
        "sasl.enabled.mechanisms": SCRAM_MECHANISM,
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config": (
            "org.apache.kafka.common.security.scram.ScramLoginModule required;"
        ),
        "ssl.keystore.type": "PKCS12",
        "ssl.keystore.location": str(tls.keystore),
        "ssl.keystore.password": tls.password,
        "ssl.key.password": tls.password,
        "log.dirs": str(node.folder / "data"),
    }


def new_cluster_id() -> str:
    """A random cluster id as Kafka makes one (Uuid.randomUuid): URL-safe base64 of 16 bytes,
    never starting with "-", which kafka-storage's argument parser would read as an option
    (1 id in 64 did, and failed the format step)."""
    while True:
        cluster_id = base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


@dataclass
class KafkaCluster:
    """A running KRaft cluster of `size` combined broker+controller nodes, each
    started by Kafka's own `kafka.Kafka` main with `server_properties` + the test keys."""

    classpath: str
    server_properties: Mapping[str, str]
    size: int
    folder: Path
    nodes: list[Node] = field(default_factory=list)
    tls: TlsFiles | None = None

    @property
    def bootstrap(self) -> str:
        return ",".join(f"127.0.0.1:{n.port}" for n in self.nodes)

    @property
    def sasl_bootstrap(self) -> str:
        return ",".join(f"127.0.0.1:{n.sasl_port}" for n in self.nodes)

    def start(self) -> KafkaCluster:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.tls = TlsFiles.create(self.folder)
        ports = iter(_free_ports(3 * self.size))
        self.nodes = [
            Node(i, next(ports), next(ports), next(ports), self.folder / f"node-{i}") for i in range(1, self.size + 1)
        ]
        cluster_id = new_cluster_id()
        formats = []
        for node in self.nodes:
            node.folder.mkdir(parents=True, exist_ok=True)
            config = node.folder / "server.properties"
            properties = {**self.server_properties, **loopback_properties(self.nodes, node, self.tls)}
            config.write_text("".join(f"{k}={v}\n" for k, v in properties.items()))
            formats.append(self._java("kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(config)))
        for formatting in formats:
            if formatting.wait(timeout=START_TIMEOUT_SECONDS) != 0:
                raise RuntimeError(f"kafka-storage format failed:\n{formatting.stdout.read().decode()}")  # type: ignore[union-attr]
        for node in self.nodes:
            with node.log.open("wb") as log:
                node.process = subprocess.Popen(
                    [
                        "java",
                        *JVM_OPTIONS,
                        "-cp",
                        self.classpath,
                        "kafka.Kafka",
                        str(node.folder / "server.properties"),
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
        self._wait_until_ready()
        return self

    def _java(self, main: str, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            ["java", *JVM_OPTIONS, "-cp", self.classpath, main, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            exited = [n for n in self.nodes if n.process is not None and n.process.poll() is not None]
            if exited:
                raise BrokerRefused(exited[0].log.read_text(errors="replace"))
            if all("Kafka Server started" in n.log.read_text(errors="replace") for n in self.nodes):
                self.judge("wait", {"brokers": self.size, "timeoutMs": 60_000})
                return
            time.sleep(0.25)
        raise RuntimeError(f"the cluster did not start in {START_TIMEOUT_SECONDS} s:\n{self.nodes[0].log.read_text()}")

    def judge(self, command: str, request: Mapping[str, Any]) -> dict[str, Any]:
        """One KafkaJudge command against this cluster (the bootstrap strings are added)."""
        payload = {"bootstrap": self.bootstrap, "saslBootstrap": self.sasl_bootstrap, **request}
        if self.tls is not None:
            payload["tls"] = {"truststore": str(self.tls.truststore), "password": self.tls.password}
        return json.loads(java(self.classpath, JUDGE, command, stdin=json.dumps(payload)))

    def stop(self) -> None:
        for node in self.nodes:
            if node.process is not None and node.process.poll() is None:
                node.process.terminate()
        for node in self.nodes:
            if node.process is not None:
                try:
                    node.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    node.process.kill()
                    node.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


class BrokerRefused(RuntimeError):
    """A node exited during start: Kafka refused its configuration (the node's log is the message)."""


@contextlib.contextmanager
def kafka_cluster(
    classpath: str, server_properties: Mapping[str, str], size: int, folder: Path
) -> Iterator[KafkaCluster]:
    cluster = KafkaCluster(classpath, server_properties, size, folder)
    try:
        yield _started(cluster)
    finally:
        cluster.stop()


# Starts that may lose a free port to another process between choosing it and the broker binding it.
PORT_RACE_ATTEMPTS = 3


def _started(cluster: KafkaCluster) -> KafkaCluster:
    """The cluster started, again on new ports when a port chosen free was taken before a
    node bound it ("Address already in use"); any other refusal is the configuration's."""
    for attempt in range(1, PORT_RACE_ATTEMPTS + 1):
        try:
            return cluster.start()
        except BrokerRefused as refused:
            if "Address already in use" not in str(refused) or attempt == PORT_RACE_ATTEMPTS:
                raise
            cluster.stop()
    raise AssertionError("unreachable")
