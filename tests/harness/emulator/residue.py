"""What an emulator still holds of the resources a Terraform state recorded."""

from __future__ import annotations

import json

from botocore.exceptions import ClientError

from harness.emulator import client
from harness.terraform.tfrun import walk_resources


def _gone(call) -> bool:
    try:
        call()
    except ClientError:
        return True
    return False


def state_resources(state: dict) -> list[dict]:
    """The managed resources of a state (`terraform show -json`)."""
    return [r for r in walk_resources(state.get("values", {}).get("root_module", {})) if r["mode"] == "managed"]


def managed_secret_arns(resources: list[dict]) -> list[str]:
    """The master user secrets RDS manages for the clusters and instances a state recorded."""
    return [
        secret["secret_arn"]
        for r in resources
        if r["type"] in ("aws_rds_cluster", "aws_db_instance")
        for secret in r["values"].get("master_user_secret") or []
    ]


def _passwords(env: dict[str, str], arns: list[str]) -> list[str]:
    secrets = client(env, "secretsmanager")
    return [json.loads(secrets.get_secret_value(SecretId=arn)["SecretString"])["password"] for arn in arns]


def secret_passwords(env: dict[str, str], resources: list[dict]) -> list[str]:
    """The passwords the emulator holds in the secrets a state recorded."""
    return _passwords(env, [r["values"]["arn"] for r in resources if r["type"] == "aws_secretsmanager_secret"])


def managed_secret_passwords(env: dict[str, str], resources: list[dict]) -> list[str]:
    """The passwords the emulator holds in the master user secrets RDS manages for a state's databases."""
    return _passwords(env, managed_secret_arns(resources))


def lambda_environments(env: dict[str, str], resources: list[dict]) -> list[dict[str, str]]:
    """The environment variables of every function a state recorded, as the emulator holds them."""
    functions = client(env, "lambda")
    return [
        functions.get_function_configuration(FunctionName=r["values"]["function_name"])["Environment"]["Variables"]
        for r in resources
        if r["type"] == "aws_lambda_function"
    ]


def still_present(env: dict[str, str], resources: list[dict]) -> list[str]:
    """Addresses whose resource the emulator still holds (deleted secrets and keys pending deletion count as gone)."""
    checks = {
        "aws_db_proxy": lambda v: (
            v["name"] in [p["DBProxyName"] for p in client(env, "rds").describe_db_proxies()["DBProxies"]]
        ),
        "aws_db_instance": lambda v: (
            not _gone(lambda: client(env, "rds").describe_db_instances(DBInstanceIdentifier=v["identifier"]))
        ),
        "aws_rds_cluster": lambda v: (
            not _gone(lambda: client(env, "rds").describe_db_clusters(DBClusterIdentifier=v["cluster_identifier"]))
        ),
        "aws_secretsmanager_secret": lambda v: (
            "DeletedDate" not in client(env, "secretsmanager").describe_secret(SecretId=v["arn"])
        ),
        "aws_kms_key": lambda v: (
            client(env, "kms").describe_key(KeyId=v["key_id"])["KeyMetadata"]["KeyState"] != "PendingDeletion"
        ),
        "aws_iam_role": lambda v: not _gone(lambda: client(env, "iam").get_role(RoleName=v["name"])),
        "aws_security_group": lambda v: (
            not _gone(lambda: client(env, "ec2").describe_security_groups(GroupIds=[v["id"]]))
        ),
        "aws_vpc": lambda v: not _gone(lambda: client(env, "ec2").describe_vpcs(VpcIds=[v["id"]])),
        "aws_subnet": lambda v: not _gone(lambda: client(env, "ec2").describe_subnets(SubnetIds=[v["id"]])),
        "aws_lambda_function": lambda v: (
            not _gone(lambda: client(env, "lambda").get_function(FunctionName=v["function_name"]))
        ),
        "aws_cloudwatch_metric_alarm": lambda v: bool(
            client(env, "cloudwatch").describe_alarms(AlarmNames=[v["alarm_name"]])["MetricAlarms"]
        ),
        "aws_cloudwatch_dashboard": lambda v: (
            not _gone(lambda: client(env, "cloudwatch").get_dashboard(DashboardName=v["dashboard_name"]))
        ),
        "aws_cloudwatch_log_group": lambda v: any(
            g["logGroupName"] == v["name"]
            for g in client(env, "logs").describe_log_groups(logGroupNamePrefix=v["name"])["logGroups"]
        ),
    }
    return [r["address"] for r in resources if r["type"] in checks and checks[r["type"]](r["values"])]
