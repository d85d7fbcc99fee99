"""What the staff forms post: a work plan, an ASM with its activities' formset, a progress report,
and any formset's rows. Each test names only the fields it is about; the rest are the blank or
usual values a person leaves."""

from __future__ import annotations

from collections.abc import Iterable


def formset_management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def formset_rows(prefix: str, rows: Iterable[dict]) -> dict:
    """Each row's fields as a formset posts them: `prefix-0-field`, `prefix-1-field`…"""
    return {f"{prefix}-{i}-{key}": value for i, row in enumerate(rows) for key, value in row.items()}


def formset_data(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    """A whole formset as posted: its management form and its rows (the first `initial` are saved ones)."""
    return {**formset_management(prefix, len(rows), initial), **formset_rows(prefix, rows)}


def activity_rows(rows, **common) -> dict:
    """The activities' formset rows, numbered from 1; `common` goes into every row, a row's own values win."""
    return formset_rows(
        "activities",
        (
            {
                "number": number,
                "description": f"Actividad {number}",
                "start_date": "2017-05-01",
                "end_date": "2017-06-30",
                "end_note": "",
                "actual_end_date": "",
                "product": "",
                "expected_results": "",
                "results_obtained": "",
                "weight": "",
                **common,
                **values,
            }
            for number, values in enumerate(rows, start=1)
        ),
    )


def plan_data(**fields) -> dict:
    """A work plan as its form posts it; `fields` name at least its program and cycle."""
    return {
        "title": "",
        "evaluation": "",
        "responsible_name": "Ana Pérez",
        "responsible_position": "Directora",
        "prepared_on": "",
        **fields,
    }


def aspect_data(number=2, kind="especifico", coordinating_unit="", activities=(), initial=0, **extra) -> dict:
    return {
        "number": number,
        "text": "Actualizar el padrón de beneficiarios.",
        "kind": kind,
        "priority": "",
        "priority_justification": "",
        "action_type": "",
        "action_justification": "",
        "topic": "",
        "scope": "",
        "responsible_unit": "",
        "coordinating_unit": coordinating_unit,
        "start_date": "",
        "end_date": "",
        "products": "",
        "expected_results": "",
        "observations": "",
        **formset_management("activities", len(activities), initial),
        **activity_rows(activities),
        **extra,
    }


def report_data(period, reported_on="2018-03-31", **extra) -> dict:
    return {
        "period": period.pk,
        "percent": "60",
        "justification": "",
        "observations": "",
        "replanning": "",
        "replanning_justification": "",
        "evidence_note": "",
        "reported_on": reported_on,
        **extra,
    }
