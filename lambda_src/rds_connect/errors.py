"""Errors the connection module raises; each message is one line meant for a log or an error response."""


class ConfigError(ValueError):
    """The function's environment is incomplete or wrong; the message names every problem."""


class DatabaseUnavailable(Exception):
    """No connection could be opened: network, TLS, or the server refused it."""


class AuthenticationFailed(DatabaseUnavailable):
    """The server rejected the IAM token (expired, wrong signature, or no rds-db:connect permission)."""


class ConnectionLost(Exception):
    """An open connection broke while a statement ran."""


class QueryError(Exception):
    """The statement itself failed on the server."""


class UsageError(Exception):
    """The call itself is refused, before anything is sent: a parameter without a value, a statement that
    begins or ends a transaction outside transaction(), a transaction inside another, or a closed one."""
