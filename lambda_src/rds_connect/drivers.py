"""What differs between the engines: the pure-Python driver calls and how their errors read
(mysql.py, postgresql.py), and what they share.

Each engine's module, and its driver, is imported when the first Database of that engine is made, so a
function only loads (and, from a zip without bytecode, compiles) the one its engine needs.
"""

from __future__ import annotations

import select
import ssl

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


def driver(engine: str):
    """The driver class of `engine` ("mysql" or "postgresql"), imported on first use."""
    if engine == "mysql":
        from .mysql import MySQL

        return MySQL
    from .postgresql import PostgreSQL

    return PostgreSQL
