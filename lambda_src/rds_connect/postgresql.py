"""PostgreSQL through pg8000 (see drivers.py)."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable, Mapping, Sequence

import pg8000.native

from .config import Config
from .drivers import Rows, blocking, reason, socket_is_idle
from .errors import AuthenticationFailed, ConnectionLost, DatabaseUnavailable, QueryError
from .statements import Statement

# pg8000 writes through an 8 KB buffer and leaves Nagle's algorithm on, so a longer exchange leaves in
# several writes, and the last waits for the server's delayed ACK (40 ms here: bench_lambda_batch.py).
# TCP_NODELAY for every exchange would cost a short query about 30 us here, so only longer ones get it.
LONG_EXCHANGE = 4096


class NoDelay:
    """Within the block, the socket sends each write at once if the exchange is over LONG_EXCHANGE bytes."""

    def __init__(self, sock: socket.socket, size: int):
        self.sock, self.on = sock, size > LONG_EXCHANGE

    def __enter__(self):
        if self.on:
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def __exit__(self, *exc_info):
        if self.on:
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 0)


def _postgres_classes():
    """(native Connection, DB-API Connection) of pg8000 that run a statement with parameters in one
    round trip: Parse, Bind, Describe, Execute and one Sync. pg8000's own execute_unnamed spends
    three, each ending in a Sync, and a pooler that multiplexes between transactions (RDS Proxy,
    PgBouncer) may hand the next part of an autocommit statement to another database connection,
    which has never seen its unnamed statement. The DB-API one's commit() sends nothing when no
    transaction is open, as its rollback() already does."""
    import pg8000.dbapi
    from pg8000.converters import make_params
    from pg8000.core import DESCRIBE, NULL_BYTE, PORTAL, SYNC_MSG, Context, CoreConnection, _flush, _write

    def execute_unnamed(self, statement, vals=(), oids=(), stream=None):
        if stream is not None:  # COPY: pg8000's way
            return CoreConnection.execute_unnamed(self, statement, vals, oids, stream)
        context = Context(statement)
        params = make_params(self.py_types, vals)
        with NoDelay(self._usock, len(statement) + sum(len(p) for p in params if p is not None)):
            self.send_PARSE(NULL_BYTE, statement, oids)
            self.send_BIND(NULL_BYTE, params)
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


FAILED_TRANSACTION = "in failed transaction block"


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
            raise DatabaseUnavailable(f"cannot connect to {where}: {reason(exc)}") from exc
        if not dbapi:
            blocking(connection._usock)
        return connection

    @staticmethod
    def socket(connection):
        return connection._usock

    @staticmethod
    def run(connection, text: str, values: tuple | None) -> Rows:
        try:
            if values is not None:
                context = connection.execute_unnamed(text, values)
            elif len(text) > LONG_EXCHANGE:
                with NoDelay(connection._usock, len(text)):
                    context = connection.execute_simple(text)
            else:
                context = connection.execute_simple(text)
        except (pg8000.native.Error, OSError) as exc:
            raise PostgreSQL._error(exc) from exc
        columns = [column["name"] for column in context.columns or ()]
        return columns, [list(row) for row in context.rows or ()]

    @staticmethod
    def run_many(connection, statement: Statement, rows: Sequence[Mapping], on_statement: Callable[[], None]) -> int:
        """An INSERT ... VALUES (...) as multi-row statements of at most MAX_STATEMENT_TEXT characters;
        any other statement once per row (one round trip each)."""
        count = 0
        for text, values, _ in statement.batches(rows):
            on_statement()
            try:
                context = connection.execute_unnamed(text, values or ())
            except (pg8000.native.Error, OSError) as exc:
                raise PostgreSQL._error(exc) from exc
            count += max(context.row_count, 0)
        return count

    @staticmethod
    def _error(exc: Exception) -> Exception:
        """ConnectionLost or QueryError for a pg8000 (or socket) error."""
        if isinstance(exc, pg8000.native.DatabaseError):
            fields = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
            message = fields.get("M", str(exc))
            if fields.get("S") in PostgreSQL.SESSION_ENDING:
                return ConnectionLost(f"PostgreSQL ended the session: {message}")
            return QueryError(f"PostgreSQL error: {message}")
        if str(exc) == FAILED_TRANSACTION:  # pg8000's word for a COMMIT the server turned into a ROLLBACK
            return QueryError("PostgreSQL rolled the transaction back: a statement in it had failed")
        return ConnectionLost(f"PostgreSQL connection lost: {reason(exc)}")

    @staticmethod
    def is_alive(connection) -> bool:
        return socket_is_idle(connection._usock)

    @staticmethod
    def close(connection) -> None:
        try:
            connection.close()
        except (pg8000.native.Error, OSError):
            pass  # the server already went away
