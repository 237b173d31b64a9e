"""The emulator refuses what IAM's quotas refuse (harness.emulator.moto_iam_quotas), which moto 5.2.5 alone would
take: each quota through boto3 on the server, refused one character (or one policy) over, taken at the limit."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from harness.emulator import ACCOUNT_ID, client

TRUST = {"Effect": "Allow", "Principal": {"Service": "rds.amazonaws.com"}, "Action": "sts:AssumeRole"}


def document(statement: dict, size: int) -> str:
    """A policy of `statement` and one Sid-padded statement, `size` characters other than white space, laid out
    with indentation (which IAM does not count)."""
    padded = {"Sid": "", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
    bare = json.dumps({"Version": "2012-10-17", "Statement": [statement, padded]}, separators=(",", ":"))
    padded["Sid"] = "A" * (size - len(bare))
    text = json.dumps({"Version": "2012-10-17", "Statement": [statement, padded]}, indent=4)
    assert sum(not c.isspace() for c in text) == size
    return text


def trust(size: int) -> str:
    bare = json.dumps({"Version": "2012-10-17", "Statement": [{**TRUST, "Sid": ""}]}, separators=(",", ":"))
    text = json.dumps({"Version": "2012-10-17", "Statement": [{**TRUST, "Sid": "A" * (size - len(bare))}]}, indent=2)
    assert sum(not c.isspace() for c in text) == size
    return text


def limit_error(call, **kwargs) -> tuple[int, str]:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    error = caught.value.response
    assert error["Error"]["Code"] == "LimitExceeded"
    return error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Message"]


ALLOW = {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::quota-bucket"}


@pytest.fixture(scope="module")
def iam(aws_env):
    return client(aws_env, "iam")


def test_a_roles_inline_policies_together_at_most_10240_characters(iam):
    iam.create_role(RoleName="inline-quota", AssumeRolePolicyDocument=trust(200))
    iam.put_role_policy(RoleName="inline-quota", PolicyName="first", PolicyDocument=document(ALLOW, 4000))
    over = document(ALLOW, 10240 - 4000 + 1)
    status, message = limit_error(
        iam.put_role_policy, RoleName="inline-quota", PolicyName="second", PolicyDocument=over
    )
    assert (status, message) == (409, "Maximum policy size of 10240 bytes exceeded for role inline-quota")
    iam.put_role_policy(RoleName="inline-quota", PolicyName="second", PolicyDocument=document(ALLOW, 10240 - 4000))
    # Replacing a policy counts its new document, not its old one.
    iam.put_role_policy(RoleName="inline-quota", PolicyName="first", PolicyDocument=document(ALLOW, 4000))
    names = iam.list_role_policies(RoleName="inline-quota")["PolicyNames"]
    assert sorted(names) == ["first", "second"]


def test_a_managed_policy_at_most_6144_characters(iam):
    status, message = limit_error(iam.create_policy, PolicyName="managed-over", PolicyDocument=document(ALLOW, 6145))
    assert (status, message) == (409, "Cannot exceed quota for PolicySize: 6144")
    arn = iam.create_policy(PolicyName="managed-quota", PolicyDocument=document(ALLOW, 6144))["Policy"]["Arn"]
    new_version = iam.create_policy_version
    status, message = limit_error(new_version, PolicyArn=arn, PolicyDocument=document(ALLOW, 6145))
    assert (status, message) == (409, "Cannot exceed quota for PolicySize: 6144")
    new_version(PolicyArn=arn, PolicyDocument=document(ALLOW, 6144), SetAsDefault=True)


def test_at_most_10_managed_policies_attached_to_a_role(iam):
    iam.create_role(RoleName="attach-quota", AssumeRolePolicyDocument=trust(200))
    arns = [
        iam.create_policy(PolicyName=f"attach-{n}", PolicyDocument=document(ALLOW, 200))["Policy"]["Arn"]
        for n in range(11)
    ]
    for arn in arns[:10]:
        iam.attach_role_policy(RoleName="attach-quota", PolicyArn=arn)
    iam.attach_role_policy(RoleName="attach-quota", PolicyArn=arns[0])  # attached already: not one more
    status, message = limit_error(iam.attach_role_policy, RoleName="attach-quota", PolicyArn=arns[10])
    assert (status, message) == (409, "Cannot exceed quota for PoliciesPerRole: 10")
    assert len(iam.list_attached_role_policies(RoleName="attach-quota")["AttachedPolicies"]) == 10
    assert arns[10].startswith(f"arn:aws:iam::{ACCOUNT_ID}:policy/")


def test_a_trust_policy_at_most_2048_characters(iam):
    status, message = limit_error(iam.create_role, RoleName="trust-over", AssumeRolePolicyDocument=trust(2049))
    assert (status, message) == (409, "Cannot exceed quota for ACLSizePerRole: 2048")
    iam.create_role(RoleName="trust-quota", AssumeRolePolicyDocument=trust(2048))
    update = iam.update_assume_role_policy
    status, message = limit_error(update, RoleName="trust-quota", PolicyDocument=trust(2049))
    assert (status, message) == (409, "Cannot exceed quota for ACLSizePerRole: 2048")
    update(RoleName="trust-quota", PolicyDocument=trust(2048))
