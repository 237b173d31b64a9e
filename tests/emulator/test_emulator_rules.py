"""The emulator refuses what AWS refuses for the RDS Proxy calls (harness.emulator.moto_rds_rules), which moto 5.2.5
alone would take: each rule through boto3 on the server, and a value just inside each bound still taken."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from harness.emulator import client, seed


def refused(call, **kwargs) -> str:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]["Code"]


@pytest.fixture(scope="module")
def seeded(aws_env) -> dict:
    """A MySQL proxy on a MySQL instance, and a PostgreSQL one (on its own instance)."""
    mysql = seed.seed_proxy(aws_env, name="rules-mysql")
    postgres = seed.seed_proxy(aws_env, name="rules-pg", engine_family="POSTGRESQL")
    secret = client(aws_env, "secretsmanager").create_secret(Name="rules-extra", SecretString="{}")["ARN"]
    proxy = client(aws_env, "rds").describe_db_proxies(DBProxyName="rules-mysql")["DBProxies"][0]
    return {"mysql": mysql, "postgres": postgres, "secret": secret, "role": proxy["RoleArn"]}


def create_proxy(aws_env, seeded, name: str, engine_family: str = "MYSQL", **overrides):
    arguments = {
        "DBProxyName": name,
        "EngineFamily": engine_family,
        "Auth": [{"AuthScheme": "SECRETS", "SecretArn": seeded["secret"], "IAMAuth": "REQUIRED"}],
        "RoleArn": seeded["role"],
        "VpcSubnetIds": seeded["mysql"]["subnet_ids"],
        **overrides,
    }
    return client(aws_env, "rds").create_db_proxy(**arguments)


def test_pinning_filters_only_on_a_mysql_proxy(aws_env, seeded):
    rds = client(aws_env, "rds")
    modify = rds.modify_db_proxy_target_group
    filters = {"SessionPinningFilters": ["EXCLUDE_VARIABLE_SETS"]}
    code = refused(modify, DBProxyName="rules-pg", TargetGroupName="default", ConnectionPoolConfig=filters)
    assert code == "InvalidParameterValue"
    modify(DBProxyName="rules-mysql", TargetGroupName="default", ConnectionPoolConfig=filters)
    unknown = {"SessionPinningFilters": ["EXCLUDE_LOCKS"]}
    code = refused(modify, DBProxyName="rules-mysql", TargetGroupName="default", ConnectionPoolConfig=unknown)
    assert code == "InvalidParameterValue"


@pytest.mark.parametrize(
    "config",
    [
        {"MaxConnectionsPercent": 0},
        {"MaxConnectionsPercent": 101},
        {"MaxConnectionsPercent": 40, "MaxIdleConnectionsPercent": 41},
        {"ConnectionBorrowTimeout": 301},
    ],
)
def test_pool_settings_out_of_range_are_refused(aws_env, seeded, config):
    modify = client(aws_env, "rds").modify_db_proxy_target_group
    code = refused(modify, DBProxyName="rules-mysql", TargetGroupName="default", ConnectionPoolConfig=config)
    assert code == "InvalidParameterValue"


def test_pool_settings_at_their_bounds_are_taken(aws_env, seeded):
    config = {"MaxConnectionsPercent": 40, "MaxIdleConnectionsPercent": 40, "ConnectionBorrowTimeout": 300}
    group = client(aws_env, "rds").modify_db_proxy_target_group(
        DBProxyName="rules-mysql", TargetGroupName="default", ConnectionPoolConfig=config
    )["DBProxyTargetGroup"]
    assert group["ConnectionPoolConfig"]["ConnectionBorrowTimeout"] == 300


@pytest.mark.parametrize(
    ("engine_family", "entry"),
    [
        ("POSTGRESQL", {"ClientPasswordAuthType": "MYSQL_NATIVE_PASSWORD"}),
        ("MYSQL", {"ClientPasswordAuthType": "POSTGRES_MD5"}),
        ("MYSQL", {"IAMAuth": "ENABLED"}),
    ],
)
def test_auth_settings_of_another_engine_are_refused(aws_env, seeded, engine_family, entry):
    auth = [{"AuthScheme": "SECRETS", "SecretArn": seeded["secret"], "IAMAuth": "REQUIRED", **entry}]
    code = refused(
        lambda **kw: create_proxy(aws_env, seeded, **kw), name="rules-auth", engine_family=engine_family, Auth=auth
    )
    assert code in ("InvalidParameterValue", "InvalidParameterCombination")
    modify = client(aws_env, "rds").modify_db_proxy
    target = "rules-pg" if engine_family == "POSTGRESQL" else "rules-mysql"
    assert refused(modify, DBProxyName=target, Auth=auth) == code


def test_auth_settings_of_the_engine_are_taken(aws_env, seeded):
    auth = [
        {"AuthScheme": "SECRETS", "SecretArn": seeded["secret"], "IAMAuth": "DISABLED", "ClientPasswordAuthType": t}
        for t in ("MYSQL_NATIVE_PASSWORD", "MYSQL_CACHING_SHA2_PASSWORD")
    ]
    proxy = create_proxy(aws_env, seeded, "rules-caching-sha2", Auth=auth)["DBProxy"]
    assert [a["ClientPasswordAuthType"] for a in proxy["Auth"]] == [
        "MYSQL_NATIVE_PASSWORD",
        "MYSQL_CACHING_SHA2_PASSWORD",
    ]


@pytest.mark.parametrize(
    "overrides",
    [
        {"DBProxyName": "rules--name"},
        {"DBProxyName": "rules-"},
        {"DBProxyName": "p" * 64},
        {"IdleClientTimeout": 28801},
        {"IdleClientTimeout": 0},
    ],
)
def test_proxy_settings_aws_refuses_are_refused(aws_env, seeded, overrides):
    arguments = {"name": "rules-settings", **{k: v for k, v in overrides.items() if k != "DBProxyName"}}
    if "DBProxyName" in overrides:
        arguments["name"] = overrides["DBProxyName"]
    assert refused(lambda **kw: create_proxy(aws_env, seeded, **kw), **arguments) == "InvalidParameterValue"


def test_a_target_of_another_engine_is_refused(aws_env, seeded):
    rds = client(aws_env, "rds")
    code = refused(rds.register_db_proxy_targets, DBProxyName="rules-pg", DBInstanceIdentifiers=["rules-mysql-db"])
    assert code == "InvalidParameterCombination"
    rds.register_db_proxy_targets(DBProxyName="rules-pg", DBInstanceIdentifiers=["rules-pg-db"])
