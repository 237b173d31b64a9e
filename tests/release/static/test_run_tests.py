"""`make test` fails when pytest runs no test (exit code 5) instead of passing silently."""

import subprocess
import sys

from harness.repo import REPO_ROOT

RUN_TESTS = REPO_ROOT / "tests" / "dev" / "run_tests.py"


def run_tests(*args: str) -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        str(RUN_TESTS),
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/terraform/static/test_tfenv.py",
        *args,
    ]
    return subprocess.run(
        command,
        cwd=REPO_ROOT,
        env={"TEST_WORKERS": "0", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_no_tests_ran_is_a_failure():
    result = run_tests("-k", "no_such_test_name")
    assert result.returncode == 1
    assert "ran no tests" in result.stderr


def test_a_passing_selection_passes():
    assert run_tests().returncode == 0
