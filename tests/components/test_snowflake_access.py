"""SnowflakeAccess: the connectors' Snowflake user, role and grants, managed with pulumi-snowflake."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import ADMIN_KEY, managed
from tools.mock_runner import ProgramRun, Secret

PROVIDER = "pulumi:providers:snowflake"
USER = "snowflake:index/serviceUser:ServiceUser"
ROLE = "snowflake:index/accountRole:AccountRole"
GRANT = "snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole"
USER_ROLE = "snowflake:index/grantAccountRole:GrantAccountRole"
CONNECTOR = "aws:mskconnect/connector:Connector"


def grants(run: ProgramRun) -> dict[str, dict[str, Any]]:
    return {g.name.rsplit("-", 2)[-2]: g.inputs for g in run.of_type(GRANT)}


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_managed_access_creates_the_service_user_role_and_documented_grants(run_stack, stack: str) -> None:
    run = run_stack(stack, managed())
    user, role = run.one(USER).inputs, run.one(ROLE).inputs
    names = {
        "dev": ("KAFKA_CONNECTOR_DEV", "KAFKA_CONNECTOR_DEV_ROLE", "RAW_DEV"),
        "prod": ("KAFKA_CONNECTOR", "KAFKA_CONNECTOR_ROLE", "RAW"),
    }
    user_name, role_name, database = names[stack]
    assert (user["name"], role["name"]) == (user_name, role_name)
    assert user["rsaPublicKey"] == run.outputs["snowflakePublicKey"], "the stack's public key, registered"
    assert user["defaultRole"] == role_name
    assert grants(run) == {
        "database": {
            "accountRoleName": role_name,
            "privileges": ["USAGE"],
            "onAccountObject": {"objectType": "DATABASE", "objectName": database},
        },
        "schema": {
            "accountRoleName": role_name,
            # connector 4.x: tables and their default pipes, no stage, no CREATE VIEW
            "privileges": ["USAGE", "CREATE TABLE", "CREATE PIPE"],
            "onSchema": {"schemaName": f'"{database}"."KAFKA"'},
        },
    }
    assert run.one(USER_ROLE).inputs == {"roleName": role_name, "userName": user_name}
    assert run.outputs["snowflakeServiceUser"] == user_name
    assert "snowflakeNextStep" not in run.outputs, "the program registers the key itself"


@pytest.mark.parametrize(
    ("ingestion_method", "privileges"),
    [
        ("SNOWPIPE_STREAMING", ["USAGE", "CREATE TABLE"]),
        ("SNOWPIPE", ["USAGE", "CREATE TABLE", "CREATE STAGE", "CREATE PIPE"]),
    ],
)
def test_v3_grants_follow_the_ingestion_method(run_stack, ingestion_method: str, privileges: list[str]) -> None:
    v3 = {"snowflake.connectorVersion": "3.5.4", "snowflake.ingestionMethod": ingestion_method}
    run = run_stack("dev", {**managed(), **v3})
    assert grants(run)["schema"]["privileges"] == privileges


def test_every_snowflake_resource_uses_the_admin_provider_with_key_pair_auth(run_stack) -> None:
    run = run_stack("dev", managed())
    provider = run.one(PROVIDER)
    assert provider.inputs["organizationName"] == "MYORG" and provider.inputs["accountName"] == "MYACCOUNT"
    assert (provider.inputs["user"], provider.inputs["role"]) == ("PULUMI_ADMIN", "SECURITYADMIN")
    assert provider.inputs["authenticator"] == "SNOWFLAKE_JWT"
    assert isinstance(provider.inputs["privateKey"], Secret), "the admin key reaches the engine only as a secret"
    snowflake_resources = [r for r in run.resources if r.type.startswith("snowflake:")]
    assert snowflake_resources and {r.provider.rsplit("::", 1)[0] for r in snowflake_resources} == {provider.urn}
    plain = json.dumps(run.outputs, default=lambda v: "[secret]" if isinstance(v, Secret) else str(v))
    assert ADMIN_KEY.splitlines()[1] not in plain


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_each_connector_waits_for_the_user_its_key_and_the_grants(run_stack, stack: str) -> None:
    run = run_stack(stack, managed())
    connector = run.one(CONNECTOR)
    waited = run.waits_for(connector)
    assert {r.name for r in [run.one(USER), run.one(USER_ROLE), *run.of_type(GRANT)]} <= waited


@pytest.mark.parametrize(("stack", "protected"), [("dev", False), ("prod", True)])
def test_database_and_schema_are_created_on_request_and_protected_with_the_stack(run_stack, stack, protected) -> None:
    run = run_stack(stack, managed(createDatabase=True, createSchema=True))
    database, schema = run.one("snowflake:index/database:Database"), run.one("snowflake:index/schema:Schema")
    assert database.inputs["name"] == {"dev": "RAW_DEV", "prod": "RAW"}[stack]
    assert schema.inputs["database"] == database.inputs["name"] and schema.inputs["name"] == "KAFKA"
    assert database.protect is protected and schema.protect is protected
    grant_names = {r.name for r in run.of_type(GRANT)}
    assert any(database.name in run.waits_for(g) for g in run.of_type(GRANT)) and grant_names


def test_without_create_flags_the_database_and_schema_must_exist(run_stack) -> None:
    run = run_stack("dev", managed())
    assert run.of_type("snowflake:index/database:Database") == [] and run.of_type("snowflake:index/schema:Schema") == []


def test_missing_provider_settings_are_one_error_naming_the_keys(config_error) -> None:
    message = config_error("dev", {"snowflake.manage": {"enabled": True, "organizationName": "MYORG"}})
    assert (
        "snowflake.manage: managing the Snowflake side needs snowflake.manage.accountName, "
        "snowflake.manage.adminUser, snowflake.manage.adminRole, snowflakeAdminPrivateKey "
        "(pulumi config set --secret snowflakeAdminPrivateKey < admin_key.p8)" in message
    )


def test_a_bad_admin_key_is_refused_without_being_echoed(config_error) -> None:
    overrides = {**managed(), "snowflakeAdminPrivateKey": Secret("-----BEGIN PRIVATE KEY-----\nnot base64 !\n")}
    message = config_error("dev", overrides)
    assert "snowflakeAdminPrivateKey = '[secret]': must be an unencrypted PKCS#8 PEM" in message
    assert "not base64" not in message


def test_quoted_names() -> None:
    from components.snowflake.access import quoted

    assert quoted("RAW", "KAFKA") == '"RAW"."KAFKA"'
