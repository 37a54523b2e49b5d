"""SnowflakeConnectorPlugin: one ZIP of pinned parts in a private bucket, or an existing object."""

from __future__ import annotations

import json

import pulumi
import pytest

from components import catalog
from components.snowflake.model import PluginSource
from components.snowflake.plugin import plugin_object_key, plugin_parts

PLUGIN = "aws:mskconnect/customPlugin:CustomPlugin"
OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2"
IN_PLUGIN = "streaming-platform:index:SnowflakeConnectorPlugin"


BOUNCY_CASTLE_FIPS = {
    "bc-fips-2.1.2.jar": "https://repo1.maven.org/maven2/org/bouncycastle/bc-fips/2.1.2/bc-fips-2.1.2.jar",
    "bcpkix-fips-2.1.10.jar": "https://repo1.maven.org/maven2/org/bouncycastle/bcpkix-fips/2.1.10/bcpkix-fips-2.1.10.jar",
    "bcutil-fips-2.1.5.jar": "https://repo1.maven.org/maven2/org/bouncycastle/bcutil-fips/2.1.5/bcutil-fips-2.1.5.jar",
}


@pytest.mark.parametrize(("version", "extra"), [("4.1.0", BOUNCY_CASTLE_FIPS), ("3.5.4", {})])
def test_plugin_zip_holds_the_connector_the_config_provider_and_what_4x_needs_to_link(
    run_stack, version: str, extra: dict[str, str]
) -> None:
    """Both jars bundle Confluent's Avro converter 7.9.2 (jar-with-dependencies;
    4.x also the Snowpipe Streaming SDK with its native core): a second copy of
    another version in the plugin would clash with it. 4.x cannot link its key
    parser without BouncyCastle FIPS, which it does not bundle: its plugin
    carries the three jars (catalog.BOUNCY_CASTLE_FIPS_JARS)."""
    run = run_stack("prod", {"snowflake.connectorVersion": version})
    zip_object = run.one(OBJECT).inputs
    source = zip_object["source"]
    assert isinstance(source, pulumi.AssetArchive)
    parts = {name: getattr(asset, "uri", None) for name, asset in source.assets.items()}
    assert parts == {
        f"snowflake-kafka-connector-{version}.jar": catalog.snowflake_connector_jar_url(version),
        "msk-config-providers": catalog.MSK_CONFIG_PROVIDER_URL,
        **extra,
    }
    assert catalog.snowflake_connector_jar_url(version) == (
        f"https://repo1.maven.org/maven2/com/snowflake/snowflake-kafka-connector/{version}/"
        f"snowflake-kafka-connector-{version}.jar"
    )
    assert zip_object["key"].startswith(f"plugins/snowflake-kafka-connector-{version}-")
    assert zip_object["key"].endswith(".zip")
    assert run.one(PLUGIN).inputs["description"] == f"Snowflake Kafka connector {version} + MSK config providers"
    plugin = run.one(PLUGIN)
    location = plugin.inputs["location"]["s3"]
    bucket = run.one("aws:s3/bucket:Bucket", within=IN_PLUGIN)
    assert location == {
        "bucketArn": bucket.outputs["arn"],
        "fileKey": zip_object["key"],
        "objectVersion": run.one(OBJECT).outputs["versionId"],
    }
    assert plugin.inputs["contentType"] == "ZIP"


def test_bucket_is_private_versioned_encrypted_and_tls_only(run_stack) -> None:
    run = run_stack("prod")
    bucket_id = run.one("aws:s3/bucket:Bucket", within=IN_PLUGIN).id
    block = run.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", within=IN_PLUGIN).inputs
    assert block == {
        "bucket": bucket_id,
        "blockPublicAcls": True,
        "blockPublicPolicy": True,
        "ignorePublicAcls": True,
        "restrictPublicBuckets": True,
    }
    versioning = run.one("aws:s3/bucketVersioning:BucketVersioning", within=IN_PLUGIN).inputs
    assert versioning["versioningConfiguration"] == {"status": "Enabled"}
    encryption = run.one(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", within=IN_PLUGIN
    )
    rule = encryption.inputs["rules"][0]["applyServerSideEncryptionByDefault"]
    assert rule["sseAlgorithm"] in ("AES256", "aws:kms")
    ownership = run.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls", within=IN_PLUGIN).inputs
    assert ownership["rule"] == {"objectOwnership": "BucketOwnerEnforced"}
    (statement,) = json.loads(run.one("aws:s3/bucketPolicy:BucketPolicy", within=IN_PLUGIN).inputs["policy"])[
        "Statement"
    ]
    assert statement["Effect"] == "Deny" and statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    bucket_arn = run.one("aws:s3/bucket:Bucket", within=IN_PLUGIN).outputs["arn"]
    assert statement["Resource"] == [bucket_arn, f"{bucket_arn}/*"]


def test_json_only_connectors_leave_the_avro_converter_out(run_stack) -> None:
    snowflake = {
        "accountUrl": "a.snowflakecomputing.com", "user": "U", "role": "R", "database": "D", "schema": "S",
        "connectors": [{"name": "orders-json", "topics": {"orders": "ORDERS"}, "valueFormat": "JSON"}],
    }  # fmt: skip
    source = run_stack("dev", {"snowflake": snowflake}).one(OBJECT).inputs["source"]
    assert "kafka-connect-avro-converter" not in source.assets


def test_an_existing_object_is_used_without_building_a_bucket(run_stack) -> None:
    snowflake = {
        "accountUrl": "a.snowflakecomputing.com", "user": "U", "role": "R", "database": "D", "schema": "S",
        "plugin": {"bucketArn": "arn:aws:s3:::company-plugins", "fileKey": "snowflake/plugin-3.5.4.zip"},
        "connectors": [{"name": "orders-sink", "topics": {"orders": "ORDERS"}}],
    }  # fmt: skip
    run = run_stack("dev", {"snowflake": snowflake})
    assert run.of_type("aws:s3/bucket:Bucket") == [] and run.of_type(OBJECT) == []
    assert run.one(PLUGIN).inputs["location"]["s3"] == {
        "bucketArn": "arn:aws:s3:::company-plugins",
        "fileKey": "snowflake/plugin-3.5.4.zip",
    }


def test_other_contents_mean_another_object_key() -> None:
    default = plugin_parts(PluginSource(), "3.5.4")
    mirrored = plugin_parts(PluginSource(connector_jar_url="https://mirror.example.com/sf.jar"), "3.5.4")
    assert plugin_object_key("3.5.4", default) != plugin_object_key("3.5.4", mirrored)
    assert plugin_object_key("3.5.4", default) == plugin_object_key("3.5.4", dict(default))


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_plugin_object_is_uploaded_after_versioning_is_on(run_stack, stack: str) -> None:
    run = run_stack(stack)
    upload = run.one("aws:s3/bucketObjectv2:BucketObjectv2", within=IN_PLUGIN)
    versioning = run.one("aws:s3/bucketVersioning:BucketVersioning", within=IN_PLUGIN)
    assert versioning.name in run.waits_for(upload)


def test_old_plugin_versions_expire(run_stack) -> None:
    run = run_stack("prod")
    (rule,) = run.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", within=IN_PLUGIN).inputs[
        "rules"
    ]
    assert rule["status"] == "Enabled" and rule["noncurrentVersionExpiration"] == {"noncurrentDays": 90}
    assert rule["abortIncompleteMultipartUpload"] == {"daysAfterInitiation": 7}
