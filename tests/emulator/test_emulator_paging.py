"""The emulator's paging of the list calls the doctor makes (harness.emulator.moto_paging), as AWS pages them, and
the throttling a test asks of it (harness.emulator.moto_throttle), through boto3 on a server of their own."""

from __future__ import annotations

import json

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from harness.emulator import client, seed
from harness.emulator.moto_throttle import throttle, throttles_left

FUNCTIONS = 120


@pytest.fixture(scope="module")
def env(emulator) -> dict[str, str]:
    """The proxy "orders" and FUNCTIONS functions, orders-fn-0000 to orders-fn-0119."""
    env = emulator.env()
    seed.seed_proxy(env, "orders")
    seed.seed_functions(env, "orders", FUNCTIONS, every=FUNCTIONS)
    return env


def refused(call, code: str, *args, **kwargs) -> str:
    with pytest.raises(ClientError) as caught:
        call(*args, **kwargs)
    assert caught.value.response["Error"]["Code"] == code
    return caught.value.response["Error"]["Message"]


def test_list_functions_answers_at_most_50_a_page(env):
    lam = client(env, "lambda")
    first = lam.list_functions()
    assert len(first["Functions"]) == 50 and first["NextMarker"]
    assert len(lam.list_functions(MaxItems=1000)["Functions"]) == 50  # "even if you set the number higher"
    assert len(lam.list_functions(MaxItems=7)["Functions"]) == 7
    pages = list(lam.get_paginator("list_functions").paginate())
    assert [len(page["Functions"]) for page in pages] == [50, 50, 20] and "NextMarker" not in pages[-1]
    names = [function["FunctionName"] for page in pages for function in page["Functions"]]
    assert names == [f"orders-fn-{index:04}" for index in range(FUNCTIONS)]
    assert refused(lam.list_functions, "InvalidParameterValueException", Marker="bogus") == "Invalid Marker: bogus"


def test_describe_db_proxies_and_targets_page_by_max_records(env):
    rds = client(env, "rds")
    (orders,) = rds.describe_db_proxies(DBProxyName="orders")["DBProxies"]
    for index in range(20):
        rds.create_db_proxy(
            DBProxyName=f"more-{index:02}",
            EngineFamily="MYSQL",
            Auth=orders["Auth"],
            RoleArn=orders["RoleArn"],
            VpcSubnetIds=orders["VpcSubnetIds"],
        )
    every = rds.describe_db_proxies()  # 21 proxies: one page of at most 100
    assert len(every["DBProxies"]) == 21 and "Marker" not in every
    first = rds.describe_db_proxies(MaxRecords=20)
    rest = rds.describe_db_proxies(MaxRecords=20, Marker=first["Marker"])
    assert [p["DBProxyName"] for p in first["DBProxies"] + rest["DBProxies"]] == [
        p["DBProxyName"] for p in every["DBProxies"]
    ]
    assert len(rest["DBProxies"]) == 1 and "Marker" not in rest
    said = refused(rds.describe_db_proxies, "InvalidParameterValue", MaxRecords=101)
    assert said == "MaxRecords must be from 20 to 100, not 101."
    targets = rds.describe_db_proxy_targets(DBProxyName="orders", MaxRecords=20)
    assert [t["RdsResourceId"] for t in targets["Targets"]] == ["orders-db"] and "Marker" not in targets
    refused(rds.describe_db_proxy_targets, "InvalidParameterValue", DBProxyName="orders", Marker=first["Marker"])


def test_list_role_policies_pages_with_is_truncated(env):
    iam = client(env, "iam")
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}
    for name in ("deny-a", "deny-b"):
        iam.put_role_policy(RoleName="orders-fn", PolicyName=name, PolicyDocument=json.dumps(document))
    assert iam.list_role_policies(RoleName="orders-fn")["IsTruncated"] is False
    first = iam.list_role_policies(RoleName="orders-fn", MaxItems=2)
    assert first["PolicyNames"] == ["connect", "deny-a"] and first["IsTruncated"] is True
    rest = iam.list_role_policies(RoleName="orders-fn", MaxItems=2, Marker=first["Marker"])
    assert rest["PolicyNames"] == ["deny-b"] and rest["IsTruncated"] is False and "Marker" not in rest
    refused(iam.list_role_policies, "InvalidInput", RoleName="orders-proxy", Marker=first["Marker"])


def test_ec2_answers_everything_unless_max_results_is_given(env):
    ec2 = client(env, "ec2")
    every = ec2.describe_subnets()["Subnets"]
    assert len(every) > 5  # moto's default VPC's subnets and the seeded ones
    first = ec2.describe_subnets(MaxResults=5)
    rest = ec2.describe_subnets(NextToken=first["NextToken"], MaxResults=1000)
    assert [s["SubnetId"] for s in first["Subnets"] + rest["Subnets"]] == [s["SubnetId"] for s in every]
    filters = [{"Name": "vpc-id", "Values": [every[0]["VpcId"]]}]
    refused(ec2.describe_subnets, "InvalidParameterValue", NextToken=first["NextToken"], Filters=filters)
    groups = ec2.describe_security_groups()["SecurityGroups"]
    assert "NextToken" not in ec2.describe_security_groups()
    assert len(ec2.describe_security_groups(MaxResults=5)["SecurityGroups"]) == min(5, len(groups))
    refused(ec2.describe_security_groups, "InvalidParameterValue", MaxResults=1001)


def test_throttled_calls_fail_with_the_code_given_until_the_count_is_spent(emulator, env):
    once = Config(retries={"total_max_attempts": 1})
    rds, lam = client(env, "rds", once), client(env, "lambda", once)
    throttle(emulator.endpoint, "rds", "DescribeDBProxies", 2, "Throttling")
    throttle(emulator.endpoint, "lambda", "ListFunctions", 1, "TooManyRequestsException")
    for _ in range(2):
        assert refused(rds.describe_db_proxies, "Throttling") == "Rate exceeded"
    assert rds.describe_db_proxies(DBProxyName="orders")["DBProxies"]
    with pytest.raises(ClientError) as caught:
        lam.list_functions()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429  # Lambda's model says so
    assert lam.list_functions()["Functions"]
    assert throttles_left(emulator.endpoint) == {"rds:DescribeDBProxies": 0, "lambda:ListFunctions": 0}


@pytest.mark.parametrize(
    ("service", "operation", "count", "said"),
    [
        ("rdss", "DescribeDBProxies", 1, "Unknown service"),
        ("rds", "DescribeProxies", 1, "DescribeProxies"),
        ("rds", "DescribeDBProxies", -1, "count must be a whole number"),
    ],
    ids=["service", "operation", "count"],
)
def test_throttling_that_does_not_fit_is_refused(emulator, service, operation, count, said):
    with pytest.raises(RuntimeError, match="emulator refused the throttling") as caught:
        throttle(emulator.endpoint, service, operation, count, "Throttling")
    assert said in str(caught.value)
