"""The packages `make lambda-zip` and `make layer-zip` build, which tests and the demo deploy."""

from __future__ import annotations

from harness.repo import REPO_ROOT

BUILD = REPO_ROOT / ".build"
LAMBDA_ZIP = BUILD / "lambda.zip"
LAYER_ZIP = BUILD / "layer.zip"
