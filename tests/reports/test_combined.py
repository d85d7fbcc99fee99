"""A plan's combined document read back: FASSA-QRO's «Programa de ASM 2017» with its cover, its
table of contents (whose page numbers point where each section starts), the posición
institucional, the participants, each table from its own page and the signatures; and a draft,
which says BORRADOR everywhere and signs nothing. Two PDF renders for the whole module; the same
document in Word, reopened with python-docx."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as Docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from pypdf import PdfReader

from aspects.models import Plan
from reports.combined import CombinedDocument, plan_tables
from reports.writers.combined import write_combined_pdf
from tests.seeds import FASSA_PARTICIPANTS, FASSA_PARTICIPANTS_HEADERS

pytestmark = pytest.mark.django_db

POSITION = "La dependencia acepta las recomendaciones 1 a 33.\nLas demás se justifican en el anexo."


def render(document: CombinedDocument) -> list[str]:
    out = io.BytesIO()
    write_combined_pdf(document, out)
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(out.getvalue())).pages]


def flat(text: str) -> str:
    """Page text with the hyphenation and line breaks of the layout undone."""
    return " ".join(text.replace("\u2010\n", "").replace("-\n", "-").split())


def fassa_plan(cycle: str) -> Plan:
    return Plan.objects.select_related("program__agency", "cycle", "evaluation").get(
        program__key="FASSA-QRO", cycle__name=cycle
    )


@pytest.fixture(scope="module")
def fassa(shared_demo, django_db_blocker):
    """The authorised plan of 2017, its evaluation's posición institucional captured (in memory only)."""
    with django_db_blocker.unblock():
        plan = fassa_plan("Programa de ASM 2017")
        assert plan.evaluation is not None and plan.evaluation.position_text == ""
        plan.evaluation.position_text = POSITION
        document = CombinedDocument.build(plan)
        return document, render(document)


@pytest.fixture(scope="module")
def draft(shared_demo, django_db_blocker):
    """The plan of 2026, still a borrador, with no posición institucional."""
    with django_db_blocker.unblock():
        document = CombinedDocument.build(fassa_plan("Programa de ASM 2026"))
        return document, render(document)


def contents(pages: list[str]) -> dict[str, int]:
    """The table of contents: each entry's title and page number."""
    assert pages[1].startswith("Índice")
    return {
        title.strip(): int(number)
        for title, number in re.findall(r"([^.]+?) \.{3,}\s*(\d+)", pages[1].removeprefix("Índice"))
    }


def test_the_cover_names_the_program_cycle_agency_and_the_captured_date(fassa):
    _, pages = fassa
    cover = pages[0]
    for expected in [
        "Programa de Aspectos Susceptibles de Mejora 2017",
        "FONDO DE OPORTACIONES PARA LOS SERVICIOS DE SALUD",
        "SERVICIOS DE SALUD DEL ESTADO DE QUERÉTARO",
        "Ciclo Programa de ASM 2017",
        "Evaluación de origen Evaluación Específica de Desempeño 2016",
        "Fecha de elaboración 28/04/2017",
    ]:
        assert expected in cover, expected
    assert "BORRADOR" not in cover and "Página" not in cover


def test_the_table_of_contents_lists_every_section_with_the_page_it_starts_on(fassa):
    document, pages = fassa
    entries = contents(pages)
    titles = [section.title for section in document.sections()]
    assert list(entries) == titles
    assert titles[:2] == ["Posición institucional", "Participantes en la elaboración del programa de trabajo"]
    assert titles[-1] == "Firmas"
    assert len(titles) == 3 + len(plan_tables())
    numbers = list(entries.values())
    assert numbers == sorted(numbers) and numbers[0] == 3
    for title, number in entries.items():
        assert title in pages[number - 1], title


def test_each_table_starts_on_a_page_of_its_own_with_its_header_block(fassa):
    document, pages = fassa
    entries = contents(pages)
    for annex in document.annexes:
        title = " ".join(annex.title_lines)
        first = entries[title] - 1
        assert title not in pages[first - 1], f"{title} does not start a page"
        assert "Dependencia o entidad responsable SERVICIOS DE SALUD DEL ESTADO DE QUERÉTARO" in pages[first]
        assert annex.columns[1].label.split()[0] in pages[first]
    assert (
        "Solicitar al ente ejecutor del gasto que, cuando reciba el oficio"
        in pages[entries[document.sections()[2].title] - 1]
    )
    specific = pages[entries["Documento de trabajo específico"] - 1]
    assert "1 Presentar evidencia de recomendacion a la direccion de finanzas" in specific


def test_the_posicion_institucional_is_printed_as_captured(fassa):
    _, pages = fassa
    page = pages[contents(pages)["Posición institucional"] - 1]
    assert "Sobre la Evaluación Específica de Desempeño 2016." in page
    assert "La dependencia acepta las recomendaciones 1 a 33. Las demás se justifican en el anexo." in page


def test_the_participants_are_the_people_the_seed_lists_in_its_columns(fassa):
    _, pages = fassa
    page = pages[contents(pages)["Participantes en la elaboración del programa de trabajo"] - 1]
    rows = [" ".join(cell for cell in row if cell) for row in FASSA_PARTICIPANTS]
    assert f"{' '.join(FASSA_PARTICIPANTS_HEADERS)} {' '.join(rows)}" in page
    # The list the document prints, and nothing made up beside it.
    assert "Áreas responsables" not in page and "Participación" not in page


def test_a_plan_that_lists_no_participants_prints_the_people_and_units_it_names(draft):
    document, pages = draft
    assert not document.plan.participants.exists()
    page = pages[contents(pages)["Participantes en la elaboración del programa de trabajo"] - 1]
    plan = document.plan
    assert f"Nombre Cargo Participación {plan.responsible_name} {plan.responsible_position} " in page
    assert "Responsable de la elaboración y seguimiento" in page
    units = page.split("Áreas responsables", 1)[1]
    assert plan.aspects.get().responsible_unit.name in units


def test_the_signatures_close_the_document_and_every_page_after_the_cover_is_numbered(fassa):
    _, pages = fassa
    assert pages[-1].startswith("Firmas")
    assert "GERARDO PALMA ANGELES Elaboró JOSE SAMUEL GARCIA SANCHEZ Autorizó" in pages[-1]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Página {number} de {len(pages)}" in text
    for text in pages:
        assert "BORRADOR" not in text and "(demo)" not in text


def test_a_draft_says_borrador_on_every_page_and_signs_nothing(draft):
    document, pages = draft
    assert not document.is_authorised
    for text in pages:
        assert "BORRADOR" in text
    assert "Posición institucional" not in contents(pages)
    assert document.plan.prepared_on is None
    assert "Fecha de elaboración" not in pages[0]  # not captured: never invented
    assert pages[-1].startswith("Firmas")
    assert re.search(r"Firmas (BORRADOR )?Elaboró Autorizó", pages[-1]), pages[-1]


# The same document in Word, reopened with python-docx. -----------------------------------------


def word(document: CombinedDocument) -> DocxDocument:
    from reports.writers.combined_docx import write_combined_docx

    out = io.BytesIO()
    write_combined_docx(document, out)
    return Docx(io.BytesIO(out.getvalue()))


@pytest.fixture(scope="module")
def fassa_docx(shared_demo, django_db_blocker):
    with django_db_blocker.unblock():
        plan = fassa_plan("Programa de ASM 2017")
        assert plan.evaluation is not None
        plan.evaluation.position_text = POSITION
        document = CombinedDocument.build(plan)
        return document, word(document)


def test_the_word_document_has_the_cover_a_toc_field_and_a_heading_per_section(fassa_docx):
    document, docx = fassa_docx
    texts = [paragraph.text for paragraph in docx.paragraphs]
    cover = texts[: texts.index("Índice")]
    for expected in [
        "Programa de Aspectos Susceptibles de Mejora 2017",
        "Ciclo: Programa de ASM 2017",
        "Dependencia o entidad: SERVICIOS DE SALUD DEL ESTADO DE QUERÉTARO",
        "Fecha de elaboración: 28/04/2017",
    ]:
        assert expected in cover, expected
    instructions = [node.text for node in docx.element.body.iter(qn("w:instrText"))]
    assert any(text.strip().startswith("TOC") for text in instructions)
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    titles = [section.title for section in document.sections()]
    assert headings == ["Índice", *titles]
    # Until Word updates the field, it shows the list of those headings.
    start = texts.index("Índice") + 1
    assert texts[start : start + len(titles)] == titles


def test_the_word_document_holds_the_position_participants_tables_and_signatures(fassa_docx):
    document, docx = fassa_docx
    texts = [paragraph.text for paragraph in docx.paragraphs]
    assert "La dependencia acepta las recomendaciones 1 a 33.\nLas demás se justifican en el anexo." in texts
    participants = docx.tables[0]
    assert [cell.text for cell in participants.rows[1].cells] == list(FASSA_PARTICIPANTS[0])
    tables = [table for table in docx.tables if len(table.columns) > 3]
    assert len(tables) == len(document.annexes)
    for table, annex in zip(tables, document.annexes, strict=True):
        assert [cell.text for cell in table.rows[0].cells] == [column.label for column in annex.columns]
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on every page
    specific = tables[[annex.table.slug for annex in document.annexes].index("especifico")]
    assert specific._tbl.xpath(".//w:vMerge")  # the ASM cells merged down
    # Each table starts a page: a page break right before its heading.
    for annex in document.annexes:
        heading = next(p for p in docx.paragraphs if p.style.name == "Heading 1" and p.text == annex.title_lines[0])
        before = heading._p.getprevious()
        assert before.xpath(".//w:br[@w:type='page']"), annex.table.slug
    assert texts[-1] == "" or "Firmas" in texts
    closing = docx.tables[-1]
    assert [c.paragraphs[1].text for c in closing.rows[0].cells] == [
        "GERARDO PALMA ANGELES",
        "JOSE SAMUEL GARCIA SANCHEZ",
    ]


def test_a_draft_in_word_says_borrador_and_signs_nothing(shared_demo, django_db_blocker):
    with django_db_blocker.unblock():
        document = CombinedDocument.build(fassa_plan("Programa de ASM 2026"))
        docx = word(document)
    texts = [paragraph.text for paragraph in docx.paragraphs]
    assert "BORRADOR" in texts[: texts.index("Índice")]
    assert "BORRADOR" in docx.sections[0].header.paragraphs[0].text  # on every page
    assert not any(text.startswith("Fecha de elaboración") for text in texts[: texts.index("Índice")])
    assert [c.paragraphs[1].text for c in docx.tables[-1].rows[0].cells] == ["", ""]
    # No participants captured: the people it names, with what they did, and its units.
    plan = document.plan
    assert [cell.text for cell in docx.tables[0].rows[0].cells] == ["Nombre", "Cargo", "Participación"]
    assert docx.tables[0].rows[1].cells[0].text == plan.responsible_name
    assert "Áreas responsables" in texts


def test_a_captured_unit_adds_its_column_and_an_email_prints_as_captured(shared_demo, django_db_blocker):
    with django_db_blocker.unblock():
        plan = fassa_plan("Programa de ASM 2026")
        plan.participants.create(
            number=1, name="Lucía Herrera", position="Analista", unit="DGOP/ UPRI", email="lherrera@example.gob.mx"
        )
        try:
            table = CombinedDocument.build(plan).participant_table()
        finally:
            plan.participants.all().delete()
    assert table.columns == ["Nombre", "Cargo", "Área o unidad", "Correo electrónico"]
    assert table.rows == [["Lucía Herrera", "Analista", "DGOP/ UPRI", "lherrera@example.gob.mx"]]
    assert not table.derived
