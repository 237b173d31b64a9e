"""The handler and the connection module against real PostgreSQL 15 and MariaDB 10.11 servers that
take only IAM tokens, only over TLS (see dbservers.py). Each test runs on both engines."""

from __future__ import annotations

import datetime
import socket
import threading
import time

import pg8000.native
import pymysql
import pytest

from harness.databases.dbservers import APP_DATABASE, APP_USER, REGION
from rds_connect import (
    AuthenticationFailed,
    Config,
    ConnectionLost,
    Credentials,
    Database,
    DatabaseUnavailable,
    StatementTimeout,
    generate_auth_token,
    tls_context,
)

PING = {"query": "ping"}


def connection_id(invoke) -> int:
    status, body = invoke({"query": "connection_id"})
    assert status == 200, body
    return body["rows"][0]["connection_id"]


def new_verdicts(server, before: int) -> list[dict]:
    """The verifier's verdicts since `before`, without the token's fingerprint and signing time."""
    return [
        {key: value for key, value in verdict.items() if key not in ("token", "signed_at")}
        for verdict in server.pam.verdicts()[before:]
    ]


def test_queries_answer_with_json_rows(app, invoke, logs, server, credentials):
    status, body = invoke({"query": "current_user"})
    assert status == 200 and body["query"] == "current_user"
    assert [row["db_user"].split("@")[0] for row in body["rows"]] == [APP_USER]
    for name, column in (("now", "now"), ("version", "version"), ("ping", "ok")):
        status, body = invoke({"query": name})
        assert status == 200 and len(body["rows"]) == 1 and body["rows"][0][column]
    lines = logs()
    assert [line["event"] for line in lines] == ["connected"] + ["invocation"] * 4
    assert all(line["level"] == "info" for line in lines)
    output = str(lines)
    assert credentials.secret_key not in output and credentials.session_token not in output
    assert "X-Amz-Signature" not in output


def test_one_connection_is_opened_and_kept_across_invocations(app, invoke, server):
    before = len(server.pam.verdicts())
    ids = {connection_id(invoke) for _ in range(5)}
    assert len(ids) == 1
    assert new_verdicts(server, before) == [{"user": APP_USER, "accepted": True}]


def test_reader_queries_run_on_db_read_host_with_a_connection_of_their_own(container, invoke, lambda_env, server):
    # The writer's host does not resolve: only the reader endpoint (localhost, a name the server's
    # certificate and token verifier accept) can answer.
    lambda_env(server.lambda_env() | {"DB_HOST": "writer.invalid", "DB_READ_HOST": "localhost"})
    before = len(server.pam.verdicts())
    ids = set()
    for _ in range(3):
        status, body = invoke({"query": "connection_id", "reader": True})
        assert status == 200, body
        ids.add(body["rows"][0]["connection_id"])
    assert len(ids) == 1
    assert new_verdicts(server, before) == [{"user": APP_USER, "accepted": True}]
    assert container._reader.config.host == "localhost"
    status, body = invoke({"query": "connection_id"})
    assert status == 503 and "writer.invalid" in body["error"]


def test_plain_tcp_is_refused(server, credentials):
    token = generate_auth_token(
        "127.0.0.1",
        server.port,
        APP_USER,
        REGION,
        Credentials(credentials.access_key, credentials.secret_key, credentials.session_token),
    )
    before = len(server.pam.verdicts())
    if server.engine == "postgresql":
        with pytest.raises(pg8000.native.DatabaseError, match="no encryption"):
            pg8000.native.Connection(
                user=APP_USER,
                host="127.0.0.1",
                port=server.port,
                database=APP_DATABASE,
                password=token,
                ssl_context=False,
                timeout=10,
            )
        assert new_verdicts(server, before) == []  # refused before the password exchange
    else:
        # MariaDB (like MySQL) checks REQUIRE SSL only after the client has sent the password it asked
        # for in clear: the client must insist on TLS itself (see test_token_never_leaves_without_tls).
        with pytest.raises(pymysql.err.OperationalError, match="Access denied for user 'app_user'"):
            pymysql.connect(
                user=APP_USER,
                host="127.0.0.1",
                port=server.port,
                database=APP_DATABASE,
                password=token,
                ssl_disabled=True,
                connect_timeout=10,
            )


def test_server_certificate_from_an_untrusted_ca_is_refused(app, invoke, lambda_env, server):
    env = server.lambda_env()
    del env["DB_CA_BUNDLE"]  # the bundled Amazon root CAs did not sign the test server's certificate
    lambda_env(env)
    before = len(server.pam.verdicts())
    status, body = invoke(PING)
    assert status == 503
    assert body["error"].startswith("database unavailable: cannot connect to ")
    assert "TLS certificate verification failed: unable to get local issuer certificate" in body["error"]
    assert new_verdicts(server, before) == []  # the token never left the client


def test_server_certificate_for_another_host_name_is_refused(app, invoke, lambda_env, server, monkeypatch):
    resolve = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):  # db.example.test is this machine, but not in its certificate
        return resolve("127.0.0.1" if host == "db.example.test" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    lambda_env(server.lambda_env() | {"DB_HOST": "db.example.test"})
    status, body = invoke(PING)
    assert status == 503 and "TLS certificate verification failed: Hostname mismatch" in body["error"]


def test_expired_token_is_refused_and_replaced_by_a_fresh_one(server, lambda_env, logs):
    lambda_env(server.lambda_env())
    minted_16_minutes_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=16)
    readings = iter([minted_16_minutes_ago])
    db = Database.from_env(clock=lambda: next(readings, None) or datetime.datetime.now(datetime.timezone.utc))
    before = len(server.pam.verdicts())
    try:
        assert db.query("SELECT 1 AS ok") == (["ok"], [[1]])
    finally:
        db.close()
    refused, accepted = new_verdicts(server, before)
    assert refused["accepted"] is False and refused["reason"].startswith("token expired at ")
    assert accepted["accepted"] is True
    assert [line["event"] for line in logs()] == ["connect_failed", "token_rejected", "connected", "connection_dropped"]


def test_refused_token_is_retried_once_per_invocation_not_in_a_loop(app, invoke, lambda_env, server, logs):
    lambda_env(server.lambda_env() | {"AWS_SECRET_ACCESS_KEY": "not-the-secret-the-server-knows"})
    before = len(server.pam.verdicts())
    for _ in range(2):
        status, body = invoke(PING)
        assert status == 503 and "refused the token" in body["error"]
    verdicts = new_verdicts(server, before)
    assert [(v["accepted"], v["reason"]) for v in verdicts] == [(False, "signature does not match")] * 4
    assert [line["event"] for line in logs()].count("token_rejected") == 2


def test_auth_failure_surfaces_after_the_one_retry(server, lambda_env):
    lambda_env(server.lambda_env())
    stale = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
    db = Database.from_env(clock=lambda: stale)
    with pytest.raises(AuthenticationFailed, match="refused the token"):
        db.query("SELECT 1")
    assert db.connections_opened == 0


def test_connection_closed_by_the_server_is_noticed_before_the_next_statement(app, invoke, server, logs):
    first = connection_id(invoke)
    assert server.kill_app_connections() == 1
    server.wait_until_app_connections_gone()
    logs()
    assert connection_id(invoke) != first
    events = [(line["event"], line.get("reason")) for line in logs()]
    assert events[:2] == [("connection_dropped", "closed by the server"), ("connected", None)]


def test_connection_that_broke_unnoticed_is_retried_once_for_idempotent_statements(server, lambda_env, monkeypatch):
    lambda_env(server.lambda_env())
    db = Database.from_env()
    try:
        db.query("SELECT 1")
        # As if a proxy or NAT dropped the connection without a FIN: the cheap check still passes.
        monkeypatch.setattr(db.driver, "is_alive", lambda connection: True)
        server.kill_app_connections()
        server.wait_until_app_connections_gone()
        assert db.query("SELECT 2 AS two", idempotent=True) == (["two"], [[2]])
        assert db.connections_opened == 2
        server.kill_app_connections()
        server.wait_until_app_connections_gone()
        with pytest.raises(ConnectionLost):
            db.query("SELECT 3")
        assert db.query("SELECT 4 AS four") == (["four"], [[4]])
        assert db.connections_opened == 3
    finally:
        db.close()


def test_server_restarted_between_invocations_next_invocation_recovers(app, invoke, server):
    first = connection_id(invoke)
    before = len(server.pam.verdicts())
    server.restart()
    assert connection_id(invoke) != first
    assert new_verdicts(server, before) == [{"user": APP_USER, "accepted": True}]


def test_server_down_answers_503_with_one_attempt_per_invocation(app, invoke, server, logs):
    assert invoke(PING)[0] == 200
    server.stop()
    try:
        logs()
        for _ in range(3):
            status, body = invoke(PING)
            assert status == 503
            assert body["error"] == (
                f"database unavailable: cannot connect to "
                f"{'MySQL' if server.engine == 'mysql' else 'PostgreSQL'} at "
                f"127.0.0.1:{server.port}: Connection refused"
            )
        events = [line["event"] for line in logs()]
        assert events.count("connect_failed") == 3 and events.count("invocation") == 3
    finally:
        server.start()
    assert invoke(PING)[0] == 200


def test_configuration_fixed_after_an_error_is_picked_up(container, invoke, lambda_env, server):
    lambda_env(server.lambda_env() | {"DB_ENGINE": "aurora"})
    status, body = invoke(PING)
    assert status == 500
    assert body["error"] == "invalid configuration: DB_ENGINE='aurora' is not one of: mysql, postgresql"
    lambda_env(server.lambda_env())
    assert invoke(PING)[0] == 200


@pytest.mark.parametrize("server", ["mysql"], indirect=True)
def test_mariadb_asks_for_mysql_clear_password_over_tls(server, credentials, test_ca):
    """The step where users of the seed posts get stuck: the proxy (here MariaDB's PAM account) asks
    the client for mysql_clear_password, and the client must answer with the token, over TLS."""
    asked = []

    class ClearPassword:
        def __init__(self, connection):
            self.connection = connection

        def authenticate(self, packet):
            asked.append(self.connection._secure)
            self.connection.write_packet(self.connection.password + b"\0")
            return self.connection._read_packet()

    config = Config.from_env(server.lambda_env())
    token = generate_auth_token(config.host, config.port, config.user, config.region, config.credentials)
    connection = pymysql.connect(
        host="127.0.0.1",
        port=server.port,
        user=APP_USER,
        password=token,
        database=APP_DATABASE,
        ssl=tls_context(str(test_ca.path)),
        auth_plugin_map={"mysql_clear_password": ClearPassword},
    )
    connection.close()
    assert asked == [True]


def test_a_server_that_stops_answering_fails_the_statement_within_the_timeout(server, lambda_env, logs):
    """Sockets are in blocking mode while statements run (no per-read poll); the watchdog still ends a
    statement the server never answers, with no retry, and the next statement reconnects."""
    lambda_env(server.lambda_env())
    database = Database.from_env(timeout=1.0)
    database.query("SELECT 1", idempotent=True)
    began = time.monotonic()
    with server.hung(), pytest.raises(StatementTimeout, match=r"did not answer within 1 s") as raised:
        database.query("SELECT 1", idempotent=True)
    assert isinstance(raised.value, DatabaseUnavailable)  # what 0.4.0 raised, and its handlers catch
    assert 1.0 <= time.monotonic() - began < 2.5
    assert database.query("SELECT 1 AS ok")[1] == [[1]] and database.connections_opened == 2
    database.close()


def test_closing_and_reusing_a_database_leaves_one_watchdog_thread(db):
    """A query right after close() arms the watchdog within its wake interval: the stopped thread must
    still end, not carry on beside the new one."""

    def watchdogs() -> set[threading.Thread]:
        return {thread for thread in threading.enumerate() if thread.name == "rds_connect-watchdog"}

    others = watchdogs()
    for _ in range(5):
        db.query("SELECT 1")
        db.close()
    db.query("SELECT 1")
    time.sleep(0.6)  # over two wake intervals (0.25 s): every stopped thread has seen its stop
    assert len(watchdogs() - others) == 1
