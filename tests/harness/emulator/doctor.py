"""rds-proxy-doctor run in this process against the emulator, as the tests and the demo use it: a subprocess would pay
Python's and boto3's start on every run, and one botocore loader serves every run, so the service models are read
once."""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any


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


@cache
def _loader():
    from botocore.loaders import create_loader

    return create_loader()


def session(env: dict[str, str]):
    """A boto3 session on the emulator `env` (harness.emulator.aws_env) points at, as AWS_ENDPOINT_URL would make
    it, without touching os.environ (a Terraform run may be reading it in another thread)."""
    import boto3
    import botocore.session

    core = botocore.session.Session()
    core.register_component("data_loader", _loader())
    core.get_component("config_store").set_config_variable("endpoint_url", env["AWS_ENDPOINT_URL"])
    core.set_credentials(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"])
    core.set_config_variable("region", env["AWS_REGION"])
    return boto3.session.Session(botocore_session=core)


def counted(aws_session) -> Counter[str]:
    """A Counter to which each API call the clients of `aws_session` make (before its retries) adds one, by
    "service:Operation"."""
    calls: Counter[str] = Counter()

    def count(model, **_) -> None:
        calls[f"{model.service_model.service_name}:{model.name}"] += 1

    aws_session.events.register("before-call", count)
    return calls


def run(env: dict[str, str], *args: str, aws_session=None) -> Run:
    """rds-proxy-doctor ARGS on the emulator `env` points at; `aws_session` (one of session(env)) to set it up
    beforehand."""
    from rds_proxy_tools.doctor import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args), aws_session=aws_session or session(env))
        except SystemExit as exit_:  # argparse's usage errors
            code = int(exit_.code or 0)
    return Run(code, out.getvalue(), err.getvalue())
