"""rds_connect sends nothing but the caller's statements (and a transaction's own BEGIN, COMMIT and
ROLLBACK), read from each server's own statement log (PostgreSQL `log_statement = all`, MariaDB's
general log): no SET, no named prepared statement, no user variable, lock or temporary table of its
own, on connect, per query, in a transaction or batch, or on reconnect. Each would cost a round trip
and make RDS Proxy pin the session to one database connection."""

from __future__ import annotations

import re

import pymysql
import pytest

from rds_connect import Database

# What RDS Proxy pins a session on, as the servers log it.
PINNING = re.compile(
    r"^(?:Query|Prepare|Execute|statement|execute [^:]+): \s*(?:SET|PREPARE|EXECUTE|DEALLOCATE|LOCK|UNLOCK|LISTEN|"
    r"CREATE\s+(?:GLOBAL\s+|LOCAL\s+)?TEMP(?:ORARY)?)\b"  # session state in SQL
    r"|@\w"  # a user variable (conservative: an @ inside a literal counts too)
    r"|^execute (?!<unnamed>)|^(?:Prepare|Execute):",  # named / server-side prepared statements
    re.IGNORECASE,
)

CALLER = ["SELECT 1 AS ok", "SELECT 1 + :n AS answer"]  # the same text on both engines
CONNECTION_ID = {"mysql": "SELECT CONNECTION_ID() AS id", "postgresql": "SELECT pg_backend_pid() AS id"}
LOGGED = {  # how each server logs what run_caller_statements sends
    "mysql": [
        "Query: SELECT 1 AS ok",
        "Query: SELECT 1 + 2 AS answer",
        "Query: SELECT CONNECTION_ID() AS id",
        "Query: BEGIN",
        "Query: SELECT 3 AS inside",
        "Query: COMMIT",
        "Query: BEGIN",
        "Query: SELECT 4 AS inside",
        "Query: ROLLBACK",
        "Query: BEGIN",
        "Query: SELECT 5 AS batch",
        "Query: SELECT 6 AS batch",
        "Query: COMMIT",
    ],
    "postgresql": [
        "statement: SELECT 1 AS ok",
        "execute <unnamed>: SELECT 1 + $1 AS answer",
        "statement: SELECT pg_backend_pid() AS id",
        "statement: BEGIN",
        "execute <unnamed>: SELECT $1 AS inside",
        "statement: COMMIT",
        "statement: BEGIN",
        "execute <unnamed>: SELECT $1 AS inside",
        "statement: ROLLBACK",
        "statement: BEGIN",
        "execute <unnamed>: SELECT $1 AS batch",
        "execute <unnamed>: SELECT $1 AS batch",
        "statement: COMMIT",
    ],
}


def pinning(statements: list[str]) -> list[str]:
    return [statement for statement in statements if PINNING.search(statement)]


def run_caller_statements(database: Database, engine: str) -> None:
    for sql in CALLER:
        database.query(sql, {"n": 2})
    database.query(CONNECTION_ID[engine])
    with database.transaction() as tx:
        tx.query("SELECT :n AS inside", {"n": 3})
    with pytest.raises(RuntimeError, match="rolled back"), database.transaction() as tx:
        tx.query("SELECT :n AS inside", {"n": 4})
        raise RuntimeError("rolled back")
    database.executemany("SELECT :n AS batch", [{"n": 5}, {"n": 6}])


def test_only_the_callers_statements_reach_the_server(server, lambda_env):
    lambda_env(server.lambda_env())
    mark = server.statement_log_mark()
    database = Database.from_env()
    run_caller_statements(database, server.engine)
    server.kill_app_connections()  # the next statement reconnects
    run_caller_statements(database, server.engine)
    database.close()
    assert database.connections_opened == 2
    statements = server.statements_since(mark, 2 * len(LOGGED[server.engine]))
    assert statements == LOGGED[server.engine] * 2
    assert pinning(statements) == []


def test_the_check_catches_what_the_driver_sends_on_its_own(mysql_server):
    """Plain PyMySQL with a charset, as rds_connect used it before, sends SET NAMES on connect."""
    server = mysql_server
    if not server.running:
        server.start()
    env = server.lambda_env()
    mark = server.statement_log_mark()
    connection = pymysql.connect(
        host=env["DB_HOST"],
        port=int(env["DB_PORT"]),
        user=env["DB_USER"],
        database=env["DB_NAME"],
        password=_token(env),
        ssl=_tls(env),
        charset="utf8mb4",
        autocommit=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    connection.close()
    assert pinning(server.statements_since(mark, 2)) == ["Query: SET NAMES utf8mb4"]


def test_pinning_patterns():
    assert (
        pinning(
            [
                "Query: SET autocommit=1",
                "statement: set application_name = 'x'",
                "Query: SELECT @v := 1",
                "execute S_1: SELECT 1",
                "Prepare: SELECT ?",
                "statement: LOCK TABLE t",
                "Query: CREATE TEMPORARY TABLE t (i int)",
                "statement: create temp table t (i int)",
                "statement: LISTEN ch",
            ]
        )
        != []
    )
    assert len(pinning(["Query: SET autocommit=1", "execute S_1: SELECT 1", "Query: SELECT @v"])) == 3
    assert pinning(["statement: SELECT 1", "execute <unnamed>: SELECT $1", "Query: SELECT 'a@b' = 'c'"]) == [
        "Query: SELECT 'a@b' = 'c'"
    ]


def _token(env: dict[str, str]) -> str:
    from rds_connect import Config, generate_auth_token

    config = Config.from_env(env)
    return generate_auth_token(config.host, config.port, config.user, config.region, config.credentials)


def _tls(env: dict[str, str]):
    from rds_connect import tls_context

    return tls_context(env["DB_CA_BUNDLE"])
