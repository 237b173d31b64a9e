"""The Node.js functions of examples/functions (post 000's typeorm, post 001's Sequelize, node-postgres) on the real
servers: each signs its tokens itself with @aws-sdk/rds-signer, logs in only over verified TLS, and after the server
kills its session while the container is frozen logs in again with a token signed then."""

from __future__ import annotations

import datetime
import time

import pytest

from harness.databases.dbservers import APP_USER

FUNCTIONS = {"typeorm-mysql": "mysql", "sequelize-mysql": "mysql", "pg-postgresql": "postgresql"}
LOGGED_IN_AS = {"mysql": f"{APP_USER}@%", "postgresql": APP_USER}  # CURRENT_USER() is user@host on MySQL


@pytest.fixture(params=FUNCTIONS)
def function(request) -> str:
    return request.param


@pytest.fixture
def server(request, function):
    server = request.getfixturevalue(f"{FUNCTIONS[function]}_server")
    if not server.running:
        server.start()
    return server


def utc_stamp() -> str:
    """Now, as a token's X-Amz-Date."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def test_logs_in_with_its_own_token_and_reads_back_its_user(node_container, function, server, function_env):
    before = len(server.pam.verdicts())
    answer = node_container(function, function_env(server)).invoke()
    assert answer["result"]["user"] == LOGGED_IN_AS[server.engine], answer
    verdicts = server.pam.verdicts()[before:]
    # Sequelize logs in twice the first time: once to ask the server's version, once for its pool.
    assert 1 <= len(verdicts) <= 2 and all(v["accepted"] and v["user"] == APP_USER for v in verdicts), verdicts


def test_after_the_server_kills_its_session_logs_in_again_with_a_token_signed_then(
    node_container, function, server, function_env
):
    container = node_container(function, function_env(server))
    first = container.invoke()["result"]
    verdicts = server.pam.verdicts()
    seen, before = {verdict["token"] for verdict in verdicts}, len(verdicts)
    with container.frozen():
        assert server.kill_app_connections() == 1
        killed_at = utc_stamp()
        time.sleep(1.1)  # a token signed within the same second as the first would be the same token
        container.send()
    second = container.answer()["result"]
    assert second["user"] == first["user"] and second["connection"] != first["connection"]
    (verdict,) = server.pam.verdicts()[before:]
    assert verdict["accepted"] and verdict["token"] not in seen and verdict["signed_at"] > killed_at, verdict


def test_without_tls_is_refused_and_the_token_never_sent(node_container, function, server, function_env):
    before = len(server.pam.verdicts())
    answer = node_container(function, function_env(server), "--without-tls").invoke()
    if server.engine == "mysql":  # the server would ask for the token before checking TLS: the function refuses
        assert answer["error"].endswith(": refusing to send the IAM token without TLS"), answer
    else:
        assert (
            answer["error"].startswith("28000: pg_hba.conf rejects connection") and "no encryption" in answer["error"]
        )
    assert server.pam.verdicts()[before:] == []


def test_a_token_for_another_user_is_refused(node_container, function, server, function_env):
    before = len(server.pam.verdicts())
    answer = node_container(function, function_env(server), "--sign-as", "other_user").invoke()
    assert "Access denied for user 'app_user'" in answer["error"] or "PAM authentication failed" in answer["error"]
    verdicts = server.pam.verdicts()[before:]
    assert [(v["accepted"], v["reason"]) for v in verdicts] == [
        (False, "token is for user 'other_user', not 'app_user'")
    ]


def test_a_certificate_from_another_ca_is_refused(node_container, function, server, function_env):
    before = len(server.pam.verdicts())
    # Without DB_CA_BUNDLE the function trusts Node's own roots, which did not sign the test server's certificate.
    answer = node_container(function, function_env(server, DB_CA_BUNDLE="")).invoke()
    assert answer["error"].endswith("unable to verify the first certificate"), answer
    assert server.pam.verdicts()[before:] == []


def test_a_certificate_for_another_host_name_is_refused(node_container, function, server, function_env):
    before = len(server.pam.verdicts())
    env = function_env(server, DB_HOST="db.example.test")
    answer = node_container(function, env, "--resolve", "db.example.test").invoke()
    assert "Hostname/IP does not match certificate's altnames: Host: db.example.test." in answer["error"], answer
    assert server.pam.verdicts()[before:] == []
