"""A team's own function, written outside lambda_src/, runs on the rds_connect layer alone against both
real servers: the layer zip unpacked as Lambda mounts it (/opt/python), the function's own folder as
/var/task, and nothing else importable (no site-packages)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.lambda_db

FUNCTION = """
import rds_connect

_database = None


def handle(event, context):
    global _database
    if _database is None:
        _database = rds_connect.Database.from_env()
    columns, rows = _database.query("SELECT 1 + :n AS answer", {"n": event["n"]})
    return {"columns": list(columns), "answer": rows[0][0], "opened": _database.connections_opened}
"""

# What the Lambda runtime does: import the handler named module.function from its search path
# (PYTHONPATH = /var/task:/opt/python), then invoke it, here twice in one warm container.
RUNTIME = """
import importlib, json, os, sys
module_name, function_name = os.environ["_HANDLER"].rsplit(".", 1)
handler = getattr(importlib.import_module(module_name), function_name)
answers = [handler({"engine": os.environ["DB_ENGINE"], "n": n}, None) for n in (1, 2)]
files = {name: getattr(module, "__file__", None) for name, module in sys.modules.items()
         if name.split(".")[0] in ("app", "rds_connect", "pymysql", "pg8000", "scramp", "asn1crypto")}
print(json.dumps({"answers": answers, "files": files}))
"""


@pytest.fixture(scope="module")
def opt(layer_zip, tmp_path_factory) -> Path:
    """The layer unpacked where Lambda puts it: <opt>/python/..."""
    opt = tmp_path_factory.mktemp("opt")
    with zipfile.ZipFile(layer_zip) as archive:
        archive.extractall(opt)
    return opt


def test_own_function_answers_from_the_layer(opt, server, tmp_path):
    task = tmp_path / "task"
    task.mkdir()
    (task / "app.py").write_text(FUNCTION)
    runtime = tmp_path / "runtime" / "bootstrap.py"
    runtime.parent.mkdir()
    runtime.write_text(RUNTIME)
    before = server.pam.accepted()
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": f"{task}:{opt / 'python'}",
        "_HANDLER": "app.handle",
        **server.lambda_env(),
    }
    # -S -s: no site-packages at all, so only the function's folder and the layer can provide imports.
    result = subprocess.run(
        [sys.executable, "-S", "-s", str(runtime)], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    output = json.loads(result.stdout.splitlines()[-1])
    assert [a["answer"] for a in output["answers"]] == [2, 3]
    assert [a["opened"] for a in output["answers"]] == [1, 1]
    assert server.pam.accepted() == before + 1
    driver = "pymysql" if server.engine == "mysql" else "pg8000"
    assert driver in output["files"] and "rds_connect" in output["files"]
    for name, path in output["files"].items():
        root = task if name == "app" else opt / "python"
        assert path and Path(path).is_relative_to(root), (name, path)
