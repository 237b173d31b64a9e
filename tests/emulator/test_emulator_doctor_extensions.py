"""The emulator's extensions the doctor's tests need. Target health (harness.emulator.moto_target_health): a test
sets a proxy target's TargetHealth, DescribeDBProxyTargets reports it, what does not fit botocore's TargetHealth
shape is refused, and clearing it gives the target back to moto. The master user secret RDS manages holds the master
username (harness.emulator.moto_managed_secret)."""

from __future__ import annotations

import json

import pytest

from harness.emulator import client, seed
from harness.emulator.moto_target_health import set_target_health

AUTH_FAILURE = {"State": "UNAVAILABLE", "Reason": "AUTH_FAILURE", "Description": "Proxy can't log in with the secret"}


@pytest.fixture(scope="module")
def proxy(emulator) -> str:
    """The seeded proxy "orders", its DB instance registered as its target."""
    return seed.seed_proxy(emulator.env())["proxy_name"]


def health(env: dict[str, str], proxy: str) -> dict[str, str]:
    (target,) = client(env, "rds").describe_db_proxy_targets(DBProxyName=proxy)["Targets"]
    return target["TargetHealth"]


def test_a_set_health_is_reported_until_cleared(emulator, proxy):
    set_target_health(emulator.endpoint, proxy, "orders-db", AUTH_FAILURE)
    assert health(emulator.env(), proxy) == AUTH_FAILURE
    assert health(emulator.env(), proxy) == AUTH_FAILURE  # not only once, as moto's REGISTERING
    set_target_health(emulator.endpoint, proxy, "orders-db", None)
    assert health(emulator.env(), proxy) == {"State": "AVAILABLE"}


@pytest.mark.parametrize(
    ("target", "given", "refused"),
    [
        ("orders-db", {"State": "BROKEN"}, "valid values: REGISTERING, AVAILABLE, UNAVAILABLE"),
        ("orders-db", {"State": "UNAVAILABLE", "Reason": "TIRED"}, "Invalid value for parameter Reason"),
        ("orders-db", {"Sate": "AVAILABLE"}, 'Unknown parameter in input: "Sate"'),
        ("other-db", {"State": "AVAILABLE"}, "proxy orders has no target 'other-db'"),
    ],
    ids=["state", "reason", "member", "target"],
)
def test_health_that_does_not_fit_is_refused(emulator, proxy, target, given, refused):
    with pytest.raises(RuntimeError, match="emulator refused the target health") as caught:
        set_target_health(emulator.endpoint, proxy, target, given)
    assert refused in str(caught.value)
    assert health(emulator.env(), proxy) == {"State": "AVAILABLE"}


def test_the_managed_master_user_secret_holds_the_master_username(emulator):
    rds = client(emulator.env(), "rds")
    cluster = rds.create_db_cluster(
        DBClusterIdentifier="managed",
        Engine="aurora-postgresql",
        MasterUsername="app_admin",
        ManageMasterUserPassword=True,
    )["DBCluster"]
    secret = client(emulator.env(), "secretsmanager").get_secret_value(
        SecretId=cluster["MasterUserSecret"]["SecretArn"]
    )
    value = json.loads(secret["SecretString"])
    assert value["username"] == "app_admin" and value["password"]
