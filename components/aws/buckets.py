"""Private S3 buckets: the one block every bucket of the platform is built from.

Public access blocked, object ownership enforced (no ACLs), versioned,
encrypted with SSE-S3, a lifecycle, and a bucket policy that denies every
request without TLS plus whatever statements the caller adds (e.g. ELB log
delivery). The children's logical names derive from `name`:
`<name>`, `<name>-public-access`, `<name>-ownership`, `<name>-versioning`,
`<name>-lifecycle`, `<name>-encryption`, `<name>-tls-only`; these names are
part of the deployed URNs, so they never change.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from .common import child_opts
from .naming import logical_name

ABORT_MULTIPART_DAYS = 7

PolicyStatements = Callable[[str], list[dict[str, Any]]]
"""Bucket ARN -> extra statements of the bucket policy."""


@dataclass(frozen=True)
class Lifecycle:
    """One lifecycle rule over the whole bucket."""

    rule_id: str
    """Rule id shown in the S3 console."""
    noncurrent_days: int
    """Days a version is kept once a newer one replaces it."""
    expiration_days: int | None = None
    """Days a current object lives (None: forever)."""


@dataclass
class PrivateBucket:
    """The bucket, its versioning (objects uploaded before it is on get version
    "null": depend on it) and its policy (services that validate their write
    access when they are configured, such as ELB, depend on it)."""

    bucket: aws.s3.Bucket
    versioning: aws.s3.BucketVersioning
    policy: aws.s3.BucketPolicy


def bucket_policy(bucket_arn: str, extra: Sequence[dict[str, Any]] = ()) -> str:
    """Deny every request to the bucket that does not use TLS, then `extra`."""
    deny_insecure = {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [bucket_arn, f"{bucket_arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [deny_insecure, *extra]})


def private_bucket(
    parent: pulumi.Resource,
    name: str,
    *,
    lifecycle: Lifecycle,
    tags: Mapping[str, str],
    policy_statements: PolicyStatements | None = None,
    protect: bool = False,
    force_destroy: bool = False,
) -> PrivateBucket:
    """A private bucket named from `name` (Pulumi appends a suffix; S3 allows 63 of [a-z0-9.-]).

    `protect`: the bucket holds records worth keeping (e.g. access logs): it is
    protected and retained on delete; its companions stay unprotected.
    `force_destroy`: a delete empties the bucket first (objects written by a
    service, not by Pulumi, would otherwise fail it with BucketNotEmpty).
    """
    opts = pulumi.ResourceOptions(parent=parent)
    bucket = aws.s3.Bucket(
        logical_name("aws:s3/bucket:Bucket", name),
        force_destroy=force_destroy or None,
        tags=dict(tags),
        opts=child_opts(parent, protect=protect),
    )
    aws.s3.BucketPublicAccessBlock(
        f"{name}-public-access",
        bucket=bucket.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
        opts=opts,
    )
    aws.s3.BucketOwnershipControls(
        f"{name}-ownership",
        bucket=bucket.id,
        rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"),
        opts=opts,
    )
    versioning = aws.s3.BucketVersioning(
        f"{name}-versioning",
        bucket=bucket.id,
        versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status="Enabled"),
        opts=opts,
    )
    _lifecycle(parent, name, bucket, versioning, lifecycle)
    # SSE-S3: the only default encryption ELB access log delivery accepts, and
    # enough for public plugin jars (a CMK would add a key grant for no gain).
    aws.s3.BucketServerSideEncryptionConfiguration(
        f"{name}-encryption",
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
    extra = policy_statements or (lambda _arn: [])
    policy = aws.s3.BucketPolicy(
        f"{name}-tls-only",
        bucket=bucket.id,
        policy=bucket.arn.apply(lambda arn: bucket_policy(arn, extra(arn))),
        opts=opts,
    )
    return PrivateBucket(bucket=bucket, versioning=versioning, policy=policy)


def _lifecycle(
    parent: pulumi.Resource,
    name: str,
    bucket: aws.s3.Bucket,
    versioning: aws.s3.BucketVersioning,
    lifecycle: Lifecycle,
) -> aws.s3.BucketLifecycleConfiguration:
    rule = aws.s3.BucketLifecycleConfigurationRuleArgs
    expiration = (
        aws.s3.BucketLifecycleConfigurationRuleExpirationArgs(days=lifecycle.expiration_days)
        if lifecycle.expiration_days is not None
        else None
    )
    return aws.s3.BucketLifecycleConfiguration(
        f"{name}-lifecycle",
        bucket=bucket.id,
        rules=[
            rule(
                id=lifecycle.rule_id,
                status="Enabled",
                filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
                expiration=expiration,
                noncurrent_version_expiration=aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(
                    noncurrent_days=lifecycle.noncurrent_days
                ),
                abort_incomplete_multipart_upload=aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(
                    days_after_initiation=ABORT_MULTIPART_DAYS
                ),
            )
        ],
        # S3 applies noncurrent-version rules only once versioning is on.
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[versioning]),
    )
