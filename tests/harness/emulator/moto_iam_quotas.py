"""IAM's size and attachment quotas, which moto 5.2.5 does not enforce, enforced by the emulator too, so that an
apply test cannot pass with policies AWS would refuse.

The quotas are the IAM User Guide's ("IAM and AWS STS quotas", IAM object quotas and character limits): "Role policy
size cannot exceed 10,240 characters" (the inline policies of a role together), "Managed policy size cannot exceed
6,144 characters", "Role trust policy length: 2,048 characters", "Managed policies attached to an IAM role: 10"
(the default; it can be raised to 20), and "IAM does not count white space when calculating the size of a policy".
Each call refuses with LimitExceeded, the error the IAM API reference lists for PutRolePolicy, CreatePolicy,
CreatePolicyVersion, AttachRolePolicy, CreateRole and UpdateAssumeRolePolicy ("The request was rejected because it
attempted to create resources beyond the current Amazon Web Services account limits. The error message describes the
limit exceeded."; HTTP 409 in botocore's model), with the messages IAM gives. The numbers are written here, not read
from modules/aws_rules.json, so that the emulator is a second opinion on the module's rules.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from moto.iam.exceptions import LimitExceededException
from moto.iam.models import IAMBackend

ROLE_POLICIES_SIZE = 10240
MANAGED_POLICY_SIZE = 6144
TRUST_POLICY_SIZE = 2048
POLICIES_PER_ROLE = 10


def policy_size(document: str) -> int:
    """A policy's size as IAM counts it: its characters other than white space."""
    return sum(1 for character in document if not character.isspace())


def check_managed_policy(document: str) -> None:
    if policy_size(document) > MANAGED_POLICY_SIZE:
        raise LimitExceededException(f"Cannot exceed quota for PolicySize: {MANAGED_POLICY_SIZE}")


def check_trust_policy(document: str) -> None:
    if policy_size(document) > TRUST_POLICY_SIZE:
        raise LimitExceededException(f"Cannot exceed quota for ACLSizePerRole: {TRUST_POLICY_SIZE}")


def _put_role_policy(backend: IAMBackend, role_name: str, policy_name: str, policy_json: str) -> None:
    role = backend.get_role(role_name)
    others = sum(policy_size(document) for name, document in role.policies.items() if name != policy_name)
    if others + policy_size(policy_json) > ROLE_POLICIES_SIZE:
        raise LimitExceededException(f"Maximum policy size of {ROLE_POLICIES_SIZE} bytes exceeded for role {role_name}")


def _create_policy(backend: IAMBackend, description: str, path: str, policy_document: str, *_: Any, **__: Any) -> None:
    check_managed_policy(policy_document)


def _create_policy_version(backend: IAMBackend, policy_arn: str, policy_document: str, *_: Any, **__: Any) -> None:
    check_managed_policy(policy_document)


def _attach_role_policy(backend: IAMBackend, policy_arn: str, role_name: str) -> None:
    role = backend.get_role(role_name)
    if policy_arn not in role.managed_policies and len(role.managed_policies) >= POLICIES_PER_ROLE:
        raise LimitExceededException(f"Cannot exceed quota for PoliciesPerRole: {POLICIES_PER_ROLE}")


def _create_role(backend: IAMBackend, role_name: str, assume_role_policy_document: str, *_: Any, **__: Any) -> None:
    check_trust_policy(assume_role_policy_document)


def _update_assume_role_policy(backend: IAMBackend, role_name: str, policy_document: str) -> None:
    check_trust_policy(policy_document)


def checked(original: Callable, check: Callable[..., None]) -> Callable:
    @functools.wraps(original)
    def method(self: IAMBackend, *args: Any, **kwargs: Any) -> Any:
        check(self, *args, **kwargs)
        return original(self, *args, **kwargs)

    return method


CHECKS = {
    "put_role_policy": _put_role_policy,
    "create_policy": _create_policy,
    "create_policy_version": _create_policy_version,
    "attach_role_policy": _attach_role_policy,
    "create_role": _create_role,
    "update_assume_role_policy": _update_assume_role_policy,
}


def install() -> None:
    """Put the quota checks in front of moto's IAM operations (once; idempotent)."""
    if getattr(IAMBackend, "_harness_iam_quotas", False):
        return
    for name, check in CHECKS.items():
        setattr(IAMBackend, name, checked(getattr(IAMBackend, name), check))
    IAMBackend._harness_iam_quotas = True  # type: ignore[attr-defined]
