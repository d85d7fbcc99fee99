"""Export the official annexes for analysts.

    python manage.py export_annex --program S061 --table institucional --format xlsx --output annex.xlsx
    python manage.py export_annex --program S054 --cycle "Mecanismo 2010" --table avance --period "Marzo 2012" --format pdf --output avance.pdf
    python manage.py export_annex --all --output anexos/        # every table of every plan, in every format
    python manage.py export_annex --all --agency SSQ --cycle 2017 --changed-since 2026-11-01 --output anexos/

Without --cycle the program's latest authorised plan is used (or its latest plan when none is
authorised); without --period a progress annex is cut at the latest closed period with reports.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from aspects.models import Plan
from programs.models import Agency, CutOffPeriod, Program
from programs.workflow import State
from reports.tables import TABLES, Table
from reports.writers import LAYOUTS, WRITERS, Writer, writer_for

FORMATS = ("html", "pdf", "xlsx", "csv")


def parse_day(text: str) -> datetime:
    """The start of a day written as 2026-11-01 or 01/11/2026, in the project's time zone."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return timezone.make_aware(datetime.strptime(text.strip(), pattern))
        except ValueError:
            continue
    raise CommandError(f"Fecha no válida «{text}»: escríbala como AAAA-MM-DD o DD/MM/AAAA.")


class Command(BaseCommand):
    help = "Exporta los anexos oficiales de un programa (o de todos) en HTML, PDF, XLSX o CSV."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--program", help="Clave del programa o fondo, p. ej. S061.")
        parser.add_argument("--cycle", help="Ciclo del programa de trabajo, por nombre («Mecanismo 2011») o año.")
        parser.add_argument("--table", help=f"Anexo: {', '.join(TABLES)}.")
        parser.add_argument(
            "--format", help=f"Formato: {', '.join(FORMATS)}; por omisión, el de la extensión de --output."
        )
        parser.add_argument(
            "--layout", default="anexo", help="Para xlsx: anexo (para imprimir) o datos (para análisis)."
        )
        parser.add_argument("--period", help="Periodo de corte de los anexos de avance, por nombre («Marzo 2018»).")
        parser.add_argument(
            "--all", action="store_true", help="Todos los anexos de todos los programas, en todos los formatos."
        )
        parser.add_argument("--agency", help="Con --all: solo los programas de esta dependencia (siglas o nombre).")
        parser.add_argument(
            "--changed-since",
            help="Con --all: solo los programas de trabajo que cambiaron desde esta fecha (AAAA-MM-DD o DD/MM/AAAA).",
        )
        parser.add_argument("--output", required=True, help="Archivo de salida; con --all, la carpeta.")

    def handle(self, *args, **options) -> None:
        if options["layout"] not in LAYOUTS:
            raise CommandError(f"Diseño desconocido «{options['layout']}». Use uno de: {', '.join(LAYOUTS)}.")
        if options["all"]:
            self.export_all(options)
        else:
            self.export_one(options)

    def export_one(self, options: dict) -> None:
        output = Path(options["output"])
        for name in ("program", "table"):
            if not options[name]:
                raise CommandError(f"Indique --{name} (o use --all).")
        table = self.table(options["table"])
        fmt = options["format"] or output.suffix.lstrip(".").lower()
        writer = self.writer(fmt, options["layout"])
        plan = self.plan(self.program(options["program"]), options["cycle"])
        period = self.period(plan, options["period"]) if table.needs_period and options["period"] else None
        if not output.parent.is_dir():
            raise CommandError(f"No existe la carpeta «{output.parent}».")
        annex = table.build(plan, period)
        with output.open("wb") as out:
            writer.write(annex, out)
        self.stdout.write(self.style.SUCCESS(f"Se escribió {output} ({plan}, {table.title}{self.at(annex)})."))

    def export_all(self, options: dict) -> None:
        for name in ("program", "table", "period"):
            if options[name]:
                raise CommandError(
                    f"--{name} no se usa con --all: se exportan todos los programas y anexos (acótelos con --cycle, --agency o --changed-since)."
                )
        plans = self.scope(options)
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        if options["format"]:
            writers = [self.writer(options["format"], options["layout"])]
        else:
            writers = [WRITERS[key] for key in ("html", "pdf", "xlsx", "xlsx-datos", "csv")]
        written: set[str] = set()
        for plan in plans.select_related("program__agency", "cycle").order_by("program__key", "cycle__year", "pk"):
            for table in TABLES.values():
                annex = table.build(plan)
                for writer in writers:
                    name = writer.filename(annex)
                    if name in written:  # two plans of a program in cycles of the same year
                        name = f"{Path(name).stem}_{plan.cycle_id}{Path(name).suffix}"
                    with (folder / name).open("wb") as out:
                        writer.write(annex, out)
                    written.add(name)
        self.stdout.write(self.style.SUCCESS(f"Se escribieron {len(written)} archivos en {folder}."))

    # Clear errors, in Spanish, for what an analyst may mistype.

    @staticmethod
    def scope(options: dict):
        plans = Plan.objects.all()
        if options["cycle"]:
            cycle = options["cycle"]
            plans = plans.filter(
                Q(cycle__name__iexact=cycle) | (Q(cycle__year=int(cycle)) if cycle.isdigit() else Q(pk__in=[]))
            )
            if not plans.exists():
                raise CommandError(f"Ningún programa de trabajo corresponde al ciclo «{cycle}».")
        if options["agency"]:
            agency = Agency.objects.filter(
                Q(acronym__iexact=options["agency"]) | Q(name__iexact=options["agency"])
            ).first()
            if agency is None:
                known = (
                    ", ".join(Agency.objects.exclude(acronym="").values_list("acronym", flat=True).order_by("acronym"))
                    or "ninguna"
                )
                raise CommandError(f"No existe la dependencia «{options['agency']}». Siglas registradas: {known}.")
            plans = plans.filter(program__agency=agency)
        if options["changed_since"]:
            plans = plans.changed_since(parse_day(options["changed_since"]))
        return plans

    @staticmethod
    def table(slug: str) -> Table:
        if slug not in TABLES:
            raise CommandError(f"Anexo desconocido «{slug}». Use uno de: {', '.join(TABLES)}.")
        return TABLES[slug]

    @staticmethod
    def writer(fmt: str, layout: str) -> Writer:
        if fmt not in FORMATS:
            raise CommandError(
                f"Formato desconocido «{fmt}». Use uno de: {', '.join(FORMATS)} (o dé a --output una de esas extensiones)."
            )
        return writer_for(fmt, layout)

    @staticmethod
    def program(key: str) -> Program:
        program = Program.objects.filter(key__iexact=key).first()
        if program is None:
            known = ", ".join(Program.objects.values_list("key", flat=True)) or "ninguno"
            raise CommandError(f"No existe el programa «{key}». Programas registrados: {known}.")
        return program

    def plan(self, program: Program, cycle: str | None) -> Plan:
        plans = (
            Plan.objects.filter(program=program)
            .select_related("program__agency", "cycle")
            .order_by("-cycle__year", "-pk")
        )
        cycles = ", ".join(f"«{plan.cycle.name}»" for plan in plans) or "ninguno"
        if cycle:
            lookup = Q(cycle__name__iexact=cycle) | (Q(cycle__year=int(cycle)) if cycle.isdigit() else Q(pk__in=[]))
            matches = list(plans.filter(lookup))
            if not matches:
                raise CommandError(
                    f"El programa {program.key} no tiene programa de trabajo en el ciclo «{cycle}». Ciclos: {cycles}."
                )
            if len(matches) > 1:
                raise CommandError(
                    f"Varios programas de trabajo de {program.key} corresponden a «{cycle}»: indique el nombre del ciclo ({cycles})."
                )
            return matches[0]
        plan = plans.filter(state=State.AUTHORISED).first() or plans.first()
        if plan is None:
            raise CommandError(f"El programa {program.key} no tiene programas de trabajo.")
        if len(plans) > 1:
            self.stderr.write(
                f"Se usa el programa de trabajo del ciclo «{plan.cycle.name}»; para otro indique --cycle ({cycles})."
            )
        return plan

    @staticmethod
    def period(plan: Plan, name: str) -> CutOffPeriod:
        period = plan.cycle.periods.filter(name__iexact=name).first()
        if period is None:
            known = ", ".join(f"«{p.name}»" for p in plan.cycle.periods.order_by("end")) or "ninguno"
            raise CommandError(
                f"El ciclo «{plan.cycle.name}» no tiene el periodo de corte «{name}». Periodos: {known}."
            )
        return period

    @staticmethod
    def at(annex) -> str:
        return f", al corte de {annex.period.name}" if annex.period else ""
