"""What the benchmarks share. Each runs as a script (`.venv/bin/python bench/x.py`), so this folder,
not the project, is first on the path: `setup_django()` puts the project there and starts Django."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django(*, serve: bool = False, **environ: str) -> None:
    """Start Django on the project's settings, with `environ` (the benchmark's own settings) set first;
    with `serve`, the way the server starts it (asm_tracker/wsgi.py, which also freezes what it loaded
    out of the garbage collector's passes, as the job worker does)."""
    os.environ.update(environ)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asm_tracker.settings")
    sys.path.insert(0, str(ROOT))
    if serve:
        import asm_tracker.wsgi  # noqa: F401
    else:
        import django

        django.setup()


def peak_mb() -> float:
    """This process's peak resident memory so far, which survives exec: each measurement runs in a child of its own."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
