"""The IAM policy language as data: policy documents parsed into statements, and the request they judge.

Used by the evaluator (the decisions) and match (the matching rules). Stdlib only.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rds_proxy_tools.errors import ToolError

IDENTITY = "identity"  # inline and attached managed policies of a user or role
BOUNDARY = "boundary"  # the permissions boundary of that user or role
RESOURCE = "resource"  # a resource policy under the same-account rule (e.g. a secret's): identity OR resource
KMS_KEY = "kms_key"  # a KMS key policy: it must allow the principal, or the account and then IAM must allow
TRUST = "trust"  # a role trust policy: same rule as a key policy
RESOURCE_KINDS = (RESOURCE, KMS_KEY, TRUST)
KINDS = (IDENTITY, BOUNDARY, *RESOURCE_KINDS)
VERSIONS = ("2012-10-17", "2008-10-17")


class PolicyError(ToolError, ValueError):
    """A document that is not valid policy language; the message names the policy and the statement."""


@dataclass(frozen=True)
class StatementRef:
    """Where a statement is: the policy's name as the caller gave it, its index in Statement, its Sid."""

    policy: str
    index: int
    sid: str | None
    effect: str

    def __str__(self) -> str:
        sid = f' (Sid "{self.sid}")' if self.sid else ""
        return f"{self.policy} Statement[{self.index}]{sid}"


@dataclass(frozen=True)
class Condition:
    operator: str
    key: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    ref: StatementRef
    actions: tuple[str, ...]
    not_action: bool
    resources: tuple[str, ...] | None  # None: no Resource element (trust policies)
    not_resource: bool
    principals: Mapping[str, tuple[str, ...]] | None  # {"AWS": (...), "Service": (...)}; "*" as {"*": ("*",)}
    not_principal: bool
    conditions: tuple[Condition, ...]
    condition_block: Mapping[str, Any]  # as written, for display


@dataclass(frozen=True)
class Policy:
    name: str
    kind: str
    version: str | None
    statements: tuple[Statement, ...]

    @property
    def variables(self) -> bool:
        """Policy variables exist only in version 2012-10-17; otherwise `${...}` is literal text."""
        return self.version == "2012-10-17"


@dataclass(frozen=True)
class Request:
    """One request: an action on a resource ARN, with the request context's condition keys.

    Context values are str, bool, int, float or a list of those (a multivalued key); key names are
    case-insensitive, as in IAM."""

    action: str
    resource: str
    context: Mapping[str, Any] = field(default_factory=dict)


# ------------------------------------------------------------------ parsing


def parse_policy(document: Mapping[str, Any] | str, name: str, kind: str = IDENTITY) -> Policy:
    """A policy document (dict, JSON text, or URL-encoded JSON as IAM's API returns it) as a Policy."""
    if kind not in KINDS:
        raise ValueError(f"policy kind {kind!r} is not one of {', '.join(KINDS)}")
    if isinstance(document, str):
        text = urllib.parse.unquote(document) if document.lstrip().startswith("%7B") else document
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PolicyError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(document, Mapping):
        raise PolicyError(f"{name}: a policy document is a JSON object")
    version = document.get("Version")
    if version is not None and version not in VERSIONS:
        raise PolicyError(f"{name}: Version {version!r} is not one of {', '.join(VERSIONS)}")
    raw = document.get("Statement")
    if raw is None:
        raise PolicyError(f"{name}: no Statement element")
    raw_statements = raw if isinstance(raw, list) else [raw]
    statements = tuple(_parse_statement(item, name, index, kind) for index, item in enumerate(raw_statements))
    return Policy(name, kind, version, statements)


def _parse_statement(item: Any, name: str, index: int, kind: str) -> Statement:
    label = f"{name} Statement[{index}]"
    if not isinstance(item, Mapping):
        raise PolicyError(f"{label}: a statement is a JSON object")
    effect = item.get("Effect")
    if effect not in ("Allow", "Deny"):
        raise PolicyError(f"{label}: Effect must be Allow or Deny (case-sensitive), not {effect!r}")
    sid = item.get("Sid")
    ref = StatementRef(name, index, str(sid) if sid is not None else None, effect)
    actions, not_action = _one_of(item, "Action", "NotAction", label, required=True)
    resources, not_resource = _one_of(item, "Resource", "NotResource", label, required=kind != TRUST)
    has_principal = "Principal" in item or "NotPrincipal" in item
    if kind in (IDENTITY, BOUNDARY) and has_principal:
        raise PolicyError(f"{label}: Principal belongs in resource policies, not in {kind} policies")
    principals, not_principal = None, False
    if kind in RESOURCE_KINDS:
        if "Principal" in item and "NotPrincipal" in item:
            raise PolicyError(f"{label}: has both Principal and NotPrincipal")
        if not has_principal:
            raise PolicyError(f"{label}: a resource policy statement needs Principal or NotPrincipal")
        not_principal = "NotPrincipal" in item
        principals = _parse_principals(item["NotPrincipal" if not_principal else "Principal"], label)
    block = item.get("Condition", {})
    return Statement(
        ref,
        actions,
        not_action,
        resources,
        not_resource,
        principals,
        not_principal,
        _parse_conditions(block, label),
        block,
    )


def _strings(value: Any, label: str, element: str) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) for v in values):
        raise PolicyError(f"{label}: {element} must be a string or a non-empty list of strings")
    return tuple(values)


def _one_of(item: Mapping, positive: str, negative: str, label: str, required: bool) -> tuple[Any, bool]:
    if positive in item and negative in item:
        raise PolicyError(f"{label}: has both {positive} and {negative}")
    if negative in item:
        return _strings(item[negative], label, negative), True
    if positive in item:
        return _strings(item[positive], label, positive), False
    if required:
        raise PolicyError(f"{label}: needs {positive} or {negative}")
    return None, False


def _parse_principals(value: Any, label: str) -> Mapping[str, tuple[str, ...]]:
    if value == "*":
        return {"*": ("*",)}
    if not isinstance(value, Mapping) or not value:
        raise PolicyError(f'{label}: Principal must be "*" or an object such as {{"AWS": ...}}')
    return {kind: _strings(v, label, f"Principal.{kind}") for kind, v in value.items()}


def _parse_conditions(block: Any, label: str) -> tuple[Condition, ...]:
    if not isinstance(block, Mapping):
        raise PolicyError(f"{label}: Condition must be an object")
    conditions = []
    for operator, keys in block.items():
        if not isinstance(keys, Mapping):
            raise PolicyError(f"{label}: Condition {operator} must map condition keys to values")
        for key, value in keys.items():
            values = value if isinstance(value, list) else [value]
            if not all(isinstance(v, (str, int, float)) for v in values):
                raise PolicyError(f"{label}: {operator} {key}: condition values are strings, numbers or booleans")
            conditions.append(Condition(operator, key, tuple(value_text(v) for v in values)))
    return tuple(conditions)


def value_text(value: Any) -> str:
    """A condition or context value as IAM compares it: JSON true/false as "true"/"false"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
