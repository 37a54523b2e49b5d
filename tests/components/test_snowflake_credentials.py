"""SnowflakeCredentials: generated or supplied key, stored only in Secrets Manager."""

from __future__ import annotations

import json

import pytest

from components.snowflake.credentials import alter_user_statement, pem_body
from tests.conftest import OWN_ACCOUNT, STACKS
from tools.mock_runner import ProgramRun, Secret

CREDENTIALS = "streaming-platform:index:SnowflakeCredentials"
SUPPLIED = (
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDsuppliedkeymaterial\n"
    "c2VjcmV0a2V5bWF0ZXJpYWxzdXBwbGllZGJ5dGhldXNlcg==\n"
    "-----END PRIVATE KEY-----\n"
)
SUPPLIED_BODY = pem_body(SUPPLIED)


def key_material_locations(run: ProgramRun, body: str) -> list[str]:
    """Every resource input and stack output the private key body appears in, outside of a Secret.
    (Resource outputs under mocks are echoes of inputs, except the tls key's own.)"""
    found = []
    for resource in run.resources:
        text = json.dumps(resource.inputs, default=lambda v: "<secret>" if isinstance(v, Secret) else str(v))
        if body in text:
            found.append(resource.name)
    text = json.dumps(run.outputs, default=lambda v: "<secret>" if isinstance(v, Secret) else str(v))
    if body in text:
        found.append("stack outputs")
    return found


@pytest.mark.parametrize("stack", STACKS)
def test_generated_rsa_key_is_stored_in_secrets_manager_under_the_cmk(run_stack, stack: str) -> None:
    run = run_stack(stack)
    key = run.one("tls:index/privateKey:PrivateKey")
    assert (key.inputs["algorithm"], key.inputs["rsaBits"]) == ("RSA", 2048)
    assert key.protect is (stack == "prod")
    secret = run.one("aws:secretsmanager/secret:Secret", within=CREDENTIALS)
    assert secret.inputs["name"] == f"streaming-platform/{stack}/snowflake-private-key"
    assert secret.inputs["kmsKeyId"] == run.outputs["kmsKeyArn"]
    assert secret.protect is (stack == "prod")
    version = run.one("aws:secretsmanager/secretVersion:SecretVersion", within=CREDENTIALS).inputs["secretString"]
    assert isinstance(version, Secret)
    assert json.loads(version.value) == {"private_key": pem_body(key.outputs["privateKeyPemPkcs8"])}


@pytest.mark.parametrize("stack", STACKS)
def test_public_key_and_alter_user_statement_are_exported(run_stack, stack: str) -> None:
    run = run_stack(stack)
    public = pem_body(run.one("tls:index/privateKey:PrivateKey").outputs["publicKeyPem"])
    assert run.outputs["snowflakePublicKey"] == public
    user = {"dev": "KAFKA_CONNECTOR_DEV", "prod": "KAFKA_CONNECTOR"}[stack]
    assert run.outputs["snowflakeAlterUserStatement"] == f"ALTER USER {user} SET RSA_PUBLIC_KEY='{public}';"


def test_generated_private_key_appears_only_in_the_key_and_the_secret_version(run_stack) -> None:
    run = run_stack("prod")
    body = pem_body(run.one("tls:index/privateKey:PrivateKey").outputs["privateKeyPemPkcs8"])
    # Only the tls resource's own (secret) output and the secret version hold it.
    assert key_material_locations(run, body) == []
    connector_config = json.dumps([r.inputs for r in run.of_type("aws:mskconnect/connector:Connector")])
    assert "BEGIN PRIVATE KEY" not in connector_config and body not in connector_config


def test_a_supplied_key_is_used_instead_of_generating_one(run_stack) -> None:
    run = run_stack("prod", {"snowflakePrivateKey": Secret(SUPPLIED), **OWN_ACCOUNT})
    assert run.of_type("tls:index/privateKey:PrivateKey") == []
    version = run.one("aws:secretsmanager/secretVersion:SecretVersion", within=CREDENTIALS).inputs["secretString"]
    assert isinstance(version, Secret) and json.loads(version.value) == {"private_key": SUPPLIED_BODY}
    assert run.outputs["snowflakePublicKey"].startswith("MOCKPUBLIC")
    assert key_material_locations(run, SUPPLIED_BODY) == []
    assert key_material_locations(run, "suppliedkeymaterial") == []


def test_a_malformed_supplied_key_is_refused_without_echoing_it(config_error) -> None:
    message = config_error("prod", {"snowflakePrivateKey": Secret("-----BEGIN RSA PRIVATE KEY-----\nabc\n")})
    assert "snowflakePrivateKey = '[secret]': must be an unencrypted PKCS#8 PEM" in message
    assert "abc" not in message


def test_pem_body_and_statement() -> None:
    assert pem_body("-----BEGIN PUBLIC KEY-----\nAB\nCD\n-----END PUBLIC KEY-----\n") == "ABCD"
    assert alter_user_statement("KAFKA", "ABCD") == "ALTER USER KAFKA SET RSA_PUBLIC_KEY='ABCD';"
