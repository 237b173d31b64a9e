"""rds-proxy-doctor: reads a deployed RDS Proxy stack through the AWS API and says, check by check, whether the path
Lambda -> proxy -> database would work, and how to fix what would not.

    stack = gather.gather(aws.Reader(boto3.session.Session()), "my-proxy")
    for finding in diagnose(stack): print(finding.status, finding.check, finding.message)

aws makes the read-only calls, gather puts what they return into the model, the check modules judge (values in,
findings out) and checks.diagnose runs them in the order of the path, report renders; cli is the command. Every IAM
verdict comes from iam_checks.
"""

from __future__ import annotations

from rds_proxy_tools.doctor.checks import diagnose
from rds_proxy_tools.doctor.findings import CHECKS, FAIL, OK, WARN, Finding

__all__ = ["CHECKS", "FAIL", "OK", "WARN", "Finding", "diagnose"]
