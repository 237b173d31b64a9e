"""Every IAM question the doctor asks, answered by the local evaluator (rds_proxy_tools.iam) and, with
--simulate, compared with AWS's own answers (iam:SimulatePrincipalPolicy: simulation.py asks it the questions).

The questions: may rds.amazonaws.com assume the proxy's role; may the role read each secret (identity policies within
its permissions boundary, and the secret's resource policy); may it decrypt each customer managed key through Secrets
Manager, and does the key's policy let it; are any of its grants far wider than needed; may a function's role
rds-db:connect as its user through this proxy, and if not, which classic mistake its grant makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rds_proxy_tools import arns, iam
from rds_proxy_tools.doctor.findings import Finding, fail, ok, warn
from rds_proxy_tools.doctor.model import Function, Role, Secret, Stack
from rds_proxy_tools.iam import simulate

RDS_SERVICE = "rds.amazonaws.com"
SECRETS_READ_WRITE = ":iam::aws:policy/SecretsManagerReadWrite"
# Stands for "the role's IAM policies allow it" when the question is only what a key policy allows.
_IAM_ALLOWS_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


@dataclass
class Principal:
    """A role's policies, parsed for the evaluator; `error` when one cannot be read (then nothing is decided)."""

    role: Role
    identity: list[iam.Policy]
    boundary: iam.Policy | None
    error: str | None = None


def principal(role: Role) -> Principal:
    try:
        identity = [iam.parse_policy(p.document, policy_label(role, p.name, p.managed)) for p in role.policies]
        boundary = None
        if role.boundary is not None:
            boundary = iam.parse_policy(
                role.boundary.document, f"permissions boundary {role.boundary.name}", iam.BOUNDARY
            )
    except iam.PolicyError as error:
        return Principal(role, [], None, str(error))
    return Principal(role, identity, boundary)


def policy_label(role: Role, name: str, managed: bool) -> str:
    return f"managed policy {name}" if managed else f"inline policy {name} of {role.name}"


def finding(check_id: str, resource: str, decision: iam.Decision, ok_text: str, fix: str) -> Finding:
    """A Finding of a decision: ok when allowed, fail when denied, warn when the evaluator could not decide."""
    if decision.allowed:
        return ok(check_id, resource, ok_text)
    if decision.decision == iam.NOT_EVALUATED:
        return warn(
            check_id,
            resource,
            f"not decided: {decision.reason}",
            "check the policies by hand, or run with --simulate to ask AWS's evaluator",
        )
    return fail(check_id, resource, decision.reason, fix)


def unreadable(check_id: str, resource: str, who: Principal) -> Finding:
    return warn(
        check_id,
        resource,
        f"the policies of {who.role.name} could not be evaluated: {who.error}",
        "check the policies by hand, or run with --simulate to ask AWS's evaluator",
    )


# ---------------------------------------------------------------- the proxy's role


def role_checks(stack: Stack) -> list[Finding]:
    role = stack.role
    if not role.found:
        return [
            fail(
                "role.trust",
                role.arn,
                f"the proxy's role {role.name} does not exist: the proxy cannot read its secrets",
                f"create the role again (apply the stack) or aws rds modify-db-proxy --db-proxy-name {stack.name} "
                "--role-arn <a role RDS may assume>",
            )
        ]
    who = principal(role)
    findings = [trust(stack, role)]
    for secret in stack.secrets:
        if not secret.found:
            continue
        findings.append(secret_access(stack, who, secret))
        if secret.key is not None and secret.key.manager == "CUSTOMER" and secret.key_policy is not None:
            findings += key_access(stack, who, secret)
    findings += wide_grants(who)
    return findings


def resource(document: dict[str, Any] | str | None, name: str, kind: str) -> iam.Policy | None:
    return iam.parse_policy(document, name, kind) if document else None


def trust(stack: Stack, role: Role) -> Finding:
    try:
        policy = iam.parse_policy(role.trust or {}, f"trust policy of {role.name}", iam.TRUST)
    except iam.PolicyError as error:
        return warn("role.trust", role.arn, f"the trust policy could not be evaluated: {error}", "check it by hand")
    context = {"aws:SourceAccount": stack.account, "aws:SourceArn": stack.arn}
    request = iam.Request("sts:AssumeRole", role.arn, context)
    decision = iam.evaluate(request, resource_policy=policy, principal=RDS_SERVICE)
    return finding(
        "role.trust",
        role.arn,
        decision,
        f"trusts {RDS_SERVICE}",
        f'add to the trust policy of {role.name}: {{"Effect": "Allow", "Principal": {{"Service": "{RDS_SERVICE}"}}, '
        '"Action": "sts:AssumeRole"}',
    )


def secret_access(stack: Stack, who: Principal, secret: Secret) -> Finding:
    if who.error:
        return unreadable("role.secret-access", secret.arn, who)
    try:
        resource_policy = resource(secret.resource_policy, f"resource policy of {secret.arn}", iam.RESOURCE)
    except iam.PolicyError as error:
        return warn("role.secret-access", secret.arn, f"not decided: {error}", "check the resource policy by hand")
    decision = iam.evaluate(
        iam.Request("secretsmanager:GetSecretValue", secret.arn),
        who.identity,
        boundary=who.boundary,
        resource_policy=resource_policy,
        principal=who.role.arn,
    )
    return finding(
        "role.secret-access",
        secret.arn,
        decision,
        "the proxy's role may read it",
        f'add to a policy of {who.role.name}: {{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", '
        f'"Resource": "{secret.arn}"}}',
    )


def decrypt_request(stack: Stack, secret: Secret) -> iam.Request:
    """kms:Decrypt as Secrets Manager makes it for the proxy: through the service, with the secret's ARN as the
    encryption context (Secrets Manager's "How Secrets Manager uses AWS KMS")."""
    context = {
        "kms:ViaService": f"secretsmanager.{stack.region}.{stack.dns_suffix}",
        "kms:CallerAccount": stack.account,
        "kms:EncryptionContext:SecretARN": secret.arn,
    }
    return iam.Request("kms:Decrypt", secret.key.arn, context)


def key_access(stack: Stack, who: Principal, secret: Secret) -> list[Finding]:
    """role.kms-decrypt: the role's policies (or the key policy naming the role) allow it; role.key-policy: the key
    policy allows the role, by name or by leaving it to the account's IAM policies."""
    key_arn = secret.key.arn
    try:
        key_policy = resource(secret.key_policy, f"key policy of {key_arn}", iam.KMS_KEY)
    except iam.PolicyError as error:
        return [warn("role.key-policy", key_arn, f"not decided: {error}", "check the key policy by hand")]
    request = decrypt_request(stack, secret)
    via = request.context["kms:ViaService"]
    findings = []
    if who.error:
        findings.append(unreadable("role.kms-decrypt", key_arn, who))
    else:
        by_iam = iam.evaluate(request, who.identity, boundary=who.boundary)
        full = iam.evaluate(
            request, who.identity, boundary=who.boundary, resource_policy=key_policy, principal=who.role.arn
        )
        decision = by_iam if by_iam.allowed or not full.allowed else full
        findings.append(
            finding(
                "role.kms-decrypt",
                key_arn,
                decision,
                f"the proxy's role may decrypt with it through {via}",
                f'add to a policy of {who.role.name}: {{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": '
                f'"{key_arn}", "Condition": {{"StringEquals": {{"kms:ViaService": "{via}"}}}}}}',
            )
        )
    allow_all = iam.parse_policy(_IAM_ALLOWS_ALL, "(the role's IAM policies, assumed to allow)")
    by_key = iam.evaluate(request, [allow_all], resource_policy=key_policy, principal=who.role.arn)
    findings.append(
        finding(
            "role.key-policy",
            key_arn,
            by_key,
            "its key policy lets the proxy's role use it",
            f'add to the key policy: {{"Effect": "Allow", "Principal": {{"AWS": "{who.role.arn}"}}, "Action": '
            f'"kms:Decrypt", "Resource": "*", "Condition": {{"StringEquals": {{"kms:ViaService": "{via}"}}}}}} '
            f'(or the account statement {{"Principal": {{"AWS": "{arns.root_arn(stack.partition, stack.account)}"}}, '
            '"Action": "kms:*"}} that leaves it to IAM policies)',
        )
    )
    return findings


def wide_grants(who: Principal) -> list[Finding]:
    """SecretsManagerReadWrite attached, or secret reads and decryption on every resource."""
    role = who.role
    wide = [
        f"the AWS managed policy {p.name}" for p in role.policies if p.managed and p.name.endswith(SECRETS_READ_WRITE)
    ]
    for action in ("secretsmanager:GetSecretValue", "kms:Decrypt"):
        for grant in iam.grants(who.identity, action):
            if grant.ref.policy.endswith(SECRETS_READ_WRITE):
                continue
            every = [r for r in grant.resources if r == "*" or r.endswith(":secret:*") or r.endswith(":key/*")]
            if grant.not_resource or every:
                wide.append(f"{grant.ref} allows {action} on {'NotResource' if grant.not_resource else every[0]}")
    if not wide and who.error:
        return [unreadable("role.wide-grants", role.arn, who)]
    if not wide:
        return [ok("role.wide-grants", role.arn, "reads only named secrets and keys")]
    return [
        warn(
            "role.wide-grants",
            role.arn,
            f"{'; '.join(dict.fromkeys(wide))}: far wider than the proxy needs",
            "grant secretsmanager:GetSecretValue on the proxy's secrets' ARNs and kms:Decrypt on their keys' ARNs "
            "only (rds-proxy-policies --policy proxy-secrets renders that policy)",
        )
    ]


# ---------------------------------------------------------------- a function's rds-db:connect


def dbuser_arn(stack: Stack, user: str) -> str:
    return arns.dbuser_arn(stack.partition, stack.region, stack.account, stack.proxy.resource_id, user)


def connect(stack: Stack, function: Function, user: str) -> Finding:
    arn = dbuser_arn(stack, user)
    role = function.role
    if role is None or not role.found:
        name = role.name if role else "(none)"
        return fail(
            "function.rds-db-connect",
            function.arn,
            f"the function's role {name} does not exist",
            "give the function an execution role that allows rds-db:connect on " + arn,
        )
    who = principal(role)
    if who.error:
        return unreadable("function.rds-db-connect", function.arn, who)
    decision = iam.evaluate(iam.Request("rds-db:connect", arn), who.identity, boundary=who.boundary)
    if decision.allowed or decision.decision == iam.NOT_EVALUATED:
        return finding("function.rds-db-connect", function.arn, decision, f"its role may rds-db:connect on {arn}", "")
    mistake = None
    if decision.decision == iam.IMPLICIT_DENY:
        mistake = classic_mistake(stack, iam.grants(who.identity, "rds-db:connect"), arn)
    return fail(
        "function.rds-db-connect",
        function.arn,
        f"its role may not rds-db:connect as {user} through {stack.name}: " + (mistake or decision.reason),
        f'allow in a policy of {role.name}: {{"Effect": "Allow", "Action": "rds-db:connect", "Resource": "{arn}"}}',
    )


def classic_mistake(stack: Stack, grants: list[Any], arn: str) -> str | None:
    """What the closest rds-db:connect grant gets wrong, in the terms of the classic mistakes."""
    proxy_id = stack.proxy.resource_id
    closest = iam.closest_grant(grants, arn)
    if closest is None:
        return None
    grant, pattern, wrong = closest
    if not wrong:
        return None  # the grant covers it: something else (a condition, the boundary) is missing
    parts = pattern.split(":", 5)
    resource = parts[5] if len(parts) == 6 else ""
    proxy_part, _, user_part = resource.removeprefix("dbuser:").partition("/")
    said = f'{grant.ref} allows "{pattern}"'
    if "resource" in wrong:
        if proxy_part == stack.name:
            return f"{said}: it names the proxy by its name, but IAM names it by its resource id {proxy_id}"
        if proxy_part.startswith("db-") or proxy_part.startswith("cluster-"):
            return (
                f"{said}: {proxy_part} is a database's resource id (for logging in to the database directly); "
                f"through the proxy it must be the proxy's {proxy_id}"
            )
        if proxy_part.startswith("prx-") and proxy_part != proxy_id:
            return f"{said}: that is another proxy's resource id; this proxy's is {proxy_id}"
        if not resource.startswith("dbuser:"):
            return f"{said}: an rds-db:connect resource is dbuser:<prx-id>/<user>"
        return f"{said}: it allows the user {user_part}, not {arn.rsplit('/', 1)[1]}"
    where = {"region": f"another region than {stack.region}", "account": f"another account than {stack.account}"}
    named = [where.get(part, f"another {part}") for part in wrong]
    return f"{said}: it names {' and '.join(named)}"


# ---------------------------------------------------------------- --simulate


def questions(stack: Stack) -> dict[str, tuple[Principal, list[tuple[str, str, iam.Request]]]]:
    """By role ARN: the role's policies and the requests asked of them (check id, resource, request), for the
    requests AWS's simulator can answer: identity policies and boundary only."""
    asked: dict[str, tuple[Principal, list[tuple[str, str, iam.Request]]]] = {}
    if stack.role.found:
        requests = []
        for secret in stack.secrets:
            if not secret.found:
                continue
            requests.append(
                ("role.secret-access", secret.arn, iam.Request("secretsmanager:GetSecretValue", secret.arn))
            )
            if secret.key is not None and secret.key.manager == "CUSTOMER":
                requests.append(("role.kms-decrypt", secret.key.arn, decrypt_request(stack, secret)))
        asked[stack.role.arn] = (principal(stack.role), requests)
    for function in stack.functions:
        user = function.environment.get("DB_USER", "").strip()
        if function.role is None or not function.role.found or not user:
            continue
        request = iam.Request("rds-db:connect", dbuser_arn(stack, user))
        who, requests = asked.setdefault(function.role.arn, (principal(function.role), []))
        requests.append(("function.rds-db-connect", function.arn, request))
    return asked


def simulated(
    asked: dict[str, tuple[Principal, list[tuple[str, str, iam.Request]]]],
    answers: dict[str, list[simulate.SimulatedDecision]],
) -> list[Finding]:
    """iam.simulated: for each role AWS's simulator answered (by role ARN, its decisions on the role's requests in
    `asked`, from questions), it agrees with the local evaluator, or where not."""
    findings = []
    for role_arn, aws in answers.items():
        who, requests = asked[role_arn]
        local = [iam.evaluate(r, who.identity, boundary=who.boundary) for _, _, r in requests]
        disagreements = simulate.compare(local, aws)
        for disagreement in disagreements:
            findings.append(
                warn(
                    "iam.simulated",
                    role_arn,
                    str(disagreement),
                    "AWS's evaluator decides what happens: trust its answer, and report the case to the project",
                )
            )
        if not disagreements:
            findings.append(
                ok(
                    "iam.simulated",
                    role_arn,
                    f"AWS's simulator agrees on {len(requests)} request(s) of {who.role.name}",
                )
            )
    return findings
