"""IAM's matching rules: actions, resource ARNs (with policy variables) and condition operators.

Every rule cites the AWS page it comes from; scripts/README.md ("The IAM evaluator") lists them.
What is outside scope raises NotEvaluated, naming it. Stdlib only.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from rds_proxy_tools.arns import ARN_PARTS
from rds_proxy_tools.errors import ToolError
from rds_proxy_tools.iam.policy import Condition, value_text

# ------------------------------------------------------------------ patterns

STAR, QMARK = object(), object()  # wildcard tokens; everything else in a token list is literal text
_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_SPECIAL = {"*": "*", "?": "?", "$": "$"}  # ${*} ${?} ${$}: the literal characters


def _tokens(pattern: str, context: Mapping[str, Any] | None) -> list | None:
    """The pattern as literal strings and STAR/QMARK tokens, with policy variables substituted from the
    (lower-cased) context when context is given. None when a variable has no value: "the resource that
    includes a policy variable with no value will not match any resource" (IAM policy variables page)."""
    tokens: list = []
    pos = 0
    matches = _VARIABLE.finditer(pattern) if context is not None else ()
    for match in matches:
        tokens.extend(_wildcards(pattern[pos : match.start()]))
        value = _variable(match.group(1), context)
        if value is None:
            return None
        tokens.append(value)
        pos = match.end()
    tokens.extend(_wildcards(pattern[pos:]))
    return tokens


def _wildcards(text: str) -> list:
    return [STAR if ch == "*" else QMARK if ch == "?" else ch for ch in text]


def _variable(inner: str, context: Mapping[str, Any]) -> str | None:
    inner = inner.strip()
    if inner in _SPECIAL:
        return _SPECIAL[inner]
    key, _, default = inner.partition(",")
    value = context.get(key.strip().lower())
    if isinstance(value, list):  # "You can't use a multivalued condition key as a variable"
        value = value[0] if len(value) == 1 else None
    if value is None or value == "":
        default = default.strip()
        return default[1:-1] if len(default) >= 2 and default[0] == default[-1] == "'" else None
    return value_text(value)


def _regex(tokens: list, mode: str, ignore_case: bool = False) -> re.Pattern:
    """Compile tokens. mode "glob": * any run, ? one character (actions, StringLike). mode "resource":
    the Resource element's rule, * and ? stay within a colon-separated segment, except a * that is the
    last character of a segment, which "can expand to match beyond the colon boundaries" (IAM Resource
    element page). mode "arn": ArnLike's rule, "each of the six colon-delimited components of the ARN is
    checked separately" (condition operators page): * and ? never cross the first five colons."""
    out, colons = [], 0
    for i, tok in enumerate(tokens):
        if tok is STAR:
            if mode == "glob" or (mode == "arn" and colons >= 5):
                out.append(".*")
            elif mode == "resource":
                segment_end = i + 1 == len(tokens) or tokens[i + 1] == ":"
                out.append(".*" if segment_end else "[^:]*")
            else:
                out.append("[^:]*")
        elif tok is QMARK:
            out.append("." if mode == "glob" or (mode == "arn" and colons >= 5) else "[^:]")
        else:
            colons += tok.count(":")
            out.append(re.escape(tok))
    return re.compile("".join(out), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


@lru_cache(maxsize=2048)
def _plain(pattern: str, mode: str, ignore_case: bool) -> re.Pattern:
    """A pattern without variables, compiled once."""
    return _regex(_tokens(pattern, None), mode, ignore_case)


def pattern_matches(pattern: str, value: str, mode: str, context: Mapping | None, ignore_case: bool = False) -> bool:
    """context: the lower-cased request context to substitute variables from; None keeps `${` literal."""
    if context is None or "${" not in pattern:
        return _plain(pattern, mode, ignore_case).fullmatch(value) is not None
    tokens = _tokens(pattern, context)
    return tokens is not None and _regex(tokens, mode, ignore_case).fullmatch(value) is not None


def action_matches(pattern: str, action: str) -> bool:
    """IAM action matching: case-insensitive, * and ? anywhere (IAM Action element page)."""
    return pattern_matches(pattern, action, "glob", None, ignore_case=True)


def resource_matches(pattern: str, arn: str, context: Mapping[str, Any] | None = None) -> bool:
    """IAM Resource matching: case-sensitive, * and ? within ARN segments, a segment-final * across
    colons. With a request context, policy variables are substituted; without, `${` is literal text."""
    lowered = {str(k).lower(): v for k, v in context.items()} if context is not None else None
    return pattern_matches(pattern, arn, "resource", lowered)


def mismatched_segments(pattern: str, arn: str) -> tuple[str, ...]:
    """Which ARN parts (partition, service, region, account, resource) a resource pattern gets wrong,
    each part compared on its own. () when the pattern matches the ARN."""
    if resource_matches(pattern, arn):
        return ()
    pattern_parts, arn_parts = pattern.split(":", 5), arn.split(":", 5)
    if len(pattern_parts) != 6 or len(arn_parts) != 6:
        return ("arn",)
    wrong = tuple(
        name
        for name, p, a in zip(ARN_PARTS, pattern_parts[1:], arn_parts[1:], strict=True)
        if not _plain(p, "glob", False).fullmatch(a)
    )
    return wrong or ("resource",)


# ------------------------------------------------------------------ conditions


class NotEvaluated(ToolError):
    """Something outside the evaluator's scope; the message says what and why."""


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise NotEvaluated(f"{text!r} is not a number") from None


def _date(text: str) -> datetime:
    """ISO 8601 (the W3C profile) or epoch seconds, as the Date operators take (condition operators page)."""
    try:
        return datetime.fromtimestamp(float(text), tz=timezone.utc)
    except (ValueError, OverflowError):
        pass
    iso = text.strip()
    iso = iso[:-1] + "+00:00" if iso.endswith(("Z", "z")) else iso
    iso = {4: iso + "-01-01", 7: iso + "-01"}.get(len(iso), iso)  # YYYY and YYYY-MM
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        raise NotEvaluated(f"{text!r} is not an ISO 8601 date or epoch time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _ip_in(address: str, network: str) -> bool:
    try:
        return ipaddress.ip_address(address) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        raise NotEvaluated(f"{address!r} or {network!r} is not an IP address or CIDR") from None


def _bool_equal(value: str, policy: str) -> bool:
    if policy.lower() not in ("true", "false"):
        raise NotEvaluated(f"Bool value {policy!r} is neither true nor false")
    return value.lower() == policy.lower()


def _string_equals(value: str, policy: str, context: Mapping | None) -> bool:
    return value == _literal(policy, context)


def _string_equals_ignore_case(value: str, policy: str, context: Mapping | None) -> bool:
    literal = _literal(policy, context)
    return literal is not None and value.lower() == literal.lower()


def _string_like(value: str, policy: str, context: Mapping | None) -> bool:
    return pattern_matches(policy, value, "glob", context)


def _ordered(parse, compare):
    return lambda value, policy, context: compare(parse(value), parse(policy))


def _operators() -> dict[str, tuple[str, bool, Any]]:
    """Base operator -> (family, negated, match(request value, policy value, variables context)).
    Families "string" and "arn" take policy variables; a negated operator is its positive's negation."""
    table: dict[str, tuple[str, bool, Any]] = {
        "StringEquals": ("string", False, _string_equals),
        "StringNotEquals": ("string", True, _string_equals),
        "StringEqualsIgnoreCase": ("string", False, _string_equals_ignore_case),
        "StringNotEqualsIgnoreCase": ("string", True, _string_equals_ignore_case),
        "StringLike": ("string", False, _string_like),
        "StringNotLike": ("string", True, _string_like),
        "ArnEquals": ("arn", False, _arn_like),  # "ArnEquals and ArnLike behave identically"
        "ArnLike": ("arn", False, _arn_like),
        "ArnNotEquals": ("arn", True, _arn_like),
        "ArnNotLike": ("arn", True, _arn_like),
        "Bool": ("bool", False, lambda value, policy, context: _bool_equal(value, policy)),
        "IpAddress": ("ip", False, lambda value, policy, context: _ip_in(value, policy)),
        "NotIpAddress": ("ip", True, lambda value, policy, context: _ip_in(value, policy)),
    }
    comparisons = {
        "Equals": lambda a, b: a == b,
        "LessThan": lambda a, b: a < b,
        "LessThanEquals": lambda a, b: a <= b,
        "GreaterThan": lambda a, b: a > b,
        "GreaterThanEquals": lambda a, b: a >= b,
    }
    for family, parse in (("Numeric", _number), ("Date", _date)):
        for suffix, compare in comparisons.items():
            table[family + suffix] = (family.lower(), False, _ordered(parse, compare))
        table[family + "NotEquals"] = (family.lower(), True, table[family + "Equals"][2])
    return table


def _arn_like(value: str, pattern: str, context: Mapping | None) -> bool:
    tokens = _tokens(pattern, context)
    if tokens is None:
        return False
    if sum(t.count(":") for t in tokens if isinstance(t, str)) < 5:
        raise NotEvaluated(f"ARN condition value {pattern!r} does not have the six parts of an ARN")
    return len(value.split(":", 5)) == 6 and _regex(tokens, "arn").fullmatch(value) is not None


OPERATORS = _operators()
SET_OPERATORS = ("ForAnyValue:", "ForAllValues:")


def _absent(value: Any) -> bool:
    return value is None or value == "" or value == []


def condition_holds(condition: Condition, context: Mapping[str, Any], variables: bool) -> bool:
    """One condition key against the (lower-cased) context, by the rules of the IAM condition operators
    page and the multivalued-keys page. Raises NotEvaluated for what is outside scope."""
    operator = condition.operator
    set_op = next((p[:-1] for p in SET_OPERATORS if operator.startswith(p)), None)
    base = operator[len(set_op) + 1 :] if set_op else operator
    value = context.get(condition.key.lower())
    if base == "Null":
        wanted = {v.lower() for v in condition.values}
        if not wanted <= {"true", "false"}:
            raise NotEvaluated(f"Null takes true or false, not {sorted(wanted)}")
        return ("true" if _absent(value) else "false") in wanted
    if_exists = base.endswith("IfExists")
    base = base[: -len("IfExists")] if if_exists else base
    if base not in OPERATORS:
        raise NotEvaluated(f'condition operator "{operator}" is not evaluated')
    family, negated, match = OPERATORS[base]
    if value is None:  # the key is not in the request context
        if if_exists or set_op == "ForAllValues":
            return True
        return False if set_op == "ForAnyValue" else negated
    request_values = [value_text(v) for v in (value if isinstance(value, list) else [value])]
    if set_op and _absent(value):  # a null data set
        return set_op == "ForAllValues"
    substitute = context if variables and family in ("string", "arn") else None

    def holds(request_value: str) -> bool:
        found = any(match(request_value, p, substitute) for p in condition.values)
        return not found if negated else found

    if set_op == "ForAllValues":
        return all(holds(v) for v in request_values)
    if set_op == "ForAnyValue":
        return any(holds(v) for v in request_values)
    found = any(match(v, p, substitute) for v in request_values for p in condition.values)
    return not found if negated else found


def _literal(policy_value: str, context: Mapping | None) -> str | None:
    """An Equals-style condition value with its variables substituted (* and ? are plain characters
    there). None: a variable without a value, which no request value equals."""
    if context is None or "${" not in policy_value:
        return policy_value
    tokens = _tokens(policy_value, context)
    if tokens is None:
        return None
    return "".join("*" if t is STAR else "?" if t is QMARK else t for t in tokens)
