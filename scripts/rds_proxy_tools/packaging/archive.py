"""Zip entries and the deterministic zip: sorted entries, fixed timestamps, normalised modes, and a comment that
fingerprints the inputs, so that an unchanged rebuild is skipped."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import stat
import zipfile
from pathlib import Path
from typing import NamedTuple

FORMAT_VERSION = "3"  # bump when the zip layout or the selection rules change
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = stat.S_IFREG | 0o644
EXECUTABLE_MODE = stat.S_IFREG | 0o755
LINK_MODE = stat.S_IFLNK | 0o777
FINGERPRINT_PREFIX = "rds-proxy-lambda package_lambda inputs sha256="


class Entry(NamedTuple):
    """One zip entry: a file's content, or a link's target path, and its normalised mode."""

    data: bytes
    mode: int

    @property
    def is_link(self) -> bool:
        return stat.S_ISLNK(self.mode)


def normalised_mode(st_mode: int) -> int:
    """0755 for a file anyone may execute, 0644 for the rest: the build machine's umask and owner bits stay out."""
    return EXECUTABLE_MODE if st_mode & 0o111 else FILE_MODE


def fingerprint(inputs: list, entries: dict[str, Entry]) -> str:
    """Hash of everything the zip is built from: `inputs` (runtime, architecture, dependency specs, ...) and every
    entry's name, mode and content."""
    digest = hashlib.sha256(json.dumps([FORMAT_VERSION, *inputs]).encode())
    for name in sorted(entries):
        entry = entries[name]
        digest.update(f"{name}\0{entry.mode:o}\0".encode() + hashlib.sha256(entry.data).digest())
    return digest.hexdigest()


def build_zip(entries: dict[str, Entry], comment: str = "") -> bytes:
    """Deterministic zip of {archive name: entry}; links are stored as links (their target as content)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so external_attr carries the mode
            info.external_attr = entries[name].mode << 16
            archive.writestr(info, entries[name].data, compresslevel=9)
        archive.comment = comment.encode()
    return buffer.getvalue()


def base64_sha256(data: bytes) -> str:
    """Terraform's filebase64sha256()."""
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def zip_comment(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.comment.decode(errors="replace")
    except (OSError, zipfile.BadZipFile):
        return None


def is_packager_output(path: Path) -> bool:
    """A zip this packager wrote (its comment holds the fingerprint)."""
    return (zip_comment(path) or "").startswith(FINGERPRINT_PREFIX)
