"""How log records are written: JSON lines when LOG_FORMAT=json, one readable line otherwise.

Either way a record is one line. The fields the app passes with `extra=` (the request's method, path,
status, duration and user; a transition's object and states) become keys of the JSON object, so a log
collector can filter on them without parsing the message.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


def extra_fields(record: logging.LogRecord) -> dict:
    return {key: value for key, value in record.__dict__.items() if key not in _STANDARD and not key.startswith("_")}


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in extra_fields(record).items():
            entry.setdefault(key, value)
        if record.exc_info:
            # The traceback stays inside the one line, as a string.
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`time level logger message`, a traceback (of a real error) on the lines below."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")


class ClientErrorsOnOneLine(logging.Filter):
    """A refusal the client caused (403, 400: `PermissionDenied`, `SuspiciousOperation`, `BadRequest`) is
    logged as one line with its reason, never with the traceback of the exception that produced it:
    nothing is broken, and a traceback per refused request buries the real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation

        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied | SuspiciousOperation | BadRequest):
            reason = str(record.exc_info[1])
            record.msg = f"{record.getMessage()}: {reason}" if reason else record.getMessage()
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True
