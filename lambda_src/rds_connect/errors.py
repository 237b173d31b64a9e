"""Errors rds_connect raises; each message is one line meant for a log or an error response.

    Error                       the root, as PEP 249 and PyMySQL name theirs
    ├── ConfigError             (also a ValueError)
    ├── UsageError
    ├── DatabaseUnavailable
    │   ├── AuthenticationFailed
    │   └── StatementTimeout
    ├── ConnectionLost
    └── QueryError

A DB-API connection from Database.dbapi_connection() is the driver's own: once open, it raises the
driver's PEP 249 errors (pymysql.err, pg8000.dbapi), not these.
"""


class Error(Exception):
    """Anything rds_connect itself raises."""


class ConfigError(Error, ValueError):
    """The function's environment is incomplete or wrong; the message names every problem."""


class DatabaseUnavailable(Error):
    """The database cannot be used now: no connection could be opened (network, TLS, or the server
    refused it), or a statement got no answer within the timeout (StatementTimeout)."""


class AuthenticationFailed(DatabaseUnavailable):
    """The server rejected the IAM token (expired, wrong signature, or no rds-db:connect permission)."""


class StatementTimeout(DatabaseUnavailable):
    """The server did not answer a statement within the Database's timeout; its connection was closed,
    and the statement was not retried."""


class ConnectionLost(Error):
    """An open connection broke while a statement ran."""


class QueryError(Error):
    """The statement itself failed on the server."""


class UsageError(Error):
    """The call itself is refused, before anything is sent: a parameter without a value, a statement that
    begins or ends a transaction outside transaction(), a transaction inside another, or a closed one."""
