"""Connect from AWS Lambda to RDS Proxy (or RDS/Aurora) with IAM authentication over verified TLS.

    db = Database.from_env()               # DB_HOST, DB_PORT, DB_USER, DB_NAME, DB_ENGINE, AWS_REGION
    columns, rows = db.query("SELECT name FROM items WHERE id = :id", {"id": 1})  # opened on first use, then reused
    with db.transaction() as tx:           # one connection; COMMIT, or ROLLBACK if the block raises
        tx.executemany("INSERT INTO items (id, name) VALUES (:id, :name)", [{"id": 2, "name": "b"}])

Tokens are signed with the standard library (no boto3); drivers are PyMySQL and pg8000.
"""

from .config import AMAZON_ROOT_CAS, Config
from .database import Database, Transaction, tls_context
from .errors import (
    AuthenticationFailed,
    ConfigError,
    ConnectionLost,
    DatabaseUnavailable,
    Error,
    QueryError,
    StatementTimeout,
    UsageError,
)
from .iam_token import Credentials, generate_auth_token
from .log import log

__all__ = [
    "AMAZON_ROOT_CAS",
    "AuthenticationFailed",
    "Config",
    "ConfigError",
    "ConnectionLost",
    "Credentials",
    "Database",
    "DatabaseUnavailable",
    "Error",
    "QueryError",
    "StatementTimeout",
    "Transaction",
    "UsageError",
    "generate_auth_token",
    "log",
    "tls_context",
]
