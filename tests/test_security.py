"""checkov finds nothing unresolved: every finding is fixed or skipped inline with a reason."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.security

CHECKOV = [sys.executable, "-m", "checkov.main", "--compact", "--output", "json", "--skip-download"]


def run_checkov(*args: str) -> list[dict]:
    result = subprocess.run([*CHECKOV, *args], capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    reports = json.loads(result.stdout)
    return reports if isinstance(reports, list) else [reports]


def findings(reports: list[dict]) -> tuple[list[str], list[dict], int]:
    failed = [
        f"{c['check_id']} {c['resource']} ({c['file_path']})" for r in reports for c in r["results"]["failed_checks"]
    ]
    skipped = [c for r in reports for c in r["results"]["skipped_checks"]]
    passed = sum(len(r["results"]["passed_checks"]) for r in reports)
    return failed, skipped, passed


def assert_clean(reports: list[dict]) -> None:
    failed, skipped, passed = findings(reports)
    assert failed == []
    assert passed > 20
    for check in skipped:
        assert len(check.get("check_result", {}).get("suppress_comment", "")) > 20, check["check_id"]


def test_terraform_sources_have_no_unresolved_findings(repo_copy):
    assert_clean(run_checkov("--directory", str(repo_copy), "--framework", "terraform"))


@pytest.mark.parametrize(
    "overrides", [{}, {"create_lambda": False, "lambda_zip_path": None}], ids=["full", "no-lambda"]
)
def test_plan_has_no_unresolved_findings(plan_root, repo_copy, tmp_path, overrides):
    plan = plan_root(**overrides)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan.raw))
    reports = run_checkov(
        "--file", str(plan_file), "--framework", "terraform_plan", "--repo-root-for-plan-enrichment", str(repo_copy)
    )
    assert_clean(reports)
    checked = {c["resource"] for r in reports for c in r["results"]["passed_checks"]}
    assert any("aws_iam_role_policy" in res for res in checked), (
        "policies built with jsonencode are checked in the plan"
    )
