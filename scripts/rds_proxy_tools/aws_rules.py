"""What AWS accepts, as the Terraform module checks it at plan: the module's modules/aws_rules.json, which the
distribution ships as rds_proxy_tools.rules (pyproject.toml), so that the tools and the module accept the same ARNs
and names; and how IAM counts a policy against its quotas (`iam_quotas`)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any


def _rules_text() -> str:
    try:
        return resources.files("rds_proxy_tools.rules").joinpath("aws_rules.json").read_text()
    except ModuleNotFoundError:  # an editable install maps no package onto modules/: the checkout's own file
        return (Path(__file__).resolve().parents[2] / "modules" / "aws_rules.json").read_text()


RULES = json.loads(_rules_text())


def policy_size(document: dict[str, Any] | str) -> int:
    """A policy's size as IAM counts it against `iam_quotas`: its characters other than white space (IAM User Guide,
    "IAM and AWS STS quotas")."""
    text = document if isinstance(document, str) else json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    return sum(1 for character in text if not character.isspace())
