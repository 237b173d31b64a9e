"""The repository's own function (lambda_src/handler.py), loaded as the Lambda runtime would:
one module per container, `handler`, importing rds_connect."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from harness.repo import REPO_ROOT

LAMBDA_SRC = REPO_ROOT / "lambda_src"
HANDLER_FILE = LAMBDA_SRC / "handler.py"


def load_handler() -> ModuleType:
    """The `handler` module, loaded once from lambda_src/handler.py and reused afterwards."""
    module = sys.modules.get("handler")
    if module is not None and Path(module.__file__).resolve() == HANDLER_FILE:
        return module
    spec = importlib.util.spec_from_file_location("handler", HANDLER_FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["handler"] = module
    spec.loader.exec_module(module)
    return module
