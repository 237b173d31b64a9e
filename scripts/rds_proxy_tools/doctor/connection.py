"""Where a function's environment says it connects: each variable's value read as a host, `host:port` or a URL
(`scheme://[user[:password]@]host[:port][/database]`, `jdbc:` before it too), whatever the function's runtime.

Only the host, port, user and database name are kept: never a password a URL may carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

# The port a URL without one connects to, by its scheme (the drivers' defaults, as the engines listen).
DEFAULT_PORTS = {"mysql": 3306, "mariadb": 3306, "postgres": 5432, "postgresql": 5432, "sqlserver": 1433}
HOST_PORT = re.compile(r"(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(?P<port>[0-9]{1,5}))?")


@dataclass(frozen=True)
class Connection:
    """What one environment variable's value says of the connection."""

    variable: str  # the variable's name: DB_HOST, DATABASE_URL, ...
    host: str
    port: int | None = None  # None: the value gives none
    user: str = ""  # a URL's user; "" when it gives none
    database: str = ""  # a URL's path
    source: str = "value"  # "value" (the whole value is the host), "host:port" or "url"
    scheme: str = ""  # a URL's, lowercased, without jdbc:

    @property
    def default_port(self) -> int | None:
        """The port the value gives, else the one its URL's scheme connects to by default."""
        return self.port if self.port is not None else DEFAULT_PORTS.get(self.scheme)


def parse(variable: str, value: str) -> Connection | None:
    """The connection `value` names (the whole value when it is no `host:port` and no URL), or None when empty or
    an unreadable URL."""
    value = value.strip()
    if "://" in value:
        return parse_url(variable, value)
    match = HOST_PORT.fullmatch(value)
    if match is not None and match["port"] is not None:
        return Connection(variable, match["host"], int(match["port"]), source="host:port")
    return Connection(variable, value) if value else None


def parse_url(variable: str, value: str) -> Connection | None:
    parts = urlsplit(value.removeprefix("jdbc:"))
    try:
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return Connection(
        variable,
        parts.hostname,
        port,
        user=unquote(parts.username or ""),
        database=unquote(parts.path.lstrip("/")),
        source="url",
        scheme=parts.scheme.lower(),
    )


def connections(environment: dict[str, str]) -> tuple[Connection, ...]:
    """Every variable's connection, in the environment's order."""
    parsed = (parse(name, str(value)) for name, value in environment.items())
    return tuple(c for c in parsed if c is not None)
