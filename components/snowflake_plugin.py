"""SnowflakeConnectorPlugin: the MSK Connect custom plugin every Snowflake
connector of a stack shares (docs/design.md §3.3).

One ZIP holding the Snowflake connector jar, AWS's MSK config providers (the
Secrets Manager config provider) and, for Avro, Confluent's Avro converter.
Pulumi assembles it from pinned download URLs into a private bucket (public
access blocked, versioned, encrypted, TLS only); or an existing S3 object is
used as is. Plugins are immutable: other contents mean a new object key and
a new plugin.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from components import catalog
from components.common import component_type
from components.naming import logical_name
from components.snowflake_settings import PluginSource

NONCURRENT_VERSION_DAYS = 90


@dataclass
class SnowflakeConnectorPluginArgs:
    """Inputs of `SnowflakeConnectorPlugin`."""

    source: PluginSource = field(default_factory=PluginSource)
    """Download URLs (defaults pinned in `catalog`) or an existing S3 object."""
    connector_version: str = catalog.SNOWFLAKE_CONNECTOR_VERSION
    """Snowflake Kafka connector release (selects the Maven Central jar)."""
    tags: Mapping[str, str] = field(default_factory=dict)
    """Tags for every taggable child."""


def plugin_parts(source: PluginSource, connector_version: str) -> dict[str, str]:
    """Entry name in the ZIP -> download URL. Archives (.zip) become folders.

    No Avro converter of its own: the connector's Maven jar is built
    jar-with-dependencies and already holds Confluent's Avro converter,
    serializer and schema-registry client (7.9.2 for 3.5.4, `confluent.version`
    in its pom.xml). A second copy of another version in the same plugin
    classloader would let whichever loads first win.
    """
    jar_url = source.connector_jar_url or catalog.snowflake_connector_jar_url(connector_version)
    return {
        f"snowflake-kafka-connector-{connector_version}.jar": jar_url,
        "msk-config-providers": source.config_provider_url,
    }


def plugin_object_key(connector_version: str, parts: Mapping[str, str]) -> str:
    """Object key naming the version and a digest of the parts: other contents, other key."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:12]
    return f"plugins/snowflake-kafka-connector-{connector_version}-{digest}.zip"


def tls_only_bucket_policy(bucket_arn: str) -> str:
    """Deny every request to the bucket that does not use TLS."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [bucket_arn, f"{bucket_arn}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        }
    )


class SnowflakeConnectorPlugin(pulumi.ComponentResource):
    """The custom plugin (`arn`, `revision`) and, when built here, its bucket (`bucket_name`)."""

    arn: pulumi.Output[str]
    revision: pulumi.Output[int]
    bucket_name: pulumi.Output[str] | None

    def __init__(
        self, name: str, args: SnowflakeConnectorPluginArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(component_type("snowflake_plugin", "SnowflakeConnectorPlugin"), name, None, opts)
        self._name = name
        self.tags = dict(args.tags)
        source = args.source
        if source.existing_object:
            bucket_arn: pulumi.Input[str] = str(source.bucket_arn)
            file_key: pulumi.Input[str] = str(source.file_key)
            object_version: pulumi.Input[str] | None = None
            self.bucket_name = None
        else:
            bucket, versioning = self._bucket()
            self.bucket_name = bucket.bucket
            plugin_object = self._plugin_object(bucket, versioning, args)
            bucket_arn, file_key, object_version = bucket.arn, plugin_object.key, plugin_object.version_id

        plugin = aws.mskconnect.CustomPlugin(
            logical_name("aws:mskconnect/customPlugin:CustomPlugin", f"{name}-plugin"),
            content_type="ZIP",
            description=f"Snowflake Kafka connector {args.connector_version} + MSK config providers",
            location=aws.mskconnect.CustomPluginLocationArgs(
                s3=aws.mskconnect.CustomPluginLocationS3Args(
                    bucket_arn=bucket_arn, file_key=file_key, object_version=object_version
                )
            ),
            tags=self.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.arn = plugin.arn
        self.revision = plugin.latest_revision
        self.register_outputs({"arn": self.arn, "revision": self.revision})

    def _bucket(self) -> tuple[aws.s3.Bucket, aws.s3.BucketVersioning]:
        opts = pulumi.ResourceOptions(parent=self)
        # Pulumi names the bucket from this logical name, lower-cased (S3: at most 63 of [a-z0-9.-]).
        bucket = aws.s3.Bucket(logical_name("aws:s3/bucket:Bucket", f"{self._name}-bucket"), tags=self.tags, opts=opts)
        aws.s3.BucketPublicAccessBlock(
            f"{self._name}-bucket-public-access",
            bucket=bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            opts=opts,
        )
        aws.s3.BucketOwnershipControls(
            f"{self._name}-bucket-ownership",
            bucket=bucket.id,
            rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"),
            opts=opts,
        )
        versioning = aws.s3.BucketVersioning(
            f"{self._name}-bucket-versioning",
            bucket=bucket.id,
            versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status="Enabled"),
            opts=opts,
        )
        # Every new plugin ZIP makes the previous one a noncurrent version: keep
        # them a while (a rollback may want one), not forever.
        aws.s3.BucketLifecycleConfiguration(
            f"{self._name}-bucket-lifecycle",
            bucket=bucket.id,
            rules=[
                aws.s3.BucketLifecycleConfigurationRuleArgs(
                    id="expire-old-plugin-versions",
                    status="Enabled",
                    filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
                    noncurrent_version_expiration=aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(
                        noncurrent_days=NONCURRENT_VERSION_DAYS
                    ),
                    abort_incomplete_multipart_upload=aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(
                        days_after_initiation=7
                    ),
                )
            ],
            opts=pulumi.ResourceOptions(parent=self, depends_on=[versioning]),
        )
        # SSE-S3: MSK Connect reads the plugin with the deployer's credentials
        # when the plugin is created; a CMK would add a key grant for no gain
        # (the jars are public downloads).
        aws.s3.BucketServerSideEncryptionConfiguration(
            f"{self._name}-bucket-encryption",
            bucket=bucket.id,
            rules=[
                aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                    apply_server_side_encryption_by_default=aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
                        sse_algorithm="AES256"
                    ),
                )
            ],
            opts=opts,
        )
        aws.s3.BucketPolicy(
            f"{self._name}-bucket-tls-only",
            bucket=bucket.id,
            policy=bucket.arn.apply(tls_only_bucket_policy),
            opts=opts,
        )
        return bucket, versioning

    def _plugin_object(
        self, bucket: aws.s3.Bucket, versioning: aws.s3.BucketVersioning, args: SnowflakeConnectorPluginArgs
    ) -> aws.s3.BucketObjectv2:
        parts = plugin_parts(args.source, args.connector_version)
        assets: dict[str, pulumi.Asset | pulumi.Archive] = {
            entry: pulumi.RemoteArchive(url) if url.endswith(".zip") else pulumi.RemoteAsset(url)
            for entry, url in parts.items()
        }
        return aws.s3.BucketObjectv2(
            f"{self._name}-zip",
            bucket=bucket.id,
            key=plugin_object_key(args.connector_version, parts),
            source=pulumi.AssetArchive(assets),
            content_type="application/zip",
            tags=self.tags,
            # Uploaded before versioning is on, the object gets version "null";
            # a later refresh reads a real version id, the plugin's
            # `object_version` changes and every plugin and connector is replaced.
            opts=pulumi.ResourceOptions(parent=self, depends_on=[versioning]),
        )
