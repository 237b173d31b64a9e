"""MySQL through PyMySQL (see drivers.py)."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Mapping, Sequence

import pymysql

from .config import Config
from .drivers import Rows, blocking, reason, socket_is_idle
from .errors import AuthenticationFailed, ConnectionLost, DatabaseUnavailable, QueryError
from .statements import Statement


def _mysql_classes():
    """(Connection, DB-API Connection) of PyMySQL, made on first use.

    Connection is PyMySQL's minus the `SET NAMES` it sends after every login: the handshake already
    names utf8mb4 (by its collation id), which sets the session's client, connection and result
    character sets; the SET would only cost a round trip. The DB-API Connection keeps the server's
    autocommit and begins each transaction with BEGIN before its first statement (what pg8000 does
    for PostgreSQL), rather than sending SET AUTOCOMMIT = 0; commit() and rollback() send nothing
    when no transaction is open."""
    from pymysql.charset import charset_by_name
    from pymysql.constants.SERVER_STATUS import SERVER_STATUS_IN_TRANS

    class Connection(pymysql.connections.Connection):
        def set_character_set(self, charset, collation=None):
            self.encoding = charset_by_name(charset).encoding
            self.charset, self.collation = charset, collation

    class DBAPIConnection(Connection):
        def _in_transaction(self) -> bool:
            return bool(self.server_status & SERVER_STATUS_IN_TRANS)

        def autocommit(self, value):
            self.autocommit_mode = bool(value)

        def get_autocommit(self):
            return bool(self.autocommit_mode)

        def query(self, sql, unbuffered=False):
            if not self.autocommit_mode and not self._in_transaction():
                self.begin()
            return super().query(sql, unbuffered)

        def commit(self):
            if self._in_transaction():
                super().commit()

        def rollback(self):
            if self._in_transaction():
                super().rollback()

    return Connection, DBAPIConnection


class MySQL:
    """PyMySQL. The proxy (and the test server) ask for mysql_clear_password, which PyMySQL answers
    with the token; it only does so here over the TLS connection that `tls` enforces. Nothing is sent
    but the login and the caller's statements: no SET NAMES, and no SET AUTOCOMMIT."""

    _classes = None

    ACCESS_DENIED = 1045
    # ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED (MariaDB), CR_SERVER_GONE_ERROR, CR_SERVER_LOST,
    # CR_SERVER_LOST_EXTENDED, ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
    LOST = {1053, 1927, 2006, 2013, 2055, 4031}

    @staticmethod
    def connect(config: Config, password: str, tls: ssl.SSLContext, timeout: float, dbapi: bool = False):
        """A connection for the Database (autocommit, blocking socket), or with `dbapi` a DB-API 2.0
        connection (transactions begin implicitly; the driver's own timeouts bound each read and write)."""
        where = f"MySQL at {config.host}:{config.port}"
        if MySQL._classes is None:
            MySQL._classes = _mysql_classes()
        try:
            connection = MySQL._classes[1 if dbapi else 0](
                host=config.host,
                port=config.port,
                user=config.user,
                password=password,
                database=config.database,
                ssl=tls,
                connect_timeout=timeout,
                read_timeout=timeout,
                write_timeout=timeout,
                autocommit=None if dbapi else True,
                charset="utf8mb4",
            )
        except pymysql.err.OperationalError as exc:
            if exc.args and exc.args[0] == MySQL.ACCESS_DENIED:
                raise AuthenticationFailed(f"MySQL refused the token: {exc.args[1]}") from exc
            raise DatabaseUnavailable(f"cannot connect to {where}: {reason(exc)}") from exc
        except pymysql.err.MySQLError as exc:
            raise DatabaseUnavailable(f"cannot connect to {where}: {reason(exc)}") from exc
        if dbapi:
            connection.autocommit_mode = False
        else:
            connection._read_timeout = connection._write_timeout = connection._current_timeout = None
            blocking(connection._sock)
        return connection

    @staticmethod
    def socket(connection):
        return connection._sock

    @staticmethod
    def run(connection, text: str, values: tuple | None) -> Rows:
        try:
            with connection.cursor() as cursor:
                cursor.execute(text, values)
                columns = [column[0] for column in cursor.description or ()]
                return columns, [list(row) for row in cursor.fetchall()]
        except pymysql.err.MySQLError as exc:
            raise MySQL._error(exc) from exc

    @staticmethod
    def run_many(connection, statement: Statement, rows: Sequence[Mapping], on_statement: Callable[[], None]) -> int:
        """An INSERT ... VALUES (...) as multi-row statements of at most MAX_STATEMENT_TEXT bytes, the values
        quoted by PyMySQL's mogrify; any other statement once per row."""
        count = 0
        try:
            with connection.cursor() as cursor:
                for text, values, _ in statement.batches(rows, cursor.mogrify):
                    on_statement()
                    count += cursor.execute(text, values)
        except pymysql.err.MySQLError as exc:
            raise MySQL._error(exc) from exc
        return count

    @staticmethod
    def _error(exc: Exception) -> Exception:
        """ConnectionLost or QueryError for a PyMySQL error."""
        if isinstance(exc, pymysql.err.InterfaceError) or (
            isinstance(exc, pymysql.err.OperationalError) and exc.args and exc.args[0] in MySQL.LOST
        ):
            return ConnectionLost(f"MySQL connection lost: {reason(exc)}")
        return QueryError(f"MySQL error: {reason(exc)}")

    @staticmethod
    def is_alive(connection) -> bool:
        return socket_is_idle(connection._sock)

    @staticmethod
    def close(connection) -> None:
        try:
            connection.close()
        except pymysql.err.Error:
            pass  # already closed
