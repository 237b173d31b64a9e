"""A team's own functions, written outside lambda_src/, run on the rds_connect layer alone against both
real servers: the layer zip unpacked as Lambda mounts it (/opt/python), the function's own folder as
/var/task, and nothing else importable (no site-packages). One uses rds_connect alone, one SQLAlchemy,
which comes in the function's folder (the layer has none)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

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

SQLALCHEMY_FUNCTION = """
import sqlalchemy as sa

from rds_connect import Database
from rds_connect.sqlalchemy import create_engine

engine = create_engine(Database.from_env())
metadata = sa.MetaData()
notes = sa.Table("layer_notes", metadata, sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                 sa.Column("text", sa.String(40)))


class Undo(Exception):
    pass


def handle(event, context):
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(sa.delete(notes))
        connection.execute(sa.insert(notes), [{"id": 1, "text": "kept"}, {"id": 2, "text": "kept too"}])
    try:
        with engine.begin() as connection:
            connection.execute(sa.insert(notes), {"id": 3, "text": "rolled back"})
            raise Undo
    except Undo:
        pass
    with engine.connect() as connection:
        rows = connection.execute(sa.select(notes.c.id, notes.c.text).order_by(notes.c.id)).all()
    return {"rows": [list(row) for row in rows], "n": event["n"]}
"""

# What the Lambda runtime does: import the handler named module.function from its search path
# (PYTHONPATH = /var/task:/opt/python), then invoke it, here twice in one warm container.
RUNTIME = """
import importlib, json, os, sys
module_name, function_name = os.environ["_HANDLER"].rsplit(".", 1)
handler = getattr(importlib.import_module(module_name), function_name)
answers = [handler({"engine": os.environ["DB_ENGINE"], "n": n}, None) for n in (1, 2)]
files = {name: getattr(module, "__file__", None) for name, module in sys.modules.items()
         if name.split(".")[0] in ("app", "rds_connect", "pymysql", "pg8000", "scramp", "asn1crypto", "sqlalchemy")}
print(json.dumps({"answers": answers, "files": files}))
"""


@pytest.fixture(scope="module")
def opt(layer_zip, tmp_path_factory) -> Path:
    """The layer unpacked where Lambda puts it: <opt>/python/..."""
    opt = tmp_path_factory.mktemp("opt")
    with zipfile.ZipFile(layer_zip) as archive:
        archive.extractall(opt)
    return opt


def run_on_layer(opt: Path, task: Path, server, tmp_path: Path) -> dict:
    """Invoke task/app.py's handle twice in one container on the layer alone; its answers and module files."""
    runtime = tmp_path / "runtime" / "bootstrap.py"
    runtime.parent.mkdir()
    runtime.write_text(RUNTIME)
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
    return json.loads(result.stdout.splitlines()[-1])


def test_own_function_answers_from_the_layer(opt, server, tmp_path):
    task = tmp_path / "task"
    task.mkdir()
    (task / "app.py").write_text(FUNCTION)
    before = server.pam.accepted()
    output = run_on_layer(opt, task, server, tmp_path)
    assert [a["answer"] for a in output["answers"]] == [2, 3]
    assert [a["opened"] for a in output["answers"]] == [1, 1]
    assert server.pam.accepted() == before + 1
    driver = "pymysql" if server.engine == "mysql" else "pg8000"
    assert driver in output["files"] and "rds_connect" in output["files"]
    for name, path in output["files"].items():
        root = task if name == "app" else opt / "python"
        assert path and Path(path).is_relative_to(root), (name, path)


@pytest.fixture(scope="module")
def sqlalchemy_task(tmp_path_factory) -> Path:
    """A function folder holding SQLAlchemy and its one dependency, as `pip install -t` would put them."""
    task = tmp_path_factory.mktemp("sqlalchemy-task")
    package = Path(importlib.util.find_spec("sqlalchemy").origin).parent
    shutil.copytree(package, task / "sqlalchemy")  # with its bytecode: compiling it all would cost seconds
    shutil.copy(importlib.util.find_spec("typing_extensions").origin, task)
    (task / "app.py").write_text(SQLALCHEMY_FUNCTION)
    return task


def test_own_sqlalchemy_function_writes_rolls_back_and_reads_on_the_layer(opt, sqlalchemy_task, server, tmp_path):
    before = server.pam.accepted()
    output = run_on_layer(opt, sqlalchemy_task, server, tmp_path)
    assert [answer["rows"] for answer in output["answers"]] == [[[1, "kept"], [2, "kept too"]]] * 2
    assert server.pam.accepted() == before + 1  # one pooled connection across both invocations
    for name, path in output["files"].items():
        root = sqlalchemy_task if name.split(".")[0] in ("app", "sqlalchemy") else opt / "python"
        assert path and Path(path).is_relative_to(root), (name, path)
    assert "rds_connect.sqlalchemy" in output["files"] and "sqlalchemy.engine" in output["files"]
