"""K Lambda containers through a multiplexing pooler (PgBouncer) and straight onto PostgreSQL (prints figures,
asserts nothing but that every result was right).

For K = 1, 10, 50 containers (processes, each with its kept connection) x M invocations of reads, writes and
transactions (tests/harness/databases/workload.py), once through PgBouncer in transaction pooling mode with a pool of P
database connections (tests/harness/databases/pgbouncer.py: TLS, IAM tokens through PAM, as RDS Proxy takes them) and
once with each container connected to PostgreSQL itself. Printed: the client connections opened (logins the
token verifier accepted), the database connections at their peak (pg_stat_activity, sampled every 20 ms),
and p50/p99 of the invocations (each container logs in before they start), with their ratio to the
direct run. Run as root, like the tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from harness.databases import dbservers, workload
from harness.databases.dbservers import APP_DATABASE
from harness.databases.pgbouncer import PgBouncer


def percentiles(timings: list[list[float]]) -> tuple[float, float]:
    warm = sorted(t * 1000 for container in timings for t in container)
    return statistics.median(warm), warm[min(len(warm) - 1, int(len(warm) * 0.99))]


def measure(postgres, bouncer, mode: str, containers: int, invocations: int, through_pooler: bool):
    def admin(sql):
        return postgres.admin(sql, database=APP_DATABASE)

    workload.prepare(admin, containers)
    session = postgres.admin_session()

    def connections() -> int:  # the database connections serving the containers
        return len(bouncer.server_connections(session) if through_pooler else postgres.app_connections(session))

    env, logins = (
        (bouncer.lambda_env(), bouncer.pam.accepted)
        if through_pooler
        else (postgres.lambda_env(), postgres.pam.accepted)
    )
    try:
        result = workload.run(env, [mode] * containers, invocations, connections, logins)
    finally:
        session.close()
    problems = result.errors + workload.check(admin, containers, invocations)
    if problems:
        sys.exit(f"bench_lambda_pgbouncer: wrong results ({len(problems)}), first: {problems[0]}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--containers", type=int, nargs="+", default=[1, 10, 50], help="values of K")
    parser.add_argument("--invocations", type=int, default=40, help="M, per container")
    parser.add_argument("--pool-size", type=int, default=5, help="P, PgBouncer's database connections")
    parser.add_argument("--mode", choices=workload.MODES, default="library")
    args = parser.parse_args(argv)
    credentials = dbservers.FakeAwsCredentials.generate()
    with tempfile.TemporaryDirectory(prefix="rdspl-bench-ca-") as directory:
        postgres = dbservers.PostgresServer(dbservers.ThrowawayCA(Path(directory)), credentials)
        try:
            bouncer = PgBouncer(postgres, pool_size=args.pool_size)
            try:
                rows = []
                for k in args.containers:
                    pooled = measure(postgres, bouncer, args.mode, k, args.invocations, through_pooler=True)
                    direct = measure(postgres, bouncer, args.mode, k, args.invocations, through_pooler=False)
                    rows.append((k, pooled, direct))
            finally:
                bouncer.close()
        finally:
            postgres.close()
    print(
        f"{args.mode} containers x M={args.invocations} invocations (reads, writes, transactions); "
        f"PgBouncer 1.18, transaction pooling, pool of {args.pool_size}"
    )
    print("       through PgBouncer                        | direct to PostgreSQL            | PgBouncer/direct")
    print("    K  clients  db conns  p50 ms   p99 ms       | db conns  p50 ms   p99 ms       | p50     p99")
    for k, pooled, direct in rows:
        (pooled_p50, pooled_p99), (direct_p50, direct_p99) = percentiles(pooled.timings), percentiles(direct.timings)
        print(
            f"  {k:3d}  {pooled.logins:7d}  {pooled.max_server_connections:8d}  {pooled_p50:6.2f}  {pooled_p99:7.2f}"
            f"       | {direct.max_server_connections:8d}  {direct_p50:6.2f}  {direct_p99:7.2f}"
            f"       | {pooled_p50 / direct_p50:4.2f}x  {pooled_p99 / direct_p99:4.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
