"""What an engine's driver does for a Database (Driver), and the helpers both engines share.

mysql.py (PyMySQL) and postgresql.py (pg8000) each implement Driver. This module imports neither: database.py
imports one of them when the first Database of its engine is made, so a function only loads (and, from a
zip without bytecode, compiles) the driver its engine needs.
"""

from __future__ import annotations

import select
import socket
import ssl
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Protocol

from . import statements
from .config import Config
from .statements import Rows, Statement

# A driver's connection classes: `native` for the Database's own connections, `dbapi` for dbapi_connection().
Classes = namedtuple("Classes", "native dbapi")


class Driver(Protocol):
    """`connection` is the driver's own connection object. Connecting raises AuthenticationFailed for a
    refused token and DatabaseUnavailable for anything else; running a statement raises ConnectionLost
    when the connection broke and QueryError when the statement failed."""

    def connect(self, config: Config, password: str, tls: ssl.SSLContext, timeout: float):
        """A connection for the Database: autocommit, its socket in blocking mode once logged in (the
        Database's watchdog bounds each statement), nothing sent but the login."""

    def connect_dbapi(self, config: Config, password: str, tls: ssl.SSLContext, timeout: float):
        """A DB-API 2.0 connection of the driver: transactions begin implicitly (BEGIN before the first
        statement, no SET AUTOCOMMIT), and the driver's timeouts bound each read and write."""

    def socket(self, connection) -> socket.socket:
        """The connection's socket, for the watchdog to shut."""

    def run(self, connection, text: str, values: tuple | None) -> Rows:
        """One statement as Statement.text has it, with its values (None: sent exactly as written)."""

    def run_many(
        self, connection, statement: Statement, rows: Sequence[Mapping], on_statement: Callable[[], None]
    ) -> int:
        """The statements of batches(statement, rows), calling `on_statement` before each; the rows they
        affected."""

    def is_alive(self, connection) -> bool:
        """False when the server or a proxy closed the connection, known without a round trip."""

    def close(self, connection) -> None:
        """Close the connection; one already broken is not an error."""


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


def reason(exc: BaseException) -> str:
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


def blocking(sock) -> None:
    """Leave Python's timeout mode once logged in: the Database's watchdog bounds statements instead."""
    sock.settimeout(None)


def batches(
    statement: Statement, rows: Sequence[Mapping], mogrify: Callable[[str, tuple], str] | None = None
) -> Iterator[tuple[str, tuple | None, int]]:
    """(text, values, rows covered) of the statements that run `rows`: one per row, or, for a foldable
    INSERT (Statement.fold), multi-row VALUES lists of at most MAX_STATEMENT_TEXT bytes each (read at each
    call: bench_lambda_batch.py lifts it). PostgreSQL's placeholders are numbered anew in each statement,
    its values sent apart. For MySQL give `mogrify`, PyMySQL's cursor.mogrify: it quotes each row's values
    into its group, and the values are None."""
    if statement.fold is None:
        for row in rows:
            yield statement.text, statement.values(row), 1
        return
    before, opening, placeholders, after = statement.fold
    template = opening.replace("%", "%%") + "".join("%s" + piece.replace("%", "%%") for _, piece in placeholders)

    def group(offset: int, row_values: tuple) -> str:  # one row's (...), PostgreSQL's numbered from offset + 1
        if mogrify is not None:
            return mogrify(template, row_values)
        return opening + "".join(f"${offset + index + 1}{piece}" for index, piece in placeholders)

    fixed = len(before.encode()) + len(after.encode()) - 2  # less the ", " the first row goes without
    texts, values, size = [], [], fixed
    for row in rows:
        row_values = statement.values(row)
        row_text = group(len(values), row_values)
        row_size = len(row_text.encode())
        if texts and size + 2 + row_size > statements.MAX_STATEMENT_TEXT:
            yield before + ", ".join(texts) + after, tuple(values) or None, len(texts)
            texts, values, size = [], [], fixed
            row_text = group(0, row_values)
            row_size = len(row_text.encode())
        size += 2 + row_size
        texts.append(row_text)
        if mogrify is None:
            values += row_values
    if texts:
        yield before + ", ".join(texts) + after, tuple(values) or None, len(texts)
