"""Installed dependency trees, cached under <cache-dir>/<key>: the key covers what was installed (the requirements or
lock file text), the runtime and the architecture. A tree is built in a staging folder and renamed into place, so a
failed or concurrent install never leaves half a tree under a key."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from rds_proxy_tools.packaging.errors import PackageError

CACHE_VERSION = "2"  # bump when what a cached tree holds changes


def cache_key(*parts: str) -> str:
    return hashlib.sha256(json.dumps([CACHE_VERSION, *parts]).encode()).hexdigest()[:20]


def cached_install(cache_dir: Path, key: str, install: Callable[[Path], Path]) -> Path:
    """The tree under key; without one, install(staging folder) builds it and returns where it is."""
    final = cache_dir / key
    if final.is_dir():
        return final
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cache_dir))
    except OSError as exc:
        raise PackageError(f"cannot create dependency cache {cache_dir}: {exc.strerror or exc}") from exc
    try:
        built = install(staging)
        try:
            os.rename(built, final)
        except OSError:
            if not final.is_dir():  # a concurrent build may have won the race; anything else is an error
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final
