"""Parse results built by hand, in the shape `imports.parse.parse()` returns (docs/import.md), so
that the preview, the commit and the pages are tested apart from the reader; and the small
files uploaded in their place."""

from __future__ import annotations

import io
import itertools
import sys
import types
from typing import Any

from openpyxl import Workbook

_rows = itertools.count(10)

METADATA = {
    "agency": "Servicios de Salud A",
    "program": "A001",
    "responsible_name": "José Samuel García Sánchez",
    "responsible_position": "Director de Planeación",
    "prepared_on": "2017-05-08",
    "signatures": {
        "prepared_by": {"name": "Gerardo Palma Ángeles", "position": "Jefe del Departamento de Evaluación"},
        "authorised_by": {"name": "José Samuel García Sánchez", "position": "Director de Planeación"},
    },
}


def activity(number: int | None, description: str, **kw: Any) -> dict:
    return {
        "row": kw.pop("row", next(_rows)),
        "number": number,
        "description": description,
        "units": kw.pop("units", ["Dirección de Planeación"]),
        "start": kw.pop("start", "2017-05-04"),
        "end_committed": kw.pop("end_committed", "2017-06-30"),
        "end_actual": kw.pop("end_actual", None),
        "product": kw.pop("product", "Memorándum"),
        "expected_results": kw.pop("expected_results", "Mejorar la transparencia."),
        "percent": kw.pop("percent", None),
        "justification": kw.pop("justification", ""),
        "replanning": kw.pop("replanning", None),
        **kw,
    }


def aspect(number: int | None, text: str, *activities: dict, row: int | None = None, **kw: Any) -> dict:
    return {
        "row": row or (activities[0]["row"] if activities else next(_rows)),
        "number": number,
        "text": text,
        "activities": list(activities),
        **kw,
    }


def recommendation(number: int, text: str, attended: bool = True, justification: str = "", **kw: Any) -> dict:
    return {
        "row": kw.pop("row", next(_rows)),
        "number": number,
        "text": text,
        "attended": attended,
        "justification": justification,
        **kw,
    }


def table(kind: str, sheet: str, *, aspects=(), recommendations=(), metadata=None, values=None) -> dict:
    """A table; `values` maps a row number to the raw cells the reader kept for it."""
    aspects, recommendations = list(aspects), list(recommendations)
    rows = {}
    for item in recommendations:
        rows[item["row"]] = {"No.": str(item["number"]), "Descripción": item["text"]}
    for item in aspects:
        rows[item["row"]] = {"No.": str(item["number"] or ""), "Aspecto Susceptible de Mejora": item["text"]}
        for each in item["activities"]:
            rows.setdefault(each["row"], {})["Actividades"] = f"{each['number']} {each['description']}"
    for row, cells in (values or {}).items():
        rows.setdefault(row, {}).update(cells)
    activities = [each for item in aspects for each in item["activities"]]
    return {
        "sheet": sheet,
        "kind": kind,
        "header_row": 4,
        "rows": [{"row": row, "values": cells} for row, cells in sorted(rows.items())],
        "counts": {
            "recommendations": len(recommendations),
            "aspects": len(aspects),
            "activities": len(activities),
            "reports": sum(1 for each in activities if each.get("percent") is not None),
        },
        "metadata": {**METADATA, **(metadata or {})},
        "aspects": aspects,
        "recommendations": recommendations,
    }


def result(*tables: dict, errors=(), warnings=()) -> dict:
    return {"tables": list(tables), "errors": list(errors), "warnings": list(warnings)}


def problem(sheet: str, row: int, column: str, value: str, message: str) -> dict:
    return {"sheet": sheet, "row": row, "column": column, "value": value, "message": message}


def specific_plan(**metadata: Any) -> dict:
    """A documento de trabajo of two ASM, the second with two activities and a new unit."""
    return table(
        "especifico",
        "Documento específico",
        metadata=metadata,
        aspects=[
            aspect(
                1,
                "Publicar los informes financieros trimestrales en la página de la institución.",
                activity(1, "Recopilar los informes financieros.", units=["Dirección de Finanzas"]),
            ),
            aspect(
                2,
                "Notificar por escrito el presupuesto asignado a la Secretaría de Planeación y Finanzas.",
                activity(
                    1,
                    "Presentar la recomendación al área de finanzas.",
                    units=["dirección de planeación", "Departamento de Evaluación"],
                ),
                activity(
                    2, "Recabar el acuse de recibo.", end_committed={"text": "Diciembre 2017", "precision": "month"}
                ),
            ),
        ],
    )


def xlsx_bytes(label: str = "anexo") -> bytes:
    """A real, small workbook: what the upload checks see; the fake reader decides what it says."""
    book = Workbook()
    book.active.append(["No.", "Aspecto Susceptible de Mejora", label])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class UnreadableFile(Exception):
    pass


def fake_reader(monkeypatch, answers: dict[str, dict | Exception]) -> types.ModuleType:
    """Put a reader in place of `imports.parse` that answers by file name: a parse result, or an
    exception to raise (an `UnreadableFile` of its own)."""
    module = types.ModuleType("imports.parse")
    module.UnreadableFile = UnreadableFile  # type: ignore[attr-defined]

    def parse(file, *, name):
        answer = answers[name]
        if isinstance(answer, Exception):
            raise answer
        return answer

    module.parse = parse  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "imports.parse", module)
    return module
