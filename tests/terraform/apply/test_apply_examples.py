"""Every example applies on the emulator, passes rds-proxy-doctor, re-plans with no changes, and destroys to nothing;
on examples/existing-database, every breakage of tests/terraform/apply/doctor_cases.py is named by the doctor first; on
examples/existing-functions, the classic ones on each function."""

from __future__ import annotations

import json
import shutil

import doctor_cases
import pytest
from botocore.exceptions import ClientError

from harness import emulator as emu
from harness.emulator import client, doctor, seed
from harness.emulator.residue import (
    lambda_environments,
    managed_secret_arns,
    managed_secret_passwords,
    secret_passwords,
    state_resources,
    still_present,
)
from harness.terraform import releases, tfrun

# Examples that start from an existing database get one seeded into the emulator first;
# second-function starts from an existing proxy.
SEEDED = {"existing-database": "MYSQL", "existing-secret": "POSTGRESQL", "existing-functions": "MYSQL"}
EXAMPLES = [
    "existing-database",
    "existing-secret",
    "aurora-postgresql",
    "mysql-instance",
    "second-function",
    "existing-functions",
]
# Applied first as the previous release had it, then upgraded to this checkout.
UPGRADED = "existing-database"


def example_vars(example: str, env: dict[str, str], lambda_zip, layer_zip, functions_zip) -> dict:
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
    elif example == "existing-functions":
        tf_vars.pop("engine_family", None)
        tf_vars["functions_zip_path"] = str(functions_zip)
    else:
        tf_vars["lambda_zip_path"] = str(lambda_zip)
    return tf_vars


def assert_no_secret_leaks(env: dict[str, str], created: list[dict], tfdir, outputs: dict) -> None:
    """The passwords in the secrets, the module's and those RDS manages, are in neither the state file nor
    the outputs; the functions' environment holds only the DB_* settings, with the proxy as host."""
    generated = secret_passwords(env, created)
    assert all(len(p) >= 16 for p in generated)
    passwords = generated + managed_secret_passwords(env, created)  # RDS's own, where it manages the secret
    assert passwords
    state_text = (tfdir / "terraform.tfstate").read_text()
    assert not any(p in state_text or p in json.dumps(outputs) for p in passwords)
    for variables in lambda_environments(env, created):
        reader = {"DB_READ_HOST": outputs["proxy_read_endpoint"]} if "proxy_read_endpoint" in outputs else {}
        assert set(variables) == {"DB_HOST", "DB_PORT", "DB_USER", "DB_NAME", "DB_ENGINE", *reader}
        assert variables["DB_HOST"] == outputs["proxy_endpoint"]
        assert {key: variables[key] for key in reader} == reader


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


def assert_proxy_reads_the_managed_secret_and_has_a_reader_endpoint(env: dict[str, str], outputs: dict) -> None:
    """The proxy's only secret is the one RDS manages for the master user; its reader endpoint is READ_ONLY,
    on the proxy's subnets and security group."""
    rds = client(env, "rds")
    (proxy,) = rds.describe_db_proxies(DBProxyName="aurora-pg")["DBProxies"]
    assert [auth["SecretArn"] for auth in proxy["Auth"]] == [outputs["master_user_secret_arn"]]
    (cluster,) = rds.describe_db_clusters(DBClusterIdentifier="aurora-pg")["DBClusters"]
    assert cluster["MasterUserSecret"]["SecretArn"] == outputs["master_user_secret_arn"]
    endpoints = rds.describe_db_proxy_endpoints(DBProxyName="aurora-pg")["DBProxyEndpoints"]
    (reader,) = [e for e in endpoints if not e["IsDefault"]]
    assert (reader["DBProxyEndpointName"], reader["TargetRole"]) == ("aurora-pg-ro", "READ_ONLY")
    assert reader["Endpoint"] == outputs["proxy_read_endpoint"]
    assert (sorted(reader["VpcSubnetIds"]), reader["VpcSecurityGroupIds"]) == (
        sorted(proxy["VpcSubnetIds"]),
        proxy["VpcSecurityGroupIds"],
    )


def assert_proxy_setting_changes_in_place(workspace, tf_vars: dict) -> None:
    """A changed proxy setting plans as an in-place update (ModifyDBProxy), not a replacement. Applying such an
    update is tested in test_emulator_extension.py."""
    changed = {**tf_vars, "idle_client_timeout": 1200}
    planned = [
        (c["address"], c["change"]["actions"])
        for c in tfrun.changes(workspace.plan(changed))
        if not emu.is_known_gap(c)
    ]
    assert planned == [("module.rds_proxy.module.proxy.aws_db_proxy.this", ["update"])]


def assert_each_secret_has_its_own_auth_entry(env: dict[str, str], created: list[dict]) -> None:
    """The proxy reads back one auth entry per secret, each with the settings the example gave it: IAM tokens for
    the functions' user, a password login for the migrations' user."""
    (proxy,) = [r["values"] for r in created if r["type"] == "aws_db_proxy"]
    read = client(env, "rds").describe_db_proxies(DBProxyName=proxy["name"])["DBProxies"][0]["Auth"]
    versions = {r["index"]: r["values"]["arn"] for r in created if r["type"] == "aws_secretsmanager_secret_version"}
    assert sorted(
        (a["SecretArn"], a["IAMAuth"], a["ClientPasswordAuthType"], a["Description"]) for a in read
    ) == sorted(
        [
            (versions["app"], "REQUIRED", "POSTGRES_SCRAM_SHA_256", "Functions, with IAM tokens"),
            (versions["migrations"], "DISABLED", "POSTGRES_SCRAM_SHA_256", "Schema migrations, with the password"),
        ]
    )
    assert proxy["require_tls"] is True


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


def apply_the_previous_release(example: str, tmp_path, env: dict[str, str], tf_vars: dict, workspace) -> None:
    """Apply the example from the previous release's tree and hand its state to `workspace`; the upgrade's
    plan may create and update resources and move them (`moved` blocks), but must delete or replace none."""
    previous = releases.previous_release()
    tree = releases.export_tree(previous.commit, tmp_path / f"v{previous.version}")
    old = tfrun.Workspace(tree / "examples" / example, env)
    old.apply(tf_vars)
    shutil.copy(old.tfdir / "terraform.tfstate", workspace.tfdir / "terraform.tfstate")
    upgrade = tfrun.changes(workspace.plan(tf_vars))
    removed = [(c["address"], c["change"]["actions"]) for c in upgrade if "delete" in c["change"]["actions"]]
    assert removed == [], f"upgrading from {previous.version} deletes or replaces resources"


def assert_the_doctor_finds_no_failure(env: dict[str, str], outputs: dict) -> None:
    """rds-proxy-doctor, reading the secrets too, finds nothing that would stop the path function -> proxy ->
    database (tests/terraform/apply/doctor_cases.py shows it finds what would)."""
    proxy_name = outputs["proxy_endpoint"].split(".", 1)[0]
    run = doctor.run(env, "--proxy-name", proxy_name, "--read-secrets", "--json")
    assert (run.code, run.failed()) == (0, set()), run.failures()


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_applies_replans_empty_and_destroys(example, tmp_path, lambda_zip, layer_zip, functions_zip, subtests):
    with emu.start(tmp_path / "moto") as server:
        env = {**emu.scrubbed_environ(), **server.env()}
        tf_vars = example_vars(example, server.env(), lambda_zip, layer_zip, functions_zip)
        workspace = tfrun.Workspace(tfrun.copy_repo(tmp_path / "repo") / "examples" / example, env)
        if example == UPGRADED:
            apply_the_previous_release(example, tmp_path, env, tf_vars, workspace)

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
        assert_the_doctor_finds_no_failure(server.env(), outputs)
        if example == "existing-secret":
            assert_layer_published(server.env(), outputs["layer_arn"], layer_zip)
            assert_each_secret_has_its_own_auth_entry(server.env(), created)
        if example == "aurora-postgresql":
            assert_proxy_reads_the_managed_secret_and_has_a_reader_endpoint(server.env(), outputs)
            assert_proxy_setting_changes_in_place(workspace, tf_vars)

        residual = tfrun.changes(workspace.plan(tf_vars))
        assert [c["address"] for c in residual if not emu.is_known_gap(c)] == []
        if example == "existing-database":  # once the re-plan is shown empty: the breakages it must not see
            doctor_cases.check_every_case(doctor_cases.Stack.applied(server.env(), server.endpoint, tf_vars), subtests)
        if example == "existing-functions":  # the classic breakages, on the Node.js function and the one elsewhere
            stacks = doctor_cases.Stack.functions_applied(server.env(), server.endpoint, tf_vars)
            doctor_cases.check_every_function(stacks, subtests)

        workspace.destroy(tf_vars)
        assert still_present(server.env(), created) == []
        for arn in managed_secret_arns(created):
            with pytest.raises(ClientError, match="ResourceNotFoundException"):
                client(server.env(), "secretsmanager").describe_secret(SecretId=arn)
