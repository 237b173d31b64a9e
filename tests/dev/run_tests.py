"""Run the whole test suite (what `make test` calls). pytest's "no tests ran" (exit 5) is a failure."""

from __future__ import annotations

import os
import subprocess
import sys

NO_TESTS_COLLECTED = 5
# `--fast`: the folders whose tests need no root, no database server, no Terraform plan or apply and no emulator
# (tests/conftest.py FOLDER_MARKERS marks the others).
FAST_FOLDERS = ("tests/tools", "tests/terraform/static", "tests/lambda/unit", "tests/release/static")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--fast"]:
        argv = ["--dist", "loadfile", *argv[1:], *FAST_FOLDERS]
    # The two long emulator applies mostly wait on provider polling, so two workers more than
    # cores keep the CPU-bound plan tests going beside them (6 workers measured slower than 4).
    workers = os.environ.get("TEST_WORKERS", "4")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-n",
        workers,
        "--dist",
        "loadgroup",
        "--no-loadscope-reorder",
        "--durations=10",
        *argv,
    ]
    print("+", " ".join(command), flush=True)
    code = subprocess.call(command)
    if code == NO_TESTS_COLLECTED:
        print("run_tests: pytest ran no tests; treating that as a failure", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
