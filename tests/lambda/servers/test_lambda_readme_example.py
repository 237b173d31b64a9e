"""lambda_src/README.md's two functions, one without an ORM and one with SQLAlchemy, run as written against
both real servers, on the tables the README gives: an order is taken, the next one finds the item out of
stock and writes nothing, and (without an ORM) a server that went away answers a clear 503."""

from __future__ import annotations

import re
import sys
import types

import pytest

from harness.repo import REPO_ROOT
from rds_connect import Database

README = REPO_ROOT / "lambda_src" / "README.md"
SECTION = "## The connection module: `rds_connect`"
EXAMPLES = {"plain": "### A function without an ORM", "sqlalchemy": "### A function with SQLAlchemy"}


def code_block(language: str, heading: str = SECTION) -> str:
    """The first ```language block after `heading` in the README's rds_connect section."""
    section = SECTION + README.read_text().split(SECTION, 1)[1]
    return re.search(rf"```{language}\n(.*?)```", section.split(heading, 1)[1], flags=re.DOTALL).group(1)


@pytest.fixture
def tables(server, lambda_env):
    """The README's tables, with one item in stock."""
    lambda_env(server.lambda_env())
    db = Database.from_env()
    db.query("DROP TABLE IF EXISTS orders, items")
    for statement in code_block("sql").split(";"):
        if statement.strip():
            db.query(statement)
    db.query("INSERT INTO items (id, name, stock) VALUES (1, 'first', 1)")
    yield db
    db.query("DROP TABLE orders, items")
    db.close()


@pytest.fixture
def load_module(monkeypatch):
    """load(name, code) -> the module `name` run from `code`, as the Lambda runtime imports a handler's."""

    def load(name: str, code: str) -> types.ModuleType:
        module = types.ModuleType(name)
        monkeypatch.setitem(sys.modules, name, module)  # SQLAlchemy resolves annotations through it
        exec(compile(code, str(README), "exec"), module.__dict__)
        return module

    return load


@pytest.mark.parametrize("example", EXAMPLES)
def test_readme_function_takes_an_order_then_refuses_when_out_of_stock(tables, server, load_module, example):
    namespace = vars(load_module(f"readme_{example}", code_block("python", EXAMPLES[example])))
    handler = namespace["lambda_handler"]
    try:
        ok = handler({"order_id": 1, "item_id": 1}, None)
        item = {"id": 1, "name": "first", "stock": 0}
        assert ok == {"statusCode": 200, "body": [item] if example == "plain" else item}
        refused = handler({"order_id": 2, "item_id": 1}, None)
        assert refused["statusCode"] == 409
        assert tables.query("SELECT id, item_id FROM orders")[1] == [[1, 1]]
        assert tables.query("SELECT stock FROM items")[1] == [[0]]
        if example == "plain":
            server.stop()
            response = handler({"order_id": 3, "item_id": 1}, None)
            assert response["statusCode"] == 503 and "Connection refused" in response["body"]
    finally:
        if not server.running:
            server.start()
        if "db" in namespace:
            namespace["db"].close()
        if "engine" in namespace:
            namespace["engine"].dispose()
