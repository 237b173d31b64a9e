"""What differs between the engines: the pure-Python driver calls and how their errors read.

Each driver is imported on first use, so a function only loads the one its engine needs.
"""

from __future__ import annotations

import select
import ssl

from .config import Config
from .errors import AuthenticationFailed, ConnectionLost, DatabaseUnavailable, QueryError

Rows = tuple[list[str], list[list]]


def socket_is_idle(sock) -> bool:
    """True when nothing is waiting to be read on an idle connection. A server or proxy that closed
    the connection leaves an EOF or a goodbye message behind, which a zero-timeout poll sees
    without a round trip."""
    if sock is None or sock.fileno() == -1:
        return False
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return False
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN | select.POLLPRI)
    return not poller.poll(0)


def _reason(exc: BaseException) -> str:
    """The most telling one-line description of a driver error."""
    cause = getattr(exc, "original_exception", None) or exc.__cause__
    for candidate in (cause, exc):
        if isinstance(candidate, ssl.SSLCertVerificationError):
            return f"TLS certificate verification failed: {candidate.verify_message}"
        if isinstance(candidate, ssl.SSLError):
            return f"TLS handshake failed: {candidate.reason or candidate}"
        if isinstance(candidate, OSError):
            return candidate.strerror or str(candidate) or type(candidate).__name__
    return " ".join(str(arg) for arg in exc.args if not isinstance(arg, int)) or type(exc).__name__


def _without_set_names():
    """PyMySQL's Connection minus the `SET NAMES` it sends after every login. The handshake already
    names utf8mb4 (by its collation id), which sets the session's client, connection and result
    character sets; the SET would only cost a round trip and make RDS Proxy pin the session."""
    import pymysql
    from pymysql.charset import charset_by_name

    class Connection(pymysql.connections.Connection):
        def set_character_set(self, charset, collation=None):
            self.encoding = charset_by_name(charset).encoding
            self.charset, self.collation = charset, collation

    return Connection


def _blocking(sock) -> None:
    """Leave Python's timeout mode once logged in: the Database's watchdog bounds statements instead."""
    sock.settimeout(None)


class MySQL:
    """PyMySQL. The proxy (and the test server) ask for mysql_clear_password, which PyMySQL answers
    with the token; it only does so here over the TLS connection that `tls` enforces. Nothing is sent
    but the login and the caller's statements: no SET NAMES, and SET AUTOCOMMIT only if the server
    does not already autocommit."""

    _connection_class = None

    ACCESS_DENIED = 1045
    # ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED (MariaDB), CR_SERVER_GONE_ERROR, CR_SERVER_LOST,
    # CR_SERVER_LOST_EXTENDED, ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
    LOST = {1053, 1927, 2006, 2013, 2055, 4031}

    @staticmethod
    def connect(config: Config, password: str, tls: ssl.SSLContext, timeout: float):
        import pymysql

        where = f"MySQL at {config.host}:{config.port}"
        if MySQL._connection_class is None:
            MySQL._connection_class = _without_set_names()
        try:
            connection = MySQL._connection_class(
                host=config.host,
                port=config.port,
                user=config.user,
                password=password,
                database=config.database,
                ssl=tls,
                connect_timeout=timeout,
                read_timeout=timeout,
                write_timeout=timeout,
                autocommit=True,
                charset="utf8mb4",
            )
        except pymysql.err.OperationalError as exc:
            if exc.args and exc.args[0] == MySQL.ACCESS_DENIED:
                raise AuthenticationFailed(f"MySQL refused the token: {exc.args[1]}") from exc
            raise DatabaseUnavailable(f"cannot connect to {where}: {_reason(exc)}") from exc
        except pymysql.err.MySQLError as exc:
            raise DatabaseUnavailable(f"cannot connect to {where}: {_reason(exc)}") from exc
        connection._read_timeout = connection._write_timeout = connection._current_timeout = None
        _blocking(connection._sock)
        return connection

    @staticmethod
    def socket(connection):
        return connection._sock

    @staticmethod
    def run(connection, sql: str, params: dict | None) -> Rows:
        import pymysql

        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                columns = [column[0] for column in cursor.description or ()]
                return columns, [list(row) for row in cursor.fetchall()]
        except pymysql.err.InterfaceError as exc:
            raise ConnectionLost(f"MySQL connection lost: {_reason(exc)}") from exc
        except pymysql.err.OperationalError as exc:
            if exc.args and exc.args[0] in MySQL.LOST:
                raise ConnectionLost(f"MySQL connection lost: {_reason(exc)}") from exc
            raise QueryError(f"MySQL error: {_reason(exc)}") from exc
        except pymysql.err.MySQLError as exc:
            raise QueryError(f"MySQL error: {_reason(exc)}") from exc

    @staticmethod
    def is_alive(connection) -> bool:
        return socket_is_idle(connection._sock)

    @staticmethod
    def close(connection) -> None:
        import pymysql

        try:
            connection.close()
        except pymysql.err.Error:
            pass  # already closed


class PostgreSQL:
    """pg8000 (native API: autocommit, statements outside any transaction the proxy would pin)."""

    # invalid_password; invalid_authorization_specification, which PAM and IAM failures report
    AUTH_FAILED = {"28P01", "28000"}
    SESSION_ENDING = {"FATAL", "PANIC"}

    @staticmethod
    def connect(config: Config, password: str, tls: ssl.SSLContext, timeout: float):
        import pg8000.native

        where = f"PostgreSQL at {config.host}:{config.port}"
        try:
            connection = pg8000.native.Connection(
                user=config.user,
                host=config.host,
                port=config.port,
                database=config.database,
                password=password,
                ssl_context=tls,
                timeout=timeout,
                application_name="rds-proxy-lambda",
            )
        except pg8000.native.DatabaseError as exc:
            fields = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
            message = fields.get("M", str(exc))
            if fields.get("C") in PostgreSQL.AUTH_FAILED:
                raise AuthenticationFailed(f"PostgreSQL refused the token: {message}") from exc
            raise DatabaseUnavailable(f"cannot connect to {where}: {message}") from exc
        except (pg8000.native.InterfaceError, OSError) as exc:
            raise DatabaseUnavailable(f"cannot connect to {where}: {_reason(exc)}") from exc
        _blocking(connection._usock)
        return connection

    @staticmethod
    def socket(connection):
        return connection._usock

    @staticmethod
    def run(connection, sql: str, params: dict | None) -> Rows:
        import pg8000.native

        try:
            rows = connection.run(sql, **(params or {}))
        except pg8000.native.DatabaseError as exc:
            fields = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
            message = fields.get("M", str(exc))
            if fields.get("S") in PostgreSQL.SESSION_ENDING:
                raise ConnectionLost(f"PostgreSQL ended the session: {message}") from exc
            raise QueryError(f"PostgreSQL error: {message}") from exc
        except (pg8000.native.InterfaceError, OSError) as exc:
            raise ConnectionLost(f"PostgreSQL connection lost: {_reason(exc)}") from exc
        columns = [column["name"] for column in connection.columns or ()]
        return columns, [list(row) for row in rows or ()]

    @staticmethod
    def is_alive(connection) -> bool:
        return socket_is_idle(connection._usock)

    @staticmethod
    def close(connection) -> None:
        import pg8000.native

        try:
            connection.close()
        except (pg8000.native.Error, OSError):
            pass  # the server already went away


DRIVERS = {"mysql": MySQL, "postgresql": PostgreSQL}
