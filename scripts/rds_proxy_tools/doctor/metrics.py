"""--metrics HOURS: the proxy's recent CloudWatch metrics (AWS/RDS, "Monitoring RDS Proxy metrics with Amazon
CloudWatch"): failed client logins, pinned sessions, database connections against the maximum the proxy may open,
and availability per target role. They tell of trouble in the window, not of its cause: each finding is a warning.

queries says what to ask CloudWatch (GetMetricData's MetricDataQueries); the gathering asks it (gather.read_metrics)
and keeps the data points in Stack.metrics by query id, which check judges.
"""

from __future__ import annotations

import math
from typing import Any

from rds_proxy_tools.doctor.findings import Finding, ok, warn
from rds_proxy_tools.doctor.model import Stack

NAMESPACE = "AWS/RDS"
CONNECTIONS_SHARE = 0.8  # as modules/monitoring's database_connections_pct default
# metric id -> (metric name, statistic); dimensions ProxyName, as modules/monitoring's alarms use them.
PROXY_METRICS = {
    "failed_auth": ("ClientConnectionsSetupFailedAuth", "Sum"),
    "pinned": ("DatabaseConnectionsCurrentlySessionPinned", "Maximum"),
    "connections": ("DatabaseConnections", "Sum"),
    "allowed": ("MaxDatabaseConnectionsAllowed", "Sum"),
}


def period_for(hours: float) -> int:
    """At most 1440 data points per metric, in whole minutes."""
    return max(60, math.ceil(hours * 3600 / 1440 / 60) * 60)


def target_roles(stack: Stack) -> list[str]:
    return sorted({"READ_WRITE", *(e.target_role for e in stack.endpoints)})


def queries(stack: Stack, hours: float) -> list[dict[str, Any]]:
    """The MetricDataQueries of the proxy's metrics over `hours`; check reads the data points by their Id."""
    period = period_for(hours)
    proxy = [{"Name": "ProxyName", "Value": stack.name}]

    def query(metric_id: str, name: str, stat: str, dimensions: list[dict[str, str]]) -> dict[str, Any]:
        metric = {"Namespace": NAMESPACE, "MetricName": name, "Dimensions": dimensions}
        return {"Id": metric_id, "MetricStat": {"Metric": metric, "Period": period, "Stat": stat}, "ReturnData": True}

    found = [query(metric_id, name, stat, proxy) for metric_id, (name, stat) in PROXY_METRICS.items()]
    for role in target_roles(stack):
        dimensions = [*proxy, {"Name": "TargetGroup", "Value": "default"}, {"Name": "TargetRole", "Value": role}]
        found.append(query(f"availability_{role.lower()}", "AvailabilityPercentage", "Average", dimensions))
    return found


def check(stack: Stack) -> list[Finding]:
    if stack.metrics is None:
        return []
    values, hours = stack.metrics, stack.metrics_hours
    window = f"in the last {hours:g} h"
    findings = []

    failed = sum(v for _, v in values["failed_auth"])
    if failed:
        findings.append(
            warn(
                "metrics.failed-auth",
                stack.arn,
                f"{failed:g} client logins failed {window}",
                "an IAM token refused (the role lacks rds-db:connect on the proxy's prx- id and the user, or the token "
                "expired), a user without a secret, or a client without TLS: see the function.* checks and the proxy's "
                "log group",
            )
        )
    else:
        findings.append(ok("metrics.failed-auth", stack.arn, f"no failed client login {window}"))

    pinned = max((v for _, v in values["pinned"]), default=0)
    if pinned:
        findings.append(
            warn(
                "metrics.pinned-sessions",
                stack.arn,
                f"up to {pinned:g} sessions pinned to a database connection {window}",
                "find the SET statements, named prepared statements, temporary tables, locks or user variables in the "
                'clients (MySQL: session_pinning_filters = ["EXCLUDE_VARIABLE_SETS"] lets SET through)',
            )
        )
    else:
        findings.append(ok("metrics.pinned-sessions", stack.arn, f"no pinned session {window}"))

    allowed = dict(values["allowed"])
    shares = [v / allowed[t] for t, v in values["connections"] if allowed.get(t)]
    peak = max(shares, default=None)
    if peak is not None and peak >= CONNECTIONS_SHARE:
        findings.append(
            warn(
                "metrics.connections",
                stack.arn,
                f"database connections reached {peak:.0%} of the maximum the proxy may open {window}",
                "check pinned sessions and long transactions, cap the function's concurrency, or raise "
                "max_connections_percent or the database's max_connections",
            )
        )
    else:
        seen = "no data" if peak is None else f"at most {peak:.0%} of the maximum"
        findings.append(ok("metrics.connections", stack.arn, f"database connections: {seen} {window}"))

    for role in target_roles(stack):
        points = [v for _, v in values[f"availability_{role.lower()}"]]
        lowest = min(points, default=None)
        if lowest is not None and lowest < 100:
            findings.append(
                warn(
                    "metrics.availability",
                    stack.arn,
                    f"{role} targets available only {lowest:g} % of the time at worst {window}",
                    "the proxy's health checks failed: see target.health, the database's events, and the rules from "
                    "the proxy to the database",
                )
            )
        else:
            seen = "no data (none until the first connection)" if lowest is None else "100 %"
            findings.append(ok("metrics.availability", stack.arn, f"{role} targets available: {seen} {window}"))
    return findings
