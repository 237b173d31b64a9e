"""The templates in scripts/rds_proxy_tools/templates/ are the canonical IAM policies; the module must agree.

For each case of an input matrix, a covering array over engine (MySQL, PostgreSQL),
users (one, several), key (customer managed, AWS-managed) and partition (aws,
aws-us-gov), plus created or existing secrets:
  * plan: every policy Terraform knows at plan time equals the rendered template;
  * apply on the moto emulator: all four policies in the state, and the root output
    rds_connect_policy_json, equal the rendered template. So does what render_policies
    renders from the case's own root outputs.
The cases are module calls of one configuration, one provider alias per partition: one plan and
one apply for all of them.
Policies are compared normalized: statement order, list order, and one-item list == string.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import emulator as emu
from harness.emulator import seed
from harness.terraform import tfrun
from rds_proxy_tools import policy_inputs as pi
from rds_proxy_tools import render_policies as rp

ADDRESSES = {
    "proxy-trust": ("module.proxy_role.aws_iam_role.this[0]", "assume_role_policy"),
    "proxy-secrets": ("module.proxy_role.aws_iam_role_policy.secrets[0]", "policy"),
    "lambda-trust": ("module.lambda.aws_iam_role.this[0]", "assume_role_policy"),
    "rds-connect": ("module.lambda.aws_iam_role_policy.rds_connect[0]", "policy"),
}
REGIONS = {"aws": "us-east-1", "aws-us-gov": "us-gov-west-1"}


@dataclass(frozen=True)
class Case:
    id: str
    engine: str  # MYSQL | POSTGRESQL
    users: tuple[str, ...]
    customer_key: bool
    partition: str
    create_secret: bool = True
    existing_secrets: int = 0  # secrets created beforehand and passed in existing_secrets
    aurora: bool = False


# Pairwise covering array over engine x users x key x partition (rows 0000 0111 1011 1101 1110).
CASES = [
    Case("mysql-one-user-cmk-aws", "MYSQL", ("app_user",), True, "aws"),
    # reader's credentials are in an existing secret: the proxy needs a secret for every user it lets in.
    Case("mysql-two-users-managed-gov", "MYSQL", ("app_user", "reader"), False, "aws-us-gov", existing_secrets=1),
    Case(
        "pg-one-user-managed-gov-existing",
        "POSTGRESQL",
        ("app_user",),
        False,
        "aws-us-gov",
        create_secret=False,
        existing_secrets=1,
    ),
    Case(
        "pg-aurora-three-users-cmk-gov-existing",
        "POSTGRESQL",
        ("app_user", "reader", "etl_job"),
        True,
        "aws-us-gov",
        create_secret=False,
        existing_secrets=2,
        aurora=True,
    ),
    Case(
        "pg-two-users-managed-aws-created-and-existing",
        "POSTGRESQL",
        ("app_user", "report_ro"),
        False,
        "aws",
        existing_secrets=1,
    ),
]


def normalize(value: Any) -> Any:
    """Order-insensitive form of a policy: lists sorted, one-item lists collapsed."""
    if isinstance(value, dict):
        return {key: normalize(item) for key, item in value.items()}
    if isinstance(value, list):
        items = sorted((normalize(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
        return items[0] if len(items) == 1 else items
    return value


def test_normalize_ignores_only_order_and_list_wrapping():
    a = {"Statement": [{"Sid": "B", "Resource": ["y", "x"]}, {"Sid": "A", "Action": ["s:Get"]}]}
    b = {"Statement": [{"Sid": "A", "Action": "s:Get"}, {"Sid": "B", "Resource": ["x", "y"]}]}
    assert normalize(a) == normalize(b)
    assert normalize({"Resource": ["x", "y"]}) != normalize({"Resource": ["x"]})
    assert normalize({"Action": "s:Get"}) != normalize({"Action": "s:Put"})


@dataclass
class Prepared:
    region: str
    tf_vars: dict[str, Any]
    existing_secret_arns: list[str]
    existing_key_arns: list[str]


def prepare(case: Case, endpoint: str, zip_path: str) -> Prepared:
    """Network, database and (for existing-secret cases) secrets in the emulator; the case's tf vars."""
    region = REGIONS[case.partition]
    env = emu.aws_env(endpoint, region)
    ec2, rds, kms, sm = (emu.client(env, name) for name in ("ec2", "rds", "kms", "secretsmanager"))
    vpc, subnets = seed.seed_network(env, "10.20")
    db_sg = ec2.create_security_group(GroupName=f"{case.id}-db", Description="database", VpcId=vpc)["GroupId"]
    db_id = f"{case.id}-db"
    engine = "aurora-postgresql" if case.aurora else ("mysql" if case.engine == "MYSQL" else "postgres")
    if case.aurora:
        rds.create_db_cluster(
            DBClusterIdentifier=db_id, Engine=engine, MasterUsername="master", MasterUserPassword="password-123"
        )
    else:
        rds.create_db_instance(
            DBInstanceIdentifier=db_id,
            Engine=engine,
            DBInstanceClass="db.t3.micro",
            MasterUsername="master",
            MasterUserPassword="password-123",
            AllocatedStorage=20,
        )

    existing_key = case.customer_key and not case.create_secret
    key_arns = [kms.create_key(Description=case.id)["KeyMetadata"]["Arn"]] if existing_key else []
    secret_arns = [
        sm.create_secret(
            Name=f"{case.id}/user-{i}",
            SecretString='{"username":"u","password":"p"}',
            **({"KmsKeyId": key_arns[0]} if key_arns else {}),
        )["ARN"]
        for i in range(case.existing_secrets)
    ]
    tf_vars = {
        "name": f"eq{CASES.index(case)}",
        "engine_family": case.engine,
        "db_username": case.users[0],
        "connect_db_users": list(case.users),
        "vpc_id": vpc,
        "subnet_ids": subnets,
        "db_security_group_id": db_sg,
        "lambda_zip_path": zip_path,
        "create_secret": case.create_secret,
        "existing_secrets": {
            f"user{i}": {"secret_arn": arn, **({"kms_key_arn": key_arns[0]} if key_arns else {})}
            for i, arn in enumerate(secret_arns)
        },
        "create_kms_key": case.customer_key and case.create_secret,
        "secret_recovery_window_in_days": 0,
        ("db_cluster_identifier" if case.aurora else "db_instance_identifier"): db_id,
        # Not among the four policies compared: left out to keep each apply short.
        "create_alarms": False,
        "create_dashboard": False,
        "create_log_group_kms_key": False,
    }
    return Prepared(region, tf_vars, secret_arns, key_arns)


def policies_at(values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """{policy name: parsed policy or None (unknown)} from resource values by address."""
    found = {}
    for name, (address, attribute) in ADDRESSES.items():
        assert address in values, f"{address} missing"
        text = values[address].get(attribute)
        found[name] = json.loads(text) if text else None
    return found


def state_values(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["address"]: r["values"] for r in tfrun.walk_resources(state["values"]["root_module"])}


def assert_equal_policies(actual: dict[str, Any], expected: dict[str, Any], where: str) -> None:
    for name, policy in expected.items():
        assert normalize(actual[name]) == normalize(policy), f"{where}: {name} differs from its template"


def wrapper(repo: Path, tf_vars: dict[str, dict[str, Any]]) -> Path:
    """A configuration calling the root module once per case, each in its case's region (one provider alias per
    partition): one plan and one apply for every case, each provider load paid once."""
    directory = repo / ".policy-cases"
    directory.mkdir()
    blocks = [tfrun.REQUIRES_AWS]
    for partition, region in REGIONS.items():
        blocks.append(f'provider "aws" {{\n  alias  = "{partition}"\n  region = "{region}"\n}}\n')
    for case in CASES:
        blocks += [tfrun.module_block(case.id, "../", tf_vars[case.id], case.partition), tfrun.output_block(case.id)]
    (directory / "main.tf").write_text("\n".join(blocks))
    return directory


def case_state_values(state: dict[str, Any], case: Case) -> dict[str, dict[str, Any]]:
    """The case's resources by their address inside the root module."""
    prefix = f"module.{case.id}."
    return {address.removeprefix(prefix): v for address, v in state_values(state).items() if address.startswith(prefix)}


def test_module_policies_equal_the_templates(emulator, lambda_zip, tmp_path, capsys):
    prepared = {case.id: prepare(case, emulator.endpoint, str(lambda_zip)) for case in CASES}
    env = {**emu.scrubbed_environ(), **emu.aws_env(emulator.endpoint)}
    directory = wrapper(tfrun.copy_repo(tmp_path / "repo"), {name: p.tf_vars for name, p in prepared.items()})
    workspace = tfrun.Workspace(directory, env)
    account = emu.ACCOUNT_ID

    # ---- plan: what Terraform already knows must equal the template
    workspace.init()
    plans = tfrun.split_cases(dict(workspace.tf.plan(output=True)), [case.id for case in CASES])
    for case in CASES:
        planned = policies_at(plans[case.id].values)
        known = {name for name, policy in planned.items() if policy is not None}
        secrets_known = not case.create_secret  # a created secret's (or key's) ARN is unknown until apply
        assert known == {"proxy-trust", "lambda-trust"} | ({"proxy-secrets"} if secrets_known else set()), case.id
        plan_inputs = pi.PolicyInputs(
            region=prepared[case.id].region,
            account_id=account,
            secret_arns=tuple(prepared[case.id].existing_secret_arns),
            kms_key_arns=tuple(prepared[case.id].existing_key_arns),
        )
        assert_equal_policies(planned, rp.render_all(sorted(known), plan_inputs), f"{case.id}: plan")

    # ---- apply on the emulator: every policy in the state must equal the template
    workspace.apply()
    state = workspace.state()
    outputs = workspace.outputs()
    for case in CASES:
        existing = prepared[case.id]
        values = case_state_values(state, case)
        proxy_arn = values["module.proxy.aws_db_proxy.this"]["arn"]
        created_secret = values.get("module.secret.aws_secretsmanager_secret.this[0]", {}).get("arn")
        created_key = values.get("module.secret.aws_kms_key.this[0]", {}).get("arn")
        assert (created_key is not None) == (case.customer_key and case.create_secret), case.id
        inputs = pi.PolicyInputs(
            region=existing.region,
            account_id=account,
            proxy_resource_id=proxy_arn.rsplit(":", 1)[1],
            db_users=case.users,
            secret_arns=tuple(filter(None, [created_secret, *existing.existing_secret_arns])),
            kms_key_arns=tuple(filter(None, [created_key, *existing.existing_key_arns])),
        )
        expected = rp.render_all(list(ADDRESSES), inputs)
        assert_equal_policies(policies_at(values), expected, f"{case.id}: state")
        has_decrypt = any(s["Sid"] == "DecryptProxySecrets" for s in expected["proxy-secrets"]["Statement"])
        assert has_decrypt == case.customer_key, case.id
        resources = expected["rds-connect"]["Statement"][0]["Resource"]
        assert all(arn.startswith(f"arn:{case.partition}:") for arn in resources), case.id
        root_outputs = outputs[case.id]
        assert normalize(json.loads(root_outputs["rds_connect_policy_json"])) == normalize(expected["rds-connect"])

        # ---- the CLI, fed the case's own root outputs, renders the same policies
        output_file = tmp_path / f"{case.id}.outputs.json"
        output_file.write_text(json.dumps(root_outputs))
        key_flags = [arg for arn in existing.existing_key_arns for arg in ("--kms-key-arn", arn)]
        code = rp.main(["--tf-output", str(output_file), *key_flags])
        rendered = capsys.readouterr()
        assert (code, rendered.err) == (0, ""), case.id
        assert_equal_policies(json.loads(rendered.out), expected, f"{case.id}: render_policies --tf-output")
