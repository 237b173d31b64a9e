"""rds_proxy_tools.iam: the local IAM evaluator, on the case tables in tests/tools/iam_cases/ and on its API."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

import pytest

from harness.repo import REPO_ROOT
from rds_proxy_tools import iam as ie
from rds_proxy_tools import policy_inputs as pi
from rds_proxy_tools import render_policies as rp
from rds_proxy_tools.iam.match import OPERATORS

CASES = Path(__file__).parent / "iam_cases"
ROLE = "arn:aws:iam::111122223333:role/proxy-role"
KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
CONNECT = "arn:aws:rds-db:us-east-1:111122223333:dbuser:prx-0123456789abcdef0/app_user"
VIA_SM = {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}


def document(value):
    """A case's policy: a list of statements, a whole document, or JSON text."""
    return {"Version": "2012-10-17", "Statement": value} if isinstance(value, list) else value


def load_cases() -> list:
    params = []
    for path in sorted(CASES.glob("*.json")):
        table = json.loads(path.read_text())
        names = [case["name"] for case in table["cases"]]
        assert len(names) == len(set(names)), f"{path.name}: case names repeat"
        for case in table["cases"]:
            params.append(pytest.param(table["sources"], case, id=f"{path.stem}: {case['name']}"))
    return params


def run_case(case: dict) -> ie.Decision:
    identity = [ie.parse_policy(document(doc), name) for name, doc in case.get("identity", {}).items()]
    boundary = ie.parse_policy(document(case["boundary"]), "boundary", ie.BOUNDARY) if "boundary" in case else None
    resource_policy = None
    if "resource_policy" in case:
        spec = case["resource_policy"]
        resource_policy = ie.parse_policy(
            document(spec.get("document", spec.get("statements"))), "resource policy", spec["kind"]
        )
    request = ie.Request(case["request"]["action"], case["request"]["resource"], case["request"].get("context", {}))
    return ie.evaluate(
        request, identity, boundary=boundary, resource_policy=resource_policy, principal=case.get("principal")
    )


@pytest.mark.parametrize(("sources", "case"), load_cases())
def test_case_table(sources, case):
    source_id = case["source"].split(":", 1)[0]
    assert source_id in sources, f"case cites {source_id!r}, which the file's sources do not list"
    decision = run_case(case)
    assert decision.decision == case["expect"], str(decision)
    assert decision.reason
    if "by" in case:
        assert sorted(f"{r.policy} Statement[{r.index}]" for r in decision.statements) == sorted(case["by"]), str(
            decision
        )
    for needle in case.get("not_evaluated", []):
        assert any(needle in item for item in decision.not_evaluated), decision.not_evaluated
    assert bool(decision.not_evaluated) == (decision.decision == ie.NOT_EVALUATED)


def test_case_table_covers_every_decision_and_the_required_topics():
    cases = [case for _, case in (p.values for p in load_cases())]
    assert len(cases) >= 100
    assert {c["expect"] for c in cases} == {ie.ALLOWED, ie.EXPLICIT_DENY, ie.IMPLICIT_DENY, ie.NOT_EVALUATED}
    text = json.dumps(cases)
    for topic in ("NotAction", "NotResource", "NotPrincipal", "IfExists", "ForAnyValue", "ForAllValues", "kms_key"):
        assert topic in text


# ---------------------------------------------------------------- results the doctor prints


def connect_policy(resource: str) -> ie.Policy:
    statement = {"Sid": "Connect", "Effect": "Allow", "Action": "rds-db:connect", "Resource": resource}
    return ie.parse_policy({"Version": "2012-10-17", "Statement": [statement]}, "inline policy rds-connect")


def test_allowed_names_the_statement():
    decision = ie.evaluate(ie.Request("rds-db:connect", CONNECT), [connect_policy(CONNECT)])
    assert decision.allowed
    assert str(decision.statements[0]) == 'inline policy rds-connect Statement[0] (Sid "Connect")'
    assert (
        str(decision)
        == f'allowed: rds-db:connect on {CONNECT} is allowed by inline policy rds-connect Statement[0] (Sid "Connect")'
    )


def test_implicit_deny_says_nothing_allows():
    decision = ie.evaluate(ie.Request("rds-db:connect", CONNECT), [connect_policy(CONNECT.replace("prx-", "db-"))])
    assert decision.decision == ie.IMPLICIT_DENY and not decision.allowed
    assert decision.reason == f"nothing allows rds-db:connect on {CONNECT}"


def test_a_failed_condition_is_reported_as_a_near_miss():
    policy = ie.parse_policy(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "kms:Decrypt",
                    "Resource": KEY,
                    "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}},
                }
            ],
        },
        "inline policy proxy-secrets",
    )
    decision = ie.evaluate(ie.Request("kms:Decrypt", KEY, {"kms:ViaService": "s3.us-east-1.amazonaws.com"}), [policy])
    assert decision.decision == ie.IMPLICIT_DENY
    (miss,) = decision.near_misses
    assert miss.ref.policy == "inline policy proxy-secrets"
    assert str(miss) == (
        "inline policy proxy-secrets Statement[0] covers it only when "
        'StringEquals kms:ViaService ["secretsmanager.us-east-1.amazonaws.com"]'
    )
    assert str(miss) in decision.reason


def test_boundary_reason_names_both_sides():
    boundary = ie.parse_policy(
        {"Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}, "boundary X", ie.BOUNDARY
    )
    decision = ie.evaluate(ie.Request("rds-db:connect", CONNECT), [connect_policy(CONNECT)], boundary=boundary)
    assert decision.reason == (
        f'inline policy rds-connect Statement[0] (Sid "Connect") allows rds-db:connect on {CONNECT}, '
        "but the permissions boundary boundary X does not"
    )


def key_policy(principal: str) -> ie.Policy:
    statement = {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "kms:*", "Resource": "*"}
    return ie.parse_policy({"Version": "2012-10-17", "Statement": [statement]}, "key policy of the key", ie.KMS_KEY)


def test_kms_reason_explains_the_key_policy_rule():
    identity = ie.parse_policy({"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}, "inline")
    decision = ie.evaluate(
        ie.Request("kms:Decrypt", KEY, VIA_SM),
        [identity],
        resource_policy=key_policy("arn:aws:iam::111122223333:role/admin"),
        principal=ROLE,
    )
    assert decision.decision == ie.IMPLICIT_DENY
    assert "key policy of the key allows neither" in decision.reason
    assert "IAM policies count only when the resource policy allows the account" in decision.reason
    only_root = ie.evaluate(
        ie.Request("kms:Decrypt", KEY), [], resource_policy=key_policy("111122223333"), principal=ROLE
    )
    assert "leaves kms:Decrypt" in only_root.reason and "no identity policy allows it" in only_root.reason


def test_not_evaluated_names_operator_and_statement():
    policy = ie.parse_policy(
        {
            "Statement": [
                {
                    "Sid": "Odd",
                    "Effect": "Allow",
                    "Action": "*",
                    "Resource": "*",
                    "Condition": {"BinaryEquals": {"k:b": "QQ=="}},
                }
            ]
        },
        "inline odd",
    )
    decision = ie.evaluate(ie.Request("kms:Decrypt", KEY), [policy])
    assert decision.decision == ie.NOT_EVALUATED and not decision.allowed
    assert decision.not_evaluated == (
        'condition operator "BinaryEquals" is not evaluated (k:b in inline odd Statement[0] (Sid "Odd"))',
    )
    assert "allowed or implicit_deny" in decision.reason
    assert [str(r) for r in decision.statements] == ['inline odd Statement[0] (Sid "Odd")']


def test_unparseable_numbers_and_dates_are_not_evaluated():
    for operator, value in (("NumericLessThan", "ten"), ("DateLessThan", "next tuesday"), ("IpAddress", "not-an-ip")):
        policy = ie.parse_policy(
            {
                "Statement": [
                    {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {operator: {"k:x": value}}}
                ]
            },
            "p",
        )
        decision = ie.evaluate(ie.Request("s3:GetObject", "arn:aws:s3:::b/k", {"k:x": "1"}), [policy])
        assert decision.decision == ie.NOT_EVALUATED, operator
        assert value in decision.not_evaluated[0]


# ---------------------------------------------------------------- the project's own policies


def test_the_rendered_policies_grant_exactly_what_the_module_intends():
    """The four policies rds-proxy-policies renders, judged by the evaluator the doctor uses."""
    secret = "arn:aws:secretsmanager:us-east-1:111122223333:secret:app-db-AbCdEf"
    inputs = pi.PolicyInputs(
        partition="aws",
        region="us-east-1",
        account_id="111122223333",
        proxy_resource_id="prx-0123456789abcdef0",
        db_users=("app_user",),
        secret_arns=(secret,),
        kms_key_arns=(KEY,),
    )
    rendered = {name: ie.parse_policy(rp.render(name, inputs), name) for name in ("rds-connect", "proxy-secrets")}
    trust = ie.parse_policy(rp.render("proxy-trust", inputs), "proxy-trust", ie.TRUST)
    connect, secrets = [rendered["rds-connect"]], [rendered["proxy-secrets"]]
    assert ie.evaluate(ie.Request("rds-db:connect", CONNECT), connect).allowed
    assert not ie.evaluate(ie.Request("rds-db:connect", CONNECT.replace("app_user", "admin")), connect).allowed
    assert ie.evaluate(ie.Request("secretsmanager:GetSecretValue", secret), secrets).allowed
    assert not ie.evaluate(ie.Request("secretsmanager:GetSecretValue", secret + "x"), secrets).allowed
    assert ie.evaluate(ie.Request("kms:Decrypt", KEY, VIA_SM), secrets).allowed
    direct = ie.evaluate(ie.Request("kms:Decrypt", KEY), secrets)
    assert direct.decision == ie.IMPLICIT_DENY and "kms:ViaService" in direct.reason
    assume = ie.Request("sts:AssumeRole", ROLE)
    assert ie.evaluate(assume, resource_policy=trust, principal="rds.amazonaws.com").allowed
    assert not ie.evaluate(assume, resource_policy=trust, principal="lambda.amazonaws.com").allowed


# ---------------------------------------------------------------- grants and closest grant


def test_grants_lists_the_allow_statements_for_an_action():
    policies = [
        ie.parse_policy(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "rds-db:connect",
                        "Resource": ["arn:aws:rds-db:us-east-1:111122223333:dbuser:app-proxy/app_user"],
                    },
                    {"Effect": "Allow", "Action": "logs:*", "Resource": "*"},
                    {"Effect": "Deny", "Action": "rds-db:connect", "Resource": "*"},
                    {"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::private/*"},
                ],
            },
            "inline",
        ),
        ie.parse_policy(
            {
                "Statement": {
                    "Effect": "Allow",
                    "Action": "RDS-DB:*",
                    "Resource": CONNECT,
                    "Condition": {"Bool": {"aws:SecureTransport": "true"}},
                }
            },
            "managed",
        ),
    ]
    found = ie.grants(policies, "rds-db:connect")
    assert [(g.ref.policy, g.ref.index) for g in found] == [("inline", 0), ("inline", 3), ("managed", 0)]
    assert found[0].resources == ("arn:aws:rds-db:us-east-1:111122223333:dbuser:app-proxy/app_user",)
    assert found[1].not_resource and found[1].resources == ("arn:aws:s3:::private/*",)
    assert found[2].conditions == {"Bool": {"aws:SecureTransport": "true"}}
    assert ie.grants(policies, "s3:PutObject")[0].ref.index == 3


@pytest.mark.parametrize(
    ("pattern", "wrong"),
    [
        ("arn:aws:rds-db:us-east-1:111122223333:dbuser:prx-0123456789abcdef0/*", ()),
        ("arn:aws:rds-db:us-east-1:111122223333:dbuser:app-proxy/app_user", ("resource",)),
        ("arn:aws:rds-db:us-west-2:111122223333:dbuser:prx-0123456789abcdef0/app_user", ("region",)),
        ("arn:aws:rds-db:us-east-1:444455556666:dbuser:prx-0123456789abcdef0/app_user", ("account",)),
        ("arn:aws-cn:rds-db:us-east-1:111122223333:dbuser:prx-0123456789abcdef0/app_user", ("partition",)),
        ("arn:aws:rds:us-east-1:111122223333:db-proxy:prx-0123456789abcdef0", ("service", "resource")),
        ("arn:aws:rds-db:us-west-2:444455556666:dbuser:prx-0123456789abcdef0/app_user", ("region", "account")),
        ("not-an-arn", ("arn",)),
    ],
)
def test_mismatched_segments(pattern, wrong):
    assert ie.mismatched_segments(pattern, CONNECT) == wrong


def test_closest_grant_picks_the_pattern_with_fewest_wrong_parts():
    policy = ie.parse_policy(
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "rds-db:connect",
                    "Resource": "arn:aws:rds:us-east-1:111122223333:db-proxy:prx-0123456789abcdef0",
                },
                {
                    "Effect": "Allow",
                    "Action": "rds-db:connect",
                    "Resource": [
                        "arn:aws:rds-db:us-west-2:444455556666:dbuser:prx-0123456789abcdef0/app_user",
                        "arn:aws:rds-db:us-east-1:111122223333:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXY0/app_user",
                    ],
                },
            ]
        },
        "inline",
    )
    grant, pattern, wrong = ie.closest_grant(ie.grants([policy], "rds-db:connect"), CONNECT)
    assert (grant.ref.index, wrong) == (1, ("resource",))
    assert pattern.endswith("db-ABCDEFGHIJKLMNOPQRSTUVWXY0/app_user")
    assert ie.closest_grant([], CONNECT) is None


def test_matchers():
    assert ie.action_matches("RDS-DB:conn*", "rds-db:Connect")
    assert not ie.action_matches("rds-db:connect", "rds-db:connectx")
    assert ie.resource_matches(
        "arn:aws:iam::1:user/${aws:username}", "arn:aws:iam::1:user/Bob", {"AWS:UserName": "Bob"}
    )
    assert not ie.resource_matches("arn:aws:iam::1:user/${aws:username}", "arn:aws:iam::1:user/Bob")
    assert ie.resource_matches("arn:aws:iam::1:user/${aws:username}", "arn:aws:iam::1:user/${aws:username}")
    assert ie.resource_matches("arn:aws:s3:::b/[x]", "arn:aws:s3:::b/[x]")  # brackets are plain characters
    assert ie.account_of(ROLE) == "111122223333" and ie.account_of("rds.amazonaws.com") is None


def test_readme_lists_exactly_the_evaluated_operators():
    readme = (REPO_ROOT / "scripts" / "README.md").read_text()
    listed = re.search(
        r"Evaluated operators \(with `\.\.\.IfExists` and the\s+set operators\): (.*?)\.\n", readme, re.S
    )
    names = re.sub(r"\([^)]*\)", "", listed.group(1)).replace(",", " ").split()
    assert sorted(names) == sorted([*OPERATORS, "Null"])


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("doc", "kind", "message"),
    [
        ("{not json", ie.IDENTITY, "p: not valid JSON"),
        ([], ie.IDENTITY, "p: a policy document is a JSON object"),
        ({"Version": "2019-01-01", "Statement": []}, ie.IDENTITY, "Version '2019-01-01' is not one of"),
        ({"Version": "2012-10-17"}, ie.IDENTITY, "p: no Statement element"),
        ({"Statement": ["x"]}, ie.IDENTITY, "p Statement[0]: a statement is a JSON object"),
        (
            {"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]},
            ie.IDENTITY,
            "Effect must be Allow or Deny (case-sensitive), not 'allow'",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Resource": "*"}]},
            ie.IDENTITY,
            "p Statement[0]: needs Action or NotAction",
        ),
        ({"Statement": [{"Effect": "Allow", "Action": "*"}]}, ie.IDENTITY, "needs Resource or NotResource"),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}]},
            ie.IDENTITY,
            "has both Action and NotAction",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"}]},
            ie.IDENTITY,
            "Action must be a string or a non-empty list",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Principal": "*"}]},
            ie.IDENTITY,
            "Principal belongs in resource policies, not in identity policies",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
            ie.KMS_KEY,
            "needs Principal or NotPrincipal",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Principal": "x"}]},
            ie.RESOURCE,
            'Principal must be "*" or an object',
        ),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": []}]},
            ie.IDENTITY,
            "Condition must be an object",
        ),
        (
            {
                "Statement": [
                    {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"k": {"a": 1}}}}
                ]
            },
            ie.IDENTITY,
            "Bool k: condition values are strings",
        ),
    ],
)
def test_bad_policies_are_named_in_one_line(doc, kind, message):
    with pytest.raises(ie.PolicyError) as err:
        ie.parse_policy(doc, "p", kind)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_url_encoded_document_as_iam_returns_it():
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    text = urllib.parse.quote(json.dumps(document))
    assert text.startswith("%7B")
    assert ie.evaluate(ie.Request("kms:Decrypt", KEY), [ie.parse_policy(text, "p")]).allowed


def test_policies_in_the_wrong_place_and_missing_principal_are_refused():
    identity = connect_policy(CONNECT)
    with pytest.raises(ValueError, match="is a identity policy, given where a boundary policy goes"):
        ie.evaluate(ie.Request("rds-db:connect", CONNECT), [], boundary=identity)
    with pytest.raises(ValueError, match="a resource policy needs the principal"):
        ie.evaluate(ie.Request("kms:Decrypt", KEY), [], resource_policy=key_policy(ROLE))
    with pytest.raises(ValueError, match="policy kind 'scp'"):
        ie.parse_policy({"Statement": []}, "p", "scp")


def test_the_0_4_0_module_name_gives_the_same_names():
    from rds_proxy_tools import iam_eval

    assert iam_eval.__all__ == ie.__all__
    assert all(getattr(iam_eval, name) is getattr(ie, name) for name in ie.__all__)
