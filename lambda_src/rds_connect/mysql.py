"""MySQL through PyMySQL: the Driver (see drivers.py) of the mysql engine."""

from __future__ import annotations

import functools
import socket
import ssl
from collections.abc import Callable, Mapping, Sequence

import pymysql
from pymysql.constants import CR, ER

from .config import Config
from .drivers import Classes, batches, blocking, reason, socket_is_idle
from .errors import AuthenticationFailed, ConnectionLost, DatabaseUnavailable, QueryError
from .statements import Rows, Statement

# Codes PyMySQL does not name: MariaDB's ER_CONNECTION_KILLED, MySQL 8's ER_CLIENT_INTERACTION_TIMEOUT.
ER_CONNECTION_KILLED = 1927
ER_CLIENT_INTERACTION_TIMEOUT = 4031
# The connection is gone: the server shut down or ended it, or the client lost it.
LOST = frozenset(
    {
        ER.SERVER_SHUTDOWN,
        ER_CONNECTION_KILLED,
        ER_CLIENT_INTERACTION_TIMEOUT,
        CR.CR_SERVER_GONE_ERROR,
        CR.CR_SERVER_LOST,
        CR.CR_SERVER_LOST_EXTENDED,
    }
)


@functools.cache
def _classes() -> Classes:
    """PyMySQL's connection classes, made on first use.

    `native` is PyMySQL's Connection minus the `SET NAMES` it sends after every login: the handshake
    already names utf8mb4 (by its collation id), which sets the session's client, connection and result
    character sets; the SET would only cost a round trip. `dbapi` keeps the server's autocommit and
    begins each transaction with BEGIN before its first statement (what pg8000 does for PostgreSQL),
    rather than sending SET AUTOCOMMIT = 0; commit() and rollback() send nothing when no transaction is
    open."""
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

    return Classes(native=Connection, dbapi=DBAPIConnection)


class MySQL:
    """PyMySQL. The proxy (and the test server) ask for mysql_clear_password, which PyMySQL answers
    with the token; it only does so here over the TLS connection that `tls` enforces. Nothing is sent
    but the login and the caller's statements: no SET NAMES, and no SET AUTOCOMMIT."""

    def connect(self, config: Config, password: str, tls: ssl.SSLContext, timeout: float):
        connection = _login(_classes().native, config, password, tls, timeout, autocommit=True)
        connection._read_timeout = connection._write_timeout = connection._current_timeout = None
        blocking(connection._sock)
        return connection

    def connect_dbapi(self, config: Config, password: str, tls: ssl.SSLContext, timeout: float):
        connection = _login(_classes().dbapi, config, password, tls, timeout, autocommit=None)
        connection.autocommit_mode = False
        return connection

    def socket(self, connection) -> socket.socket:
        return connection._sock

    def run(self, connection, text: str, values: tuple | None) -> Rows:
        try:
            with connection.cursor() as cursor:
                cursor.execute(text, values)
                columns = [column[0] for column in cursor.description or ()]
                return columns, [list(row) for row in cursor.fetchall()]
        except pymysql.err.MySQLError as exc:
            raise _error(exc) from exc

    def run_many(
        self, connection, statement: Statement, rows: Sequence[Mapping], on_statement: Callable[[], None]
    ) -> int:
        """A folded INSERT's values are quoted into its text by PyMySQL's mogrify."""
        count = 0
        try:
            with connection.cursor() as cursor:
                for text, values, _ in batches(statement, rows, cursor.mogrify):
                    on_statement()
                    count += cursor.execute(text, values)
        except pymysql.err.MySQLError as exc:
            raise _error(exc) from exc
        return count

    def is_alive(self, connection) -> bool:
        return socket_is_idle(connection._sock)

    def close(self, connection) -> None:
        try:
            connection.close()
        except pymysql.err.Error:
            pass  # already closed


def _login(connection_class, config: Config, password: str, tls: ssl.SSLContext, timeout: float, autocommit):
    """A logged-in connection of `connection_class`; `autocommit` None leaves the server's setting alone."""
    where = f"MySQL at {config.host}:{config.port}"
    try:
        return connection_class(
            host=config.host,
            port=config.port,
            user=config.user,
            password=password,
            database=config.database,
            ssl=tls,
            connect_timeout=timeout,
            read_timeout=timeout,
            write_timeout=timeout,
            autocommit=autocommit,
            charset="utf8mb4",
        )
    except pymysql.err.OperationalError as exc:
        if exc.args and exc.args[0] == ER.ACCESS_DENIED_ERROR:
            raise AuthenticationFailed(f"MySQL refused the token: {exc.args[1]}") from exc
        raise DatabaseUnavailable(f"cannot connect to {where}: {reason(exc)}") from exc
    except pymysql.err.MySQLError as exc:
        raise DatabaseUnavailable(f"cannot connect to {where}: {reason(exc)}") from exc


def _error(exc: Exception) -> Exception:
    """ConnectionLost or QueryError for a PyMySQL error."""
    if isinstance(exc, pymysql.err.InterfaceError) or (
        isinstance(exc, pymysql.err.OperationalError) and exc.args and exc.args[0] in LOST
    ):
        return ConnectionLost(f"MySQL connection lost: {reason(exc)}")
    return QueryError(f"MySQL error: {reason(exc)}")
