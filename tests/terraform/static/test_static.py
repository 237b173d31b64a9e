"""terraform fmt on everything, and validate on every example, which validates the root module and the parts they
call too. The root module and every part are also planned with inputs (test_plan, and test_validation's
`base_<part>` calls); the examples' own plans are applies."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from harness import emulator as emu
from harness.repo import REPO_ROOT
from harness.terraform import tfenv

# The Terraform examples (examples/functions holds functions in other languages, tested by tests/clients).
DIRS = sorted(str(p.parent.relative_to(REPO_ROOT)) for p in REPO_ROOT.glob("examples/*/main.tf"))


def terraform(*args: str, cwd) -> subprocess.CompletedProcess:
    """As users run it, not on the tests' shared provider (harness.terraform.shared_provider): `init` here installs
    the provider each example's constraints admit, which Terraform skips for a provider it attaches to."""
    env = {**emu.scrubbed_environ(), **tfenv.terraform_env(REPO_ROOT / ".build" / "terraformrc")}
    return subprocess.run(["terraform", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_every_example_is_validated_here_and_listed_in_the_readme():
    readme = (REPO_ROOT / "README.md").read_text()
    listed = set(re.findall(r"^\| \[`(examples/[a-z0-9-]+)`\]", readme, re.M))
    assert DIRS and set(DIRS) == listed


def test_fmt_check(repo_copy):
    result = terraform("fmt", "-check", "-recursive", "-diff", cwd=repo_copy)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("tfdir", DIRS)
def test_validate(repo_copy, tfdir):
    workdir = repo_copy / tfdir
    init = terraform("init", "-backend=false", "-input=false", "-no-color", cwd=workdir)
    assert init.returncode == 0, init.stderr
    result = terraform("validate", "-json", "-no-color", cwd=workdir)
    report = json.loads(result.stdout)
    assert report["valid"] is True, report["diagnostics"]
    assert report["error_count"] == 0
