"""rds-proxy-doctor's iam.role-quotas on roles as the IAM API returns them (the emulator, which refuses what IAM's
quotas refuse: harness.emulator.moto_iam_quotas): a function's role at 10 managed policies, where the next attachment
is refused, and the proxy's role with an inline policy written with white space, counted as IAM counts it."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from harness.emulator import client, doctor, seed

READ = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
QUEUES = [f"arn:aws:sqs:us-east-1:123456789012:dlq-{i:04d}" for i in range(200)]
DEAD_LETTERS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": QUEUES}],
}


@pytest.fixture(scope="module")
def env(emulator) -> dict[str, str]:
    """The seeded proxy "orders" and its function (roles orders-proxy and orders-fn)."""
    env = emulator.env()
    seed.seed_proxy(env, "orders")
    seed.seed_functions(env, "orders", 1)
    return env


def quotas(env: dict[str, str]) -> dict[str, dict]:
    run = doctor.run(env, "--proxy-name", "orders", "--json")
    assert run.code == 0, run.failures()
    return {f["resource"].rsplit("/", 1)[1]: f for f in run.of("iam.role-quotas")}


def test_the_doctor_warns_where_iam_refuses_the_next_grant(env):
    iam = client(env, "iam")
    found = quotas(env)
    assert [(role, f["status"]) for role, f in found.items()] == [("orders-proxy", "ok"), ("orders-fn", "ok")]
    policies = [
        iam.create_policy(
            PolicyName=f"team-{n}", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [READ]})
        )["Policy"]["Arn"]
        for n in range(11)
    ]
    for arn in policies[:10]:
        iam.attach_role_policy(RoleName="orders-fn", PolicyArn=arn)
    with pytest.raises(ClientError, match="LimitExceeded"):
        iam.attach_role_policy(RoleName="orders-fn", PolicyArn=policies[10])
    text = json.dumps(DEAD_LETTERS, indent=4)
    iam.put_role_policy(RoleName="orders-proxy", PolicyName="dead-letters", PolicyDocument=text)
    read_secret = iam.get_role_policy(RoleName="orders-proxy", PolicyName="read-secret")["PolicyDocument"]
    inline = sum(len(json.dumps(d, separators=(",", ":"))) for d in (DEAD_LETTERS, read_secret))
    assert inline >= 9216

    found = quotas(env)
    assert {role: f["status"] for role, f in found.items()} == {"orders-proxy": "warn", "orders-fn": "warn"}
    assert f"the inline policies of orders-proxy hold {inline:,} of the 10,240" in found["orders-proxy"]["message"]
    assert found["orders-fn"]["message"].startswith(
        "the next managed policy attached to orders-fn is refused by IAM unless the account's quota was raised above 10"
    )
