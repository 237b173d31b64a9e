"""A local evaluator of the IAM policy language: does this principal's set of policies allow this request?

rds-proxy-doctor takes every IAM verdict from here, so it needs no permission beyond reading the
policies and works where nothing evaluates IAM (the emulator). The scope is what the doctor meets;
everything outside it yields NOT_EVALUATED naming what was not evaluated, never a silent allow or
deny. scripts/README.md ("The IAM evaluator") states the rules with their AWS sources.

    connect = parse_policy(document, "inline policy rds-connect")
    decision = evaluate(Request("rds-db:connect", user_arn), [connect])
    decision.decision, decision.reason, decision.statements

The policy language is in `policy`, the matching rules in `match`, the decision in `evaluator`, the comparison with
iam:SimulatePrincipalPolicy in `simulate` (boto3). The names below are all a caller needs (`rds_proxy_tools.iam_eval`,
the module's 0.4.0 name, gives the same). Stdlib only; values in, values out.
"""

from rds_proxy_tools.arns import ARN_PARTS
from rds_proxy_tools.iam.evaluator import (
    ALLOWED,
    EXPLICIT_DENY,
    IMPLICIT_DENY,
    NOT_EVALUATED,
    Decision,
    Grant,
    NearMiss,
    account_of,
    closest_grant,
    evaluate,
    grants,
)
from rds_proxy_tools.iam.match import action_matches, mismatched_segments, resource_matches
from rds_proxy_tools.iam.policy import (
    BOUNDARY,
    IDENTITY,
    KINDS,
    KMS_KEY,
    RESOURCE,
    TRUST,
    Policy,
    PolicyError,
    Request,
    StatementRef,
    parse_policy,
)

__all__ = [
    "ALLOWED",
    "ARN_PARTS",
    "BOUNDARY",
    "EXPLICIT_DENY",
    "IDENTITY",
    "IMPLICIT_DENY",
    "KINDS",
    "KMS_KEY",
    "NOT_EVALUATED",
    "RESOURCE",
    "TRUST",
    "Decision",
    "Grant",
    "NearMiss",
    "Policy",
    "PolicyError",
    "Request",
    "StatementRef",
    "account_of",
    "action_matches",
    "closest_grant",
    "evaluate",
    "grants",
    "mismatched_segments",
    "parse_policy",
    "resource_matches",
]
