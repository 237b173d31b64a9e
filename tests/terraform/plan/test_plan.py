"""Plan tests of the root module over an input matrix (no resource is created)."""

from __future__ import annotations

import json
import re

import pytest

from harness.builds import LAYER_ZIP
from harness.repo import REPO_ROOT
from harness.run_once import built_once
from harness.terraform import tfrun
from harness.terraform.input_rules import PART_BASE

PROXY = "module.proxy.aws_db_proxy.this"
TARGET = "module.target.aws_db_proxy_target.this"
POOL = "module.target.aws_db_proxy_default_target_group.this"
SECRET = "module.secret.aws_secretsmanager_secret.this[0]"
LAMBDA = "module.lambda.aws_lambda_function.this[0]"
ROLE_POLICY = "module.proxy_role.aws_iam_role_policy.secrets[0]"
SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:team/app-db-AbCdEf"
KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

# Every case is planned in one terraform plan (conftest's `plans`): a wrapper calls the root module once
# per case, so the provider loads once for all of them.
OTHER_LAYER = "arn:aws:lambda:us-east-1:123456789012:layer:observability:3"
TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:oncall"
SG_REPORTS = "sg-0fedcba987654321f"
ROTATION_FN = "arn:aws:lambda:us-east-1:123456789012:function:SecretsManagerRDSMySQLRotationSingleUser"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders/api@sha256:" + "0123456789abcdef" * 4
READER = "orders-ro.endpoint.proxy-abc.us-east-1.rds.amazonaws.com"
PLAN_CASES = {
    "default": {},
    "postgresql": {"engine_family": "POSTGRESQL"},
    "aurora_tuned": {
        "engine_family": "POSTGRESQL",
        "db_instance_identifier": None,
        "db_cluster_identifier": "aurora-pg",
        "max_connections_percent": 90,
        "max_idle_connections_percent": 10,
        "connection_borrow_timeout": 30,
        "init_query": "SET search_path TO app",
        "idle_client_timeout": 900,
        "secret_auth": {"client_password_auth_type": "POSTGRES_SCRAM_SHA_256"},
    },
    "existing_secret_cmk": {
        "create_secret": False,
        "existing_secrets": {"app": {"secret_arn": SECRET_ARN, "kms_key_arn": KEY_ARN}},
    },
    "existing_secret_managed": {"create_secret": False, "existing_secrets": {"app": {"secret_arn": SECRET_ARN}}},
    # Two entries of different settings on a MySQL proxy, whose pool may ignore SET statements.
    "auth_entries": {
        "session_pinning_filters": ["EXCLUDE_VARIABLE_SETS"],
        "secret_auth": {
            "client_password_auth_type": "MYSQL_CACHING_SHA2_PASSWORD",
            "description": "The function's user",
        },
        "existing_secrets": {
            "migrations": {
                "secret_arn": SECRET_ARN,
                "username": "migrator",
                "iam_auth": "DISABLED",
                "client_password_auth_type": "MYSQL_NATIVE_PASSWORD",
            }
        },
    },
    "given_key": {"kms_key_arn": KEY_ARN},
    "managed_key": {"create_kms_key": False},
    "no_lambda": {
        "create_lambda": False,
        "lambda_zip_path": None,
        "allowed_security_group_ids": ["sg-0fedcba987654321f"],
    },
    "caller_role": {"create_proxy_role": False, "proxy_role_arn": "arn:aws:iam::123456789012:role/platform/rds-proxy"},
    "db_cidrs": {"db_security_group_id": None, "db_cidr_blocks": ["10.0.8.0/24", "10.0.9.0/24"]},
    "layer": {
        "create_layer": True,
        "layer_zip_path": str(LAYER_ZIP),
        "lambda_handler": "app.main.handle",
        "lambda_layers": [OTHER_LAYER],
    },
    "other_layer": {"lambda_layers": [OTHER_LAYER]},
    # Code written against other names than DB_*: a Node.js function (post 001 reads DB_PROXY_ENDPOINT).
    "nodejs_function": {
        "lambda_runtime": "nodejs20.x",
        "lambda_handler": "dist/handlers/index.handler",
        "lambda_environment_from_module": {"DB_PROXY_ENDPOINT": "host", "DATABASE_URL": "url"},
    },
    "container_image": {"lambda_package_type": "Image", "lambda_zip_path": None, "lambda_image_uri": IMAGE},
    "tuned_alarms": {
        "alarm_actions": [TOPIC_ARN],
        "alarm_thresholds": {"pinned_connections": 25, "borrow_latency_ms": 250, "evaluation_periods": 5},
    },
    "no_monitoring": {"create_alarms": False, "create_dashboard": False},
    "given_log_key": {"log_group_kms_key_arn": KEY_ARN},
    "no_log_key": {"create_log_group_kms_key": False},
    "rotated_secret": {"secret_rotation": {"lambda_arn": ROTATION_FN, "automatically_after_days": 30}},
    "aurora_endpoints": {
        "engine_family": "POSTGRESQL",
        "db_instance_identifier": None,
        "db_cluster_identifier": "aurora-pg",
        "endpoints": {
            "reader": {"name": "test-proxy-ro", "target_role": "READ_ONLY"},
            "reporting": {
                "name": "test-proxy-reporting",
                "vpc_subnet_ids": ["subnet-0a1b2c3d4e5f60003", "subnet-0a1b2c3d4e5f60004"],
                "vpc_security_group_ids": ["sg-0fedcba987654321f"],
                "tags": {"team": "bi"},
            },
        },
        "lambda_read_endpoint": "reader",
    },
    "connected_functions": {
        "create_lambda": False,
        "lambda_zip_path": None,
        "connected_functions": {
            "orders": {"role": "arn:aws:iam::123456789012:role/service-role/orders-fn"},
            "reports": {"role": "reports-fn", "security_group_id": SG_REPORTS, "attach_vpc_access_policy": True},
        },
    },
    "dead_letter_text_logs": {
        "lambda_dead_letter_target_arn": "arn:aws:sqs:us-east-1:123456789012:failed-invocations",
        "lambda_log_format": "Text",
    },
}


DEFAULT_COUNTS = {
    "aws_kms_key": 2,
    "aws_kms_alias": 2,
    "aws_secretsmanager_secret": 1,
    "aws_secretsmanager_secret_version": 1,
    "aws_iam_role": 2,
    "aws_iam_role_policy": 2,
    "aws_iam_role_policy_attachment": 2,
    "aws_db_proxy": 1,
    "aws_db_proxy_default_target_group": 1,
    "aws_db_proxy_target": 1,
    "aws_security_group": 2,
    "aws_vpc_security_group_ingress_rule": 2,
    "aws_vpc_security_group_egress_rule": 2,
    "aws_cloudwatch_log_group": 2,
    "aws_lambda_function": 1,
    "aws_cloudwatch_metric_alarm": 7,
    "aws_cloudwatch_dashboard": 1,
    "resources": 32,
    "modules": 8,
}


def test_default_mysql_instance_creates_the_whole_stack(plans):
    plan = plans["default"]
    assert plan.counts == DEFAULT_COUNTS
    proxy = plan.values[PROXY]
    assert proxy["engine_family"] == "MYSQL"
    assert proxy["require_tls"] is True
    assert proxy["idle_client_timeout"] == 1800
    assert proxy["debug_logging"] is False
    assert plan.values[TARGET]["db_instance_identifier"] == "app-db"
    assert plan.values[TARGET]["db_cluster_identifier"] is None
    assert plan.values[POOL]["connection_pool_config"] == [
        {
            "connection_borrow_timeout": 120,
            "init_query": None,
            "max_connections_percent": 100,
            "max_idle_connections_percent": 50,
            "session_pinning_filters": None,
        }
    ]
    key = plan.values["module.secret.aws_kms_key.this[0]"]
    assert key["enable_key_rotation"] is True
    assert json.loads(key["policy"])["Statement"][0]["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"}
    assert plan.outputs["proxy_port"] == 3306


def test_every_rule_is_on_the_engine_port_and_described(plans):
    for case, port in (("default", 3306), ("postgresql", 5432)):
        plan = plans[case]
        rules = {a: v for a, v in plan.values.items() if "aws_vpc_security_group_" in a}
        assert len(rules) == 4
        for address, rule in rules.items():
            assert (rule["from_port"], rule["to_port"], rule["ip_protocol"]) == (port, port, "tcp"), address
            assert rule["description"], address
            assert rule.get("cidr_ipv4") is None, f"{address} must reference a security group, not a CIDR"
        groups = [
            v
            for a, v in plan.values.items()
            if a.endswith("aws_security_group.proxy") or "aws_security_group.lambda" in a
        ]
        assert all(g["description"] and g["vpc_id"] == "vpc-0a1b2c3d4e5f60000" for g in groups)


def test_postgresql_cluster_target_and_tuned_pool(plans):
    plan = plans["aurora_tuned"]
    assert plan.values[PROXY]["engine_family"] == "POSTGRESQL"
    assert plan.values[PROXY]["idle_client_timeout"] == 900
    assert plan.values[TARGET]["db_cluster_identifier"] == "aurora-pg"
    assert plan.values[TARGET]["db_instance_identifier"] is None
    assert plan.values[POOL]["connection_pool_config"] == [
        {
            "connection_borrow_timeout": 30,
            "init_query": "SET search_path TO app",
            "max_connections_percent": 90,
            "max_idle_connections_percent": 10,
            "session_pinning_filters": None,
        }
    ]
    assert plan.values[PROXY]["auth"][0]["client_password_auth_type"] == "POSTGRES_SCRAM_SHA_256"
    assert plan.outputs["proxy_port"] == 5432


def test_each_secret_has_its_own_auth_entry(plans):
    plan = plans["auth_entries"]
    entries = [
        {k: auth[k] for k in ("iam_auth", "client_password_auth_type", "description")}
        for auth in plan.values[PROXY]["auth"]
    ]
    assert entries == [
        {
            "iam_auth": "REQUIRED",
            "client_password_auth_type": "MYSQL_CACHING_SHA2_PASSWORD",
            "description": "The function's user",
        },
        {
            "iam_auth": "DISABLED",
            "client_password_auth_type": "MYSQL_NATIVE_PASSWORD",
            "description": "Credentials of test-proxy",
        },
    ]
    assert plan.values[PROXY]["auth"][1]["secret_arn"] == SECRET_ARN
    assert plan.values[PROXY]["require_tls"] is True
    assert plan.values[POOL]["connection_pool_config"][0]["session_pinning_filters"] == ["EXCLUDE_VARIABLE_SETS"]


def test_existing_secret_with_its_key_creates_no_secret_and_grants_exactly_it(plans):
    plan = plans["existing_secret_cmk"]
    assert "aws_secretsmanager_secret" not in plan.counts
    assert "module.secret.aws_kms_key.this[0]" not in plan.values
    [auth] = plan.values[PROXY]["auth"]
    assert {k: auth[k] for k in ("auth_scheme", "iam_auth", "secret_arn", "description")} == {
        "auth_scheme": "SECRETS",
        "iam_auth": "REQUIRED",
        "secret_arn": SECRET_ARN,
        "description": "Credentials of test-proxy",
    }
    assert json.loads(plan.values[ROLE_POLICY]["policy"]) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "GetProxySecrets",
                "Effect": "Allow",
                "Action": "secretsmanager:GetSecretValue",
                "Resource": [SECRET_ARN],
            },
            {
                "Sid": "DecryptProxySecrets",
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": [KEY_ARN],
                "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}},
            },
        ],
    }


def test_existing_secret_on_aws_managed_key_gets_no_decrypt_statement(plans):
    plan = plans["existing_secret_managed"]
    statements = json.loads(plan.values[ROLE_POLICY]["policy"])["Statement"]
    assert [s["Sid"] for s in statements] == ["GetProxySecrets"]


def test_given_kms_key_is_used_and_none_created(plans):
    plan = plans["given_key"]
    assert "module.secret.aws_kms_key.this[0]" not in plan.values
    assert plan.values[SECRET]["kms_key_id"] == KEY_ARN


def test_aws_managed_key_when_customer_key_declined(plans):
    plan = plans["managed_key"]
    assert "module.secret.aws_kms_key.this[0]" not in plan.values
    assert plan.values[SECRET]["kms_key_id"] is None


def test_no_lambda_creates_no_function_role_or_lambda_group(plans):
    plan = plans["no_lambda"]
    for kind in ("aws_lambda_function", "aws_iam_role_policy_attachment"):
        assert kind not in plan.counts
    assert plan.counts["aws_iam_role"] == 1
    assert plan.counts["aws_security_group"] == 1
    ingress = plan.values['module.network.aws_vpc_security_group_ingress_rule.proxy_from_clients["allowed-0"]']
    assert ingress["referenced_security_group_id"] == "sg-0fedcba987654321f"
    assert plan.outputs["lambda_function_name"] is None


def test_caller_role_replaces_the_proxy_role(plans):
    role = "arn:aws:iam::123456789012:role/platform/rds-proxy"
    plan = plans["caller_role"]
    assert not any(a.startswith("module.proxy_role.") for a in plan.values)
    assert plan.values[PROXY]["role_arn"] == role


def test_password_never_reaches_the_plan(plan_root):
    canary = "canary-Password-7f3a9c1e"
    plan = plan_root(db_password=canary)
    assert canary not in json.dumps(plan.raw)
    version = plan.values["module.secret.aws_secretsmanager_secret_version.this[0]"]
    assert version.get("secret_string") in (None, "")
    assert version["secret_string_wo_version"] == 1


def test_database_by_cidr_gets_cidr_egress_and_no_ingress_on_its_group(plans):
    plan = plans["db_cidrs"]
    egress = [v for a, v in plan.values.items() if ".proxy_to_db_cidr[" in a]
    assert sorted(v["cidr_ipv4"] for v in egress) == ["10.0.8.0/24", "10.0.9.0/24"]
    assert not any(".db_from_proxy[" in a or ".proxy_to_db_sg[" in a for a in plan.values)


def test_the_function_runs_on_the_published_layer_with_the_callers_handler(plans):
    plan = plans["layer"]
    layer = plan.values["module.layer[0].aws_lambda_layer_version.this"]
    assert layer["layer_name"] == "test-proxy-rds-connect"
    assert (layer["compatible_runtimes"], layer["compatible_architectures"]) == (["python3.12"], ["x86_64"])
    assert plan.values[LAMBDA]["handler"] == "app.main.handle"
    function = next(c for c in plan.raw["resource_changes"] if c["address"] == LAMBDA)["change"]
    assert function["after_unknown"]["layers"] is True  # the published layer's ARN comes with the apply
    assert plans["other_layer"].values[LAMBDA]["layers"] == [OTHER_LAYER]


def test_by_default_no_layer_and_the_modules_own_handler(plans):
    plan = plans["default"]
    assert not [address for address in plan.values if address.startswith("module.layer")]
    assert plan.values[LAMBDA]["handler"] == "handler.lambda_handler" and plan.values[LAMBDA]["layers"] in (None, [])
    assert plan.outputs["layer_arn"] is None


def test_a_nodejs_function_runs_on_its_runtime_and_handler_without_the_layer(plans):
    plan = plans["nodejs_function"]
    function = plan.values[LAMBDA]
    assert (function["runtime"], function["handler"], function["package_type"]) == (
        "nodejs20.x",
        "dist/handlers/index.handler",
        "Zip",
    )
    assert function["layers"] in (None, []) and not any(a.startswith("module.layer") for a in plan.values)
    change = next(c for c in plan.raw["resource_changes"] if c["address"] == LAMBDA)["change"]
    assert change["after_unknown"]["environment"] == [{"variables": True}]  # DB_HOST: the proxy's, at apply
    assert change["after"]["environment"] == [{}]


def test_a_container_image_function_has_no_runtime_handler_or_package(plans):
    function = plans["container_image"].values[LAMBDA]
    assert (function["package_type"], function["image_uri"]) == ("Image", IMAGE)
    assert function["runtime"] in (None, "") and function["handler"] in (None, "")
    assert function.get("filename") is None and function.get("source_code_hash") in (None, "")


# The Lambda part on its own, whose proxy endpoint is known at plan: the values under the caller's names.
PART_CASES = {
    "mysql_url": {
        "environment_from_module": {"DATABASE_URL": "url", "DB_PROXY_ENDPOINT": "host", "DB_SCHEMA": "name"},
        "environment": {"LOG_LEVEL": "debug"},
    },
    "postgresql_image_reader": {
        "engine_family": "POSTGRESQL",
        "package_type": "Image",
        "zip_path": None,
        "image_uri": IMAGE,
        "proxy_read_endpoint": READER,
        "environment_from_module": {"DATABASE_URL": "url", "READER_HOST": "read_host", "PGPORT": "port"},
    },
}


@pytest.fixture(scope="module")
def part_plans(tmp_path_factory, repo_copy, aws_env, lambda_zip) -> dict[str, tfrun.PlanSummary]:
    def plan(directory):
        cases = {name: {**PART_BASE["lambda"], **overrides} for name, overrides in PART_CASES.items()}
        planned = tfrun.plan_cases(repo_copy / "modules" / "lambda", cases, aws_env)
        (directory / "plans.json").write_text(json.dumps({name: summary.raw for name, summary in planned.items()}))

    saved = built_once(tmp_path_factory, "plans-lambda-part", plan) / "plans.json"
    return {name: tfrun.summarize_plan(raw) for name, raw in json.loads(saved.read_text()).items()}


def test_the_url_and_names_the_caller_asks_for_hold_the_modules_values_and_never_a_password(part_plans):
    endpoint = PART_BASE["lambda"]["proxy_endpoint"]
    mysql = part_plans["mysql_url"].values["aws_lambda_function.this[0]"]["environment"][0]["variables"]
    assert mysql["DATABASE_URL"] == f"mysql://app_user@{endpoint}:3306/orders"
    assert mysql["DB_PROXY_ENDPOINT"] == mysql["DB_HOST"] == endpoint
    assert (mysql["DB_SCHEMA"], mysql["LOG_LEVEL"], mysql["DB_USER"], mysql["DB_PORT"]) == (
        "orders",
        "debug",
        "app_user",
        "3306",
    )
    assert "DB_READ_HOST" not in mysql and not any("PASSWORD" in name for name in mysql)
    image = part_plans["postgresql_image_reader"].values["aws_lambda_function.this[0]"]
    variables = image["environment"][0]["variables"]
    assert variables["DATABASE_URL"] == f"postgresql://app_user@{endpoint}:5432/orders"
    assert variables["READER_HOST"] == variables["DB_READ_HOST"] == READER
    assert (variables["PGPORT"], variables["DB_ENGINE"]) == ("5432", "postgresql")
    assert (image["package_type"], image["runtime"] or None, image["layers"] or []) == ("Image", None, [])


def test_readme_usage_snippet_plans(repo_copy, aws_env, lambda_zip):
    """The README's usage block is a working configuration, so the docs cannot drift from the module."""
    readme = (REPO_ROOT / "README.md").read_text()
    snippet = readme.split("## Usage\n", 1)[1].split("```hcl\n", 1)[1].split("```", 1)[0]
    snippet = re.sub(r'source = "[^"]+"', f'source = "{repo_copy}"', snippet)
    snippet = snippet.replace('"${path.root}/.build/lambda.zip"', f'"{lambda_zip}"')
    workdir = repo_copy / "readme-usage"
    workdir.mkdir()
    (workdir / "main.tf").write_text('provider "aws" {\n  region = "us-east-1"\n}\n\n' + snippet)
    plan = tfrun.Workspace(workdir, aws_env).plan()
    assert plan.values["module.rds_proxy.module.proxy.aws_db_proxy.this"]["name"] == "orders"
    assert plan.counts["aws_lambda_function"] == 1


def alarms(plan) -> dict[str, dict]:
    return {v["alarm_name"]: v for a, v in plan.values.items() if ".aws_cloudwatch_metric_alarm." in a}


def test_alarms_watch_the_proxy_and_the_function_and_say_what_to_do(plans):
    found = alarms(plans["default"])
    assert sorted(found) == sorted(
        f"test-proxy-{key}"
        for key in (
            "pinned-sessions",
            "borrow-latency",
            "failed-auth",
            "availability-read-write",
            "database-connections",
            "function-errors",
            "function-throttles",
        )
    )
    for name, alarm in found.items():
        assert len(alarm["alarm_description"]) > 80, name
        assert alarm["alarm_actions"] in (None, []) and alarm["ok_actions"] in (None, [])
    pinned = found["test-proxy-pinned-sessions"]
    assert (pinned["namespace"], pinned["metric_name"], pinned["dimensions"]) == (
        "AWS/RDS",
        "DatabaseConnectionsCurrentlySessionPinned",
        {"ProxyName": "test-proxy"},
    )
    assert (pinned["threshold"], pinned["evaluation_periods"], pinned["datapoints_to_alarm"]) == (10, 3, 3)
    assert found["test-proxy-borrow-latency"]["threshold"] == 100_000  # microseconds
    availability = found["test-proxy-availability-read-write"]
    assert availability["dimensions"] == {
        "ProxyName": "test-proxy",
        "TargetGroup": "default",
        "TargetRole": "READ_WRITE",
    }
    assert (availability["comparison_operator"], availability["threshold"]) == ("LessThanThreshold", 100)
    assert found["test-proxy-function-errors"]["dimensions"] == {"FunctionName": "test-proxy"}
    queries = {q["id"]: q for q in found["test-proxy-database-connections"]["metric_query"]}
    assert queries["used_pct"]["expression"] == "100 * connections / allowed"
    assert queries["allowed"]["metric"][0]["metric_name"] == "MaxDatabaseConnectionsAllowed"
    assert queries["connections"]["metric"][0]["dimensions"] == {"ProxyName": "test-proxy"}


def test_dashboard_shows_connections_pinning_latency_and_the_function(plans):
    dashboard = plans["default"].values["module.monitoring.aws_cloudwatch_dashboard.this[0]"]
    widgets = json.loads(dashboard["dashboard_body"])["widgets"]
    metrics = {m[1] for w in widgets for m in w["properties"]["metrics"]}
    assert {
        "ClientConnections",
        "DatabaseConnections",
        "DatabaseConnectionsCurrentlySessionPinned",
        "DatabaseConnectionsBorrowLatency",
        "QueryDatabaseResponseLatency",
        "Invocations",
        "Errors",
        "Duration",
    } <= metrics
    assert all(w["properties"]["region"] == "us-east-1" for w in widgets)
    assert plans["default"].outputs["dashboard_name"] == "test-proxy-rds-proxy"


def test_alarm_thresholds_and_actions_are_the_callers(plans):
    found = alarms(plans["tuned_alarms"])
    assert found["test-proxy-pinned-sessions"]["threshold"] == 25
    assert found["test-proxy-borrow-latency"]["threshold"] == 250_000
    assert found["test-proxy-pinned-sessions"]["evaluation_periods"] == 5
    assert all(a["alarm_actions"] == [TOPIC_ARN] and a["ok_actions"] == [TOPIC_ARN] for a in found.values())


def test_monitoring_can_be_turned_off_and_function_alarms_need_the_function(plans):
    assert alarms(plans["no_monitoring"]) == {}
    assert "aws_cloudwatch_dashboard" not in plans["no_monitoring"].counts
    assert not [name for name in alarms(plans["no_lambda"]) if "function" in name]


LOG_GROUPS = ("module.proxy.aws_cloudwatch_log_group.this[0]", "module.lambda.aws_cloudwatch_log_group.this[0]")


def test_log_groups_use_a_key_that_admits_cloudwatch_logs_for_them_only(plans):
    plan = plans["default"]
    policy = json.loads(plan.values["module.log_key[0].aws_kms_key.this"]["policy"])
    logs = next(s for s in policy["Statement"] if s["Sid"] == "CloudWatchLogsForTheseLogGroupsOnly")
    assert logs["Principal"] == {"Service": "logs.us-east-1.amazonaws.com"}
    assert logs["Condition"] == {
        "ArnEquals": {
            "kms:EncryptionContext:aws:logs:arn": [
                "arn:aws:logs:us-east-1:123456789012:log-group:/aws/rds/proxy/test-proxy",
                "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/test-proxy",
            ]
        }
    }
    assert plan.values["module.log_key[0].aws_kms_key.this"]["enable_key_rotation"] is True
    changes = {c["address"]: c["change"] for c in plan.raw["resource_changes"]}
    assert all(changes[group]["after_unknown"]["kms_key_id"] is True for group in LOG_GROUPS)  # the new key's ARN


def test_callers_log_key_or_none(plans):
    for case, key in (("given_log_key", KEY_ARN), ("no_log_key", None)):
        plan = plans[case]
        assert not [a for a in plan.values if a.startswith("module.log_key")]
        assert all(plan.values[group]["kms_key_id"] == key for group in LOG_GROUPS)


def test_function_logs_json_and_sends_failures_only_where_told(plans):
    default = plans["default"].values[LAMBDA]
    assert default["logging_config"] == [
        {
            "log_format": "JSON",
            "log_group": "/aws/lambda/test-proxy",
            "application_log_level": "INFO",
            "system_log_level": "WARN",
        }
    ]
    assert default["dead_letter_config"] == []
    assert "module.lambda.aws_iam_role_policy.dead_letter[0]" not in plans["default"].values
    plan = plans["dead_letter_text_logs"]
    queue = "arn:aws:sqs:us-east-1:123456789012:failed-invocations"
    assert plan.values[LAMBDA]["dead_letter_config"] == [{"target_arn": queue}]
    assert plan.values[LAMBDA]["logging_config"][0]["log_format"] == "Text"
    policy = json.loads(plan.values["module.lambda.aws_iam_role_policy.dead_letter[0]"]["policy"])
    assert policy["Statement"] == [
        {"Sid": "SendFailedInvocations", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": queue}
    ]


def test_secret_rotation_is_opt_in_with_the_callers_function(plans):
    assert "aws_secretsmanager_secret_rotation" not in plans["default"].counts
    rotation = plans["rotated_secret"].values["module.secret.aws_secretsmanager_secret_rotation.this[0]"]
    assert rotation["rotation_lambda_arn"] == ROTATION_FN and rotation["rotate_immediately"] is False
    assert rotation["rotation_rules"][0]["automatically_after_days"] == 30


def test_endpoints_default_to_the_proxys_network_and_read_only_ones_get_an_alarm(plans):
    plan = plans["aurora_endpoints"]
    reader = plan.values['module.proxy.aws_db_proxy_endpoint.this["reader"]']
    reporting = plan.values['module.proxy.aws_db_proxy_endpoint.this["reporting"]']
    assert (reader["db_proxy_name"], reader["db_proxy_endpoint_name"], reader["target_role"]) == (
        "test-proxy",
        "test-proxy-ro",
        "READ_ONLY",
    )
    assert reader["vpc_subnet_ids"] == plan.values[PROXY]["vpc_subnet_ids"]
    assert "vpc_security_group_ids" not in reader  # the proxy's group, known after apply
    assert reporting["target_role"] == "READ_WRITE"
    assert reporting["vpc_subnet_ids"] == ["subnet-0a1b2c3d4e5f60003", "subnet-0a1b2c3d4e5f60004"]
    assert reporting["vpc_security_group_ids"] == ["sg-0fedcba987654321f"]
    assert reporting["tags"] == {"team": "bi"}
    alarms = {
        v["alarm_name"]: v for k, v in plan.values.items() if k.startswith("module.monitoring.aws_cloudwatch_metric")
    }
    assert alarms["test-proxy-availability-read-only"]["dimensions"]["TargetRole"] == "READ_ONLY"
    assert plans["default"].counts.get("aws_db_proxy_endpoint", 0) == 0
    assert "test-proxy-availability-read-only" not in {v.get("alarm_name") for v in plans["default"].values.values()}


def test_functions_deployed_elsewhere_get_their_grant_rules_and_connection(plans):
    plan = plans["connected_functions"]
    orders, reports = (f'module.function_access["{key}"]' for key in ("orders", "reports"))
    assert plan.values[f"{orders}.aws_iam_role_policy.rds_connect"]["role"] == "orders-fn"
    assert plan.values[f"{reports}.aws_iam_role_policy.rds_connect"]["role"] == "reports-fn"
    assert plan.values[f"{orders}.aws_iam_role_policy.rds_connect"]["name"] == "rds-db-connect-test-proxy-orders"
    assert f"{orders}.aws_security_group.this[0]" in plan.values  # none given: one made
    assert f"{reports}.aws_security_group.this[0]" not in plan.values
    assert plan.values[f"{reports}.aws_vpc_security_group_egress_rule.to_proxy"]["security_group_id"] == SG_REPORTS
    assert (
        plan.values[f"{reports}.aws_vpc_security_group_ingress_rule.proxy_from_function"][
            "referenced_security_group_id"
        ]
        == SG_REPORTS
    )
    for key in ("orders", "reports"):
        for rule in (
            "aws_vpc_security_group_egress_rule.to_proxy",
            "aws_vpc_security_group_ingress_rule.proxy_from_function",
        ):
            values = plan.values[f'module.function_access["{key}"].{rule}']
            assert (values["from_port"], values["to_port"], values["ip_protocol"]) == (3306, 3306, "tcp")
    attachment = plan.values[f"{reports}.aws_iam_role_policy_attachment.vpc_access[0]"]
    assert attachment["policy_arn"].endswith(":policy/service-role/AWSLambdaVPCAccessExecutionRole")
    assert f"{orders}.aws_iam_role_policy_attachment.vpc_access[0]" not in plan.values
    connections = plan.outputs["connected_functions"]  # without the host, known after apply
    assert connections["reports"]["security_group_id"] == SG_REPORTS and connections["reports"]["port"] == 3306
    assert connections["orders"]["role_name"] == "orders-fn" and connections["orders"]["users"] == ["app_user"]
    assert connections["orders"]["environment"]["DB_USER"] == "app_user"
    assert connections["orders"]["environment"]["DB_NAME"] == "app"
