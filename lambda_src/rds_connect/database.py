"""One database connection per Lambda container, opened lazily and kept across invocations.

KeptConnection is that connection and what a Database and its Transactions do with it. (One module for
the three: from a zip without bytecode, each module more costs a cold start a fraction of a millisecond.)
"""

from __future__ import annotations

import datetime
import os
import ssl
import time
from collections.abc import Callable, Iterable, Mapping

from .config import Config
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
from .statements import Rows, Statement, compile_statement
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


def engine_driver(engine: str):
    """The Driver (see drivers.py) of `engine`. Its module, and the driver package, are imported here, when
    the first Database of the engine is made: a function loads only its own engine's."""
    if engine == "mysql":
        from .mysql import MySQL

        return MySQL()
    from .postgresql import PostgreSQL

    return PostgreSQL()


def checked_statement(sql: str, engine: str) -> Statement:
    """The Statement of `sql`, refused if it begins or ends a transaction."""
    statement = compile_statement(sql, engine)
    if statement.control:
        raise UsageError(
            f"{sql.strip()[:40]!r} begins or ends a transaction: use `with db.transaction() as tx:`, "
            "which keeps its statements on one connection and never retries them"
        )
    return statement


class KeptConnection:
    """A connection checked cheaply before each statement (no round trip) and, when it is gone, replaced
    by a new one with a fresh IAM token. A rejected token is retried once with a new one. Connecting, and
    each statement, may take at most `timeout` seconds (a statement's bound is kept by a watchdog thread,
    see watchdog.py). `opened` counts the connections made; `transaction` is the Transaction open on it."""

    def __init__(
        self,
        config: Config,
        driver,
        tls: ssl.SSLContext,
        timeout: float,
        clock: Callable[[], datetime.datetime],
        log: Callable[..., None],
    ):
        self.config, self.driver, self.timeout = config, driver, timeout
        self.opened = 0
        self.transaction = None
        self._tls, self._clock, self._log = tls, clock, log
        self._watchdog = Watchdog(timeout)
        self._connection = None

    @property
    def is_open(self) -> bool:
        return self._connection is not None

    def execute(self, text: str, values: tuple | None, idempotent: bool) -> Rows:
        """Run a statement on the connection, opened if need be. An `idempotent` statement whose reused
        connection broke under it runs once more on a new connection."""
        reused = self.ensure()
        try:
            return self.run(text, values)
        except ConnectionLost:
            if not (reused and idempotent):
                raise
        self.ensure()
        return self.run(text, values)

    def ensure(self) -> bool:
        """Make sure a connection is open; True if it is the one kept from before."""
        if self._connection is not None:
            if self.driver.is_alive(self._connection):
                return True
            self.drop("closed by the server")
        self._connection = self.new()
        return False

    def require(self) -> None:
        """Raise ConnectionLost unless the transaction's connection is still there (never reconnect)."""
        if self._connection is not None and self.driver.is_alive(self._connection):
            return
        if self._connection is not None:
            self.drop("closed by the server, inside a transaction")
        raise ConnectionLost(
            "the connection was lost inside a transaction, which the server rolled back; nothing was retried "
            "(the next statement after the transaction reconnects)"
        )

    def run(self, text: str, values: tuple | None) -> Rows:
        """The statement on the open connection, within the timeout; a connection that broke is dropped."""
        self._watchdog.arm(self.driver.socket(self._connection))
        try:
            return self.driver.run(self._connection, text, values)
        except ConnectionLost as exc:
            raise self._lost(exc) from exc
        finally:
            self._watchdog.disarm()

    def run_many(self, statement: Statement, rows: list[Mapping]) -> int:
        """The batch on the open connection, each of its statements within the timeout."""
        sock = self.driver.socket(self._connection)
        try:
            return self.driver.run_many(self._connection, statement, rows, lambda: self._watchdog.arm(sock))
        except ConnectionLost as exc:
            raise self._lost(exc) from exc
        finally:
            self._watchdog.disarm()

    def new(self, dbapi: bool = False):
        """A new connection of the driver (a DB-API one with `dbapi`), not kept; a rejected token is
        replaced by a fresh one once."""
        try:
            return self._open(dbapi)
        except AuthenticationFailed as exc:
            self._log("token_rejected", level="warning", error=str(exc), retry="once, with a fresh token")
            return self._open(dbapi)

    def drop(self, why: str, level: str = "warning") -> None:
        """Close the connection and forget it; the next statement opens another."""
        self.driver.close(self._connection)
        self._connection = None
        self._log("connection_dropped", level=level, reason=why)

    def close(self) -> None:
        self._watchdog.stop()
        if self._connection is not None:
            self.drop("closed by the caller", level="info")

    def _lost(self, exc: ConnectionLost) -> Exception:
        """Drop the broken connection; what to raise for it (StatementTimeout if the watchdog ended it)."""
        self.drop(str(exc))
        if self._watchdog.fired:
            config = self.config
            return StatementTimeout(
                f"{config.engine} at {config.host}:{config.port} did not answer within {self.timeout:g} s"
            )
        return exc

    def _open(self, dbapi: bool):
        config = self.config
        token = generate_auth_token(
            config.host, config.port, config.user, config.region, config.credentials, self._clock()
        )
        connect = self.driver.connect_dbapi if dbapi else self.driver.connect
        started = time.perf_counter()
        try:
            connection = connect(config, token, self._tls, self.timeout)
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
        self.opened += 1
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


BEGIN, COMMIT, ROLLBACK = "BEGIN", "COMMIT", "ROLLBACK"
IN_TRANSACTION = (
    "a transaction is open on this Database: run statements through it (tx.query) until its with-block ends"
)


class Database:
    """Keeps one connection (a KeptConnection): checks it cheaply before each statement (no round trip),
    and when it is gone opens a new one with a fresh IAM token. A rejected token is retried once with a
    new one; nothing is retried more than once per call, and nothing inside a transaction at all.
    Connecting, and each statement, may take at most `timeout` seconds. Statements take `:name`
    parameters on both engines (see statements.py) and run in autocommit, unless inside
    `with db.transaction() as tx:`.

    Besides `config` and `timeout`: `driver`, the engine's Driver (drivers.py); `log`, where its events
    go; `kept`, the KeptConnection its transactions run on."""

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
        self.log = log
        self.driver = engine_driver(config.engine)
        self.kept = KeptConnection(config, self.driver, tls_context(config.ca_bundle), timeout, clock, log)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, *, reader: bool = False, **options) -> Database:
        """The Database of the environment's settings (see Config.from_env); with `reader`, on DB_READ_HOST."""
        return cls(Config.from_env(environ, reader=reader), **options)

    @property
    def connections_opened(self) -> int:
        return self.kept.opened

    def query(self, sql: str, params: Mapping | None = None, *, idempotent: bool = False) -> Rows:
        """Run one statement in autocommit: (column names, rows). An `idempotent` statement whose reused
        connection broke under it runs once more on a new connection; any other failure is raised.
        A statement that begins or ends a transaction is refused: use transaction()."""
        if self.kept.transaction is not None:
            raise UsageError(IN_TRANSACTION)
        statement = checked_statement(sql, self.config.engine)
        return self.kept.execute(statement.text, statement.values(params), idempotent)

    def executemany(self, sql: str, rows: Iterable[Mapping]) -> int:
        """Run one statement for each mapping in `rows`, all or none: more than one row runs inside a
        transaction of its own. An INSERT ... VALUES (...) goes as multi-row statements of at most
        16 KB each; any other statement runs once per row. Returns the rows the statements affected.
        Never retried."""
        if self.kept.transaction is not None:
            raise UsageError(IN_TRANSACTION)
        statement, rows = checked_statement(sql, self.config.engine), list(rows)
        if len(rows) > 1:
            with self.transaction() as tx:
                return tx.executemany(sql, rows)
        if not rows:
            return 0
        self.kept.ensure()
        return self.kept.run_many(statement, rows)

    def transaction(self) -> Transaction:
        """`with db.transaction() as tx:` runs tx.query() and tx.executemany() on one connection inside
        BEGIN ... COMMIT, or ROLLBACK when the block raises. Nothing in it is retried: a connection lost
        inside raises ConnectionLost (the server rolls the transaction back), and the next statement
        after the block reconnects. Transactions do not nest."""
        return Transaction(self)

    def dbapi_connection(self):
        """A new DB-API 2.0 connection of the engine's driver (pymysql, or pg8000.dbapi), opened as this
        Database opens its own: a fresh IAM token (retried once if refused), verified TLS, nothing sent
        but the login. Transactions begin implicitly, as DB-API has it. Once open it raises the driver's
        own PEP 249 errors. The caller owns it: close it, and open another when it breaks. For
        SQLAlchemy, see rds_connect.sqlalchemy."""
        return self.kept.new(dbapi=True)

    def close(self) -> None:
        self.kept.close()


class Transaction:
    """One transaction on a Database's connection; see Database.transaction()."""

    def __init__(self, database: Database):
        self._kept = database.kept
        self._engine = database.config.engine
        self._state = "new"  # then "open", then "ended"

    def __enter__(self) -> Transaction:
        kept = self._kept
        if self._state != "new":
            raise UsageError("this transaction was already used: call db.transaction() again for another")
        if kept.transaction is not None:
            raise UsageError("a transaction is already open on this Database: transactions do not nest")
        # Nothing has run yet, so a reused connection that broke is replaced once, as for idempotent queries.
        kept.execute(BEGIN, None, idempotent=True)
        kept.transaction, self._state = self, "open"
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        try:
            if exc_type is None:
                self._commit()
            elif self._kept.is_open:
                self._roll_back(exc)
        finally:
            self._kept.transaction, self._state = None, "ended"
        return False

    def query(self, sql: str, params: Mapping | None = None) -> Rows:
        """Run one statement inside the transaction: (column names, rows). Never retried."""
        statement = self._statement(sql)
        self._kept.require()
        return self._kept.run(statement.text, statement.values(params))

    def executemany(self, sql: str, rows: Iterable[Mapping]) -> int:
        """Database.executemany inside the transaction. Never retried."""
        statement = self._statement(sql)
        self._kept.require()
        return self._kept.run_many(statement, list(rows))

    def _statement(self, sql: str) -> Statement:
        if self._state != "open":
            raise UsageError("this transaction has ended: statements after its with-block go through the Database")
        return checked_statement(sql, self._engine)

    def _commit(self) -> None:
        self._kept.require()
        try:
            self._kept.run(COMMIT, None)
        except ConnectionLost as exc:
            raise ConnectionLost(
                f"the connection was lost while committing, so the transaction may or may not be committed: {exc}"
            ) from exc

    def _roll_back(self, exc: BaseException) -> None:
        """ROLLBACK after the block raised `exc`; never raises over it. After an interruption (not an
        Exception) the connection's state is unknown: it is closed instead, and the server rolls back."""
        kept = self._kept
        if not isinstance(exc, Exception):
            kept.drop("closed inside an interrupted transaction")
            return
        try:
            kept.run(ROLLBACK, None)
        except (ConnectionLost, DatabaseUnavailable, QueryError):
            if kept.is_open:
                kept.drop("ROLLBACK failed")
