"""Due dates as a calendar: the committed end dates of activities and the closing dates of cut-off
periods, for the staff page (month by month, per agency) and for an iCalendar feed that calendar
applications subscribe to.

Calendar applications do not sign in, so the feed's address carries a per-user secret instead of
a session: an HMAC of the user's id and password hash under the project's SECRET_KEY. It names
nothing, cannot be forged for another user, and stops working when the user changes their password
(the way to revoke a leaked address). The .ics is written by hand: RFC 5545 needs only a few
properties, escaping and line folding, not a dependency.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.crypto import salted_hmac

from programs.models import CutOffPeriod

from .models import Activity, Plan

TOKEN_SALT = "aspects.calendar.feed"
FEED_DAYS_BACK = 90
FEED_DAYS_AHEAD = 400


@dataclass(frozen=True)
class DueDate:
    day: date
    kind: str  # "actividad" or "periodo"
    title: str
    detail: str
    url: str
    uid: str


def feed_token(user) -> str:
    digest = salted_hmac(TOKEN_SALT, f"{user.pk}:{user.password}", algorithm="sha256").hexdigest()[:40]
    return f"{user.pk}-{digest}"


def user_for_token(token: str):
    """The active user whose feed address this is, or None."""
    pk, _, digest = token.partition("-")
    if not pk.isdigit() or not digest:
        return None
    user = get_user_model().objects.filter(pk=int(pk), is_active=True).first()
    if user is None or not hmac.compare_digest(feed_token(user), token):
        return None
    return user


def due_dates(user, *, start: date, end: date, agency_id: int | None = None) -> list[DueDate]:
    """The activities the user may see that are committed (authorised plan, not cancelled) and
    end between `start` and `end`, and the periods that close then, in order of day."""
    activities = Activity.objects.visible_to(user).committed().filter(end_date__range=(start, end))
    if agency_id is not None:
        activities = activities.filter(aspect__plan__program__agency=agency_id)
    dates = [
        DueDate(
            day=activity.end_date,
            kind="actividad",
            title=(
                f"Vence: {activity.aspect.plan.program.key} · ASM {activity.aspect.number}, actividad {activity.number}"
            ),
            detail=activity.description,
            url=activity.get_absolute_url(),
            uid=f"actividad-{activity.pk}",
        )
        for activity in activities.select_related("aspect__plan__program").order_by("end_date", "pk")
    ]
    # A period matters when the user's agency (or the agency chosen) has a plan in its cycle.
    plans = Plan.objects.visible_to(user)
    if agency_id is not None:
        plans = plans.filter(program__agency=agency_id)
    periods = CutOffPeriod.objects.filter(end__range=(start, end), cycle__in=plans.values("cycle")).select_related(
        "cycle"
    )
    dates += [
        DueDate(
            day=period.end,
            kind="periodo",
            title=f"Cierra el periodo de corte {period.name} ({period.cycle})",
            detail="Último día para registrar y enviar los avances del periodo.",
            url=reverse("programs:cycle-list"),
            uid=f"periodo-{period.pk}",
        )
        for period in periods.order_by("end", "pk")
    ]
    return sorted(dates, key=lambda due: (due.day, due.kind != "periodo", due.title))


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with a space."""
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def ics(dates: list[DueDate], *, base_url: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ASM Tracker//Vencimientos//ES",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:ASM Tracker · vencimientos",
    ]
    for due in dates:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{due.uid}@asm-tracker",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{due.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{due.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(due.title)}",
            f"DESCRIPTION:{_escape(due.detail)}",
            f"URL:{base_url}{due.url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def feed_window(today: date) -> tuple[date, date]:
    return today - timedelta(days=FEED_DAYS_BACK), today + timedelta(days=FEED_DAYS_AHEAD)
