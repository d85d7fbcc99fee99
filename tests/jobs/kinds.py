"""Kinds of job that exist only for the tests: one that counts rows into a file, one that
fails with a reason for the user, one that breaks."""

from __future__ import annotations

import io

from jobs.models import Job
from jobs.services import JobFailed, job_task


@job_task("tests.count", label="Conteo de prueba")
def count_rows(job: Job) -> None:
    rows = job.params["rows"]
    lines = []
    for number in range(1, rows + 1):
        lines.append(f"fila {number}\n")
        job.advance(number, rows)
    job.store_result(
        io.BytesIO("".join(lines).encode()), filename="conteo.txt", content_type="text/plain; charset=utf-8"
    )


@job_task("tests.refuse", label="Trabajo que se rehúsa")
def refuse(job: Job) -> None:
    job.advance(3, 10)
    raise JobFailed("El programa de trabajo ya no existe.")


@job_task("tests.crash", label="Trabajo que se rompe")
def crash(job: Job) -> None:
    raise ZeroDivisionError("a bug")
