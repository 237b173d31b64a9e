"""`make docs` keeps every README's inputs and outputs tables equal to the Terraform they document:
the check fails on any difference of name, type, default, description or required."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.repo import REPO_ROOT

DOCS = REPO_ROOT / "tests" / "dev" / "docs.py"


def docs(*args: str, root: Path = REPO_ROOT) -> subprocess.CompletedProcess:
    command = [sys.executable, str(DOCS), "--root", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.fixture
def copy(tmp_path) -> Path:
    """The Terraform and READMEs of the repository, in a directory of their own."""
    root = tmp_path / "repo"
    shutil.copytree(REPO_ROOT, root, ignore=shutil.ignore_patterns(".git", ".venv", ".build", ".terraform", "tests"))
    return root


def test_every_table_is_up_to_date():
    result = docs("--check")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("path", "old", "new", "changed_line"),
    [
        (
            "variables.tf",
            '"Tags for every resource"',
            '"Tags for all resources"',
            "| `tags` | Tags for all resources |",
        ),
        ("modules/target/variables.tf", "default     = 120", "default     = 90", "| `connection_borrow_timeout` |"),
        ("modules/proxy/outputs.tf", 'output "endpoint"', 'output "proxy_endpoint"', "| `proxy_endpoint` |"),
        (
            "modules/secret/variables.tf",
            "  type        = number\n\n  validation {\n    condition     = var.db_port",
            "  type        = string\n\n  validation {\n    condition     = var.db_port",
            "| `db_port` |",
        ),
    ],
    ids=["description", "default", "name", "type"],
)
def test_a_change_without_make_docs_fails_the_check(copy, path, old, new, changed_line):
    source = copy / path
    assert old in source.read_text()
    source.write_text(source.read_text().replace(old, new, 1))
    result = docs("--check", root=copy)
    assert result.returncode == 1 and "run `make docs`" in result.stderr
    added = [line for line in result.stdout.splitlines() if line.startswith("+|")]
    assert any(changed_line in line for line in added), result.stdout
    assert docs(root=copy).returncode == 0 and docs("--check", root=copy).returncode == 0


def test_a_new_required_input_is_marked_required(copy):
    with open(copy / "modules" / "layer" / "variables.tf", "a") as handle:
        handle.write(
            '\nvariable "extra" {\n  description = "Something"\n'
            "  type = list(object({\n    a = string\n    b = optional(number, 3)\n  }))\n}\n"
        )
    assert docs(root=copy).returncode == 0
    readme = (copy / "modules" / "layer" / "README.md").read_text()
    assert "| `extra` | Something | `list(object({a = string, b = optional(number, 3)}))` | n/a | yes |" in readme


def test_a_readme_without_markers_is_an_error(copy):
    readme = copy / "modules" / "target" / "README.md"
    readme.write_text("# target\n")
    result = docs("--check", root=copy)
    assert result.returncode == 2 and "modules/target/README.md" in result.stderr and "BEGIN_TF_DOCS" in result.stderr


def test_the_doctors_tables_are_the_doctors_code(copy):
    """scripts/README.md's check ids and IAM actions come from rds_proxy_tools.doctor: an edited row, a dropped one, or
    lost markers fail the check."""
    from rds_proxy_tools.doctor.findings import CHECKS

    readme = copy / "scripts" / "README.md"
    text = readme.read_text()
    row = f"| `proxy.tls` | {CHECKS['proxy.tls']} |"
    assert row in text and "| `iam:GetRolePolicy` | always |" in text
    readme.write_text(text.replace(row, "| `proxy.tls` | TLS. |").replace("| `iam:GetRolePolicy` | always |\n", ""))
    result = docs("--check", root=copy)
    assert result.returncode == 1 and "run `make docs`" in result.stderr
    assert {"+" + row, "+| `iam:GetRolePolicy` | always |"} <= set(result.stdout.splitlines())
    assert docs(root=copy).returncode == 0 and readme.read_text() == text
    readme.write_text(text.replace("<!-- END_DOCTOR_CHECKS -->\n", ""))
    result = docs("--check", root=copy)
    assert result.returncode == 2 and "END_DOCTOR_CHECKS" in result.stderr
