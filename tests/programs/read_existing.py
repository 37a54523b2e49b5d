"""Test program: reads an existing resource (`aws.s3.Bucket.get`) and exports what the mocks answer.
The platform reads none; the harness must still answer a read as the SDK's own mock monitor does."""

import pulumi
import pulumi_aws as aws

bucket = aws.s3.Bucket.get("existing", "existing-bucket-id")
pulumi.export("arn", bucket.arn)
pulumi.export("id", bucket.id)
