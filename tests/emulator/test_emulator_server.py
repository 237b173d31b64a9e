"""The emulator's server handles one request at a time (harness.emulator.moto_server.SerialisedDispatcher): requests
made at once from threads, which moto 5.2.5's EC2 backend fails when they meet (an HTTP 500), all succeed."""

from __future__ import annotations

import threading
import time

import boto3
import pytest
from botocore.config import Config

pytestmark = pytest.mark.emulator

RACE_S = 6.0  # moto without the lock fails within about 1.5 s here, under load too


def ec2_without_retries(env: dict[str, str]):
    """An EC2 client that shows a failed request instead of retrying it (botocore retries a 500)."""
    session = boto3.session.Session(
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_REGION"],
    )
    return session.client("ec2", endpoint_url=env["AWS_ENDPOINT_URL"], config=Config(retries={"max_attempts": 1}))


def test_rule_listing_and_group_creation_at_once_all_succeed(aws_env):
    """DescribeSecurityGroupRules walks every group's rules live (moto/ec2/models/security_groups.py, lines 694-698)
    while CreateSecurityGroup adds a group to the same dict (line 657): without the lock, `dictionary changed size
    during iteration` fails a request within the first second or two. 1200 rules make the walk long enough to meet a
    creation; the group-id filter keeps the answer short."""
    ec2 = ec2_without_retries(aws_env)
    vpc_id = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    cidrs = [{"CidrIp": f"10.41.{i}.0/24"} for i in range(59)]  # 60 rules a group with the default egress rule
    for g in range(20):
        group_id = ec2.create_security_group(GroupName=f"seed-{g}", Description="seed", VpcId=vpc_id)["GroupId"]
        ec2.authorize_security_group_ingress(
            GroupId=group_id, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": cidrs}]
        )

    failures: list[str] = []
    done: dict[str, list[int]] = {"describe": [], "create": []}
    deadline = time.monotonic() + RACE_S

    def keep_calling(kind: str, call) -> None:
        n = 0
        while time.monotonic() < deadline and not failures:
            n += 1
            try:
                call(n)
                done[kind].append(n)
            except Exception as error:  # a 500's HTML body is a ResponseParserError, not a ClientError
                failures.append(f"{kind}: {type(error).__name__}: {str(error)[:200]}")

    def describe(client):
        no_group = [{"Name": "group-id", "Values": ["sg-0123456789abcdef0"]}]
        return lambda n: client.describe_security_group_rules(Filters=no_group)

    def create(client, k: int):
        return lambda n: client.create_security_group(GroupName=f"more-{k}-{n}", Description="more", VpcId=vpc_id)

    calls = [("describe", describe(ec2_without_retries(aws_env)))]
    calls += [("create", create(ec2_without_retries(aws_env), k)) for k in range(3)]
    threads = [threading.Thread(target=keep_calling, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    counts = {kind: len(calls) for kind, calls in done.items()}
    assert counts["describe"] >= 3 and counts["create"] >= 10, counts  # they did overlap, many times
