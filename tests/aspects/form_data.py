"""What the staff forms post: an ASM with its activities' formset, and a progress report. Each test
names only the fields it is about; the rest are the blank or usual values a person leaves."""


def formset_management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def activity_rows(rows, **common) -> dict:
    """The activities' formset rows, numbered from 1; `common` goes into every row, a row's own values win."""
    data = {}
    for i, values in enumerate(rows):
        row = {
            "number": i + 1,
            "description": f"Actividad {i + 1}",
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
        data.update({f"activities-{i}-{key}": value for key, value in row.items()})
    return data


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
