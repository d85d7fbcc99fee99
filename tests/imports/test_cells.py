"""Cells as agencies write them: dates, end-date cells, progress cells, numbered activities, units, SI/NO."""

from datetime import date, datetime

import pytest

from imports.cells import (
    CellError,
    Item,
    by_number,
    parse_attention,
    parse_date,
    parse_end_dates,
    parse_number,
    parse_progress,
    split_numbered,
    split_units,
    without_own_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30-mar-20", date(2020, 3, 30)),
        ("31/12/2008", date(2008, 12, 31)),
        ("08-05-2017", date(2017, 5, 8)),  # day first
        ("1° de julio de 2010", date(2010, 7, 1)),
        ("30 de agosto 2011", date(2011, 8, 30)),
        ("31 de diciembre de 2011", date(2011, 12, 31)),
        (datetime(2020, 3, 30), date(2020, 3, 30)),
        (date(2017, 1, 17), date(2017, 1, 17)),
    ],
)
def test_dates_in_the_forms_spanish_documents_use_are_read_day_first(text, expected):
    parsed = parse_date(text)
    assert (parsed.value, parsed.precision, parsed.as_json()) == (expected, "day", expected.isoformat())


@pytest.mark.parametrize(
    ("text", "last_day"), [("Diciembre 2009", date(2009, 12, 31)), ("Diciembre de 2008", date(2008, 12, 31))]
)
def test_a_month_only_keeps_its_text_with_a_month_precision(text, last_day):
    parsed = parse_date(text)
    assert parsed.as_json() == {"text": text, "precision": "month", "date": last_day.isoformat()}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2020", '"31/02/2020" no es una fecha válida'),
        ("mañana", '"mañana" no es una fecha'),  # no relative dates
        ("pronto", '"pronto" no es una fecha'),
        ("2009", '"2009" no es una fecha'),
    ],
)
def test_impossible_dates_and_text_that_is_not_a_date_are_refused(text, reason):
    with pytest.raises(CellError, match=reason):
        parse_date(text)


def test_committed_and_actual_dates_in_one_cell():
    end = parse_end_dates(
        "Fecha comprometida en el Documento de Trabajo. 31/12/2008 Y Fecha real de término de la actividad. 23/12/2008"
    )
    assert (end.committed.value, end.actual.value, end.note) == (date(2008, 12, 31), date(2008, 12, 23), "")


def test_a_label_in_front_of_the_date_is_kept_as_its_note():
    end = parse_end_dates("Fecha preliminar propuesta 31/12/2010")
    assert (end.committed.value, end.note, end.actual) == (date(2010, 12, 31), "Fecha preliminar propuesta", None)


def test_the_end_date_cell_the_annexes_print_for_a_replanned_activity_reads_back():
    end = parse_end_dates(
        "Fecha comprometida diciembre de 2010 (replanteada; originalmente 30/06/2010) "
        "y fecha real de término enero de 2011"
    )
    assert end.committed.as_json() == {"text": "diciembre de 2010", "precision": "month", "date": "2010-12-31"}
    assert (end.original.value, end.actual.value) == (date(2010, 6, 30), date(2011, 1, 31))


def test_an_activity_with_only_its_actual_end_date_has_no_committed_one():
    # S054's third activity of ASM 3: the document of work committed no date, the progress annex gave one.
    end = parse_end_dates("Fecha real de término agosto de 2009")
    assert (end.committed, end.note) == (None, "")
    assert end.actual.as_json() == {"text": "agosto de 2009", "precision": "month", "date": "2009-08-31"}


@pytest.mark.parametrize(
    ("text", "number", "expected"),
    [
        ("1 Presentar evidencia", 1, "Presentar evidencia"),
        ("1.-Apartir de la evaluación", 1, "Apartir de la evaluación"),
        ("1. Dar continuidad", 1, "Dar continuidad"),
        ("3 Se recabarán las propuestas", 3, "Se recabarán las propuestas"),
        ("2 Recabar documento", 1, "2 Recabar documento"),  # not its own number: part of the text
        ("1 de julio se firma", 1, "1 de julio se firma"),
        ("Realizar un diagnóstico", 1, "Realizar un diagnóstico"),
    ],
)
def test_an_activity_loses_its_own_number_from_the_front_of_its_text(text, number, expected):
    assert without_own_number(text, number) == expected


@pytest.mark.parametrize(
    ("text", "percent", "justification", "replanning"),
    [
        (
            "Porcentaje de avance: 75% Justificación: La coordinación de agendas es interinstitucional. "
            "Replanteamiento: Sí",
            75,
            "La coordinación de agendas es interinstitucional.",
            True,
        ),
        ("Avance %:100", 100, "", None),
        ("Avance: 100%", 100, "", None),
        (
            "100%. Nota: Si bien se cuenta con la MIR 2009, las matrices se mejoran.",
            100,
            "Si bien se cuenta con la MIR 2009, las matrices se mejoran.",
            None,
        ),
        (
            "Porcentaje de avance: 100%\nLa capacitación se programó según el calendario.\nReplanteamiento: No",
            100,
            "La capacitación se programó según el calendario.",
            False,
        ),
        ("n.d.", None, "n.d.", None),
        ("Porcentaje de avance: 40%\n(Reportado al corte de Marzo 2012.)\nReplanteamiento: No", 40, "", False),
        ("Porcentaje de avance: 0%\nSin reporte al corte.\nReplanteamiento: No", None, "", None),
        (55, 55, "", None),
    ],
)
def test_progress_cells_carry_the_percent_the_justification_and_the_replanning(
    text, percent, justification, replanning
):
    progress = parse_progress(text)
    assert (progress.percent, progress.justification, progress.replanning) == (percent, justification, replanning)


def test_a_conclusion_date_in_the_progress_cell_is_read():
    assert parse_progress("Porcentaje de avance:100% Fecha de conclusión: Enero de 2009").concluded.value == date(
        2009, 1, 31
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [("ciento diez %", '"ciento diez %" no es un porcentaje'), ("110%", "el porcentaje 110 está fuera de 0–100")],
)
def test_a_percent_that_is_not_a_number_or_is_out_of_range_is_refused(text, reason):
    with pytest.raises(CellError, match=reason):
        parse_progress(text)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "1. Dar continuidad a la carta compromiso. 2. Iniciar un proyecto piloto",
            [(1, "Dar continuidad a la carta compromiso."), (2, "Iniciar un proyecto piloto")],
        ),
        (
            "1.-Apartir de la evaluación externa 2007\n2.-Incorporar al SIOP\n3.-Incorporar la etapa de supervisión",
            [
                (1, "Apartir de la evaluación externa 2007"),
                (2, "Incorporar al SIOP"),
                (3, "Incorporar la etapa de supervisión"),
            ],
        ),
        (
            "1 Cartas compromiso 2 Resultados de la satisfacción",
            [(1, "Cartas compromiso"), (2, "Resultados de la satisfacción")],
        ),
        (
            "1. La Matriz del Programa 3x1 y las reglas para el 2009",
            [(1, "La Matriz del Programa 3x1 y las reglas para el 2009")],
        ),
        ("1. Primera línea\nsigue la primera\n2. Segunda", [(1, "Primera línea\nsigue la primera"), (2, "Segunda")]),
        ("Elaborar Protocolo", [(None, "Elaborar Protocolo")]),
        ("1 de julio de 2010", [(None, "1 de julio de 2010")]),
        ("1/12/2010", [(None, "1/12/2010")]),
        ("", []),
    ],
)
def test_several_activities_in_one_cell_are_split_by_their_numbering(text, items):
    assert [(item.number, item.text) for item in split_numbered(text)] == items


def test_dates_and_products_follow_the_activities_numbering_when_they_have_it():
    assert by_number(split_numbered("1. Diciembre 2009 2. Diciembre 2009"), 2) == ["Diciembre 2009"] * 2
    assert by_number(split_numbered("31/12/2009"), 2) is None
    assert by_number([Item(1, "a"), Item(3, "b")], 2) is None


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("DIRECCIÓN DE FINANZAS\nDIRECCIÓN DE PLANEACIÓN", ["DIRECCIÓN DE FINANZAS", "DIRECCIÓN DE PLANEACIÓN"]),
        ("Unidad de Microrregiones y DGS", ["Unidad de Microrregiones", "DGS"]),
        ("DGOP/ UPRI", ["DGOP", "UPRI"]),
        ("Planeación; Calidad", ["Planeación", "Calidad"]),
        (
            "Unidad de Planeación y Relaciones Internacionales y Dirección General de Evaluación y Monitoreo",
            ["Unidad de Planeación y Relaciones Internacionales", "Dirección General de Evaluación y Monitoreo"],
        ),
        (
            "Ofna. del C. Dir. Gral. de Rec. Humanos, Planeación y Finanzas",
            ["Ofna. del C. Dir. Gral. de Rec. Humanos, Planeación y Finanzas"],
        ),
    ],
)
def test_units_are_split_on_lines_y_and_slashes_but_not_on_commas(text, units):
    assert split_units(text) == (units, [])


def test_a_repeated_unit_is_listed_once_and_reported():
    assert split_units("DIRECCIÓN DE FINANZAS\nDIRECCIÓN DE PLANEACIÓN\nDirección de Finanzas") == (
        ["DIRECCIÓN DE FINANZAS", "DIRECCIÓN DE PLANEACIÓN"],
        ["Dirección de Finanzas"],
    )


def test_attention_is_si_or_no():
    assert (parse_attention("SI"), parse_attention("Sí"), parse_attention("NO")) == (True, True, False)
    with pytest.raises(CellError, match='"quizá" no es SI ni NO'):
        parse_attention("quizá")


def test_numbers_are_read_from_cells_and_text():
    assert (parse_number(3), parse_number(3.0), parse_number("3."), parse_number("No. 12")) == (3, 3, 3, 12)
    with pytest.raises(CellError):
        parse_number("tres")
