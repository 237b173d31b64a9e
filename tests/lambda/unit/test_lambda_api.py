"""rds_connect's public names: every name 0.4.0 exported still imports from where it did, and its errors
form one hierarchy under Error in which every 0.4.0 `except` still catches what it caught."""

from __future__ import annotations

import importlib
import inspect

import pytest

import rds_connect
from rds_connect import errors

EXPORTED_IN_0_4_0 = {
    "rds_connect": [
        "AMAZON_ROOT_CAS",
        "AuthenticationFailed",
        "Config",
        "ConfigError",
        "ConnectionLost",
        "Credentials",
        "Database",
        "DatabaseUnavailable",
        "QueryError",
        "Transaction",
        "UsageError",
        "generate_auth_token",
        "log",
        "tls_context",
    ],
    "rds_connect.errors": [
        "AuthenticationFailed",
        "ConfigError",
        "ConnectionLost",
        "DatabaseUnavailable",
        "QueryError",
        "UsageError",
    ],
    "rds_connect.config": ["AMAZON_ROOT_CAS", "Config"],
    "rds_connect.database": ["Database", "Transaction", "tls_context"],
    "rds_connect.iam_token": ["Credentials", "generate_auth_token"],
    "rds_connect.log": ["log"],
    "rds_connect.statements": ["MAX_STATEMENT_TEXT", "compile_statement"],
    "rds_connect.sqlalchemy": ["create_engine"],
}
# What lambda_src/README.md documents of a Database and a Transaction.
DATABASE_API = ["from_env", "query", "executemany", "transaction", "dbapi_connection", "close"]
TRANSACTION_API = ["query", "executemany", "__enter__", "__exit__"]


@pytest.mark.parametrize(("module", "names"), EXPORTED_IN_0_4_0.items())
def test_every_name_of_0_4_0_still_imports(module, names):
    loaded = importlib.import_module(module)
    assert [name for name in names if not hasattr(loaded, name)] == []


def test_the_documented_methods_are_there():
    assert [name for name in DATABASE_API if not callable(getattr(rds_connect.Database, name, None))] == []
    assert [name for name in TRANSACTION_API if not callable(getattr(rds_connect.Transaction, name, None))] == []
    assert list(inspect.signature(rds_connect.Database).parameters) == ["config", "timeout", "clock", "log"]
    assert inspect.signature(rds_connect.Database.from_env).parameters["reader"].default is False
    assert inspect.signature(rds_connect.Database.query).parameters["idempotent"].default is False


def test_everything_the_library_raises_derives_from_error():
    raised = [value for value in vars(errors).values() if isinstance(value, type) and issubclass(value, Exception)]
    assert set(raised) == {
        errors.Error,
        errors.ConfigError,
        errors.UsageError,
        errors.DatabaseUnavailable,
        errors.AuthenticationFailed,
        errors.StatementTimeout,
        errors.ConnectionLost,
        errors.QueryError,
    }
    assert all(issubclass(error, rds_connect.Error) for error in raised)
    assert {name for name in rds_connect.__all__ if name in vars(errors)} == {error.__name__ for error in raised}


@pytest.mark.parametrize(
    ("error", "caught_by"),
    [
        (errors.ConfigError, ValueError),  # as in 0.4.0
        (errors.AuthenticationFailed, errors.DatabaseUnavailable),  # as in 0.4.0
        (errors.StatementTimeout, errors.DatabaseUnavailable),  # what 0.4.0 raised for a statement's timeout
    ],
)
def test_a_0_4_0_handler_still_catches_it(error, caught_by):
    with pytest.raises(caught_by):
        raise error("one line")


@pytest.mark.parametrize("error", [errors.ConnectionLost, errors.QueryError, errors.UsageError])
def test_the_others_stay_apart_from_database_unavailable(error):
    assert not issubclass(error, errors.DatabaseUnavailable)
    assert not issubclass(errors.DatabaseUnavailable, error)
