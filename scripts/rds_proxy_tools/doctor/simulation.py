"""--simulate: the IAM questions of iam_checks asked of AWS's own evaluator (iam:SimulatePrincipalPolicy, through
rds_proxy_tools.iam.simulate), and its answers judged by iam_checks.simulated. The CLI calls it after the checks:
the one AWS call outside the gathering, kept out of the check modules so that they only judge values."""

from __future__ import annotations

from rds_proxy_tools.doctor import iam_checks
from rds_proxy_tools.doctor.aws import DoctorError, Reader
from rds_proxy_tools.doctor.findings import Finding
from rds_proxy_tools.doctor.model import Stack
from rds_proxy_tools.iam import simulate


def simulated(stack: Stack, reader: Reader) -> list[Finding]:
    """The iam.simulated findings: AWS's simulator asked about each role that has requests and readable policies."""
    asked = iam_checks.questions(stack)
    try:
        answers = {
            role_arn: simulate.simulate(reader.client("iam"), role_arn, [r for _, _, r in requests])
            for role_arn, (who, requests) in asked.items()
            if requests and not who.error
        }
        return iam_checks.simulated(asked, answers)
    except simulate.SimulationError as error:
        raise DoctorError(str(error)) from error
