"""The list calls rds-proxy-doctor makes, paged as AWS pages them; moto 5.2.5 returns each whole, in one page.

Page sizes, from each service's API reference:
- Lambda ListFunctions: at most 50 functions a page, "even if you set the number higher" (MaxItems, 1 to 10000).
- RDS DescribeDBProxies and DescribeDBProxyTargets: MaxRecords, "Default: 100. Constraints: Minimum 20, maximum
  100."
- IAM ListRolePolicies: MaxItems 1 to 1000; "If you do not include this parameter, the number of items defaults to
  100", with IsTruncated and Marker.
- EC2 DescribeSecurityGroups and DescribeSubnets: MaxResults 5 to 1000, NextToken; without MaxResults every item
  in one answer ("If this parameter is not specified, then all items are returned"), as the doctor asks.
Already paged, so left alone: ListAttachedRolePolicies (moto, MaxItems 100) and DescribeDBProxyEndpoints
(harness.emulator.moto_rds_proxy_endpoints). DescribeDBProxyTargetGroups is not paged: a proxy has one target
group. A page size out of its range (the minimum and maximum of botocore's model, the references' numbers) or a
marker the listing did not give is refused as the service refuses a bad parameter.

A page's marker is moto's own (moto.utilities.paginator): it names the first item of the next page and a checksum
of the request's other parameters, so a marker of another listing, or of an item deleted since, is refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from moto.core.exceptions import InvalidToken, ServiceException
from moto.core.responses import ActionResult, BaseResponse
from moto.core.utils import camelcase_to_underscores, get_service_model
from moto.utilities.paginator import Paginator


@dataclass(frozen=True)
class Paging:
    """How AWS pages one operation's result."""

    key: str  # the list the result holds
    unique: str  # the attribute naming an item (a string item names itself)
    marker_in: str
    marker_out: str
    limit: str  # the request's page size parameter (the sizes it may ask for are its shape's min and max)
    size: int | None  # a page's size when the request asks for none (None: everything in one page)
    cap: int | None = None  # the most a page holds, whatever the request asks
    truncated: bool = False  # the result says IsTruncated


PAGING = {
    ("lambda", "ListFunctions"): Paging(
        "Functions", "function_arn", "Marker", "NextMarker", "MaxItems", size=50, cap=50
    ),
    ("rds", "DescribeDBProxies"): Paging("DBProxies", "db_proxy_name", "Marker", "Marker", "MaxRecords", size=100),
    ("rds", "DescribeDBProxyTargets"): Paging("Targets", "rds_resource_id", "Marker", "Marker", "MaxRecords", size=100),
    ("iam", "ListRolePolicies"): Paging("PolicyNames", "", "Marker", "Marker", "MaxItems", size=100, truncated=True),
    ("ec2", "DescribeSecurityGroups"): Paging(
        "SecurityGroups", "id", "NextToken", "NextToken", "MaxResults", size=None
    ),
    ("ec2", "DescribeSubnets"): Paging("Subnets", "id", "NextToken", "NextToken", "MaxResults", size=None),
}
# The code each service answers a parameter it refuses with.
BAD_PARAMETER = {
    "lambda": "InvalidParameterValueException",
    "rds": "InvalidParameterValue",
    "iam": "InvalidInput",
    "ec2": "InvalidParameterValue",
}


class BadParameter(ServiceException):
    """A page size out of the operation's range, or a marker it did not give."""


def other_parameters(response: BaseResponse, service: str, operation: str) -> dict[str, Any]:
    """The request's parameters besides the paging ones: a marker is good only with the same."""
    paging = PAGING[(service, operation)]
    if service == "lambda":  # moto's querystring of a GET without a query holds the request's headers
        names = get_service_model(service).operation_model(operation).input_shape.members
        return {name: response._get_param(name) for name in names if name not in (paging.marker_in, paging.limit)}
    return {k: v for k, v in response.querystring.items() if k not in (paging.marker_in, paging.limit)}


def page(response: BaseResponse, service: str, operation: str, items: list[Any]) -> tuple[list[Any], str | None]:
    """The page of `items` the request asks for, and the marker of the next page (None: the last page)."""
    paging = PAGING[(service, operation)]
    refuse = BAD_PARAMETER[service]
    marker = response._get_param(paging.marker_in)
    asked = response._get_param(paging.limit)
    limits = get_service_model(service).operation_model(operation).input_shape.members[paging.limit].metadata
    if asked is not None and not limits["min"] <= int(asked) <= limits["max"]:
        raise BadParameter(refuse, f"{paging.limit} must be from {limits['min']} to {limits['max']}, not {asked}.")
    size = int(asked) if asked is not None else paging.size
    if size is None and marker is None:
        return items, None
    if paging.cap:
        size = min(size or paging.cap, paging.cap)
    others = other_parameters(response, service, operation)
    try:
        return Paginator(
            max_results=size or len(items) or 1,
            starting_token=marker,
            unique_attribute=paging.unique,
            param_values_to_check=others,
        ).paginate(items)
    except InvalidToken:
        raise BadParameter(refuse, f"Invalid {paging.marker_in}: {marker}") from None


def paged(service: str, operation: str, handler: Callable[[BaseResponse], ActionResult]) -> Callable[..., Any]:
    """moto's handler of an operation whose result is an ActionResult, returning one page of it."""
    paging = PAGING[(service, operation)]

    def method(self: BaseResponse) -> ActionResult:
        result = handler(self)
        body = result.result
        assert isinstance(body, dict)
        body[paging.key], marker = page(self, service, operation, list(body.get(paging.key) or []))
        body[paging.marker_out] = marker
        if paging.truncated:
            body["IsTruncated"] = marker is not None
        return result

    method.__name__ = handler.__name__
    method.__doc__ = f"moto's {operation}, one page at a time as AWS answers it."
    return method


def list_functions(self: BaseResponse) -> str:
    """ListFunctions one page at a time: only the page's functions are turned into configurations."""
    version = self._get_param("FunctionVersion")
    functions, marker = page(self, "lambda", "ListFunctions", list(self.backend.list_functions(version)))
    result: dict[str, Any] = {"Functions": [function.get_configuration() for function in functions]}
    if marker:
        result["NextMarker"] = marker
    return json.dumps(result)


def install(app: str) -> None:
    """Page the operations above of the service of moto's app `app` ("awslambda", "rds", ...); idempotent. Runs when
    moto creates the app, which imports the service's responses module anyway."""
    service = {"awslambda": "lambda"}.get(app, app)
    if service == "lambda":
        from moto.awslambda.responses import LambdaResponse as response_class
    elif service == "rds":
        from moto.rds.responses import RDSResponse as response_class
    elif service == "iam":
        from moto.iam.responses import IamResponse as response_class
    elif service == "ec2":
        from moto.ec2.responses import EC2Response as response_class
    else:
        return
    if getattr(response_class, "_harness_paged", False):
        return
    for operation in [operation for paged_service, operation in PAGING if paged_service == service]:
        name = camelcase_to_underscores(operation)
        if service == "lambda":
            setattr(response_class, name, list_functions)
        else:
            setattr(response_class, name, paged(service, operation, getattr(response_class, name)))
    response_class._harness_paged = True  # type: ignore[attr-defined]
