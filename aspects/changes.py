"""«Cambios desde la devolución»: what a plan's or a progress round's content changed between its
return and its new submission, from the audit trail, grouped by ASM and activity, each field as
people read it (long texts as a word-level diff, `audit.readable`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType

from audit.models import AuditEntry
from audit.readable import Change, Names, describe, net_changes
from programs.workflow import SIGNATURE_COLUMNS, State

from .models import Activity, Aspect, Plan, ProgressReport, ReportRound

# What the workflow writes on a plan is its history, not an edit of its content.
WORKFLOW_FIELDS = {"state", *SIGNATURE_COLUMNS}


@dataclass
class Group:
    heading: str
    status: str  # "alta", "baja" or "cambio"
    changes: list[Change] = field(default_factory=list)
    order: tuple = ()


def returned_at(obj: Plan | ReportRound) -> datetime | None:
    """When a resubmitted object was last returned; None unless it is in review after a return."""
    if obj.state != State.IN_REVIEW:
        return None
    step = obj.transitions.filter(to_state=State.RETURNED).order_by("-at", "-pk").first()
    return step.at if step else None


def _entries(model, since: datetime, ids: set[int], deleted_if) -> dict[str, list[AuditEntry]]:
    """The entries of `model`'s rows `ids` since `since`, and of rows deleted since then for which
    `deleted_if(values)` holds, by object id, oldest first."""
    content_type = ContentType.objects.get_for_model(model)
    found: dict[str, list[AuditEntry]] = {}
    rows = AuditEntry.objects.filter(content_type=content_type, at__gte=since).order_by("at", "pk")
    gone = {
        entry.object_id
        for entry in rows.filter(action=AuditEntry.Action.DELETE)
        if deleted_if({name: old for name, (old, new) in entry.changes.items()})
    }
    for entry in rows.filter(object_id__in=[str(pk) for pk in ids] + list(gone)).select_related("content_type"):
        found.setdefault(entry.object_id, []).append(entry)
    return found


def _group(model, entries: list[AuditEntry], heading: str, order: tuple, names: Names, skip=()) -> Group | None:
    status, changes = net_changes(entries)
    changes = {name: pair for name, pair in changes.items() if name not in skip}
    if status == "nada" or (status == "cambio" and not changes):
        return None
    if status == "baja":
        changes = {}  # it is gone: its heading says so
    return Group(heading, status, describe(model, changes, names), order)


def _number(entries: list[AuditEntry], name: str, current) -> Any:
    if current is not None:
        return current
    for entry in entries:
        if name in entry.changes:
            return entry.changes[name][0] if entry.changes[name][0] is not None else entry.changes[name][1]
    return "?"


def plan_changes(plan: Plan) -> list[Group] | None:
    """The plan's changes since its return, or None when it was not resubmitted after one."""
    since = returned_at(plan)
    if since is None:
        return None
    names = Names()
    groups: list[Group] = []
    plan_entries = _entries(Plan, since, {plan.pk}, lambda values: False).get(str(plan.pk), [])
    if plan_entries and (found := _group(Plan, plan_entries, "Programa de trabajo", (0,), names, skip=WORKFLOW_FIELDS)):
        groups.append(found)
    aspects = {aspect.pk: aspect for aspect in plan.aspects.all()}
    aspect_entries = _entries(Aspect, since, set(aspects), lambda values: values.get("plan_id") == plan.pk)
    aspect_numbers = {}
    for object_id, entries in aspect_entries.items():
        aspect = aspects.get(int(object_id))
        number = _number(entries, "number", aspect.number if aspect else None)
        aspect_numbers[int(object_id)] = number
        if found := _group(Aspect, entries, f"ASM {number}", (1, str(number).zfill(6), 0, ""), names):
            groups.append(found)
    activities = {
        activity.pk: activity for activity in Activity.objects.filter(aspect__plan=plan).select_related("aspect")
    }
    known_aspects = set(aspects) | set(aspect_numbers)
    activity_entries = _entries(
        Activity, since, set(activities), lambda values: values.get("aspect_id") in known_aspects
    )
    for object_id, entries in activity_entries.items():
        activity = activities.get(int(object_id))
        aspect_id = activity.aspect_id if activity else _number(entries, "aspect_id", None)
        aspect_number = aspects[aspect_id].number if aspect_id in aspects else aspect_numbers.get(aspect_id, "?")
        number = _number(entries, "number", activity.number if activity else None)
        heading = f"ASM {aspect_number} · Actividad {number}"
        order = (1, str(aspect_number).zfill(6), 1, str(number).zfill(6))
        if found := _group(Activity, entries, heading, order, names):
            groups.append(found)
    return sorted(groups, key=lambda group: group.order)


def round_changes(round_: ReportRound) -> list[Group] | None:
    """The progress reports' changes since the round's return, by ASM and activity."""
    since = returned_at(round_)
    if since is None:
        return None
    names = Names()
    reports = {report.pk: report for report in round_.reports().select_related("activity__aspect")}
    activities = {
        activity.pk: activity for activity in Activity.objects.filter(aspect__plan=round_.plan).select_related("aspect")
    }
    entries_of = _entries(
        ProgressReport,
        since,
        set(reports),
        lambda values: values.get("period_id") == round_.period_id and values.get("activity_id") in activities,
    )
    groups = []
    for object_id, entries in entries_of.items():
        report = reports.get(int(object_id))
        activity = report.activity if report else activities.get(_number(entries, "activity_id", None))
        if activity is None:
            continue
        heading = f"ASM {activity.aspect.number} · Actividad {activity.number}"
        order = (str(activity.aspect.number).zfill(6), str(activity.number).zfill(6))
        if found := _group(ProgressReport, entries, heading, order, names):
            groups.append(found)
    return sorted(groups, key=lambda group: group.order)
