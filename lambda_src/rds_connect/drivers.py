"""What differs between the engines: the pure-Python driver calls and how their errors read.

Each driver is imported on first use, so a function only loads the one its engine needs.
"""

from __future__ import annotations

import select
import socket
import ssl
from collections.abc import Callable, Mapping, Sequence

from .config import Config
from .errors import AuthenticationFailed, ConnectionLost, DatabaseUnavailable, QueryError
from .statements import MAX_STATEMENT_TEXT, Statement

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


def _mysql_classes():
    """(Connection, DB-API Connection, Cursor) of PyMySQL, made on first use.

    Connection is PyMySQL's minus the `SET NAMES` it sends after every login: the handshake already
    names utf8mb4 (by its collation id), which sets the session's client, connection and result
    character sets; the SET would only cost a round trip. The DB-API Connection keeps the server's
    autocommit and begins each transaction with BEGIN before its first statement (what pg8000 does
    for PostgreSQL), rather than sending SET AUTOCOMMIT = 0; commit() and rollback() send nothing
    when no transaction is open. Cursor calls `on_statement` before each statement it sends."""
    import pymysql
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

    class Cursor(pymysql.cursors.Cursor):
        on_statement = None

        def execute(self, query, args=None):
            self.on_statement()
            return super().execute(query, args)

    return Connection, DBAPIConnection, Cursor


def _postgres_classes():
    """(native Connection, DB-API Connection) of pg8000 that run a statement with parameters in one
    round trip: Parse, Bind, Describe, Execute and one Sync. pg8000's own execute_unnamed spends
    three, each ending in a Sync, and a pooler that multiplexes between transactions (RDS Proxy,
    PgBouncer) may hand the next part of an autocommit statement to another database connection,
    which has never seen its unnamed statement. The DB-API one's commit() sends nothing when no
    transaction is open, as its rollback() already does."""
    import pg8000.dbapi
    import pg8000.native
    from pg8000.converters import make_params
    from pg8000.core import DESCRIBE, NULL_BYTE, PORTAL, SYNC_MSG, Context, CoreConnection, _flush, _write

    def execute_unnamed(self, statement, vals=(), oids=(), stream=None):
        if stream is not None:  # COPY: pg8000's way
            return CoreConnection.execute_unnamed(self, statement, vals, oids, stream)
        context = Context(statement)
        self.send_PARSE(NULL_BYTE, statement, oids)
        self.send_BIND(NULL_BYTE, make_params(self.py_types, vals))
        self._send_message(DESCRIBE, PORTAL + NULL_BYTE)
        self.send_EXECUTE()
        _write(self._sock, SYNC_MSG)
        _flush(self._sock)
        self.handle_messages(context)
        return context

    def commit(self):  # like pg8000's rollback(): nothing to send when no transaction is open
        if self._in_transaction:
            pg8000.dbapi.Connection.commit(self)

    native = type("Connection", (pg8000.native.Connection,), {"execute_unnamed": execute_unnamed})
    dbapi = type("Connection", (pg8000.dbapi.Connection,), {"execute_unnamed": execute_unnamed, "commit": commit})
    return native, dbapi


def _blocking(sock) -> None:
    """Leave Python's timeout mode once logged in: the Database's watchdog bounds statements instead."""
    sock.settimeout(None)


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
        import pymysql

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
            raise DatabaseUnavailable(f"cannot connect to {where}: {_reason(exc)}") from exc
        except pymysql.err.MySQLError as exc:
            raise DatabaseUnavailable(f"cannot connect to {where}: {_reason(exc)}") from exc
        if dbapi:
            connection.autocommit_mode = False
        else:
            connection._read_timeout = connection._write_timeout = connection._current_timeout = None
            _blocking(connection._sock)
        return connection

    @staticmethod
    def socket(connection):
        return connection._sock

    @staticmethod
    def run(connection, text: str, values: tuple | None) -> Rows:
        import pymysql

        try:
            with connection.cursor() as cursor:
                cursor.execute(text, values)
                columns = [column[0] for column in cursor.description or ()]
                return columns, [list(row) for row in cursor.fetchall()]
        except pymysql.err.MySQLError as exc:
            raise MySQL._error(exc) from exc

    @staticmethod
    def run_many(connection, statement: Statement, rows: Sequence[Mapping], on_statement: Callable[[], None]) -> int:
        """PyMySQL's executemany: INSERT ... VALUES (...) becomes multi-row statements of at most
        MAX_STATEMENT_TEXT bytes each; any other statement runs once per row."""
        import pymysql

        values = [statement.values(row) for row in rows]
        try:
            with connection.cursor(MySQL._classes[2]) as cursor:
                cursor.on_statement = on_statement
                cursor.max_stmt_length = MAX_STATEMENT_TEXT
                return cursor.executemany(statement.text, values) or 0
        except pymysql.err.MySQLError as exc:
            raise MySQL._error(exc) from exc

    @staticmethod
    def _error(exc: Exception) -> Exception:
        """ConnectionLost or QueryError for a PyMySQL error."""
        import pymysql

        if isinstance(exc, pymysql.err.InterfaceError) or (
            isinstance(exc, pymysql.err.OperationalError) and exc.args and exc.args[0] in MySQL.LOST
        ):
            return ConnectionLost(f"MySQL connection lost: {_reason(exc)}")
        return QueryError(f"MySQL error: {_reason(exc)}")

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
    """pg8000: statements without parameters in the simple protocol, with parameters as one unnamed
    extended-protocol exchange; autocommit outside the Database's transactions."""

    _classes = None

    # invalid_password; invalid_authorization_specification, which PAM and IAM failures report
    AUTH_FAILED = {"28P01", "28000"}
    SESSION_ENDING = {"FATAL", "PANIC"}

    @staticmethod
    def connect(config: Config, password: str, tls: ssl.SSLContext, timeout: float, dbapi: bool = False):
        """A connection for the Database (blocking socket), or with `dbapi` a pg8000.dbapi connection
        (transactions begin implicitly; pg8000's timeout bounds each read and write)."""
        import pg8000.native

        where = f"PostgreSQL at {config.host}:{config.port}"
        if PostgreSQL._classes is None:
            PostgreSQL._classes = _postgres_classes()
        try:
            connection = PostgreSQL._classes[1 if dbapi else 0](
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
        # pg8000 leaves Nagle's algorithm on: a message longer than its 8 KB write buffer then waits for
        # the server's delayed ACK (40 ms here) before its last part leaves. PyMySQL sets this itself.
        connection._usock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if not dbapi:
            _blocking(connection._usock)
        return connection

    @staticmethod
    def socket(connection):
        return connection._usock

    @staticmethod
    def run(connection, text: str, values: tuple | None) -> Rows:
        import pg8000.native

        try:
            context = connection.execute_simple(text) if values is None else connection.execute_unnamed(text, values)
        except (pg8000.native.Error, OSError) as exc:
            raise PostgreSQL._error(exc) from exc
        columns = [column["name"] for column in context.columns or ()]
        return columns, [list(row) for row in context.rows or ()]

    @staticmethod
    def run_many(connection, statement: Statement, rows: Sequence[Mapping], on_statement: Callable[[], None]) -> int:
        """An INSERT ... VALUES (...) as multi-row statements of at most MAX_STATEMENT_TEXT characters;
        any other statement once per row (one round trip each)."""
        import pg8000.native

        count = 0
        for text, values, _ in statement.batches(rows):
            on_statement()
            try:
                context = connection.execute_unnamed(text, values) if values else connection.execute_simple(text)
            except (pg8000.native.Error, OSError) as exc:
                raise PostgreSQL._error(exc) from exc
            count += max(context.row_count, 0)
        return count

    @staticmethod
    def _error(exc: Exception) -> Exception:
        """ConnectionLost or QueryError for a pg8000 (or socket) error."""
        import pg8000.native

        if isinstance(exc, pg8000.native.DatabaseError):
            fields = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
            message = fields.get("M", str(exc))
            if fields.get("S") in PostgreSQL.SESSION_ENDING:
                return ConnectionLost(f"PostgreSQL ended the session: {message}")
            return QueryError(f"PostgreSQL error: {message}")
        return ConnectionLost(f"PostgreSQL connection lost: {_reason(exc)}")

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
