"""rds-proxy-doctor run in this process against the emulator, as the tests and the demo use it (a subprocess would
pay Python's and boto3's start on every run)."""

from __future__ import annotations

import contextlib
import io
import json
import os
from dataclasses import dataclass
from typing import Any

from harness.emulator import scrubbed_environ


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def findings(self) -> list[dict[str, Any]]:
        """The JSON report (a run with --json)."""
        return json.loads(self.stdout)

    def failed(self) -> set[str]:
        return {f["check"] for f in self.findings if f["status"] == "fail"}

    def failures(self) -> str:
        """What failed, one line each (for assertion messages); stderr when the doctor could not run."""
        if self.code == 2 or not self.stdout.startswith("["):
            return self.stderr
        return "\n".join(
            f"{f['check']} {f['resource']}: {f['message']}" for f in self.findings if f["status"] == "fail"
        )

    def of(self, check: str) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["check"] == check]


@contextlib.contextmanager
def environment(env: dict[str, str]):
    """os.environ as the emulator's `env` (harness.emulator.aws_env) over a scrubbed copy, restored afterwards."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update({**scrubbed_environ(saved), **env})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run(env: dict[str, str], *args: str) -> Run:
    """rds-proxy-doctor ARGS on the emulator `env` points at."""
    from rds_proxy_tools.doctor import cli

    out, err = io.StringIO(), io.StringIO()
    with environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exit_:  # argparse's usage errors
            code = int(exit_.code or 0)
    return Run(code, out.getvalue(), err.getvalue())
