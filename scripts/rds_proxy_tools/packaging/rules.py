"""What a function zip leaves out: the built-in rules (secrets, version control, the packager's own output, caches and
bytecode, tests and documents), the user's --exclude and --include patterns, and the one line that lists what was
left out. The built-in rules never apply inside a dependency: files there are kept as they are."""

from __future__ import annotations

import csv
import fnmatch
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from rds_proxy_tools.packaging.archive import is_packager_output
from rds_proxy_tools.packaging.errors import PackageError

# A trailing / matches folders only; a pattern with no other / matches a name at any depth, one with a / the path
# from the top of the zip.
BUILTIN = (
    # secrets
    ".env*",
    ".aws/",
    ".npmrc",
    ".pypirc",
    ".netrc",
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    "*.key",
    "*.p12",
    "*.pfx",
    "*.ppk",
    # version control
    ".git",
    ".hg/",
    ".svn/",
    ".bzr/",
    "_darcs/",
    "CVS/",
    # caches, bytecode, tests and documents of the function's own code
    "__pycache__/",
    "*.pyc",
    "*.pyo",
    "tests/",
    "*.md",
)
# Folders that hold installed dependencies; with the files a Python *.dist-info/RECORD at the top lists (a
# `pip install --target .`), the built-in rules leave them alone.
DEPENDENCY_FOLDERS = {"node_modules", "vendor", "site-packages"}
PRIVATE_KEY = re.compile(rb"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")
SUMMARY_NAMES = 10


class Pattern(NamedTuple):
    text: str
    glob: str
    folders_only: bool
    anchored: bool  # matched against the whole path in the zip, else against the last name

    @classmethod
    def parse(cls, text: str) -> Pattern:
        glob = text.strip("/")
        if not glob:
            raise PackageError(f"pattern {text!r} matches nothing: give a name or a path, e.g. '.env*' or 'docs/'")
        return cls(text, glob, text.endswith("/"), text.startswith("/") or "/" in glob)

    def matches(self, name: str, is_dir: bool) -> bool:
        if self.folders_only and not is_dir:
            return False
        name = name.rstrip("/")
        if self.anchored:
            return segments_match(self.glob.split("/"), name.split("/"))
        return fnmatch.fnmatchcase(posixpath.basename(name), self.glob)


def segments_match(globs: list[str], parts: list[str]) -> bool:
    """A path against a pattern, name by name: `*` stays within a name, a `**` name spans any number of folders."""
    if not globs:
        return not parts
    if globs[0] == "**":
        return any(segments_match(globs[1:], parts[index:]) for index in range(len(parts) + 1))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], globs[0]) and segments_match(globs[1:], parts[1:])


def any_match(patterns: Iterable[Pattern], name: str, is_dir: bool) -> bool:
    return any(pattern.matches(name, is_dir) for pattern in patterns)


BUILTIN_PATTERNS = tuple(Pattern.parse(text) for text in BUILTIN)


class Selection:
    """Decides, path by path, what of a folder goes into the zip, and keeps what it left out by a rule."""

    def __init__(
        self,
        excludes: Iterable[str] = (),
        includes: Iterable[str] = (),
        outputs: Iterable[Path] = (),
        inputs: Iterable[Path] = (),
    ) -> None:
        self.excludes = tuple(Pattern.parse(text) for text in excludes)
        self.includes = tuple(Pattern.parse(text) for text in includes)
        self.outputs = {location(path) for path in outputs}  # the packager's own: never shipped
        self.inputs = {location(path) for path in inputs}  # dependency specs: used, not shipped, not listed
        self.dependency_files: set[str] = set()
        self.dependency_folders: set[str] = set()
        self.left_out: list[str] = []

    def patterns(self) -> list[list[str]]:
        """The user's patterns, for the fingerprint: they decide what of the dependencies is shipped."""
        return [[pattern.text for pattern in self.excludes], [pattern.text for pattern in self.includes]]

    def read_records(self, root: Path) -> None:
        """The files a `pip install --target` into root installed, from each top-level *.dist-info/RECORD."""
        for record in sorted(root.glob("*.dist-info/RECORD")):
            with record.open(newline="", errors="replace") as handle:
                paths = [posixpath.normpath(row[0]) for row in csv.reader(handle) if row]
            paths = [path for path in paths if not path.startswith("..")]
            self.dependency_files |= set(paths)
            self.dependency_folders |= {parent for path in paths for parent in folders_of(path)}

    def in_dependency(self, name: str, is_dir: bool) -> bool:
        path = name.rstrip("/")
        if any(part in DEPENDENCY_FOLDERS for part in path.split("/")[: None if is_dir else -1]):
            return True
        return path in (self.dependency_folders if is_dir else self.dependency_files)

    def skip_source(self, name: str, path: Path, is_dir: bool) -> bool:
        """For read_tree on the function's folder."""
        here = location(path)
        if here in self.inputs:
            return True
        if here in self.outputs or (name.endswith(".zip") and not is_dir and is_packager_output(path)):
            return self.leave_out(name)
        if self.in_dependency(name, is_dir):
            return self.skip_dependency(name, path, is_dir)
        if any_match(self.includes, name, is_dir):
            return False
        if any_match(BUILTIN_PATTERNS, name, is_dir) or any_match(self.excludes, name, is_dir):
            return self.leave_out(name)
        if not is_dir and name.endswith(".pem") and holds_private_key(path):
            return self.leave_out(name)
        return False

    def skip_dependency(self, name: str, path: Path, is_dir: bool) -> bool:
        """For read_tree on installed dependencies: only the user's own --exclude patterns apply."""
        if any_match(self.excludes, name, is_dir) and not any_match(self.includes, name, is_dir):
            return self.leave_out(name)
        return False

    def leave_out(self, name: str) -> bool:
        self.left_out.append(name)
        return True

    def summary(self) -> str | None:
        """`left out: .env, .git/ (2 paths; --include PATTERN keeps one)`, or None when nothing was."""
        if not self.left_out:
            return None
        names = sorted(self.left_out)
        shown = ", ".join(names[:SUMMARY_NAMES])
        if len(names) > SUMMARY_NAMES:
            shown += f" and {len(names) - SUMMARY_NAMES} more"
        count = f"{len(names)} path{'s' if len(names) > 1 else ''}"
        return f"left out: {shown} ({count}; --include PATTERN keeps one)"


def location(path: Path) -> Path:
    """Where a path is (its folder resolved), not what a link there points to."""
    return path.parent.resolve() / path.name


def folders_of(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: index + 1]) for index in range(len(parts))]


def holds_private_key(path: Path) -> bool:
    try:
        return bool(PRIVATE_KEY.search(path.read_bytes()))
    except OSError:
        return False
