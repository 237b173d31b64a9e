"""Post 003's PHP function (examples/functions/php-mysqli) on the real MariaDB server: mysqli logging in over verified
TLS with an IAM token. The AWS SDK for PHP, which makes the token on Lambda, is not installable here (no Packagist):
the tests make the token outside PHP, with the project's own signer (rds_connect.generate_auth_token), and pass it in
DB_AUTH_TOKEN."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pytest

from harness.databases.dbservers import APP_USER, REGION, ThrowawayCA
from rds_connect import Credentials, generate_auth_token

PHP_RUNNER = Path(__file__).resolve().with_name("run.php")
pytestmark = pytest.mark.usefixtures("php")


@pytest.fixture
def server(mysql_server):
    if not mysql_server.running:
        mysql_server.start()
    return mysql_server


@pytest.fixture
def run(php, server, function_env, credentials):
    """run(*flags, sign_as=APP_USER, **env) -> the runner's answer: {"result": ...} or {"error": "<class>: ..."}."""

    def call(*flags: str, sign_as: str = APP_USER, **env: str) -> dict:
        keys = Credentials(credentials.access_key, credentials.secret_key, credentials.session_token)
        token = generate_auth_token("127.0.0.1", server.port, sign_as, REGION, keys)
        result = subprocess.run(
            [php, str(PHP_RUNNER), *flags],
            env=function_env(server, DB_AUTH_TOKEN=token, **env),
            capture_output=True,
            text=True,
            timeout=30,
        )
        return json.loads(result.stdout)

    return call


def test_logs_in_with_the_token_and_reads_back_its_user(run, server):
    before = len(server.pam.verdicts())
    assert run()["result"]["user"] == f"{APP_USER}@%"
    (verdict,) = server.pam.verdicts()[before:]
    assert verdict["accepted"] and verdict["user"] == APP_USER


def test_a_token_for_another_user_is_refused(run, server):
    before = len(server.pam.verdicts())
    answer = run(sign_as="other_user")
    assert answer["error"].startswith("mysqli_sql_exception: Access denied for user 'app_user'"), answer
    verdicts = server.pam.verdicts()[before:]
    assert [(v["accepted"], v["reason"]) for v in verdicts] == [
        (False, "token is for user 'other_user', not 'app_user'")
    ]


def test_without_tls_is_refused_but_mysqli_has_sent_the_token(run, server):
    """Without MYSQLI_CLIENT_SSL, mysqlnd answers the server's request for the password in clear; the server checks
    REQUIRE SSL only after that. The function must keep the flag."""
    before = len(server.pam.verdicts())
    answer = run("--without-tls")
    assert answer["error"].startswith("mysqli_sql_exception: Access denied for user 'app_user'"), answer
    assert [v["accepted"] for v in server.pam.verdicts()[before:]] == [True]


def test_a_certificate_from_another_ca_is_refused(run, server):
    before = len(server.pam.verdicts())
    with tempfile.TemporaryDirectory() as directory:
        answer = run(DB_CA_BUNDLE=str(ThrowawayCA(Path(directory)).path))
    assert answer == {"error": "mysqli_sql_exception: Cannot connect to MySQL using SSL"}
    assert server.pam.verdicts()[before:] == []


def test_no_ca_bundle_is_refused_before_connecting(run, server):
    before = len(server.pam.verdicts())
    answer = run(DB_CA_BUNDLE="")
    assert answer == {"error": "RuntimeException: DB_CA_BUNDLE must name a PEM file of the CAs to trust"}
    assert server.pam.verdicts()[before:] == []


def test_what_the_ca_check_prevents_mysqli_over_tls_without_a_ca_checks_no_certificate(run, server):
    """MYSQLI_CLIENT_SSL without a CA: TLS, but a certificate no one trusts is taken, and the token sent."""
    before = len(server.pam.verdicts())
    assert run("--without-ca")["result"]["user"] == f"{APP_USER}@%"
    assert [v["accepted"] for v in server.pam.verdicts()[before:]] == [True]
