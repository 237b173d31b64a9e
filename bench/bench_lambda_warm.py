"""Warm invocation latency of the Lambda handler against real local servers (prints figures, asserts nothing).

    raw      the query on an already-open TLS connection, straight through the driver
    reuse    the same query through rds_connect.Database on the connection it kept: liveness check,
             query, reconnect-if-needed logic (the connection handling the target is about)
    handler  a whole handler.lambda_handler invocation on that connection: reuse + the JSON
             response + one structured log line
    seed     the seed posts' pattern: a boto3 token and a new TLS connection per call, closed at the end

Servers as in the tests (tests/lambda/dbservers.py): IAM tokens checked through PAM, TLS only.
Run as root (the servers' PAM service goes in /etc/pam.d). Target: reuse p50 and p99 <= 1.15x raw.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness.databases import dbservers
from harness.lambda_function import load_handler
from rds_connect import Config, generate_auth_token, tls_context

QUERY = "SELECT 1 AS ok"
TARGET = 1.15


def connect(config: Config, token: str, tls):
    """A plain driver connection, as the seed code opens it (TLS on, mysql_clear_password for MySQL)."""
    if config.engine == "mysql":
        import pymysql

        return pymysql.connect(
            host=config.host,
            port=config.port,
            user=config.user,
            password=token,
            database=config.database,
            ssl=tls,
            autocommit=True,
        )
    import pg8000.native

    return pg8000.native.Connection(
        user=config.user, host=config.host, port=config.port, database=config.database, password=token, ssl_context=tls
    )


def run(engine: str, connection, sql: str = QUERY):
    if engine == "mysql":
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    return connection.run(sql)


def seed_invocation(rds_client, config: Config, tls):
    """New token, new connection, one query, close: what the seed posts do on every invocation."""
    token = rds_client.generate_db_auth_token(
        DBHostname=config.host, Port=config.port, DBUsername=config.user, Region=config.region
    )
    connection = connect(config, token, tls)
    try:
        return run(config.engine, connection)
    finally:
        connection.close()


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def bench_engine(engine: str, ca, credentials, invocations: int, seed_invocations: int) -> None:
    server = dbservers.SERVERS[engine](ca, credentials)
    try:
        os.environ.update(server.lambda_env())
        import boto3

        handler = load_handler()
        handler._database = None
        config = Config.from_env()
        tls = tls_context(config.ca_bundle)
        raw = connect(
            config, generate_auth_token(config.host, config.port, config.user, config.region, config.credentials), tls
        )
        rds = boto3.client("rds", region_name=config.region)
        event = {"query": "ping"}
        samples: dict[str, list[float]] = {"raw": [], "reuse": [], "handler": [], "seed": []}
        calls = {
            "raw": lambda: run(engine, raw),
            "reuse": lambda: handler.database().query(handler.QUERIES["ping"], idempotent=True),
            "handler": lambda: handler.lambda_handler(event, None),
        }
        with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):  # the log lines
            for _ in range(50):  # warm-up: first connection, caches
                for call in calls.values():
                    call()
            for _ in range(invocations):  # interleaved, so drift hits all alike
                for name, call in calls.items():
                    samples[name].append(timed(call) * 1000)
            for _ in range(seed_invocations):
                samples["seed"].append(timed(lambda: seed_invocation(rds, config, tls)) * 1000)
            opened = handler._database.connections_opened
            handler._database.close()
        raw.close()
    finally:
        server.close()

    p50, p99 = ({name: percentiles(values)[i] for name, values in samples.items()} for i in (0, 1))
    print(
        f"{engine}: {invocations} warm invocations on {opened} kept connection, {seed_invocations} seed-pattern calls"
    )
    for label, figures in (("p50", p50), ("p99", p99)):
        print(f"  {label}  " + "  ".join(f"{name} {figures[name]:.3f} ms" for name in samples))
    for name in ("reuse", "handler", "seed"):
        ratios = f"p50 {p50[name] / p50['raw']:.2f}x  p99 {p99[name] / p99['raw']:.2f}x"
        target = ""
        if name == "reuse":
            met = p50[name] <= TARGET * p50["raw"] and p99[name] <= TARGET * p99["raw"]
            target = f"  P1 (reuse <= {TARGET}x raw at p50 and p99): {'met' if met else 'MISSED'}"
        print(f"  {name}/raw  {ratios}{target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invocations", type=int, default=3000)
    parser.add_argument("--seed-invocations", type=int, default=100)
    parser.add_argument("--engine", choices=sorted(dbservers.SERVERS), action="append")
    args = parser.parse_args(argv)
    credentials = dbservers.FakeAwsCredentials.generate()
    os.environ.update(credentials.env())
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"  # never look for other credentials
    with tempfile.TemporaryDirectory(prefix="rdspl-bench-ca-") as directory:
        ca = dbservers.ThrowawayCA(Path(directory))
        for engine in args.engine or ["postgresql", "mysql"]:
            bench_engine(engine, ca, credentials, args.invocations, args.seed_invocations)
    return 0


if __name__ == "__main__":
    sys.exit(main())
