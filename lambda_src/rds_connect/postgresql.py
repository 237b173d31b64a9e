"""PostgreSQL through pg8000: the Driver (see drivers.py) of the postgresql engine."""

from __future__ import annotations

import functools
import socket
import ssl
from collections.abc import Callable, Mapping, Sequence

import pg8000.native

from .config import Config
from .drivers import Classes, batches, blocking, reason, socket_is_idle
from .errors import AuthenticationFailed, ConnectionLost, DatabaseUnavailable, QueryError
from .statements import Rows, Statement

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


@functools.cache
def _classes() -> Classes:
    """pg8000's connection classes, made on first use, that run a statement with parameters in one
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

    return Classes(
        native=type("Connection", (pg8000.native.Connection,), {"execute_unnamed": execute_unnamed}),
        dbapi=type("Connection", (pg8000.dbapi.Connection,), {"execute_unnamed": execute_unnamed, "commit": commit}),
    )


FAILED_TRANSACTION = "in failed transaction block"
# invalid_password; invalid_authorization_specification, which PAM and IAM failures report
AUTH_FAILED = frozenset({"28P01", "28000"})
SESSION_ENDING = frozenset({"FATAL", "PANIC"})


class PostgreSQL:
    """pg8000: statements without parameters in the simple protocol, with parameters as one unnamed
    extended-protocol exchange; autocommit outside the Database's transactions."""

    def connect(self, config: Config, password: str, tls: ssl.SSLContext, timeout: float):
        connection = _login(_classes().native, config, password, tls, timeout)
        blocking(connection._usock)
        return connection

    def connect_dbapi(self, config: Config, password: str, tls: ssl.SSLContext, timeout: float):
        return _login(_classes().dbapi, config, password, tls, timeout)

    def socket(self, connection) -> socket.socket:
        return connection._usock

    def run(self, connection, text: str, values: tuple | None) -> Rows:
        try:
            if values is not None:
                context = connection.execute_unnamed(text, values)
            elif len(text) > LONG_EXCHANGE:
                with NoDelay(connection._usock, len(text)):
                    context = connection.execute_simple(text)
            else:
                context = connection.execute_simple(text)
        except (pg8000.native.Error, OSError) as exc:
            raise _error(exc) from exc
        columns = [column["name"] for column in context.columns or ()]
        return columns, [list(row) for row in context.rows or ()]

    def run_many(
        self, connection, statement: Statement, rows: Sequence[Mapping], on_statement: Callable[[], None]
    ) -> int:
        """Each statement one round trip."""
        count = 0
        for text, values, _ in batches(statement, rows):
            on_statement()
            try:
                context = connection.execute_unnamed(text, values or ())
            except (pg8000.native.Error, OSError) as exc:
                raise _error(exc) from exc
            count += max(context.row_count, 0)
        return count

    def is_alive(self, connection) -> bool:
        return socket_is_idle(connection._usock)

    def close(self, connection) -> None:
        try:
            connection.close()
        except (pg8000.native.Error, OSError):
            pass  # the server already went away


def _login(connection_class, config: Config, password: str, tls: ssl.SSLContext, timeout: float):
    """A logged-in connection of `connection_class`."""
    try:
        return connection_class(
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
        if fields.get("C") in AUTH_FAILED:
            raise AuthenticationFailed(f"PostgreSQL refused the token: {message}") from exc
        raise DatabaseUnavailable(f"cannot connect to PostgreSQL at {config.host}:{config.port}: {message}") from exc
    except (pg8000.native.InterfaceError, OSError) as exc:
        raise DatabaseUnavailable(
            f"cannot connect to PostgreSQL at {config.host}:{config.port}: {reason(exc)}"
        ) from exc


def _error(exc: Exception) -> Exception:
    """ConnectionLost or QueryError for a pg8000 (or socket) error."""
    if isinstance(exc, pg8000.native.DatabaseError):
        fields = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
        message = fields.get("M", str(exc))
        if fields.get("S") in SESSION_ENDING:
            return ConnectionLost(f"PostgreSQL ended the session: {message}")
        return QueryError(f"PostgreSQL error: {message}")
    if str(exc) == FAILED_TRANSACTION:  # pg8000's word for a COMMIT the server turned into a ROLLBACK
        return QueryError("PostgreSQL rolled the transaction back: a statement in it had failed")
    return ConnectionLost(f"PostgreSQL connection lost: {reason(exc)}")
