"""One database connection per Lambda container, opened lazily and kept across invocations."""

from __future__ import annotations

import datetime
import os
import ssl
import time
from collections.abc import Callable, Mapping

from .config import Config
from .drivers import DRIVERS, Rows
from .errors import AuthenticationFailed, ConfigError, ConnectionLost, DatabaseUnavailable
from .iam_token import generate_auth_token
from .log import log as default_log
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


class Database:
    """Keeps one connection: checks it cheaply before each statement (no round trip), and when it
    is gone opens a new one with a fresh IAM token. A rejected token is retried once with a new
    one; nothing is retried more than once per call. Connecting, and each statement, may take at
    most `timeout` seconds (a statement's bound is kept by a watchdog thread, see watchdog.py)."""

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
        self._driver = DRIVERS[config.engine]
        self._tls = tls_context(config.ca_bundle)
        self._clock = clock
        self._log = log
        self._connection = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, *, reader: bool = False, **options) -> Database:
        """The Database of the environment's settings (see Config.from_env); with `reader`, on DB_READ_HOST."""
        return cls(Config.from_env(environ, reader=reader), **options)

    def query(self, sql: str, params: dict | None = None, *, idempotent: bool = False) -> Rows:
        """Run one statement: (column names, rows). An `idempotent` statement whose reused connection
        broke under it runs once more on a new connection; any other failure is raised."""
        reused = self._ensure_connection()
        try:
            return self._run(sql, params)
        except ConnectionLost:
            if not (reused and idempotent):
                raise
        self._ensure_connection()
        return self._run(sql, params)

    def close(self) -> None:
        self._watchdog.stop()
        if self._connection is not None:
            self._discard("closed by the caller", level="info")

    def _run(self, sql: str, params: dict | None) -> Rows:
        """The statement on the kept connection, within the timeout; a connection that broke is dropped."""
        self._watchdog.arm(self._driver.socket(self._connection))
        try:
            return self._driver.run(self._connection, sql, params)
        except ConnectionLost as exc:
            self._discard(str(exc))
            if self._watchdog.fired:
                config = self.config
                raise DatabaseUnavailable(
                    f"{config.engine} at {config.host}:{config.port} did not answer within {self.timeout:g} s"
                ) from exc
            raise
        finally:
            self._watchdog.disarm()

    def _ensure_connection(self) -> bool:
        """Make sure a connection is open; True if it is the one kept from before."""
        if self._connection is not None:
            if self._driver.is_alive(self._connection):
                return True
            self._discard("closed by the server")
        try:
            self._connection = self._open()
        except AuthenticationFailed as exc:
            self._log("token_rejected", level="warning", error=str(exc), retry="once, with a fresh token")
            self._connection = self._open()
        return False

    def _open(self):
        config = self.config
        token = generate_auth_token(
            config.host, config.port, config.user, config.region, config.credentials, self._clock()
        )
        started = time.perf_counter()
        try:
            connection = self._driver.connect(config, token, self._tls, self.timeout)
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
        )
        return connection

    def _discard(self, why: str, level: str = "warning") -> None:
        self._driver.close(self._connection)
        self._connection = None
        self._log("connection_dropped", level=level, reason=why)
