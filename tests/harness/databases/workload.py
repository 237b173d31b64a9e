"""K simulated Lambda containers x M invocations each, mixing reads, writes and transactions on
PostgreSQL: the load the PgBouncer test and benchmark put through a multiplexing pooler, and straight
onto the database to compare.

Each container is a process of its own with its own kept connection, in one of three modes:
    library     rds_connect.Database: query(), transaction(), executemany()
    handler     lambda_src/handler.py: each invocation reads through lambda_handler, then writes through
                the handler's own Database (one kept connection for both)
    sqlalchemy  rds_connect.sqlalchemy.create_engine: Core statements, an ORM-free engine.begin()
Invocation i of container c does, by i % 4: a read checked against what the container committed so
far; a write; a transaction of two statements (a ledger row and the container's balance) checked
inside; a transaction that raises and must leave nothing. Containers log in, then start together (a
barrier on stdin), and report per-invocation times, the database backends that served their reads, and
every wrong result. check() compares the database's final state with what each container committed.

    python -m harness.databases.workload --mode library --container 3 --invocations 20   (environment: the Lambda's)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections import namedtuple
from collections.abc import Callable, Sequence

MODES = ("library", "handler", "sqlalchemy")
SCHEMA = [
    "CREATE TABLE ledger (container int, invocation int, amount int, PRIMARY KEY (container, invocation))",
    "CREATE TABLE balances (container int PRIMARY KEY, total int NOT NULL)",
]
READ = (
    "SELECT count(*) AS n, coalesce(sum(amount), 0) AS total, pg_backend_pid() AS backend"
    " FROM ledger WHERE container = :c"
)
WRITE = "INSERT INTO ledger (container, invocation, amount) VALUES (:c, :i, :amount)"
ADD = "UPDATE balances SET total = total + :amount WHERE container = :c"
BALANCE = "SELECT total FROM balances WHERE container = :c"

Result = namedtuple("Result", "timings errors backends logins max_server_connections")


class RolledBack(Exception):
    pass


def committed(container: int, invocations: int) -> tuple[int, int, int]:
    """(ledger rows, their sum, balance) that container `container` leaves after `invocations`."""
    rows = [i + 1 for i in range(invocations) if i % 4 in (1, 2)]
    return len(rows), sum(rows), sum(i + 1 for i in range(invocations) if i % 4 == 2)


def prepare(admin: Callable[[str], object], containers: int) -> None:
    """Fresh tables for `containers` containers, through `admin` (a superuser's statement runner)."""
    admin("DROP TABLE IF EXISTS ledger, balances")
    for statement in SCHEMA:
        admin(statement)
    admin("GRANT ALL ON ledger, balances TO app_user")
    admin(f"INSERT INTO balances SELECT c, 0 FROM generate_series(0, {containers - 1}) AS c")


def check(admin: Callable[[str], list], containers: int, invocations: int) -> list[str]:
    """What is wrong with the database's final state (nothing, when every container did its work)."""
    found = {c: (n, total) for c, n, total in admin("SELECT container, count(*), sum(amount) FROM ledger GROUP BY 1")}
    balances = dict(admin("SELECT container, total FROM balances"))
    problems = []
    for container in range(containers):
        rows, total, balance = committed(container, invocations)
        if found.get(container, (0, 0)) != (rows, total) or balances.get(container) != balance:
            problems.append(f"container {container}: ledger {found.get(container)}, balance {balances.get(container)}")
    return problems


# ---------------------------------------------------------------- inside a container


class LibraryContainer:
    def __init__(self, container: int):
        from rds_connect import Database

        self.c, self.db = container, Database.from_env()

    def read(self):
        return self.db.query(READ, {"c": self.c})[1][0]

    def write(self, i: int) -> None:
        self.db.query(WRITE, {"c": self.c, "i": i, "amount": i + 1})

    def transaction(self, i: int, fail: bool) -> int:
        with self.db.transaction() as tx:
            tx.query(WRITE, {"c": self.c, "i": i, "amount": i + 1})
            tx.query(ADD, {"c": self.c, "amount": i + 1})
            balance = tx.query(BALANCE, {"c": self.c})[1][0][0]
            if fail:
                raise RolledBack
        return balance


class HandlerContainer(LibraryContainer):
    def __init__(self, container: int):
        from harness.lambda_function import load_handler

        self.c, self.handler = container, load_handler()
        self.db = self.handler.database()

    def read(self):
        response = self.handler.lambda_handler({"query": "connection_id"}, None)
        if response["statusCode"] != 200:
            raise RuntimeError(f"handler answered {response['statusCode']}: {response['body']}")
        return super().read()


class SQLAlchemyContainer:
    def __init__(self, container: int):
        import sqlalchemy

        from rds_connect import Database
        from rds_connect.sqlalchemy import create_engine

        self.c, self.sa = container, sqlalchemy
        self.engine = create_engine(Database.from_env())

    def read(self):
        with self.engine.connect() as connection:
            return tuple(connection.execute(self.sa.text(READ), {"c": self.c}).one())

    def write(self, i: int) -> None:
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(self.sa.text(WRITE), {"c": self.c, "i": i, "amount": i + 1})

    def transaction(self, i: int, fail: bool) -> int:
        with self.engine.begin() as connection:
            connection.execute(self.sa.text(WRITE), {"c": self.c, "i": i, "amount": i + 1})
            connection.execute(self.sa.text(ADD), {"c": self.c, "amount": i + 1})
            balance = connection.execute(self.sa.text(BALANCE), {"c": self.c}).scalar()
            if fail:
                raise RolledBack
        return balance


CONTAINERS = {"library": LibraryContainer, "handler": HandlerContainer, "sqlalchemy": SQLAlchemyContainer}


def container_main(mode: str, container: int, invocations: int) -> None:
    """One container: waits for "go" on stdin, runs its invocations, prints its report as JSON."""
    timings, errors, backends = [], [], set()
    rows = total = balance = 0
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):  # the library's log lines
        work = CONTAINERS[mode](container)
        work.read()  # logged in before the others start: every timed invocation finds its connection kept
        print("ready", file=sys.stderr, flush=True)
        sys.stdin.readline()
        for i in range(invocations):
            started = time.perf_counter()
            try:
                kind = i % 4
                if kind == 0:
                    n, found, backend = work.read()
                    backends.add(backend)
                    if (n, found) != (rows, total):
                        errors.append(f"invocation {i}: read ({n}, {found}), committed ({rows}, {total})")
                elif kind == 1:
                    work.write(i)
                    rows, total = rows + 1, total + i + 1
                elif kind == 2:
                    seen = work.transaction(i, fail=False)
                    rows, total, balance = rows + 1, total + i + 1, balance + i + 1
                    if seen != balance:
                        errors.append(f"invocation {i}: balance {seen} inside the transaction, expected {balance}")
                else:
                    with contextlib.suppress(RolledBack):
                        work.transaction(i, fail=True)
            except Exception as exc:  # reported, never hidden: run() fails on any
                errors.append(f"invocation {i}: {type(exc).__name__}: {exc}")
            timings.append(time.perf_counter() - started)
    print(json.dumps({"timings": timings, "errors": errors, "backends": sorted(backends)}))


# ---------------------------------------------------------------- the driver


def run(
    env: dict[str, str],
    modes: Sequence[str],
    invocations: int,
    server_connections: Callable[[], int],
    logins: Callable[[], int],
) -> Result:
    """One container for each of `modes` (container c runs modes[c]), side by side on the Lambda
    environment `env`. `server_connections()` is sampled every 20 ms while they run; `logins()` counts
    accepted logins (its difference is reported)."""
    environ = {**os.environ, **env, "AWS_EC2_METADATA_DISABLED": "true"}
    command = [sys.executable, "-m", "harness.databases.workload", "--invocations", str(invocations)]
    processes = [
        subprocess.Popen(
            [*command, "--mode", mode, "--container", str(c)],
            env=environ,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for c, mode in enumerate(modes)
    ]
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], server_connections())
            done.wait(0.02)

    before = logins()
    sampler = threading.Thread(target=sample, daemon=True)
    try:
        for process in processes:
            seen = []
            while (line := process.stderr.readline()) and line.strip() != "ready":
                seen.append(line)
            if not line:
                raise RuntimeError(f"a container did not start: {''.join(seen)[-2000:]}")
        sampler.start()
        for process in processes:
            process.stdin.write("go\n")
            process.stdin.flush()
        reports = []
        for process in processes:
            output, error = process.communicate(timeout=600)
            if process.returncode != 0:
                raise RuntimeError(f"a container failed (exit {process.returncode}): {error[-2000:]}")
            reports.append(json.loads(output))
    finally:
        done.set()
        if sampler.is_alive():
            sampler.join()
        for process in processes:
            if process.poll() is None:
                process.kill()
    return Result(
        timings=[report["timings"] for report in reports],
        errors=[error for report in reports for error in report["errors"]],
        backends=sorted({backend for report in reports for backend in report["backends"]}),
        logins=logins() - before,
        max_server_connections=peak[0],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=MODES, required=True)
    parser.add_argument("--container", type=int, required=True)
    parser.add_argument("--invocations", type=int, required=True)
    args = parser.parse_args(argv)
    container_main(args.mode, args.container, args.invocations)
    return 0


if __name__ == "__main__":
    sys.exit(main())
