"""Tables of indicators (issue 17 §4): one indicator a row, or several stacked in one cell with their
years; the usual header variants; ratings in any spelling; bad ratings and targets named by sheet,
row and column."""

from __future__ import annotations

import json

import pytest

from imports.cells import CellError, parse_rating, split_stacked

from . import builders
from .helpers import messages, read, run, written

MINISTRIES = builders.MINISTRIES
FIRST = "1.1 Contar con la información de los compromisos de cada ministerio."
SECOND = "1.2 Dar seguimiento a los compromisos de gestión."


def indicators(result: dict) -> list[tuple]:
    [table] = result["tables"]
    keys = ("objective", "text", "target", "year", "result_text", "rating")
    return [tuple(item[key] for key in keys) for item in table["indicators"]]


EXPECTED_XLSX = [
    (FIRST, MINISTRIES, 70, 2007, "75 % de los ministerios traspasaron la información.", "cumple"),
    (FIRST, MINISTRIES, 80, 2008, "78 % de los ministerios.", "cumple_parcialmente"),
    (FIRST, MINISTRIES, 90, 2009, "Este indicador sólo será posible de medir el año 2010.", "pendiente"),
    (SECOND, "Porcentaje de servicios con sistema de seguimiento", 60, 2008, "40 % de los servicios.", "no_cumple"),
    (SECOND, "Porcentaje de funcionarios capacitados", 50.5, 2008, "100 % de los funcionarios.", "cumple"),
]


def test_an_xlsx_table_of_indicators_one_a_row_under_a_merged_objective():
    result = read(builders.indicators_xlsx)
    assert result["errors"] == []
    [table] = result["tables"]
    assert (table["kind"], table["header_row"]) == ("indicadores", 5)
    assert table["counts"]["indicators"] == result["counts"]["indicators"] == 5
    assert indicators(result) == EXPECTED_XLSX
    assert [item["row"] for item in table["indicators"]] == [6, 7, 8, 9, 10]


def test_the_header_variants_read_the_same_table():
    result = read(lambda: builders.indicators_xlsx(header=builders.INDICATOR_HEADER_VARIANT))
    assert result["errors"] == []
    assert indicators(result) == EXPECTED_XLSX


def test_a_docx_table_with_indicators_stacked_in_one_cell_each_with_its_year():
    result = read(builders.indicators_docx)
    assert result["errors"] == []
    objective = "2.1 Contar con la información de los compromisos de cada ministerio."
    text = "% de los ministerios traspasan la información solicitada"
    assert indicators(result) == [
        (objective, f"70 {text}", 70, 2007, "72 %", "cumple"),
        (objective, f"80 {text}", 80, 2008, "65 %", "no_cumple"),
        (objective, f"90 {text}", 90, 2009, "Este indicador sólo será posible de medir el año 2010.", "pendiente"),
        ("2.2 Publicar los resultados.", "Porcentaje de informes publicados", 100, 2008,
         "Se publicaron todos los informes.", "cumple"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("written", "rating"),
    [
        ("Cumple", "cumple"),
        ("CUMPLE", "cumple"),
        ("cumplido", "cumple"),
        ("Cumplido.", "cumple"),
        ("Cumple parcialmente", "cumple_parcialmente"),
        ("CUMPLE  PARCIALMENTE", "cumple_parcialmente"),
        ("No cumple", "no_cumple"),
        ("no Cumple", "no_cumple"),
        ("Pendiente", "pendiente"),
        ("PENDIENTE", "pendiente"),
    ],
)
def test_ratings_are_read_in_any_case(written, rating):
    assert parse_rating(written) == rating


def test_a_rating_that_is_none_of_them_is_refused():
    with pytest.raises(CellError, match='"Aprobado" no es una calificación'):
        parse_rating("Aprobado")


def test_a_single_indicator_keeps_a_year_that_is_part_of_its_name():
    assert split_stacked("Cobertura del padrón 2010") == [("Cobertura del padrón 2010", None)]
    assert split_stacked("Cobertura del padrón — 2010") == [("Cobertura del padrón", 2010)]


def test_bad_ratings_targets_and_years_are_errors_with_sheet_row_and_column():
    result = read(builders.bad_indicators_xlsx)
    assert messages(result) == [
        'Hoja "Indicadores", fila 6, columna "Calificación": "Aprobado" no es una calificación: escriba Cumple, '
        "Cumple parcialmente, No cumple o Pendiente",
        'Hoja "Indicadores", fila 7, columna "Meta (%)": la meta "120" debe estar entre 0 y 100 %',
        'Hoja "Indicadores", fila 8, columna "Meta (%)": "ciento diez" no es una meta en porcentaje (un número de 0 '
        "a 100)",
        'Hoja "Indicadores", fila 8, columna "Año": "dos mil ocho" no es un año',
    ]
    assert [(error["sheet"], error["row"], error["column"]) for error in result["errors"]] == [
        ("Indicadores", 6, "Calificación"),
        ("Indicadores", 7, "Meta (%)"),
        ("Indicadores", 8, "Meta (%)"),
        ("Indicadores", 8, "Año"),
    ]


def test_the_dry_run_json_lists_the_indicators_of_each_table(tmp_path, world):
    path = written(tmp_path, builders.indicators_docx)
    result = json.loads(run(path, "--program", world.program_a.key, "--dry-run", "--format", "json"))
    [table] = result["tables"]
    assert set(table["indicators"][0]) >= {"objective", "text", "target", "year", "result_text", "rating"}
    assert [item["year"] for item in table["indicators"]] == [2007, 2008, 2009, 2008]
    assert result["counts"]["indicators"] == 4
