"""rds_proxy_tools.iam.simulate: AWS's simulator (iam:SimulatePrincipalPolicy) against the local evaluator.

The emulator has no simulator, so these tests use botocore's Stubber, which checks every request and
every stubbed response against IAM's service model (botocore/data/iam/2010-05-08/service-2.json).
"""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError
from botocore.parsers import ResponseParserError
from botocore.stub import Stubber

from rds_proxy_tools import iam as ie
from rds_proxy_tools.iam import simulate as sim

ROLE = "arn:aws:iam::111122223333:role/app-fn"
CONNECT = "arn:aws:rds-db:us-east-1:111122223333:dbuser:prx-0123456789abcdef0/app_user"
OTHER_USER = "arn:aws:rds-db:us-east-1:111122223333:dbuser:prx-0123456789abcdef0/report_ro"
KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
VIA_SM = {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}

POLICIES = [
    ie.parse_policy(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "rds-db:connect", "Resource": CONNECT},
                {
                    "Effect": "Allow",
                    "Action": "kms:Decrypt",
                    "Resource": KEY,
                    "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}},
                },
            ],
        },
        "rds-connect",
    )
]


@pytest.fixture
def iam():
    client = boto3.client("iam", region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def result(action, resource, decision, **extra):
    """An EvaluationResult the way AWS gives it when ResourceArns are named: per resource."""
    specific = {
        "EvalResourceName": resource,
        "EvalResourceDecision": decision,
        "MatchedStatements": extra.pop("statements", []),
    }
    if "boundary" in extra:
        specific["PermissionsBoundaryDecisionDetail"] = {"AllowedByPermissionsBoundary": extra.pop("boundary")}
    return {
        "EvalActionName": action,
        "EvalResourceName": resource,
        "EvalDecision": decision,
        "MatchedStatements": specific["MatchedStatements"],
        "MissingContextValues": [],
        "EvalDecisionDetails": {},
        "ResourceSpecificResults": [specific],
        **extra,
    }


def matched(policy_id, line):
    return {
        "SourcePolicyId": policy_id,
        "SourcePolicyType": "role",
        "StartPosition": {"Line": line, "Column": 5},
        "EndPosition": {"Line": line + 5, "Column": 6},
    }


def local(requests):
    return [ie.evaluate(r, POLICIES) for r in requests]


def test_agreement(iam):
    client, stubber = iam
    requests = [ie.Request("rds-db:connect", CONNECT), ie.Request("kms:Decrypt", KEY, VIA_SM)]
    stubber.add_response(
        "simulate_principal_policy",
        {
            "EvaluationResults": [result("rds-db:connect", CONNECT, "allowed", statements=[matched("rds-connect", 4)])],
            "IsTruncated": False,
        },
        {"PolicySourceArn": ROLE, "ActionNames": ["rds-db:connect"], "ResourceArns": [CONNECT]},
    )
    stubber.add_response(
        "simulate_principal_policy",
        {
            "EvaluationResults": [result("kms:Decrypt", KEY, "allowed", statements=[matched("rds-connect", 9)])],
            "IsTruncated": False,
        },
        {
            "PolicySourceArn": ROLE,
            "ActionNames": ["kms:Decrypt"],
            "ResourceArns": [KEY],
            "ContextEntries": [
                {
                    "ContextKeyName": "kms:ViaService",
                    "ContextKeyValues": ["secretsmanager.us-east-1.amazonaws.com"],
                    "ContextKeyType": "string",
                }
            ],
        },
    )
    simulated = sim.simulate(client, ROLE, requests)
    assert [s.request for s in simulated] == requests
    assert [s.decision for s in simulated] == [ie.ALLOWED, ie.ALLOWED]
    assert simulated[0].statements == ("rds-connect (role) line 4",)
    assert sim.compare(local(requests), simulated) == []


def test_one_disagreement_is_named(iam):
    client, stubber = iam
    requests = [ie.Request("rds-db:connect", CONNECT), ie.Request("rds-db:connect", OTHER_USER)]
    stubber.add_response(
        "simulate_principal_policy",
        {
            "EvaluationResults": [
                result("rds-db:connect", CONNECT, "allowed", statements=[matched("rds-connect", 4)]),
                result("rds-db:connect", OTHER_USER, "allowed", statements=[matched("wide-open", 3)], boundary=True),
            ],
            "IsTruncated": False,
        },
        {"PolicySourceArn": ROLE, "ActionNames": ["rds-db:connect"], "ResourceArns": [CONNECT, OTHER_USER]},
    )
    simulated = sim.simulate(client, ROLE, requests)
    (disagreement,) = sim.compare(local(requests), simulated)
    assert disagreement.local.request == requests[1] and disagreement.local.decision == ie.IMPLICIT_DENY
    assert disagreement.aws.decision == ie.ALLOWED and disagreement.aws.allowed_by_boundary is True
    assert str(disagreement) == (
        f"rds-db:connect on {OTHER_USER}: the local evaluator says implicit_deny "
        f"(nothing allows rds-db:connect on {OTHER_USER}); AWS's simulator says allowed (wide-open (role) line 3)"
    )


def test_pages_are_followed(iam):
    client, stubber = iam
    users = [CONNECT.replace("app_user", f"user{i}") for i in range(3)]
    requests = [ie.Request("rds-db:connect", arn) for arn in users]
    expected = {"PolicySourceArn": ROLE, "ActionNames": ["rds-db:connect"], "ResourceArns": users, "MaxItems": 2}
    first = [result("rds-db:connect", arn, "implicitDeny") for arn in users[:2]]
    stubber.add_response(
        "simulate_principal_policy", {"EvaluationResults": first, "IsTruncated": True, "Marker": "page-2"}, expected
    )
    stubber.add_response(
        "simulate_principal_policy",
        {"EvaluationResults": [result("rds-db:connect", users[2], "explicitDeny")], "IsTruncated": False},
        {**expected, "Marker": "page-2"},
    )
    simulated = sim.simulate(client, ROLE, requests, page_size=2)
    assert [s.decision for s in simulated] == [ie.IMPLICIT_DENY, ie.IMPLICIT_DENY, ie.EXPLICIT_DENY]
    assert [s.request.resource for s in simulated] == users


def test_results_without_resource_specific_parts(iam):
    client, stubber = iam
    requests = [ie.Request("kms:Decrypt", "*")]
    stubber.add_response(
        "simulate_principal_policy",
        {
            "EvaluationResults": [
                {
                    "EvalActionName": "kms:Decrypt",
                    "EvalResourceName": "*",
                    "EvalDecision": "implicitDeny",
                    "MatchedStatements": [],
                    "MissingContextValues": ["kms:ViaService"],
                    "OrganizationsDecisionDetail": {"AllowedByOrganizations": False},
                    "PermissionsBoundaryDecisionDetail": {"AllowedByPermissionsBoundary": True},
                }
            ],
            "IsTruncated": False,
        },
        {"PolicySourceArn": ROLE, "ActionNames": ["kms:Decrypt"], "ResourceArns": ["*"]},
    )
    (simulated,) = sim.simulate(client, ROLE, requests)
    assert simulated.decision == ie.IMPLICIT_DENY
    assert simulated.missing_context == ("kms:ViaService",)
    assert (simulated.allowed_by_organizations, simulated.allowed_by_boundary) == (False, True)
    odd = ie.parse_policy(
        {
            "Statement": [
                {"Effect": "Allow", "Action": "kms:*", "Resource": "*", "Condition": {"BinaryEquals": {"k:b": "QQ=="}}}
            ]
        },
        "odd",
    )
    (disagreement,) = sim.compare([ie.evaluate(requests[0], [odd])], [simulated])
    text = str(disagreement)
    assert "the local evaluator cannot decide" in text
    assert "denied by an Organizations SCP" in text and "missing context keys kms:ViaService" in text


def test_access_denied_is_one_line(iam):
    client, stubber = iam
    stubber.add_client_error(
        "simulate_principal_policy",
        service_error_code="AccessDenied",
        service_message=(
            "User: arn:aws:iam::111122223333:user/ci is not authorized to perform:\n"
            f" iam:SimulatePrincipalPolicy on resource: {ROLE}"
        ),
        http_status_code=403,
    )
    with pytest.raises(sim.SimulationError) as err:
        sim.simulate(client, ROLE, [ie.Request("rds-db:connect", CONNECT)])
    message = str(err.value)
    assert "\n" not in message
    assert message == (
        f"iam:SimulatePrincipalPolicy for {ROLE} failed: AccessDenied: User: arn:aws:iam::111122223333:user/ci "
        f"is not authorized to perform: iam:SimulatePrincipalPolicy on resource: {ROLE} "
        f"(the caller needs iam:SimulatePrincipalPolicy on {ROLE})"
    )


def test_no_such_role(iam):
    client, stubber = iam
    stubber.add_client_error(
        "simulate_principal_policy",
        service_error_code="NoSuchEntity",
        service_message="Role gone not found",
        http_status_code=404,
    )
    with pytest.raises(
        sim.SimulationError, match=r"NoSuchEntity: Role gone not found \(no IAM role or user has that ARN\)$"
    ):
        sim.simulate(client, ROLE, [ie.Request("rds-db:connect", CONNECT)])


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            EndpointConnectionError(endpoint_url="https://iam.amazonaws.com/"),
            'Could not connect to the endpoint URL: "https://iam.amazonaws.com/"',
        ),
        (
            ResponseParserError("Unable to parse response, invalid XML received: b'<!doctype html>'"),
            "the endpoint's answer is not an IAM response",
        ),
    ],
)
def test_endpoint_failures_are_one_line(error, message):
    class Failing:
        def simulate_principal_policy(self, **params):
            raise error

    with pytest.raises(sim.SimulationError) as err:
        sim.simulate(Failing(), ROLE, [ie.Request("rds-db:connect", CONNECT)])
    assert str(err.value) == f"iam:SimulatePrincipalPolicy for {ROLE} failed: {message}"


def test_a_missing_result_is_an_error(iam):
    client, stubber = iam
    stubber.add_response(
        "simulate_principal_policy",
        {"EvaluationResults": [result("rds-db:connect", CONNECT, "allowed")], "IsTruncated": False},
        {"PolicySourceArn": ROLE, "ActionNames": ["rds-db:connect"], "ResourceArns": [CONNECT, OTHER_USER]},
    )
    with pytest.raises(sim.SimulationError, match=f"returned no result for rds-db:connect on {OTHER_USER}"):
        sim.simulate(client, ROLE, [ie.Request("rds-db:connect", CONNECT), ie.Request("rds-db:connect", OTHER_USER)])
    with pytest.raises(sim.SimulationError, match="no simulated result"):
        sim.compare(local([ie.Request("rds-db:connect", CONNECT)]), [])


def test_decisions_are_the_models_enum(iam):
    client, stubber = iam
    enum = client.meta.service_model.shape_for("PolicyEvaluationDecisionType").enum
    assert sorted(sim.AWS_DECISIONS) == sorted(enum)
    # The Stubber checks shapes but not enum values: an undocumented one is refused by simulate().
    stubber.add_response(
        "simulate_principal_policy",
        {
            "EvaluationResults": [
                {"EvalActionName": "rds-db:connect", "EvalResourceName": CONNECT, "EvalDecision": "maybe"}
            ]
        },
    )
    with pytest.raises(sim.SimulationError, match="answered 'maybe' for rds-db:connect"):
        sim.simulate(client, ROLE, [ie.Request("rds-db:connect", CONNECT)])


def test_context_entries_types():
    entries = sim.context_entries(
        {"aws:SecureTransport": True, "aws:MultiFactorAuthAge": 30, "aws:TagKeys": ["a", "b"], "kms:ViaService": "x.y"}
    )
    assert entries == [
        {"ContextKeyName": "aws:SecureTransport", "ContextKeyValues": ["true"], "ContextKeyType": "boolean"},
        {"ContextKeyName": "aws:MultiFactorAuthAge", "ContextKeyValues": ["30"], "ContextKeyType": "numeric"},
        {"ContextKeyName": "aws:TagKeys", "ContextKeyValues": ["a", "b"], "ContextKeyType": "stringList"},
        {"ContextKeyName": "kms:ViaService", "ContextKeyValues": ["x.y"], "ContextKeyType": "string"},
    ]
