"""The Snowflake connector, built from its tagged sources, judges what the plans generate."""

from __future__ import annotations

import ctypes
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from components import catalog
from components.snowflake.model import PluginSource
from components.snowflake.plugin import plugin_parts
from tests.jvm.kafka import KafkaCluster

from .conftest import Group, Workers, account_host
from .plans import CASES, GeneratedConnector, all_generated, generated
from .worker import SnowflakeStandIn, Validation, connect_worker, connector_jar, effective_configuration

pytestmark = pytest.mark.connector

GENERATED = all_generated()
GROUPS: list[Group] = list(dict.fromkeys(c.worker for c in GENERATED))
# The connector's live login, which cannot succeed offline, reports on these three keys.
LOGIN_KEYS = {"snowflake.url.name", "snowflake.user.name", "snowflake.private.key"}
LOGIN_ERROR = "Cannot connect to Snowflake"
# A converter's own settings: Connect hands them to the converter, they have no definition in the answer.
CONVERTER_SETTINGS = ("key.converter.", "value.converter.", "header.converter.")


def group_id(group: Group) -> str:
    return f"{group[0]}-on-connect-{group[1]}"


def connector_id(connector: GeneratedConnector) -> str:
    return f"{connector.case}:{connector.name}"


def connector_class(version: str) -> str:
    return catalog.SNOWFLAKE_V4_CONNECTOR_CLASS if version.startswith("4.") else catalog.SNOWFLAKE_CONNECTOR_CLASS


def undefined_keys(configuration: dict[str, str], answer: Validation) -> set[str]:
    """Keys sent that neither the connector nor Connect defines: read by nothing."""
    return {k for k in configuration if k not in answer.defined and not k.startswith(CONVERTER_SETTINGS)}


def test_the_cases_cover_every_form_the_plans_generate() -> None:
    """Both stacks, both releases, both formats, both 3.x methods, each migrateFromV3 form,
    DLQ on and off, both Connect lines, registry auth on and off, tasks.max, many topics."""
    every = [c.configuration for c in GENERATED]
    assert {c.case for c in GENERATED} == set(CASES)
    assert {c.connector_version for c in GENERATED} == {"4.1.0", "3.5.4"}
    assert {c.runtime for c in GENERATED} == {"3.7.2", "2.7.1"}
    assert {c.get("snowflake.ingestion.method") for c in every} == {None, "SNOWPIPE", "SNOWPIPE_STREAMING"}
    assert {c.get("snowflake.streaming.classic.offset.migration") for c in every} == {
        None, "skip", "strict", "best_effort"
    }  # fmt: skip
    converters = {c.get("value.converter") or "" for c in every} | {
        line for c in GENERATED for line in c.worker_properties.splitlines() if line.startswith("value.converter=")
    }
    assert {v.rsplit(".", 1)[-1] for v in converters} >= {
        "AvroConverter", "JsonConverter", "SnowflakeAvroConverter", "SnowflakeJsonConverter"
    }  # fmt: skip
    assert {"errors.deadletterqueue.topic.name" in c for c in every} == {True, False}
    assert {"value.converter.basic.auth.user.info" in c for c in every} == {True, False}
    assert {"snowflake.role.name" in c for c in every} == {True, False}
    assert any("tasks.max" in c for c in every)
    assert max(len(c["topics"].split(",")) for c in every) > 50


@pytest.mark.parametrize("group", GROUPS, ids=group_id)
def test_the_worker_finds_the_connector_in_the_plugin(workers: Workers, group: Group) -> None:
    found = {p["class"]: p for p in workers(group).plugins()}
    assert connector_class(group[0]) in found, sorted(found)
    assert found[connector_class(group[0])]["version"] == group[0]
    other = connector_class("3.0.0" if group[0].startswith("4.") else "4.0.0")
    assert other not in found  # 4.x renamed the class; each release has one


@pytest.mark.parametrize("connector", GENERATED, ids=connector_id)
def test_the_configuration_passes_every_check_before_the_login(workers: Workers, connector: GeneratedConnector) -> None:
    configuration = effective_configuration(connector.name, connector.configuration, connector.worker_properties)
    answer = workers(connector.worker).validate(configuration)
    assert answer.status == 200, answer.body
    assert set(answer.errors) == LOGIN_KEYS, answer.errors
    assert all(any(LOGIN_ERROR in e for e in answer.errors[key]) for key in LOGIN_KEYS), answer.errors
    assert not undefined_keys(configuration, answer)


def _dev() -> GeneratedConnector:
    (connector,) = generated("dev")
    return connector


# Changes the judge must catch, each in its own way: proof that a pass above means something.
Check = Callable[[dict[str, str], Validation], None]


def _refused(key: str, message: str) -> Check:
    def check(configuration: dict[str, str], answer: Validation) -> None:
        assert answer.status == 200 and any(message in e for e in answer.errors.get(key, [])), answer.body

    return check


def _unread(*keys: str) -> Check:
    def check(configuration: dict[str, str], answer: Validation) -> None:
        assert answer.status == 200 and undefined_keys(configuration, answer) == set(keys), answer.body

    return check


MISTAKES: dict[str, tuple[dict[str, str], Check]] = {
    "3.x converter on 4.x": (
        {"value.converter": "com.snowflake.kafka.connector.records.SnowflakeAvroConverter"},
        _refused("value.converter", "could not be found"),
    ),
    "3.x settings on 4.x": (
        {"buffer.flush.time": "10", "snowflake.ingestion.method": "SNOWPIPE_STREAMING"},
        _unread("buffer.flush.time", "snowflake.ingestion.method"),
    ),
    "one topic twice in the table map": (
        {"snowflake.topic2table.map": "orders:ORDERS,orders:ORDERS_V2"},
        _refused("snowflake.topic2table.map", "Duplicate topic"),
    ),
    "a private key that is not one": (
        {"snowflake.private.key": "MIIBOGUS"},
        _refused("snowflake.private.key", "must be a valid PEM RSA private key"),
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
@pytest.mark.parametrize("connector", [_dev()], ids=connector_id)
def test_the_judge_catches_a_mistake(workers: Workers, connector: GeneratedConnector, mistake: str) -> None:
    change, check = MISTAKES[mistake]
    configuration = {
        **effective_configuration(connector.name, connector.configuration, connector.worker_properties),
        **change,
    }
    check(configuration, workers(connector.worker).validate(configuration))


def test_without_the_bouncy_castle_fips_jars_4x_cannot_check_a_configuration(
    kafka: KafkaCluster, snowflake: SnowflakeStandIn, tmp_path: Path
) -> None:
    """What the 4.x plugin's extra jars are for: without them the connector's validate()
    fails to link its key parser (the key is an unencrypted one)."""
    connector = _dev()
    fips = tuple(jar.file_name for jar in catalog.BOUNCY_CASTLE_FIPS_JARS)
    assert set(fips) <= set(plugin_parts(PluginSource(), connector.connector_version))
    with connect_worker(
        folder=tmp_path, runtime=connector.runtime, connector_version=connector.connector_version,
        worker_properties=connector.worker_properties, bootstrap=kafka.bootstrap,
        snowflake_hosts={account_host(connector)}, secrets=connector.secrets, leave_out=fips,
    ) as worker:  # fmt: skip
        answer = worker.validate(
            effective_configuration(connector.name, connector.configuration, connector.worker_properties)
        )
        assert answer.status == 500, answer.body
        assert any(
            "NoClassDefFoundError: org/bouncycastle/jcajce/provider/BouncyCastleFipsProvider" in entry
            for entry in worker.log_entries()
        )


@pytest.mark.parametrize("group", GROUPS, ids=group_id)
def test_the_plugin_loaded_without_class_loading_errors(workers: Workers, group: Group) -> None:
    worker = workers(group)
    assert worker.class_loading_problems() == []
    # What the plugin scan could not resolve are optional dependencies the jar leaves out, never
    # the connector's own classes.
    assert not [t for t in worker.scan_warnings() if t.startswith("com.snowflake.")]


@pytest.mark.parametrize("group", GROUPS, ids=group_id)
def test_each_login_reached_the_stand_in(workers: Workers, snowflake: SnowflakeStandIn, group: Group) -> None:
    """The three login errors came from a TLS handshake with the stand-in, not from a name
    the worker could not resolve."""
    workers(group)
    assert snowflake.handshakes > workers.handshakes_before


# --- the native libraries the jars carry ----------------------------------------------------

NATIVE = re.compile(r"\.(so|dylib|jnilib|dll)$")
PLATFORM = re.compile(
    r"(linux|osx|darwin|macos|mac|windows|win32|win|aix|freebsd|sunos|android)|"
    r"(aarch_?64|arm64|x86_64|x86|amd64|i386|armv\d|arm|ppc64le|ppc64|ppc|s390x|riscv64|loongarch64|mips64)|"
    r"(glibc|musl)",
    re.IGNORECASE,
)
LINUX_X86_64 = re.compile(r"linux.*(x86_64|amd64|x86-64)|(x86_64|amd64).*linux", re.IGNORECASE)
# The Snowpipe Streaming SDK's Rust core and the JDBC driver's mini core: 4.x loads both.
V4_CORES = ("rust/linux-x86_64/libcyclone_shared.so", "minicore/libsf_mini_core_linux_x86_64_glibc.so")


def native_libraries(jar: Path) -> dict[str, list[str]]:
    """Library (its path with the platform words taken out) -> the paths of its builds."""
    with zipfile.ZipFile(jar) as archive:
        paths = [name for name in archive.namelist() if NATIVE.search(name)]
    families: dict[str, list[str]] = {}
    for path in paths:
        family = re.sub(r"[-_/.]*\*([-_/.]*\*)*", "*", PLATFORM.sub("*", path))
        families.setdefault(family, []).append(path)
    return families


@pytest.mark.parametrize("version", [catalog.SNOWFLAKE_CONNECTOR_VERSION, catalog.SNOWFLAKE_V3_CONNECTOR_VERSION])
def test_the_native_libraries_are_listed_and_each_linux_one_has_an_x86_64_build(
    version: str, capsys: pytest.CaptureFixture[str]
) -> None:
    families = native_libraries(connector_jar(version))
    with capsys.disabled():
        print(f"\nnative libraries in snowflake-kafka-connector-{version}.jar ({len(families)}):")
        for family, paths in sorted(families.items()):
            builds = sorted("-".join(m.group(0) for m in PLATFORM.finditer(path)) or "?" for path in paths)
            print(f"  {family}: {', '.join(builds)}")
    assert families
    for family, paths in families.items():
        if any("linux" in p.lower() for p in paths):
            assert any(LINUX_X86_64.search(p) for p in paths), (family, paths)


def test_the_4x_native_cores_load_on_this_linux(tmp_path: Path) -> None:
    """dlopen resolves each core's libc symbol versions: the builds the SDK and the driver
    pick on Linux x86-64 glibc load here."""
    with zipfile.ZipFile(connector_jar(catalog.SNOWFLAKE_CONNECTOR_VERSION)) as archive:
        for path in V4_CORES:
            ctypes.CDLL(archive.extract(path, tmp_path))
