"""Proxy target health that a test sets on the emulator, as RDS's health checks would report it.

moto 5.2.5 reports a proxy target REGISTERING on the first DescribeDBProxyTargets and AVAILABLE ever after; AWS
reports what its health checks find (TargetHealth: State, Reason, Description). install() adds a route to moto's
own API, POST /moto-api/harness/db-proxy-target-health with a JSON body
{"proxy": NAME, "target": RDS_RESOURCE_ID, "health": {"State": ..., "Reason": ..., "Description": ...}}
(an empty "health" gives the target back to moto), checked against botocore's TargetHealth shape.
set_target_health() is the client a test calls.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

ROUTE = "/moto-api/harness/db-proxy-target-health"
ACCOUNT_ID = "123456789012"  # moto's default account
_SET = "_harness_target_health"  # attribute of a moto DBProxyTarget holding the health a test set


def set_target_health(
    endpoint: str, proxy: str, target: str, health: dict[str, str] | None, region: str = "us-east-1"
) -> None:
    """Make the emulator at `endpoint` report `health` (a TargetHealth) for the proxy's target `target` (its
    RdsResourceId); None: what moto reports. Raises RuntimeError with the emulator's reason when it refuses."""
    body = json.dumps({"proxy": proxy, "target": target, "health": health or {}, "region": region}).encode()
    request = urllib.request.Request(
        endpoint + ROUTE, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"emulator refused the target health: {error.read().decode(errors='replace')}") from None


def _set_health(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    """The route's handler (moto's signature): 204 once set; 400 naming what does not fit."""
    from moto.core.utils import get_service_model
    from moto.rds.models import rds_backends

    from harness.emulator.moto_shapes import shape_errors

    install()
    try:
        params = json.loads(request.data or b"{}")
        backend = rds_backends[ACCOUNT_ID][params.get("region", "us-east-1")]
        proxy = backend.db_proxies[params["proxy"]]
        health = params.get("health") or {}
    except (ValueError, KeyError, TypeError) as error:
        return 400, {}, f"bad request: {error!r} (needs proxy, target and health)"
    errors = shape_errors(health, get_service_model("rds").shape_for("TargetHealth")) if health else []
    targets = [t for group in proxy.proxy_target_groups.values() for t in group.targets]
    found = [t for t in targets if t.rds_resource_id == params.get("target")]
    if not found:
        errors.append(f"proxy {params['proxy']} has no target {params.get('target')!r}")
    if errors:
        return 400, {}, "; ".join(errors)
    for target in found:
        setattr(target, _SET, dict(health) or None)
    return 204, {}, ""


def install() -> None:
    """Report the health a test set for a target (idempotent). Runs when moto loads RDS: it imports moto's RDS
    models, which take about a second."""
    from moto.rds.models import DBProxyTarget

    if getattr(DBProxyTarget, _SET + "_installed", False):
        return
    reported = DBProxyTarget.target_health

    def target_health(self: DBProxyTarget) -> dict[str, str]:
        return getattr(self, _SET, None) or reported.fget(self)

    DBProxyTarget.target_health = property(target_health)  # type: ignore[method-assign,assignment]
    setattr(DBProxyTarget, _SET + "_installed", True)


def add_route() -> None:
    """Add the route to moto's API; before moto's server creates that app (at its first /moto-api request)."""
    from moto.moto_api._internal import urls

    urls.url_paths["{0}" + ROUTE] = _set_health
