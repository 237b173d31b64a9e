"""Render the IAM policies of the proxy and the Lambda from the templates/*.j2 beside it.

The cookbook's `sed` step, done with validation: inputs come from flags, the module's
`terraform output -json`, or a live lookup by proxy name; every value is checked before
rendering (StrictUndefined templates) and every rendered policy is parsed back and
checked (valid JSON, no empty Resource, no `*` resource unless --allow-wildcard).

    rds-proxy-policies --policy rds-connect --region us-east-1 \\
        --account-id 123456789012 --proxy-resource-id prx-0123456789abcdef0 --db-user app
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import jinja2

from rds_proxy_tools import __version__, arns, cli
from rds_proxy_tools import policy_inputs as pi
from rds_proxy_tools.atomic import write_text_atomic
from rds_proxy_tools.aws_rules import RULES, policy_size
from rds_proxy_tools.errors import ToolError

TEMPLATES = Path(__file__).resolve().parent / "templates"

# policy name -> (template, inputs it needs)
PROG = "rds-proxy-policies"
POLICIES: dict[str, tuple[str, set[str]]] = {
    "proxy-trust": ("proxy_trust.json.j2", set()),
    "proxy-secrets": ("proxy_secrets.json.j2", {"secret_arns"}),
    "lambda-trust": ("lambda_trust.json.j2", set()),
    "rds-connect": ("rds_connect.json.j2", {"partition", "region", "account_id", "proxy_resource_id", "db_users"}),
}
# IAM's default quotas, counted without whitespace (aws_rules.policy_size): a role's trust policy, its inline policies.
INLINE = RULES["iam_quotas"]["role_inline_policies"]
SIZE_LIMITS = {"proxy-trust": 2048, "lambda-trust": 2048, "proxy-secrets": INLINE, "rds-connect": INLINE}


def needs(policies: list[str], inputs: pi.PolicyInputs) -> set[str]:
    """Input fields the selected policies require (the Decrypt statement adds the region)."""
    required = set().union(*(POLICIES[name][1] for name in policies))
    if "proxy-secrets" in policies and inputs.kms_key_arns:
        required.add("region")
    return required


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )


def render(name: str, inputs: pi.PolicyInputs, allow_wildcard: bool = False) -> dict[str, Any]:
    """Render one policy from validated inputs, parse it back and check it."""
    template, _ = POLICIES[name]
    context = asdict(inputs)
    context["dns_suffix"] = arns.dns_suffix(inputs.partition or "aws")
    text = environment().get_template(template).render(**context)
    try:
        policy = json.loads(text)
    except json.JSONDecodeError as exc:
        raise pi.InputError(f"template {template} rendered invalid JSON: {exc.msg} at line {exc.lineno}") from exc
    check_policy(name, policy, allow_wildcard)
    return policy


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check_policy(name: str, policy: dict[str, Any], allow_wildcard: bool = False) -> None:
    """Structural checks on a rendered policy; raises InputError naming the problem."""
    if policy.get("Version") != "2012-10-17":
        raise pi.InputError(f"{name}: Version must be 2012-10-17")
    statements = policy.get("Statement")
    if not isinstance(statements, list) or not statements:
        raise pi.InputError(f"{name}: no statements")
    for statement in statements:
        sid = statement.get("Sid", "?")
        if statement.get("Effect") not in ("Allow", "Deny") or not statement.get("Action"):
            raise pi.InputError(f"{name}: statement {sid} lacks Effect or Action")
        if "Principal" in statement:
            continue
        resources = as_list(statement.get("Resource", []))
        if not resources or not all(isinstance(r, str) and r for r in resources):
            raise pi.InputError(f"{name}: statement {sid} has an empty Resource")
        wild = [r for r in resources if "*" in r]
        if wild and not allow_wildcard:
            raise pi.InputError(f"{name}: statement {sid} has wildcard resource {wild[0]!r} (needs --allow-wildcard)")
    size = policy_size(policy)
    if size > SIZE_LIMITS[name]:
        raise pi.InputError(f"{name}: policy is {size} characters, over IAM's limit of {SIZE_LIMITS[name]}")


def render_all(policies: list[str], inputs: pi.PolicyInputs, allow_wildcard: bool = False) -> dict[str, dict]:
    """Validate inputs for the selected policies and render each; nothing is written here."""
    inputs = pi.validate(inputs, needs(policies, inputs), allow_wildcard)
    return {name: render(name, inputs, allow_wildcard) for name in policies}


def dumps(policy: Any) -> str:
    return json.dumps(policy, indent=2) + "\n"


# ---------------------------------------------------------------- CLI


def flag_inputs(args: argparse.Namespace) -> pi.PolicyInputs:
    return pi.PolicyInputs(
        partition=args.partition,
        region=args.region,
        account_id=args.account_id,
        proxy_resource_id=args.proxy_resource_id,
        db_users=tuple(args.db_user or ()),
        secret_arns=tuple(args.secret_arn or ()),
        kms_key_arns=tuple(args.kms_key_arn or ()),
    )


def gather(args: argparse.Namespace) -> pi.PolicyInputs:
    """Live lookup, then terraform outputs, then flags (later wins)."""
    layers = []
    if args.proxy_name:
        try:
            import boto3
        except ImportError as exc:
            raise pi.InputError("--proxy-name needs boto3: pip install 'rds-proxy-lambda[lookup]'") from exc
        layers.append(pi.lookup_proxy(args.proxy_name, boto3.session.Session(region_name=args.region)))
    if args.tf_output:
        layers.append(pi.from_terraform_outputs(*pi.read_terraform_outputs(args.tf_output)))
    layers.append(flag_inputs(args))
    return pi.merge(*layers)


def parser() -> argparse.ArgumentParser:
    p = cli.ArgumentParser(prog=PROG, description="Render the IAM policies of RDS Proxy and its Lambda from templates.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument(
        "--policy", action="append", choices=list(POLICIES), help="policy to render; repeat for several (default: all)"
    )
    src = p.add_argument_group("sources (later override earlier: --proxy-name, --tf-output, flags)")
    src.add_argument("--proxy-name", help="look the proxy up with boto3 (ARN, account, secrets, their keys)")
    src.add_argument(
        "--tf-output",
        metavar="PATH",
        help="`terraform output -json` of the module: a file, '-' for stdin, or a Terraform directory",
    )
    val = p.add_argument_group("values")
    val.add_argument("--region", help="AWS region, e.g. us-east-1 (also the region of the live lookup)")
    val.add_argument("--partition", choices=list(arns.PARTITIONS), help="AWS partition (default: from the region)")
    val.add_argument("--account-id", help="12-digit account id")
    val.add_argument("--proxy-resource-id", help="proxy resource id, prx-... (the end of the proxy ARN)")
    val.add_argument("--db-user", action="append", help="database user allowed to connect; repeat for several")
    val.add_argument("--secret-arn", action="append", help="secret the proxy reads; repeat for several")
    val.add_argument(
        "--kms-key-arn",
        action="append",
        help="customer managed key of those secrets; repeat for several (none: AWS-managed key)",
    )
    p.add_argument("--allow-wildcard", action="store_true", help="allow '*' in resources (e.g. --db-user '*')")
    p.add_argument("--out-dir", type=Path, help="write <policy>.json files here instead of stdout")
    return p


def command(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    policies = list(dict.fromkeys(args.policy or POLICIES))
    rendered = render_all(policies, gather(args), args.allow_wildcard)
    if args.out_dir is None:
        sys.stdout.write(dumps(rendered[policies[0]] if len(policies) == 1 else rendered))
        return 0
    try:
        args.out_dir.mkdir(parents=True, exist_ok=True)
        for name, policy in rendered.items():
            path = args.out_dir / f"{name}.json"
            write_text_atomic(path, dumps(policy))
            print(path)
    except OSError as exc:
        target = exc.filename or args.out_dir
        raise ToolError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return 0


def main(argv: list[str] | None = None) -> int:
    return cli.run(PROG, command, argv)


if __name__ == "__main__":
    sys.exit(main())
