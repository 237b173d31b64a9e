"""ARNs and partitions, in one place for the policy renderer, the IAM evaluator and the doctor: the patterns (from
modules/aws_rules.json where the module checks the same ARN at plan), their parsing, and the ARNs the tools build.

AWS General Reference, "Amazon Resource Names": arn:partition:service:region:account-id:resource.
"""

from __future__ import annotations

import re

from rds_proxy_tools.aws_rules import RULES
from rds_proxy_tools.errors import InputError

# Partition -> its DNS suffix (service principals and endpoints).
PARTITIONS = {"aws": "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com"}
ARN_PARTS = ("partition", "service", "region", "account", "resource")

_PARTITION = "|".join(PARTITIONS)
REGION_RE = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$")
ACCOUNT_RE = re.compile(r"^\d{12}$")
PROXY_ID_RE = re.compile(r"^prx-[0-9a-zA-Z]{4,64}$")
PROXY_ARN_RE = re.compile(rf"^arn:({_PARTITION}):rds:([a-z0-9-]+):(\d{{12}}):db-proxy:(prx-[0-9a-zA-Z]+)$")
SECRET_ARN_RE = re.compile(RULES["arn"]["secret"])
# A secret's ARN of any ending: one SECRET_ARN_RE refuses is partial, without the six characters after the name.
ANY_SECRET_ARN_RE = re.compile(rf"^arn:({_PARTITION}):secretsmanager:([a-z0-9-]+):(\d{{12}}):secret:[^:]+$")
KMS_KEY_ARN_RE = re.compile(RULES["arn"]["kms_key"])
DBUSER_ARN_RE = re.compile(rf"^arn:({_PARTITION}):rds-db:([a-z0-9-]+):(\d{{12}}):dbuser:(prx-[0-9a-zA-Z]+)/(.+)$")
# IAM principals, as the evaluator and the doctor name them.
PRINCIPAL_ACCOUNT_RE = re.compile(r"^arn:[^:]+:(?:iam|sts)::(\d{12}):")
ROLE_ARN_RE = re.compile(r"^arn:(?P<partition>[^:]+):iam::(?P<account>\d{12}):role/(?:.*/)?(?P<name>[^/]+)$")
ASSUMED_ROLE_RE = re.compile(r"^arn:(?P<partition>[^:]+):sts::(?P<account>\d{12}):assumed-role/(?P<role>[^/]+)/")
ROOT_ARN_RE = re.compile(r"^arn:[^:]+:iam::(?P<account>\d{12}):root$")


def partition_of_region(region: str) -> str:
    """The partition of a region name; InputError naming it when it is not one."""
    if not REGION_RE.fullmatch(region):
        raise InputError(f"region {region!r} is not an AWS region name (e.g. us-east-1)")
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def dns_suffix(partition: str) -> str:
    return PARTITIONS.get(partition, "amazonaws.com")


def region_of(arn: str) -> str:
    """The region part of an ARN; "" when it has none."""
    parts = arn.split(":")
    return parts[3] if len(parts) > 5 else ""


def role_name(arn: str) -> str:
    """The name of a role from its ARN (its path left out); the text itself when it is not a role ARN."""
    match = ROLE_ARN_RE.fullmatch(arn)
    return match["name"] if match else arn


def dbuser_arn(partition: str, region: str, account: str, proxy_id: str, user: str) -> str:
    """What rds-db:connect names: the proxy by its resource id (prx-...), never by its name."""
    return f"arn:{partition}:rds-db:{region}:{account}:dbuser:{proxy_id}/{user}"


def root_arn(partition: str, account: str) -> str:
    return f"arn:{partition}:iam::{account}:root"


def role_arn(partition: str, account: str, name: str) -> str:
    return f"arn:{partition}:iam::{account}:role/{name}"
