"""Word documents: each table judged on its own, merged cells read once, the paragraphs around as metadata."""

from __future__ import annotations

import io

import docx

from imports.parse import parse

from . import builders
from .helpers import activities, read


def test_each_word_table_is_judged_on_its_own():
    result = read(builders.three_for_one_docx)
    assert result["errors"] == [] and result["warnings"] == []
    assert [(table["sheet"], table["kind"], table["header_row"]) for table in result["tables"]] == [
        ("Tabla 1", "avance-institucional", 1),
        ("Tabla 2", "avance", 1),
    ]
    assert result["counts"] == {"recommendations": 0, "aspects": 5, "activities": 6, "reports": 6, "indicators": 0}


def test_vertically_merged_cells_give_one_asm_not_two():
    institutional = read(builders.three_for_one_docx)["tables"][0]
    third = institutional["aspects"][2]
    assert [aspect["number"] for aspect in institutional["aspects"]] == [1, 2, 3]
    assert (third["topic"], third["kind"]) == ("Planeación", "institucional")
    assert activities(third, "number", "units", "end_committed", "percent", "justification") == [
        (
            1,
            ["Unidad de Microrregiones"],
            "2008-09-30",
            100,
            "Si bien se cuenta con la MIR 2009, actualmente las matrices se encuentran en proceso de mejora.",
        ),
        (2, ["Unidad de Microrregiones", "DGS"], "2009-05-12", None, "n.d."),
    ]
    assert third["coordinating_unit"] == (
        "Unidad de Planeación y Relaciones Internacionales y Dirección General de Evaluación y Monitoreo"
    )


def test_word_dates_and_progress_cells_as_the_seed_writes_them():
    institutional = read(builders.three_for_one_docx)["tables"][0]
    first, second = institutional["aspects"][:2]
    assert activities(first, "end_committed", "percent", "product") == [("2010-07-01", 100, "Diagnóstico")]
    assert activities(second, "end_committed", "end_actual", "percent") == [("2008-12-31", "2008-12-23", 100)]


def test_an_asm_repeated_in_each_row_without_a_merge_is_not_created_twice():
    specific = read(builders.three_for_one_docx)["tables"][1]
    first, fourth = specific["aspects"]
    assert activities(first, "number", "end_committed", "end_note", "percent", "replanning") == [
        (1, "2010-12-31", "", 100, None),
        (2, "2010-12-31", "Fecha preliminar propuesta", 75, True),
    ]
    assert first["activities"][1]["justification"] == (
        "La coordinación de agendas para la firma del documento es una labor interinstitucional."
    )
    # An ASM with only a date and observations has no activity.
    assert (fourth["number"], fourth["activities"], fourth["end"]) == (4, [], "2009-12-31")
    assert fourth["observations"] == "No existen actividades asignadas"


def test_the_paragraphs_around_the_tables_give_the_metadata_and_signatures():
    metadata = read(builders.three_for_one_docx)["tables"][0]["metadata"]
    assert (metadata["agency"], metadata["program"]) == (
        "Secretaría de Desarrollo Social",
        "Programa 3x1 para Migrantes",
    )
    assert metadata["signatures"] == {
        "prepared_by": {"name": "LIC. ROSA MARTÍNEZ", "position": None},
        "authorised_by": {"name": "MTRO. CARLOS GÓMEZ", "position": None},
    }


def test_a_signature_table_of_its_own_is_not_an_unknown_header():
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for column, (name, role) in enumerate(
        [("GERARDO PALMA ANGELES", "Elaboró"), ("JOSE SAMUEL GARCIA SANCHEZ", "Autorizó")]
    ):
        table.cell(0, column).text = name
        table.cell(1, column).text = role
    plan = document.add_table(rows=2, cols=4)
    for column, text in enumerate(["No.", "Aspecto Susceptible de Mejora", "Actividades", "Fecha de término"]):
        plan.cell(0, column).text = text
    for column, text in enumerate(["1", "Documentar.", "Construir.", "31/12/2020"]):
        plan.cell(1, column).text = text
    out = io.BytesIO()
    document.save(out)
    result = parse(io.BytesIO(out.getvalue()), name="plan.docx")
    assert result["errors"] == []
    assert [table["sheet"] for table in result["tables"]] == ["Tabla 2"]
    assert result["tables"][0]["metadata"]["signatures"]["authorised_by"]["name"] == "JOSE SAMUEL GARCIA SANCHEZ"


def test_not_a_word_file():
    import pytest

    from imports.parse import UnreadableFile

    with pytest.raises(UnreadableFile, match="no es un documento de Word válido"):
        parse(io.BytesIO(b"hola"), name="plan.docx")
