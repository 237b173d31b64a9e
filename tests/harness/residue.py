"""What an emulator still holds of the resources a Terraform state recorded."""

from __future__ import annotations

import json

import boto3
from botocore.exceptions import ClientError


def client(env: dict[str, str], service: str):
    """A boto3 client of `service` on the emulator that `env` points at."""
    return _clients(env)(service)


def _clients(env: dict[str, str]):
    session = boto3.session.Session(
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_REGION"],
    )
    return lambda service: session.client(service, endpoint_url=env["AWS_ENDPOINT_URL"])


def _gone(call) -> bool:
    try:
        call()
    except ClientError:
        return True
    return False


def state_resources(state: dict) -> list[dict]:
    def walk(module):
        yield from module.get("resources", [])
        for child in module.get("child_modules", []):
            yield from walk(child)

    return [r for r in walk(state.get("values", {}).get("root_module", {})) if r["mode"] == "managed"]


def secret_passwords(env: dict[str, str], resources: list[dict]) -> list[str]:
    """The passwords the emulator holds in the secrets a state recorded."""
    secrets = _clients(env)("secretsmanager")
    values = [
        json.loads(secrets.get_secret_value(SecretId=r["values"]["arn"])["SecretString"])
        for r in resources
        if r["type"] == "aws_secretsmanager_secret"
    ]
    return [v["password"] for v in values]


def lambda_environments(env: dict[str, str], resources: list[dict]) -> list[dict[str, str]]:
    """The environment variables of every function a state recorded, as the emulator holds them."""
    functions = _clients(env)("lambda")
    return [
        functions.get_function_configuration(FunctionName=r["values"]["function_name"])["Environment"]["Variables"]
        for r in resources
        if r["type"] == "aws_lambda_function"
    ]


def still_present(env: dict[str, str], resources: list[dict]) -> list[str]:
    """Addresses whose resource the emulator still holds (deleted secrets and keys pending deletion count as gone)."""
    client = _clients(env)
    checks = {
        "aws_db_proxy": lambda v: (
            v["name"] in [p["DBProxyName"] for p in client("rds").describe_db_proxies()["DBProxies"]]
        ),
        "aws_db_instance": lambda v: (
            not _gone(lambda: client("rds").describe_db_instances(DBInstanceIdentifier=v["identifier"]))
        ),
        "aws_rds_cluster": lambda v: (
            not _gone(lambda: client("rds").describe_db_clusters(DBClusterIdentifier=v["cluster_identifier"]))
        ),
        "aws_secretsmanager_secret": lambda v: (
            "DeletedDate" not in client("secretsmanager").describe_secret(SecretId=v["arn"])
        ),
        "aws_kms_key": lambda v: (
            client("kms").describe_key(KeyId=v["key_id"])["KeyMetadata"]["KeyState"] != "PendingDeletion"
        ),
        "aws_iam_role": lambda v: not _gone(lambda: client("iam").get_role(RoleName=v["name"])),
        "aws_security_group": lambda v: not _gone(lambda: client("ec2").describe_security_groups(GroupIds=[v["id"]])),
        "aws_vpc": lambda v: not _gone(lambda: client("ec2").describe_vpcs(VpcIds=[v["id"]])),
        "aws_subnet": lambda v: not _gone(lambda: client("ec2").describe_subnets(SubnetIds=[v["id"]])),
        "aws_lambda_function": lambda v: (
            not _gone(lambda: client("lambda").get_function(FunctionName=v["function_name"]))
        ),
        "aws_cloudwatch_log_group": lambda v: any(
            g["logGroupName"] == v["name"]
            for g in client("logs").describe_log_groups(logGroupNamePrefix=v["name"])["logGroups"]
        ),
    }
    return [r["address"] for r in resources if r["type"] in checks and checks[r["type"]](r["values"])]
