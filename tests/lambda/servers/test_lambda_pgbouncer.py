"""Under a real multiplexing pooler: PgBouncer in transaction pooling mode in front of the PostgreSQL test
server (tests/harness/databases/pgbouncer.py), as RDS Proxy stands in front of a database. K containers (processes,
each with its kept connection) x M invocations of reads, writes and transactions, through the library, the
handler and SQLAlchemy side by side: every result is right, and the database sees at most the pool's
connections, not K.
bench/bench_lambda_pgbouncer.py runs the large loads."""

from __future__ import annotations

import pg8000.native
import pytest
from pg8000.core import NULL_BYTE, SYNC_MSG, Context, _flush, _write

from harness.databases import workload
from harness.databases.dbservers import APP_DATABASE
from harness.databases.pgbouncer import PgBouncer
from rds_connect import Config, generate_auth_token, tls_context

POOL_SIZE = 2
CONTAINERS, INVOCATIONS = 6, 12


@pytest.fixture(scope="module")
def postgres(postgresql_server):
    if not postgresql_server.running:
        postgresql_server.start()
    return postgresql_server


@pytest.fixture(scope="module")
def bouncer(postgres):
    pooler = PgBouncer(postgres, pool_size=POOL_SIZE)
    yield pooler
    pooler.close()


def test_containers_share_the_poolers_few_database_connections(bouncer):
    """Two containers of each kind (library, handler, SQLAlchemy) side by side on two database connections."""

    def admin(sql):
        return bouncer.postgres.admin(sql, database=APP_DATABASE)

    modes = [mode for mode in workload.MODES for _ in range(CONTAINERS // len(workload.MODES))]
    workload.prepare(admin, len(modes))
    session = bouncer.postgres.admin_session()
    try:
        result = workload.run(
            bouncer.lambda_env(),
            modes,
            INVOCATIONS,
            server_connections=lambda: len(bouncer.server_connections(session)),
            logins=bouncer.pam.accepted,
        )
    finally:
        session.close()
    assert result.errors == []
    assert workload.check(admin, len(modes), INVOCATIONS) == []
    assert result.logins == len(modes)  # each container logged in once through PgBouncer, with its token
    assert 1 <= result.max_server_connections <= POOL_SIZE < len(modes)
    assert 1 <= len(result.backends) <= POOL_SIZE  # the containers' reads shared the pool's backends


def stock_connection(pooler: PgBouncer) -> pg8000.native.Connection:
    config = Config.from_env(pooler.lambda_env())
    token = generate_auth_token(config.host, config.port, config.user, config.region, config.credentials)
    return pg8000.native.Connection(
        user=config.user,
        host=config.host,
        port=config.port,
        database=config.database,
        password=token,
        ssl_context=tls_context(config.ca_bundle),
        timeout=10,
    )


def test_pg8000s_own_parameter_exchange_breaks_under_transaction_pooling(bouncer):
    """Why rds_connect sends a statement with parameters as one exchange (postgresql.py): pg8000's own run()
    syncs after Parse, the pooler then lends the database connection to another client, whose statement
    there destroys the unnamed one, and pg8000's next message finds nothing. A transaction held open keeps
    one of the two pooled connections busy, so the other two clients share the last one."""
    holder, first, second = (stock_connection(bouncer) for _ in range(3))
    try:
        holder.run("BEGIN")
        holder.run("SELECT 1")  # inside a transaction: PgBouncer keeps this database connection for it
        first.send_PARSE(NULL_BYTE, "SELECT $1::int + 1", ())  # pg8000's execute_unnamed, first round trip
        _write(first._sock, SYNC_MSG)
        _flush(first._sock)
        first.handle_messages(Context(None))
        assert second.run("SELECT 1") == [[1]]  # meanwhile, on the one database connection left
        first.send_DESCRIBE_STATEMENT(NULL_BYTE)  # pg8000's second round trip
        _write(first._sock, SYNC_MSG)
        _flush(first._sock)
        with pytest.raises(pg8000.native.DatabaseError, match="unnamed prepared statement does not exist"):
            first.handle_messages(Context("SELECT $1::int + 1"))
    finally:
        holder.run("ROLLBACK")
        for connection in (holder, first, second):
            connection.close()
