"""SnowflakeCredentials: the key pair the Snowflake connectors authenticate with.

The private key lives only in Secrets Manager (encrypted with the cluster's
CMK) as `{"private_key": "<PKCS#8 body>"}`; connectors refer to it through
the MSK config provider, never by value. When no key is supplied, an RSA key
is generated with pulumi-tls (PKCS#8). The public key and the `ALTER USER`
statement that registers it are outputs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws
import pulumi_tls as tls

from ..aws.common import child_opts, component_type, secret_recovery_window_days, with_former_type
from ..aws.naming import physical_name
from ..model import python_only, setting
from .model import SecretValue

SECRET_FIELD = "private_key"
RSA_BITS = 2048  # Snowflake key-pair authentication: RSA, 2048 bits minimum


def pem_body(pem: str) -> str:
    """The base64 body of a PEM, without header, footer or line breaks (the
    form `snowflake.private.key` and `RSA_PUBLIC_KEY` take)."""
    return "".join(line.strip() for line in pem.strip().splitlines() if line.strip() and not line.startswith("-----"))


def alter_user_statement(user: str, public_key_body: str) -> str:
    """SQL registering the public key for the connector's Snowflake user."""
    return f"ALTER USER {user} SET RSA_PUBLIC_KEY='{public_key_body}';"


def registration_steps(alter_user_statement: str, connector_names: list[str]) -> str:
    """What a user does before the connectors can be created (generated key, nothing managed)."""
    return (
        f"Connectors not created yet ({', '.join(connector_names)}): Snowflake does not know their key. "
        f"Run in Snowflake as SECURITYADMIN: {alter_user_statement} "
        "Then: pulumi config set --path snowflake.publicKeyRegistered true && pulumi up"
    )


@dataclass
class SnowflakeCredentialsArgs:
    """Inputs of `SnowflakeCredentials`."""

    user: str
    """Snowflake user the connectors log in as (for the ALTER USER statement)."""
    secret_name: str
    """Secrets Manager name of the private key (letters, digits, `/_+=.@-`; no `:`)."""
    kms_key_arn: pulumi.Input[str]
    """CMK encrypting the secret (the cluster's)."""
    private_key: SecretValue | None = setting(
        None, offered=python_only("the key is its own component (SnowflakeCredentials)")
    )
    """A PKCS#8 PEM to use; None generates one."""
    protect: bool = True
    """Protect and retain the secret (and a generated key)."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags for every taggable child."""


class SnowflakeCredentials(pulumi.ComponentResource):
    """Outputs: `secret_arn`, `secret_name`, `public_key` (base64 body),
    `alter_user_statement`; `secret_version` is the resource holding the value
    (what a connector must wait for: the config provider fails on an empty secret)."""

    secret_arn: pulumi.Output[str]
    secret_name: pulumi.Output[str]
    public_key: pulumi.Output[str]
    alter_user_statement: pulumi.Output[str]

    def __init__(self, name: str, args: SnowflakeCredentialsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(
            component_type("SnowflakeCredentials"),
            name,
            None,
            with_former_type(opts, "snowflake_credentials", "SnowflakeCredentials"),
        )
        private_pem, public_pem = self._key_pair(name, args)
        secret = aws.secretsmanager.Secret(
            f"{name}-secret",
            name=physical_name("aws:secretsmanager/secret:Secret", args.secret_name),
            description=f"Private key of Snowflake user {args.user} (Kafka connectors)",
            kms_key_id=args.kms_key_arn,
            recovery_window_in_days=secret_recovery_window_days(args.protect),
            tags=dict(args.tags),
            opts=child_opts(self, protect=args.protect),
        )
        # What connectors wait for (not a class annotation: no provider output).
        self.secret_version: aws.secretsmanager.SecretVersion = aws.secretsmanager.SecretVersion(
            f"{name}-secret-value",
            secret_id=secret.id,
            secret_string=pulumi.Output.secret(private_pem.apply(lambda p: json.dumps({SECRET_FIELD: pem_body(p)}))),
            opts=pulumi.ResourceOptions(parent=self),
        )
        # A public key is not sensitive; an invoke on a secret input would mark it secret.
        self.public_key = pulumi.Output.unsecret(public_pem.apply(pem_body))
        self.alter_user_statement = self.public_key.apply(lambda body: alter_user_statement(args.user, body))
        self.secret_arn = secret.arn
        self.secret_name = secret.name
        self.register_outputs(
            {
                "secretArn": self.secret_arn,
                "publicKey": self.public_key,
                "alterUserStatement": self.alter_user_statement,
            }
        )

    def _key_pair(self, name: str, args: SnowflakeCredentialsArgs) -> tuple[pulumi.Output[str], pulumi.Output[str]]:
        if args.private_key is not None:
            private_pem = pulumi.Output.secret(args.private_key.reveal())
            public_pem = tls.get_public_key_output(private_key_pem=private_pem).public_key_pem
            return private_pem, public_pem
        key = tls.PrivateKey(
            f"{name}-rsa",
            algorithm="RSA",
            rsa_bits=RSA_BITS,
            opts=child_opts(self, protect=args.protect),
        )
        return key.private_key_pem_pkcs8, key.public_key_pem
