"""Gathering: everything the checks look at, read with the calls of aws.py into a Stack (model.py); with --metrics,
the proxy's metrics too (the queries metrics.py asks)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from rds_proxy_tools.doctor import metrics
from rds_proxy_tools.doctor.aws import DoctorError, NotFound, Reader
from rds_proxy_tools.doctor.model import Database, Function, Policy, Role, Secret, SecretContent, Stack
from rds_proxy_tools.policy_inputs import PROXY_ARN_RE

AWS_MANAGED_SECRETS_KEY = "alias/aws/secretsmanager"
ROLE_ARN_RE = re.compile(r"^arn:[\w-]+:iam::\d{12}:role/(?:.*/)?([\w+=,.@-]+)$")


def gather(
    reader: Reader,
    proxy_name: str,
    function_names: list[str] | None = None,
    read_secrets: bool = False,
    metrics_hours: float | None = None,
) -> Stack:
    """Read the proxy, its targets and their databases, its role and secrets, the functions and the network."""
    try:
        (proxy,) = reader.call("rds", "describe_db_proxies", DBProxyName=proxy_name)["DBProxies"]
    except NotFound as error:
        raise DoctorError(f"no proxy named {proxy_name!r} in {reader.region}") from error
    match = PROXY_ARN_RE.fullmatch(proxy["DBProxyArn"])
    if not match:
        raise DoctorError(f"proxy {proxy_name!r} has an ARN the doctor does not know: {proxy['DBProxyArn']}")
    partition, region, account, proxy_id = match.groups()

    groups = reader.call("rds", "describe_db_proxy_target_groups", DBProxyName=proxy_name)["TargetGroups"]
    default_group = next((g for g in groups if g.get("IsDefault")), groups[0] if groups else None)
    targets = reader.pages("rds", "describe_db_proxy_targets", "Targets", DBProxyName=proxy_name)
    endpoints = reader.pages("rds", "describe_db_proxy_endpoints", "DBProxyEndpoints", DBProxyName=proxy_name)
    databases = read_databases(reader, targets)

    secrets = [read_secret(reader, auth["SecretArn"], read_secrets) for auth in proxy.get("Auth", [])]
    roles: dict[str, Role] = {}
    role = read_role(reader, proxy["RoleArn"], roles)

    addresses = {e["Endpoint"].lower() for e in endpoints if e.get("Endpoint")} | {proxy["Endpoint"].lower()}
    addresses |= {a.lower() for d in databases for a in d.addresses}
    functions = read_functions(reader, function_names, addresses, roles)

    subnet_ids = set(proxy.get("VpcSubnetIds", []))
    group_ids = set(proxy.get("VpcSecurityGroupIds", []))
    for endpoint in endpoints:
        subnet_ids |= set(endpoint.get("VpcSubnetIds", []))
        group_ids |= set(endpoint.get("VpcSecurityGroupIds", []))
    for database in databases:
        subnet_ids |= set(database.subnet_ids)
        group_ids |= set(database.security_group_ids)
    for function in functions:
        subnet_ids |= set(function.subnet_ids)
        group_ids |= set(function.security_group_ids)

    stack = Stack(
        region=region,
        partition=partition,
        account=account,
        proxy=proxy,
        proxy_id=proxy_id,
        target_group=default_group,
        targets=targets,
        endpoints=endpoints,
        databases=databases,
        role=role,
        secrets=secrets,
        functions=functions,
        functions_named=bool(function_names),
        subnets=by_id(reader, "describe_subnets", "Subnets", "SubnetId", "subnet-id", subnet_ids),
        groups=by_id(reader, "describe_security_groups", "SecurityGroups", "GroupId", "group-id", group_ids),
        read_secrets=read_secrets,
    )
    if metrics_hours:
        stack.metrics = read_metrics(reader, stack, metrics_hours)
        stack.metrics_hours = metrics_hours
    return stack


def read_metrics(reader: Reader, stack: Stack, hours: float) -> dict[str, list[tuple[datetime, float]]]:
    """(timestamp, value) pairs of each of metrics.queries over the last `hours`."""
    end = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    params: dict[str, Any] = {
        "MetricDataQueries": metrics.queries(stack, hours),
        "StartTime": end - timedelta(hours=hours),
        "EndTime": end,
    }
    values: dict[str, list[tuple[datetime, float]]] = {q["Id"]: [] for q in params["MetricDataQueries"]}
    while True:
        page = reader.call("cloudwatch", "get_metric_data", **params)
        for result in page.get("MetricDataResults", []):
            values[result["Id"]] += list(zip(result.get("Timestamps", []), result.get("Values", []), strict=False))
        if not page.get("NextToken"):
            return values
        params["NextToken"] = page["NextToken"]


def arn_region(arn: str) -> str:
    parts = arn.split(":")
    return parts[3] if len(parts) > 5 else ""


def by_id(reader: Reader, method: str, key: str, id_key: str, filter_name: str, ids: set[str]) -> dict[str, dict]:
    """EC2 items by id; an id that does not exist is left out (a filter, unlike the id list, does not fail on one)."""
    if not ids:
        return {}
    items = reader.pages("ec2", method, key, Filters=[{"Name": filter_name, "Values": sorted(ids)}])
    return {item[id_key]: item for item in items}


def read_databases(reader: Reader, targets: list[dict[str, Any]]) -> list[Database]:
    """The database of each registered target: an Aurora cluster once (its instances are its members), else the DB
    instance."""
    databases: dict[str, Database] = {}
    for target in targets:
        if target.get("Type") == "TRACKED_CLUSTER" or target.get("TrackedClusterId"):
            identifier = target.get("TrackedClusterId") or target["RdsResourceId"]
            if identifier not in databases:
                databases[identifier] = read_cluster(reader, identifier)
        elif target.get("RdsResourceId") and target["RdsResourceId"] not in databases:
            databases[target["RdsResourceId"]] = read_instance(reader, target["RdsResourceId"])
    return list(databases.values())


def subnets_of(subnet_group: dict[str, Any]) -> tuple[str, ...]:
    return tuple(s["SubnetIdentifier"] for s in subnet_group.get("Subnets", []))


def groups_of(database: dict[str, Any]) -> tuple[str, ...]:
    return tuple(g["VpcSecurityGroupId"] for g in database.get("VpcSecurityGroups", []))


def read_instance(reader: Reader, identifier: str) -> Database:
    try:
        (db,) = reader.call("rds", "describe_db_instances", DBInstanceIdentifier=identifier)["DBInstances"]
    except NotFound:
        return Database("instance", identifier, found=False)
    subnet_group = db.get("DBSubnetGroup", {})
    endpoint = db.get("Endpoint") or {}
    return Database(
        kind="instance",
        identifier=identifier,
        found=True,
        arn=db.get("DBInstanceArn", ""),
        engine=db.get("Engine", ""),
        port=endpoint.get("Port") or db.get("DbInstancePort"),
        status=db.get("DBInstanceStatus", ""),
        addresses=tuple(a for a in [endpoint.get("Address")] if a),
        resource_id=db.get("DbiResourceId", ""),
        vpc_id=subnet_group.get("VpcId", ""),
        subnet_ids=subnets_of(subnet_group),
        security_group_ids=groups_of(db),
        replica_of=db.get("ReadReplicaSourceDBInstanceIdentifier"),
    )


def read_cluster(reader: Reader, identifier: str) -> Database:
    try:
        (cluster,) = reader.call("rds", "describe_db_clusters", DBClusterIdentifier=identifier)["DBClusters"]
    except NotFound:
        return Database("cluster", identifier, found=False)
    vpc_id, subnet_ids = "", ()
    if cluster.get("DBSubnetGroup"):
        try:
            (group,) = reader.call("rds", "describe_db_subnet_groups", DBSubnetGroupName=cluster["DBSubnetGroup"])[
                "DBSubnetGroups"
            ]
            vpc_id = group.get("VpcId", "")
            subnet_ids = subnets_of(group)
        except NotFound:
            pass
    return Database(
        kind="cluster",
        identifier=identifier,
        found=True,
        arn=cluster.get("DBClusterArn", ""),
        engine=cluster.get("Engine", ""),
        port=cluster.get("Port"),
        status=cluster.get("Status", ""),
        addresses=tuple(a for a in (cluster.get("Endpoint"), cluster.get("ReaderEndpoint")) if a),
        resource_id=cluster.get("DbClusterResourceId", ""),
        vpc_id=vpc_id,
        subnet_ids=subnet_ids,
        security_group_ids=groups_of(cluster),
        replica_of=cluster.get("ReplicationSourceIdentifier"),
    )


def read_role(reader: Reader, arn: str, cache: dict[str, Role]) -> Role:
    """A role's trust policy, its inline and attached policies (default versions) and its permissions boundary."""
    if arn in cache:
        return cache[arn]
    match = ROLE_ARN_RE.fullmatch(arn)
    name = match.group(1) if match else arn
    try:
        described = reader.call("iam", "get_role", RoleName=name)["Role"]
    except NotFound:
        cache[arn] = Role(arn, found=False, name=name)
        return cache[arn]
    policies = []
    for policy_name in reader.pages("iam", "list_role_policies", "PolicyNames", RoleName=name):
        document = reader.call("iam", "get_role_policy", RoleName=name, PolicyName=policy_name)["PolicyDocument"]
        policies.append(Policy(policy_name, document))
    for attached in reader.pages("iam", "list_attached_role_policies", "AttachedPolicies", RoleName=name):
        policies.append(managed_policy(reader, attached["PolicyArn"]))
    boundary_arn = (described.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    cache[arn] = Role(
        arn=described.get("Arn", arn),
        found=True,
        name=name,
        trust=described.get("AssumeRolePolicyDocument"),
        policies=policies,
        boundary=managed_policy(reader, boundary_arn) if boundary_arn else None,
    )
    return cache[arn]


def managed_policy(reader: Reader, arn: str) -> Policy:
    policy = reader.call("iam", "get_policy", PolicyArn=arn)["Policy"]
    version = reader.call("iam", "get_policy_version", PolicyArn=arn, VersionId=policy["DefaultVersionId"])
    return Policy(arn, version["PolicyVersion"]["Document"], managed=True)


def read_secret(reader: Reader, arn: str, read_value: bool) -> Secret:
    """A secret's description, resource policy and key; with read_value, what its JSON holds (no password kept)."""
    region = arn_region(arn)
    secret = Secret(arn=arn, found=False, region=region)
    if region != reader.region:
        return secret  # the proxy cannot use it; secret.state says so
    try:
        secret.described = reader.call("secretsmanager", "describe_secret", SecretId=arn)
    except NotFound:
        return secret
    secret.found = True
    if secret.described.get("DeletedDate"):
        return secret  # Secrets Manager refuses most calls on a secret scheduled for deletion; secret.state fails
    policy = reader.call("secretsmanager", "get_resource_policy", SecretId=arn).get("ResourcePolicy")
    secret.resource_policy = policy or None
    key_id = secret.described.get("KmsKeyId")
    if key_id and key_id != AWS_MANAGED_SECRETS_KEY:
        try:
            secret.key = reader.call("kms", "describe_key", KeyId=key_id)["KeyMetadata"]
        except NotFound:
            secret.key = {"KeyId": key_id, "Arn": key_id, "KeyState": "NotFound", "KeyManager": "CUSTOMER"}
        if secret.key.get("KeyManager") == "CUSTOMER" and secret.key["KeyState"] != "NotFound":
            text = reader.call("kms", "get_key_policy", KeyId=secret.key["KeyId"], PolicyName="default")["Policy"]
            secret.key_policy = text
    if read_value:
        secret.content = secret_content(reader.call("secretsmanager", "get_secret_value", SecretId=arn))
    return secret


def secret_content(value: dict[str, Any]) -> SecretContent:
    """The username and whether a password is there; the value itself goes no further."""
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


def read_functions(
    reader: Reader, names: list[str] | None, addresses: set[str], roles: dict[str, Role]
) -> list[Function]:
    """The named functions; without names, every function whose environment holds one of the addresses."""
    if names:
        configs = []
        for name in dict.fromkeys(names):
            try:
                configs.append(reader.call("lambda", "get_function_configuration", FunctionName=name))
            except NotFound as error:
                raise DoctorError(f"no function named {name!r} in {reader.region}") from error
    else:
        configs = [
            config
            for config in reader.pages("lambda", "list_functions", "Functions")
            if any(str(v).lower() in addresses for v in environment(config).values())
        ]
    return [
        Function(
            name=config["FunctionName"],
            arn=config["FunctionArn"],
            environment=environment(config),
            subnet_ids=tuple((config.get("VpcConfig") or {}).get("SubnetIds", [])),
            security_group_ids=tuple((config.get("VpcConfig") or {}).get("SecurityGroupIds", [])),
            role=read_role(reader, config["Role"], roles) if config.get("Role") else None,
        )
        for config in configs
    ]


def environment(config: dict[str, Any]) -> dict[str, str]:
    return dict((config.get("Environment") or {}).get("Variables") or {})
