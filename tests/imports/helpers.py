"""Reading a built fixture as the preview does."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.core.management import call_command

from imports.parse import parse


def read(build: Callable[[], tuple[str, bytes]]) -> dict:
    name, data = build()
    return parse(io.BytesIO(data), name=name)


def parse_workbook(workbook, name: str) -> dict:
    """Read an openpyxl workbook built in the test, saved as the file an agency would upload."""
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return parse(out, name=name)


def messages(result: dict, key: str = "errors") -> list[str]:
    return [item["message"] for item in result[key]]


def activities(aspect: dict, *keys: str) -> list[tuple]:
    return [tuple(activity[key] for key in keys) for activity in aspect["activities"]]


def run(path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_annex", str(path), *args, stdout=out)
    return out.getvalue()


def written(tmp_path, build) -> object:
    name, data = build()
    path = tmp_path / name
    path.write_bytes(data)
    return path
