"""`make test` fails when pytest runs no test (exit code 5) instead of passing silently."""

import importlib.util
import subprocess
import sys
from pathlib import Path

from harness.repo import REPO_ROOT

RUN_TESTS = REPO_ROOT / "tests" / "dev" / "run_tests.py"


def run_tests(basetemp: Path, *args: str) -> subprocess.CompletedProcess:
    """run_tests.py on one quick file; its pytest keeps its temporary files in `basetemp`, where they do not make it
    remove the oldest of this run's or earlier runs' (pytest keeps the last three under /tmp/pytest-of-<user>)."""
    command = [
        sys.executable,
        str(RUN_TESTS),
        "-q",
        "-p",
        "no:cacheprovider",
        "--basetemp",
        str(basetemp),
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


def test_no_tests_ran_is_a_failure(tmp_path):
    result = run_tests(tmp_path, "-k", "no_such_test_name")
    assert result.returncode == 1
    assert "ran no tests" in result.stderr


def test_a_passing_selection_passes(tmp_path):
    assert run_tests(tmp_path).returncode == 0


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_test_folder_is_either_quick_or_marked():
    fast = {folder.removeprefix("tests/") for folder in load(RUN_TESTS, "run_tests").FAST_FOLDERS}
    marked = set(load(REPO_ROOT / "tests" / "conftest.py", "tests_conftest").FOLDER_MARKERS)
    tests = REPO_ROOT / "tests"
    folders = {path.parent.relative_to(tests).as_posix() for path in tests.rglob("test_*.py")}

    def under(folder: str, roots: set[str]) -> bool:
        return any(folder == root or folder.startswith(root + "/") for root in roots)

    assert fast.isdisjoint(marked)
    assert {folder for folder in folders if under(folder, fast) == under(folder, marked)} == set()
