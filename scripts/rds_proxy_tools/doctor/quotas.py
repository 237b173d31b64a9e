"""iam.role-quotas: how near each role the doctor reads (the proxy's, and each function's) is to IAM's quotas on a
role, from the policies already read (no call of its own).

IAM User Guide, "IAM and AWS STS quotas" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html):
a role's inline policies hold 10,240 characters in all, white space not counted, and a role has at most 10 managed
policies attached by default, 20 once the account's quota is raised. The doctor cannot see a raised quota (that is
Service Quotas' to say), so it reads the count against the default. A role past a quota cannot exist; at or near one,
the next grant is refused: this module's too, which on a role it did not create (connected_functions) cannot see
the other policies. The module's own inline policies (MODULE_INLINE) are split to fit the whole quota at plan, so
a role whose inline policies are all the module's is not near a quota however full they are.
"""

from __future__ import annotations

import math

from rds_proxy_tools.aws_rules import RULES, policy_size
from rds_proxy_tools.doctor.findings import Finding, ok, warn
from rds_proxy_tools.doctor.model import Role, Stack

QUOTAS = RULES["iam_quotas"]
# The doctor's choice, not AWS's: a role this near a quota warns.
NEAR = 0.9
INLINE_NEAR = math.ceil(NEAR * QUOTAS["role_inline_policies"])  # 9,216 characters
ATTACHED_NEAR = math.ceil(NEAR * QUOTAS["managed_policies_per_role"])  # 9 policies
# The inline policies this module writes (modules/proxy_role, modules/lambda, modules/function_access).
MODULE_INLINE = ("read-proxy-secrets", "rds-db-connect", "dead-letter")
MODULE_INLINE_PREFIX = "rds-db-connect-"


def check(stack: Stack) -> list[Finding]:
    """One finding per role: the proxy's, then each function's (a role several functions share, once)."""
    roles: dict[str, tuple[Role, list[str]]] = {}
    if stack.role.found:
        roles[stack.role.arn] = (stack.role, ["the proxy"])
    for function in stack.functions:
        if function.role is not None and function.role.found:
            roles.setdefault(function.role.arn, (function.role, []))[1].append(f"function {function.name}")
    return [role_quotas(role, users) for role, users in roles.values()]


def role_quotas(role: Role, users: list[str]) -> Finding:
    inline = [p for p in role.policies if not p.managed]
    used = sum(policy_size(p.document) for p in inline)
    others = [p.name for p in inline if not is_module_inline(p.name)]
    attached = sum(1 for p in role.policies if p.managed)
    inline_limit, default = QUOTAS["role_inline_policies"], QUOTAS["managed_policies_per_role"]
    inline_near = used >= INLINE_NEAR and bool(others)
    if not inline_near and attached < ATTACHED_NEAR:
        return ok(
            "iam.role-quotas",
            role.arn,
            f"inline policies {used:,} of {inline_limit:,} characters (white space not counted); "
            f"{attached} of {default} managed policies attached (IAM's default quota)",
        )
    grant = grant_of(users)
    near, fixes = [], []
    if inline_near:
        near.append(
            f"the inline policies of {role.name} hold {used:,} of the {inline_limit:,} characters IAM allows a role "
            f"(white space not counted), some in policies this module did not write ({', '.join(others)}): IAM "
            f"refuses the next inline grant that adds more than {inline_limit - used:,}, and this module splits its "
            f"own (for {grant}) as if the whole quota were its"
        )
        fixes.append(
            f"move {', '.join(others)} of {role.name} into a customer managed policy "
            f"({QUOTAS['managed_policy']:,} characters each)"
        )
    if attached >= ATTACHED_NEAR:
        near.append(attachments(role.name, attached, grant))
        if attached < QUOTAS["managed_policies_per_role_max"]:
            fixes.append(
                f"ask for a higher quota (Service Quotas, IAM, 'Managed policies per role': up to "
                f"{QUOTAS['managed_policies_per_role_max']})"
            )
        fixes.append(f"merge the managed policies attached to {role.name} into fewer")
    fixes.append(f"use a role of its own for {' and '.join(users)}")
    return warn("iam.role-quotas", role.arn, "; ".join(near), ", or ".join(fixes))


def is_module_inline(name: str) -> bool:
    return name in MODULE_INLINE or name.startswith(MODULE_INLINE_PREFIX)


def grant_of(users: list[str]) -> str:
    """What this module grants a role of these users, when it grants more."""
    proxy, functions = "the proxy" in users, any(u.startswith("function ") for u in users)
    if proxy and functions:
        return "another secret or user in existing_secrets, connect_db_users or connected_functions"
    if proxy:
        return "another secret in existing_secrets"
    return "another database user in connect_db_users or connected_functions"


def attachments(name: str, attached: int, grant: str) -> str:
    """What `attached` managed policies (at least ATTACHED_NEAR) leave room for."""
    default, most = QUOTAS["managed_policies_per_role"], QUOTAS["managed_policies_per_role_max"]
    module = (
        f"this module attaches one for {grant} each time its grant outgrows the inline policy and the managed "
        f"policies it has ({QUOTAS['managed_policy']:,} characters each), counting at plan only the policies it "
        "attaches itself"
    )
    if attached >= most:
        return (
            f"IAM refuses any further managed policy attached to {name}: {attached} are, the most it allows a role "
            f"(with a raised quota); {module}"
        )
    if attached >= default:
        return (
            f"the next managed policy attached to {name} is refused by IAM unless the account's quota was raised "
            f"above {attached} (up to {most}): {attached} are attached, and the default quota is {default} per role; "
            f"{module}"
        )
    return (
        f"{default - attached} more managed policy can be attached to {name}, and IAM refuses the next unless the "
        f"account's quota was raised (up to {most}): {attached} of the {default} it allows a role by default are "
        f"attached; {module}"
    )
