"""CSV as Excel writes it: UTF-8 with or without BOM or Windows-1252, separated by «,», «;» or tabs."""

from __future__ import annotations

import io

import pytest

from imports.parse import parse

from . import builders
from .helpers import messages, read

HEADER = ["No.", "Aspecto Susceptible de Mejora", "Actividades", "Área responsable", "Fecha de término"]
ROW = ["1", "Documentar la lógica causal", "Construir la lógica", "Dirección de Planeación, Evaluación", "30-mar-20"]


def test_a_cp1252_semicolon_csv_of_the_recommendation_selection():
    result = read(builders.fassa_csv)
    assert result["errors"] == []
    [table] = result["tables"]
    assert (table["sheet"], table["kind"], table["header_row"]) == ("fassa_recomendaciones.csv", "recomendaciones", 4)
    assert [
        (item["number"], item["attended"], item["scope"], item["justification"]) for item in table["recommendations"]
    ] == [
        (1, True, "O", ""),
        (2, True, "O", ""),
        (13, True, "PP", ""),
        (34, False, None, "SE JUSTIFICA CON LA RECOMENDACION 1"),
        (50, False, None, "SE JUSTIFICA CON LA RECOMENDACION 17"),
    ]
    # The text that goes on in the next row belongs to recommendation 2.
    assert table["recommendations"][1]["text"].endswith("revisar que cuenten con los recursos para su cumplimiento.")
    assert table["metadata"]["agency"] == "SERVICIOS DE SALUD DEL ESTADO DE QUERÉTARO"  # accents from cp1252
    assert (table["metadata"]["responsible_name"], table["metadata"]["responsible_position"]) == (
        "JOSE SAMUEL GARCIA SANCHEZ",
        "DIRECTOR DE PLANEACION",
    )
    assert table["metadata"]["signatures"]["prepared_by"]["name"] == "GERARDO PALMA ANGELES"


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("utf-8-sig", ","), ("utf-8", ";"), ("cp1252", "\t"), ("utf-8-sig", "\t"), ("cp1252", ",")],
)
def test_encoding_and_separator_are_detected(encoding, separator):
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator)
    writer.writerows([HEADER, ROW])
    result = parse(io.BytesIO(out.getvalue().encode(encoding)), name="plan.csv")
    assert result["errors"] == []
    [aspect] = result["tables"][0]["aspects"]
    assert aspect["text"] == "Documentar la lógica causal"
    # A unit's name may contain a comma.
    assert aspect["activities"][0]["units"] == ["Dirección de Planeación, Evaluación"]


def test_a_required_activity_date_left_empty_is_an_error():
    text = ";".join(HEADER) + "\n" + ";".join(ROW[:-1] + [""]) + "\n"
    result = parse(io.BytesIO(text.encode()), name="plan.csv")
    assert messages(result) == [
        'Archivo "plan.csv", fila 2, columna "Fecha de término": falta la fecha de término de la actividad'
    ]


def test_an_activity_with_only_its_actual_end_date_is_no_error():
    header = HEADER + ["Fecha real de término"]
    text = ";".join(header) + "\n" + ";".join(ROW[:-1] + ["", "2009-08-31"]) + "\n"
    result = parse(io.BytesIO(text.encode()), name="plan.csv")
    assert result["errors"] == []
    [activity] = result["tables"][0]["aspects"][0]["activities"]
    assert (activity["end_committed"], activity["end_actual"]) == (None, "2009-08-31")


def test_the_datos_layout_under_a_profile_reads_its_progress_column_as_the_percent_alone():
    # A profile names the percent column as the document does; the replanning has a column of its own.
    header = HEADER + [
        "Porcentaje de avance y justificación",
        "Justificación",
        "Replanteamiento",
        "Periodo del reporte",
    ]
    text = ";".join(header) + "\n" + ";".join(ROW + ["100", "", "No", "Septiembre 2010"]) + "\n"
    result = parse(io.BytesIO(text.encode()), name="avance.csv")
    assert result["errors"] == []
    [activity] = result["tables"][0]["aspects"][0]["activities"]
    assert (activity["percent"], activity["replanning"]) == (100, False)


def test_more_than_twenty_thousand_rows_is_refused():
    assert messages(read(builders.too_many_rows_csv)) == [
        'Archivo "demasiadas_filas.csv": la hoja tiene más de 20 000 filas'
    ]


def test_a_csv_with_only_a_header_contains_no_data():
    result = parse(io.BytesIO((",".join(HEADER) + "\n").encode()), name="plan.csv")
    assert messages(result) == ["El archivo no contiene datos"]
