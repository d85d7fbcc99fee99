"""Read an annex an agency keeps (Excel, Word or CSV) the way the «Importar» page does.

    python manage.py import_annex anexo.xlsx --program S061 --cycle "Mecanismo 2011" --dry-run
    python manage.py import_annex anexo.docx --program S061 --dry-run --format json > anexo.json
    python manage.py import_annex recs.csv --program I002 --evaluation-type "Específica" --evaluation-year 2016

With --dry-run it prints what would be created (per sheet or Word table: its kind, the counts of
recommendations, ASM, activities and progress reports, and indicators; the results of indicators
stored as draft measurements, per year with their period) and every error and warning, and writes
nothing; --format json prints the parsed result (docs/import.md). Exit codes: 0 when the file
imports, 1 when it has errors, 2 when it cannot be read at all.

A table of recommendations belongs to an evaluation of the program, as on the «Importar» page:
--evaluation-type names its type, and --evaluation-year its year when the rows do not print it. The
program's evaluation of that type and year receives them when there is one; otherwise it is created.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from imports.headers import KIND_NAMES
from imports.parse import UnreadableFile, parse
from imports.services import RECOMMENDATIONS, planned_measurements, year_of_recommendations
from programs.folding import fold
from programs.models import Cycle, Evaluation, EvaluationType, Program

EXIT_ERRORS = 1
EXIT_UNREADABLE = 2


def existing_evaluation(program: Program, kind: EvaluationType, year: int) -> Evaluation | None:
    return Evaluation.objects.filter(program=program, type=kind, year=year).order_by("pk").first()


class Command(BaseCommand):
    help = "Lee un anexo (.xlsx, .docx o .csv) y lo importa a un programa de trabajo en borrador."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="El archivo: .xlsx, .docx o .csv.")
        parser.add_argument("--program", required=True, help="Clave del programa o fondo, p. ej. S061.")
        parser.add_argument("--cycle", help="Ciclo del programa de trabajo, por nombre («Mecanismo 2011») o año.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Solo mostrar lo que se importaría; no escribe nada."
        )
        parser.add_argument("--format", choices=("text", "json"), default="text", help="Salida: text (omisión) o json.")
        parser.add_argument(
            "--evaluation-type",
            help="Tipo de la evaluación de origen de una tabla de recomendaciones, p. ej. «Consistencia y Resultados».",
        )
        parser.add_argument(
            "--evaluation-year",
            type=int,
            help="Año de esa evaluación; por omisión, el que imprimen las recomendaciones.",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        program = self.program(options["program"])
        cycle = self.cycle(options["cycle"]) if options["cycle"] else None
        if options["evaluation_year"] and not options["evaluation_type"]:
            raise CommandError("--evaluation-year va con --evaluation-type.")
        kind = self.evaluation_type(options["evaluation_type"]) if options["evaluation_type"] else None
        if not path.is_file():
            raise CommandError(f"No existe el archivo «{path}».", returncode=EXIT_UNREADABLE)
        try:
            with path.open("rb") as file:
                result = parse(file, name=path.name)
        except UnreadableFile as error:
            raise CommandError(f"{path.name}: {error}.", returncode=EXIT_UNREADABLE) from error
        cycle_name = cycle.name if cycle else result["metadata"].get("cycle")
        year = options["evaluation_year"] or next(
            (found for table in result["tables"] if (found := year_of_recommendations(table))), None
        )
        evaluation = self.evaluation(program, kind, year) if kind else None
        result["plan"] = {"program": program.key, "cycle": cycle_name, "evaluation": evaluation}
        result["measurements"] = planned_measurements(result["tables"], cycle)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.write_text(path.name, program, cycle_name, result)
        if result["errors"]:
            sys.exit(EXIT_ERRORS)
        if kind is None and not options["dry_run"]:
            for table in result["tables"]:
                if table["kind"] == RECOMMENDATIONS:
                    raise CommandError(
                        f"«{table['sheet']}» trae recomendaciones: indique su evaluación de origen con "
                        "--evaluation-type (y --evaluation-year si sus filas no imprimen el año).",
                        returncode=EXIT_ERRORS,
                    )
        if not options["dry_run"]:
            self.commit(path, program, cycle, kind, year)

    def commit(
        self, path: Path, program: Program, cycle: Cycle | None, kind: EvaluationType | None, year: int | None
    ) -> None:
        from django.core.files import File

        from imports.services import ImportBlocked, ImportRefused, import_annex

        try:
            with path.open("rb") as handle:
                done = import_annex(
                    file=File(handle, name=path.name),
                    name=path.name,
                    size=path.stat().st_size,
                    program=program,
                    cycle=cycle,
                    evaluation=existing_evaluation(program, kind, year) if kind and year else None,
                    evaluation_type=kind,
                    evaluation_year=year,
                )
        except ImportRefused as refusal:
            raise CommandError(refusal.message, returncode=EXIT_ERRORS) from None
        except ImportBlocked as blocked:
            for problem in blocked.problems:
                self.stdout.write(f"ERROR: {problem}")
            sys.exit(EXIT_ERRORS)
        counts = done.counts
        plans = ", ".join(str(plan) for plan in done.plans.all())
        indicators = (
            f"{counts['indicators']} indicadores, {counts.get('measurements', 0)} mediciones en borrador, "
            if counts.get("indicators")
            else ""
        )
        self.stdout.write(
            f"Importado (importación {done.pk}): {counts['aspects']} ASM, {counts['activities']} actividades, "
            f"{counts['reports']} avances, {indicators}{counts['units']} unidades nuevas; en borrador: {plans}."
        )

    @staticmethod
    def program(key: str) -> Program:
        program = Program.objects.filter(key__iexact=key).first()
        if program is None:
            known = ", ".join(Program.objects.order_by("key").values_list("key", flat=True)) or "ninguno"
            raise CommandError(f"No existe el programa «{key}». Programas registrados: {known}.")
        return program

    @staticmethod
    def evaluation_type(name: str) -> EvaluationType:
        kinds = list(EvaluationType.objects.order_by("name"))
        match = next((kind for kind in kinds if fold(kind.name) == fold(name.strip())), None)
        if match is None:
            known = ", ".join(f"«{kind}»" for kind in kinds) or "ninguno"
            raise CommandError(f"No existe el tipo de evaluación «{name}». Tipos registrados: {known}.")
        return match

    @staticmethod
    def evaluation(program: Program, kind: EvaluationType, year: int | None) -> str:
        """The evaluation the recommendations go to, as the summary names it."""
        if year is None:
            return f"{kind} (año por indicar con --evaluation-year)"
        existing = existing_evaluation(program, kind, year)
        return str(existing) if existing else f"{kind} {year} · {program.key} (nueva)"

    @staticmethod
    def cycle(name: str) -> Cycle:
        lookup = Q(name__iexact=name) | (Q(year=int(name)) if name.isdigit() else Q(pk__in=[]))
        matches = list(Cycle.objects.filter(lookup).order_by("-year", "pk"))
        if len(matches) != 1:
            known = ", ".join(f"«{c}»" for c in Cycle.objects.order_by("-year").values_list("name", flat=True))
            reason = "No existe el ciclo" if not matches else "Varios ciclos corresponden a"
            raise CommandError(f"{reason} «{name}». Ciclos: {known or 'ninguno'}.")
        return matches[0]

    def write_measurements(self, planned: list[dict]) -> None:
        """The indicators' results the commit stores: draft measurements, per year and period."""
        if not planned:
            return
        total = sum(item["results"] for item in planned)
        self.stdout.write(
            f"Resultados de indicadores: {total} se guardan como mediciones en borrador, con su calificación "
            "(no son públicas hasta que se autorice el reporte de indicadores del periodo):"
        )
        for item in planned:
            if item["period"] is None:
                where = "el periodo de corte de ese año del ciclo que se elija"
            elif item["new_period"]:
                where = f"el periodo «{item['period']}», que se crea por abrir"
            else:
                where = f"el periodo «{item['period']}»"
            self.stdout.write(f"  {item['year']}: {item['results']} en {where}")

    def write_text(self, name: str, program: Program, cycle: str | None, result: dict) -> None:
        write = self.stdout.write
        write(f"{name} → {program.key} · {cycle or 'ciclo por elegir'}")
        if result["plan"]["evaluation"]:
            write(f"Recomendaciones a la evaluación: {result['plan']['evaluation']}")
        elif any(table["kind"] == RECOMMENDATIONS for table in result["tables"]):
            write("Recomendaciones: para importarlas indique su evaluación de origen con --evaluation-type.")
        for table in result["tables"]:
            counts = table["counts"]
            indicators = f", {counts['indicators']} indicadores" if counts.get("indicators") else ""
            write(
                f"{table['sheet']}: {KIND_NAMES[table['kind']]} (encabezado en la fila {table['header_row']}): "
                f"{counts['recommendations']} recomendaciones, {counts['aspects']} ASM, "
                f"{counts['activities']} actividades, {counts['reports']} avances{indicators}"
            )
        counts = result["counts"]
        indicators = f", {counts['indicators']} indicadores" if counts.get("indicators") else ""
        write(
            f"Total: {counts['recommendations']} recomendaciones, {counts['aspects']} ASM, "
            f"{counts['activities']} actividades, {counts['reports']} avances{indicators}"
        )
        self.write_measurements(result["measurements"])
        for problem in result["errors"]:
            write(f"ERROR: {problem['message']}")
        for problem in result["warnings"]:
            write(f"Aviso: {problem['message']}")
        if result["errors"]:
            count = len(result["errors"])
            write(f"{count} {'error' if count == 1 else 'errores'}: no se puede importar hasta corregirlos.")
        else:
            write("Sin errores: el archivo se puede importar.")
