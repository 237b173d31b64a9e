"""Gathering: everything the checks look at, read with the calls of aws.py and turned into a Stack (model.py) by
convert.py; no boto3 response goes further. With --metrics, the proxy's metrics too (the queries metrics.py asks)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from rds_proxy_tools.arns import PROXY_ARN_RE, region_of, role_name
from rds_proxy_tools.doctor import convert, metrics
from rds_proxy_tools.doctor.aws import DoctorError, NotFound, Reader
from rds_proxy_tools.doctor.connection import connections
from rds_proxy_tools.doctor.model import Function, Role, RolePolicy, Secret, Stack, TargetDatabase

AWS_MANAGED_SECRETS_KEY = "alias/aws/secretsmanager"


def gather(
    reader: Reader,
    proxy_name: str,
    function_names: list[str] | None = None,
    read_secrets: bool = False,
    metrics_hours: float | None = None,
) -> Stack:
    """Read the proxy, its targets and their databases, its role and secrets, the functions and the network."""
    try:
        (described,) = reader.call("rds", "describe_db_proxies", DBProxyName=proxy_name)["DBProxies"]
    except NotFound as error:
        raise DoctorError(f"no proxy named {proxy_name!r} in {reader.region}") from error
    return gather_proxy(reader, described, Functions(reader, function_names), read_secrets, metrics_hours)


def gather_all(reader: Reader, read_secrets: bool = False, metrics_hours: float | None = None) -> list[Stack]:
    """gather() of every proxy of the region, the functions listed once for all of them."""
    proxies = reader.pages("rds", "describe_db_proxies", "DBProxies")
    if not proxies:
        raise DoctorError(f"no proxy in {reader.region} (is the region right?)")
    functions = Functions(reader)
    return [gather_proxy(reader, described, functions, read_secrets, metrics_hours) for described in proxies]


def gather_proxy(
    reader: Reader,
    described: dict[str, Any],
    functions: Functions,
    read_secrets: bool = False,
    metrics_hours: float | None = None,
) -> Stack:
    """The Stack of a proxy as DescribeDBProxies gives it."""
    proxy_name = described["DBProxyName"]
    match = PROXY_ARN_RE.fullmatch(described["DBProxyArn"])
    if not match:
        raise DoctorError(f"proxy {proxy_name!r} has an ARN the doctor does not know: {described['DBProxyArn']}")
    partition, region, account, proxy_id = match.groups()
    proxy = convert.proxy_of(described, proxy_id)

    groups = reader.call("rds", "describe_db_proxy_target_groups", DBProxyName=proxy_name)["TargetGroups"]
    default_group = next((g for g in groups if g.get("IsDefault")), groups[0] if groups else None)
    targets = reader.pages("rds", "describe_db_proxy_targets", "Targets", DBProxyName=proxy_name)
    endpoints = [
        convert.endpoint_of(e)
        for e in reader.pages("rds", "describe_db_proxy_endpoints", "DBProxyEndpoints", DBProxyName=proxy_name)
    ]
    databases = read_databases(reader, targets)

    secrets = [read_secret(reader, entry.secret_arn, read_secrets) for entry in proxy.auth]
    role = read_role(reader, described["RoleArn"], functions.roles)

    addresses = {a.lower() for a in (proxy.address, *(e.address for e in endpoints)) if a}
    addresses |= {a.lower() for d in databases for a in d.addresses}
    using = functions.using(addresses)

    subnet_ids = set(proxy.subnet_ids)
    group_ids = set(proxy.security_group_ids)
    for side in [*endpoints, *databases, *using]:
        subnet_ids |= set(side.subnet_ids)
        group_ids |= set(side.security_group_ids)

    stack = Stack(
        region=region,
        partition=partition,
        account=account,
        proxy=proxy,
        target_group=convert.target_group_of(default_group) if default_group is not None else None,
        targets=[convert.target_of(t) for t in targets],
        endpoints=endpoints,
        databases=databases,
        role=role,
        secrets=secrets,
        functions=using,
        functions_named=bool(functions.names),
        subnets={
            s["SubnetId"]: convert.subnet_of(s)
            for s in ec2_items(reader, "describe_subnets", "Subnets", "subnet-id", subnet_ids)
        },
        groups={
            g["GroupId"]: convert.security_group_of(g)
            for g in ec2_items(reader, "describe_security_groups", "SecurityGroups", "group-id", group_ids)
        },
        read_secrets=read_secrets,
    )
    if metrics_hours:
        stack.metrics = read_metrics(reader, stack, metrics_hours)
        stack.metrics_hours = metrics_hours
    return stack


def ec2_items(reader: Reader, method: str, key: str, filter_name: str, ids: set[str]) -> list[dict[str, Any]]:
    """The EC2 items of these ids; an id that does not exist is left out (a filter, unlike an id list, does not fail
    on one)."""
    if not ids:
        return []
    return reader.pages("ec2", method, key, Filters=[{"Name": filter_name, "Values": sorted(ids)}])


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


def read_databases(reader: Reader, targets: list[dict[str, Any]]) -> list[TargetDatabase]:
    """The database of each registered target: an Aurora cluster once (its instances are its members), else the DB
    instance."""
    databases: dict[str, TargetDatabase] = {}
    for target in targets:
        if target.get("Type") == "TRACKED_CLUSTER" or target.get("TrackedClusterId"):
            identifier = target.get("TrackedClusterId") or target["RdsResourceId"]
            if identifier not in databases:
                databases[identifier] = read_cluster(reader, identifier)
        elif target.get("RdsResourceId") and target["RdsResourceId"] not in databases:
            databases[target["RdsResourceId"]] = read_instance(reader, target["RdsResourceId"])
    return list(databases.values())


def read_instance(reader: Reader, identifier: str) -> TargetDatabase:
    try:
        (db,) = reader.call("rds", "describe_db_instances", DBInstanceIdentifier=identifier)["DBInstances"]
    except NotFound:
        return TargetDatabase("instance", identifier, found=False)
    return convert.instance_of(identifier, db)


def read_cluster(reader: Reader, identifier: str) -> TargetDatabase:
    try:
        (cluster,) = reader.call("rds", "describe_db_clusters", DBClusterIdentifier=identifier)["DBClusters"]
    except NotFound:
        return TargetDatabase("cluster", identifier, found=False)
    subnet_group = None
    if cluster.get("DBSubnetGroup"):
        try:
            (subnet_group,) = reader.call(
                "rds", "describe_db_subnet_groups", DBSubnetGroupName=cluster["DBSubnetGroup"]
            )["DBSubnetGroups"]
        except NotFound:
            pass
    return convert.cluster_of(identifier, cluster, subnet_group)


def read_role(reader: Reader, arn: str, cache: dict[str, Role]) -> Role:
    """A role's trust policy, its inline and attached policies (default versions) and its permissions boundary."""
    if arn in cache:
        return cache[arn]
    name = role_name(arn)
    try:
        described = reader.call("iam", "get_role", RoleName=name)["Role"]
    except NotFound:
        cache[arn] = Role(arn, found=False, name=name)
        return cache[arn]
    policies = []
    for policy_name in reader.pages("iam", "list_role_policies", "PolicyNames", RoleName=name):
        document = reader.call("iam", "get_role_policy", RoleName=name, PolicyName=policy_name)["PolicyDocument"]
        policies.append(RolePolicy(policy_name, document))
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


def managed_policy(reader: Reader, arn: str) -> RolePolicy:
    policy = reader.call("iam", "get_policy", PolicyArn=arn)["Policy"]
    version = reader.call("iam", "get_policy_version", PolicyArn=arn, VersionId=policy["DefaultVersionId"])
    return RolePolicy(arn, version["PolicyVersion"]["Document"], managed=True)


def read_secret(reader: Reader, arn: str, read_value: bool) -> Secret:
    """A secret's description, resource policy and key; with read_value, what its JSON holds (no password kept)."""
    region = region_of(arn)
    secret = Secret(arn=arn, found=False, region=region)
    if region != reader.region:
        return secret  # the proxy cannot use it; the secret.state check says so
    try:
        described = reader.call("secretsmanager", "describe_secret", SecretId=arn)
    except NotFound:
        return secret
    secret.found, secret.name, secret.deleted = True, described.get("Name") or "", described.get("DeletedDate")
    if secret.deleted:
        return secret  # Secrets Manager refuses most calls on a secret scheduled for deletion; secret.state fails
    policy = reader.call("secretsmanager", "get_resource_policy", SecretId=arn).get("ResourcePolicy")
    secret.resource_policy = policy or None
    key_id = described.get("KmsKeyId")
    if key_id and key_id != AWS_MANAGED_SECRETS_KEY:
        try:
            key = reader.call("kms", "describe_key", KeyId=key_id)["KeyMetadata"]
        except NotFound:
            key = {"KeyId": key_id, "Arn": key_id, "KeyState": "NotFound", "KeyManager": "CUSTOMER"}
        secret.key = convert.kms_key_of(key)
        if secret.key.manager == "CUSTOMER" and secret.key.state != "NotFound":
            text = reader.call("kms", "get_key_policy", KeyId=key["KeyId"], PolicyName="default")["Policy"]
            secret.key_policy = text
    if read_value:
        secret.content = convert.secret_content(reader.call("secretsmanager", "get_secret_value", SecretId=arn))
    return secret


class Functions:
    """The functions a run checks, read once however many proxies it checks: the named ones, or every function of
    the region (ListFunctions), each found to use a proxy by an address of it in its environment; each role read
    once (the proxies' too)."""

    def __init__(self, reader: Reader, names: list[str] | None = None) -> None:
        self.reader = reader
        self.names = list(dict.fromkeys(names or []))
        self.roles: dict[str, Role] = {}
        self._configs: list[dict[str, Any]] | None = None

    def configs(self) -> list[dict[str, Any]]:
        if self._configs is None:
            if self.names:
                self._configs = [self.named(name) for name in self.names]
            else:
                self._configs = self.reader.pages("lambda", "list_functions", "Functions")
        return self._configs

    def named(self, name: str) -> dict[str, Any]:
        try:
            return self.reader.call("lambda", "get_function_configuration", FunctionName=name)
        except NotFound as error:
            raise DoctorError(f"no function named {name!r} in {self.reader.region}") from error

    def using(self, addresses: set[str]) -> list[Function]:
        """The named functions; without names, every function whose environment holds one of the addresses: as a
        whole value, as `host:port` or as a URL's host, under any variable's name."""
        configs = self.configs()
        if not self.names:
            configs = [c for c in configs if uses(c, addresses)]
        return [
            convert.function_of(c, read_role(self.reader, c["Role"], self.roles) if c.get("Role") else None)
            for c in configs
        ]


def uses(config: dict[str, Any], addresses: set[str]) -> bool:
    return any(c.host.lower() in addresses for c in connections(convert.environment(config)))
