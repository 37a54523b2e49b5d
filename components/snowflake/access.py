"""SnowflakeAccess: the connectors' side of Snowflake, managed with pulumi-snowflake.

Optional (`snowflake.manage.enabled`). Through an explicit provider that logs
in as an admin with key-pair authentication, it creates:

- a service user (`TYPE = SERVICE`: no password, no interactive login) holding
  the stack's public key, with the connector role as its default role;
- the connector role with exactly the privileges Snowflake documents for the
  connector's major version (and, for 3.x, its ingestion method), granted to the user;
- optionally the database and schema (protected with the stack's `protect`).

Connectors wait for `ready`: the user with its key and every grant, so the
first `pulumi up` ends with connectors that can log in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_snowflake as snowflake

from ..aws.common import child_opts, component_type, with_former_type
from .model import SnowflakeSettings

# Privileges of the connector role. Grants must go to the connector's role
# itself: they are not inherited through the role hierarchy.
# - 3.x: Snowflake docs, "Installing and configuring the Kafka connector",
#   "Required privileges": database USAGE; schema USAGE, CREATE TABLE, CREATE
#   STAGE, CREATE PIPE (the stage and pipe are what Snowpipe loads through;
#   Snowpipe Streaming classic writes rows through channels and needs neither).
# - 4.x: Snowflake docs, "Snowflake High Performance connector for Kafka:
#   Configure Snowflake", "Required privileges": database USAGE; schema USAGE,
#   CREATE TABLE (the connector creates missing tables), CREATE PIPE (it creates
#   each table's default pipe <TABLE>-STREAMING at first ingest); no stage. Not
#   granted: CREATE VIEW (listed only as "recommended for future Error Table
#   features") and OPERATE on user-defined pipes (none is made here).
# Tables the connector creates belong to the role (INSERT and schema evolution
# come with OWNERSHIP); tables that exist before it need INSERT and EVOLVE
# SCHEMA (or OWNERSHIP) granted on each table (not managed here).
DATABASE_PRIVILEGES = ("USAGE",)
STREAMING_SCHEMA_PRIVILEGES = ("USAGE", "CREATE TABLE")
SNOWPIPE_SCHEMA_PRIVILEGES = (*STREAMING_SCHEMA_PRIVILEGES, "CREATE STAGE", "CREATE PIPE")
V4_SCHEMA_PRIVILEGES = ("USAGE", "CREATE TABLE", "CREATE PIPE")


def schema_privileges(settings: SnowflakeSettings) -> tuple[str, ...]:
    """What the connector role needs on its schema for the connector's version and ingestion method."""
    if settings.v4:
        return V4_SCHEMA_PRIVILEGES
    return STREAMING_SCHEMA_PRIVILEGES if settings.streaming else SNOWPIPE_SCHEMA_PRIVILEGES


def quoted(*parts: str) -> str:
    """A fully qualified name as the grants take it: `"DB"."SCHEMA"`."""
    return ".".join(f'"{part}"' for part in parts)


@dataclass
class SnowflakeAccessArgs:
    """Inputs of `SnowflakeAccess`."""

    settings: SnowflakeSettings
    """Account, user, role, database, schema, ingestion method and `manage` (admin login, what to create)."""
    public_key: pulumi.Input[str]
    """Base64 body of the connectors' RSA public key (generated or derived from the supplied key)."""
    protect: bool = True
    """Protect and retain a database and schema this component creates."""
    comment: str = "Managed by Pulumi (streaming-platform)"


class SnowflakeAccess(pulumi.ComponentResource):
    """Outputs: `user_name`, `role_name`, and `ready` (the resources a connector must wait for)."""

    user_name: pulumi.Output[str]
    role_name: pulumi.Output[str]
    ready: Sequence[pulumi.Resource]

    def __init__(self, name: str, args: SnowflakeAccessArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(
            component_type("SnowflakeAccess"), name, None, with_former_type(opts, "snowflake_access", "SnowflakeAccess")
        )
        self._name = name
        self._args = args
        settings = args.settings
        self._provider = self._admin_provider()
        database, schema = self._database_and_schema()
        role = snowflake.AccountRole(f"{name}-role", name=settings.role, comment=args.comment, opts=self._opts())
        grants = self._grants(role, database, schema)
        user = snowflake.ServiceUser(
            f"{name}-user",
            name=settings.user,
            rsa_public_key=args.public_key,
            default_role=role.name,
            comment=args.comment,
            opts=self._opts(),
        )
        user_role = snowflake.GrantAccountRole(
            f"{name}-user-role", role_name=role.name, user_name=user.name, opts=self._opts()
        )
        self.user_name = user.name
        self.role_name = role.name
        self.ready = [user, user_role, *grants]
        self.register_outputs({"userName": self.user_name, "roleName": self.role_name})

    def _opts(self, *, depends_on: Sequence[pulumi.Resource] = (), protect: bool = False) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions.merge(
            child_opts(self, protect=protect),
            pulumi.ResourceOptions(provider=self._provider, depends_on=list(depends_on)),
        )

    def _admin_provider(self) -> snowflake.Provider:
        """The admin's login: key-pair (JWT) authentication; the key only ever as a Pulumi secret."""
        manage = self._args.settings.manage
        assert manage.admin_private_key is not None, "validated by the settings model"
        return snowflake.Provider(
            f"{self._name}-admin",
            organization_name=manage.organization_name,
            account_name=manage.account_name,
            user=manage.admin_user,
            role=manage.admin_role,
            authenticator="SNOWFLAKE_JWT",
            private_key=pulumi.Output.secret(manage.admin_private_key.reveal()),
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _database_and_schema(self) -> tuple[snowflake.Database | None, snowflake.Schema | None]:
        settings, protect = self._args.settings, self._args.protect
        database = schema = None
        if settings.manage.create_database:
            database = snowflake.Database(
                f"{self._name}-database",
                name=settings.database,
                comment=self._args.comment,
                opts=self._opts(protect=protect),
            )
        if settings.manage.create_schema:
            schema = snowflake.Schema(
                f"{self._name}-schema",
                database=database.name if database else settings.database,
                name=settings.schema,
                comment=self._args.comment,
                opts=self._opts(protect=protect),
            )
        return database, schema

    def _grants(
        self,
        role: snowflake.AccountRole,
        database: snowflake.Database | None,
        schema: snowflake.Schema | None,
    ) -> list[snowflake.GrantPrivilegesToAccountRole]:
        settings = self._args.settings
        on_database = snowflake.GrantPrivilegesToAccountRole(
            f"{self._name}-database-privileges",
            account_role_name=role.name,
            privileges=list(DATABASE_PRIVILEGES),
            on_account_object=snowflake.GrantPrivilegesToAccountRoleOnAccountObjectArgs(
                object_type="DATABASE", object_name=settings.database
            ),
            opts=self._opts(depends_on=[d for d in [database] if d]),
        )
        on_schema = snowflake.GrantPrivilegesToAccountRole(
            f"{self._name}-schema-privileges",
            account_role_name=role.name,
            privileges=list(schema_privileges(settings)),
            on_schema=snowflake.GrantPrivilegesToAccountRoleOnSchemaArgs(
                schema_name=quoted(settings.database, settings.schema)
            ),
            opts=self._opts(depends_on=[s for s in [schema] if s]),
        )
        return [on_database, on_schema]
