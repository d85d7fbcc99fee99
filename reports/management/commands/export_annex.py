"""Export the official annexes for analysts.

    python manage.py export_annex --program S061 --table institucional --format xlsx --output annex.xlsx
    python manage.py export_annex --program S054 --cycle "Mecanismo 2010" --table avance --period "Marzo 2012" \\
        --format pdf --output avance.pdf
    python manage.py export_annex --program S061 --table avance --format docx --output avance.docx   # Word
    python manage.py export_annex --all --output anexos/        # every table of every authorised plan, every format
    python manage.py export_annex --all --include-drafts --output anexos/   # drafts too, marked BORRADOR
    python manage.py export_annex --all --agency SSQ --cycle 2017 --changed-since 2026-11-01 --output anexos/
    python manage.py export_annex --all --changed-since 2026-11-01 --en-segundo-plano --output anexos/
    python manage.py export_annex --combined --program FASSA-QRO --format pdf --output documento.pdf
    python manage.py export_annex --consolidated --agency SSQ --format xlsx --output consolidado.xlsx
    python manage.py export_annex --consolidated --cycle 2017 --format pdf --output consolidado-2017.pdf

Without --cycle the program's latest authorised plan is used (or its latest plan when none is
authorised); without --period a progress annex is cut at the latest closed period with reports.
--all exports what is authorised, as the public sees it (authorised plans, their progress annexes
at the latest authorised round); with --include-drafts every plan as its staff see it, and each
draft carries BORRADOR in every format (in datos and CSV, the «Estado del documento» column).
--consolidated writes every authorised plan of an agency (--agency: acronym, name or slug) or of a
cycle across agencies (--cycle), or both, in one XLSX (a sheet per table kind, datos layout) or one
PDF (reports/consolidated.py).
With --en-segundo-plano a worker writes the files (the job `reports.annexes`, the same one the
coordinator starts from the panel) while the command shows its progress; the ZIP it makes is
then extracted into --output. With --combined the plan's combined document is written: cover,
table of contents, posición institucional, participants, every table and the signatures.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from aspects.models import Plan
from jobs.models import Job, Status
from jobs.services import start_job
from programs.models import CutOffPeriod, Program
from programs.workflow import State
from reports.bulk import (
    ALL_WRITERS,
    AnnexScope,
    ScopeError,
    agency_named,
    annex_files,
    cycles_named,
    parse_day,
    writer_key,
)
from reports.combined import CombinedDocument
from reports.consolidated import FORMATS as CONSOLIDATED_FORMATS
from reports.consolidated import Consolidated
from reports.tables import TABLES, Table
from reports.tasks import ANNEXES_JOB, annexes_title, write_consolidated
from reports.writers import COMBINED_WRITERS, LAYOUTS, Writer, writer_for

FORMATS = ("html", "pdf", "xlsx", "docx", "csv")
POLL_SECONDS = 0.5  # how often the command reads the progress of its job
QUEUED_HINT_SECONDS = 15  # a job still waiting this long probably has no worker


class Command(BaseCommand):
    help = "Exporta los anexos oficiales de un programa (o de todos) en HTML, PDF, XLSX, DOCX (Word) o CSV."

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
        parser.add_argument(
            "--consolidated",
            action="store_true",
            help="El anexo consolidado de los programas de trabajo autorizados de una dependencia (--agency) o de "
            "un ciclo (--cycle), en un solo archivo xlsx o pdf.",
        )
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help="Con --all: también los programas de trabajo y avances no autorizados, marcados «BORRADOR».",
        )
        parser.add_argument(
            "--agency", help="Con --all o --consolidated: solo los programas de esta dependencia (siglas o nombre)."
        )
        parser.add_argument(
            "--changed-since",
            help="Con --all: solo los programas de trabajo que cambiaron desde esta fecha (AAAA-MM-DD o DD/MM/AAAA).",
        )
        parser.add_argument(
            "--en-segundo-plano",
            "--background",
            dest="background",
            action="store_true",
            help="Con --all: los escribe un trabajo en segundo plano (el worker) y aquí se sigue su avance; "
            "al terminar, sus archivos se extraen en --output.",
        )
        parser.add_argument(
            "--combined",
            "--documento-completo",
            dest="combined",
            action="store_true",
            help="El documento completo del programa de trabajo (portada, índice, posición institucional, "
            f"participantes, todas sus tablas y firmas), en {', '.join(COMBINED_WRITERS)}.",
        )
        parser.add_argument("--output", required=True, help="Archivo de salida; con --all, la carpeta.")

    def handle(self, *args, **options) -> None:
        if options["layout"] not in LAYOUTS:
            raise CommandError(f"Diseño desconocido «{options['layout']}». Use uno de: {', '.join(LAYOUTS)}.")
        if options["all"] and options["consolidated"]:
            raise CommandError("Use --all o --consolidated, no ambos.")
        if options["combined"]:
            self.export_combined(options)
        elif options["consolidated"]:
            self.export_consolidated(options)
        elif options["all"]:
            self.export_all(options)
        elif options["background"]:
            raise CommandError("--en-segundo-plano se usa con --all.")
        elif options["include_drafts"]:
            raise CommandError("--include-drafts se usa con --all.")
        else:
            self.export_one(options)

    def export_one(self, options: dict) -> None:
        for name in ("program", "table"):
            if not options[name]:
                raise CommandError(f"Indique --{name} (o use --all).")
        table = self.table(options["table"])
        output, fmt = self.output_file(options)
        writer = self.writer(fmt, options["layout"])
        plan = self.plan(self.program(options["program"]), options["cycle"])
        period = self.period(plan, options["period"]) if table.needs_period and options["period"] else None
        self.check_folder(output)
        annex = table.build(plan, period)
        with output.open("wb") as out:
            writer.write(annex, out)
        self.stdout.write(self.style.SUCCESS(f"Se escribió {output} ({plan}, {table.title}{self.at(annex)})."))

    def export_combined(self, options: dict) -> None:
        for name in ("all", "consolidated", "table", "period", "background"):
            if options[name]:
                flag = "en-segundo-plano" if name == "background" else name
                raise CommandError(f"--{flag} no se usa con --combined: el documento reúne todas las tablas del plan.")
        if not options["program"]:
            raise CommandError("Indique --program.")
        output, fmt = self.output_file(options)
        if fmt not in COMBINED_WRITERS:
            raise CommandError(
                f"Formato desconocido para el documento completo «{fmt}». Use uno de: {', '.join(COMBINED_WRITERS)}."
            )
        self.check_folder(output)
        plan = self.plan(self.program(options["program"]), options["cycle"])
        document = CombinedDocument.build(plan)
        with output.open("wb") as out:
            COMBINED_WRITERS[fmt].write(document, out)
        draft = "" if document.is_authorised else ", BORRADOR"
        self.stdout.write(self.style.SUCCESS(f"Se escribió {output} ({plan}, documento completo{draft})."))

    def export_all(self, options: dict) -> None:
        for name in ("program", "table", "period"):
            if options[name]:
                raise CommandError(
                    f"--{name} no se usa con --all: se exportan todos los programas y anexos "
                    "(acótelos con --cycle, --agency o --changed-since)."
                )
        scope = self.scope(options)
        if options["format"]:
            self.writer(options["format"], options["layout"])  # a clear error for an unknown one
            writers = [writer_key(options["format"], options["layout"])]
        else:
            writers = list(ALL_WRITERS)
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        plans = scope.plans()
        if options["background"] and plans.exists():
            count = self.export_in_background(scope, writers, folder)
        else:
            count = 0
            for name, annex, writer in annex_files(plans, writers, include_drafts=scope.include_drafts):
                with (folder / name).open("wb") as out:
                    writer.write(annex, out)
                count += 1
        self.stdout.write(self.style.SUCCESS(f"Se escribieron {count} archivos en {folder}."))

    def export_consolidated(self, options: dict) -> None:
        for name in ("program", "table", "period", "changed_since", "include_drafts", "background"):
            if options[name]:
                raise CommandError(
                    f"--{name.replace('_', '-')} no se usa con --consolidated: se consolidan todos los programas de "
                    "trabajo autorizados de la dependencia o del ciclo."
                )
        if not options["agency"] and not options["cycle"]:
            raise CommandError("Indique --agency, --cycle o ambos para el anexo consolidado.")
        output, fmt = self.output_file(options)
        if fmt not in CONSOLIDATED_FORMATS:
            raise CommandError(
                f"El anexo consolidado se escribe en {' o '.join(CONSOLIDATED_FORMATS)}, no en «{fmt}» "
                "(indique --format o dé a --output una de esas extensiones)."
            )
        self.check_folder(output)
        consolidated = Consolidated(self.scope(options))
        plans = consolidated.plans()
        if not plans.exists():
            raise CommandError(consolidated.scope.nothing_to_export())

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"{done} de {total} anexos")

        with output.open("wb") as out:
            write_consolidated(consolidated, plans, fmt, out, progress)
        self.stdout.write(
            self.style.SUCCESS(f"Se escribió {output} ({consolidated.title()}, {plans.count()} programas de trabajo).")
        )

    def export_in_background(self, scope: AnnexScope, writers: list[str], folder: Path) -> int:
        """Enqueue the job, show its progress until it ends, and extract its ZIP into `folder`."""
        job = start_job(
            kind=ANNEXES_JOB,
            params={**scope.as_params(), "formats": writers},
            by=None,
            title=annexes_title(scope, writers),
        )
        self.stdout.write(f"Trabajo {job.pk} en cola: {job.title}.")
        try:
            job = self.follow(job)
        except KeyboardInterrupt:
            raise CommandError(f"Se dejó de seguir el trabajo {job.pk}, que continúa en segundo plano.") from None
        if job.status != Status.DONE:
            raise CommandError(f"El trabajo {job.pk} falló: {job.error}")
        with job.result.open("rb") as handle, zipfile.ZipFile(handle) as archive:
            archive.extractall(folder)
            return len(archive.namelist())

    def follow(self, job: Job) -> Job:
        """Write the job's progress whenever it moves, until it is finished."""
        shown, started, hinted = None, time.monotonic(), False
        while True:
            job.refresh_from_db()
            if job.is_finished:
                return job
            if job.status == Status.QUEUED:
                line = "En cola…"
                if not hinted and time.monotonic() - started > QUEUED_HINT_SECONDS:
                    self.stderr.write(
                        "El trabajo sigue en cola: ¿hay un worker en marcha? scripts/run inicia uno; en producción, "
                        "celery -A asm_tracker worker (con el mismo CELERY_BROKER_URL)."
                    )
                    hinted = True
            elif job.total:
                line = f"{job.done} de {job.total} {job.unit} ({job.percent} %)"
            else:
                line = "En proceso…"
            if line != shown:
                self.stdout.write(line)
                shown = line
            time.sleep(POLL_SECONDS)

    # Clear errors, in Spanish, for what an analyst may mistype.

    @staticmethod
    def scope(options: dict) -> AnnexScope:
        try:
            return AnnexScope(
                cycles=cycles_named(options["cycle"]) if options["cycle"] else (),
                agency=agency_named(options["agency"]).pk if options["agency"] else None,
                changed_since=parse_day(options["changed_since"]) if options["changed_since"] else None,
                include_drafts=options["include_drafts"],
            )
        except ScopeError as error:
            raise CommandError(str(error)) from None

    @staticmethod
    def output_file(options: dict) -> tuple[Path, str]:
        """The file --output names and its format: --format, or else the file's extension."""
        output = Path(options["output"])
        return output, options["format"] or output.suffix.lstrip(".").lower()

    @staticmethod
    def check_folder(output: Path) -> None:
        if not output.parent.is_dir():
            raise CommandError(f"No existe la carpeta «{output.parent}».")

    @staticmethod
    def table(slug: str) -> Table:
        if slug not in TABLES:
            raise CommandError(f"Anexo desconocido «{slug}». Use uno de: {', '.join(TABLES)}.")
        return TABLES[slug]

    @staticmethod
    def writer(fmt: str, layout: str) -> Writer:
        if fmt not in FORMATS:
            raise CommandError(
                f"Formato desconocido «{fmt}». Use uno de: {', '.join(FORMATS)} "
                "(o dé a --output una de esas extensiones)."
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
                    f"Varios programas de trabajo de {program.key} corresponden a «{cycle}»: "
                    f"indique el nombre del ciclo ({cycles})."
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
