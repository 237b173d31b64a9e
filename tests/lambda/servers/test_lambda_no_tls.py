"""The token never leaves the client without TLS: against fake servers that do not offer TLS, the
connection module gives up before sending anything that carries the token."""

from __future__ import annotations

import socket
import struct
import threading

import pytest

from rds_connect import Config, Database, DatabaseUnavailable

CLIENT_SSL = 0x0800


def mysql_greeting_without_tls() -> bytes:
    """A MySQL protocol 10 handshake whose capabilities lack CLIENT_SSL and that asks for the cleartext plugin."""
    lower, upper = 0xFFFF & ~CLIENT_SSL, 0x0008  # upper half: CLIENT_PLUGIN_AUTH
    payload = (
        b"\x0a"
        + b"8.0.0-fake\0"
        + struct.pack("<I", 7)
        + b"saltsalt"
        + b"\0"
        + struct.pack("<H", lower)
        + b"\x21"
        + struct.pack("<H", 2)
        + struct.pack("<H", upper)
        + bytes([21])
        + b"\0" * 10
        + b"saltsaltsalt\0"
        + b"mysql_clear_password\0"
    )
    return struct.pack("<I", len(payload))[:3] + b"\0" + payload


class FakeServer:
    """Accepts one connection on 127.0.0.1, plays `greet`, and keeps every byte the client sends."""

    def __init__(self, greet):
        self.received = bytearray()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._greet = greet
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        connection, _ = self._listener.accept()
        with connection:
            connection.settimeout(5)
            self._greet(connection, self.received)
            try:
                while chunk := connection.recv(65536):
                    self.received += chunk
            except OSError:
                pass

    def close(self):
        self._thread.join(10)
        self._listener.close()


def greet_mysql(connection, received):
    connection.sendall(mysql_greeting_without_tls())


def greet_postgresql(connection, received):
    received += connection.recv(8)  # SSLRequest
    connection.sendall(b"N")


@pytest.mark.parametrize(
    "engine, greet, expected",
    [
        ("mysql", greet_mysql, "SSL is required but the server doesn't support it"),
        ("postgresql", greet_postgresql, "Server refuses SSL"),
    ],
)
def test_token_never_leaves_without_tls(engine, greet, expected, test_ca, credentials):
    fake = FakeServer(greet)
    env = {
        "DB_HOST": "127.0.0.1",
        "DB_PORT": str(fake.port),
        "DB_USER": "app_user",
        "DB_NAME": "app",
        "DB_ENGINE": engine,
        "DB_CA_BUNDLE": str(test_ca.path),
        **credentials.env(),
    }
    db = Database(Config.from_env(env))
    try:
        with pytest.raises(DatabaseUnavailable, match=expected):
            db.query("SELECT 1")
    finally:
        db.close()
        fake.close()
    assert b"X-Amz" not in fake.received and b"app_user" not in fake.received
