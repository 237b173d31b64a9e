"""Structured logs: one JSON object per line on stdout, which Lambda ships to CloudWatch Logs."""

from __future__ import annotations

import json
import sys


def log(event: str, level: str = "info", **fields) -> None:
    print(json.dumps({"level": level, "event": event, **fields}, default=str), file=sys.stdout, flush=True)
