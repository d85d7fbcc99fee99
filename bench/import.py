"""Benchmark of the annex importer's reading (not a test): `.venv/bin/python bench/import.py [--rows 10000]`.

Builds the workbooks in a temporary folder (no database needed: reading writes nothing) and reads
each with `imports.parse.parse`, as the preview page and `import_annex --dry-run` do, in a child
process of its own, so that each peak RSS (ru_maxrss) is that reading's own. It prints:

1. the preview of a 4-sheet workbook of about 200 rows (recommendations, summary, document of work,
   progress annex; text dates, numbered activities, progress cells); target < 3 s;
2. a 10,000-row workbook (one progress annex, 5 activities per ASM): seconds and peak RSS;
   targets < 60 s and < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, peak_mb, setup_django

TARGETS = {"preview": (3.0, None), "large": (60.0, 300.0)}

# The headers are the seeds' (tests/seeds.py, importable once main() has put the project on the path).
DATES = ["30-mar-20", "31/12/2008", "08-05-2017", "1° de julio de 2010", "30 de agosto 2011", "Diciembre 2009"]


def start_django() -> None:
    setup_django(DEBUG="0", SECRET_KEY="bench-import-not-secret", ALLOWED_HOSTS="localhost", HTTPS="0")


def progress_rows(aspects: int, per_aspect: int):
    for number in range(1, aspects + 1):
        for activity in range(1, per_aspect + 1):
            first = activity == 1
            yield [
                number if first else None,
                f"Aspecto {number}: mejorar el seguimiento de las beneficiarias del programa." if first else None,
                f"{activity}. Elaborar el documento de trabajo número {activity} del aspecto {number}.",
                "Dirección de Planeación\nDepartamento de Evaluación",
                DATES[(number + activity) % len(DATES)],
                "Contar con información confiable para la toma de decisiones." if first else None,
                f"Documento {number}.{activity}",
                f"Porcentaje de avance: {(number * activity) % 101}% Justificación: avance del periodo. "
                "Replanteamiento: No",
                None,
            ]


def build_preview(path: Path) -> None:
    from openpyxl import Workbook

    from tests.seeds import FASSA_SPECIFIC_HEADERS, SPECIFIC_PROGRESS_HEADERS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Recomendaciones")
    sheet.append(["Dependencia o entidad responsable", None, "SERVICIOS DE SALUD DEL ESTADO DE QUERÉTARO"])
    sheet.append(["No.", "Año de evaluación", "Descripción", "Ámbito de gestión", "Atención", "Justificación"])
    for number in range(1, 51):
        attended = number % 5 != 0
        sheet.append(
            [number, 2016, f"Recomendación {number} de la evaluación.", "O" if attended else None,
             "SI" if attended else "NO", "" if attended else f"SE JUSTIFICA CON LA RECOMENDACION {number - 1}"]
        )  # fmt: skip
    sheet = workbook.create_sheet("Resumen")
    sheet.append(
        ["No.", "Aspecto Susceptible de Mejora", "Tipo", "Ámbito de gestión", "Fecha de inicio", "Fecha de término",
         "Productos y/o evidencias"]
    )  # fmt: skip
    for number in range(1, 51):
        sheet.append([number, f"Aspecto {number}.", "DOCUMENTO ESPECÍFICO", "PP", "08-05-2017", "31-01-2018", "Plan"])
    sheet = workbook.create_sheet("Documento de trabajo")
    sheet.append(FASSA_SPECIFIC_HEADERS)
    for number in range(1, 26):
        for activity in (1, 2):
            sheet.append(
                [number if activity == 1 else None, f"Aspecto {number}." if activity == 1 else None, "PP",
                 f"{activity} Convocar a las áreas involucradas", "15-05-2017", "19-05-2017", "Memorándum",
                 "DIRECCIÓN DE PLANEACIÓN", "Atención de recomendaciones."]
            )  # fmt: skip
    sheet = workbook.create_sheet("Anexo C")
    sheet.append(SPECIFIC_PROGRESS_HEADERS)
    for row in progress_rows(25, 2):
        sheet.append(row)
    workbook.save(path)


def build_large(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from tests.seeds import SPECIFIC_PROGRESS_HEADERS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Anexo C")
    sheet.append(["Anexo C. Avance al documento de trabajo"])
    sheet.append(SPECIFIC_PROGRESS_HEADERS)
    for row in progress_rows(rows // 5, 5):
        sheet.append(row)
    workbook.save(path)


def child(path: str) -> None:
    start_django()
    from imports.parse import parse

    start = time.perf_counter()
    with open(path, "rb") as file:
        result = parse(file, name=Path(path).name)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb(), "counts": result["counts"],
                      "errors": len(result["errors"]), "tables": len(result["tables"])}))  # fmt: skip


def measure(path: Path) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(path)], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000, help="Filas del libro grande (10 000 por omisión).")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child)
        return
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        preview, large = Path(folder) / "preview.xlsx", Path(folder) / "large.xlsx"
        build_preview(preview)
        build_large(large, options.rows)
        print(f"{'Lectura':<40} {'s':>8} {'RSS MB':>8} {'ASM':>6} {'act.':>7} {'errores':>8}  objetivo")
        for label, key, path in (
            ("Vista previa: 4 hojas, ~200 filas", "preview", preview),
            (f"Libro de {options.rows:,} filas".replace(",", " "), "large", large),
        ):
            figures = measure(path)
            seconds_target, rss_target = TARGETS[key]
            ok = figures["seconds"] < seconds_target and (rss_target is None or figures["peak_mb"] < rss_target)
            target = f"< {seconds_target:.0f} s" + (f", < {rss_target:.0f} MB" if rss_target else "")
            print(
                f"{label:<40} {figures['seconds']:>8.2f} {figures['peak_mb']:>8.0f} {figures['counts']['aspects']:>6} "
                f"{figures['counts']['activities']:>7} {figures['errors']:>8}  {target} {'✓' if ok else '✗'}"
            )


if __name__ == "__main__":
    main()
