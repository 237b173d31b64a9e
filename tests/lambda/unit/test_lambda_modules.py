"""How rds_connect's modules hang together: each engine implements the Driver protocol as written, and an engine's
module and its driver load only with the first Database of that engine. (No import cycle and no module over 400
lines: tests/release/static/test_codebase.py, for every package of the project.)"""

from __future__ import annotations

import ast
import inspect
import json
import subprocess
import sys

import pytest

from harness.repo import REPO_ROOT
from rds_connect.drivers import Driver
from rds_connect.mysql import MySQL
from rds_connect.postgresql import PostgreSQL

PACKAGE = REPO_ROOT / "lambda_src" / "rds_connect"
MODULES = {path.stem: path for path in sorted(PACKAGE.glob("*.py"))}
MEMBERS = sorted(name for name, value in vars(Driver).items() if not name.startswith("_") and callable(value))


def test_the_protocol_holds_every_call_the_library_makes_on_a_driver():
    called = set()
    for name in ("database", "sqlalchemy"):
        for node in ast.walk(ast.parse(MODULES[name].read_text())):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "driver"
            ):
                called.add(node.attr)
    assert called and called <= set(MEMBERS), called - set(MEMBERS)
    assert MEMBERS == ["close", "connect", "connect_dbapi", "is_alive", "run", "run_many", "socket"]


@pytest.mark.parametrize("engine", [MySQL, PostgreSQL])
def test_each_engine_implements_the_driver_protocol_with_its_signatures(engine):
    differences = {
        name: (str(inspect.signature(getattr(Driver, name))), str(inspect.signature(getattr(engine, name))))
        for name in MEMBERS
        if not callable(getattr(engine, name, None))
        or inspect.signature(getattr(Driver, name)) != inspect.signature(getattr(engine, name))
    }
    assert differences == {}


LOADING = """
import json, sys
from rds_connect import Config, Database
WATCHED = ("rds_connect.drivers", "rds_connect.mysql", "rds_connect.postgresql", "pymysql", "pg8000", "typing")
stages = [sorted(set(WATCHED) & set(sys.modules))]
env = {"DB_HOST": "db.example.com", "DB_USER": "u", "DB_NAME": "d", "AWS_REGION": "us-east-1",
       "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"}
for engine, port in (("mysql", "3306"), ("postgresql", "5432")):
    Database(Config.from_env(env | {"DB_ENGINE": engine, "DB_PORT": port}))
    stages.append(sorted(set(WATCHED) & set(sys.modules)))
print(json.dumps(stages))
"""


def test_an_engine_and_its_driver_load_with_the_first_database_of_that_engine():
    result = subprocess.run(
        [sys.executable, "-c", LOADING], cwd=PACKAGE.parent, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == [
        [],  # the import alone: neither engine, nor typing (the Driver protocol's), whose import costs ms
        ["pymysql", "rds_connect.drivers", "rds_connect.mysql", "typing"],
        ["pg8000", "pymysql", "rds_connect.drivers", "rds_connect.mysql", "rds_connect.postgresql", "typing"],
    ]
