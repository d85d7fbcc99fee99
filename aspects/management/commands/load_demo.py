"""Load the seed programs (shared/seeds, transcribed to aspects/demo/*.json) and the demo accounts.

Every object is looked up by its natural key before it is written, so running the command
twice changes nothing. The JSON format is described in docs/demo-data.md.
"""

from __future__ import annotations

import calendar
import json
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from aspects.models import Activity, Aspect, DatePrecision, Plan, ProgressReport, Topic
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

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_PASSWORD = "demo"

# username → (agency acronym or None, first name, last name, position, superuser)
DEMO_ACCOUNTS = {
    "admin": (None, "Administración", "del sistema", "Administrador", True),
    "coordinador": (None, "Coordinación", "de evaluación", "Coordinador de evaluación", False),
    "capturista.durango": ("SEBISED", "Laura", "Soto Reyes (demo)", "Enlace de planeación", False),
    "supervisor.durango": ("SEBISED", "Miguel", "Herrera Campos (demo)", "Director de Planeación", False),
    "capturista.sedesol": ("SEDESOL", "Ana", "Ruiz Medina (demo)", "Enlace de evaluación", False),
    "supervisor.sedesol": ("SEDESOL", "Carlos", "Vega Luna (demo)", "Director General de Evaluación", False),
    "capturista.seseq": ("SESEQ", "Gerardo", "Palma Angeles", "Jefe del Departamento de Evaluación", False),
    "supervisor.seseq": ("SESEQ", "José Samuel", "García Sánchez", "Director de Planeación", False),
}


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

    def handle(self, *args, **options) -> None:
        files = sorted(DEMO_DIR.glob("*.json"))
        with transaction.atomic():
            for path in files:
                program = self.load_program(json.loads(path.read_text(encoding="utf-8")))
                self.stdout.write(f"{program.key}: {program.name}")
            self.load_accounts()
        self.stdout.write(self.style.SUCCESS(f"Datos de demostración cargados ({len(files)} programas)."))

    def load_program(self, data: dict) -> Program:
        agency, _ = Agency.objects.update_or_create(
            name=data["agency"]["name"],
            defaults={k: data["agency"][k] for k in ("acronym", "order", "state")},
        )
        units = {}
        for unit in data["units"]:
            units[unit["name"]], _ = Unit.objects.update_or_create(
                agency=agency, name=unit["name"], defaults={"acronym": unit.get("acronym", "")}
            )
        program, _ = Program.objects.update_or_create(
            key=data["program"]["key"],
            defaults={"agency": agency, **{k: data["program"][k] for k in ("name", "acronym", "kind")}},
        )
        evaluations = {item["ref"]: self.load_evaluation(program, item) for item in data["evaluations"]}
        cycles = {item["name"]: self.load_cycle(item) for item in data["cycles"]}
        for plan in data["plans"]:
            self.load_plan(program, plan, cycles[plan["cycle"]], evaluations, units)
        return program

    def load_evaluation(self, program: Program, data: dict) -> Evaluation:
        evaluation_type, _ = EvaluationType.objects.get_or_create(name=data["type"])
        evaluation, _ = Evaluation.objects.update_or_create(
            program=program,
            type=evaluation_type,
            year=data["year"],
            defaults={
                "fiscal_year": data.get("fiscal_year"),
                "evaluator": data.get("evaluator", ""),
                "report_url": data.get("report_url", ""),
                "position_text": data.get("institutional_position", ""),
            },
        )
        recommendations = {}
        for item in data["recommendations"]:
            recommendations[item["number"]], _ = Recommendation.objects.update_or_create(
                evaluation=evaluation,
                number=item["number"],
                defaults={
                    "text": item["text"],
                    "scope": self.scope(item.get("scope")),
                    "attended": item["attended"],
                    "justification": item.get("justification", ""),
                },
            )
        for item in data["recommendations"]:
            if item.get("duplicates"):
                Recommendation.objects.filter(pk=recommendations[item["number"]].pk).update(
                    duplicates=recommendations[item["duplicates"]]
                )
        return evaluation

    def load_cycle(self, data: dict) -> Cycle:
        cycle, _ = Cycle.objects.update_or_create(name=data["name"], defaults={"year": data["year"]})
        for period in data["periods"]:
            CutOffPeriod.objects.update_or_create(
                cycle=cycle,
                name=period["name"],
                defaults={"start": parse_date(period["start"])[0], "end": parse_date(period["end"])[0]},
            )
        return cycle

    def load_plan(self, program: Program, data: dict, cycle: Cycle, evaluations: dict, units: dict) -> Plan:
        evaluation = evaluations.get(data.get("evaluation"))
        plan, _ = Plan.objects.update_or_create(
            program=program,
            cycle=cycle,
            defaults={
                "title": data.get("title", ""),
                "evaluation": evaluation,
                "responsible_name": data["responsible_name"],
                "responsible_position": data["responsible_position"],
                "prepared_on": parse_date(data.get("prepared_on"))[0],
            },
        )
        periods = {period.name: period for period in cycle.periods.all()}
        for item in data["aspects"]:
            aspect, _ = Aspect.objects.update_or_create(
                plan=plan,
                number=item["number"],
                defaults={
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
                self.load_activity(aspect, activity_data, units, periods)
        return plan

    def load_activity(self, aspect: Aspect, data: dict, units: dict, periods: dict) -> Activity:
        end, end_precision = parse_date(data["end"])
        actual_end, actual_precision = parse_date(data.get("actual_end"))
        activity, _ = Activity.objects.update_or_create(
            aspect=aspect,
            number=data["number"],
            defaults={
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
            },
        )
        activity.units.set([units[name] for name in data["units"]])
        for report in data.get("progress", []):
            ProgressReport.objects.update_or_create(
                activity=activity,
                period=periods[report["period"]],
                defaults={
                    "percent": report["percent"],
                    "justification": report.get("justification", ""),
                    "observations": report.get("observations", ""),
                    "replanning": report.get("replanning", False),
                    "replanning_justification": report.get("replanning_justification", ""),
                    "evidence_note": report.get("evidence", ""),
                    "reported_on": parse_date(report["reported_on"])[0],
                },
            )
        return activity

    def scope(self, code: str | None) -> ManagementScope | None:
        if not code:
            return None
        return ManagementScope.objects.get_or_create(code=code)[0]

    def load_accounts(self) -> None:
        User = get_user_model()
        for username, (acronym, first_name, last_name, position, superuser) in DEMO_ACCOUNTS.items():
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
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if acronym:
                Membership.objects.update_or_create(
                    user=user, defaults={"agency": Agency.objects.get(acronym=acronym), "position": position}
                )
