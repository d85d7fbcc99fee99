"""What the benchmarks share. Each runs as a script (`.venv/bin/python bench/x.py`), so this folder,
not the project, is first on the path: `setup_django()` puts the project there and starts Django."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django(**environ: str) -> None:
    """Start Django on the project's settings, with `environ` (the benchmark's own settings) set first."""
    os.environ.update(environ)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asm_tracker.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def peak_mb() -> float:
    """This process's peak resident memory so far, which survives exec: each measurement runs in a child of its own."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
