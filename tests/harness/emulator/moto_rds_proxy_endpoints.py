"""RDS proxy endpoints and ModifyDBProxy, which moto 5.2.5 lacks, added to its RDS backend and responses.

install() adds CreateDBProxyEndpoint, DescribeDBProxyEndpoints, ModifyDBProxyEndpoint, DeleteDBProxyEndpoint
and ModifyDBProxy; makes tags work on proxy-endpoint ARNs; and makes DeleteDBProxy drop the proxy's endpoints
(and refuse an unknown proxy with DBProxyNotFoundFault instead of a server error). Every request and result
of the added operations is checked against botocore's service model (harness.emulator.moto_shapes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from moto.core.responses import ActionResult
from moto.core.utils import camelcase_to_underscores, utcnow
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.models import ec2_backends
from moto.moto_api._internal import mock_random as random
from moto.rds.exceptions import (
    DBProxyAlreadyExistsFault,
    DBProxyNotFoundFault,
    InvalidParameterValue,
    InvalidSubnet,
    RDSClientError,
)
from moto.rds.models import DBProxy, RDSBackend, RDSBaseModel
from moto.rds.responses import RDSResponse

from harness.emulator.moto_shapes import CheckedResult, guard_parsing, plain, request_params

ENDPOINT_ARN = re.compile(r"arn:[\w-]+:rds:[\w-]+:\d{12}:db-proxy-endpoint:(prx-endpoint-[a-z0-9]{17})")
ENDPOINTS_PER_PROXY = 20  # the RDS quota of endpoints a proxy may have besides its default one
IDLE_CLIENT_TIMEOUT_S = range(1, 28800 + 1)


class DBProxyEndpointNotFoundFault(RDSClientError):
    def __init__(self, name: str) -> None:
        super().__init__("DBProxyEndpointNotFoundFault", f"The DB proxy endpoint {name} doesn't exist.")


class DBProxyEndpointAlreadyExistsFault(RDSClientError):
    def __init__(self, name: str) -> None:
        super().__init__("DBProxyEndpointAlreadyExistsFault", f"A DB proxy endpoint named {name} already exists.")


class DBProxyEndpointQuotaExceededFault(RDSClientError):
    def __init__(self, proxy_name: str) -> None:
        super().__init__(
            "DBProxyEndpointQuotaExceededFault",
            f"DB proxy {proxy_name} already has {ENDPOINTS_PER_PROXY} endpoints besides its default one.",
        )


class DBProxyEndpoint(RDSBaseModel):
    """An endpoint a caller created for a proxy (the default endpoint is the proxy itself)."""

    resource_type = "db-proxy-endpoint"

    def __init__(
        self,
        backend: RDSBackend,
        name: str,
        proxy: DBProxy,
        vpc_id: str,
        subnet_ids: list[str],
        security_group_ids: list[str],
        target_role: str,
        tags: list[dict[str, str]] | None,
    ) -> None:
        super().__init__(backend)
        self.name = name
        self.proxy_name = proxy.db_proxy_name
        self.proxy_host_id = proxy.url_identifier  # the 12 characters after "proxy-" in the host name
        self.vpc_id = vpc_id
        self.subnet_ids = subnet_ids
        self.security_group_ids = security_group_ids
        self.target_role = target_role
        self.tags = tags
        self.status = "available"
        self.created_date: datetime = utcnow()
        self._resource_id = f"prx-endpoint-{random.get_random_string(17, lower_case=True)}"

    @property
    def resource_id(self) -> str:
        return self._resource_id

    @property
    def endpoint(self) -> str:
        return f"{self.name}.endpoint.proxy-{self.proxy_host_id}.{self.region}.rds.amazonaws.com"

    def to_dict(self) -> dict[str, Any]:
        return {
            "DBProxyEndpointName": self.name,
            "DBProxyEndpointArn": self.arn,
            "DBProxyName": self.proxy_name,
            "Status": self.status,
            "VpcId": self.vpc_id,
            "VpcSecurityGroupIds": list(self.security_group_ids),
            "VpcSubnetIds": list(self.subnet_ids),
            "Endpoint": self.endpoint,
            "CreatedDate": self.created_date,
            "TargetRole": self.target_role,
            "IsDefault": False,
        }


def default_endpoint(proxy: DBProxy) -> dict[str, Any]:
    """The endpoint every proxy has: named as the proxy, read/write, at the proxy's host name."""
    return {
        "DBProxyEndpointName": proxy.db_proxy_name,
        "DBProxyName": proxy.db_proxy_name,
        "Status": proxy.status,
        "VpcId": proxy.vpc_id,
        "VpcSecurityGroupIds": list(proxy.vpc_security_group_ids),
        "VpcSubnetIds": list(proxy.vpc_subnet_ids),
        "Endpoint": proxy.endpoint,
        "CreatedDate": proxy.created_date,
        "TargetRole": "READ_WRITE",
        "IsDefault": True,
    }


def proxy_dict(proxy: DBProxy) -> dict[str, Any]:
    """A DBProxy shape of moto's proxy model (which keeps RequireTLS as None when it was not given)."""
    return {
        "DBProxyName": proxy.db_proxy_name,
        "DBProxyArn": proxy.arn,
        "Status": proxy.status,
        "EngineFamily": proxy.engine_family,
        "VpcId": proxy.vpc_id,
        "VpcSecurityGroupIds": list(proxy.vpc_security_group_ids),
        "VpcSubnetIds": list(proxy.vpc_subnet_ids),
        "Auth": plain(proxy.auth),
        "RoleArn": proxy.role_arn,
        "Endpoint": proxy.endpoint,
        "RequireTLS": bool(proxy.require_tls),
        "IdleClientTimeout": proxy.idle_client_timeout,
        "DebugLogging": bool(proxy.debug_logging),
        "CreatedDate": proxy.created_date,
        "UpdatedDate": proxy.updated_date,
    }


# Backend state and lookups


def endpoints(backend: RDSBackend) -> dict[str, DBProxyEndpoint]:
    """The backend's created endpoints by name (kept on the backend, so moto's reset drops them)."""
    return backend.__dict__.setdefault("db_proxy_endpoints", {})


def find_proxy(backend: RDSBackend, name: str) -> DBProxy:
    if name not in backend.db_proxies:
        raise DBProxyNotFoundFault(name)
    return backend.db_proxies[name]


def find_endpoint(backend: RDSBackend, name: str) -> DBProxyEndpoint:
    if name in endpoints(backend):
        return endpoints(backend)[name]
    if name in backend.db_proxies:
        raise InvalidParameterValue(f"{name} is the default endpoint of DB proxy {name}: it can't be changed.")
    raise DBProxyEndpointNotFoundFault(name)


def check_name_free(backend: RDSBackend, name: str) -> None:
    """Endpoint names are unique in the region, default endpoints (named as their proxies) included."""
    if name in endpoints(backend) or name in backend.db_proxies:
        raise DBProxyEndpointAlreadyExistsFault(name)


def subnets_vpc(backend: RDSBackend, subnet_ids: list[str]) -> str:
    """The one VPC all the subnets are in; else InvalidSubnet."""
    ec2 = ec2_backends[backend.account_id][backend.region_name]
    vpc_ids = []
    for subnet_id in subnet_ids:
        try:
            vpc_ids.append(ec2.get_subnet(subnet_id).vpc_id)
        except EC2ClientError:
            raise InvalidSubnet(subnet_id) from None
        if vpc_ids[-1] != vpc_ids[0]:
            raise InvalidSubnet(subnet_id)
    return vpc_ids[0]


def groups_in_vpc(backend: RDSBackend, vpc_id: str, group_ids: list[str] | None) -> list[str]:
    """The security groups, each checked to be in the VPC; none given: the VPC's default group."""
    ec2 = ec2_backends[backend.account_id][backend.region_name]
    if not group_ids:
        return [ec2.get_default_security_group(vpc_id).id]
    for group_id in group_ids:
        group = ec2.get_security_group_from_id(group_id)
        if group is None or group.vpc_id != vpc_id:
            raise InvalidParameterValue(f"Security group {group_id} is not a security group of VPC {vpc_id}.")
    return list(group_ids)


# Backend operations (RDSBackend methods once installed)


def create_db_proxy_endpoint(
    self: RDSBackend,
    db_proxy_name: str,
    db_proxy_endpoint_name: str,
    vpc_subnet_ids: list[str],
    vpc_security_group_ids: list[str] | None = None,
    target_role: str = "READ_WRITE",
    tags: list[dict[str, str]] | None = None,
) -> DBProxyEndpoint:
    """An endpoint in the subnets' VPC, which may be another VPC than the proxy's (a cross-VPC endpoint)."""
    proxy = find_proxy(self, db_proxy_name)
    check_name_free(self, db_proxy_endpoint_name)
    if sum(e.proxy_name == db_proxy_name for e in endpoints(self).values()) >= ENDPOINTS_PER_PROXY:
        raise DBProxyEndpointQuotaExceededFault(db_proxy_name)
    vpc_id = subnets_vpc(self, vpc_subnet_ids)
    groups = groups_in_vpc(self, vpc_id, vpc_security_group_ids)
    endpoint = DBProxyEndpoint(
        self, db_proxy_endpoint_name, proxy, vpc_id, list(vpc_subnet_ids), groups, target_role, tags
    )
    endpoints(self)[db_proxy_endpoint_name] = endpoint
    return endpoint


def describe_db_proxy_endpoints(
    self: RDSBackend, db_proxy_name: str | None = None, db_proxy_endpoint_name: str | None = None
) -> list[dict[str, Any]]:
    """Endpoints (DBProxyEndpoint shapes) of one proxy or all, each proxy's default one first."""
    proxies = [find_proxy(self, db_proxy_name)] if db_proxy_name else list(self.db_proxies.values())
    found = []
    for proxy in proxies:
        found.append(default_endpoint(proxy))
        found += [e.to_dict() for e in endpoints(self).values() if e.proxy_name == proxy.db_proxy_name]
    if db_proxy_endpoint_name is not None:
        found = [e for e in found if e["DBProxyEndpointName"] == db_proxy_endpoint_name]
        if not found:
            raise DBProxyEndpointNotFoundFault(db_proxy_endpoint_name)
    return found


def modify_db_proxy_endpoint(
    self: RDSBackend,
    db_proxy_endpoint_name: str,
    new_db_proxy_endpoint_name: str | None = None,
    vpc_security_group_ids: list[str] | None = None,
) -> DBProxyEndpoint:
    endpoint = find_endpoint(self, db_proxy_endpoint_name)
    if vpc_security_group_ids is not None:
        endpoint.security_group_ids = groups_in_vpc(self, endpoint.vpc_id, vpc_security_group_ids)
    if new_db_proxy_endpoint_name and new_db_proxy_endpoint_name != db_proxy_endpoint_name:
        check_name_free(self, new_db_proxy_endpoint_name)
        endpoints(self)[new_db_proxy_endpoint_name] = endpoints(self).pop(db_proxy_endpoint_name)
        endpoint.name = new_db_proxy_endpoint_name
    return endpoint


def delete_db_proxy_endpoint(self: RDSBackend, db_proxy_endpoint_name: str) -> DBProxyEndpoint:
    """The endpoint, gone at once, as AWS answers a deletion: with status "deleting"."""
    endpoint = find_endpoint(self, db_proxy_endpoint_name)
    del endpoints(self)[db_proxy_endpoint_name]
    endpoint.status = "deleting"
    return endpoint


def rename_proxy(backend: RDSBackend, proxy: DBProxy, new_name: str) -> None:
    """Re-key the proxy in place (moto's resource map holds the same dict), with its host name, target
    groups and endpoints."""
    if new_name in backend.db_proxies or new_name in endpoints(backend):
        raise DBProxyAlreadyExistsFault(new_name)
    old_name = proxy.db_proxy_name
    renamed = [(new_name if name == old_name else name, p) for name, p in backend.db_proxies.items()]
    backend.db_proxies.clear()
    backend.db_proxies.update(renamed)
    proxy.db_proxy_name = new_name
    proxy.endpoint = new_name + proxy.endpoint[len(old_name) :]
    for group in proxy.proxy_target_groups.values():
        group.db_proxy_name = new_name
    for endpoint in endpoints(backend).values():
        if endpoint.proxy_name == old_name:
            endpoint.proxy_name = new_name


def modify_db_proxy(
    self: RDSBackend,
    db_proxy_name: str,
    new_db_proxy_name: str | None = None,
    auth: list[dict[str, str]] | None = None,
    require_tls: bool | None = None,
    idle_client_timeout: int | None = None,
    debug_logging: bool | None = None,
    role_arn: str | None = None,
    security_groups: list[str] | None = None,
) -> DBProxy:
    """The proxy with the given settings changed (at once: it stays "available")."""
    proxy = find_proxy(self, db_proxy_name)
    if idle_client_timeout is not None and idle_client_timeout not in IDLE_CLIENT_TIMEOUT_S:
        raise InvalidParameterValue(f"IdleClientTimeout must be from 1 to 28800 seconds, not {idle_client_timeout}.")
    groups = groups_in_vpc(self, proxy.vpc_id, security_groups) if security_groups is not None else None
    if new_db_proxy_name and new_db_proxy_name != db_proxy_name:
        rename_proxy(self, proxy, new_db_proxy_name)
    changes = {
        "auth": auth,
        "require_tls": require_tls,
        "idle_client_timeout": idle_client_timeout,
        "debug_logging": debug_logging,
        "role_arn": role_arn,
        "vpc_security_group_ids": groups,
    }
    for attribute, value in changes.items():
        if value is not None:
            setattr(proxy, attribute, value)
    proxy.updated_date = utcnow()
    return proxy


# Response handlers (RDSResponse methods once installed): checked parameters in, a checked result out

Handler = Callable[[RDSBackend, dict[str, Any]], dict[str, Any]]


def handler(operation: str) -> Callable[[Handler], Callable[[RDSResponse], ActionResult]]:
    def wrap(body: Handler) -> Callable[[RDSResponse], ActionResult]:
        def method(self: RDSResponse) -> ActionResult:
            return CheckedResult(body(self.backend, request_params(self, operation)))

        method.__name__ = camelcase_to_underscores(operation)
        method.__doc__ = f"{operation}, checked against botocore's service model."
        method.operation = operation  # type: ignore[attr-defined]
        return method

    return wrap


def snake(params: dict[str, Any], *names: str) -> dict[str, Any]:
    """The named parameters that are present, as keyword arguments."""
    return {camelcase_to_underscores(name): params[name] for name in names if name in params}


@handler("CreateDBProxyEndpoint")
def _create_endpoint(backend: RDSBackend, params: dict[str, Any]) -> dict[str, Any]:
    names = ("DBProxyName", "DBProxyEndpointName", "VpcSubnetIds", "VpcSecurityGroupIds", "TargetRole", "Tags")
    return {"DBProxyEndpoint": backend.create_db_proxy_endpoint(**snake(params, *names)).to_dict()}


@handler("DescribeDBProxyEndpoints")
def _describe_endpoints(backend: RDSBackend, params: dict[str, Any]) -> dict[str, Any]:
    """One page of MaxRecords (default 100) endpoints; the Marker of the next is the name of its first."""
    if params.get("Filters"):
        raise InvalidParameterValue("DescribeDBProxyEndpoints supports no filters.")
    found = backend.describe_db_proxy_endpoints(**snake(params, "DBProxyName", "DBProxyEndpointName"))
    names = [endpoint["DBProxyEndpointName"] for endpoint in found]
    if "Marker" in params and params["Marker"] not in names:
        raise InvalidParameterValue(f"Invalid Marker: {params['Marker']}")
    start = names.index(params["Marker"]) if "Marker" in params else 0
    stop = start + params.get("MaxRecords", 100)
    return {"DBProxyEndpoints": found[start:stop], "Marker": names[stop] if stop < len(names) else None}


@handler("ModifyDBProxyEndpoint")
def _modify_endpoint(backend: RDSBackend, params: dict[str, Any]) -> dict[str, Any]:
    names = ("DBProxyEndpointName", "NewDBProxyEndpointName", "VpcSecurityGroupIds")
    return {"DBProxyEndpoint": backend.modify_db_proxy_endpoint(**snake(params, *names)).to_dict()}


@handler("DeleteDBProxyEndpoint")
def _delete_endpoint(backend: RDSBackend, params: dict[str, Any]) -> dict[str, Any]:
    return {"DBProxyEndpoint": backend.delete_db_proxy_endpoint(params["DBProxyEndpointName"]).to_dict()}


@handler("ModifyDBProxy")
def _modify_proxy(backend: RDSBackend, params: dict[str, Any]) -> dict[str, Any]:
    names = ("DBProxyName", "NewDBProxyName", "Auth", "RequireTLS", "IdleClientTimeout", "DebugLogging", "RoleArn")
    return {"DBProxy": proxy_dict(backend.modify_db_proxy(**snake(params, *names, "SecurityGroups")))}


HANDLERS = (_create_endpoint, _describe_endpoints, _modify_endpoint, _delete_endpoint, _modify_proxy)
OPERATIONS = frozenset(method.operation for method in HANDLERS)
BACKEND_METHODS = (
    create_db_proxy_endpoint,
    describe_db_proxy_endpoints,
    modify_db_proxy_endpoint,
    delete_db_proxy_endpoint,
    modify_db_proxy,
)


def install() -> None:
    """Add the operations to moto's RDS classes (once; idempotent)."""
    if getattr(RDSBackend, "_harness_proxy_endpoints", False):
        return
    for function in BACKEND_METHODS:
        setattr(RDSBackend, function.__name__, function)
    for method in HANDLERS:
        setattr(RDSResponse, method.__name__, method)
    guard_parsing(RDSResponse, OPERATIONS)

    delete_proxy = RDSBackend.delete_db_proxy
    resource_for_tagging = RDSBackend._get_resource_for_tagging

    def delete_db_proxy(self: RDSBackend, proxy_name: str) -> DBProxy:
        """moto's DeleteDBProxy, refusing an unknown proxy and dropping the proxy's endpoints."""
        find_proxy(self, proxy_name)
        for name in [name for name, e in endpoints(self).items() if e.proxy_name == proxy_name]:
            del endpoints(self)[name]
        return delete_proxy(self, proxy_name)

    def _get_resource_for_tagging(self: RDSBackend, arn: str) -> Any:
        """moto's lookup of a resource by ARN, knowing proxy-endpoint ARNs too."""
        match = ENDPOINT_ARN.fullmatch(arn)
        if match is None:
            return resource_for_tagging(self, arn)
        for endpoint in endpoints(self).values():
            if endpoint.resource_id == match[1]:
                return endpoint
        raise DBProxyEndpointNotFoundFault(arn)

    RDSBackend.delete_db_proxy = delete_db_proxy  # type: ignore[method-assign]
    RDSBackend._get_resource_for_tagging = _get_resource_for_tagging  # type: ignore[method-assign]
    RDSBackend._harness_proxy_endpoints = True  # type: ignore[attr-defined]
