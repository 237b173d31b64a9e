"""The packages `make lambda-zip` and `make layer-zip` build, which tests and the demo deploy."""

from __future__ import annotations

from pathlib import Path

BUILD = Path(__file__).resolve().parents[2] / ".build"
LAMBDA_ZIP = BUILD / "lambda.zip"
LAYER_ZIP = BUILD / "layer.zip"
