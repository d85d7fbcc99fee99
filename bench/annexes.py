"""Benchmark of the annexes (not a test): run as `.venv/bin/python bench/annexes.py`.

Each step runs in its own process started from a small parent. It builds its own SQLite database
in a temporary folder (migrate, load_demo), then prints each FASSA-QRO annex rendered to PDF (after
one warm-up render): total time, and the share spent outside WeasyPrint (queries and building the
HTML); targets: under 5 s each, under 10 % outside WeasyPrint. Then FASSA-QRO's combined document
(cover, contents, participants, its five tables, signatures) in each of its formats, against the
same run's baseline: its five tables rendered one by one; the same targets.

The exports of large plans (PDF in parts, CSV and XLSX datos, the public list downloads), with their
memory, are measured by `bench/exports.py`.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import setup_django


def start_django(database: Path) -> None:
    setup_django(DATABASE_URL=f"sqlite:///{database}")


def build_database() -> None:
    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("load_demo", force=True, stdout=io.StringIO())


def pdf_timings() -> None:
    from weasyprint import HTML

    from aspects.models import Plan
    from reports.tables import TABLES
    from reports.writers.html import render_print

    print("\nPDF de cada anexo de FASSA-QRO (Programa de ASM 2017)")
    print(
        f"   {'anexo':<22}{'páginas':>8}{'total s':>9}{'HTML+consultas s':>18}{'WeasyPrint s':>14}{'fuera de WeasyPrint':>21}"
    )
    fassa = Plan.objects.filter(program__key="FASSA-QRO", cycle__name="Programa de ASM 2017")
    # One render first, as a running server has done: templates compiled, fonts loaded.
    HTML(
        string=render_print(TABLES["resumen"].build(fassa.select_related("program__agency", "cycle").get()))
    ).write_pdf(io.BytesIO())
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
        print(
            f"   {slug:<22}{len(document.pages):>8}{total:>9.2f}{outside:>18.3f}{t2 - t1:>14.2f}{100 * outside / total:>20.1f}%"
        )
    print(
        f"   máximo por anexo: {worst_total:.2f} s (meta < 5 s: {'sí' if worst_total < 5 else 'NO'}); "
        f"fuera de WeasyPrint: máximo {100 * worst_share:.1f} %, en conjunto {100 * totals[1] / totals[0]:.1f} % "
        f"(meta < 10 %: {'sí' if worst_share < 0.10 else 'NO'})"
    )


def combined_timings() -> None:
    from weasyprint import HTML

    from aspects.models import Plan
    from reports.combined import CombinedDocument, plan_tables
    from reports.writers import COMBINED_WRITERS
    from reports.writers import combined as combined_pdf
    from reports.writers.html import render_print

    def fassa() -> Plan:
        return Plan.objects.select_related("program__agency", "cycle", "evaluation").get(
            program__key="FASSA-QRO", cycle__name="Programa de ASM 2017"
        )

    # One render first, as a running server has done: templates compiled, fonts loaded.
    HTML(string=render_print(plan_tables()[1].build(fassa()))).write_pdf(io.BytesIO())
    print("\nDocumento completo de FASSA-QRO (Programa de ASM 2017)")
    started = time.perf_counter()
    pages = 0
    for table in plan_tables():
        document = HTML(string=render_print(table.build(fassa()))).render()
        document.write_pdf(io.BytesIO())
        pages += len(document.pages)
    baseline = time.perf_counter() - started
    print(f"   referencia, sus {len(plan_tables())} tablas en PDF una por una: {baseline:.2f} s, {pages} páginas")

    # Time spent in WeasyPrint: parsing, layout (each `render()`) and writing the PDF.
    weasy = [0.0]
    real_html = combined_pdf.HTML

    class TimedHTML:
        def __init__(self, **kwargs):
            t = time.perf_counter()
            self.html = real_html(**kwargs)
            weasy[0] += time.perf_counter() - t

        def render(self):
            t = time.perf_counter()
            document = self.html.render()
            weasy[0] += time.perf_counter() - t
            return document

    combined_pdf.HTML = TimedHTML  # type: ignore[misc]
    try:
        t0 = time.perf_counter()
        laid = combined_pdf.laid_out(CombinedDocument.build(fassa()))
        t1 = time.perf_counter()
        laid.write_pdf(io.BytesIO())
        t2 = time.perf_counter()
    finally:
        combined_pdf.HTML = real_html  # type: ignore[misc]
    total, inside = t2 - t0, weasy[0] + (t2 - t1)
    outside = total - inside
    print(
        f"   PDF: {total:.2f} s, {len(laid.pages)} páginas; WeasyPrint {inside:.2f} s, fuera de WeasyPrint "
        f"{outside:.3f} s = {100 * outside / total:.1f} % (metas: < 5 s: {'sí' if total < 5 else 'NO'}; "
        f"< 10 %: {'sí' if outside / total < 0.10 else 'NO'}); {total / baseline:.2f} × la referencia"
    )
    for fmt, writer in COMBINED_WRITERS.items():
        if fmt == "pdf":
            continue
        t0 = time.perf_counter()
        out = io.BytesIO()
        writer.write(CombinedDocument.build(fassa()), out)
        total = time.perf_counter() - t0
        print(
            f"   {fmt.upper()}: {total:.2f} s, {len(out.getvalue()) // 1024} KiB "
            f"(meta < 5 s: {'sí' if total < 5 else 'NO'})"
        )
    if "docx" not in COMBINED_WRITERS:
        print("   DOCX: no disponible (no hay escritor DOCX en esta rama)")


def run_child(step: str, database: Path, output: Path | None = None) -> str:
    # Every step in its own process, started from this small one: ru_maxrss survives exec, so a
    # child forked from a large parent would report the parent's size.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(
        [sys.executable, __file__, "--child", step, str(database), str(output or "")],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(result.stderr)
    return result.stdout


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        print(run_child("build", database), end="")
        print(run_child("pdf", database), end="")
        print(run_child("combined", database), end="")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, step, database, output = sys.argv
        start_django(Path(database))
        if step == "build":
            started = time.perf_counter()
            build_database()
            print(f"Base de datos de prueba: migrate + load_demo en {time.perf_counter() - started:.1f} s")
        elif step == "pdf":
            pdf_timings()
        elif step == "combined":
            combined_timings()
    else:
        main()
