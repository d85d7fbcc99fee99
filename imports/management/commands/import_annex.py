"""Read an annex an agency keeps (Excel, Word or CSV) the way the «Importar» page does.

    python manage.py import_annex anexo.xlsx --program S061 --cycle "Mecanismo 2011" --dry-run
    python manage.py import_annex anexo.docx --program S061 --dry-run --format json > anexo.json

With --dry-run it prints what would be created (per sheet or Word table: its kind, the counts of
recommendations, ASM, activities and progress reports) and every error and warning, and writes
nothing; --format json prints the parsed result (docs/import.md). Exit codes: 0 when the file
imports, 1 when it has errors, 2 when it cannot be read at all.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from imports.headers import KIND_NAMES
from imports.parse import UnreadableFile, parse
from programs.models import Cycle, Program

EXIT_ERRORS = 1
EXIT_UNREADABLE = 2


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

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        program = self.program(options["program"])
        cycle = self.cycle(options["cycle"]) if options["cycle"] else None
        if not path.is_file():
            raise CommandError(f"No existe el archivo «{path}».", returncode=EXIT_UNREADABLE)
        try:
            with path.open("rb") as file:
                result = parse(file, name=path.name)
        except UnreadableFile as error:
            raise CommandError(f"{path.name}: {error}.", returncode=EXIT_UNREADABLE) from error
        cycle_name = cycle.name if cycle else result["metadata"].get("cycle")
        result["plan"] = {"program": program.key, "cycle": cycle_name}
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.write_text(path.name, program, cycle_name, result)
        if result["errors"]:
            sys.exit(EXIT_ERRORS)
        if not options["dry_run"]:
            self.commit(path, program, cycle)

    def commit(self, path: Path, program: Program, cycle: Cycle | None) -> None:
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
                )
        except ImportRefused as refusal:
            raise CommandError(refusal.message, returncode=EXIT_ERRORS) from None
        except ImportBlocked as blocked:
            for problem in blocked.problems:
                self.stdout.write(f"ERROR: {problem}")
            sys.exit(EXIT_ERRORS)
        counts = done.counts
        plans = ", ".join(str(plan) for plan in done.plans.all())
        self.stdout.write(
            f"Importado (importación {done.pk}): {counts['aspects']} ASM, {counts['activities']} actividades, "
            f"{counts['reports']} avances, {counts['units']} unidades nuevas; en borrador: {plans}."
        )

    @staticmethod
    def program(key: str) -> Program:
        program = Program.objects.filter(key__iexact=key).first()
        if program is None:
            known = ", ".join(Program.objects.order_by("key").values_list("key", flat=True)) or "ninguno"
            raise CommandError(f"No existe el programa «{key}». Programas registrados: {known}.")
        return program

    @staticmethod
    def cycle(name: str) -> Cycle:
        lookup = Q(name__iexact=name) | (Q(year=int(name)) if name.isdigit() else Q(pk__in=[]))
        matches = list(Cycle.objects.filter(lookup).order_by("-year", "pk"))
        if len(matches) != 1:
            known = ", ".join(f"«{c}»" for c in Cycle.objects.order_by("-year").values_list("name", flat=True))
            reason = "No existe el ciclo" if not matches else "Varios ciclos corresponden a"
            raise CommandError(f"{reason} «{name}». Ciclos: {known or 'ninguno'}.")
        return matches[0]

    def write_text(self, name: str, program: Program, cycle: str | None, result: dict) -> None:
        write = self.stdout.write
        write(f"{name} → {program.key} · {cycle or 'ciclo por elegir'}")
        for table in result["tables"]:
            counts = table["counts"]
            write(
                f"{table['sheet']}: {KIND_NAMES[table['kind']]} (encabezado en la fila {table['header_row']}): "
                f"{counts['recommendations']} recomendaciones, {counts['aspects']} ASM, "
                f"{counts['activities']} actividades, {counts['reports']} avances"
            )
        counts = result["counts"]
        write(
            f"Total: {counts['recommendations']} recomendaciones, {counts['aspects']} ASM, "
            f"{counts['activities']} actividades, {counts['reports']} avances"
        )
        for problem in result["errors"]:
            write(f"ERROR: {problem['message']}")
        for problem in result["warnings"]:
            write(f"Aviso: {problem['message']}")
        if result["errors"]:
            count = len(result["errors"])
            write(f"{count} {'error' if count == 1 else 'errores'}: no se puede importar hasta corregirlos.")
        else:
            write("Sin errores: el archivo se puede importar.")
