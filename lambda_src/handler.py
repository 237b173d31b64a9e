"""Lambda function: runs one allowlisted query through RDS Proxy and answers with the rows as JSON.

Event: {"query": "<name>"}, the name one of QUERIES, and "reader": true to run it on the proxy's reader
endpoint (DB_READ_HOST). Response: {"statusCode", "headers", "body"},
the body JSON: {"query": name, "rows": [{column: value}, ...]} or {"error": "<one line>"}.
The connection is opened on the first invocation and kept for the container's next ones.
"""

from __future__ import annotations

import datetime
import json
import time

from rds_connect import ConfigError, ConnectionLost, Database, DatabaseUnavailable, QueryError, log

# One statement for both engines where SQL allows it; a mapping by engine where the engines differ.
QUERIES = {
    "ping": "SELECT 1 AS ok",
    "now": "SELECT CURRENT_TIMESTAMP(6) AS now",
    "version": "SELECT version() AS version",
    "current_user": "SELECT CURRENT_USER AS db_user",
    "connection_id": {
        "mysql": "SELECT CONNECTION_ID() AS connection_id",
        "postgresql": "SELECT pg_backend_pid() AS connection_id",
    },
}
HEADERS = {"Content-Type": "application/json"}

_database: Database | None = None
_reader: Database | None = None


def database(reader: bool = False) -> Database:
    """The container's Database (on DB_READ_HOST for `reader`), built from the environment on first use."""
    global _database, _reader
    if reader:
        if _reader is None:
            _reader = Database.from_env(reader=True)
        return _reader
    if _database is None:
        _database = Database.from_env()
    return _database


def lambda_handler(event, context):
    started = time.perf_counter()
    status, body = handle(event)
    fields = {"status": status, "ms": round((time.perf_counter() - started) * 1000, 2)}
    if status != 200:
        fields["error"] = body["error"]
    log(
        "invocation",
        level="info" if status == 200 else "warning" if status < 500 else "error",
        request_id=getattr(context, "aws_request_id", None),
        query=_query_name(event),
        **fields,
    )
    return {"statusCode": status, "headers": HEADERS, "body": json.dumps(body, default=_json_value)}


def handle(event) -> tuple[int, dict]:
    """(HTTP-style status, body) for one event; never raises for a bad event or an unreachable database."""
    if not isinstance(event, dict):
        return 400, {"error": f'event must be a JSON object like {{"query": "now"}}, not {type(event).__name__}'}
    name = event.get("query")
    if not isinstance(name, str) or name not in QUERIES:
        problem = 'event has no "query"' if name is None else f"unknown query {name!r}"
        return 400, {"error": f"{problem}; expected one of: {', '.join(QUERIES)}"}
    reader = event.get("reader", False)
    if not isinstance(reader, bool):
        return 400, {"error": f'"reader" must be true or false, not {json.dumps(reader)[:64]}'}
    try:
        db = database(reader)
        sql = QUERIES[name] if isinstance(QUERIES[name], str) else QUERIES[name][db.config.engine]
        columns, rows = db.query(sql, idempotent=True)
    except ConfigError as exc:
        return 500, {"error": str(exc)}
    except (DatabaseUnavailable, ConnectionLost) as exc:
        return 503, {"error": f"database unavailable: {exc}"}
    except QueryError as exc:
        return 500, {"error": str(exc)}
    return 200, {"query": name, "rows": [dict(zip(columns, row, strict=True)) for row in rows]}


def _query_name(event) -> str | None:
    name = event.get("query") if isinstance(event, dict) else None
    return name[:64] if isinstance(name, str) else None


def _json_value(value):
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)
