"""SQLAlchemy on rds_connect: an Engine whose connections the library opens (IAM token, verified TLS).

    from rds_connect import Database
    from rds_connect.sqlalchemy import create_engine

    engine = create_engine(Database.from_env())   # once per container, outside the handler

SQLAlchemy 2.x comes with the function (the layer does not ship it). Importing this module registers
the dialects `mysql+rds_connect` and `postgresql+rds_connect`: SQLAlchemy's PyMySQL and pg8000
dialects minus two statements RDS Proxy would see. PyMySQL's sends SET NAMES on every new connection
(the library's connections have utf8mb4 from the handshake); both send SET SESSION ... ISOLATION LEVEL
whenever a connection used with `isolation_level="AUTOCOMMIT"` returns to the pool, where switching
the drivers' client-side autocommit back is enough (on PostgreSQL any SET pins the session).
"""

from __future__ import annotations

import sqlalchemy
from sqlalchemy import event
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.mysql.mysqldb import MySQLDialect_mysqldb
from sqlalchemy.dialects.mysql.pymysql import MySQLDialect_pymysql
from sqlalchemy.dialects.postgresql.pg8000 import PGDialect_pg8000

from .database import Database

URLS = {"mysql": "mysql+rds_connect://", "postgresql": "postgresql+rds_connect://"}
# One connection per container, reused across invocations; no round trip on checkout.
DEFAULTS = {"pool_size": 1, "max_overflow": 0, "pool_pre_ping": False}


class AutocommitWithoutSet:
    """Isolation levels, minus the SET for a switch between AUTOCOMMIT and the server's default."""

    def set_isolation_level(self, dbapi_connection, level):
        if level == "AUTOCOMMIT" or (
            level == self.default_isolation_level and not getattr(dbapi_connection, "rds_isolation_set", False)
        ):
            self.set_client_autocommit(dbapi_connection, level == "AUTOCOMMIT")
            return
        super().set_isolation_level(dbapi_connection, level)
        dbapi_connection.rds_isolation_set = level != self.default_isolation_level


class MySQLDialect(AutocommitWithoutSet, MySQLDialect_pymysql):
    supports_statement_cache = True  # SQLAlchemy reads it from each dialect class's own namespace

    def on_connect(self):
        return super(MySQLDialect_mysqldb, self).on_connect()  # skips mysqldb's SET NAMES

    @staticmethod
    def set_client_autocommit(dbapi_connection, value: bool) -> None:
        dbapi_connection.autocommit(value)  # sends nothing: see mysql.py


class PostgreSQLDialect(AutocommitWithoutSet, PGDialect_pg8000):
    supports_statement_cache = True

    @staticmethod
    def set_client_autocommit(dbapi_connection, value: bool) -> None:
        dbapi_connection.autocommit = value


registry.register("mysql.rds_connect", __name__, "MySQLDialect")
registry.register("postgresql.rds_connect", __name__, "PostgreSQLDialect")


def create_engine(database: Database, **options) -> sqlalchemy.Engine:
    """An Engine on `database`'s settings: each new connection is database.dbapi_connection() (a fresh
    token), the pool keeps one (`pool_size=1, max_overflow=0`), and a connection the server or proxy
    closed is replaced at checkout after a zero-timeout poll of its socket instead of a ping. `options`
    go to sqlalchemy.create_engine and override these."""
    engine = sqlalchemy.create_engine(
        URLS[database.config.engine], creator=database.dbapi_connection, **{**DEFAULTS, **options}
    )
    is_alive = database.driver.is_alive

    @event.listens_for(engine, "checkout")
    def replace_if_closed(dbapi_connection, connection_record, connection_proxy):
        if not is_alive(dbapi_connection):
            database.log("connection_dropped", level="warning", reason="closed by the server", dbapi=True)
            raise sqlalchemy.exc.DisconnectionError("closed by the server")  # the pool opens a new one

    return engine
