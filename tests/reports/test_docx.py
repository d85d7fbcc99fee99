"""The Word annex reopened with python-docx: landscape Letter, the header block, the header row
repeated on every page, ASM cells merged down, line breaks kept, the signature block and
BORRADOR; and, marked slow, converted to PDF by LibreOffice headless."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm
from pypdf import PdfReader

from aspects.models import Plan
from reports.tables import EVIDENCE, PROGRESS_ANNEX, SPECIFIC
from reports.writers import writer_for
from reports.writers.docx import SIGNATURE_LINE, write_docx
from tests import factories as make

from .conftest import annex_of


def fresh(plan) -> Plan:
    return Plan.objects.select_related("program__agency", "cycle").get(pk=plan.pk)


def word(annex) -> docx.document.Document:
    out = io.BytesIO()
    write_docx(annex, out)
    out.seek(0)
    return docx.Document(out)


def merges(table, column: int) -> list[str | None]:
    """The `w:vMerge` of each body row's cell in a column: «restart», «continue» or None."""
    return [row._tr.tc_lst[column].vMerge for row in table.rows[1:]]


def signatures(document) -> list[list[str]]:
    return [cell.text.split("\n") for cell in document.tables[1].rows[0].cells]


def test_a_word_annex_is_landscape_letter_with_its_title_header_block_and_page_numbers(world):
    annex = SPECIFIC.build(fresh(world.live_plan_a))
    document = word(annex)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Cm(27.94)) < Cm(0.01) and abs(section.page_height - Cm(21.59)) < Cm(0.01)
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "Documento de trabajo (ASM específicos)"
    assert f"Dependencia o entidad responsable: {world.agency_a.name}" in texts
    assert "Fecha de elaboración: " + annex.header_value("prepared_on") in texts
    assert not any("BORRADOR" in text for text in texts + [section.header.paragraphs[0].text])
    fields = [element.get(qn("w:instr")) for element in section.footer._element.iter(qn("w:fldSimple"))]
    assert section.footer.paragraphs[0].text.startswith("Página ") and fields == ["PAGE", "NUMPAGES"]


def test_the_header_row_repeats_on_every_page_and_the_asm_cells_merge_down(world):
    make.activity(world.live_aspect_a, units=[world.unit_a], number=2, description="Publicar el documento.")
    annex = SPECIFIC.build(fresh(world.live_plan_a))
    table = word(annex).tables[0]
    heading = table.rows[0]
    assert heading._tr.trPr.find(qn("w:tblHeader")) is not None
    assert not any(
        row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows[1:]
    )
    assert [cell.text for cell in heading.cells] == [column.label for column in annex.columns]
    labels = [column.label for column in annex.columns]
    aspect, activity = labels.index("Aspecto Susceptible de Mejora"), labels.index("Actividades")
    assert merges(table, aspect) == ["restart", "continue"]  # the ASM, down across its two activities
    assert merges(table, activity) == [None, None]
    assert table.cell(2, aspect).text == table.cell(1, aspect).text == world.live_aspect_a.text
    assert [table.cell(row, activity).text for row in (1, 2)] == [
        f"1. {world.live_activity_a.description}",
        "2. Publicar el documento.",
    ]
    # Widths in the columns' proportions, as the PDF sets them.
    widths = [column.width for column in table.columns]
    assert widths[aspect] / widths[0] == pytest.approx(annex.columns[aspect].width / annex.columns[0].width, rel=0.01)
    assert sum(widths) <= Cm(27.94 - 2 * 1.2)


def test_an_authorised_annex_prints_the_names_it_carries_under_the_lines_to_sign(world):
    annex = SPECIFIC.build(fresh(world.live_plan_a))
    prepared, authorised = annex.signatures
    assert prepared.name and authorised.name
    assert signatures(word(annex)) == [
        [SIGNATURE_LINE, prepared.name, prepared.position, "Elaboró"],
        [SIGNATURE_LINE, authorised.name, authorised.position, "Autorizó"],
    ]


def test_a_draft_says_borrador_and_leaves_the_authoriser_an_empty_line_to_sign(world):
    document = word(SPECIFIC.build(fresh(world.plan_a)))
    assert "BORRADOR: no autorizado" in [paragraph.text for paragraph in document.paragraphs]
    assert document.sections[0].header.paragraphs[0].text == "BORRADOR"
    assert signatures(document)[1] == [SIGNATURE_LINE, "", "", "Autorizó"]


def test_a_seed_without_signatures_prints_only_lines_to_sign(seeds):
    document = word(annex_of("PAJF-DGO", "especifico"))
    assert signatures(document) == [[SIGNATURE_LINE, "", "", "Elaboró"], [SIGNATURE_LINE, "", "", "Autorizó"]]


def test_asm_level_evidence_and_observations_print_once_in_a_merged_cell_with_its_line_breaks(seeds):
    annex = annex_of("S054", "avance", cycle="Mecanismo 2010", period="Marzo 2012")
    table = word(annex).tables[0]
    labels = [cell.text for cell in table.rows[0].cells]
    # ASM 2 has two activity rows, ASM 3 three: its evidence and observations print once, merged down.
    for label in (EVIDENCE.label, "Observaciones"):
        assert merges(table, labels.index(label))[:5] == ["restart", "continue", "restart", "continue", "continue"]
    evidence = table.rows[3]._tr.tc_lst[labels.index(EVIDENCE.label)]
    assert evidence.xpath(".//w:br")  # Word line breaks, not one run-on line
    assert docx.table._Cell(evidence, table).text.endswith(
        "http://sipso.sedesol.gob.mx*\n- Propuesta de Mejora y Ajustes SIOP 2011\n- Flujograma SIOP 2011"
    )


def test_text_word_cannot_hold_is_dropped_and_an_empty_table_prints_its_message(world):
    # Control characters XML cannot hold (NUL never reaches the database: PostgreSQL refuses it
    # and ops' middleware answers 400 to it), as text pasted from old documents brings them.
    world.live_aspect_a.text = "Mejorar\x07 el\x1b padrón\r\nde beneficiarios."
    world.live_aspect_a.save()
    table = word(SPECIFIC.build(fresh(world.live_plan_a))).tables[0]
    assert table.cell(1, 1).text == "Mejorar el padrón\nde beneficiarios."
    empty = word(PROGRESS_ANNEX.build(fresh(make.plan(world.program_a)))).tables[0]
    [row] = empty.rows[1:]
    assert (
        len(row._tr.tc_lst) == 1
        and row.cells[0].text == "No se definió un documento de trabajo de aspectos específicos."
    )


def test_the_word_writer_names_its_file_and_content_type(world):
    annex = SPECIFIC.build(fresh(world.live_plan_a))
    writer = writer_for("docx")
    assert writer.filename(annex) == "especifico-A001-2017.docx"
    assert writer.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


SOFFICE = shutil.which("soffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) no está instalado: scripts/setup --tests lo instala")
def test_libreoffice_converts_a_word_annex_of_several_pages_repeating_its_header_row(seeds, tmp_path):
    source = tmp_path / "especifico.docx"
    with source.open("wb") as out:
        write_docx(annex_of("FASSA-QRO", "especifico"), out)
    # A profile of its own, so that a LibreOffice the user has open does not take the conversion.
    completed = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/perfil",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    pages = PdfReader(tmp_path / "especifico.pdf").pages
    assert len(pages) > 1
    texts = [page.extract_text() for page in pages]
    assert all(page.mediabox.width > page.mediabox.height for page in pages)  # landscape
    assert "Página 1 de " in texts[0] and "Elaboró" in texts[-1] and "GERARDO PALMA ANGELES" in texts[-1]
    # Every page the table runs onto starts with its header row. (LibreOffice 7.4 does not keep the
    # last row with the signatures, as Word does, so these may stand alone on the last page.)
    with_rows = [text for text in texts if not text.startswith(SIGNATURE_LINE)]
    assert len(with_rows) > 1
    for text in with_rows:
        assert "Aspecto Susceptible de Mejora" in text and "Productos y/o evidencias" in text
