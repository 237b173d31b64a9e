"""One database connection per Lambda container, opened lazily and kept across invocations."""

from __future__ import annotations

import datetime
import os
import ssl
import time
from collections.abc import Callable, Iterable, Mapping

from .config import Config
from .drivers import Rows, driver
from .errors import (
    AuthenticationFailed,
    ConfigError,
    ConnectionLost,
    DatabaseUnavailable,
    QueryError,
    StatementTimeout,
    UsageError,
)
from .iam_token import generate_auth_token
from .log import log as default_log
from .statements import Statement, compile_statement
from .watchdog import Watchdog


def tls_context(ca_bundle: str) -> ssl.SSLContext:
    """Certificate and host name verification against `ca_bundle` alone; TLS 1.2 or later."""
    try:
        context = ssl.create_default_context(cafile=ca_bundle)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(
            f"invalid configuration: DB_CA_BUNDLE={ca_bundle!r} holds no usable CA certificate ({exc})"
        ) from None
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


BEGIN, COMMIT, ROLLBACK = "BEGIN", "COMMIT", "ROLLBACK"
IN_TRANSACTION = (
    "a transaction is open on this Database: run statements through it (tx.query) until its with-block ends"
)


class Database:
    """Keeps one connection: checks it cheaply before each statement (no round trip), and when it
    is gone opens a new one with a fresh IAM token. A rejected token is retried once with a new
    one; nothing is retried more than once per call, and nothing inside a transaction at all.
    Connecting, and each statement, may take at most `timeout` seconds (a statement's bound is kept
    by a watchdog thread, see watchdog.py). Statements take `:name` parameters on both engines (see
    statements.py) and run in autocommit, unless inside `with db.transaction() as tx:`."""

    def __init__(
        self,
        config: Config,
        *,
        timeout: float = 10.0,
        clock: Callable[[], datetime.datetime] = utc_now,
        log: Callable[..., None] = default_log,
    ):
        self.config = config
        self.timeout = timeout
        self.connections_opened = 0
        self._watchdog = Watchdog(timeout)
        self._driver = driver(config.engine)
        self._tls = tls_context(config.ca_bundle)
        self._clock = clock
        self._log = log
        self._connection = None
        self._transaction: Transaction | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, *, reader: bool = False, **options) -> Database:
        """The Database of the environment's settings (see Config.from_env); with `reader`, on DB_READ_HOST."""
        return cls(Config.from_env(environ, reader=reader), **options)

    def query(self, sql: str, params: Mapping | None = None, *, idempotent: bool = False) -> Rows:
        """Run one statement in autocommit: (column names, rows). An `idempotent` statement whose reused
        connection broke under it runs once more on a new connection; any other failure is raised.
        A statement that begins or ends a transaction is refused: use transaction()."""
        if self._transaction is not None:
            raise UsageError(IN_TRANSACTION)
        statement = self._statement(sql)
        return self._execute(statement.text, statement.values(params), idempotent)

    def executemany(self, sql: str, rows: Iterable[Mapping]) -> int:
        """Run one statement for each mapping in `rows`, all or none: more than one row runs inside a
        transaction of its own. An INSERT ... VALUES (...) goes as multi-row statements of at most
        16 KB each; any other statement runs once per row. Returns the rows the statements affected.
        Never retried."""
        if self._transaction is not None:
            raise UsageError(IN_TRANSACTION)
        statement, rows = self._statement(sql), list(rows)
        if len(rows) > 1:
            with self.transaction() as tx:
                return tx.executemany(sql, rows)
        if not rows:
            return 0
        self._ensure_connection()
        return self._run_many(statement, rows)

    def transaction(self) -> Transaction:
        """`with db.transaction() as tx:` runs tx.query() and tx.executemany() on one connection inside
        BEGIN ... COMMIT, or ROLLBACK when the block raises. Nothing in it is retried: a connection lost
        inside raises ConnectionLost (the server rolls the transaction back), and the next statement
        after the block reconnects. Transactions do not nest."""
        return Transaction(self)

    def dbapi_connection(self):
        """A new DB-API 2.0 connection of the engine's driver (pymysql, or pg8000.dbapi), opened as this
        Database opens its own: a fresh IAM token (retried once if refused), verified TLS, nothing sent
        but the login. Transactions begin implicitly, as DB-API has it. The caller owns it: close it,
        and open another when it breaks. For SQLAlchemy, see rds_connect.sqlalchemy."""
        return self._connect(dbapi=True)

    def close(self) -> None:
        self._watchdog.stop()
        if self._connection is not None:
            self._discard("closed by the caller", level="info")

    def _statement(self, sql: str) -> Statement:
        statement = compile_statement(sql, self.config.engine)
        if statement.control:
            raise UsageError(
                f"{sql.strip()[:40]!r} begins or ends a transaction: use `with db.transaction() as tx:`, "
                "which keeps its statements on one connection and never retries them"
            )
        return statement

    def _execute(self, text: str, values: tuple | None, idempotent: bool) -> Rows:
        reused = self._ensure_connection()
        try:
            return self._run(text, values)
        except ConnectionLost:
            if not (reused and idempotent):
                raise
        self._ensure_connection()
        return self._run(text, values)

    def _run(self, text: str, values: tuple | None) -> Rows:
        """The statement on the kept connection, within the timeout; a connection that broke is dropped."""
        self._watchdog.arm(self._driver.socket(self._connection))
        try:
            return self._driver.run(self._connection, text, values)
        except ConnectionLost as exc:
            raise self._lost(exc) from exc
        finally:
            self._watchdog.disarm()

    def _run_many(self, statement: Statement, rows: list[Mapping]) -> int:
        """The batch on the kept connection, each of its statements within the timeout."""
        sock = self._driver.socket(self._connection)
        try:
            return self._driver.run_many(self._connection, statement, rows, lambda: self._watchdog.arm(sock))
        except ConnectionLost as exc:
            raise self._lost(exc) from exc
        finally:
            self._watchdog.disarm()

    def _lost(self, exc: ConnectionLost) -> Exception:
        """Drop the broken connection; what to raise for it (StatementTimeout if the watchdog ended it)."""
        self._discard(str(exc))
        if self._watchdog.fired:
            config = self.config
            return StatementTimeout(
                f"{config.engine} at {config.host}:{config.port} did not answer within {self.timeout:g} s"
            )
        return exc

    def _in_transaction(self) -> None:
        """Raise ConnectionLost unless the transaction's connection is still there (never reconnect)."""
        if self._connection is not None and self._driver.is_alive(self._connection):
            return
        if self._connection is not None:
            self._discard("closed by the server, inside a transaction")
        raise ConnectionLost(
            "the connection was lost inside a transaction, which the server rolled back; nothing was retried "
            "(the next statement after the transaction reconnects)"
        )

    def _ensure_connection(self) -> bool:
        """Make sure a connection is open; True if it is the one kept from before."""
        if self._connection is not None:
            if self._driver.is_alive(self._connection):
                return True
            self._discard("closed by the server")
        self._connection = self._connect()
        return False

    def _connect(self, dbapi: bool = False):
        """A new connection; a rejected token is replaced by a fresh one once."""
        try:
            return self._open(dbapi)
        except AuthenticationFailed as exc:
            self._log("token_rejected", level="warning", error=str(exc), retry="once, with a fresh token")
            return self._open(dbapi)

    def _open(self, dbapi: bool):
        config = self.config
        token = generate_auth_token(
            config.host, config.port, config.user, config.region, config.credentials, self._clock()
        )
        started = time.perf_counter()
        try:
            connection = self._driver.connect(config, token, self._tls, self.timeout, dbapi)
        except DatabaseUnavailable as exc:
            self._log(
                "connect_failed",
                level="error",
                engine=config.engine,
                host=config.host,
                port=config.port,
                error=str(exc),
            )
            raise
        self.connections_opened += 1
        self._log(
            "connected",
            engine=config.engine,
            host=config.host,
            port=config.port,
            user=config.user,
            ms=round((time.perf_counter() - started) * 1000, 1),
            **({"dbapi": True} if dbapi else {}),
        )
        return connection

    def _discard(self, why: str, level: str = "warning") -> None:
        self._driver.close(self._connection)
        self._connection = None
        self._log("connection_dropped", level=level, reason=why)


class Transaction:
    """One transaction on a Database's connection; see Database.transaction()."""

    def __init__(self, database: Database):
        self._database = database
        self._state = "new"  # then "open", then "ended"

    def __enter__(self) -> Transaction:
        database = self._database
        if self._state != "new":
            raise UsageError("this transaction was already used: call db.transaction() again for another")
        if database._transaction is not None:
            raise UsageError("a transaction is already open on this Database: transactions do not nest")
        # Nothing has run yet, so a reused connection that broke is replaced once, as for idempotent queries.
        database._execute(BEGIN, None, idempotent=True)
        database._transaction, self._state = self, "open"
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        database = self._database
        try:
            if exc_type is None:
                self._commit()
            elif database._connection is not None:
                self._roll_back(exc)
        finally:
            database._transaction, self._state = None, "ended"
        return False

    def query(self, sql: str, params: Mapping | None = None) -> Rows:
        """Run one statement inside the transaction: (column names, rows). Never retried."""
        statement = self._statement(sql)
        self._database._in_transaction()
        return self._database._run(statement.text, statement.values(params))

    def executemany(self, sql: str, rows: Iterable[Mapping]) -> int:
        """Database.executemany inside the transaction. Never retried."""
        statement = self._statement(sql)
        self._database._in_transaction()
        return self._database._run_many(statement, list(rows))

    def _statement(self, sql: str) -> Statement:
        if self._state != "open":
            raise UsageError("this transaction has ended: statements after its with-block go through the Database")
        return self._database._statement(sql)

    def _commit(self) -> None:
        database = self._database
        database._in_transaction()
        try:
            database._run(COMMIT, None)
        except ConnectionLost as exc:
            raise ConnectionLost(
                f"the connection was lost while committing, so the transaction may or may not be committed: {exc}"
            ) from exc

    def _roll_back(self, exc: BaseException) -> None:
        """ROLLBACK after the block raised `exc`; never raises over it. After an interruption (not an
        Exception) the connection's state is unknown: it is closed instead, and the server rolls back."""
        database = self._database
        if not isinstance(exc, Exception):
            database._discard("closed inside an interrupted transaction")
            return
        try:
            database._run(ROLLBACK, None)
        except (ConnectionLost, DatabaseUnavailable, QueryError):
            if database._connection is not None:
                database._discard("ROLLBACK failed")
