"""A real Kafka Connect worker with the Snowflake connector as MSK Connect loads it.

The worker is Apache Kafka Connect at the release of the plan's `kafkaconnectVersion`
(jvm/connect/pom.xml), in distributed mode as MSK Connect runs it, against a one-node
Kafka 3.8.1 cluster (the JVM tier's). Its `plugin.path` holds one plugin built from the
parts the program's custom plugin ZIP lists (`snowflake_plugin.plugin_parts`): the
connector jar built from its tagged source by the connector kit, the BouncyCastle FIPS
jars Maven Central serves. AWS's config providers (a GitHub release, out of reach) are
the one part stood in for: the worker's `secretsmanager` provider is Kafka's
FileConfigProvider reading, relative to the worker's directory, a file per secret name
with the secret's fields, so each `${secretsmanager:<name>:<field>}` resolves to the
value the plan stores in that secret.

Snowflake is out of reach: the connector's validate() ends with a live login. The
worker resolves the account's host (and only it) to 127.0.0.1 through its own hosts
file, where a TLS listener with an untrusted certificate answers, so the login fails
at once ("Cannot connect to Snowflake") instead of retrying DNS past Connect's 90 s
REST timeout. A configuration whose only errors are those of the login passed every
check the connector makes before it (its validate() returns before the login when a
single-field check fails).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from components.snowflake.connector import CONFIG_PROVIDER, CONFIG_PROVIDER_CLASS
from components.snowflake.model import PluginSource
from components.snowflake.plugin import plugin_parts
from tests.jvm.kafka import JVM_PROJECT, _free_ports, parse_properties

KIT_HOME = Path(os.environ.get("CONNECTOR_KIT_HOME") or Path.home() / ".cache" / "connector-kit")
WORKER_PROJECT = JVM_PROJECT / "connect"
FIPS_JARS = JVM_PROJECT / "target" / "bouncy-castle-fips"
FILE_CONFIG_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider"
CONFIG_PROVIDERS_PART = "msk-config-providers"
SNOWFLAKE_PORT = 443
START_TIMEOUT_SECONDS = 300
# Connect answers a REST call within 90 s or with 500 "Request timed out".
REQUEST_TIMEOUT_SECONDS = 120
JVM_OPTIONS = ("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true")
CLASS_LOADING_PROBLEMS = re.compile(
    r"NoClassDefFoundError|UnsatisfiedLinkError|ClassNotFoundException|ExceptionInInitializerError|LinkageError"
)
LOG_ENTRY = re.compile(r"^\[\d{4}-\d\d-\d\d [\d:,]+\] [A-Z]+ ")
SCAN_LOGGER = "(org.reflections.Reflections)"
SCAN_MISS = re.compile(r"could not get type for name (\S+) from any class loader")
CONVERTER_PREFIXES = ("key.converter", "value.converter", "header.converter")


def connector_jar(version: str) -> Path:
    return KIT_HOME / "out" / f"snowflake-kafka-connector-{version}.jar"


def missing_jars(versions: tuple[str, ...]) -> list[Path]:
    return [connector_jar(v) for v in versions if not connector_jar(v).is_file()]


def worker_classpath(runtime: str) -> str:
    """The Connect worker's classpath at `runtime` (Maven resolves it once; rebuilt when the pom changes)."""
    listed = WORKER_PROJECT / "target" / f"classpath-{runtime}.txt"
    pom = WORKER_PROJECT / "pom.xml"
    if not listed.exists() or listed.stat().st_mtime <= pom.stat().st_mtime:
        subprocess.run(
            ["mvn", "-B", "-q", "-f", str(pom), f"-Dconnect.version={runtime}", "dependency:build-classpath",
             f"-Dmdep.outputFile={listed}", "-Dmdep.includeScope=runtime"],
            check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
    return listed.read_text().strip()


def plugin_files(connector_version: str) -> dict[str, Path]:
    """The plugin's files: each part the program's ZIP lists, from where this machine has it.
    Refuses a part the tier has no copy of or stand-in for."""
    files: dict[str, Path] = {}
    for entry in plugin_parts(PluginSource(), connector_version):
        if entry == CONFIG_PROVIDERS_PART:
            continue  # stood in for by the worker's FileConfigProvider
        if entry == connector_jar(connector_version).name:
            files[entry] = connector_jar(connector_version)
        elif (FIPS_JARS / entry).is_file():
            files[entry] = FIPS_JARS / entry
        else:
            raise AssertionError(f"the plugin ZIP lists {entry}, which the connector tier has no copy of")
    return files


def effective_configuration(name: str, configuration: Mapping[str, str], worker_properties: str) -> dict[str, str]:
    """What the connector runs with on MSK Connect: its configuration, `name` (MSK Connect
    passes the connector's name), and the worker's converters where it names none (Kafka
    Connect takes a converter and its `<prefix>.*` settings from the connector when it sets
    the converter class, else from the worker)."""
    worker = parse_properties(worker_properties)
    effective = {"name": name, **configuration}
    for prefix in CONVERTER_PREFIXES:
        if prefix in configuration or prefix not in worker:
            continue
        effective.update({k: v for k, v in worker.items() if k == prefix or k.startswith(prefix + ".")})
    return effective


def properties_text(values: Mapping[str, str]) -> str:
    """`key=value` lines that java.util.Properties reads back to exactly these strings."""

    def escape(text: str, key: bool = False) -> str:
        text = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        if key:
            text = re.sub(r"([=: #!])", r"\\\1", text)
        elif text.startswith((" ", "#", "!")):
            text = "\\" + text
        return text

    return "".join(f"{escape(k, key=True)}={escape(v)}\n" for k, v in values.items())


@dataclass
class SnowflakeStandIn:
    """A TLS listener on 127.0.0.1:443 with a self-signed certificate: the account's host
    resolves here inside the worker, and the connector's login fails at once."""

    folder: Path
    server: socket.socket | None = None
    handshakes: int = 0

    def start(self) -> SnowflakeStandIn:
        key, certificate = self.folder / "stand-in.key", self.folder / "stand-in.crt"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(certificate),
             "-days", "2", "-subj", "/CN=snowflake-stand-in"],
            check=True, capture_output=True,
        )  # fmt: skip
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate, key)
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            server.bind(("127.0.0.1", SNOWFLAKE_PORT))
        except PermissionError as error:
            server.close()
            raise RuntimeError(
                f"the connector tier answers for Snowflake on 127.0.0.1:{SNOWFLAKE_PORT} (the port the plans' "
                "snowflake.url.name names) and may not bind it: run as root or with CAP_NET_BIND_SERVICE"
            ) from error
        server.listen(16)
        self.server = server
        threading.Thread(target=self._serve, args=(server, context), daemon=True).start()
        return self

    def _serve(self, server: socket.socket, context: ssl.SSLContext) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._answer, args=(client, context), daemon=True).start()

    def _answer(self, client: socket.socket, context: ssl.SSLContext) -> None:
        self.handshakes += 1
        with contextlib.suppress(OSError), client:
            client.settimeout(10)
            with context.wrap_socket(client, server_side=True) as tls:
                tls.recv(65536)

    def stop(self) -> None:
        if self.server is not None:
            self.server.close()


@dataclass
class Validation:
    """The worker's answer to PUT /connector-plugins/<class>/config/validate."""

    status: int
    body: dict[str, Any]

    @property
    def errors(self) -> dict[str, list[str]]:
        return {c["value"]["name"]: c["value"]["errors"] for c in self.body.get("configs", []) if c["value"]["errors"]}

    @property
    def defined(self) -> set[str]:
        """The keys the connector and Connect define (each has a definition in the answer)."""
        return {c["definition"]["name"] for c in self.body.get("configs", []) if c.get("definition")}


@dataclass
class ConnectWorker:
    """One distributed-mode worker with one Snowflake plugin, started by Connect's own main."""

    folder: Path
    runtime: str
    connector_version: str
    worker_properties: str
    """The plan's worker configuration (its config provider is stood in for)."""
    bootstrap: str
    snowflake_hosts: set[str]
    secrets: dict[str, dict[str, str]]
    leave_out: tuple[str, ...] = ()
    """Plugin parts left out (to show what one is for)."""
    rest_port: int = 0
    process: subprocess.Popen[bytes] | None = None
    plugin: dict[str, Path] = field(default_factory=dict)

    @property
    def log(self) -> Path:
        return self.folder / "connect.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rest_port}"

    def properties(self) -> dict[str, str]:
        planned = parse_properties(self.worker_properties)
        provider_class = f"config.providers.{CONFIG_PROVIDER}.class"
        assert planned.get(provider_class) == CONFIG_PROVIDER_CLASS, planned
        group = f"connector-tier-{self.connector_version}-{self.runtime}"
        return {
            **planned,
            provider_class: FILE_CONFIG_PROVIDER,
            "bootstrap.servers": self.bootstrap,
            "group.id": group,
            **{f"{kind}.storage.topic": f"{group}-{kind}" for kind in ("config", "offset", "status")},
            **{f"{kind}.storage.replication.factor": "1" for kind in ("config", "offset", "status")},
            "listeners": f"http://127.0.0.1:{self.rest_port}",
            "rest.advertised.host.name": "127.0.0.1",
            "rest.advertised.port": str(self.rest_port),
            "plugin.path": str(self.folder / "plugins"),
        }

    def _write_secrets(self, home: Path) -> None:
        for name, fields in self.secrets.items():
            path = home / name
            assert path.resolve().is_relative_to(home.resolve()), name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(properties_text(fields))

    def start(self) -> ConnectWorker:
        plugin = self.folder / "plugins" / f"snowflake-kafka-connector-{self.connector_version}"
        plugin.mkdir(parents=True)
        self.plugin = {k: v for k, v in plugin_files(self.connector_version).items() if k not in self.leave_out}
        for entry, source in self.plugin.items():
            try:
                os.link(source, plugin / entry)
            except OSError:
                shutil.copyfile(source, plugin / entry)
        home = self.folder / "home"
        home.mkdir()
        self._write_secrets(home)
        (self.rest_port,) = _free_ports(1)
        (self.folder / "worker.properties").write_text(properties_text(self.properties()))
        (self.folder / "hosts").write_text("".join(f"127.0.0.1 {host}\n" for host in sorted(self.snowflake_hosts)))
        (self.folder / "log4j.properties").write_text(
            "log4j.rootLogger=INFO, file\n"
            "log4j.appender.file=org.apache.log4j.FileAppender\n"
            f"log4j.appender.file.File={self.log}\n"
            "log4j.appender.file.layout=org.apache.log4j.PatternLayout\n"
            "log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n\n"
        )
        with (self.folder / "connect.out").open("wb") as out:
            self.process = subprocess.Popen(
                ["java", *JVM_OPTIONS, f"-Djdk.net.hosts.file={self.folder / 'hosts'}",
                 f"-Dlog4j.configuration=file:{self.folder / 'log4j.properties'}",
                 "-cp", worker_classpath(self.runtime), "org.apache.kafka.connect.cli.ConnectDistributed",
                 str(self.folder / "worker.properties")],
                cwd=home, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self._wait_until_ready()
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"the Connect worker exited {self.process.returncode}:\n{self._tail()}")
            with contextlib.suppress(OSError, urllib.error.URLError):
                if self.get("/connectors") == []:
                    return
            time.sleep(1)
        raise RuntimeError(f"the Connect worker did not start in {START_TIMEOUT_SECONDS} s:\n{self._tail()}")

    def _tail(self, lines: int = 40) -> str:
        texts = [p.read_text(errors="replace") for p in (self.folder / "connect.out", self.log) if p.exists()]
        return "\n".join("\n".join(t.splitlines()[-lines:]) for t in texts)

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=REQUEST_TIMEOUT_SECONDS) as answer:
            return json.load(answer)

    def plugins(self) -> list[dict[str, str]]:
        """Every plugin the worker found (connectors, converters, ... from 3.2 on; connectors before)."""
        listed: list[dict[str, str]] = self.get("/connector-plugins?connectorsOnly=false")
        return listed

    def validate(self, configuration: Mapping[str, str]) -> Validation:
        connector_class = configuration["connector.class"]
        request = urllib.request.Request(
            f"{self.url}/connector-plugins/{connector_class}/config/validate",
            data=json.dumps(dict(configuration)).encode(),
            headers={"Content-Type": "application/json"},
            method="PUT",
        )
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_SECONDS) as answer:
                return Validation(answer.status, json.load(answer))
        except urllib.error.HTTPError as error:
            return Validation(error.code, json.loads(error.read() or b"{}"))

    def log_entries(self) -> list[str]:
        """The worker log's entries, each with its stack trace."""
        entries: list[str] = []
        for line in self.log.read_text(errors="replace").splitlines() if self.log.exists() else []:
            if LOG_ENTRY.match(line) or not entries:
                entries.append(line)
            else:
                entries[-1] += "\n" + line
        return entries

    def class_loading_problems(self) -> list[str]:
        """Log entries (first line) naming a class-loading failure, apart from the plugin
        scan's: Connect's scanner (Reflections, before 3.6) logs a WARN for each class of
        the jar whose supertype is an optional dependency absent from the jar, e.g. JNA or
        OSGi; that class is never loaded by the connector."""
        return [
            entry.splitlines()[0]
            for entry in self.log_entries()
            if CLASS_LOADING_PROBLEMS.search(entry) and not entry.splitlines()[0].endswith(SCAN_LOGGER)
        ]

    def scan_warnings(self) -> list[str]:
        """The types the plugin scan could not resolve (optional dependencies the jar leaves out)."""
        return sorted(
            {
                m.group(1)
                for e in self.log_entries()
                if e.splitlines()[0].endswith(SCAN_LOGGER)
                for m in SCAN_MISS.finditer(e)
            }
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def connect_worker(**arguments: Any) -> Iterator[ConnectWorker]:
    worker = ConnectWorker(**arguments)
    try:
        yield worker.start()
    finally:
        worker.stop()
