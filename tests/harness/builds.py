"""The packages `make lambda-zip`, `make layer-zip` and `make functions-zip` build, which tests and the demo deploy,
a package one byte over Lambda's direct-upload limit, which the module must refuse, and rds-proxy-package run in
a test's process."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from harness.repo import REPO_ROOT
from rds_proxy_tools.aws_rules import RULES

BUILD = REPO_ROOT / ".build"
LAMBDA_ZIP = BUILD / "lambda.zip"
LAYER_ZIP = BUILD / "layer.zip"
FUNCTIONS_ZIP = BUILD / "functions.zip"  # examples/functions for Node.js (make functions-zip)
FUNCTIONS_SOURCE = REPO_ROOT / "examples" / "functions"
OVERSIZED_ZIP = BUILD / "oversized.zip"


def oversized_zip() -> Path:
    """OVERSIZED_ZIP, made if missing: a sparse file of zip_max_bytes + 1 bytes (the check reads only its size)."""
    size = RULES["lambda"]["zip_max_bytes"] + 1
    if not OVERSIZED_ZIP.is_file() or OVERSIZED_ZIP.stat().st_size != size:
        BUILD.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=BUILD, suffix=".part")
        os.ftruncate(handle, size)
        os.close(handle)
        os.replace(temporary, OVERSIZED_ZIP)  # whole or absent, for a test worker reading it meanwhile
    return OVERSIZED_ZIP


def package(capsys, *argv) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `rds-proxy-package *argv` run in this process; capsys is pytest's fixture."""
    from rds_proxy_tools import package_lambda

    code = package_lambda.main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err
