"""The decision: which statements of which policies apply to a request, and what IAM would answer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rds_proxy_tools.arns import ASSUMED_ROLE_RE, PRINCIPAL_ACCOUNT_RE, ROLE_ARN_RE, ROOT_ARN_RE, role_arn
from rds_proxy_tools.iam.match import (
    NotEvaluated,
    action_matches,
    condition_holds,
    mismatched_segments,
    pattern_matches,
)
from rds_proxy_tools.iam.policy import (
    BOUNDARY,
    IDENTITY,
    KMS_KEY,
    RESOURCE,
    RESOURCE_KINDS,
    Condition,
    Policy,
    Request,
    Statement,
    StatementRef,
)

ALLOWED = "allowed"
EXPLICIT_DENY = "explicit_deny"
IMPLICIT_DENY = "implicit_deny"
NOT_EVALUATED = "not_evaluated"


@dataclass(frozen=True)
class NearMiss:
    """An Allow statement that covers the action and resource, but whose condition does not hold."""

    ref: StatementRef
    condition: str  # e.g. 'StringEquals kms:ViaService ["secretsmanager.us-east-1.amazonaws.com"]'

    def __str__(self) -> str:
        return f"{self.ref} covers it only when {self.condition}"


@dataclass(frozen=True)
class Decision:
    decision: str  # ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY or NOT_EVALUATED
    request: Request
    reason: str  # one line for people: what decided, or what is missing
    statements: tuple[StatementRef, ...] = ()  # the Denies that deny; the Allows that allow; partial grants
    near_misses: tuple[NearMiss, ...] = ()  # Allows whose condition failed (implicit denies only)
    not_evaluated: tuple[str, ...] = ()  # what is outside scope, naming operator and statement

    @property
    def allowed(self) -> bool:
        return self.decision == ALLOWED

    def __str__(self) -> str:
        return f"{self.decision}: {self.reason}"


@dataclass(frozen=True)
class Grant:
    """An Allow statement that covers an action, with its resource patterns as written."""

    ref: StatementRef
    resources: tuple[str, ...]  # ("*",) for a statement without Resource (trust policies)
    not_resource: bool
    conditions: Mapping[str, Any]  # the Condition block as written; empty when unconditional


# ------------------------------------------------------------------ principals

DIRECT, ROLE, ACCOUNT = "direct", "role", "account"  # how a resource policy names the principal


def account_of(principal: str) -> str | None:
    """The account of an IAM or STS principal ARN; None for a service principal."""
    match = PRINCIPAL_ACCOUNT_RE.match(principal)
    return match.group(1) if match else None


def _identities(principal: str) -> list[tuple[str, str]]:
    """The names a resource policy may give the principal, with what naming it grants (IAM policy
    evaluation logic, "Resource-based policies and implicit denies in other policy types"): its account
    (delegated: IAM policies must allow too), the role of a session (limited by the role's permissions
    boundary), the user or session itself (direct). A role ARN stands for a session of that role.
    In the order AWS may validate them, the principal itself last."""
    if not principal.startswith("arn:"):
        return [(principal.lower(), DIRECT)]  # a service principal, e.g. rds.amazonaws.com
    names = [(account_of(principal), ACCOUNT)] if account_of(principal) else []
    session, role = ASSUMED_ROLE_RE.match(principal), ROLE_ARN_RE.match(principal)
    if session:
        names += [(f"role:{session['account']}:{session['role']}", ROLE), (principal, DIRECT)]
    elif role:
        names.append((f"role:{role['account']}:{role['name']}", ROLE))
    else:
        names.append((principal, DIRECT))
    return names


def _listed_name(entry: str, kind: str) -> str | None:
    """A Principal entry in _identities' terms; None for entry types that name nobody modelled here."""
    if kind == "Service":
        return entry.lower()
    if kind != "AWS":
        return None  # Federated, CanonicalUser
    root, role = ROOT_ARN_RE.match(entry), ROLE_ARN_RE.match(entry)
    if root:
        return root["account"]
    return f"role:{role['account']}:{role['name']}" if role else entry


def _names_principal(statement: Statement, principal: str, has_boundary: bool) -> tuple[bool | None, str]:
    """Whether a resource policy statement applies to the principal, and how it names it.

    Only a whole "*" is a wildcard: "You cannot use a wildcard to match part of a principal name or
    ARN" (Principal element page). NotPrincipal applies to a principal it does not list, and not to
    one listed with its account (and role); AWS "might validate the account first, then the role, and
    then the assumed-role user" (NotPrincipal page), so a principal listed without its account is not
    evaluated. A Deny with NotPrincipal "will always deny any IAM principal that has a permissions
    boundary policy attached" (permissions boundaries page)."""
    principals = statement.principals or {}
    is_arn = principal.startswith("arn:")
    everyone = "*" in principals or (is_arn and "*" in principals.get("AWS", ()))
    listed = {_listed_name(e, kind) for kind, entries in principals.items() for e in entries if e != "*"}
    identities = _identities(principal)
    named = [how for name, how in identities if name in listed]
    if statement.not_principal:
        if statement.ref.effect == "Deny" and has_boundary and is_arn:
            return True, DIRECT
        if everyone or len(named) == len(identities):
            return False, DIRECT
        return (None if identities[-1][0] in listed else True), DIRECT
    if everyone:
        return True, DIRECT
    for how in (DIRECT, ROLE, ACCOUNT):
        if how in named:
            return True, how
    return False, DIRECT


# ------------------------------------------------------------------ statements


@dataclass(frozen=True)
class _Match:
    statement: Statement
    applies: bool | None  # None: depends on something not evaluated
    how: str = DIRECT  # for resource policy statements: DIRECT, ROLE or ACCOUNT
    unknown: tuple[str, ...] = ()
    failed: Condition | None = None  # action and resource matched, this condition did not hold


def _match(
    statement: Statement, policy: Policy, request: Request, context: Mapping, principal: str, boundary: bool
) -> _Match:
    if any(action_matches(p, request.action) for p in statement.actions) == statement.not_action:
        return _Match(statement, False)
    if statement.resources is not None:
        variables = context if policy.variables else None
        hit = any(pattern_matches(p, request.resource, "resource", variables) for p in statement.resources)
        if hit == statement.not_resource:
            return _Match(statement, False)
    applies, how, unknown = True, DIRECT, []
    if statement.principals is not None:
        applies, how = _names_principal(statement, principal, boundary)
        if applies is False:
            return _Match(statement, False)
        if applies is None:
            unknown.append(
                f"a NotPrincipal that lists {principal} but not all of its account and role ({statement.ref})"
            )
    for condition in statement.conditions:
        try:
            if not condition_holds(condition, context, policy.variables):
                return _Match(statement, False, how, failed=condition)
        except NotEvaluated as exc:
            unknown.append(f"{exc} ({condition.key} in {statement.ref})")
    return _Match(statement, None if unknown else applies, how, tuple(unknown))


def _context(request: Request, principal: str) -> dict[str, Any]:
    """The request context with lower-cased keys. IAM always sets aws:PrincipalArn (the role's ARN for a
    role session) and aws:PrincipalAccount (global condition keys page): added when the caller did not."""
    context = {str(k).lower(): v for k, v in request.context.items()}
    account = account_of(principal)
    if account:
        session = ASSUMED_ROLE_RE.match(principal)
        principal_arn = role_arn(session["partition"], account, session["role"]) if session else principal
        context.setdefault("aws:principalarn", principal_arn)
        context.setdefault("aws:principalaccount", account)
    return context


# ------------------------------------------------------------------ decisions


def evaluate(
    request: Request,
    identity_policies: Iterable[Policy] = (),
    *,
    boundary: Policy | None = None,
    resource_policy: Policy | None = None,
    principal: str | None = None,
) -> Decision:
    """The decision IAM gives for one principal and one request within one account.

    An explicit Deny in any policy wins. Otherwise the request needs an Allow in the identity policies
    and, when a boundary is given, in the boundary too; or a grant in the resource policy, by its kind:
    RESOURCE, the same-account rule (identity OR resource policy); KMS_KEY and TRUST (the resource
    policy must allow the principal itself, or allow its account and then IAM policies must allow).
    principal (a role, user or role-session ARN, or a service principal) is needed with a resource
    policy; a resource in another account than the principal's is not evaluated."""
    identity_policies = list(identity_policies)
    _check_kinds(identity_policies, boundary, resource_policy)
    if resource_policy is not None and not principal:
        raise ValueError("a resource policy needs the principal making the request")
    principal = principal or ""
    parts = request.resource.split(":", 5)
    owner = parts[4] if len(parts) == 6 else ""
    if resource_policy is not None and owner and account_of(principal) not in (None, owner):
        return Decision(
            NOT_EVALUATED,
            request,
            f"{principal} asks for {request.resource} of another account: cross-account requests are not evaluated",
            not_evaluated=("cross-account request",),
        )
    context = _context(request, principal)
    has_boundary = boundary is not None

    def matches(policies: Iterable[Policy]) -> list[_Match]:
        return [_match(s, p, request, context, principal, has_boundary) for p in policies for s in p.statements]

    found = {
        IDENTITY: matches(identity_policies),
        BOUNDARY: matches([boundary] if boundary else []),
        RESOURCE: matches([resource_policy] if resource_policy else []),
    }
    # An unknown statement could go either way. The rules are monotone, so the decision is certain when
    # it is the same with unknown Allows counted and unknown Denies not, and the other way round.
    lenient = _decide(request, found, boundary, resource_policy, principal, unknown_allows=True)
    strict = _decide(request, found, boundary, resource_policy, principal, unknown_allows=False)
    if lenient.decision == strict.decision:
        return lenient if lenient.decision == EXPLICIT_DENY else strict
    unknown = tuple(u for group in found.values() for m in group for u in m.unknown)
    return Decision(
        NOT_EVALUATED,
        request,
        f"{request.action} on {request.resource}: {lenient.decision} or {strict.decision}, "
        f"depending on {'; '.join(unknown)}",
        tuple(m.statement.ref for group in found.values() for m in group if m.applies is None),
        not_evaluated=unknown,
    )


def _check_kinds(identity_policies: list[Policy], boundary: Policy | None, resource_policy: Policy | None) -> None:
    slots = [(p, (IDENTITY,)) for p in identity_policies] + [(boundary, (BOUNDARY,)), (resource_policy, RESOURCE_KINDS)]
    for policy, kinds in slots:
        if policy is not None and policy.kind not in kinds:
            raise ValueError(f"{policy.name} is a {policy.kind} policy, given where a {' or '.join(kinds)} policy goes")


def _decide(request, found, boundary, resource_policy, principal, unknown_allows: bool) -> Decision:
    def applying(group: str, effect: str, how: str | None = None) -> tuple[StatementRef, ...]:
        counted = unknown_allows if effect == "Allow" else not unknown_allows
        return tuple(
            m.statement.ref
            for m in found[group]
            if m.statement.ref.effect == effect
            and (m.applies or (m.applies is None and counted))
            and how in (None, m.how)
        )

    what = f"{request.action} on {request.resource}"
    denies = applying(IDENTITY, "Deny") + applying(BOUNDARY, "Deny") + applying(RESOURCE, "Deny")
    if denies:
        return Decision(EXPLICIT_DENY, request, f"{what} is denied by {_refs(denies)}", denies)
    identity, bounded = applying(IDENTITY, "Allow"), applying(BOUNDARY, "Allow")
    within_boundary = boundary is None or bool(bounded)
    by_iam = identity + bounded if identity and within_boundary else ()
    direct, by_role, by_account = (applying(RESOURCE, "Allow", how) for how in (DIRECT, ROLE, ACCOUNT))
    if by_role and within_boundary:
        direct += by_role + bounded
    if by_iam and (resource_policy is None or resource_policy.kind == RESOURCE):
        return Decision(ALLOWED, request, f"{what} is allowed by {_refs(by_iam)}", by_iam)
    if direct:
        return Decision(ALLOWED, request, f"{what} is allowed by {_refs(direct)}, which names {principal}", direct)
    if resource_policy is not None and by_account and by_iam:
        reason = f"{what} is allowed by {_refs(by_iam)}, as {_refs(by_account)} lets IAM policies grant it"
        return Decision(ALLOWED, request, reason, by_account + by_iam)
    misses = tuple(
        NearMiss(m.statement.ref, _describe(m.failed))
        for group in (IDENTITY, RESOURCE)
        for m in found[group]
        if m.failed is not None and m.statement.ref.effect == "Allow"
    )
    missing = _missing(what, identity, by_iam, boundary, resource_policy, principal, by_role, by_account)
    hint = "".join(f"; {miss}" for miss in misses)
    return Decision(IMPLICIT_DENY, request, missing + hint, identity + by_role + by_account, misses)


def _missing(what, identity, by_iam, boundary, resource_policy, principal, by_role, by_account) -> str:
    """Why nothing allowed it, in one sentence."""
    blocked = ""
    if identity and not by_iam:
        blocked = f"{_refs(identity)} allows {what}, but the permissions boundary {boundary.name} does not"
    if resource_policy is None:
        return blocked or f"nothing allows {what}"
    name = resource_policy.name
    if by_role:
        return f"{_refs(by_role)} allows {what} to the role, but its permissions boundary {boundary.name} does not"
    if resource_policy.kind == RESOURCE:
        return blocked or f"neither an identity policy nor {name} allows {what}"
    if by_account:
        return (
            blocked or f"{name} leaves {what} to IAM policies ({_refs(by_account)}), and no identity policy allows it"
        )
    if identity:
        rule = "KMS" if resource_policy.kind == KMS_KEY else "a role trust policy"
        return (
            f"{_refs(identity)} allows {what}, but {name} allows neither {principal} nor its account: "
            f"for {rule}, IAM policies count only when the resource policy allows the account"
        )
    return f"{name} allows {what} to neither {principal} nor its account, and no identity policy allows it"


def _describe(condition: Condition) -> str:
    values = ", ".join(f'"{v}"' for v in condition.values)
    return f"{condition.operator} {condition.key} [{values}]"


def _refs(refs: Iterable[StatementRef]) -> str:
    return ", ".join(str(r) for r in refs)


# ------------------------------------------------------------------ grants


def grants(policies: Iterable[Policy], action: str) -> list[Grant]:
    """Every Allow statement whose Action (or NotAction) covers the action, with its resource patterns
    as written, in policy order: what the doctor shows when nothing allows a request."""
    return [
        Grant(s.ref, s.resources or ("*",), s.not_resource, s.condition_block)
        for p in policies
        for s in p.statements
        if s.ref.effect == "Allow" and any(action_matches(a, action) for a in s.actions) != s.not_action
    ]


def closest_grant(candidates: Iterable[Grant], arn: str) -> tuple[Grant, str, tuple[str, ...]] | None:
    """The Resource pattern that gets the fewest ARN parts wrong: (grant, pattern, the wrong parts,
    named as in ARN_PARTS). None when no candidate has a Resource (NotResource grants are skipped)."""
    ranked = [
        (len(wrong), order, grant, pattern, wrong)
        for order, grant in enumerate(candidates)
        if not grant.not_resource
        for pattern in grant.resources
        for wrong in [mismatched_segments(pattern, arn)]
    ]
    if not ranked:
        return None
    _, _, grant, pattern, wrong = min(ranked, key=lambda r: r[:2])
    return grant, pattern, wrong
