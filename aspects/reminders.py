"""Reminders for the daily cron (`manage.py send_reminders`).

- Each unit with an email address hears about its committed activities (authorised plan, not
  cancelled, not concluded) that are overdue or fall due within N days.
- The capturistas of each agency hear, when an open cut-off period closes within N days, which
  committed activities still have no report in it.

Each list is one query (plus one for the recipients), so the run stays cheap as data grows.
The derived values come from `aspects.progress`, as on every screen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from programs.access import Role
from programs.models import CutOffPeriod, Membership
from programs.notifications import absolute_url

from . import progress
from .models import Activity


@dataclass
class Reminder:
    to: str
    subject: str
    body: str


def _when(value: date | None) -> str:
    # Reminders select activities by their end date, so they have one.
    return value.strftime("%d/%m/%Y") if value else "—"


def _line(activity: Activity) -> str:
    program = activity.aspect.plan.program
    return (
        f"- {program.key} · ASM {activity.aspect.number}, actividad {activity.number}: {activity.description[:160]}\n"
        f"  Término: {_when(activity.end_date)} · avance {activity.progress:.0f} %\n"
        f"  {absolute_url(activity.get_absolute_url())}"
    )


def unit_reminders(*, today: date, days: int) -> tuple[list[Reminder], int]:
    """One email per unit: its overdue activities and those due within `days`."""
    horizon = today + timedelta(days=days)
    activities = (
        progress.annotate(Activity.objects.committed(), today=today)
        .filter(progress__lt=100, end_date__lte=horizon)
        .select_related("aspect__plan__program")
        .prefetch_related("units")
        .order_by("end_date", "pk")
    )
    by_unit: dict = defaultdict(list)
    for activity in activities:
        for unit in activity.units.all():
            by_unit[unit].append(activity)
    reminders, skipped = [], 0
    for unit, items in sorted(by_unit.items(), key=lambda pair: pair[0].name):
        if not unit.email:
            skipped += 1
            continue
        overdue = [a for a in items if a.end_date < today]
        due = [a for a in items if a.end_date >= today]
        parts = [f"Actividades a cargo de {unit.name} al {_when(today)}."]
        if overdue:
            parts.append(f"\nVencidas ({len(overdue)}):\n" + "\n".join(_line(a) for a in overdue))
        if due:
            parts.append(f"\nPor vencer en los próximos {days} días ({len(due)}):\n" + "\n".join(_line(a) for a in due))
        parts.append("\nRegistre su avance y evidencia en ASM Tracker.")
        subject = f"Recordatorio: {len(overdue)} actividades vencidas y {len(due)} por vencer"
        reminders.append(Reminder(unit.email, subject, "\n".join(parts)))
    return reminders, skipped


def missing_report_reminders(*, today: date, days: int) -> list[Reminder]:
    """To the capturistas of each agency: activities with no report in a period about to close."""
    periods = (
        CutOffPeriod.objects.open()
        .filter(end__gte=today, end__lte=today + timedelta(days=days))
        .select_related("cycle")
    )
    return [reminder for period in periods for reminder in period_reminders(period=period, today=today)]


def period_reminders(*, period: CutOffPeriod, today: date, agency_id: int | None = None) -> list[Reminder]:
    """The missing-report email of one period to each capturista of each agency (or of the agency
    `agency_id` only) that still has committed activities without a report in it. The daily run and
    the coordinator's «Enviar recordatorio» both write it here."""
    missing = (
        progress.annotate(Activity.objects.missing_report(period), today=today)
        .select_related("aspect__plan__program")
        .order_by("aspect__plan__program__key", "aspect__number", "number")
    )
    if agency_id is not None:
        missing = missing.filter(aspect__plan__program__agency=agency_id)
    by_agency: dict = defaultdict(list)
    for activity in missing:
        by_agency[activity.aspect.plan.program.agency_id].append(activity)
    capturistas = (
        Membership.objects.filter(agency_id__in=by_agency, role=Role.CAPTURIST, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )
    reminders = []
    for membership in capturistas:
        items = by_agency[membership.agency_id]
        body = (
            f"El periodo de corte «{period.name}» ({period.cycle}) cierra el {_when(period.end)}. "
            f"Estas {len(items)} actividades aún no tienen reporte de avance en ese periodo:\n\n"
            + "\n".join(_line(a) for a in items)
            + "\n\nAl cerrarse el periodo ya no se podrán registrar ni enviar sus avances."
        )
        subject = f"Faltan {len(items)} reportes de avance: el periodo «{period.name}» cierra el {_when(period.end)}"
        reminders.append(Reminder(membership.user.email, subject, body))
    return reminders
