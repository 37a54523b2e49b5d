"""SnowflakeConnectorPlugin: the MSK Connect custom plugin every Snowflake
connector of a stack shares (docs/design.md#snowflakesinkconnector-plugin-and-credentials).

One ZIP holding the Snowflake connector jar (4.x or 3.x) and AWS's MSK config
providers (the Secrets Manager config provider); the jar brings Confluent's
Avro converter itself.
Pulumi assembles it from pinned download URLs into a private bucket (public
access blocked, versioned, encrypted, TLS only); or an existing S3 object is
used as is. Plugins are immutable: other contents mean a new object key and
a new plugin.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

from .. import catalog
from ..aws.buckets import Lifecycle, private_bucket
from ..aws.common import component_type, with_former_type
from ..aws.naming import logical_name
from ..inputs import check_plugin_args
from .model import PluginSource, SnowflakeConnectorPluginArgs

NONCURRENT_VERSION_DAYS = 90


def plugin_parts(source: PluginSource, connector_version: str) -> dict[str, str]:
    """Entry name in the ZIP -> download URL. Archives (.zip) become folders.

    No Avro converter of its own: the connector's Maven jar is built
    jar-with-dependencies and already holds Confluent's Avro converter,
    serializer and schema-registry client (7.9.2 for 3.5.4 and for 4.1.0,
    `confluent.version` in their pom.xml). A second copy of another version in
    the same plugin classloader would let whichever loads first win.

    4.x also bundles the JDBC driver and the Snowpipe Streaming SDK
    (`com.snowflake:snowpipe-streaming` 1.6.2 for 4.1.0), whose Rust core is a
    native library inside the jar, loaded through JNI (the SDK's FFIBootstrap)
    from the plugin's own classloader: the connector starts the SDK's threads
    with that classloader as their context precisely so that the library is
    found inside a Kafka Connect plugin (ThreadPools.DaemonThreadFactory,
    4.1.0), which is how MSK Connect loads a custom plugin. The jar carries
    the core for Linux x86-64 and arm64 (`rust/linux-x86_64/libcyclone_shared.so`)
    next to the JDBC driver's mini core; the connector tier lists them and
    loads both (docs/development.md, "The connector tier"). A worker that
    cannot load it fails its tasks at start, which the connector's
    errored-tasks and no-running-task alarms report.

    Neither jar bundles BouncyCastle FIPS (`provided` in their pom.xml). 4.x
    cannot link its key parser without it, whatever the key
    (`catalog.BOUNCY_CASTLE_FIPS_JARS`), so 4.x plugins carry the three jars,
    each as its own file (the FIPS module checks its own jar's integrity: it
    must not be repackaged). 3.x reaches it only for encrypted keys, which this
    program refuses, and gets none. No Protobuf converter in either.
    """
    jar_url = source.connector_jar_url or catalog.snowflake_connector_jar_url(connector_version)
    parts = {
        f"snowflake-kafka-connector-{connector_version}.jar": jar_url,
        "msk-config-providers": source.config_provider_url,
    }
    if connector_version.startswith("4."):
        parts.update({jar.file_name: jar.url for jar in catalog.BOUNCY_CASTLE_FIPS_JARS})
    return parts


def plugin_object_key(connector_version: str, parts: Mapping[str, str]) -> str:
    """Object key naming the version and a digest of the parts: other contents, other key."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:12]
    return f"plugins/snowflake-kafka-connector-{connector_version}-{digest}.zip"


class SnowflakeConnectorPlugin(pulumi.ComponentResource):
    """The custom plugin (`arn`, `revision`) and, when built here, its bucket (`bucket_name`)."""

    arn: pulumi.Output[str]
    revision: pulumi.Output[int]
    bucket_name: pulumi.Output[str] | None

    def __init__(
        self, name: str, args: SnowflakeConnectorPluginArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        # The stack-config rules, problems named as SnowflakeConnectorPluginArgs fields; before any resource.
        check_plugin_args(f"SnowflakeConnectorPlugin '{name}'", args)
        super().__init__(
            component_type("SnowflakeConnectorPlugin"),
            name,
            None,
            with_former_type(opts, "snowflake_plugin", "SnowflakeConnectorPlugin"),
        )
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
        # Every new plugin ZIP makes the previous one a noncurrent version: keep
        # them a while (a rollback may want one), not forever.
        built = private_bucket(
            self,
            f"{self._name}-bucket",
            lifecycle=Lifecycle(rule_id="expire-old-plugin-versions", noncurrent_days=NONCURRENT_VERSION_DAYS),
            tags=self.tags,
        )
        return built.bucket, built.versioning

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
