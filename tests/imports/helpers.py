"""Reading a built fixture as the preview does."""

from __future__ import annotations

import io
from collections.abc import Callable

from imports.parse import parse


def read(build: Callable[[], tuple[str, bytes]]) -> dict:
    name, data = build()
    return parse(io.BytesIO(data), name=name)


def messages(result: dict, key: str = "errors") -> list[str]:
    return [item["message"] for item in result[key]]


def activities(aspect: dict, *keys: str) -> list[tuple]:
    return [tuple(activity[key] for key in keys) for activity in aspect["activities"]]
