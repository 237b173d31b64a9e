"""The one parameter style, `:name`, as each engine's driver receives it (rds_connect/statements.py).
No server needed: test_lambda_transactions.py runs the same statements on both real servers."""

from __future__ import annotations

import pytest

from rds_connect import UsageError, drivers
from rds_connect.statements import MAX_STATEMENT_TEXT, compile_statement

CASES = [
    # (statement, PostgreSQL text, MySQL text)
    ("SELECT 1", "SELECT 1", "SELECT 1"),
    ("SELECT :a, :b, :a", "SELECT $1, $2, $1", "SELECT %s, %s, %s"),
    ("SELECT :a::int, x::text", "SELECT $1::int, x::text", "SELECT %s::int, x::text"),
    ("SELECT ':a', 'it''s :b', :c", "SELECT ':a', 'it''s :b', $1", "SELECT ':a', 'it''s :b', %s"),
    ('SELECT ":a" FROM t WHERE x = :x', 'SELECT ":a" FROM t WHERE x = $1', 'SELECT ":a" FROM t WHERE x = %s'),
    ("SELECT :a -- :b\n, :c", "SELECT $1 -- :b\n, $2", "SELECT %s -- :b\n, %s"),
    ("SELECT /* :a /* :b */ :c */ :d", "SELECT /* :a /* :b */ :c */ $1", None),  # nested only in PostgreSQL
    ("SELECT /* :a */ :d", "SELECT /* :a */ $1", "SELECT /* :a */ %s"),
    ("SELECT 100 % :n, '5%'", "SELECT 100 % $1, '5%'", "SELECT 100 %% %s, '5%%'"),
    ("SELECT 100 % 7, '5%'", "SELECT 100 % 7, '5%'", "SELECT 100 % 7, '5%'"),  # sent as written
    ("SELECT a[1:2], :b", "SELECT a[1:2], $1", "SELECT a[1:2], %s"),
    ("SELECT @v := :b", "SELECT @v := $1", "SELECT @v := %s"),
    ("SELECT :a_1, :_b", "SELECT $1, $2", "SELECT %s, %s"),
]


@pytest.mark.parametrize(("sql", "postgresql", "mysql"), CASES)
def test_parameters_become_each_drivers_placeholders(sql, postgresql, mysql):
    assert compile_statement(sql, "postgresql").text == postgresql
    if mysql is not None:
        assert compile_statement(sql, "mysql").text == mysql


def test_quoting_rules_of_each_engine():
    # PostgreSQL: backslash is literal in '...', an escape in E'...'; $tag$ bodies are opaque.
    assert compile_statement(r"SELECT '\', :a", "postgresql").text == r"SELECT '\', $1"
    assert compile_statement(r"SELECT E'\' :x', :a", "postgresql").text == r"SELECT E'\' :x', $1"
    assert compile_statement("SELECT $f$ :x $f$, $$ :y $$, :a", "postgresql").text == "SELECT $f$ :x $f$, $$ :y $$, $1"
    # MySQL: backslash escapes in both quotes; backticks quote names; # and "-- " start comments, "--" alone does not.
    assert compile_statement(r"SELECT 'it\'s :x', :a", "mysql").text == r"SELECT 'it\'s :x', %s"
    assert compile_statement(r'SELECT "a\" :x", :a', "mysql").text == r'SELECT "a\" :x", %s'
    assert compile_statement("SELECT `:x`, :a # :y\n", "mysql").text == "SELECT `:x`, %s # :y\n"
    assert compile_statement("SELECT 1--:a", "mysql").text == "SELECT 1--%s"
    assert compile_statement("SELECT 1-- :a", "mysql").text == "SELECT 1-- :a"


def test_values_go_in_placeholder_order():
    assert compile_statement("SELECT :b, :a, :b", "postgresql").values({"a": 1, "b": 2, "unused": 3}) == (2, 1)
    assert compile_statement("SELECT :b, :a, :b", "mysql").values({"a": 1, "b": 2}) == (2, 1, 2)
    assert compile_statement("SELECT 1", "mysql").values({"a": 1}) is None


@pytest.mark.parametrize("engine", ["postgresql", "mysql"])
def test_bad_parameters_are_refused_with_what_to_do(engine):
    statement = compile_statement("SELECT :a, :b", engine)
    with pytest.raises(UsageError, match=r"^no value for parameter :b$"):
        statement.values({"a": 1})
    with pytest.raises(UsageError, match=r"give their values as a mapping like \{'a': \.\.\.\}, not tuple"):
        statement.values((1, 2))
    with pytest.raises(UsageError, match="a statement is a str, not bytes"):
        compile_statement(b"SELECT 1", engine)
    foreign = "SELECT $1" if engine == "postgresql" else "SELECT %(a)s"
    with pytest.raises(UsageError, match="is not a parameter here: write :name"):
        compile_statement(foreign, engine)


@pytest.mark.parametrize(
    ("sql", "control"),
    [
        ("BEGIN", True),
        ("begin work", True),
        ("  /* why */ START TRANSACTION READ ONLY", True),
        ("COMMIT", True),
        ("commit;", True),
        ("ROLLBACK", True),
        ("END", True),
        ("ABORT", True),
        ("XA START 'x'", True),
        ("ROLLBACK TO SAVEPOINT s", False),
        ("SAVEPOINT s", False),
        ("RELEASE SAVEPOINT s", False),
        ("SELECT 'BEGIN'", False),
        ("START REPLICA", False),
        ("INSERT INTO t VALUES ('COMMIT')", False),
        ("SET autocommit = 0", True),  # MySQL: every later statement joins one open transaction
        ("set autocommit=1", True),  # MySQL: commits an open transaction
        ("SET @@session.autocommit := OFF", True),
        ("SET SESSION /* x */ autocommit = 0", True),
        ("SET sql_mode = '', AUTOCOMMIT = 0", True),
        ("SET @autocommit = 0", False),  # a user variable
        ("SET @mode = 'autocommit'", False),
        ("SELECT @@autocommit", False),
        ("SET NAMES utf8mb4", False),
    ],
)
def test_statements_that_begin_or_end_a_transaction_are_recognised(sql, control):
    for engine in ("postgresql", "mysql"):
        assert compile_statement(sql, engine).control is control


def test_postgres_insert_folds_into_multi_row_statements_under_16_kb():
    statement = compile_statement("INSERT INTO t (a, b) VALUES (:a, :b) ON CONFLICT (a) DO NOTHING;", "postgresql")
    rows = [{"a": i, "b": f"row {i}"} for i in range(5000)]
    batches = list(drivers.batches(statement, rows))
    assert sum(count for _, _, count in batches) == 5000
    assert 2 < len(batches) < 50
    first_text, first_values, first_count = batches[0]
    assert first_text.startswith("INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ")
    assert first_text.endswith(f"(${2 * first_count - 1}, ${2 * first_count}) ON CONFLICT (a) DO NOTHING")
    assert first_values[:4] == (0, "row 0", 1, "row 1")
    assert all(len(text) <= MAX_STATEMENT_TEXT for text, _, _ in batches)
    assert [value for _, values, _ in batches for value in values[::2]] == list(range(5000))
    assert batches[1][0].startswith("INSERT INTO t (a, b) VALUES ($1, $2), ")  # each statement numbers anew


def test_mysql_insert_with_literals_and_calls_folds_with_the_drivers_quoting_under_16_kb():
    statement = compile_statement("INSERT INTO t (a, b, c) VALUES (:a, '100%', CONCAT(:b, NOW()));", "mysql")
    rows = [{"a": i, "b": f"é {i}"} for i in range(3000)]
    batches = list(drivers.batches(statement, rows, lambda template, values: template % tuple(map(repr, values))))
    assert sum(count for _, _, count in batches) == 3000
    assert 2 < len(batches) < 50
    assert batches[0][0].startswith("INSERT INTO t (a, b, c) VALUES (0, '100%', CONCAT('é 0', NOW())), (1, ")
    assert batches[0][0].endswith("NOW()))")
    assert all(values is None for _, values, _ in batches)  # the values are in the text
    sizes = [len(text.encode()) for text, _, _ in batches]  # bytes: each "é" is two
    assert max(sizes) <= MAX_STATEMENT_TEXT and min(sizes[:-1]) > MAX_STATEMENT_TEXT - 100
    assert batches[1][0].startswith(f"INSERT INTO t (a, b, c) VALUES ({batches[0][2]}, ")


@pytest.mark.parametrize("engine", ["postgresql", "mysql"])
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE t SET b = :b WHERE a = :a",  # not an INSERT
        "INSERT INTO t (a, b) VALUES (:a, :b) ON CONFLICT (a) DO UPDATE SET b = :b",  # a parameter after the group
        "INSERT INTO t (a, b) SELECT :a, :b",  # no VALUES
        "INSERT INTO t (a) VALUES (:a), (:a)",  # a second group
    ],
)
def test_other_batches_run_once_per_row(sql, engine):
    statement = compile_statement(sql, engine)
    assert statement.fold is None
    assert [count for _, _, count in drivers.batches(statement, [{"a": 1, "b": 2}] * 3)] == [1, 1, 1]
