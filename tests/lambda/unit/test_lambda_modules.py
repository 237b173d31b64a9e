"""How rds_connect's modules hang together: each engine implements the Driver protocol as written, the
modules import each other without a cycle (counting imports inside functions), an engine's module and its
driver load only with the first Database of that engine, and no module grows past 400 lines."""

from __future__ import annotations

import ast
import graphlib
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


def imported(path) -> set[str]:
    """The package's modules that `path` imports, anywhere in it (inside functions too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                names.add(node.module.split(".")[0])
            else:  # from . import x: the module x, or a name of __init__
                names.update(alias.name if alias.name in MODULES else "__init__" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("rds_connect"):
            names.add(node.module.split(".")[1] if "." in node.module else "__init__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("rds_connect"):
                    names.add(alias.name.split(".")[1] if "." in alias.name else "__init__")
    return names


def test_the_modules_import_each_other_without_a_cycle():
    graph = {name: imported(path) for name, path in MODULES.items()}
    assert graph["database"] >= {"mysql", "postgresql"}  # the lazy choice of engine is seen
    assert not graph["drivers"] & {"mysql", "postgresql", "database"}
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


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


def test_no_module_is_over_400_lines():
    assert {name: n for name, path in MODULES.items() if (n := len(path.read_text().splitlines())) > 400} == {}
