"""Every example applies on the emulator, re-plans with no changes, and destroys to nothing."""

from __future__ import annotations

import json

import pytest

from harness import emulator as emu
from harness import seed, tfrun
from harness.emulator import client
from harness.residue import lambda_environments, secret_passwords, state_resources, still_present

pytestmark = pytest.mark.apply

# Examples that start from an existing database get one seeded into the emulator first;
# second-function starts from an existing proxy.
SEEDED = {"existing-database": "MYSQL", "existing-secret": "POSTGRESQL"}
EXAMPLES = ["existing-database", "existing-secret", "aurora-postgresql", "mysql-instance", "second-function"]


def example_vars(example: str, env: dict[str, str], lambda_zip, layer_zip) -> dict:
    """What the example is applied with: the seeded resources' ids and the packages it deploys."""
    if example == "second-function":
        seeded = seed.seed_proxy(env)
        return {
            "proxy_name": seeded["proxy_name"],
            "subnet_ids": seeded["subnet_ids"],
            "lambda_zip_path": str(lambda_zip),
        }
    tf_vars = seed.seed_database(env, engine_family=SEEDED[example]) if example in SEEDED else {}
    if example == "existing-secret":
        tf_vars.pop("db_host")
        tf_vars["layer_zip_path"] = str(layer_zip)
    else:
        tf_vars["lambda_zip_path"] = str(lambda_zip)
    return tf_vars


def assert_no_secret_leaks(env: dict[str, str], created: list[dict], tfdir, outputs: dict) -> None:
    """The passwords in the secrets are in neither the state file nor the outputs; the functions'
    environment holds only the DB_* settings, with the proxy as host."""
    passwords = secret_passwords(env, created)
    assert passwords and all(len(p) >= 16 for p in passwords)
    state_text = (tfdir / "terraform.tfstate").read_text()
    assert not any(p in state_text or p in json.dumps(outputs) for p in passwords)
    for variables in lambda_environments(env, created):
        assert set(variables) == {"DB_HOST", "DB_PORT", "DB_USER", "DB_NAME", "DB_ENGINE"}
        assert variables["DB_HOST"] == outputs["proxy_endpoint"]


def assert_alarms_and_dashboard_read_back(env: dict[str, str], created: list[dict]) -> None:
    """The emulator holds every alarm of the state, with its dimensions or metric math, and the dashboard
    with its widgets."""
    in_state = {r["values"]["alarm_name"]: r["values"] for r in created if r["type"] == "aws_cloudwatch_metric_alarm"}
    assert len(in_state) >= 5
    read = client(env, "cloudwatch").describe_alarms(AlarmNames=list(in_state))["MetricAlarms"]
    assert {alarm["AlarmName"] for alarm in read} == set(in_state)
    for alarm in read:
        expected = in_state[alarm["AlarmName"]]
        assert alarm["AlarmDescription"] == expected["alarm_description"]
        if expected["metric_name"]:
            assert {d["Name"]: d["Value"] for d in alarm["Dimensions"]} == expected["dimensions"]
        else:
            assert {m["Id"] for m in alarm["Metrics"]} == {"used_pct", "connections", "allowed"}
    (dashboard,) = [r["values"] for r in created if r["type"] == "aws_cloudwatch_dashboard"]
    body = client(env, "cloudwatch").get_dashboard(DashboardName=dashboard["dashboard_name"])["DashboardBody"]
    assert json.loads(body) == json.loads(dashboard["dashboard_body"])


def assert_layer_published(env: dict[str, str], layer_arn: str, layer_zip) -> None:
    """The emulator holds the layer version the output names, built from the layer zip, for Python."""
    name, number = layer_arn.split(":")[-2:]
    version = client(env, "lambda").get_layer_version(LayerName=name, VersionNumber=int(number))
    assert version["Content"]["CodeSize"] == layer_zip.stat().st_size
    assert version["CompatibleRuntimes"] == ["python3.12"] and version["CompatibleArchitectures"] == ["x86_64"]


def assert_second_function_reaches_the_proxy(env: dict[str, str], created: list[dict], outputs: dict) -> None:
    """Its own role with rds-db:connect on the seeded proxy's prx- id, its own group, and a rule from that
    group into the proxy's group, on the engine port."""
    proxy = client(env, "rds").describe_db_proxies(DBProxyName="orders")["DBProxies"][0]
    prx_id = proxy["DBProxyArn"].rsplit(":", 1)[1]
    (policy,) = [r["values"]["policy"] for r in created if r["type"] == "aws_iam_role_policy"]
    assert json.loads(policy)["Statement"][0]["Resource"].endswith(f":dbuser:{prx_id}/reporting")
    (rule,) = [r["values"] for r in created if r["type"] == "aws_vpc_security_group_ingress_rule"]
    assert rule["security_group_id"] == proxy["VpcSecurityGroupIds"][0]
    assert rule["referenced_security_group_id"] == outputs["security_group_id"]
    assert (rule["from_port"], rule["to_port"]) == (3306, 3306)
    (variables,) = lambda_environments(env, created)
    assert variables["DB_HOST"] == proxy["Endpoint"] and variables["DB_USER"] == "reporting"


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_applies_replans_empty_and_destroys(example, tmp_path, lambda_zip, layer_zip):
    with emu.start(tmp_path / "moto") as server:
        env = {**emu.scrubbed_environ(), **server.env()}
        tf_vars = example_vars(example, server.env(), lambda_zip, layer_zip)
        workspace = tfrun.Workspace(tfrun.copy_repo(tmp_path / "repo") / "examples" / example, env)

        workspace.apply(tf_vars)
        outputs = workspace.outputs()
        assert outputs["proxy_endpoint"].endswith(".rds.amazonaws.com")
        assert outputs["rds_connect_policy_json"]
        state = workspace.state()
        created = state_resources(state)
        if example == "second-function":
            assert_second_function_reaches_the_proxy(server.env(), created, outputs)
        else:
            assert {r["type"] for r in created} >= {"aws_db_proxy", "aws_db_proxy_target", "aws_iam_role_policy"}
            assert_no_secret_leaks(server.env(), created, workspace.tfdir, outputs)
            assert_alarms_and_dashboard_read_back(server.env(), created)
        if example == "existing-secret":
            assert_layer_published(server.env(), outputs["layer_arn"], layer_zip)

        residual = tfrun.changes(workspace.plan(tf_vars))
        assert [c["address"] for c in residual if not emu.is_known_gap(c)] == []

        workspace.destroy(tf_vars)
        assert still_present(server.env(), created) == []
