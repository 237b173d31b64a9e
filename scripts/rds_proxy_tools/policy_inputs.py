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

from rds_proxy_tools.arns import (
    ACCOUNT_RE,
    ANY_SECRET_ARN_RE,
    DBUSER_ARN_RE,
    KMS_KEY_ARN_RE,
    PARTITIONS,
    PROXY_ARN_RE,
    PROXY_ID_RE,
    SECRET_ARN_RE,
    partition_of_region,
)
from rds_proxy_tools.aws_rules import RULES
from rds_proxy_tools.errors import InputError

# A user name as PostgreSQL allows it (MySQL's are at most 32): the module's own rule (modules/aws_rules.json).
DB_USER_RE = re.compile(RULES["db_user"]["POSTGRESQL"])


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
        if ANY_SECRET_ARN_RE.fullmatch(arn) and not SECRET_ARN_RE.fullmatch(arn):
            raise InputError(
                f"secret ARN {arn!r} is partial: the full ARN ends with - and six characters Secrets Manager adds "
                "to the name (the console shows it; or aws secretsmanager describe-secret --secret-id <name> "
                "--query ARN)"
            )
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


# The root module's outputs the tool reads; a configuration that calls the module must pass them on by these names.
OUTPUTS_READ = (
    "proxy_arn",
    "proxy_resource_id",
    "rds_connect_resource_arns",
    "secret_arns",
    "secret_kms_key_arns",
    "secret_kms_key_arn",
)


def from_terraform_outputs(outputs: dict[str, Any], origin: str = "terraform output") -> PolicyInputs:
    """Inputs from the root module's outputs (`terraform output -json`, wrapped or plain values); InputError when
    `origin` holds none of OUTPUTS_READ."""
    values = {k: (v["value"] if isinstance(v, dict) and "value" in v else v) for k, v in outputs.items()}
    if not set(OUTPUTS_READ) & values.keys():
        raise InputError(
            f"{origin} has none of the module's outputs this tool reads ({', '.join(OUTPUTS_READ)}): a configuration "
            'that calls the module must output them under these names (output "proxy_arn" { value = '
            "module.<name>.proxy_arn } ...), or give the values as flags"
        )
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


def read_terraform_outputs(source: str) -> tuple[dict[str, Any], str]:
    """`terraform output -json` from a file, '-' (stdin) or a Terraform directory, and where it came from."""
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
    return data, origin


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
