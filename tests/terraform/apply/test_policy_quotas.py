"""IAM's quotas on the roles the module grants to, at the size a platform team reaches with one proxy in front of a
shared database (issue 22): 200 existing secrets (RDS Proxy's limit) under 4 customer keys, 200 database users
granted to the module's function and to a function deployed elsewhere (connected_functions).

One apply on the emulator; then every role's policies are read back from IAM and held to the quotas (IAM User
Guide, "IAM and AWS STS quotas": 10,240 characters of inline policies per role, 6,144 per managed policy, 10
managed policies attached per role by default), counted as IAM counts them, whitespace left out. The grants
stay exact: every secret, key and dbuser ARN is granted, and nothing else (no wildcard). The union of each role's
policies equals the template rds-proxy-policies renders: the module alone decides how a grant is split.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from typing import Any

from harness import emulator as emu
from harness.emulator import seed
from harness.terraform import tfrun
from rds_proxy_tools import policy_inputs as pi
from rds_proxy_tools import render_policies as rp

SECRETS = 200
KEYS = 4
INLINE_MAX, MANAGED_MAX, ATTACHED_MAX = 10240, 6144, 10


def size(document: dict[str, Any]) -> int:
    """Characters IAM counts: the policy's JSON without whitespace (the ARNs hold none)."""
    return len(re.sub(r"\s", "", json.dumps(document)))


def role_policies(iam, role: str) -> tuple[list[dict], list[dict], list[str]]:
    """(inline documents, customer managed documents, every attached policy ARN) of a role, read from IAM."""
    inline = [
        iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        for name in iam.list_role_policies(RoleName=role)["PolicyNames"]
    ]
    attached = [p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]]
    managed = []
    for arn in attached:
        if ":iam::aws:policy/" in arn:
            continue
        version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
        managed.append(iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"])
    return inline, managed, attached


def union(documents: list[dict]) -> dict[tuple[str, str, str], set[str]]:
    """{(Sid, Action, Condition): every resource it grants} over a role's policies."""
    granted: dict[tuple[str, str, str], set[str]] = {}
    for document in documents:
        for statement in document["Statement"]:
            key = (statement["Sid"], statement["Action"], json.dumps(statement.get("Condition"), sort_keys=True))
            resources = statement["Resource"]
            granted.setdefault(key, set()).update([resources] if isinstance(resources, str) else resources)
    return granted


def rendered(inputs: pi.PolicyInputs) -> dict[str, list[dict]]:
    """The templates rendered by rds-proxy-policies for the fixture, 50 ARNs at a time: the tool renders one
    policy, within the inline quota; how the module splits a grant is the module's alone."""
    parts: dict[str, list[dict]] = {"proxy-secrets": [], "rds-connect": []}
    for start in range(0, SECRETS, 50):
        part = replace(
            inputs,
            db_users=inputs.db_users[start : start + 50],
            secret_arns=inputs.secret_arns[start : start + 50],
            kms_key_arns=inputs.kms_key_arns[start // 50 : start // 50 + 1],
        )
        for name, policy in rp.render_all(list(parts), part).items():
            parts[name].append(policy)
    return parts


def assert_within_quotas(role: str, inline: list[dict], managed: list[dict], attached: list[str]) -> None:
    assert sum(size(d) for d in inline) <= INLINE_MAX, f"{role}: inline policies {[size(d) for d in inline]}"
    assert all(size(d) <= MANAGED_MAX for d in managed), f"{role}: managed policies {[size(d) for d in managed]}"
    assert len(attached) <= ATTACHED_MAX, f"{role}: {len(attached)} managed policies attached"
    for document in inline + managed:
        for statement in document["Statement"]:
            resources = statement["Resource"]
            assert "*" not in json.dumps(resources), f"{role}: wildcard in {statement['Sid']}"


def test_roles_stay_within_iam_quotas_at_200_secrets_and_users(aws_env, lambda_zip, tmp_path):
    iam = emu.client(aws_env, "iam")
    tf_vars = seed.seed_shared_database(aws_env, "quota", SECRETS, KEYS)
    secrets = [entry["secret_arn"] for entry in tf_vars["existing_secrets"].values()]
    keys = list(dict.fromkeys(entry["kms_key_arn"] for entry in tf_vars["existing_secrets"].values()))
    elsewhere_role = tf_vars["connected_functions"]["elsewhere"]["role"]
    repo = tfrun.copy_repo(tmp_path / "repo")
    workspace = tfrun.root_call(repo, "fixture", {**tf_vars, "lambda_zip_path": str(lambda_zip)}, aws_env)
    started = time.monotonic()
    workspace.apply()
    print(f"apply at 200 secrets and users: {time.monotonic() - started:.0f} s")
    outputs = workspace.outputs()["fixture"]

    inputs = pi.PolicyInputs(
        region=emu.REGION,
        account_id=emu.ACCOUNT_ID,
        proxy_resource_id=outputs["proxy_resource_id"],
        db_users=tuple(tf_vars["connect_db_users"]),
        secret_arns=tuple(secrets),
        kms_key_arns=tuple(keys),
    )
    expected = {name: union(documents) for name, documents in rendered(inputs).items()}
    roles = {
        "proxy": (outputs["proxy_role_arn"], "proxy-secrets"),
        "function": (outputs["lambda_role_arn"], "rds-connect"),
        "elsewhere": (elsewhere_role, "rds-connect"),
    }
    for label, (role_arn, template) in roles.items():
        role = role_arn.rsplit("/", 1)[1]
        inline, managed, attached = role_policies(iam, role)
        sids = {sid for sid, _, _ in expected[template]}
        grants = [d for d in inline + managed if {s["Sid"] for s in d["Statement"]} <= sids]
        sizes = f"inline {[size(d) for d in inline]}, managed {[size(d) for d in managed]}"
        print(f"{label}: {sizes}, {len(attached)} attached")
        assert_within_quotas(label, inline, managed, attached)
        assert union(grants) == expected[template], f"{label}: the grant is not exact"
    assert sorted(len(arns) for arns in expected["proxy-secrets"].values()) == [KEYS, SECRETS]

    # A grant outgrowing its inline policy shrinks it only once the managed policies are attached: Terraform
    # orders an update after what it depends on, so there is no moment with less granted.
    resources = {r["address"]: r for r in tfrun.walk_resources(workspace.state()["values"]["root_module"])}
    grants_by_part = {
        "proxy_role": ("secrets[0]", "secrets"),
        "lambda": ("rds_connect[0]", "rds_connect"),
        'function_access["elsewhere"]': ("rds_connect", "rds_connect"),
    }
    for part, (inline, attachments) in grants_by_part.items():
        prefix = f"module.fixture.module.{part}"
        depends_on = resources[f"{prefix}.aws_iam_role_policy.{inline}"].get("depends_on", [])
        attachment = re.sub(r"\[[^]]*\]", "", f"{prefix}.aws_iam_role_policy_attachment.{attachments}")
        assert attachment in depends_on, part  # the state names what an instance depends on by its resource
