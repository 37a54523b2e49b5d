"""What the 4.x plugin adds to the connector jar: BouncyCastle FIPS, pinned by
SHA-256, without which a class shaped like 4.1.0's key parser cannot link."""

from __future__ import annotations

import hashlib

import pytest

from components import catalog

from .kafka import CLASSES, JVM_PROJECT, java

pytestmark = pytest.mark.jvm

COPIED = JVM_PROJECT / "target" / "bouncy-castle-fips"
SHAPE = "streamingplatform.jvm.KeyParserShape"


def test_the_pinned_jars_are_the_ones_maven_central_serves(classpath: str) -> None:
    served = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in COPIED.glob("*.jar")}
    assert served == {jar.file_name: jar.sha256 for jar in catalog.BOUNCY_CASTLE_FIPS_JARS}


def test_without_bouncy_castle_fips_the_key_parser_cannot_link(classpath: str) -> None:
    with pytest.raises(RuntimeError) as failed:
        java(str(CLASSES), SHAPE)
    assert "NoClassDefFoundError: org/bouncycastle/jcajce/provider/BouncyCastleFipsProvider" in str(failed.value)


def test_with_the_plugin_s_jars_it_parses_an_unencrypted_key_and_the_fips_provider_starts(classpath: str) -> None:
    jars = [str(COPIED / jar.file_name) for jar in catalog.BOUNCY_CASTLE_FIPS_JARS]
    printed = java(":".join([str(CLASSES), *jars]), SHAPE).splitlines()
    assert printed[0] == "parsed RSA"
    assert printed[1].startswith("provider BCFIPS ")
