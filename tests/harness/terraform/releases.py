"""The releases CHANGELOG.md lists, and the source tree of an earlier one (for the upgrade test)."""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from harness.repo import REPO_ROOT

HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", re.MULTILINE)
COMMIT = re.compile(r"^Commit: `([0-9a-f]{7,40})`$", re.MULTILINE)


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    commit: str | None  # the current release cannot name the commit that makes it


def releases(changelog: Path = REPO_ROOT / "CHANGELOG.md") -> list[Release]:
    """Newest first, as CHANGELOG.md lists them."""
    text = changelog.read_text()
    headings = list(HEADING.finditer(text))
    found = []
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        section = text[heading.end() : following.start() if following else len(text)]
        commit = COMMIT.search(section)
        found.append(Release(heading.group(1), heading.group(2), commit.group(1) if commit else None))
    return found


def previous_release() -> Release:
    """The newest release before the one VERSION names."""
    current = (REPO_ROOT / "VERSION").read_text().strip()
    older = [r for r in releases() if r.version != current]
    return older[0]


def export_tree(commit: str, dest: Path) -> Path:
    """The repository's files at `commit` (git archive of this checkout's history), unpacked into dest."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "archive", "--format=tar", commit],
            capture_output=True,
            check=True,
        ).stdout
    except subprocess.CalledProcessError as failed:
        raise RuntimeError(
            f"cannot export commit {commit} (the upgrade test needs the repository's history): "
            f"{failed.stderr.decode().strip()}"
        ) from None
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest
