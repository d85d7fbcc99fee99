"""The names of downloaded files, built in one place from what the file holds.

`asm-FASSA-QRO-2017.csv` rather than `asm.csv`: a citizen who downloads three lists, or an annex
of two programs, can tell the files apart in their downloads folder. The public list downloads,
the annexes (one, or many in a ZIP) and the open data all name their files here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from .models import Agency, CutOffPeriod, Program


def name_part(text: str) -> str:
    """A piece of a file name: accents dropped, anything but letters, digits and hyphens made a
    hyphen, case kept (a program's key stays «FASSA-QRO»)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")


def download_name(
    subject: str,
    *,
    ext: str,
    agency: Agency | None = None,
    program: Program | None = None,
    year: int | None = None,
    period: CutOffPeriod | None = None,
    since: date | None = None,
    details: Iterable[str] = (),
) -> str:
    """`<subject>-<agency>-<program>-<year>-<period>-<details…>-desde-<day>.<ext>`, each part only
    when the file is narrowed by it: the agency's acronym, the program's key, the cycle's year,
    the cut-off period («marzo-2012»), then `details` (choice codes, words searched, a layout),
    lower-case words. «asm-FASSA-QRO-2017.csv», «avance-S054-2011-marzo-2012-datos.xlsx»,
    «anexos-SSQ-2017-desde-2026-11-01.zip»."""
    parts = [name_part(subject)]
    if agency is not None:
        parts.append(name_part(agency.acronym) or name_part(agency.name).lower())
    if program is not None:
        parts.append(name_part(program.key))
    if year is not None:
        parts.append(str(year))
    if period is not None:
        parts.append(name_part(period.name).lower())
    parts.extend(name_part(detail).lower() for detail in details)
    if since is not None:
        parts.append(f"desde-{since:%Y-%m-%d}")
    return "-".join(part for part in parts if part) + "." + ext
