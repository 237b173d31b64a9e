"""Local AWS emulator: a moto server on a free 127.0.0.1 port.

Everything that talks to AWS in tests and in the demo goes through `aws_env()`,
which points boto3 and the Terraform AWS provider at the emulator and hides any
real credentials or profiles the user may have.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import boto3

from harness import processes
from harness.loopback import free_port

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"  # moto's default account

# Variables that could send a request to a real AWS account; removed from the environment.
_AWS_VARS_TO_DROP = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
)


SG_RULE_TYPES = ("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule")


def _updated_attributes(change: dict) -> tuple[dict, dict, set[str]]:
    before, after = change["change"]["before"], change["change"]["after"]
    return before, after, {k for k in set(before) | set(after) if before.get(k) != after.get(k)}


def _rule_description_gap(change: dict) -> bool:
    """moto 5.2 reads back the description of a rule that references a security group as
    empty (it reports descriptions of CIDR rules only): the provider plans to set it again."""
    before, after, differing = _updated_attributes(change)
    return (
        change["type"] in SG_RULE_TYPES
        and differing == {"description"}
        and before["description"] is None
        and bool(after["description"])
        and after["referenced_security_group_id"] is not None
    )


def _cluster_scaling_gap(change: dict) -> bool:
    """moto 5.2 returns an all-empty ScalingConfigurationInfo for a provisioned Aurora cluster
    (AWS returns none): the provider plans to fill in the Serverless v1 defaults."""
    before, _, differing = _updated_attributes(change)
    return (
        change["type"] == "aws_rds_cluster"
        and differing == {"scaling_configuration"}
        and all(value is None for block in before["scaling_configuration"] for value in block.values())
    )


def _function_logging_gap(change: dict) -> bool:
    """moto 5.2 keeps no LoggingConfig of a function (it reads back none): the provider plans to set it again."""
    before, _, differing = _updated_attributes(change)
    return change["type"] == "aws_lambda_function" and differing == {"logging_config"} and not before["logging_config"]


def is_known_gap(change: dict) -> bool:
    """Whether a planned resource change (plan JSON) is one of the emulator's known gaps above,
    and exactly that: any other attribute in the diff makes it a real change."""
    if change["change"]["actions"] != ["update"]:
        return False
    return _rule_description_gap(change) or _cluster_scaling_gap(change) or _function_logging_gap(change)


def aws_env(endpoint: str, region: str = REGION) -> dict[str, str]:
    """Environment for boto3 and Terraform that can only reach the emulator."""
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_MAX_ATTEMPTS": "2",
        "AWS_RETRY_MODE": "standard",
    }


def client(env: dict[str, str], service: str, config=None):
    """A boto3 client of `service` on the emulator, in the region, that `env` (from aws_env()) points at; `config` a
    botocore Config."""
    session = boto3.session.Session(
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_REGION"],
    )
    return session.client(service, endpoint_url=env["AWS_ENDPOINT_URL"], config=config)


def scrubbed_environ(base: dict[str, str] | None = None) -> dict[str, str]:
    """Copy of the environment without variables that could reach a real AWS account."""
    base = dict(os.environ if base is None else base)
    for key in list(base):
        if key in _AWS_VARS_TO_DROP or key.startswith("AWS_ENDPOINT_URL_"):
            del base[key]
    return base


@dataclass
class Emulator:
    """A running moto server; use as a context manager or call stop()."""

    port: int
    process: subprocess.Popen
    log_path: Path
    region: str = REGION
    started_s: float = field(default=0.0)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        return aws_env(self.endpoint, self.region)

    def stop(self) -> None:
        processes.stop(self.process)

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(log_dir: Path, timeout_s: float = 30.0, region: str = REGION) -> Emulator:
    """Start a moto server, with the harness's extensions (harness.emulator.moto_server), on a free loopback port and
    wait until it answers."""
    log_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = log_dir / f"moto-{port}.log"
    began = time.monotonic()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "harness.emulator.moto_server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            # AWS managed policies (AWSLambdaBasicExecutionRole...) exist only when moto loads them.
            env={**scrubbed_environ(), "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"},
        )
    emulator = Emulator(port=port, process=process, log_path=log_path, region=region)
    deadline = began + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto server exited with code {process.returncode}; see {log_path}")
        try:
            urllib.request.urlopen(f"{emulator.endpoint}/moto-api/data.json", timeout=1).close()
            emulator.started_s = time.monotonic() - began
            return emulator
        except OSError:
            time.sleep(0.1)
    emulator.stop()
    raise RuntimeError(f"moto server did not answer on port {port} within {timeout_s:.0f} s; see {log_path}")
