"""The boto3 responses the gathering reads, turned into the plain values of model.py: each function takes one
response's item (a dict, as boto3 returns it) and gives the model's value; no call to AWS here."""

from __future__ import annotations

import json
from typing import Any

from rds_proxy_tools.doctor.model import (
    AuthEntry,
    Endpoint,
    Function,
    KmsKey,
    Proxy,
    Role,
    Rule,
    SecretContent,
    SecurityGroup,
    Subnet,
    Target,
    TargetDatabase,
    TargetGroup,
    TargetHealth,
)

# ---------------------------------------------------------------- the proxy, its target group, targets, endpoints


def proxy_of(described: dict[str, Any], resource_id: str) -> Proxy:
    return Proxy(
        name=described["DBProxyName"],
        arn=described["DBProxyArn"],
        resource_id=resource_id,
        engine_family=described.get("EngineFamily") or "",
        status=described.get("Status") or "",
        address=described.get("Endpoint") or "",
        vpc_id=described.get("VpcId") or "",
        subnet_ids=tuple(described.get("VpcSubnetIds", [])),
        security_group_ids=tuple(described.get("VpcSecurityGroupIds", [])),
        require_tls=bool(described.get("RequireTLS")),
        debug_logging=bool(described.get("DebugLogging")),
        auth=tuple(
            AuthEntry(
                secret_arn=entry.get("SecretArn") or "",
                iam_auth=entry.get("IAMAuth") or "DISABLED",
                client_password_auth_type=entry.get("ClientPasswordAuthType") or "",
                user_name=entry.get("UserName") or "",
            )
            for entry in described.get("Auth", [])
        ),
    )


def target_group_of(group: dict[str, Any]) -> TargetGroup:
    config = group.get("ConnectionPoolConfig") or {}
    return TargetGroup(
        arn=group.get("TargetGroupArn") or "",
        max_connections_percent=config.get("MaxConnectionsPercent"),
        max_idle_connections_percent=config.get("MaxIdleConnectionsPercent"),
        session_pinning_filters=tuple(config.get("SessionPinningFilters") or ()),
    )


def target_of(target: dict[str, Any]) -> Target:
    health = target.get("TargetHealth")
    return Target(
        rds_resource_id=target.get("RdsResourceId") or "",
        arn=target.get("TargetArn") or "",
        health=TargetHealth(
            state=health.get("State") or "",
            reason=health.get("Reason") or "",
            description=health.get("Description") or "",
        )
        if health
        else None,
    )


def endpoint_of(endpoint: dict[str, Any]) -> Endpoint:
    return Endpoint(
        name=endpoint.get("DBProxyEndpointName") or "",
        address=endpoint.get("Endpoint") or "",
        arn=endpoint.get("DBProxyEndpointArn") or "",
        is_default=bool(endpoint.get("IsDefault")),
        target_role=endpoint.get("TargetRole") or "READ_WRITE",
        vpc_id=endpoint.get("VpcId") or "",
        subnet_ids=tuple(endpoint.get("VpcSubnetIds", [])),
        security_group_ids=tuple(endpoint.get("VpcSecurityGroupIds", [])),
    )


# ---------------------------------------------------------------- the network


def subnet_of(subnet: dict[str, Any]) -> Subnet:
    return Subnet(
        vpc_id=subnet.get("VpcId") or "",
        availability_zone=subnet.get("AvailabilityZone") or "",
        cidr=subnet.get("CidrBlock") or "",
    )


def security_group_of(group: dict[str, Any]) -> SecurityGroup:
    return SecurityGroup(
        ingress=tuple(rule_of(p) for p in group.get("IpPermissions", [])),
        egress=tuple(rule_of(p) for p in group.get("IpPermissionsEgress", [])),
    )


def rule_of(permission: dict[str, Any]) -> Rule:
    """An IpPermission; one without ports (every protocol, "-1") gets the whole range."""
    from_port, to_port = permission.get("FromPort"), permission.get("ToPort")
    return Rule(
        protocol=str(permission.get("IpProtocol", "")),
        from_port=0 if from_port is None else from_port,
        to_port=65535 if to_port is None else to_port,
        group_ids=tuple(p["GroupId"] for p in permission.get("UserIdGroupPairs", []) if p.get("GroupId")),
        cidrs=tuple(r["CidrIp"] for r in permission.get("IpRanges", []) if r.get("CidrIp")),
        prefix_lists=tuple(p["PrefixListId"] for p in permission.get("PrefixListIds", []) if p.get("PrefixListId")),
    )


# ---------------------------------------------------------------- the databases


def subnets_of(subnet_group: dict[str, Any]) -> tuple[str, ...]:
    return tuple(s["SubnetIdentifier"] for s in subnet_group.get("Subnets", []))


def groups_of(database: dict[str, Any]) -> tuple[str, ...]:
    return tuple(g["VpcSecurityGroupId"] for g in database.get("VpcSecurityGroups", []))


def instance_of(identifier: str, db: dict[str, Any]) -> TargetDatabase:
    """A DB instance (DescribeDBInstances)."""
    subnet_group = db.get("DBSubnetGroup", {})
    endpoint = db.get("Endpoint") or {}
    return TargetDatabase(
        kind="instance",
        identifier=identifier,
        found=True,
        arn=db.get("DBInstanceArn", ""),
        engine=db.get("Engine", ""),
        port=endpoint.get("Port") or db.get("DbInstancePort"),
        status=db.get("DBInstanceStatus", ""),
        addresses=tuple(a for a in [endpoint.get("Address")] if a),
        vpc_id=subnet_group.get("VpcId", ""),
        subnet_ids=subnets_of(subnet_group),
        security_group_ids=groups_of(db),
        replica_of=db.get("ReadReplicaSourceDBInstanceIdentifier"),
    )


def cluster_of(identifier: str, cluster: dict[str, Any], subnet_group: dict[str, Any] | None) -> TargetDatabase:
    """An Aurora cluster (DescribeDBClusters), with its DB subnet group (DescribeDBSubnetGroups) when there is one."""
    return TargetDatabase(
        kind="cluster",
        identifier=identifier,
        found=True,
        arn=cluster.get("DBClusterArn", ""),
        engine=cluster.get("Engine", ""),
        port=cluster.get("Port"),
        status=cluster.get("Status", ""),
        addresses=tuple(a for a in (cluster.get("Endpoint"), cluster.get("ReaderEndpoint")) if a),
        vpc_id=subnet_group.get("VpcId", "") if subnet_group else "",
        subnet_ids=subnets_of(subnet_group) if subnet_group else (),
        security_group_ids=groups_of(cluster),
        replica_of=cluster.get("ReplicationSourceIdentifier"),
    )


# ---------------------------------------------------------------- secrets and functions


def kms_key_of(metadata: dict[str, Any]) -> KmsKey:
    """A key's KeyMetadata (DescribeKey)."""
    return KmsKey(
        arn=metadata.get("Arn", metadata.get("KeyId", "")),
        manager=metadata.get("KeyManager", ""),
        state=metadata.get("KeyState", ""),
    )


def secret_content(value: dict[str, Any]) -> SecretContent:
    """The username and whether a password is there (GetSecretValue); the value itself goes no further."""
    try:
        data = json.loads(value.get("SecretString") or "")
    except ValueError:
        return SecretContent(is_json=False, username=None, has_password=False)
    if not isinstance(data, dict):
        return SecretContent(is_json=False, username=None, has_password=False)
    username = data.get("username")
    return SecretContent(
        is_json=True,
        username=username if isinstance(username, str) and username else None,
        has_password=isinstance(data.get("password"), str) and bool(data["password"]),
    )


def environment(config: dict[str, Any]) -> dict[str, str]:
    return dict((config.get("Environment") or {}).get("Variables") or {})


def function_of(config: dict[str, Any], role: Role | None) -> Function:
    """A function's configuration (GetFunctionConfiguration, ListFunctions), with its execution role."""
    vpc = config.get("VpcConfig") or {}
    return Function(
        name=config["FunctionName"],
        arn=config["FunctionArn"],
        environment=environment(config),
        subnet_ids=tuple(vpc.get("SubnetIds", [])),
        security_group_ids=tuple(vpc.get("SecurityGroupIds", [])),
        role=role,
    )
