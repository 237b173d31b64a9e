"""One version for the Terraform module and the Python distribution, released as CHANGELOG.md says."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from harness.repo import REPO_ROOT
from harness.terraform.releases import releases

VERSION = (REPO_ROOT / "VERSION").read_text().strip()


def test_the_version_is_semantic_and_is_the_newest_release_in_the_changelog():
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION)
    listed = releases()
    assert listed[0].version == VERSION
    assert [r.version for r in listed] == sorted(
        (r.version for r in listed), key=lambda v: tuple(map(int, v.split("."))), reverse=True
    )
    assert [r.date for r in listed] == sorted((r.date for r in listed), reverse=True)


def test_every_earlier_release_names_a_commit_of_this_history():
    for release in releases()[1:]:
        assert release.commit, f"CHANGELOG.md: {release.version} names no commit"
        subprocess.run(["git", "-C", str(REPO_ROOT), "cat-file", "-e", f"{release.commit}^{{commit}}"], check=True)


def test_the_distribution_and_its_tools_carry_the_version():
    assert version("rds-proxy-lambda") == VERSION
    for tool in ("rds-proxy-policies", "rds-proxy-package"):
        shown = subprocess.run([str(Path(sys.executable).parent / tool), "--version"], capture_output=True, text=True)
        assert shown.stdout.strip() == f"{tool} {VERSION}"


def test_the_usage_blocks_pin_this_release():
    readmes = [REPO_ROOT / "README.md", *sorted(REPO_ROOT.glob("modules/*/README.md"))]
    for readme in readmes:
        sources = re.findall(r'source\s*=\s*"(git::[^"]+)"', readme.read_text())
        assert sources, readme
        assert all(source.endswith(f"?ref=v{VERSION}") for source in sources), (readme, sources)
