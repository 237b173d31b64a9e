"""Transactions, the one parameter style and batches of rds_connect.Database against the real PostgreSQL
and MariaDB servers (each test on both): one statement text for both engines, commit and rollback,
nothing retried inside a transaction, batches all or nothing in statements under 16 KB."""

from __future__ import annotations

import datetime
import secrets

import pytest

from rds_connect import ConnectionLost, Database, QueryError, UsageError
from rds_connect.statements import MAX_STATEMENT_TEXT

NOTE = 'it\'s 100% \\ "quoted" :id -- not a comment'  # what a parameter may hold, sent back verbatim


@pytest.fixture
def table(db):
    name = f"t_{secrets.token_hex(4)}"
    db.query(f"CREATE TABLE {name} (id int PRIMARY KEY, note varchar(200))")
    yield name
    db.query(f"DROP TABLE {name}")


def ids(db, table) -> list[int]:
    return [row[0] for row in db.query(f"SELECT id FROM {table} ORDER BY id")[1]]


def test_one_statement_text_and_parameters_serve_both_engines(db):
    columns, rows = db.query(
        "SELECT :note AS note, :n + 1 AS next, ':n' AS literal, '100%' AS percent, :none AS nothing, "
        ":day AS day, :note AS again -- :n",
        {"n": 41, "note": NOTE, "none": None, "day": datetime.date(2024, 2, 29)},
    )
    assert columns == ["note", "next", "literal", "percent", "nothing", "day", "again"]
    [[note, following, literal, percent, nothing, day, again]] = rows
    assert (note, following, literal, percent, nothing, again) == (NOTE, 42, ":n", "100%", None, NOTE)
    assert str(day) == "2024-02-29"  # a date (MariaDB) or its text (PostgreSQL's unknown-typed parameter)


def test_a_parameter_without_a_value_is_refused_before_anything_is_sent(db):
    with pytest.raises(UsageError, match="^no value for parameter :b$"):
        db.query("SELECT :a, :b", {"a": 1})
    assert db.connections_opened == 0


def test_transaction_commits_when_the_block_ends_and_rolls_back_when_it_raises(db, table, server):
    mark = server.statement_log_mark()
    with db.transaction() as tx:
        tx.query(f"INSERT INTO {table} (id, note) VALUES (:id, :note)", {"id": 1, "note": NOTE})
        tx.query(f"INSERT INTO {table} (id, note) VALUES (:id, :note)", {"id": 2, "note": "two"})
        assert tx.query(f"SELECT count(*) AS n FROM {table}") == (["n"], [[2]])
    with pytest.raises(ZeroDivisionError), db.transaction() as tx:
        tx.query(f"INSERT INTO {table} (id, note) VALUES (:id, :note)", {"id": 3, "note": "three"})
        1 / 0  # noqa: B018
    with pytest.raises(QueryError), db.transaction() as tx:
        tx.query(f"INSERT INTO {table} (id, note) VALUES (:id, :note)", {"id": 4, "note": "four"})
        tx.query(f"INSERT INTO {table} (id, note) VALUES (:id, :note)", {"id": 1, "note": "duplicate"})
    assert ids(db, table) == [1, 2]
    assert db.query(f"SELECT note FROM {table} WHERE id = :id", {"id": 1}) == (["note"], [[NOTE]])
    assert db.connections_opened == 1
    control = [s.split(": ", 1)[1] for s in server.statements_since(mark, 12) if s.split(": ", 1)[1].isalpha()]
    assert control == ["BEGIN", "COMMIT", "BEGIN", "ROLLBACK", "BEGIN", "ROLLBACK"]


def test_after_a_failed_statement_postgres_rolls_back_and_mysql_goes_on(db, table, server):
    """The engines' own rule, which the library passes on: a PostgreSQL transaction can only roll back once a
    statement in it failed, so its COMMIT raises QueryError; MySQL keeps the other statements' work."""

    def transaction():
        with db.transaction() as tx:
            tx.query(f"INSERT INTO {table} (id) VALUES (1)")
            with pytest.raises(QueryError):
                tx.query(f"INSERT INTO {table} (id) VALUES (1)")

    if server.engine == "postgresql":
        with pytest.raises(QueryError, match="rolled the transaction back: a statement in it had failed"):
            transaction()
        assert ids(db, table) == []
    else:
        transaction()
        assert ids(db, table) == [1]
    assert db.connections_opened == 1  # the connection was fine throughout


def test_savepoints_work_inside_a_transaction(db, table):
    with db.transaction() as tx:
        tx.query(f"INSERT INTO {table} (id) VALUES (1)")
        tx.query("SAVEPOINT before_two")
        tx.query(f"INSERT INTO {table} (id) VALUES (2)")
        tx.query("ROLLBACK TO SAVEPOINT before_two")
        tx.query("RELEASE SAVEPOINT before_two")
    assert ids(db, table) == [1]


@pytest.mark.parametrize(
    "sql", ["BEGIN", "start transaction", "COMMIT", "rollback", "/* why */ BEGIN WORK", "SET autocommit = 0"]
)
def test_transaction_control_through_query_is_refused_with_the_way_to_do_it(db, sql):
    with pytest.raises(UsageError, match=r"begins or ends a transaction: use `with db.transaction\(\) as tx:`"):
        db.query(sql)
    with pytest.raises(UsageError, match="begins or ends a transaction"), db.transaction() as tx:
        tx.query(sql)
    assert db.query("SELECT 1 AS ok") == (["ok"], [[1]])  # the refused transaction was rolled back


def test_transactions_do_not_nest_and_hold_the_database_until_they_end(db, table):
    with db.transaction() as tx:
        with pytest.raises(UsageError, match="transactions do not nest"), db.transaction():
            pass
        with pytest.raises(UsageError, match=r"run statements through it \(tx.query\)"):
            db.query("SELECT 1")
        with pytest.raises(UsageError, match="run statements through it"):
            db.executemany(f"INSERT INTO {table} (id) VALUES (:id)", [{"id": 9}])
        tx.query(f"INSERT INTO {table} (id) VALUES (1)")
    with pytest.raises(UsageError, match="this transaction has ended"):
        tx.query("SELECT 1")
    with pytest.raises(UsageError, match="already used"), tx:
        pass
    assert ids(db, table) == [1]


@pytest.mark.parametrize("noticed", [True, False], ids=["noticed-before-the-statement", "broke-under-it"])
def test_connection_lost_inside_a_transaction_raises_is_not_retried_and_the_next_call_recovers(
    db, table, server, monkeypatch, noticed
):
    db.query("SELECT 1")
    with monkeypatch.context() as patch:
        if not noticed:  # as if the connection dropped without a FIN: only the statement finds out
            patch.setattr(db.driver, "is_alive", lambda connection: True)
        with pytest.raises(ConnectionLost), db.transaction() as tx:
            tx.query(f"INSERT INTO {table} (id) VALUES (1)")
            server.kill_app_connections()
            tx.query(f"INSERT INTO {table} (id) VALUES (2)")
    assert db.connections_opened == 1  # nothing reconnected inside the transaction
    assert ids(db, table) == []  # the server rolled back the first insert
    assert db.connections_opened == 2


def test_a_lost_connection_whose_error_was_swallowed_is_not_committed(db, table, server):
    with pytest.raises(ConnectionLost, match="not be committed|lost inside a transaction"), db.transaction() as tx:
        tx.query(f"INSERT INTO {table} (id) VALUES (1)")
        server.kill_app_connections()
        with pytest.raises(ConnectionLost):
            tx.query(f"INSERT INTO {table} (id) VALUES (2)")
        with pytest.raises(ConnectionLost, match="lost inside a transaction"):
            tx.query("SELECT 1")  # still no reconnection
    assert ids(db, table) == []


def test_a_kept_connection_that_broke_unnoticed_is_replaced_once_at_begin(db, table, server, monkeypatch):
    db.query("SELECT 1")
    with monkeypatch.context() as patch:
        patch.setattr(db.driver, "is_alive", lambda connection: True)
        server.kill_app_connections()
        with db.transaction() as tx:  # BEGIN failed on the dead connection: nothing had run, so it is reopened
            tx.query(f"INSERT INTO {table} (id) VALUES (1)")
    assert db.connections_opened == 2
    assert ids(db, table) == [1]


def test_a_token_rejected_once_at_connect_is_replaced_once_for_a_transaction(server, lambda_env, logs):
    lambda_env(server.lambda_env())
    readings = iter([datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=16)])
    db = Database.from_env(clock=lambda: next(readings, None) or datetime.datetime.now(datetime.timezone.utc))
    before = len(server.pam.verdicts())
    try:
        with db.transaction() as tx:
            assert tx.query("SELECT 1 AS ok") == (["ok"], [[1]])
    finally:
        db.close()
    refused, accepted = server.pam.verdicts()[before:]
    assert refused["reason"].startswith("token expired at ") and accepted["accepted"] is True
    assert [line["event"] for line in logs()][:3] == ["connect_failed", "token_rejected", "connected"]


def test_executemany_inserts_in_few_statements_of_at_most_16_kb_inside_one_transaction(db, table, server):
    rows = [{"id": i, "note": f"{NOTE} {i}"} for i in range(2000)]
    mark = server.statement_log_mark()
    assert db.executemany(f"INSERT INTO {table} (id, note) VALUES (:id, :note)", rows) == 2000
    statements = [s.split(": ", 1)[1] for s in server.statements_since(mark, 4)]
    assert db.query(f"SELECT count(*), min(note), max(id) FROM {table}")[1] == [[2000, f"{NOTE} 0", 1999]]
    inserts = statements[1:-1]
    assert statements[0] == "BEGIN" and statements[-1] == "COMMIT"
    assert all(s.startswith(f"INSERT INTO {table} (id, note) VALUES (") for s in inserts)
    assert 2 <= len(inserts) <= 40  # many rows in each statement ...
    assert max(len(s.encode()) for s in inserts) <= MAX_STATEMENT_TEXT  # ... none so long that RDS Proxy pins


def test_executemany_folds_an_insert_whose_values_hold_literals_and_calls(db, table, server):
    rows = [{"id": i, "note": f"Row {i}"} for i in range(2000)]
    sql = f"INSERT INTO {table} (id, note) VALUES (:id, CONCAT('100% ', LOWER(:note), ' :x'))"
    mark = server.statement_log_mark()
    assert db.executemany(sql, rows) == 2000
    statements = [s.split(": ", 1)[1] for s in server.statements_since(mark, 4)]
    inserts = statements[1:-1]
    assert statements[0] == "BEGIN" and statements[-1] == "COMMIT"
    assert 2 <= len(inserts) <= 10, f"{len(inserts)} statements for 2000 rows"
    assert max(len(s.encode()) for s in inserts) <= MAX_STATEMENT_TEXT
    assert db.query(f"SELECT note FROM {table} WHERE id IN (0, 1999) ORDER BY id")[1] == [
        ["100% row 0 :x"],
        ["100% row 1999 :x"],
    ]
    assert db.query(f"SELECT count(*) FROM {table}")[1] == [[2000]]


def test_executemany_of_an_upsert_with_a_parameter_after_its_group_runs_once_per_row(db, table, server):
    """PyMySQL's own executemany raised TypeError for this one ("not enough arguments for format string")."""
    upsert = {
        "mysql": "ON DUPLICATE KEY UPDATE note = :note",
        "postgresql": "ON CONFLICT (id) DO UPDATE SET note = :note",
    }[server.engine]
    sql = f"INSERT INTO {table} (id, note) VALUES (:id, :note) {upsert}"
    db.executemany(sql, [{"id": 1, "note": "a"}, {"id": 2, "note": "b"}])
    db.executemany(sql, [{"id": 2, "note": "c"}, {"id": 3, "note": "d"}])
    assert db.query(f"SELECT id, note FROM {table} ORDER BY id")[1] == [[1, "a"], [2, "c"], [3, "d"]]


def test_executemany_is_all_or_nothing(db, table):
    rows = [{"id": i, "note": "x" * 100} for i in range(1500)] + [{"id": 7, "note": "duplicate"}]
    with pytest.raises(QueryError):
        db.executemany(f"INSERT INTO {table} (id, note) VALUES (:id, :note)", rows)
    assert ids(db, table) == []


def test_executemany_of_other_statements_runs_them_once_per_row(db, table):
    db.executemany(f"INSERT INTO {table} (id, note) VALUES (:id, 'new')", ({"id": i} for i in range(5)))
    changed = db.executemany(
        f"UPDATE {table} SET note = :note WHERE id = :id", [{"id": 1, "note": "a"}, {"id": 9, "note": "b"}]
    )
    assert changed == 1  # id 9 matched no row
    assert db.query(f"SELECT note FROM {table} WHERE id = 1")[1] == [["a"]]
    assert db.executemany(f"INSERT INTO {table} (id) VALUES (:id)", []) == 0


def test_executemany_of_one_row_needs_no_transaction(db, table, server):
    mark = server.statement_log_mark()
    assert db.executemany(f"INSERT INTO {table} (id, note) VALUES (:id, :note)", [{"id": 1, "note": "one"}]) == 1
    values = {"mysql": "(1, 'one')", "postgresql": "($1, $2)"}[server.engine]
    assert [s.split(": ", 1)[1] for s in server.statements_since(mark, 1)] == [
        f"INSERT INTO {table} (id, note) VALUES {values}"
    ]
