"""AWS's own IAM evaluator (iam:SimulatePrincipalPolicy), and where it disagrees with the local one.

rds-proxy-doctor --simulate. The simulator reads the principal's attached policies and its
permissions boundary itself, but "Simulation of resource-based policies isn't supported for IAM
roles" (SimulatePrincipalPolicy, IAM API reference): compare its verdicts with local decisions made
from the identity policies and the boundary alone, without a resource policy.

    simulated = simulate(boto3.client("iam"), role_arn, requests)
    for disagreement in compare(local_decisions, simulated): print(disagreement)

Needs botocore (imported when asking AWS); the rest is stdlib.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rds_proxy_tools.errors import ToolError
from rds_proxy_tools.iam.evaluator import ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY, NOT_EVALUATED, Decision, Request
from rds_proxy_tools.iam.policy import value_text

# PolicyEvaluationDecisionType in IAM's API model
AWS_DECISIONS = {"allowed": ALLOWED, "explicitDeny": EXPLICIT_DENY, "implicitDeny": IMPLICIT_DENY}


class SimulationError(ToolError, RuntimeError):
    """AWS's simulator could not be asked or answered unexpectedly; the message is one line."""


@dataclass(frozen=True)
class SimulatedDecision:
    request: Request  # the request this answers
    decision: str  # ALLOWED, EXPLICIT_DENY or IMPLICIT_DENY
    statements: tuple[str, ...]  # MatchedStatements, e.g. "rds-connect (role) line 4"
    allowed_by_boundary: bool | None  # PermissionsBoundaryDecisionDetail, when AWS reports it
    allowed_by_organizations: bool | None  # OrganizationsDecisionDetail, when AWS reports it
    missing_context: tuple[str, ...]  # keys the policies use that the request did not supply


@dataclass(frozen=True)
class Disagreement:
    local: Decision
    aws: SimulatedDecision

    def __str__(self) -> str:
        request = self.local.request
        says = f"AWS's simulator says {self.aws.decision}"
        details = [*self.aws.statements]
        if self.aws.allowed_by_organizations is False:
            details.append("denied by an Organizations SCP")
        if self.aws.missing_context:
            details.append(f"missing context keys {', '.join(self.aws.missing_context)}")
        if details:
            says += f" ({'; '.join(details)})"
        local = "cannot decide" if self.local.decision == NOT_EVALUATED else f"says {self.local.decision}"
        return f"{request.action} on {request.resource}: the local evaluator {local} ({self.local.reason}); {says}"


def context_entries(context: dict[str, Any]) -> list[dict[str, Any]]:
    """A request context as SimulatePrincipalPolicy's ContextEntries: the type from the value's type
    (bool boolean, number numeric, else string; a list the matching ...List type)."""
    entries = []
    for key, value in context.items():
        values = value if isinstance(value, list) else [value]
        first = values[0] if values else ""
        kind = "boolean" if isinstance(first, bool) else "numeric" if isinstance(first, (int, float)) else "string"
        entries.append(
            {
                "ContextKeyName": key,
                "ContextKeyValues": [value_text(v) for v in values],
                "ContextKeyType": kind + "List" if isinstance(value, list) else kind,
            }
        )
    return entries


def simulate(
    iam: Any, principal_arn: str, requests: Sequence[Request], page_size: int | None = None
) -> list[SimulatedDecision]:
    """AWS's decision for each request, in the requests' order. iam is a boto3 IAM client;
    principal_arn the role (or user) whose attached policies and boundary AWS evaluates. Requests
    with the same context share a call; every page is read (IsTruncated, Marker)."""
    groups: dict[str, list[int]] = {}  # requests with the same context, by index
    for index, request in enumerate(requests):
        groups.setdefault(json.dumps(request.context, sort_keys=True, default=str), []).append(index)
    answered: list[SimulatedDecision | None] = [None] * len(requests)
    for indexes in groups.values():
        group = [requests[i] for i in indexes]
        params: dict[str, Any] = {
            "PolicySourceArn": principal_arn,
            "ActionNames": _unique(r.action for r in group),
            "ResourceArns": _unique(r.resource for r in group),
        }
        if group[0].context:
            params["ContextEntries"] = context_entries(dict(group[0].context))
        if page_size:
            params["MaxItems"] = page_size
        results = {(action.lower(), resource): parts for action, resource, parts in _results(iam, params)}
        for index, request in zip(indexes, group, strict=True):
            parts = results.get((request.action.lower(), request.resource))
            if parts is None:
                raise SimulationError(
                    f"AWS's simulator returned no result for {request.action} on {request.resource} ({principal_arn})"
                )
            answered[index] = SimulatedDecision(request, *parts)
    return answered  # every index is filled above


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _results(iam: Any, params: dict[str, Any]) -> Iterable[tuple[str, str, tuple]]:
    """(action, resource, the rest of a SimulatedDecision) for every result on every page."""
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError  # not a BotoCoreError; e.g. an endpoint answering HTML

    principal = params["PolicySourceArn"]
    while True:
        try:
            page = iam.simulate_principal_policy(**params)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code = error.get("Code", "Error")
            hint = {
                "AccessDenied": f" (the caller needs iam:SimulatePrincipalPolicy on {principal})",
                "AccessDeniedException": f" (the caller needs iam:SimulatePrincipalPolicy on {principal})",
                "NoSuchEntity": " (no IAM role or user has that ARN)",
            }.get(code, "")
            message = " ".join(str(error.get("Message", "")).split())
            raise SimulationError(
                f"iam:SimulatePrincipalPolicy for {principal} failed: {code}: {message}{hint}"
            ) from exc
        except ResponseParserError as exc:
            raise SimulationError(
                f"iam:SimulatePrincipalPolicy for {principal} failed: the endpoint's answer is not an IAM response"
            ) from exc
        except BotoCoreError as exc:
            message = " ".join(str(exc).split())
            raise SimulationError(f"iam:SimulatePrincipalPolicy for {principal} failed: {message}") from exc
        for result in page.get("EvaluationResults", []):
            yield from _decisions(result)
        if not page.get("IsTruncated"):
            return
        params = {**params, "Marker": page["Marker"]}


def _decisions(result: dict[str, Any]) -> Iterable[tuple[str, str, tuple]]:
    """One EvaluationResult, per ResourceSpecificResults entry when AWS gives them (a resource's own
    decision, statements and boundary detail), else as a whole."""
    action = result["EvalActionName"]
    organizations = result.get("OrganizationsDecisionDetail", {}).get("AllowedByOrganizations")
    for part in result.get("ResourceSpecificResults") or [result]:
        boundary = (
            part.get("PermissionsBoundaryDecisionDetail") or result.get("PermissionsBoundaryDecisionDetail") or {}
        ).get("AllowedByPermissionsBoundary")
        decision = part.get("EvalResourceDecision") or part["EvalDecision"]
        if decision not in AWS_DECISIONS:
            raise SimulationError(
                f"AWS's simulator answered {decision!r} for {action}, which is not a decision it documents"
            )
        details = (
            AWS_DECISIONS[decision],
            tuple(_statement(s) for s in part.get("MatchedStatements", [])),
            boundary,
            organizations,
            tuple(part.get("MissingContextValues", [])),
        )
        yield action, part.get("EvalResourceName", "*"), details


def _statement(matched: dict[str, Any]) -> str:
    text = f"{matched.get('SourcePolicyId', '?')} ({matched.get('SourcePolicyType', '?')})"
    line = matched.get("StartPosition", {}).get("Line")
    return f"{text} line {line}" if line else text


def compare(local: Sequence[Decision], simulated: Sequence[SimulatedDecision]) -> list[Disagreement]:
    """The requests on which the local decision and AWS's differ, in local order. A local
    NOT_EVALUATED always differs: AWS decided what the local evaluator could not. Each local decision
    is paired with the simulated decision of an equal request; a missing one is an error."""
    disagreements = []
    for decision in local:
        aws = next((s for s in simulated if s.request == decision.request), None)
        if aws is None:
            raise SimulationError(f"no simulated result for {decision.request.action} on {decision.request.resource}")
        if aws.decision != decision.decision:
            disagreements.append(Disagreement(decision, aws))
    return disagreements
