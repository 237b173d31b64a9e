"""rds-proxy-doctor: reads a deployed RDS Proxy stack through the AWS API and says, check by check, whether the path
Lambda -> proxy -> database would work, and how to fix what would not.

    stack = gather.gather(aws.Reader(boto3.session.Session()), "my-proxy")
    for finding in diagnose(stack): print(finding.status, finding.check, finding.message)

aws makes the read-only calls, gather puts what they return into the model, the check modules judge (values in,
findings out), report renders; cli is the command. Every IAM verdict comes from iam_checks.
"""

from __future__ import annotations

from rds_proxy_tools.doctor import functions, iam_checks, metrics, network, proxy, secrets, targets
from rds_proxy_tools.doctor.findings import CHECKS, FAIL, OK, WARN, Finding
from rds_proxy_tools.doctor.model import Stack

__all__ = ["CHECKS", "FAIL", "OK", "WARN", "Finding", "diagnose"]


def diagnose(stack: Stack) -> list[Finding]:
    """Every check's findings, in the order of the path: proxy, targets, secrets, the proxy's role, network,
    functions, metrics."""
    return [
        *proxy.check(stack),
        *targets.check(stack),
        *secrets.check(stack),
        *iam_checks.role_checks(stack),
        *network.check(stack),
        *functions.check(stack),
        *metrics.check(stack),
    ]
