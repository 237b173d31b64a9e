"""rds-proxy-doctor: reads a deployed RDS Proxy stack through the AWS API and says, check by check, whether the path
Lambda -> proxy -> database would work, and how to fix what would not.

    stack = gather.gather(aws.Reader(boto3.session.Session()), "my-proxy")
    for finding in diagnose(stack): print(finding.status, finding.check, finding.message)

In layers:
- model: the stack as the checks read it, plain values (Stack, Proxy, Target, Endpoint, SecurityGroup, Rule, ...).
- aws: the read-only calls (boto3 clients in the SDK's standard retry mode, paging, each error translated;
  DoctorError, READ_ACTIONS); gather (one proxy, or every proxy of the region) makes them and convert turns each
  response into the model, so no boto3 response reaches a check.
- the checks, values in and findings out, each importing only the model, findings, the IAM evaluator
  (rds_proxy_tools.iam), rds_proxy_tools.aws_rules and one another: proxy, targets, secrets, network, functions,
  iam_checks (every IAM verdict), quotas (each role's room under IAM's quotas), metrics; checks.diagnose runs them
  in the order of the path.
- report renders the findings; cli is the command, and with --simulate has simulation ask AWS's IAM simulator the
  questions of iam_checks.
"""

from __future__ import annotations

from rds_proxy_tools.doctor.checks import diagnose
from rds_proxy_tools.doctor.findings import CHECKS, FAIL, OK, WARN, Finding

__all__ = ["CHECKS", "FAIL", "OK", "WARN", "Finding", "diagnose"]
