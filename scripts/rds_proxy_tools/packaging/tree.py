"""Reading a folder into zip entries: regular files with their normalised mode, and links kept as links.

A link whose target (followed to the end) lies inside the folder is stored as a link to that target, by a relative
path, so node_modules/.bin and shared-library links work as they did on disk. A link that points outside the folder,
or to nothing, is refused: following it could ship a file from anywhere on the build machine."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from pathlib import Path

from rds_proxy_tools.packaging.archive import LINK_MODE, Entry, normalised_mode
from rds_proxy_tools.packaging.errors import PackageError

# (archive name, path, is a folder) -> True to leave the path out (a folder with all it holds)
Skip = Callable[[str, Path, bool], bool]


def keep_all(name: str, path: Path, is_dir: bool) -> bool:
    return False


def read_tree(root: Path, prefix: str = "", skip: Skip = keep_all) -> dict[str, Entry]:
    """{prefix + path from root: entry} of every file and link under root that `skip` keeps."""
    real_root = root.resolve()
    entries: dict[str, Entry] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        directory = Path(dirpath)
        relative = directory.relative_to(root).as_posix()
        base = prefix if relative == "." else f"{prefix}{relative}/"
        walked = []
        for name in dirnames:
            path = directory / name
            if skip(f"{base}{name}/", path, True):
                continue
            if path.is_symlink():
                entries[base + name] = link_entry(path, real_root, base + name)
            else:
                walked.append(name)
        dirnames[:] = walked
        for name in filenames:
            path = directory / name
            if skip(base + name, path, False):
                continue
            if path.is_symlink():
                entries[base + name] = link_entry(path, real_root, base + name)
            elif path.is_file():
                entries[base + name] = Entry(path.read_bytes(), normalised_mode(path.stat().st_mode))
    return entries


def link_entry(path: Path, real_root: Path, name: str) -> Entry:
    target = os.readlink(path)
    real = path.resolve()
    if not real.is_relative_to(real_root):
        raise PackageError(
            f"link {name} points outside {real_root} (to {target}): copy what it points to into the folder, "
            "or leave the link out (--exclude)"
        )
    if not real.exists():
        raise PackageError(f"link {name} points to {target}, which does not exist")
    return Entry(os.path.relpath(real, path.parent.resolve()).encode(), LINK_MODE)


def check_links(entries: dict[str, Entry]) -> None:
    """Every link in the zip points to a file or folder in the zip (not to one that was left out)."""
    folders = {posixpath.dirname(name) for name in entries}
    folders |= {parent for folder in list(folders) for parent in parents(folder)}
    for name, entry in sorted(entries.items()):
        if entry.is_link:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), entry.data.decode()))
            if target not in entries and target not in folders:
                raise PackageError(f"link {name} points to {target}, which is left out of the zip")


def parents(folder: str) -> list[str]:
    found = []
    while folder:
        folder = posixpath.dirname(folder)
        if folder:
            found.append(folder)
    return found
