"""The one connection a Database keeps, and what its Database and Transactions do with it."""

from __future__ import annotations

import datetime
import ssl
import time
from collections.abc import Callable, Mapping

from .config import Config
from .errors import AuthenticationFailed, ConnectionLost, DatabaseUnavailable, StatementTimeout
from .iam_token import generate_auth_token
from .statements import Rows, Statement
from .watchdog import Watchdog


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
