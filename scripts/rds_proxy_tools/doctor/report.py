"""The findings for people (one line per check, the fix under each failure and warning) and for CI (JSON); of one
proxy, or of every proxy of a region (a report per proxy and a summary line; a JSON list of {proxy, findings})."""

from __future__ import annotations

import json
from collections import Counter

from rds_proxy_tools.doctor.findings import FAIL, OK, WARN, Finding
from rds_proxy_tools.doctor.model import Stack


def short(resource: str) -> str:
    """The resource part of an ARN (function:app, db-proxy:prx-..., role/name); ids as they are."""
    parts = resource.split(":", 5)
    return parts[5] if resource.startswith("arn:") and len(parts) == 6 else resource


def summary(findings: list[Finding]) -> str:
    counts = Counter(f.status for f in findings)
    failed, warnings = counts[FAIL], counts[WARN]
    return f"{failed} failed, {warnings} warning{'s' if warnings != 1 else ''}, {counts[OK]} ok" + (
        "" if failed else ": the path Lambda -> proxy -> database should work"
    )


def header(stack: Stack) -> str:
    targets = ", ".join(f"{d.engine or '?'} {d.kind} {d.identifier}" for d in stack.databases) or "no target"
    functions = len(stack.functions)
    return (
        f"rds-proxy-doctor: proxy {stack.name} ({stack.proxy.resource_id}, {stack.engine_family}) in {stack.region}: "
        f"{targets}; {len(stack.secrets)} secret{'s' if len(stack.secrets) != 1 else ''}; "
        f"{functions} function{'s' if functions != 1 else ''}"
    )


def text(stack: Stack, findings: list[Finding]) -> str:
    width = max((len(f.check) for f in findings), default=0)
    lines = [header(stack)]
    for finding in findings:
        lines.append(f"{finding.status:<4}  {finding.check:<{width}}  {short(finding.resource)}: {finding.message}")
        if finding.status != OK and finding.fix:
            lines.append(f"{'':<4}  {'':<{width}}  fix: {finding.fix}")
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def as_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_json() for f in findings], indent=2) + "\n"


def failed(findings: list[Finding]) -> bool:
    return any(f.status == FAIL for f in findings)


def proxies_text(reports: list[tuple[Stack, list[Finding]]]) -> str:
    """Each proxy's report, a blank line after each, then "rds-proxy-doctor: N proxies in REGION: X failing (names)"."""
    failing = [stack.name for stack, findings in reports if failed(findings)]
    count = len(reports)
    region = reports[0][0].region
    return "".join(text(stack, findings) + "\n" for stack, findings in reports) + (
        f"rds-proxy-doctor: {count} prox{'ies' if count != 1 else 'y'} in {region}: {len(failing)} failing"
        + (f" ({', '.join(failing)})" if failing else "")
        + "\n"
    )


def proxies_json(reports: list[tuple[Stack, list[Finding]]]) -> str:
    """A list of {"proxy": name, "findings": what as_json() gives of that proxy}."""
    return (
        json.dumps([{"proxy": s.name, "findings": [f.as_json() for f in found]} for s, found in reports], indent=2)
        + "\n"
    )
