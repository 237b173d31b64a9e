"""Values the IAM policy templates need: gathered, merged and validated.

Three sources, later ones winning field by field:
  1. a live lookup by proxy name (boto3: RDS, STS, Secrets Manager, KMS),
  2. the module's `terraform output -json` (a file, stdin or a Terraform directory),
  3. command-line flags.
Every value is validated before any template sees it; errors are InputError with a
one-line message that names the bad value.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from rds_proxy_tools.aws_rules import RULES

PARTITIONS = {"aws": "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com"}
_PARTITION_RE = "aws|aws-cn|aws-us-gov"
REGION_RE = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$")
ACCOUNT_RE = re.compile(r"^\d{12}$")
PROXY_ID_RE = re.compile(r"^prx-[0-9a-zA-Z]{4,64}$")
# The module's own rules (modules/aws_rules.json): a user name as PostgreSQL allows it (MySQL's are at most 32),
# and the ARNs of secrets and KMS keys.
DB_USER_RE = re.compile(RULES["db_user"]["POSTGRESQL"])
PROXY_ARN_RE = re.compile(rf"^arn:({_PARTITION_RE}):rds:([a-z0-9-]+):(\d{{12}}):db-proxy:(prx-[0-9a-zA-Z]+)$")
SECRET_ARN_RE = re.compile(RULES["arn"]["secret"])
KMS_KEY_ARN_RE = re.compile(RULES["arn"]["kms_key"])
DBUSER_ARN_RE = re.compile(rf"^arn:({_PARTITION_RE}):rds-db:([a-z0-9-]+):(\d{{12}}):dbuser:(prx-[0-9a-zA-Z]+)/(.+)$")


class InputError(Exception):
    """A missing or invalid input; the message is the one-line reason shown to the user."""


@dataclass(frozen=True)
class PolicyInputs:
    partition: str | None = None
    region: str | None = None
    account_id: str | None = None
    proxy_resource_id: str | None = None
    db_users: tuple[str, ...] = ()
    secret_arns: tuple[str, ...] = ()
    kms_key_arns: tuple[str, ...] = ()  # customer managed keys only; empty = AWS-managed key


def merge(*layers: PolicyInputs) -> PolicyInputs:
    """Later layers override earlier ones, field by field (unset fields do not override)."""
    result = PolicyInputs()
    for layer in layers:
        updates = {f.name: getattr(layer, f.name) for f in fields(layer) if getattr(layer, f.name) not in (None, ())}
        result = replace(result, **updates)
    return result


def dedupe(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


# ---------------------------------------------------------------- validation


def partition_of_region(region: str) -> str:
    if not REGION_RE.fullmatch(region):
        raise InputError(f"region {region!r} is not an AWS region name (e.g. us-east-1)")
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def _arn_parts(kind: str, arn: str, pattern: re.Pattern, partition: str | None) -> re.Match:
    match = pattern.fullmatch(arn)
    if not match:
        raise InputError(f"{kind} {arn!r} is not a valid {kind}")
    partition_of_region(match.group(2))
    if partition is not None and match.group(1) != partition:
        raise InputError(f"{kind} {arn!r} is not in partition {partition!r}")
    return match


def validate(inputs: PolicyInputs, needs: set[str], allow_wildcard: bool = False) -> PolicyInputs:
    """Check every given value and that the `needs` fields are present; fill in the partition.

    Raises InputError naming the first bad or missing value.
    """
    region, partition = inputs.region, inputs.partition
    if partition is not None and partition not in PARTITIONS:
        raise InputError(f"partition {partition!r} is not one of {', '.join(PARTITIONS)}")
    if region is None and "region" in needs and inputs.secret_arns:
        regions = {m.group(2) for m in (SECRET_ARN_RE.fullmatch(a) for a in inputs.secret_arns) if m}
        region = regions.pop() if len(regions) == 1 else None
    if region is not None:
        region_partition = partition_of_region(region)
        if partition is not None and partition != region_partition:
            raise InputError(
                f"partition {partition!r} does not match region {region!r} (partition {region_partition!r})"
            )
        partition = region_partition
    if inputs.account_id is not None and not ACCOUNT_RE.fullmatch(inputs.account_id):
        raise InputError(f"account id {inputs.account_id!r} is not 12 digits")
    proxy_id = inputs.proxy_resource_id
    if proxy_id is not None and not PROXY_ID_RE.fullmatch(proxy_id):
        raise InputError(
            f"proxy resource id {proxy_id!r} is not a prx-... id "
            "(IAM auth names the proxy by the last part of its ARN, not by its name)"
        )
    for user in inputs.db_users:
        if not (DB_USER_RE.fullmatch(user) or (allow_wildcard and user == "*")):
            hint = " (pass --allow-wildcard to allow every user)" if "*" in user else ""
            raise InputError(f"database user {user!r} is not a valid user name{hint}")
    for arn in inputs.secret_arns:
        _arn_parts("secret ARN", arn, SECRET_ARN_RE, partition)
    for arn in inputs.kms_key_arns:
        _arn_parts("KMS key ARN", arn, KMS_KEY_ARN_RE, partition)

    result = replace(
        inputs,
        region=region,
        partition=partition,
        db_users=dedupe(inputs.db_users),
        secret_arns=dedupe(inputs.secret_arns),
        kms_key_arns=dedupe(inputs.kms_key_arns),
    )
    missing = [name for name in sorted(needs) if getattr(result, name) in (None, ())]
    if missing:
        raise InputError(f"missing {', '.join(MISSING_HINTS[name] for name in missing)}")
    return result


MISSING_HINTS = {
    "partition": "partition (--partition or --region)",
    "region": "region (--region)",
    "account_id": "account id (--account-id)",
    "proxy_resource_id": "proxy resource id (--proxy-resource-id)",
    "db_users": "database user (--db-user)",
    "secret_arns": "secret ARN (--secret-arn)",
}


# ---------------------------------------------------------------- terraform output


def from_terraform_outputs(outputs: dict[str, Any]) -> PolicyInputs:
    """Inputs from the root module's outputs (`terraform output -json`, wrapped or plain values)."""
    values = {k: (v["value"] if isinstance(v, dict) and "value" in v else v) for k, v in outputs.items()}
    found: dict[str, Any] = {}
    proxy_arn = values.get("proxy_arn")
    if proxy_arn:
        match = PROXY_ARN_RE.fullmatch(proxy_arn)
        if not match:
            raise InputError(f"terraform output proxy_arn {proxy_arn!r} is not an RDS Proxy ARN")
        found.update(
            partition=match.group(1), region=match.group(2), account_id=match.group(3), proxy_resource_id=match.group(4)
        )
    if values.get("proxy_resource_id"):
        found["proxy_resource_id"] = values["proxy_resource_id"]
    users = []
    for arn in values.get("rds_connect_resource_arns") or []:
        match = DBUSER_ARN_RE.fullmatch(arn)
        if not match:
            raise InputError(f"terraform output rds_connect_resource_arns holds {arn!r}, not an rds-db dbuser ARN")
        found.setdefault("partition", match.group(1))
        found.setdefault("region", match.group(2))
        found.setdefault("account_id", match.group(3))
        users.append(match.group(5))
    found["db_users"] = tuple(users)
    found["secret_arns"] = tuple(values.get("secret_arns") or ())
    keys = values.get("secret_kms_key_arns")
    if keys is None:
        keys = [values["secret_kms_key_arn"]] if values.get("secret_kms_key_arn") else []
    found["kms_key_arns"] = tuple(keys)
    return PolicyInputs(**found)


def read_terraform_outputs(source: str) -> dict[str, Any]:
    """`terraform output -json` from a file, '-' (stdin) or a Terraform directory."""
    path = Path(source)
    if source == "-":
        text, origin = sys.stdin.read(), "stdin"
    elif path.is_dir():
        try:
            result = subprocess.run(
                ["terraform", f"-chdir={path}", "output", "-json"], capture_output=True, text=True, check=False
            )
        except FileNotFoundError as exc:
            raise InputError("terraform not found on PATH (needed to read outputs from a directory)") from exc
        if result.returncode != 0:
            reason = " ".join(result.stderr.split()) or f"exit {result.returncode}"
            raise InputError(f"terraform output -json in {path} failed: {reason}")
        text, origin = result.stdout, f"terraform output in {path}"
    elif path.is_file():
        text, origin = path.read_text(), str(path)
    else:
        raise InputError(f"terraform output {source!r} is neither a file nor a directory")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{origin} is not JSON: {exc.msg} at line {exc.lineno}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{origin} is not a JSON object of outputs")
    return data


# ---------------------------------------------------------------- live lookup


def lookup_proxy(proxy_name: str, session) -> PolicyInputs:
    """Inputs of a deployed proxy: its ARN, the caller's account, its secrets and their customer keys."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        region = session.region_name
        if not region:
            raise InputError(
                "no AWS region for the proxy lookup: pass --region or set AWS_DEFAULT_REGION (or a profile's region)"
            )
        partition = partition_of_region(region)
        try:
            proxies = session.client("rds").describe_db_proxies(DBProxyName=proxy_name)["DBProxies"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "DBProxyNotFoundFault":
                raise InputError(f"proxy {proxy_name!r} not found in {region}") from exc
            raise
        proxy_arn = proxies[0]["DBProxyArn"]
        match = PROXY_ARN_RE.fullmatch(proxy_arn)
        if not match:
            raise InputError(f"proxy {proxy_name!r} has an unexpected ARN {proxy_arn!r}")
        account = session.client("sts").get_caller_identity()["Account"]
        secret_arns = tuple(auth["SecretArn"] for auth in proxies[0].get("Auth", []) if auth.get("SecretArn"))
        return PolicyInputs(
            partition=partition,
            region=region,
            account_id=account,
            proxy_resource_id=match.group(4),
            secret_arns=secret_arns,
            kms_key_arns=customer_keys(session, secret_arns),
        )
    except (ClientError, BotoCoreError) as exc:
        raise InputError(f"lookup of proxy {proxy_name!r} failed: {' '.join(str(exc).split())}") from exc


def customer_keys(session, secret_arns) -> tuple[str, ...]:
    """ARNs of the customer managed keys encrypting these secrets (AWS-managed keys left out)."""
    secrets, kms = session.client("secretsmanager"), session.client("kms")
    keys = []
    for arn in secret_arns:
        key_id = secrets.describe_secret(SecretId=arn).get("KmsKeyId")
        if not key_id or key_id == "alias/aws/secretsmanager":
            continue
        metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
        if metadata.get("KeyManager") == "CUSTOMER":
            keys.append(metadata["Arn"])
    return dedupe(keys)
