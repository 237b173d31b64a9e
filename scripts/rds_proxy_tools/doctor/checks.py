"""Every check, in the order of the path: diagnose(stack) gives their findings."""

from __future__ import annotations

from rds_proxy_tools.doctor import functions, iam_checks, metrics, network, proxy, quotas, secrets, targets
from rds_proxy_tools.doctor.findings import Finding
from rds_proxy_tools.doctor.model import Stack


def diagnose(stack: Stack) -> list[Finding]:
    """Every check's findings, in the order of the path: proxy, targets, secrets, the proxy's role, network,
    functions, every role's IAM quotas, metrics."""
    return [
        *proxy.check(stack),
        *targets.check(stack),
        *secrets.check(stack),
        *iam_checks.role_checks(stack),
        *network.check(stack),
        *functions.check(stack),
        *quotas.check(stack),
        *metrics.check(stack),
    ]
