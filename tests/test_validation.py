"""Bad input fails at plan with a message naming the input and what is allowed."""

from __future__ import annotations

import pytest
import tftest

from scripts.tfrun import one_line

pytestmark = pytest.mark.plan

CASES = {
    "engine_family": ({"engine_family": "ORACLE"}, "engine_family must be MYSQL or POSTGRESQL."),
    "max_connections_zero": ({"max_connections_percent": 0}, "max_connections_percent must be from 1 to 100."),
    "max_connections_over": ({"max_connections_percent": 101}, "max_connections_percent must be from 1 to 100."),
    "max_idle_negative": ({"max_idle_connections_percent": -1}, "max_idle_connections_percent must be from 0 to 100."),
    "max_idle_above_max": ({"max_connections_percent": 40, "max_idle_connections_percent": 50},
                           "max_idle_connections_percent must not be above max_connections_percent."),
    "borrow_timeout": ({"connection_borrow_timeout": 3601}, "connection_borrow_timeout must be from 0 to 3600 seconds."),
    "idle_client_timeout_zero": ({"idle_client_timeout": 0}, "idle_client_timeout must be from 1 to 28800 seconds."),
    "idle_client_timeout_over": ({"idle_client_timeout": 28801}, "idle_client_timeout must be from 1 to 28800 seconds."),
    "proxy_name_digit_first": ({"name": "1proxy"}, "name must start with a letter"),
    "proxy_name_double_hyphen": ({"name": "my--proxy"}, "name must start with a letter, contain only letters, digits and single hyphens"),
    "proxy_name_trailing_hyphen": ({"name": "proxy-"}, "not end with a hyphen"),
    "one_subnet": ({"subnet_ids": ["subnet-0a1b2c3d4e5f60001"]}, "subnet_ids must list at least two distinct subnets"),
    "same_subnet_twice": ({"subnet_ids": ["subnet-0a1b2c3d4e5f60001"] * 2}, "subnet_ids must list at least two distinct subnets"),
    "iam_required_without_tls": ({"require_tls": False}, "require_tls must be true when iam_auth is REQUIRED"),
    "both_targets": ({"db_cluster_identifier": "aurora"}, "Set exactly one of db_instance_identifier and db_cluster_identifier."),
    "no_target": ({"db_instance_identifier": None}, "Set exactly one of db_instance_identifier and db_cluster_identifier."),
    "kms_key_arn": ({"kms_key_arn": "alias/aws/secretsmanager"}, "kms_key_arn must be a KMS key ARN"),
    "secret_arn": ({"create_secret": False, "existing_secret_arns": ["arn:aws:s3:::bucket"]},
                   "existing_secret_arns must hold Secrets Manager secret ARNs"),
    "no_secret_at_all": ({"create_secret": False}, "existing_secret_arns must name at least one secret when create_secret is false."),
    "proxy_role_arn": ({"create_proxy_role": False, "proxy_role_arn": "arn:aws:iam::12345:role/x"},
                       "proxy_role_arn must be an IAM role ARN"),
    "missing_proxy_role": ({"create_proxy_role": False}, "proxy_role_arn is required when create_proxy_role is false."),
    "password_type_for_engine": ({"client_password_auth_type": "POSTGRES_MD5"},
                                 "client_password_auth_type must match engine_family"),
    "wildcard_db_user": ({"connect_db_users": ["*"]}, "connect_db_users must be a non-empty list of user names"),
    "world_cidr": ({"db_security_group_id": None, "db_cidr_blocks": ["0.0.0.0/0"]},
                   "db_cidr_blocks must hold IPv4 CIDR blocks narrower than /0."),
    "db_group_and_cidr": ({"db_cidr_blocks": ["10.0.0.0/24"]}, "Set exactly one of db_security_group_id and db_cidr_blocks"),
    "no_db_destination": ({"db_security_group_id": None}, "Set exactly one of db_security_group_id and db_cidr_blocks"),
    "log_retention": ({"log_group_retention_in_days": 42}, "log_group_retention_in_days must be one of 1, 3, 5"),
    "concurrency": ({"lambda_reserved_concurrent_executions": -5}, "lambda_reserved_concurrent_executions must be -1"),
    "password_version": ({"secret_password_version": 0}, "secret_password_version must be a whole number from 1."),
    "missing_zip": ({"lambda_zip_path": None}, "lambda_zip_path is required when create_lambda is true"),
}


@pytest.mark.parametrize("overrides,message", CASES.values(), ids=CASES.keys())
def test_bad_input_is_refused_with_a_clear_message(plan_root, overrides, message):
    with pytest.raises(tftest.TerraformTestError) as refused:
        plan_root(**overrides)
    text = one_line(refused.value.args[-1])  # stderr of terraform plan
    assert "Invalid value for variable" in text
    assert message in text
