"""Benchmark of the exports (not a test): `.venv/bin/python bench/exports.py [--rows N] [--pdf 1000,5000,20000]`.

With DATABASE_URL set to PostgreSQL it uses that database (migrated, with the demo and the bench
plans added once and reused by later runs); otherwise it builds a SQLite database in a temporary
folder. Every measurement runs in its own child process started from this small parent, so that
each peak RSS (ru_maxrss, which survives exec) is that measurement's own. It prints:

1. PDF of the progress annex of plans of 1,000, 5,000 and 20,000 activities, rendered in parts:
   seconds per 1,000 rows, pages, parts and peak RSS; the ratio of each size's seconds per 1,000
   rows to the smallest size's shows whether time is linear in rows; target: peak RSS < 500 MB.
2. CSV datos (the annexes' datos columns) of the progress annex of a plan of N activities
   (250,000 on PostgreSQL, 50,000 on SQLite) against PostgreSQL's own
   `COPY (SELECT … the same columns …) TO STDOUT`; target ≤ 5×.
3. XLSX datos of the same rows against a bare openpyxl write-only loop over them (materialised
   before the clock starts); target ≤ 1.5×.
4. The public list downloads (`/actividades/?programa=…&formato=csv|json|xlsx`) of the same N
   activities: seconds, time to the first byte and peak RSS; target: peak RSS < 200 MB.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from harness import peak_mb, setup_django

ACTIVITIES_PER_ASPECT = 10
PERIOD = "Septiembre 2017"
RSS_LIMIT_MB = {"pdf": 500, "list": 200}


def bench_key(activities: int) -> str:
    return f"BENCH-{activities}"


def start_django() -> None:
    # As the server runs the downloads and the worker the jobs: DEBUG off (Django keeps no log of the
    # queries), the process started the way gunicorn starts it.
    setup_django(serve=True, DEBUG="0", SECRET_KEY="bench-exports-not-secret", ALLOWED_HOSTS="testserver", HTTPS="0")


# The data. -----------------------------------------------------------------------------------


def build(sizes: list[int]) -> None:
    """migrate, load_demo (once) and a plan of each size that is not there yet."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from programs.models import Program

    call_command("migrate", verbosity=0)
    if not Program.objects.filter(key="FASSA-QRO").exists():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            call_command("load_demo", force=True, stdout=io.StringIO())
    for size in sizes:
        if not Program.objects.filter(key=bench_key(size)).exists():
            started = time.perf_counter()
            add_bench_plan(size)
            print(f"   plan {bench_key(size)}: {size:,} actividades creadas en {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after a bulk load, as autovacuum would give later


def add_bench_plan(activities: int) -> None:
    """An authorised plan of `activities` activities (10 per ASM), each with a unit and an
    authorised progress report, written in bulk past the audit trail (data for a benchmark)."""
    from django.db import transaction
    from django.utils import timezone

    from aspects import progress
    from aspects.models import Activity, Aspect, Plan, ProgressReport, ReportRound
    from programs.models import Program, Unit
    from programs.workflow import State

    fassa = Plan.objects.select_related("program__agency", "cycle").get(
        program__key="FASSA-QRO", cycle__name="Programa de ASM 2017"
    )
    period = fassa.cycle.periods.get(name=PERIOD)
    signed = {
        "state": State.AUTHORISED,
        "prepared_by_name": "Ana Pérez",
        "prepared_by_position": "Enlace",
        "authorised_by_name": "Saúl Ríos",
        "authorised_by_position": "Director",
        "prepared_at": timezone.now(),
        "authorised_at": timezone.now(),
    }
    with transaction.atomic():
        program = Program._base_manager.create(
            agency=fassa.program.agency,
            key=bench_key(activities),
            name=f"Programa de prueba de carga ({activities:,} actividades)",
            kind="fondo",
        )
        plan = Plan._base_manager.create(
            program=program, cycle=fassa.cycle, responsible_name="Responsable", responsible_position="Cargo", **signed
        )
        ReportRound._base_manager.create(plan=plan, period=period, **signed)
        unit = Unit.objects.filter(agency=program.agency).order_by("pk").first()
        text = "Texto de prueba de un aspecto susceptible de mejora con una extensión parecida a la de los documentos reales."
        Through = Activity.units.through
        aspect_count = max(activities // ACTIVITIES_PER_ASPECT, 1)
        for start in range(0, aspect_count, 1_000):
            aspects = Aspect._base_manager.bulk_create(
                Aspect(
                    plan=plan,
                    number=n,
                    text=f"{n}. {text}",
                    kind=Aspect.Kind.SPECIFIC,
                    expected_results="Resultados esperados del ASM.",
                )
                for n in range(start + 1, min(start + 1_000, aspect_count) + 1)
            )
            batch = Activity._base_manager.bulk_create(
                Activity(
                    aspect=aspect,
                    number=n,
                    description=f"Actividad {n} del ASM {aspect.number}: elaborar, revisar y publicar el documento.",
                    product="Documento publicado",
                    start_date=date(2017, 5, 1),
                    end_date=date(2017, 9, 30),
                )
                for aspect in aspects
                for n in range(1, min(ACTIVITIES_PER_ASPECT, activities) + 1)
            )
            Through.objects.bulk_create(Through(activity_id=a.pk, unit_id=unit.pk) for a in batch)
            ProgressReport._base_manager.bulk_create(
                ProgressReport(
                    activity=a,
                    period=period,
                    percent=50,
                    justification="Avance conforme a lo programado.",
                    evidence_note="minuta.pdf",
                    reported_on=date(2017, 9, 29),
                )
                for a in batch
            )
        # The stored copies and derived values that the public lists read (the plan's state on
        # each row, progress, status), as the workflow would have written them.
        aspect_ids = Aspect._base_manager.filter(plan=plan).values_list("pk", flat=True)
        progress.refresh_keys(aspect_ids)
        progress.refresh(aspect_ids)


def annex(activities: int):
    from aspects.models import Plan
    from reports.tables import TABLES

    plan = Plan.objects.select_related("program__agency", "cycle").get(program__key=bench_key(activities))
    return TABLES["avance"].build(plan, plan.cycle.periods.get(name=PERIOD))


# The measurements, each run in a child process. ------------------------------------------------


def measure_pdf(activities: int, output: str, parts: bool) -> dict:
    from django.conf import settings
    from pypdf import PdfReader
    from weasyprint import HTML

    from reports.writers.html import render_print
    from reports.writers.pdf import parts as pdf_parts
    from reports.writers.pdf import write_pdf

    the_annex = annex(activities)
    count = sum(1 for _ in pdf_parts(the_annex, settings.ANNEX_PDF_PART_ROWS)) if parts else 1
    started = time.perf_counter()
    with open(output, "wb") as out:
        if parts:
            write_pdf(the_annex, out)
        else:  # the whole annex as one WeasyPrint document, as before the parts
            HTML(string=render_print(the_annex)).write_pdf(out)
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "pages": len(PdfReader(output).pages), "parts": count}


def measure_csv(activities: int, output: str) -> dict:
    from reports.writers.csv import write_csv

    started = time.perf_counter()
    with open(output, "wb") as out:
        write_csv(annex(activities), out)
    return {"seconds": time.perf_counter() - started}


def copy_sql(activities: int) -> str:
    """The datos columns of the progress annex in one SELECT, for PostgreSQL's COPY. Simplified where
    the export applies a rule in Python: the evidence cell is the file names then the note (the
    export drops a note that only repeats a file's name), the expected results are the activity's
    or else the ASM's (the export then joins its activities')."""
    from django.conf import settings

    the_annex = annex(activities)
    plan, period = the_annex.plan, the_annex.period
    kinds = ", ".join(f"'{kind}'" for kind in the_annex.table.kinds)
    return f"""
    SELECT p.key, c.name, cp_cut.name, COALESCE(a.document_number, a.number), a.text, act.number, act.description,
      CASE WHEN act.cancelled THEN 'Sí' ELSE 'No' END,
      (SELECT string_agg(u.name, '; ' ORDER BY au.position, au.id) FROM aspects_activity_units au
         JOIN programs_unit u ON u.id = au.unit_id WHERE au.activity_id = act.id),
      act.end_date, act.end_note, act.original_end_date, act.actual_end_date,
      COALESCE(NULLIF(act.expected_results, ''), a.expected_results), act.results_obtained,
      COALESCE(NULLIF(act.product, ''), a.products),
      COALESCE(r.percent, 0), r.justification,
      CASE WHEN r.replanning OR EXISTS (
        SELECT 1 FROM aspects_changerequest cr WHERE cr.activity_id = act.id AND cr.state = 'autorizado'
        AND (cr.authorised_at AT TIME ZONE '{settings.TIME_ZONE}')::date <= cp_cut."end") THEN 'Sí' ELSE 'No' END,
      r.replanning_justification, r.period_name, r.reported_on,
      concat_ws(E'\\n', (SELECT string_agg(COALESCE(NULLIF(e.original_name, ''), e.url), E'\\n' ORDER BY e.id)
                        FROM evidence_evidence e WHERE e.report_id = r.id AND e.current), NULLIF(r.evidence_note, '')),
      a.observations, r.observations
    FROM aspects_activity act
    JOIN aspects_aspect a ON a.id = act.aspect_id
    JOIN aspects_plan pl ON pl.id = a.plan_id
    JOIN programs_program p ON p.id = pl.program_id
    JOIN programs_cycle c ON c.id = pl.cycle_id
    JOIN programs_cutoffperiod cp_cut ON cp_cut.id = {period.pk}
    LEFT JOIN LATERAL (
      SELECT r.*, cp.name AS period_name FROM aspects_progressreport r JOIN programs_cutoffperiod cp ON cp.id = r.period_id
      WHERE r.activity_id = act.id AND cp.cycle_id = pl.cycle_id AND cp."end" <= cp_cut."end"
      ORDER BY cp."end" DESC, r.reported_on DESC, r.id DESC LIMIT 1
    ) r ON true
    WHERE a.plan_id = {plan.pk} AND a.kind IN ({kinds})
    ORDER BY COALESCE(a.document_number, a.number), a.number, act.number
    """


def measure_copy(activities: int, output: str) -> dict:
    from django.db import connection

    sql = copy_sql(activities)
    started = time.perf_counter()
    with open(output, "wb") as out, connection.cursor() as cursor:
        cursor.copy_expert(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)", out)
    return {"seconds": time.perf_counter() - started}


def measure_xlsx(activities: int, output: str) -> dict:
    from reports.writers.xlsx import write_datos

    started = time.perf_counter()
    with open(output, "wb") as out:
        write_datos(annex(activities), out)
    return {"seconds": time.perf_counter() - started}


def measure_bare_xlsx(activities: int, output: str) -> dict:
    """openpyxl's write-only loop alone over the same rows, read into memory before the clock starts."""
    from openpyxl import Workbook

    the_annex = annex(activities)
    rows = [the_annex.data_labels, *the_annex.data_rows()]
    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Datos")
    for row in rows:
        ws.append(row)
    wb.save(output)
    return {"seconds": time.perf_counter() - started}


def measure_list(activities: int, output: str, fmt: str) -> dict:
    """`/actividades/?programa=…&formato=…` through Django's test client, read to the end. Over
    LIST_EXPORT_JOB_ROWS a job writes the list (public/list_exports.py) through the same columns
    and writers; the limit is lifted here so that the request itself measures that pipeline."""
    from django.test import Client
    from django.test.utils import override_settings

    client = Client()
    client.get("/api/")  # a first request loads the URLconf and the middleware, as a running server has
    started = time.perf_counter()
    with override_settings(LIST_EXPORT_JOB_ROWS=10**9):
        response = client.get("/actividades/", {"programa": bench_key(activities), "formato": fmt})
    assert response.status_code == 200, response.status_code
    first_byte = None
    with open(output, "wb") as out:
        for chunk in response.streaming_content:
            if first_byte is None:
                first_byte = time.perf_counter() - started
            out.write(chunk)
    response.close()
    return {"seconds": time.perf_counter() - started, "first_byte": first_byte, "kind": type(response).__name__}


# The parent: runs the children and prints the figures. -----------------------------------------


def child(step: str, *args: object, env: dict) -> dict:
    # ru_maxrss survives exec, so each child is started from this small process, never from a large one.
    result = subprocess.run(
        [sys.executable, __file__, "--child", step, *map(str, args)], env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"{step} falló:\n{result.stderr}")
    lines = result.stdout.rstrip().splitlines()
    for line in lines[:-1]:
        print(line)
    return json.loads(lines[-1])


def verdict(ok: bool) -> str:
    return "sí" if ok else "NO"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--rows",
        type=int,
        help="activities of the CSV, XLSX and list exports (250,000 on PostgreSQL, 50,000 on SQLite)",
    )
    parser.add_argument(
        "--pdf", default="1000,5000,20000", help="activities of each PDF, comma-separated (default 1000,5000,20000)"
    )
    parser.add_argument(
        "--only", default="pdf,csv,xlsx,list", help="steps to run, comma-separated: pdf, csv, xlsx, list"
    )
    options = parser.parse_args()
    steps = set(options.only.split(","))
    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://"))
    rows = options.rows or (250_000 if postgres else 50_000)
    pdf_sizes = [int(size) for size in options.pdf.split(",") if size] if "pdf" in steps else []

    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": url if postgres else f"sqlite:///{Path(folder) / 'bench.sqlite3'}"}
        started = time.perf_counter()
        print(f"Base de datos: {'PostgreSQL' if postgres else 'SQLite (temporal)'}")
        child("build", ",".join(map(str, sorted({*pdf_sizes, rows}))), env=env)
        print(f"   lista en {time.perf_counter() - started:.0f} s")
        out = Path(folder)

        if pdf_sizes:
            print(
                "\n1. PDF del anexo de avance, en partes de ANNEX_PDF_PART_ROWS filas (cada tamaño en su propio proceso)"
            )
            baseline = child("pdf-whole", pdf_sizes[0], out / "whole.pdf", env=env)
            base = baseline["seconds"] / pdf_sizes[0] * 1000
            print(
                f"   base: {pdf_sizes[0]:,} actividades en un solo documento WeasyPrint: {base:.1f} s por 1,000 filas, "
                f"{baseline['pages']} páginas, RSS máximo {baseline['peak_mb']:.0f} MB"
            )
            print(
                f"   {'actividades':>11}{'partes':>8}{'páginas':>9}{'s total':>9}{'s/1,000 filas':>15}{'× base':>8}{'RSS MB':>8}"
            )
            for size in pdf_sizes:
                result = child("pdf", size, out / f"{size}.pdf", env=env)
                per_thousand = result["seconds"] / size * 1000
                print(
                    f"   {size:>11,}{result['parts']:>8}{result['pages']:>9}{result['seconds']:>9.1f}{per_thousand:>15.2f}"
                    f"{per_thousand / base:>8.2f}{result['peak_mb']:>8.0f}"
                )
                ok = result["peak_mb"] < RSS_LIMIT_MB["pdf"]
                print(f"   {'':>11} RSS < {RSS_LIMIT_MB['pdf']} MB: {verdict(ok)}")

        if "csv" in steps:
            print(f"\n2. CSV datos (anexo de avance) de {rows:,} actividades")
            exported = child("csv", rows, out / "datos.csv", env=env)
            size = (out / "datos.csv").stat().st_size / 1e6
            print(
                f"   exportación: {exported['seconds']:.1f} s, {size:.0f} MB, RSS máximo {exported['peak_mb']:.0f} MB"
            )
            if postgres:
                copied = child("copy", rows, out / "copy.csv", env=env)
                ratio = exported["seconds"] / copied["seconds"]
                print(
                    f"   COPY (SELECT … las mismas columnas …) TO STDOUT: {copied['seconds']:.1f} s, "
                    f"{(out / 'copy.csv').stat().st_size / 1e6:.0f} MB"
                )
                print(f"   la exportación tarda {ratio:.2f}× lo que COPY (meta ≤ 5×: {verdict(ratio <= 5)})")
            else:
                print("   (la comparación con COPY necesita PostgreSQL: DATABASE_URL=postgres://…)")

        if "xlsx" in steps:
            print(f"\n3. XLSX datos (anexo de avance) de {rows:,} actividades")
            exported = child("xlsx", rows, out / "datos.xlsx", env=env)
            bare = child("bare", rows, out / "bare.xlsx", env=env)
            ratio = exported["seconds"] / bare["seconds"]
            print(f"   exportación: {exported['seconds']:.1f} s, RSS máximo {exported['peak_mb']:.0f} MB")
            print(
                f"   bucle openpyxl write-only desnudo sobre las mismas filas (ya en memoria): {bare['seconds']:.1f} s"
            )
            print(f"   la exportación tarda {ratio:.2f}× el bucle desnudo (meta ≤ 1.5×: {verdict(ratio <= 1.5)})")

        if "list" in steps:
            print(f"\n4. Descargas de la lista pública /actividades/?programa={bench_key(rows)} ({rows:,} actividades)")
            for fmt in ("csv", "json", "xlsx"):
                result = child("list", rows, out / f"lista.{fmt}", fmt, env=env)
                ok = result["peak_mb"] < RSS_LIMIT_MB["list"]
                print(
                    f"   {fmt:<5} {result['kind']:<22} {result['seconds']:>6.1f} s; primer byte a los "
                    f"{result['first_byte']:.2f} s; "
                    f"{(out / f'lista.{fmt}').stat().st_size / 1e6:.0f} MB; RSS máximo {result['peak_mb']:.0f} MB "
                    f"({result['peak_mb'] / RSS_LIMIT_MB['list']:.2f}× la meta de {RSS_LIMIT_MB['list']} MB: "
                    f"{verdict(ok)})"
                )


def run_child(step: str, args: list[str]) -> None:
    start_django()
    if step == "build":
        build([int(size) for size in args[0].split(",")])
        result: dict = {}
    elif step in ("pdf", "pdf-whole"):
        result = measure_pdf(int(args[0]), args[1], parts=step == "pdf")
    elif step == "list":
        result = measure_list(int(args[0]), args[1], args[2])
    else:
        measure = {"csv": measure_csv, "copy": measure_copy, "xlsx": measure_xlsx, "bare": measure_bare_xlsx}[step]
        result = measure(int(args[0]), args[1])
    print(json.dumps({**result, "peak_mb": peak_mb()}))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        run_child(sys.argv[2], sys.argv[3:])
    else:
        main()
