"""Bad input fails at plan with a message naming the input and what is allowed.

Every terraform plan loads the 700 MB AWS provider, so cases whose rules cannot interact share one
plan: Terraform reports every failed variable validation at once. Two cases share a plan only when
the variables they set, and the variables those variables' rules read or are read by, are disjoint
(read from variables.tf), and their messages differ; the plan must then fail with exactly one
"Invalid value for variable" per expected message. A case may expect several messages when its
input breaks several rules of one variable at once.
"""

from __future__ import annotations

import re

import pytest
import tftest

from harness.tfrun import REPO_ROOT, one_line

pytestmark = pytest.mark.plan

CASES = {
    "engine_family": ({"engine_family": "ORACLE"}, "engine_family must be MYSQL or POSTGRESQL."),
    "max_connections_zero": ({"max_connections_percent": 0}, "max_connections_percent must be from 1 to 100."),
    "max_connections_over": ({"max_connections_percent": 101}, "max_connections_percent must be from 1 to 100."),
    "max_idle_negative": ({"max_idle_connections_percent": -1}, "max_idle_connections_percent must be from 0 to 100."),
    "max_idle_above_max": (
        {"max_connections_percent": 40, "max_idle_connections_percent": 50},
        "max_idle_connections_percent must not be above max_connections_percent.",
    ),
    "borrow_timeout": (
        {"connection_borrow_timeout": 3601},
        "connection_borrow_timeout must be from 0 to 3600 seconds.",
    ),
    "idle_client_timeout_zero": ({"idle_client_timeout": 0}, "idle_client_timeout must be from 1 to 28800 seconds."),
    "idle_client_timeout_over": (
        {"idle_client_timeout": 28801},
        "idle_client_timeout must be from 1 to 28800 seconds.",
    ),
    "proxy_name_digit_first": ({"name": "1proxy"}, "name must start with a letter"),
    "proxy_name_double_hyphen": (
        {"name": "my--proxy"},
        "name must start with a letter, contain only letters, digits and single hyphens",
    ),
    "proxy_name_trailing_hyphen": ({"name": "proxy-"}, "not end with a hyphen"),
    "one_subnet": ({"subnet_ids": ["subnet-0a1b2c3d4e5f60001"]}, "subnet_ids must list at least two distinct subnets"),
    "same_subnet_twice": (
        {"subnet_ids": ["subnet-0a1b2c3d4e5f60001"] * 2},
        "subnet_ids must list at least two distinct subnets",
    ),
    "iam_required_without_tls": ({"require_tls": False}, "require_tls must be true when iam_auth is REQUIRED"),
    "both_targets": (
        {"db_cluster_identifier": "aurora"},
        "Set exactly one of db_instance_identifier and db_cluster_identifier.",
    ),
    "no_target": (
        {"db_instance_identifier": None},
        "Set exactly one of db_instance_identifier and db_cluster_identifier.",
    ),
    "kms_key_arn": ({"kms_key_arn": "alias/aws/secretsmanager"}, "kms_key_arn must be a KMS key ARN"),
    "secret_arn": (
        {"create_secret": False, "existing_secret_arns": ["arn:aws:s3:::bucket"]},
        "existing_secret_arns must hold Secrets Manager secret ARNs",
    ),
    "no_secret_at_all": (
        {"create_secret": False},
        "existing_secret_arns must name at least one secret when create_secret is false.",
    ),
    "proxy_role_arn": (
        {"create_proxy_role": False, "proxy_role_arn": "arn:aws:iam::12345:role/x"},
        "proxy_role_arn must be an IAM role ARN",
    ),
    "missing_proxy_role": ({"create_proxy_role": False}, "proxy_role_arn is required when create_proxy_role is false."),
    "password_type_for_engine": (
        {"client_password_auth_type": "POSTGRES_MD5"},
        "client_password_auth_type must match engine_family",
    ),
    "wildcard_db_user": ({"connect_db_users": ["*"]}, "connect_db_users must be a non-empty list of user names"),
    "world_cidr": (
        {"db_security_group_id": None, "db_cidr_blocks": ["0.0.0.0/0"]},
        "db_cidr_blocks must hold IPv4 CIDR blocks narrower than /0.",
    ),
    "db_group_and_cidr": (
        {"db_cidr_blocks": ["10.0.0.0/24"]},
        "Set exactly one of db_security_group_id and db_cidr_blocks",
    ),
    "no_db_destination": ({"db_security_group_id": None}, "Set exactly one of db_security_group_id and db_cidr_blocks"),
    "log_retention": ({"log_group_retention_in_days": 42}, "log_group_retention_in_days must be one of 1, 3, 5"),
    "concurrency": ({"lambda_reserved_concurrent_executions": -5}, "lambda_reserved_concurrent_executions must be -1"),
    "password_version": ({"secret_password_version": 0}, "secret_password_version must be a whole number from 1."),
    "missing_zip": ({"lambda_zip_path": None}, "lambda_zip_path is required when create_lambda is true"),
    "absent_zip": ({"lambda_zip_path": "/nonexistent/fn.zip"}, "lambda_zip_path must name an existing file"),
    "handler_form": ({"lambda_handler": "handler"}, "lambda_handler must be module.function"),
    "missing_layer_zip": ({"create_layer": True}, "layer_zip_path is required when create_layer is true"),
    "layer_arn": (
        {"lambda_layers": ["arn:aws:lambda:us-east-1:123456789012:function:x"]},
        "lambda_layers must hold layer version ARNs",
    ),
    "alarm_topic": (
        {"alarm_actions": ["arn:aws:sqs:us-east-1:123456789012:q"]},
        "alarm_actions must hold SNS topic ARNs",
    ),
    "alarm_threshold_negative": (
        {"alarm_thresholds": {"pinned_connections": -1}},
        "alarm_thresholds must hold numbers of 0 or more.",
    ),
    "alarm_period": (
        {"alarm_thresholds": {"period_seconds": 45}},
        "alarm_thresholds.period_seconds must be 10, 30 or a multiple of 60.",
    ),
    "log_format": ({"lambda_log_format": "XML"}, "lambda_log_format must be JSON or Text."),
    "dead_letter_target": (
        {"lambda_dead_letter_target_arn": "arn:aws:s3:::bucket"},
        "lambda_dead_letter_target_arn must be an SQS queue or SNS topic ARN",
    ),
    "reserved_tag": ({"tags": {"aws:owner": "x"}}, "tags keys must not start with the reserved aws: prefix"),
    "rotation_schedule": (
        {"secret_rotation": {"lambda_arn": "arn:aws:lambda:us-east-1:123456789012:function:rotate"}},
        "secret_rotation needs exactly one of automatically_after_days and schedule_expression.",
    ),
    "too_many_layers": (
        {"lambda_layers": [f"arn:aws:lambda:us-east-1:123456789012:layer:tools:{v}" for v in range(1, 7)]},
        "lambda_layers may hold at most 5 layers",
    ),
    # One endpoint breaking each rule of endpoints: one plan, one error per rule.
    "endpoints": (
        {
            "endpoints": {
                "reader": {"name": "test-proxy-ro", "target_role": "READ_ONLY"},
                "bad_name": {"name": "ro--1"},
                "proxy_name": {"name": "Test-Proxy"},
                "bad_role": {"name": "rw", "target_role": "WRITE"},
                "one_subnet": {"name": "rw-2", "vpc_subnet_ids": ["subnet-0a1b2c3d4e5f60001"]},
            }
        },
        (
            "endpoints: target_role READ_ONLY needs an Aurora cluster behind the proxy (db_cluster_identifier)",
            "endpoints: each name must start with a letter",
            "endpoints: names must differ from each other and from name",
            "endpoints: target_role must be READ_WRITE or READ_ONLY.",
            "endpoints: vpc_subnet_ids must list at least two distinct subnet ids",
        ),
    ),
    "instance_identifier": ({"db_instance_identifier": "orders_db"}, "db_instance_identifier must start with a letter"),
    "cluster_identifier": (
        {"db_instance_identifier": None, "db_cluster_identifier": "aurora--pg"},
        "db_cluster_identifier must start with a letter",
    ),
    "db_name": ({"db_name": "orders-db"}, "db_name must start with a letter or underscore"),
    "db_host": ({"db_host": "https://orders.example.com:3306"}, "db_host must be a host name or IPv4 address"),
    "role_path": ({"iam_role_path": "team"}, "iam_role_path must be / or start and end with /"),
    "permissions_boundary": (
        {"iam_role_permissions_boundary": "arn:aws:iam::123456789012:role/boundary"},
        "iam_role_permissions_boundary must be an IAM policy ARN",
    ),
    "lambda_environment": (
        {"lambda_environment": {"DB_HOST": "elsewhere", "AWS_REGION": "eu-west-1", "1X": "x", "DB_PASSWORD": "pw"}},
        (
            "lambda_environment must not set DB_HOST, DB_READ_HOST, DB_PORT, DB_USER, DB_NAME or DB_ENGINE",
            "lambda_environment must not set the variables Lambda reserves",
            "lambda_environment keys must start with a letter",
            "lambda_environment must not carry passwords",
        ),
    ),
    "read_endpoint_key": ({"lambda_read_endpoint": "reader"}, "lambda_read_endpoint must be a key of endpoints."),
}


def expected_messages(name: str) -> tuple[str, ...]:
    """A case's messages: one, or one per validation rule its input breaks."""
    message = CASES[name][1]
    return (message,) if isinstance(message, str) else message


def cross_references() -> dict[str, set[str]]:
    """For each variable, the other variables its validation conditions read, or whose conditions read it."""
    text = (REPO_ROOT / "variables.tf").read_text()
    related: dict[str, set[str]] = {}
    for name, body in re.findall(r'^variable "(\w+)" \{(.*?)^\}', text, flags=re.DOTALL | re.MULTILINE):
        for condition in re.findall(r"condition\s*=(.*?)error_message", body, flags=re.DOTALL):
            for other in set(re.findall(r"var\.(\w+)", condition)) - {name}:
                related.setdefault(name, set()).add(other)
                related.setdefault(other, set()).add(name)
    return related


def shared_plans(cases: dict[str, tuple[dict, str]]) -> list[list[str]]:
    """Case names packed greedily, in order, into groups that cannot interact."""
    related = cross_references()
    groups: list[tuple[list[str], set[str], set[str]]] = []
    for name, (overrides, _) in cases.items():
        touched = set(overrides).union(*(related.get(variable, set()) for variable in overrides))
        own = set(expected_messages(name))
        for names, variables, messages in groups:
            if not touched & variables and not own & messages:
                names.append(name)
                variables |= touched
                messages |= own
                break
        else:
            groups.append(([name], touched, own))
    return [names for names, _, _ in groups]


def diagnostics(text: str) -> list[str]:
    """Each "Error:" of Terraform's output, without the echo of the offending file line."""
    return [
        " ".join((error.split(" on ", 1)[0], error.split("├────────────────")[-1].split(" This was checked")[0]))
        for error in text.split("Error: ")[1:]
    ]


GROUPS = shared_plans(CASES)


def test_the_cross_references_are_read_from_variables_tf():
    related = cross_references()
    assert related["client_password_auth_type"] == {"engine_family"}
    assert related["db_instance_identifier"] == {"db_cluster_identifier"}
    assert len(GROUPS) < len(CASES)


@pytest.mark.parametrize("names", GROUPS, ids=["+".join(names) for names in GROUPS])
def test_bad_input_is_refused_with_a_clear_message(plan_root, names):
    overrides = {key: value for name in names for key, value in CASES[name][0].items()}
    with pytest.raises(tftest.TerraformTestError) as refused:
        plan_root(**overrides)
    reported = diagnostics(one_line(refused.value.cmd_error))  # from the stderr of terraform plan
    expected = [message for name in names for message in expected_messages(name)]
    missing = [message for message in expected if not any(message in error for error in reported)]
    assert not missing, f"no error for {missing}; terraform reported: {reported}"
    assert len(reported) == len(expected), reported
    assert all(error.startswith("Invalid value for variable") for error in reported), reported
