"""`public.exports.download()`: the same columns as CSV, XLSX or JSON, streamed."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.http import FileResponse, Http404, StreamingHttpResponse
from openpyxl import load_workbook

from public.exports import download
from sheets.cells import CUT_MARK, EXCEL_MAX_CHARS

ROWS = [
    {
        "number": 1,
        "text": "Evaluación de diseño",
        "due": date(2017, 12, 31),
        "progress": 40.5,
        "weight": Decimal("12.50"),
        "done": False,
        "units": ["Planeación", "Calidad"],
        "at": datetime(2017, 3, 1, 18, 30, tzinfo=ZoneInfo("UTC")),
    },
    {"number": 2, "text": "=1+1", "due": None, "progress": 0, "weight": None, "done": True, "units": [], "at": None},
    {
        "number": 3,
        "text": "-2 y @usuario",
        "due": date(2018, 1, 5),
        "progress": 100,
        "weight": Decimal("3"),
        "done": True,
        "units": ["Dirección"],
        "at": None,
    },
]
COLUMNS = [
    ("No.", lambda row: row["number"]),
    ("Aspecto", lambda row: row["text"]),
    ("Fecha de término", lambda row: row["due"]),
    ("Avance (%)", lambda row: row["progress"]),
    ("Ponderación", lambda row: row["weight"]),
    ("Concluida", lambda row: row["done"]),
    ("Áreas", lambda row: row["units"]),
    ("Autorizado el", lambda row: row["at"]),
]


def export(fmt: str, rows=ROWS, columns=COLUMNS):
    return download(filename=f"asm.{fmt}", columns=columns, rows=iter(rows), fmt=fmt)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    "fmt,kind", [("csv", StreamingHttpResponse), ("json", StreamingHttpResponse), ("xlsx", FileResponse)]
)
def test_every_format_streams(fmt, kind):
    response = export(fmt)
    assert type(response) is kind and response.streaming


def test_csv_and_json_send_their_first_bytes_before_reading_any_row():
    def rows():
        raise AssertionError("no row is read before the first bytes leave")
        yield

    for fmt, start in [("csv", b"\xef\xbb\xbfNo.,Aspecto,"), ("json", b"[")]:
        response = download(filename=f"asm.{fmt}", columns=COLUMNS, rows=rows(), fmt=fmt)
        assert next(iter(response.streaming_content)).startswith(start)


def test_csv_is_utf8_with_bom_and_an_attachment():
    response = export("csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="asm.csv"'
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbfNo.,Aspecto,")
    assert "Evaluación".encode() in content


def test_csv_cells_are_formula_safe_and_plainly_typed():
    rows = list(csv.reader(io.StringIO(body(export("csv")).decode("utf-8-sig"))))
    assert rows[0] == [label for label, _ in COLUMNS]
    assert rows[1] == [
        "1",
        "Evaluación de diseño",
        "2017-12-31",
        "40.5",
        "12.50",
        "No",
        "Planeación; Calidad",
        "2017-03-01 12:30",
    ]
    assert rows[2] == ["2", "'=1+1", "", "0", "", "Sí", "", ""]
    assert rows[3][1] == "'-2 y @usuario"


def test_xlsx_has_real_dates_numbers_and_formula_text_as_strings():
    response = export("xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="asm.xlsx"'
    sheet = load_workbook(io.BytesIO(body(response))).active
    assert [cell.value for cell in sheet[1]] == [label for label, _ in COLUMNS]
    assert all(cell.font.bold for cell in sheet[1])
    first = [cell for cell in sheet[2]]
    assert first[0].value == 1 and first[0].data_type == "n"
    assert first[2].value == datetime(2017, 12, 31) and first[2].is_date
    assert first[3].value == 40.5
    assert first[4].value == 12.5 and first[4].data_type == "n"
    assert first[5].value is False
    assert first[6].value == "Planeación; Calidad"
    assert first[7].value == datetime(2017, 3, 1, 12, 30) and first[7].is_date  # local time (Mexico City)
    formula = sheet.cell(row=3, column=2)
    assert formula.value == "=1+1" and formula.data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H4"


def test_spreadsheets_cut_text_at_excel_s_limit_but_json_keeps_it():
    long_text = "x" * (EXCEL_MAX_CHARS + 10)
    columns = [("Texto", lambda row: row)]
    sheet = load_workbook(io.BytesIO(body(export("xlsx", [long_text], columns)))).active
    assert len(sheet.cell(row=2, column=1).value) == EXCEL_MAX_CHARS
    assert sheet.cell(row=2, column=1).value.endswith(CUT_MARK)
    assert body(export("csv", [long_text], columns)).decode("utf-8-sig").split("\r\n")[1].endswith(CUT_MARK)
    assert json.loads(body(export("json", [long_text], columns))) == [{"Texto": long_text}]


def test_json_is_a_list_of_objects_keyed_by_the_labels():
    response = export("json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="asm.json"'
    content = body(response)
    assert "Evaluación".encode() in content  # not \\u00f3
    records = json.loads(content)
    assert records[0] == {
        "No.": 1,
        "Aspecto": "Evaluación de diseño",
        "Fecha de término": "2017-12-31",
        "Avance (%)": 40.5,
        "Ponderación": 12.5,
        "Concluida": False,
        "Áreas": ["Planeación", "Calidad"],
        "Autorizado el": "2017-03-01T18:30:00+00:00",
    }
    assert records[1]["Aspecto"] == "=1+1"  # JSON is no spreadsheet: text stays as written
    assert records[1]["Fecha de término"] is None
    assert records[2]["Ponderación"] == 3 and isinstance(records[2]["Ponderación"], int)


def test_an_empty_list_still_has_its_header():
    assert (
        body(export("csv", [])).decode("utf-8-sig")
        == "No.,Aspecto,Fecha de término,Avance (%),Ponderación,Concluida,Áreas,Autorizado el\r\n"
    )
    assert json.loads(body(export("json", []))) == []
    sheet = load_workbook(io.BytesIO(body(export("xlsx", [])))).active
    assert sheet.max_row == 1


def test_an_accented_filename_is_sent_encoded():
    response = download(filename="evaluación.csv", columns=COLUMNS, rows=[], fmt="csv")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''evaluaci%C3%B3n.csv"


@pytest.mark.parametrize("fmt", ["pdf", "CSV", "", "xls"])
def test_an_unknown_format_is_a_404(fmt):
    with pytest.raises(Http404):
        export(fmt)
