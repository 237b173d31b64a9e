"""What the doctor knows of a deployed stack, as the checks read it: plain values, gathered from AWS by gather.py.

Only what a check reads is here, under the AWS field's name in snake case where it reads well (RequireTLS is
Proxy.require_tls; an endpoint's Endpoint is its address). The things with an id or an ARN are plain
dataclasses; the records inside them (an auth entry, a target's health, a security group rule) are frozen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rds_proxy_tools.arns import dns_suffix
from rds_proxy_tools.doctor.connection import Connection, connections

# ---------------------------------------------------------------- the proxy, its target group, targets, endpoints


@dataclass(frozen=True)
class AuthEntry:
    """One of the proxy's auth entries (UserAuthConfigInfo)."""

    secret_arn: str
    iam_auth: str = "DISABLED"  # REQUIRED, ENABLED or DISABLED
    client_password_auth_type: str = ""  # e.g. MYSQL_NATIVE_PASSWORD; "" when AWS gives none
    user_name: str = ""  # AWS returns one only when it was given


@dataclass
class Proxy:
    name: str
    arn: str
    resource_id: str  # prx-..., the last part of the ARN: IAM names the proxy by it
    engine_family: str  # MYSQL, POSTGRESQL or SQLSERVER
    status: str
    address: str  # the default endpoint's (Endpoint)
    vpc_id: str
    subnet_ids: tuple[str, ...]
    security_group_ids: tuple[str, ...]
    require_tls: bool
    debug_logging: bool
    auth: tuple[AuthEntry, ...]


@dataclass
class TargetGroup:
    """The proxy's default target group, with its connection pool settings (ConnectionPoolConfigurationInfo)."""

    arn: str
    max_connections_percent: int | None = None
    max_idle_connections_percent: int | None = None
    session_pinning_filters: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetHealth:
    state: str  # AVAILABLE, REGISTERING, UNAVAILABLE or UNUSED
    reason: str = ""  # for UNAVAILABLE: AUTH_FAILURE, UNREACHABLE, ...
    description: str = ""


@dataclass
class Target:
    """A registered target (DBProxyTarget): a DB instance, or the TRACKED_CLUSTER entry of an Aurora cluster."""

    rds_resource_id: str  # the instance's or the cluster's identifier
    arn: str = ""  # TargetArn
    health: TargetHealth | None = None  # None: it reports none (a TRACKED_CLUSTER entry: its instances do)


@dataclass
class Endpoint:
    """One of the proxy's endpoints: the default one (the proxy's own address) or a custom one."""

    name: str  # DBProxyEndpointName
    address: str  # Endpoint
    arn: str = ""
    is_default: bool = False
    target_role: str = "READ_WRITE"  # or READ_ONLY
    vpc_id: str = ""
    subnet_ids: tuple[str, ...] = ()
    security_group_ids: tuple[str, ...] = ()


# ---------------------------------------------------------------- the databases


@dataclass
class TargetDatabase:
    """A proxy target's database: a DB instance or an Aurora cluster."""

    kind: str  # "instance" or "cluster"
    identifier: str
    found: bool
    arn: str = ""
    engine: str = ""
    port: int | None = None
    status: str = ""
    addresses: tuple[str, ...] = ()  # its own endpoints (instance; cluster writer and reader)
    vpc_id: str = ""
    subnet_ids: tuple[str, ...] = ()
    security_group_ids: tuple[str, ...] = ()
    replica_of: str | None = None


# ---------------------------------------------------------------- the network


@dataclass
class Subnet:
    vpc_id: str
    availability_zone: str
    cidr: str  # CidrBlock (IPv4)


@dataclass(frozen=True)
class Rule:
    """A security group rule (IpPermission): a protocol, a port range and the peers it lets through."""

    protocol: str  # IpProtocol: "tcp" or "6", "udp", ...; "-1" (or "all"): every protocol and port
    from_port: int = 0  # a rule without ports (every protocol) covers them all
    to_port: int = 65535
    group_ids: tuple[str, ...] = ()  # the security groups it names (UserIdGroupPairs)
    cidrs: tuple[str, ...] = ()  # IPv4 blocks (IpRanges)
    prefix_lists: tuple[str, ...] = ()  # PrefixListIds


@dataclass
class SecurityGroup:
    ingress: tuple[Rule, ...] = ()
    egress: tuple[Rule, ...] = ()


# ---------------------------------------------------------------- roles, secrets, functions


@dataclass
class RolePolicy:
    """A role's inline or managed policy, or its permissions boundary."""

    name: str  # an inline policy's name, or a managed policy's ARN
    document: dict[str, Any] | str  # as the API returns it; rds_proxy_tools.iam.parse_policy reads either
    managed: bool = False


@dataclass
class Role:
    arn: str
    found: bool
    name: str = ""
    trust: dict[str, Any] | str | None = None
    policies: list[RolePolicy] = field(default_factory=list)  # inline and attached, default versions
    boundary: RolePolicy | None = None


@dataclass
class SecretContent:
    """What --read-secrets keeps of a secret's value: never the password itself."""

    is_json: bool
    username: str | None
    has_password: bool


@dataclass
class KmsKey:
    """A secret's KMS key (KeyMetadata), or one DescribeKey no longer finds (state "NotFound")."""

    arn: str
    manager: str  # CUSTOMER or AWS
    state: str  # Enabled, Disabled, PendingDeletion, ...


@dataclass
class Secret:
    arn: str
    found: bool
    region: str
    name: str = ""
    deleted: datetime | None = None  # DeletedDate: scheduled for deletion on that date
    resource_policy: str | None = None  # the policy's JSON text, as Secrets Manager returns it
    key: KmsKey | None = None  # None: the AWS-managed key (KmsKeyId unset)
    key_policy: dict[str, Any] | str | None = None  # customer managed keys only; JSON text, as KMS returns it
    content: SecretContent | None = None  # with --read-secrets


@dataclass
class Function:
    name: str
    arn: str
    environment: dict[str, str]
    subnet_ids: tuple[str, ...]
    security_group_ids: tuple[str, ...]
    role: Role | None

    @property
    def connections(self) -> tuple[Connection, ...]:
        """What each environment variable's value says of the connection (connection.py), read as it is now."""
        return connections(self.environment)


# ---------------------------------------------------------------- the stack


@dataclass
class Stack:
    region: str
    partition: str
    account: str
    proxy: Proxy
    target_group: TargetGroup | None
    targets: list[Target]
    endpoints: list[Endpoint]
    databases: list[TargetDatabase]
    role: Role
    secrets: list[Secret]
    functions: list[Function]
    functions_named: bool  # --function-name given
    subnets: dict[str, Subnet]  # by id
    groups: dict[str, SecurityGroup]  # by id
    metrics: dict[str, list[tuple[datetime, float]]] | None = None  # --metrics: data points by query id
    metrics_hours: float = 0.0
    read_secrets: bool = False

    @property
    def name(self) -> str:
        return self.proxy.name

    @property
    def arn(self) -> str:
        return self.proxy.arn

    @property
    def dns_suffix(self) -> str:
        return dns_suffix(self.partition)

    @property
    def engine_family(self) -> str:
        return self.proxy.engine_family
