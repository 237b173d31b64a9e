"""The tools as a user gets them: the wheel built from this checkout, installed into a fresh virtualenv
outside it, the console scripts run from a directory that has nothing of the repository (the doctor against
the emulator)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from harness.emulator import seed
from harness.repo import REPO_ROOT
from harness.run_once import built_once
from rds_proxy_tools import package_lambda

REPO = REPO_ROOT


def run(
    command: list[str], cwd: Path, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": os.environ.get("HOME", str(cwd)),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        **(env or {}),
    }
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=check, timeout=300)


def install_the_wheel(root: Path) -> None:
    wheels = root / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(REPO)], cwd=root)
    (wheel,) = wheels.glob("rds_proxy_lambda-*.whl")
    venv.create(root / "venv", with_pip=True)
    run([str(root / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet", f"{wheel}[lookup]"], cwd=root)


@pytest.fixture(scope="module")
def user_venv(tmp_path_factory) -> Path:
    """bin/ of a new virtualenv holding only the wheel of this checkout, with its `lookup` extra (boto3), and what
    they depend on (made once per test run)."""
    return built_once(tmp_path_factory, "user", install_the_wheel) / "venv" / "bin"


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A working directory with nothing of the repository in it."""
    directory = tmp_path / "work"
    directory.mkdir()
    return directory


def test_the_wheel_ships_the_tools_their_templates_and_the_library(user_venv):
    listing = run([str(user_venv / "python"), "-m", "pip", "show", "-f", "rds-proxy-lambda"], cwd=user_venv).stdout
    for path in (
        "rds_proxy_tools/templates/rds_connect.json.j2",
        "rds_connect/amazon-root-cas.pem",
        "rds_connect/requirements.txt",
        "../../../bin/rds-proxy-policies",
        "../../../bin/rds-proxy-package",
        "rds_proxy_tools/rules/aws_rules.json",
        "rds_proxy_tools/iam/evaluator.py",
        "../../../bin/rds-proxy-doctor",
        "rds_proxy_tools/doctor/cli.py",
    ):
        assert path in listing
    assert "harness" not in listing and "tests/" not in listing


def test_the_wheel_carries_the_modules_rules(user_venv):
    """The rules the tools check ARNs and names by are the Terraform module's own file, its content in the wheel."""
    shipped = run(
        [
            str(user_venv / "python"),
            "-c",
            "from rds_proxy_tools.aws_rules import RULES; import json; print(json.dumps(RULES))",
        ],
        cwd=user_venv,
    ).stdout
    assert json.loads(shipped) == json.loads((REPO / "modules" / "aws_rules.json").read_text())


def test_policies_render_from_flags(user_venv, elsewhere):
    result = run(
        [str(user_venv / "rds-proxy-policies"), "--policy", "rds-connect", "--region", "eu-west-1"]
        + ["--account-id", "123456789012", "--proxy-resource-id", "prx-0123456789abcdef0", "--db-user", "app"],
        cwd=elsewhere,
    )
    policy = json.loads(result.stdout)
    assert policy["Statement"][0]["Resource"] == [
        "arn:aws:rds-db:eu-west-1:123456789012:dbuser:prx-0123456789abcdef0/app"
    ]


def test_bad_input_exits_2_with_one_line(user_venv, elsewhere):
    result = run([str(user_venv / "rds-proxy-policies"), "--policy", "rds-connect"], cwd=elsewhere, check=False)
    assert result.returncode == 2 and result.stderr.startswith("rds-proxy-policies: error: ")
    assert result.stderr.count("\n") == 1
    result = run([str(user_venv / "rds-proxy-package"), "--out", "x.zip"], cwd=elsewhere, check=False)
    assert result.returncode == 2 and "--source is required" in result.stderr and not (elsewhere / "x.zip").exists()


def test_a_users_function_packages(user_venv, elsewhere):
    (elsewhere / "fn").mkdir()
    (elsewhere / "fn" / "app.py").write_text("def handle(event, context):\n    return {'ok': True}\n")
    run([str(user_venv / "rds-proxy-package"), "--source", "fn", "--out", "build/fn.zip"], cwd=elsewhere)
    with zipfile.ZipFile(elsewhere / "build" / "fn.zip") as archive:
        assert archive.namelist() == ["app.py"]


def test_the_layer_builds_from_the_installed_library_alone(user_venv, elsewhere, tmp_path):
    """The same bytes as the layer built from this checkout: the wheel ships the library as it is here."""
    run([str(user_venv / "rds-proxy-package"), "--layer", "--out", "layer.zip"], cwd=elsewhere)
    assert package_lambda.main(["--layer", "--out", str(tmp_path / "here.zip")]) == 0
    assert (elsewhere / "layer.zip").read_bytes() == (tmp_path / "here.zip").read_bytes()
    with zipfile.ZipFile(elsewhere / "layer.zip") as archive:
        names = archive.namelist()
    assert "python/rds_connect/__init__.py" in names and "python/pymysql/__init__.py" in names


def test_the_doctor_checks_a_proxy_on_the_emulator(user_venv, elsewhere, emulator):
    """The installed command, configured as a user would (AWS_ENDPOINT_URL, region, keys), on a seeded proxy: its
    JSON report, exit 0 (a warning: no function uses the proxy), and exit 2 with one line for no such proxy."""
    proxy = seed.seed_proxy(emulator.env(), name="installed")["proxy_name"]
    doctor = str(user_venv / "rds-proxy-doctor")
    env = emulator.env()
    result = run([doctor, "--proxy-name", proxy, "--read-secrets", "--json"], cwd=elsewhere, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    findings = {f["check"]: f["status"] for f in json.loads(result.stdout)}
    assert findings["proxy.tls"] == findings["role.secret-access"] == findings["secret.content"] == "ok"
    assert findings["function.found"] == "warn"
    result = run([doctor, "--proxy-name", "absent"], cwd=elsewhere, env=env, check=False)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "rds-proxy-doctor: error: no proxy named 'absent' in us-east-1\n"
