"""What the doctor knows of a deployed stack, as the checks read it: plain values gathered from AWS (gather.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rds_proxy_tools.policy_inputs import PARTITIONS


@dataclass
class Policy:
    name: str  # an inline policy's name, or a managed policy's ARN
    document: dict[str, Any] | str  # as the API returns it; rds_proxy_tools.iam.parse_policy reads either
    managed: bool = False


@dataclass
class Role:
    arn: str
    found: bool
    name: str = ""
    trust: dict[str, Any] | str | None = None
    policies: list[Policy] = field(default_factory=list)  # inline and attached, default versions
    boundary: Policy | None = None


@dataclass
class SecretContent:
    """What --read-secrets keeps of a secret's value: never the password itself."""

    is_json: bool
    username: str | None
    has_password: bool


@dataclass
class Secret:
    arn: str
    found: bool
    region: str
    described: dict[str, Any] = field(default_factory=dict)
    resource_policy: str | None = None  # the policy's JSON text, as Secrets Manager returns it
    key: dict[str, Any] | None = None  # KeyMetadata; None: the AWS-managed key (KmsKeyId unset)
    key_policy: dict[str, Any] | str | None = None  # customer managed keys only; JSON text, as KMS returns it
    content: SecretContent | None = None  # with --read-secrets


@dataclass
class Database:
    """A proxy target's database: a DB instance or an Aurora cluster."""

    kind: str  # "instance" or "cluster"
    identifier: str
    found: bool
    arn: str = ""
    engine: str = ""
    port: int | None = None
    status: str = ""
    addresses: tuple[str, ...] = ()  # its own endpoints (instance; cluster writer and reader)
    resource_id: str = ""  # db-... or cluster-...
    vpc_id: str = ""
    subnet_ids: tuple[str, ...] = ()
    security_group_ids: tuple[str, ...] = ()
    replica_of: str | None = None


@dataclass
class Function:
    name: str
    arn: str
    environment: dict[str, str]
    subnet_ids: tuple[str, ...]
    security_group_ids: tuple[str, ...]
    role: Role | None


@dataclass
class Stack:
    region: str
    partition: str
    account: str
    proxy: dict[str, Any]
    proxy_id: str  # prx-...
    target_group: dict[str, Any] | None
    targets: list[dict[str, Any]]
    endpoints: list[dict[str, Any]]
    databases: list[Database]
    role: Role
    secrets: list[Secret]
    functions: list[Function]
    functions_named: bool  # --function-name given
    subnets: dict[str, dict[str, Any]]  # by id
    groups: dict[str, dict[str, Any]]  # security groups by id
    metrics: dict[str, list[tuple[datetime, float]]] | None = None  # --metrics: data points by query id
    metrics_hours: float = 0.0
    read_secrets: bool = False

    @property
    def name(self) -> str:
        return self.proxy["DBProxyName"]

    @property
    def arn(self) -> str:
        return self.proxy["DBProxyArn"]

    @property
    def dns_suffix(self) -> str:
        return PARTITIONS.get(self.partition, "amazonaws.com")

    @property
    def engine_family(self) -> str:
        return self.proxy.get("EngineFamily", "")
