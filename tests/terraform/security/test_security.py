"""checkov finds nothing unresolved: every finding is fixed or skipped inline with a reason."""

from __future__ import annotations

import json
import subprocess
import sys

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


def known_only_after_apply(reports: list[dict], plan: dict) -> list[dict]:
    """The reports without the plan findings on attributes the plan holds as unknown (an ARN of a key created in
    the same apply): a plan cannot judge those, and the scan of the .tf sources above judges them instead."""
    unknown = {c["address"]: c["change"].get("after_unknown") or {} for c in plan.get("resource_changes", [])}

    def undecidable(check: dict) -> bool:
        keys = check.get("check_result", {}).get("evaluated_keys") or []
        after_unknown = unknown.get(check["resource"], {})
        return bool(keys) and all(after_unknown.get(key.split("/")[0]) is True for key in keys)

    return [
        {
            **r,
            "results": {
                **r["results"],
                "failed_checks": [c for c in r["results"]["failed_checks"] if not undecidable(c)],
            },
        }
        for r in reports
    ]


def assert_clean(reports: list[dict]) -> None:
    failed, skipped, passed = findings(reports)
    assert failed == []
    assert passed > 20
    for check in skipped:
        assert len(check.get("check_result", {}).get("suppress_comment", "")) > 20, check["check_id"]


# The root module's plans, with and without the function: checkov reads policies built with jsonencode there.
PLANS = {"full": {}, "no-lambda": {"create_lambda": False, "lambda_zip_path": None}}


def test_terraform_sources_have_no_unresolved_findings(repo_copy):
    assert_clean(run_checkov("--directory", str(repo_copy), "--framework", "terraform"))


def test_plans_have_no_unresolved_findings(plan_root, repo_copy, tmp_path):
    """Both plans in one checkov run (each start costs seconds). Its inline skips reach plan findings only
    without --directory, so the sources have a run of their own."""
    plans, arguments = {}, []
    for name, overrides in PLANS.items():
        plan_file = tmp_path / f"plan-{name}.json"
        plans[plan_file.name] = plan_root(**overrides).raw
        plan_file.write_text(json.dumps(plans[plan_file.name]))
        arguments += ["--file", str(plan_file)]
    reports = run_checkov(
        *arguments, "--framework", "terraform_plan", "--repo-root-for-plan-enrichment", str(repo_copy)
    )
    for file_name, plan in plans.items():
        of_plan = [
            {
                **r,
                "results": {
                    kind: [c for c in r["results"][kind] if c["file_path"].endswith(file_name)]
                    for kind in ("failed_checks", "skipped_checks", "passed_checks")
                },
            }
            for r in reports
        ]
        assert_clean(known_only_after_apply(of_plan, plan))
        checked = {c["resource"] for r in of_plan for c in r["results"]["passed_checks"]}
        assert any("aws_iam_role_policy" in res for res in checked), (
            f"{file_name}: policies built with jsonencode are checked in the plan"
        )


def test_only_findings_on_attributes_unknown_in_the_plan_are_left_to_the_source_scan():
    def failed(resource: str, keys: list[str]) -> dict:
        return {"check_id": "CKV_X", "resource": resource, "file_path": "f", "check_result": {"evaluated_keys": keys}}

    plan = {
        "resource_changes": [
            {"address": "a.unknown_key", "change": {"after_unknown": {"kms_key_id": True}}},
            {"address": "a.known_key", "change": {"after_unknown": {"kms_key_id": False}}},
        ]
    }
    checks = [
        failed("a.unknown_key", ["kms_key_id"]),
        failed("a.known_key", ["kms_key_id"]),
        failed("a.unknown_key", ["kms_key_id", "name"]),
        failed("a.unknown_key", []),
        failed("a.elsewhere", ["kms_key_id"]),
    ]
    reports = [{"results": {"failed_checks": checks, "skipped_checks": [], "passed_checks": []}}]
    (kept,) = known_only_after_apply(reports, plan)
    assert kept["results"]["failed_checks"] == checks[1:]
