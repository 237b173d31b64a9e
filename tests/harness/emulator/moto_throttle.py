"""Throttling a test asks of the emulator, as AWS throttles a caller over its request rate; moto never does.

add_route() adds two routes to moto's own API and has every moto service answer through them:
POST /moto-api/harness/throttle {"service": "lambda", "operation": "ListFunctions", "count": 2,
"code": "TooManyRequestsException"} makes the next `count` calls of the operation fail with that error code
(serialised as the service's protocol has it, with the HTTP status its model gives the code, else 400), and
GET of the same route answers how many are still to come, {"lambda:ListFunctions": 0}. The service and the
operation are checked against botocore's models. throttle() and throttles_left() are the clients a test calls.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import warnings
from typing import Any

from moto.core.exceptions import ServiceException

ROUTE = "/moto-api/harness/throttle"
_LEFT: dict[str, dict[str, Any]] = {}  # "service:Operation" -> {"count": calls still to throttle, "code": ...}


class Throttled(ServiceException):
    """A call over the request rate (its code as the test gave it)."""


def throttle(endpoint: str, service: str, operation: str, count: int, code: str) -> None:
    """Make the emulator at `endpoint` throttle the next `count` calls of `operation` of `service` (a botocore
    service name) with the error `code`; RuntimeError with the emulator's reason when it refuses."""
    body = json.dumps({"service": service, "operation": operation, "count": count, "code": code}).encode()
    request = urllib.request.Request(
        endpoint + ROUTE, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"emulator refused the throttling: {error.read().decode(errors='replace')}") from None


def throttles_left(endpoint: str) -> dict[str, int]:
    """The calls still to be throttled, by "service:Operation"."""
    with urllib.request.urlopen(endpoint + ROUTE, timeout=10) as answer:
        return json.loads(answer.read())


def _route(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    """The route's handler (moto's signature): 204 once set, 400 naming what does not fit; GET: what is left."""
    from botocore.exceptions import UnknownServiceError
    from botocore.model import OperationNotFoundError
    from moto.core.utils import get_service_model

    if request.method == "GET":
        return 200, {"Content-Type": "application/json"}, json.dumps({k: v["count"] for k, v in _LEFT.items()})
    try:
        params = json.loads(request.data or b"{}")
        service, operation, count, code = params["service"], params["operation"], params["count"], params["code"]
        get_service_model(service).operation_model(operation)
    except (ValueError, KeyError, TypeError, UnknownServiceError, OperationNotFoundError) as error:
        return 400, {}, f"bad request: {error!r} (needs a service, its operation, a count and an error code)"
    if not isinstance(count, int) or count < 0 or not isinstance(code, str) or not code:
        return 400, {}, f"count must be a whole number and code an error code, not {count!r} and {code!r}"
    _LEFT[f"{service}:{operation}"] = {"count": count, "code": code}
    return 204, {}, ""


def add_route() -> None:
    """Add the route to moto's API and the throttling to every service's responses; before moto's server creates
    its apps."""
    from moto.core.responses import ActionResult, BaseResponse
    from moto.moto_api._internal import urls

    if getattr(BaseResponse, "_harness_throttle", False):
        return
    urls.url_paths["{0}" + ROUTE] = _route
    call_action = BaseResponse.call_action

    def throttled_call_action(self: BaseResponse) -> Any:
        left = _LEFT.get(f"{self.boto3_service_name}:{self._get_action()}")
        if not left or left["count"] == 0:
            return call_action(self)
        left["count"] -= 1
        with warnings.catch_warnings():  # moto warns of a code its service model lacks (RDS's "Throttling")
            warnings.simplefilter("ignore")
            return self.serialized(ActionResult(Throttled(left["code"], "Rate exceeded")))

    BaseResponse.call_action = throttled_call_action  # type: ignore[method-assign]
    BaseResponse._harness_throttle = True  # type: ignore[attr-defined]
