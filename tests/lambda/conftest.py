"""Fixtures for the Lambda code: the session's real PostgreSQL and MariaDB servers (tests/conftest.py), and
fresh Lambda "containers" (the handler module with no connection yet) wired to them."""

from __future__ import annotations

import json

import pytest

from harness.databases import dbservers
from harness.lambda_function import load_handler

ENGINES = ("postgresql", "mysql")
LAMBDA_ENV = (
    "DB_HOST",
    "DB_READ_HOST",
    "DB_PORT",
    "DB_USER",
    "DB_NAME",
    "DB_ENGINE",
    "DB_CA_BUNDLE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
)


@pytest.fixture(params=ENGINES)
def server(request) -> dbservers.Server:
    """The session's server for each engine, running (a test that stopped it may have failed early)."""
    server = request.getfixturevalue(f"{request.param}_server")
    if not server.running:
        server.start()
    return server


@pytest.fixture
def lambda_env(monkeypatch):
    """set(env): replace the Lambda-relevant environment variables with exactly `env`."""

    def set_env(env: dict[str, str]) -> None:
        for name in LAMBDA_ENV:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)

    set_env({})
    return set_env


@pytest.fixture
def container(lambda_env):
    """A fresh Lambda container: the handler module without a connection; closed at the end."""
    handler = load_handler()
    handler._database = handler._reader = None
    yield handler
    for name in ("_database", "_reader"):
        if getattr(handler, name) is not None:
            getattr(handler, name).close()
            setattr(handler, name, None)


@pytest.fixture
def app(container, lambda_env, server):
    """A fresh container whose environment points at `server`."""
    lambda_env(server.lambda_env())
    return container


@pytest.fixture
def db(server, lambda_env):
    """A rds_connect.Database on `server`, closed at the end."""
    from rds_connect import Database

    lambda_env(server.lambda_env())
    database = Database.from_env()
    yield database
    database.close()


@pytest.fixture
def invoke(container):
    """invoke(event) -> (status, decoded body) from the container's handler."""

    def call(event) -> tuple[int, dict]:
        response = container.lambda_handler(event, None)
        assert response["headers"] == {"Content-Type": "application/json"}
        return response["statusCode"], json.loads(response["body"])

    return call


@pytest.fixture
def logs(capsys):
    """logs() -> the structured log lines written since the last call; each must be a JSON object."""

    def read() -> list[dict]:
        return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]

    return read
