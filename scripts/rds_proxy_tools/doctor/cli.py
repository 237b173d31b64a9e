"""The command: rds-proxy-doctor (--proxy-name NAME [--function-name F]... | --all-proxies) [--read-secrets]
[--metrics HOURS] [--simulate] [--json] [--region R] [--profile P].

Exit status 0 when no check fails, 1 when one does (of any proxy), 2 when the doctor cannot run (usage,
credentials, no such proxy, a call the caller may not make), with one line on stderr.
"""

from __future__ import annotations

import argparse
import sys

from rds_proxy_tools import cli
from rds_proxy_tools.doctor import report, simulation
from rds_proxy_tools.doctor.aws import DoctorError, Reader
from rds_proxy_tools.doctor.checks import diagnose
from rds_proxy_tools.doctor.findings import Finding
from rds_proxy_tools.doctor.gather import gather, gather_all
from rds_proxy_tools.doctor.model import Stack

PROG = "rds-proxy-doctor"
MAX_METRIC_HOURS = 15 * 24  # CloudWatch keeps one-minute data points for 15 days


def hours(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of hours") from None
    if not 0 < value <= MAX_METRIC_HOURS:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and {MAX_METRIC_HOURS} hours")
    return value


def parser() -> argparse.ArgumentParser:
    p = cli.ArgumentParser(
        prog=PROG,
        description="Check that a deployed RDS Proxy path Lambda -> proxy -> database would work, and say how to fix "
        "what would not. Read-only AWS calls only.",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--proxy-name", help="the proxy to check (DBProxyName)")
    which.add_argument(
        "--all-proxies",
        action="store_true",
        help="check every proxy of the region: a report per proxy and a summary line (the functions are listed "
        "once for all)",
    )
    p.add_argument(
        "--function-name",
        action="append",
        metavar="NAME",
        help="a function that uses the proxy; repeat for several (default: every function whose environment points "
        "at the proxy or its database); only with --proxy-name",
    )
    p.add_argument(
        "--read-secrets",
        action="store_true",
        help="read the secrets' values to check their JSON and the users (never printed; needs "
        "secretsmanager:GetSecretValue)",
    )
    p.add_argument("--metrics", type=hours, metavar="HOURS", help="also check the proxy's metrics of the last HOURS")
    p.add_argument(
        "--simulate",
        action="store_true",
        help="also ask AWS's IAM policy simulator (iam:SimulatePrincipalPolicy) and report where it disagrees",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print the findings as a JSON list (for CI); with --all-proxies, a list of {proxy, findings}",
    )
    p.add_argument("--region", help="AWS region (default: AWS_DEFAULT_REGION or the profile's)")
    p.add_argument("--profile", help="AWS profile (default: AWS_PROFILE or the default credentials)")
    return p


def session(args: argparse.Namespace):
    try:
        import boto3
        from botocore.exceptions import BotoCoreError
    except ImportError:
        raise DoctorError("needs boto3: pip install 'rds-proxy-lambda[lookup]'") from None
    try:
        return boto3.session.Session(profile_name=args.profile, region_name=args.region)
    except BotoCoreError as error:
        raise DoctorError(" ".join(str(error).split())) from error


def main(argv: list[str] | None = None, aws_session=None) -> int:
    """The command; `aws_session` (a boto3 Session) replaces the one built from --profile, --region and the
    environment, for callers that run the doctor in their own process."""
    return cli.run(PROG, lambda argv: command(argv, aws_session), argv)


def command(argv: list[str] | None, aws_session=None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if args.all_proxies and args.function_name:
        p.error("--function-name needs --proxy-name: with --all-proxies every proxy's functions are found")
    reader = Reader(aws_session or session(args))
    if args.all_proxies:
        stacks = gather_all(reader, args.read_secrets, args.metrics)
    else:
        stacks = [gather(reader, args.proxy_name, args.function_name, args.read_secrets, args.metrics)]
    reports = [(stack, findings(stack, reader, args.simulate)) for stack in stacks]
    if args.all_proxies:
        sys.stdout.write(report.proxies_json(reports) if args.json else report.proxies_text(reports))
    else:
        ((stack, found),) = reports
        sys.stdout.write(report.as_json(found) if args.json else report.text(stack, found))
    return 1 if any(report.failed(found) for _, found in reports) else 0


def findings(stack: Stack, reader: Reader, simulate: bool) -> list[Finding]:
    found = diagnose(stack)
    if simulate:
        found += simulation.simulated(stack, reader)
    return found
