"""Load the seed programs (shared/seeds, transcribed to demo/seeds/*.json) and the demo accounts.

The seed plans and their progress rounds end authorised through the demo capturista and
supervisor of their agency, but their annexes carry only the signatures the documents print
(FASSA-QRO: Elaboró GERARDO PALMA ANGELES, Autorizó JOSE SAMUEL GARCIA SANCHEZ); the others print
empty lines ready to sign. Each seed plan is printed in its document's column profile (`profile`
in the JSON). Three more plans wait in borrador, en revisión and devuelto so that every step of
the workflow can be tried from the first run; the demo accounts sign those.

Every object is looked up by its natural key and written only where it differs, and the
workflow only moves what has not reached its state yet, so running the command twice changes
nothing. The JSON format is described in docs/demo-data.md.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from base64 import b32encode
from datetime import date, datetime, time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import models
from django.test.utils import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa import requires_second_factor
from aspects import progress
from aspects.models import Activity, Aspect, DatePrecision, Participant, Plan, ProgressReport, ReportRound, Topic
from aspects.services import record_progress
from audit.capture import acting_as
from demo import indicator_plan
from evidence.models import Evidence
from evidence.samples import example_pdf
from evidence.services import store
from programs.access import Role
from programs.models import (
    Agency,
    CutOffPeriod,
    Cycle,
    Evaluation,
    EvaluationType,
    ManagementScope,
    Membership,
    Program,
    Recommendation,
    Unit,
)
from programs.workflow import State
from reports.models import ColumnProfile, PlanProfile, ProfileColumn, ProfileHeaderItem, ProfileTable

DEMO_DIR = Path(__file__).resolve().parents[2] / "seeds"
# A seed's «documento probatorio» this short names one document, which the demo generates.
EXAMPLE_NAME_MAX = 80
DEMO_PASSWORD = "demo"
# The demo accounts whose role needs a second factor (supervisors, the coordinator, the admin) come
# with an authenticator app already set up on this one well-known secret, printed by the command
# and written in the README, so that anyone trying the demo can add it to an app. As public as the
# password: a demo account is for trying the system, never for real data.
DEMO_TOTP_KEY = b"asm-tracker-demo-mfa".hex()
DEMO_TOTP_SECRET = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()

# username → (agency acronym or None, role or None, first name, last name, position, superuser)
DEMO_ACCOUNTS = {
    "admin": (None, None, "Administración", "del sistema", "Administrador", True),
    "coordinador": (None, Role.COORDINATOR, "Coordinación", "de evaluación", "Coordinador de evaluación", False),
    "capturista.durango": ("SEBISED", Role.CAPTURIST, "Laura", "Soto Reyes (demo)", "Enlace de planeación", False),
    "supervisor.durango": (
        "SEBISED",
        Role.SUPERVISOR,
        "Miguel",
        "Herrera Campos (demo)",
        "Director de Planeación",
        False,
    ),
    "capturista.sedesol": ("SEDESOL", Role.CAPTURIST, "Ana", "Ruiz Medina (demo)", "Enlace de evaluación", False),
    "supervisor.sedesol": (
        "SEDESOL",
        Role.SUPERVISOR,
        "Carlos",
        "Vega Luna (demo)",
        "Director General de Evaluación",
        False,
    ),
    "capturista.seseq": (
        "SESEQ",
        Role.CAPTURIST,
        "Gerardo",
        "Palma Angeles",
        "Jefe del Departamento de Evaluación",
        False,
    ),
    "supervisor.seseq": ("SESEQ", Role.SUPERVISOR, "José Samuel", "García Sánchez", "Director de Planeación", False),
}
# Agency acronym → the demo accounts that sign its documents (Elaboró, Autorizó).
SIGNERS = {"SEBISED": "durango", "SEDESOL": "sedesol", "SESEQ": "seseq"}

# A current cycle with one plan in each state the workflow can leave it before authorisation.
WORKFLOW_CYCLE = {
    "name": "Programa de ASM 2026",
    "year": 2026,
    "periods": [
        {"name": "Marzo 2027", "start": "2026-10-01", "end": "2027-03-31", "open": True},
        {"name": "Septiembre 2027", "start": "2027-04-01", "end": "2027-09-30", "open": False},
    ],
}
WORKFLOW_PLANS = [
    {
        "program": "FASSA-QRO",
        "state": State.DRAFT,
        "aspect": "Actualizar el diagnóstico de cobertura del FASSA con la población sin seguridad social de 2025.",
        "activity": (
            "Integrar la base de datos de población sin seguridad social por municipio y jurisdicción sanitaria."
        ),
        "product": "Base de datos y nota metodológica",
        "unit": "DIRECCIÓN DE PLANEACIÓN",
        "end": "2027-03-31",
    },
    {
        "program": "S061",
        "state": State.IN_REVIEW,
        "aspect": "Precisar en las Reglas de Operación la mezcla de recursos con las organizaciones de migrantes.",
        "activity": "Elaborar la propuesta de modificación a las Reglas de Operación y someterla a la Oficialía Mayor.",
        "product": "Propuesta de Reglas de Operación",
        "unit": "Unidad de Microrregiones",
        "end": "2027-06-30",
    },
    {
        "program": "PAJF-DGO",
        "state": State.RETURNED,
        "aspect": "Definir la población objetivo del programa con una metodología documentada.",
        "activity": "Elaborar la nota metodológica de cuantificación de la población potencial y objetivo.",
        "product": "Nota metodológica",
        "unit": "Departamento de inclusión Productiva",
        "end": "2027-05-31",
        "comment": "Precise las fechas de término y el área responsable de cada actividad.",
    },
]


def upsert(model: type[models.Model], lookup: dict, defaults: dict) -> tuple[models.Model, bool]:
    """get_or_create, then write only the fields that differ: a second run saves nothing."""
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
    if not created:
        changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, defaults[name])
            obj.save()
    return obj, created


def parse_date(value: str | None) -> tuple[date | None, str]:
    """'2017-05-04' → (date, day); '2009-12' (a month only) → (last day of that month, month)."""
    if not value:
        return None, DatePrecision.DAY
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 2:
        year, month = parts
        return date(year, month, calendar.monthrange(year, month)[1]), DatePrecision.MONTH
    return date(*parts), DatePrecision.DAY


class Command(BaseCommand):
    help = "Carga los programas de ejemplo (documentos semilla) y las cuentas de demostración."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Cargar aunque DEBUG esté apagado (crea el superusuario «admin» con la contraseña «demo»).",
        )

    def handle(self, *args, **options) -> None:
        # A superuser whose password is in the README must not appear on a deployment by accident.
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "load_demo crea el superusuario «admin» con la contraseña «demo» y no corre con DEBUG=0. "
                "Para una demostración local use scripts/run (DEBUG=1); para cargarla de todos modos, --force."
            )
        files = sorted(DEMO_DIR.glob("*.json"))
        # The demo's own transitions notify nobody: the demo addresses are not real mailboxes.
        # Its progress, status and summaries are computed once, at the end (progress.deferred), not
        # after each of its hundreds of rows.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), progress.deferred():
            data = [json.loads(path.read_text(encoding="utf-8")) for path in files]
            for item in data:
                self.load_agency(item)
            self.load_accounts()
            self.coordinator = get_user_model().objects.get(username="coordinador")
            with acting_as(get_user_model().objects.get(username="admin")):
                for item in data:
                    program = self.load_program(item)
                    self.stdout.write(f"{program.key}: {program.name}")
                self.load_workflow_plans()
                indicator_plan.load(coordinator=self.coordinator, signers=self.signers)
        self.stdout.write(self.style.SUCCESS(f"Datos de demostración cargados ({len(files)} programas)."))
        self.stdout.write(
            f"Contraseña de las cuentas de demostración: «{DEMO_PASSWORD}». admin, coordinador y supervisor.* piden "
            f"además un código de verificación: agregue la clave {DEMO_TOTP_SECRET} (basada en tiempo) a una "
            "aplicación de autenticación, u obtenga el código actual con «python manage.py demo_code»."
        )

    def load_agency(self, data: dict) -> Agency:
        agency, _ = upsert(
            Agency, {"name": data["agency"]["name"]}, {k: data["agency"][k] for k in ("acronym", "order", "state")}
        )
        return agency

    def signers(self, program: Program) -> tuple:
        suffix = SIGNERS[program.agency.acronym]
        User = get_user_model()
        return User.objects.get(username=f"capturista.{suffix}"), User.objects.get(username=f"supervisor.{suffix}")

    def load_program(self, data: dict) -> Program:
        agency = self.load_agency(data)
        units = {}
        for unit in data["units"]:
            units[unit["name"]], _ = upsert(
                Unit, {"agency": agency, "name": unit["name"]}, {"acronym": unit.get("acronym", "")}
            )
        program, _ = upsert(
            Program,
            {"key": data["program"]["key"]},
            {"agency": agency, **{k: data["program"][k] for k in ("name", "acronym", "kind")}},
        )
        evaluations = {item["ref"]: self.load_evaluation(program, item) for item in data["evaluations"]}
        cycles = {item["name"]: self.load_cycle(item) for item in data["cycles"]}
        profiles = {item["name"]: self.load_profile(item) for item in data.get("profiles", [])}
        for item in data["plans"]:
            plan = self.load_plan(program, item, cycles[item["cycle"]], evaluations, units)
            if item.get("profile"):
                upsert(PlanProfile, {"plan": plan}, {"profile": profiles[item["profile"]]})
        return program

    @staticmethod
    def load_profile(data: dict) -> ColumnProfile:
        """The document's column profile: per table, its title lines, header block and columns."""
        profile, _ = upsert(ColumnProfile, {"name": data["name"]}, {"description": data.get("description", "")})
        for slug, table in data["tables"].items():
            profile_table, _ = upsert(
                ProfileTable,
                {"profile": profile, "table": slug},
                {"title": "\n".join(table.get("title", [])), "show_plan_title": table.get("show_plan_title", True)},
            )
            # [key, header] or [key, header, {"merged": true, "width": 30}]
            columns = [
                (
                    position,
                    column[0],
                    column[1],
                    bool(column[2].get("merged")) if len(column) > 2 else False,
                    column[2].get("width") if len(column) > 2 else None,
                )
                for position, column in enumerate(table["columns"])
            ]
            fields = ("position", "key", "label", "merged", "width")
            # Replaced whole when it changed (a profile is configuration, not audited content).
            if list(profile_table.columns.values_list(*fields)) != columns:
                profile_table.columns.all().delete()
                ProfileColumn.objects.bulk_create(
                    ProfileColumn(profile_table=profile_table, **dict(zip(fields, values, strict=True)))
                    for values in columns
                )
            header = [(position, item, label) for position, (item, label) in enumerate(table.get("header", []))]
            if list(profile_table.header_items.values_list("position", "item", "label")) != header:
                profile_table.header_items.all().delete()
                ProfileHeaderItem.objects.bulk_create(
                    ProfileHeaderItem(profile_table=profile_table, position=position, item=item, label=label)
                    for position, item, label in header
                )
        return profile

    def load_evaluation(self, program: Program, data: dict) -> Evaluation:
        evaluation_type, _ = EvaluationType.objects.get_or_create(name=data["type"])
        evaluation, _ = upsert(
            Evaluation,
            {"program": program, "type": evaluation_type, "year": data["year"]},
            {
                "fiscal_year": data.get("fiscal_year"),
                "evaluator": data.get("evaluator", ""),
                "report_url": data.get("report_url", ""),
                "position_text": data.get("institutional_position", ""),
            },
        )
        recommendations = {}
        for item in data["recommendations"]:
            recommendations[item["number"]], _ = upsert(
                Recommendation,
                {"evaluation": evaluation, "number": item["number"]},
                {
                    "text": item["text"],
                    "scope": self.scope(item.get("scope")),
                    "attended": item["attended"],
                    "justification": item.get("justification", ""),
                },
            )
        for item in data["recommendations"]:
            if item.get("duplicates"):
                Recommendation.objects.filter(pk=recommendations[item["number"]].pk).exclude(
                    duplicates=recommendations[item["duplicates"]]
                ).update(duplicates=recommendations[item["duplicates"]])
        return evaluation

    def load_cycle(self, data: dict) -> Cycle:
        cycle, _ = upsert(Cycle, {"name": data["name"]}, {"year": data["year"]})
        for period in data["periods"]:
            upsert(
                CutOffPeriod,
                {"cycle": cycle, "name": period["name"]},
                {"start": parse_date(period["start"])[0], "end": parse_date(period["end"])[0]},
            )
        return cycle

    def load_plan(self, program: Program, data: dict, cycle: Cycle, evaluations: dict, units: dict) -> Plan:
        evaluation = evaluations.get(data.get("evaluation"))
        existing = Plan.objects.filter(program=program, cycle=cycle).first()
        if existing and not existing.is_editable:
            return existing  # already loaded and authorised: authorised content is never rewritten
        plan, _ = upsert(
            Plan,
            {"program": program, "cycle": cycle},
            {
                "title": data.get("title", ""),
                "evaluation": evaluation,
                "responsible_name": data["responsible_name"],
                "responsible_position": data["responsible_position"],
                "prepared_on": parse_date(data.get("prepared_on"))[0],
            },
        )
        for number, person in enumerate(data.get("participants", []), start=1):
            upsert(
                Participant,
                {"plan": plan, "number": number},
                {key: person.get(key, "") for key in ("name", "position", "unit", "email")},
            )
        periods = {period.name: period for period in cycle.periods.all()}
        preparer = self.signers(program)[0]
        for item in data["aspects"]:
            aspect, _ = upsert(
                Aspect,
                {"plan": plan, "number": item["number"]},
                {
                    "document_number": item.get("document_number"),
                    "text": item["text"],
                    "kind": item["kind"],
                    "priority": item.get("priority", ""),
                    "priority_justification": item.get("priority_justification", ""),
                    "action_type": item.get("action_type", ""),
                    "action_justification": item.get("action_justification", ""),
                    "topic": Topic.objects.get_or_create(name=item["topic"])[0] if item.get("topic") else None,
                    "scope": self.scope(item.get("scope")),
                    "responsible_unit": units.get(item.get("responsible_unit") or ""),
                    "coordinating_unit": units.get(item.get("coordinating_unit") or ""),
                    "start_date": parse_date(item.get("start"))[0],
                    "end_date": parse_date(item.get("end"))[0],
                    "products": item.get("products", ""),
                    "expected_results": item.get("expected_results", ""),
                    "observations": item.get("observations", ""),
                },
            )
            if evaluation and item.get("recommendations"):
                aspect.recommendations.set(evaluation.recommendations.filter(number__in=item["recommendations"]))
            for activity_data in item["activities"]:
                self.load_activity(aspect, activity_data, units, periods, preparer)
        self.authorise(plan, data)
        return plan

    def authorise(self, plan: Plan, data: dict) -> None:
        """Take a seed plan and its progress rounds to «autorizado»; they keep only the signatures
        and dates their document prints."""
        preparer, supervisor = self.signers(plan.program)
        plan.submit(by=preparer)
        plan.authorise(by=supervisor)
        plans = Plan.objects.filter(pk=plan.pk)
        self.date_signatures(plans, data.get("prepared_on"))
        self.sign_as_printed(plans, data.get("signatures"))
        periods = CutOffPeriod.objects.filter(reports__activity__aspect__plan=plan).distinct().order_by("end")
        for period in periods:
            round_ = plan.rounds.get(period=period)  # recorded with its reports (record_progress)
            if period.status == CutOffPeriod.Status.PENDING:
                period.open(by=self.coordinator)
            self.attach_examples(round_, preparer)
            round_.submit(by=preparer)
            round_.authorise(by=supervisor)
            # The progress document's own date, when it prints one (its «Fecha de elaboración»).
            signed_on = data.get("progress_prepared_on")
            rounds = ReportRound.objects.filter(pk=round_.pk)
            self.date_signatures(rounds, signed_on)
            if not signed_on:
                rounds.update(prepared_at=None)  # not sent on the day the demo was loaded
            self.sign_as_printed(rounds, data.get("progress_signatures"))
            self.date_signatures(Evidence.objects.filter(report__in=round_.reports()), signed_on)
        # The seeds are history: all their periods are closed.
        for period in plan.cycle.periods.all():
            if period.status == CutOffPeriod.Status.PENDING:
                period.open(by=self.coordinator)
            if period.status == CutOffPeriod.Status.OPEN:
                period.close(by=self.coordinator)

    @staticmethod
    def attach_examples(round_: ReportRound, preparer) -> None:
        """Give the reports whose seed names a single document a generated file of that name, so
        that the public can download evidence and check its SHA-256 from the first run."""
        for report in round_.reports().select_related("activity__aspect__plan__program").order_by("pk"):
            title = report.evidence_note.strip().lstrip("-• ").strip()
            if not title or len(title) > EXAMPLE_NAME_MAX or report.evidence.exists():
                continue
            activity = report.activity
            content = example_pdf(
                title,
                [
                    f"Programa {activity.aspect.plan.program.key}, ASM {activity.aspect.number}, "
                    f"actividad {activity.number}."
                ],
            )
            evidence = Evidence(
                report=report,
                description=f"Documento de ejemplo: {title}",
                original_name=f"{title}.pdf",
                size=len(content),
                content_type="application/pdf",
                sha256=hashlib.sha256(content).hexdigest(),
                publishable=True,
            )
            store([(evidence, ContentFile(content, name=evidence.original_name))], by=preparer)

    @staticmethod
    def sign_as_printed(queryset, signatures: dict | None) -> None:
        """The names the document prints under «Elaboró» and «Autorizó», or none (empty lines):
        the demo accounts that moved it through the workflow did not sign the seed document."""
        signatures = signatures or {}
        prepared, authorised = signatures.get("prepared") or {}, signatures.get("authorised") or {}
        queryset.update(
            prepared_by_name=prepared.get("name", ""),
            prepared_by_position=prepared.get("position", ""),
            authorised_by_name=authorised.get("name", ""),
            authorised_by_position=authorised.get("position", ""),
        )

    @staticmethod
    def date_signatures(queryset, signed_on: str | None) -> None:
        """Date the signatures as the document is dated, when it is."""
        if signed_on:
            moment = timezone.make_aware(datetime.combine(parse_date(signed_on)[0], time(12)))
            queryset.update(prepared_at=moment, authorised_at=moment)

    def load_workflow_plans(self) -> None:
        cycle, created = upsert(Cycle, {"name": WORKFLOW_CYCLE["name"]}, {"year": WORKFLOW_CYCLE["year"]})
        for item in WORKFLOW_CYCLE["periods"]:
            period, created = upsert(
                CutOffPeriod,
                {"cycle": cycle, "name": item["name"]},
                {"start": parse_date(item["start"])[0], "end": parse_date(item["end"])[0]},
            )
            if created and item["open"]:
                period.open(by=self.coordinator)
        for item in WORKFLOW_PLANS:
            program = Program.objects.get(key=item["program"])
            if Plan.objects.filter(program=program, cycle=cycle).exists():
                continue  # it may have moved on since: leave it as the users left it
            preparer, supervisor = self.signers(program)
            plan = Plan.objects.create(
                program=program,
                cycle=cycle,
                title=f"Programa de trabajo de ASM 2026 de {program.acronym or program.key}",
                responsible_name=preparer.get_full_name(),
                responsible_position=preparer.membership.position,
            )
            aspect = Aspect.objects.create(
                plan=plan,
                number=1,
                text=item["aspect"],
                kind=Aspect.Kind.SPECIFIC,
                priority=Aspect.Priority.HIGH,
                responsible_unit=Unit.objects.get(agency=program.agency, name=item["unit"]),
                products=item["product"],
                end_date=parse_date(item["end"])[0],
            )
            activity = Activity.objects.create(
                aspect=aspect,
                number=1,
                description=item["activity"],
                product=item["product"],
                start_date=parse_date(WORKFLOW_CYCLE["periods"][0]["start"])[0],
                end_date=parse_date(item["end"])[0],
            )
            activity.set_units([aspect.responsible_unit])
            if item["state"] != State.DRAFT:
                plan.submit(by=preparer)
            if item["state"] == State.RETURNED:
                plan.return_(by=supervisor, comment=item["comment"])

    def load_activity(self, aspect: Aspect, data: dict, units: dict, periods: dict, preparer) -> Activity:
        end, end_precision = parse_date(data["end"])
        actual_end, actual_precision = parse_date(data.get("actual_end"))
        activity, _ = upsert(
            Activity,
            {"aspect": aspect, "number": data["number"]},
            {
                "description": data["description"],
                "product": data.get("product", ""),
                "expected_results": data.get("expected_results", ""),
                "results_obtained": data.get("results_obtained", ""),
                "weight": data.get("weight"),
                "start_date": parse_date(data.get("start"))[0],
                "end_date": end,
                "end_date_precision": end_precision,
                "end_note": data.get("end_note", ""),
                "actual_end_date": actual_end,
                "actual_end_precision": actual_precision,
                "units_label": data.get("units_label", ""),
                "coordinating_unit": units.get(data.get("coordinating_unit") or ""),
            },
        )
        activity.set_units([units[name] for name in data["units"]])
        for report in data.get("progress", []):
            period = periods[report["period"]]
            values = {
                "percent": report["percent"],
                "justification": report.get("justification", ""),
                "observations": report.get("observations", ""),
                "replanning": report.get("replanning"),  # None: the document does not say
                "replanning_justification": report.get("replanning_justification", ""),
                "evidence_note": report.get("evidence", ""),
                "printed_text": report.get("printed", ""),
                "reported_on": parse_date(report["reported_on"])[0],
            }
            existing = ProgressReport.objects.filter(activity=activity, period=period).first()
            if existing is None or any(getattr(existing, name) != value for name, value in values.items()):
                record_progress(activity=activity, period=period, report=existing, by=preparer, **values)
        return activity

    def scope(self, code: str | None) -> ManagementScope | None:
        if not code:
            return None
        return ManagementScope.objects.get_or_create(code=code)[0]

    def load_accounts(self) -> None:
        User = get_user_model()
        # One hash for every account: they share the published password, and each hash costs a third
        # of a second (PBKDF2's iterations), times every account, at each first start of scripts/run.
        password = make_password(DEMO_PASSWORD)
        for username, (acronym, role, first_name, last_name, position, superuser) in DEMO_ACCOUNTS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@ejemplo.gob.mx",
                    "is_staff": superuser,
                    "is_superuser": superuser,
                },
            )
            if created:
                user.password = password
                user.save(update_fields=["password"])
            if role:
                agency = Agency.objects.get(acronym=acronym) if acronym else None
                upsert(Membership, {"user": user}, {"agency": agency, "role": role, "position": position})
            if requires_second_factor(user):
                upsert(TOTPDevice, {"user": user, "name": "Demostración"}, {"key": DEMO_TOTP_KEY, "confirmed": True})
