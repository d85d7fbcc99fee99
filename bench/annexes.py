"""Benchmark of the annexes (not a test): run as `.venv/bin/python bench/annexes.py`.

Each step runs in its own process started from a small parent (ru_maxrss survives exec, so a
child of a large process would report the parent's size). It builds its own SQLite database in a
temporary folder (migrate, load_demo, 100,000 activities in bulk), then prints:
1. each FASSA-QRO annex rendered to PDF (after one warm-up render): total time, and the share
   spent outside WeasyPrint (queries and building the HTML); targets: under 5 s each, under 10 %
   outside WeasyPrint;
2. a datos XLSX export of 100,000 activities (1,000 ASM × 100 activities, each with a unit and a
   progress report), run in a subprocess so that its peak RSS (ru_maxrss) is its own; target
   under 200 MB;
3. the same rows written by a bare openpyxl write-only loop (the rows materialised beforehand,
   only the writing timed), in another subprocess; target: the export takes at most 2× that.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASPECTS, ACTIVITIES_PER_ASPECT = 1_000, 100
BENCH_KEY = "BENCH-100K"


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asm_tracker.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build_database() -> None:
    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("load_demo", stdout=io.StringIO())
    add_bench_plan()


def add_bench_plan() -> None:
    """100,000 activities in bulk, past the audit trail (this is data for a benchmark)."""
    from aspects.models import Activity, Aspect, Plan, ProgressReport
    from programs.models import Program, Unit

    fassa = Plan.objects.select_related("program__agency", "cycle").get(program__key="FASSA-QRO", cycle__name="Programa de ASM 2017")
    period = fassa.cycle.periods.get(name="Septiembre 2017")
    program = Program._base_manager.create(agency=fassa.program.agency, key=BENCH_KEY, name="Programa de prueba de carga", kind="fondo")
    plan = Plan._base_manager.create(program=program, cycle=fassa.cycle, responsible_name="Responsable", responsible_position="Cargo")
    unit = Unit.objects.filter(agency=program.agency).first()
    text = "Texto de prueba de un aspecto susceptible de mejora con una extensión parecida a la de los documentos reales. "
    aspects = Aspect._base_manager.bulk_create(
        Aspect(plan=plan, number=n, text=f"{n}. {text}", kind=Aspect.Kind.SPECIFIC, expected_results="Resultados esperados del ASM.")
        for n in range(1, ASPECTS + 1)
    )
    Through = Activity.units.through
    for aspect in aspects:
        activities = Activity._base_manager.bulk_create(
            Activity(
                aspect=aspect, number=n, description=f"Actividad {n} del ASM {aspect.number}: elaborar, revisar y publicar el documento.",
                product="Documento publicado", start_date=date(2017, 5, 1), end_date=date(2017, 9, 30),
            )
            for n in range(1, ACTIVITIES_PER_ASPECT + 1)
        )
        Through.objects.bulk_create(Through(activity_id=a.pk, unit_id=unit.pk) for a in activities)
        ProgressReport._base_manager.bulk_create(
            ProgressReport(activity=a, period=period, percent=50, justification="Avance conforme a lo programado.",
                           evidence_note="minuta.pdf", reported_on=date(2017, 9, 29))
            for a in activities
        )


def bench_annex():
    from aspects.models import Plan
    from reports.tables import TABLES

    plan = Plan.objects.select_related("program__agency", "cycle").get(program__key=BENCH_KEY)
    return TABLES["avance"].build(plan, plan.cycle.periods.get(name="Septiembre 2017"))


def pdf_timings() -> None:
    from weasyprint import HTML

    from aspects.models import Plan
    from reports.tables import TABLES
    from reports.writers.html import render_print

    print("\n1. PDF de cada anexo de FASSA-QRO (Programa de ASM 2017)")
    print(f"   {'anexo':<22}{'páginas':>8}{'total s':>9}{'HTML+consultas s':>18}{'WeasyPrint s':>14}{'fuera de WeasyPrint':>21}")
    fassa = Plan.objects.filter(program__key="FASSA-QRO", cycle__name="Programa de ASM 2017")
    # One render first, as a running server has done: templates compiled, fonts loaded.
    HTML(string=render_print(TABLES["resumen"].build(fassa.select_related("program__agency", "cycle").get()))).write_pdf(io.BytesIO())
    totals = [0.0, 0.0]
    worst_total = worst_share = 0.0
    for slug, table in TABLES.items():
        t0 = time.perf_counter()
        html = render_print(table.build(fassa.select_related("program__agency", "cycle").get()))
        t1 = time.perf_counter()
        document = HTML(string=html).render()
        document.write_pdf(io.BytesIO())
        t2 = time.perf_counter()
        total, outside = t2 - t0, t1 - t0
        totals[0] += total
        totals[1] += outside
        worst_total, worst_share = max(worst_total, total), max(worst_share, outside / total)
        print(f"   {slug:<22}{len(document.pages):>8}{total:>9.2f}{outside:>18.3f}{t2 - t1:>14.2f}{100 * outside / total:>20.1f}%")
    print(f"   máximo por anexo: {worst_total:.2f} s (meta < 5 s: {'sí' if worst_total < 5 else 'NO'}); "
          f"fuera de WeasyPrint: máximo {100 * worst_share:.1f} %, en conjunto {100 * totals[1] / totals[0]:.1f} % "
          f"(meta < 10 %: {'sí' if worst_share < 0.10 else 'NO'})")


def export(mode: str, output: str) -> None:
    """The export (or the bare loop), with its own time and peak RSS, as JSON."""
    from openpyxl import Workbook

    from reports.writers.xlsx import write_datos

    annex = bench_annex()
    if mode == "export":
        started = time.perf_counter()
        with open(output, "wb") as out:
            write_datos(annex, out)
        elapsed = time.perf_counter() - started
        rows = ASPECTS * ACTIVITIES_PER_ASPECT
    else:
        rows_data = [[field.label for field in annex.data_fields]] + list(annex.data_rows())  # not timed
        started = time.perf_counter()
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Datos")
        for row in rows_data:
            ws.append(row)
        wb.save(output)
        elapsed = time.perf_counter() - started
        rows = len(rows_data) - 1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb, "rows": rows, "columns": len(annex.data_fields)}))


def run_child(step: str, database: Path, output: Path | None = None) -> str:
    # Every step in its own process, started from this small one: ru_maxrss survives exec, so a
    # child forked from a large parent would report the parent's size.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(
        [sys.executable, __file__, "--child", step, str(database), str(output or "")], env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(result.stderr)
    return result.stdout


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        print(run_child("build", database), end="")
        print(run_child("pdf", database), end="")

        print(f"\n2. XLSX datos de {ASPECTS * ACTIVITIES_PER_ASPECT:,} actividades (anexo «avance», subproceso propio)")
        exported = json.loads(run_child("export", database, Path(folder) / "export.xlsx").splitlines()[-1])
        size = (Path(folder) / "export.xlsx").stat().st_size / 1e6
        print(f"   {exported['rows']:,} filas × {exported['columns']} columnas en {exported['seconds']:.1f} s; archivo {size:.1f} MB; "
              f"RSS máximo {exported['peak_mb']:.0f} MB (meta < 200 MB: {'sí' if exported['peak_mb'] < 200 else 'NO'})")

        print("\n3. Bucle openpyxl write-only desnudo sobre las mismas filas (materializadas antes; solo se mide la escritura)")
        bare = json.loads(run_child("bare", database, Path(folder) / "bare.xlsx").splitlines()[-1])
        ratio = exported["seconds"] / bare["seconds"]
        print(f"   {bare['rows']:,} filas en {bare['seconds']:.1f} s; la exportación tarda {ratio:.2f}× (meta ≤ 2×: {'sí' if ratio <= 2 else 'NO'})")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, step, database, output = sys.argv
        setup_django(Path(database))
        if step == "build":
            started = time.perf_counter()
            build_database()
            print(f"Base de datos de prueba: migrate + load_demo + {ASPECTS * ACTIVITIES_PER_ASPECT:,} actividades en {time.perf_counter() - started:.1f} s")
        elif step == "pdf":
            pdf_timings()
        else:
            export(step, output)
    else:
        main()
