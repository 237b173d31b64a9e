"""DB-API connections for ORMs, against the real PostgreSQL and MariaDB servers: Database.dbapi_connection()
(the driver's own connection, opened the library's way) and rds_connect.sqlalchemy.create_engine (SQLAlchemy
Core and ORM on it: one pooled connection, a fresh token for each new one, the statements SQLAlchemy sends)."""

from __future__ import annotations

import datetime
import secrets
import socket
import ssl

import pg8000.dbapi
import pymysql
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from harness.repo import REPO_ROOT
from rds_connect import Database, DatabaseUnavailable
from rds_connect.sqlalchemy import create_engine

README = REPO_ROOT / "lambda_src" / "README.md"
DRIVER_CONNECTION = {"mysql": pymysql.connections.Connection, "postgresql": pg8000.dbapi.Connection}
CONNECTION_ID = {"mysql": "SELECT CONNECTION_ID()", "postgresql": "SELECT pg_backend_pid()"}
# What SQLAlchemy sends when an engine connects the first time (once per container), as each server
# logs it; lambda_src/README.md lists the same statements. None of them changes session state.
FIRST_CONNECT = {
    "postgresql": [
        "statement: begin transaction",
        "statement: select pg_catalog.version()",
        "statement: select current_schema()",
        "statement: show transaction isolation level",
        "statement: show standard_conforming_strings",
        "execute <unnamed>: rollback",
    ],
    "mysql": [
        "Query: BEGIN",
        "Query: SELECT VERSION()",
        "Query: SELECT DATABASE()",
        "Query: SELECT @@tx_isolation",
        "Query: SELECT @@sql_mode",
        "Query: SELECT @@lower_case_table_names",
        "Query: ROLLBACK",
    ],
}


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = f"items_{secrets.token_hex(3)}"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(sa.String(40))


def test_dbapi_connection_is_the_drivers_own_with_implicit_transactions_and_nothing_else_sent(db, server):
    table = f"t_{secrets.token_hex(4)}"
    db.query(f"CREATE TABLE {table} (id int PRIMARY KEY)")
    before, mark = server.pam.accepted(), server.statement_log_mark()
    connection = db.dbapi_connection()
    try:
        assert isinstance(connection, DRIVER_CONNECTION[server.engine])
        cursor = connection.cursor()
        cursor.execute(f"INSERT INTO {table} (id) VALUES (%s)", (1,))  # the drivers' own paramstyle
        connection.rollback()
        cursor.execute(f"INSERT INTO {table} (id) VALUES (%s)", (2,))
        connection.commit()
        connection.rollback()  # nothing open: nothing sent
        connection.commit()
    finally:
        connection.close()
    statements = server.statements_since(mark, 6)
    assert db.query(f"SELECT id FROM {table}")[1] == [[2]]
    assert server.pam.accepted() == before + 1
    begin, insert, rollback, commit = {
        "mysql": ("Query: BEGIN", f"Query: INSERT INTO {table} (id) VALUES ", "Query: ROLLBACK", "Query: COMMIT"),
        "postgresql": (
            "statement: begin transaction",
            f"execute <unnamed>: INSERT INTO {table} (id) VALUES ",
            "execute <unnamed>: rollback",
            "execute <unnamed>: commit",
        ),
    }[server.engine]
    values = ("(1)", "(2)") if server.engine == "mysql" else ("($1)", "($1)")
    assert statements == [begin, insert + values[0], rollback, begin, insert + values[1], commit]
    db.query(f"DROP TABLE {table}")


def test_dbapi_connection_verifies_tls_and_retries_a_rejected_token_once(server, lambda_env):
    env = server.lambda_env()
    del env["DB_CA_BUNDLE"]  # the bundled Amazon roots did not sign the test server's certificate
    before = len(server.pam.verdicts())
    with pytest.raises(DatabaseUnavailable, match="TLS certificate verification failed"):
        Database.from_env(env).dbapi_connection()
    assert server.pam.verdicts()[before:] == []
    readings = iter([datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=16)])
    db = Database.from_env(
        server.lambda_env(), clock=lambda: next(readings, None) or datetime.datetime.now(datetime.timezone.utc)
    )
    db.dbapi_connection().close()
    assert [verdict["accepted"] for verdict in server.pam.verdicts()[before:]] == [False, True]


def test_dbapi_connection_opens_on_the_reader_endpoint(server):
    env = server.lambda_env() | {"DB_HOST": "writer.invalid", "DB_READ_HOST": "localhost"}
    connection = Database.from_env(env, reader=True).dbapi_connection()
    cursor = connection.cursor()
    cursor.execute("SELECT 1")
    assert list(cursor.fetchall()) in ([(1,)], [[1]])
    connection.close()


def test_sqlalchemy_core_and_orm_on_one_pooled_connection(db, server):
    mark, before = server.statement_log_mark(), server.pam.accepted()
    engine = create_engine(db)
    try:
        with engine.connect() as connection:  # the first connection: SQLAlchemy's dialect asks its questions
            assert connection.execute(sa.text("SELECT :n + 1 AS answer"), {"n": 41}).scalar() == 42
        assert (
            server.statements_since(mark, len(FIRST_CONNECT[server.engine]))[: len(FIRST_CONNECT[server.engine])]
            == (FIRST_CONNECT[server.engine])
        )
        Base.metadata.create_all(engine)
        with Session(engine) as session, session.begin():
            session.add_all([Item(id=1, name="one"), Item(id=2, name="two")])
        with pytest.raises(RuntimeError), Session(engine) as session, session.begin():
            session.add(Item(id=3, name="three"))
            session.flush()
            raise RuntimeError("rolled back")
        with engine.begin() as connection:
            connection.execute(sa.update(Item).where(Item.id == 2).values(name="TWO"))
        for _ in range(3):  # later invocations: the same connection, no new login
            with Session(engine) as session:
                assert [(i.id, i.name) for i in session.scalars(sa.select(Item).order_by(Item.id))] == [
                    (1, "one"),
                    (2, "TWO"),
                ]
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            assert connection.execute(sa.select(sa.func.count()).select_from(Item)).scalar() == 2
        Base.metadata.drop_all(engine)
    finally:
        engine.dispose()
    assert server.pam.accepted() == before + 1 and db.connections_opened == 1
    statements = [statement.split(": ", 1)[1] for statement in server.statements_since(mark, 20)]
    assert [sql for sql in statements if sql.upper().startswith("SET ")] == []  # no session state


def test_sqlalchemy_replaces_a_connection_the_server_closed_with_a_fresh_token(db, server, logs):
    engine = create_engine(db)
    try:
        with engine.connect() as connection:
            first = connection.execute(sa.text(CONNECTION_ID[server.engine])).scalar()
        before = server.pam.accepted()
        server.kill_app_connections()
        logs()
        with engine.connect() as connection:  # no error: the checkout noticed and the pool opened another
            assert connection.execute(sa.text(CONNECTION_ID[server.engine])).scalar() != first
    finally:
        engine.dispose()
    assert server.pam.accepted() == before + 1
    events = [line["event"] for line in logs()]
    assert events[:2] == ["connection_dropped", "connected"]


def test_readme_lists_what_sqlalchemy_sends_on_first_connect():
    readme = README.read_text()
    for statements in FIRST_CONNECT.values():
        for statement in statements:
            sql = statement.split(": ", 1)[1]
            assert f"`{sql}`" in readme, f"lambda_src/README.md does not list `{sql}`"


@pytest.mark.parametrize("server", ["postgresql"], indirect=True)
def test_postgres_exchanges_over_4_kb_are_sent_without_waiting_for_acks(db, monkeypatch):
    """pg8000 writes through an 8 KB buffer with Nagle's algorithm on: a longer exchange's last write would
    wait for the server's delayed ACK (bench_lambda_batch.py: 55 ms instead of 9 for a 1000-row batch). The
    library sends those with TCP_NODELAY, and short ones (most statements) as before."""
    settings = []
    setsockopt = ssl.SSLSocket.setsockopt

    def record(sock, level, option, value):
        if option == socket.TCP_NODELAY:
            settings.append(value)
        return setsockopt(sock, level, option, value)

    monkeypatch.setattr(ssl.SSLSocket, "setsockopt", record)
    db.query("SELECT :n AS short", {"n": 1})
    db.query("SELECT 1 AS short")
    assert settings == []
    db.query("SELECT length(:text) AS long", {"text": "x" * 5000})
    db.query("SELECT 1 AS long -- " + "x" * 5000)
    connection = db.dbapi_connection()
    connection.cursor().execute("SELECT length(%s)", ("x" * 5000,))
    connection.close()
    assert settings == [1, 0] * 3
