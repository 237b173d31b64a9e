"""Ways to insert many rows, per engine, against the real local servers (prints figures, asserts nothing but
that every way inserted every row).

PostgreSQL (pg8000):
    row by row           pg8000's own run() per row, in autocommit: three round trips each
    row by row, one tx   rds_connect tx.query() per row inside one transaction: one round trip each
    dbapi executemany    pg8000.dbapi's executemany inside one transaction: a statement per row
    rds_connect batch    db.executemany: multi-row INSERT ... VALUES statements of at most 16 KB
    one statement        the same rewrite without the 16 KB bound (RDS Proxy pins a session past 16 KB)
    unnest arrays        one INSERT ... SELECT FROM unnest(:ids::int[], :notes::text[]): two parameters
MySQL (PyMySQL):
    row by row           one INSERT per row, in autocommit
    rds_connect batch    db.executemany: multi-row statements of at most 16 KB, folded by the library
    1 MB statements      PyMySQL's executemany with its default bound

Run as root, like the tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pg8000.dbapi
import pg8000.native
import pymysql

from harness.databases import dbservers
from rds_connect import Config, Database, generate_auth_token, statements, tls_context

INSERT = "INSERT INTO bench_rows (id, note) VALUES (:id, :note)"


def driver_connection(config: Config, module):
    """The driver's own connection (pg8000.native, pg8000.dbapi or PyMySQL), opened with a token over TLS."""
    token = generate_auth_token(config.host, config.port, config.user, config.region, config.credentials)
    tls = tls_context(config.ca_bundle)
    if module is pymysql:
        return pymysql.connect(
            host=config.host, port=config.port, user=config.user, password=token, database=config.database, ssl=tls
        )
    return module.Connection(
        user=config.user, host=config.host, port=config.port, database=config.database, password=token, ssl_context=tls
    )


def postgres_ways(db: Database, config: Config, rows: list[dict]) -> dict:
    native, dbapi = driver_connection(config, pg8000.native), driver_connection(config, pg8000.dbapi)

    def row_by_row():
        for row in rows:
            native.run(INSERT, **row)

    def row_by_row_in_a_transaction():
        with db.transaction() as tx:
            for row in rows:
                tx.query(INSERT, row)

    def dbapi_executemany():
        cursor = dbapi.cursor()
        cursor.executemany("INSERT INTO bench_rows (id, note) VALUES (%s, %s)", [(r["id"], r["note"]) for r in rows])
        dbapi.commit()

    def one_statement():
        bound, statements.MAX_STATEMENT_TEXT = statements.MAX_STATEMENT_TEXT, 1 << 30
        try:
            db.executemany(INSERT, rows)
        finally:
            statements.MAX_STATEMENT_TEXT = bound

    def unnest_arrays():
        db.query(
            "INSERT INTO bench_rows (id, note) SELECT * FROM unnest(:ids::int[], :notes::text[])",
            {"ids": [r["id"] for r in rows], "notes": [r["note"] for r in rows]},
        )

    return {
        "row by row (pg8000 run)": row_by_row,
        "row by row, one transaction": row_by_row_in_a_transaction,
        "pg8000.dbapi executemany": dbapi_executemany,
        "rds_connect executemany": lambda: db.executemany(INSERT, rows),
        "one statement, no 16 KB bound": one_statement,
        "unnest arrays, one statement": unnest_arrays,
    }


def mysql_ways(db: Database, config: Config, rows: list[dict]) -> dict:
    connection = driver_connection(config, pymysql)
    connection.autocommit(True)
    values = [(r["id"], r["note"]) for r in rows]

    def row_by_row():
        with connection.cursor() as cursor:
            for value in values:
                cursor.execute("INSERT INTO bench_rows (id, note) VALUES (%s, %s)", value)

    def megabyte_statements():
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO bench_rows (id, note) VALUES (%s, %s)", values)

    return {
        "row by row (PyMySQL execute)": row_by_row,
        "rds_connect executemany": lambda: db.executemany(INSERT, rows),
        "PyMySQL executemany, 1 MB statements": megabyte_statements,
    }


def bench_engine(engine: str, ca, credentials, sizes: list[int], repeats: int) -> None:
    server = dbservers.SERVERS[engine](ca, credentials)
    try:
        config = Config.from_env(server.lambda_env())
        db = Database(config, log=lambda *args, **fields: None)
        db.query("CREATE TABLE bench_rows (id int PRIMARY KEY, note varchar(100))")
        print(f"{engine}: median of {repeats} runs, ms (and rows a second)")
        for size in sizes:
            rows = [{"id": i, "note": f"row {i}: it's 100% plain text"} for i in range(size)]
            ways = (postgres_ways if engine == "postgresql" else mysql_ways)(db, config, rows)
            figures = {}
            for name, way in ways.items():
                samples = []
                for _ in range(repeats):
                    db.query("TRUNCATE TABLE bench_rows")
                    started = time.perf_counter()
                    way()
                    samples.append(time.perf_counter() - started)
                    if db.query("SELECT count(*) FROM bench_rows")[1] != [[size]]:
                        sys.exit(f"bench_lambda_batch: {name} did not insert {size} rows")
                figures[name] = statistics.median(samples) * 1000
            ours = figures["rds_connect executemany"]
            print(f"  {size} rows")
            for name, ms in figures.items():
                print(f"    {name:38s} {ms:9.1f} ms  {size / ms * 1000:9.0f} rows/s  {ms / ours:6.2f}x rds_connect")
        db.close()
    finally:
        server.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--engine", choices=sorted(dbservers.SERVERS), action="append")
    args = parser.parse_args(argv)
    credentials = dbservers.FakeAwsCredentials.generate()
    with tempfile.TemporaryDirectory(prefix="rdspl-bench-ca-") as directory:
        ca = dbservers.ThrowawayCA(Path(directory))
        for engine in args.engine or ["postgresql", "mysql"]:
            bench_engine(engine, ca, credentials, args.rows, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
