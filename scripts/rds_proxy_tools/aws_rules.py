"""What AWS accepts, as the Terraform module checks it at plan: the module's modules/aws_rules.json, which the
distribution ships as rds_proxy_tools.rules (pyproject.toml), so that the tools and the module accept the same ARNs
and names."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path


def _rules_text() -> str:
    try:
        return resources.files("rds_proxy_tools.rules").joinpath("aws_rules.json").read_text()
    except ModuleNotFoundError:  # an editable install maps no package onto modules/: the checkout's own file
        return (Path(__file__).resolve().parents[2] / "modules" / "aws_rules.json").read_text()


RULES = json.loads(_rules_text())
