"""The combined document of a plan (`reports.combined.CombinedDocument`) as a Word document.

Built on the annex's DOCX writer (`reports/writers/docx.py`): its page set-up (landscape Letter,
«Página X de Y», BORRADOR in every page's header for a draft), and for each table its heading
block, its table (header row repeated, ASM cells merged down) and its signatures, each table from
a new page. Before them: the cover, the table of contents, the posición institucional (when
captured) and the participants; after them the signatures again, closing the document.

The table of contents is a real Word TOC field over the sections' headings (Heading 1), whose
text until Word updates it is the list of those headings: it reads at once in Word and
LibreOffice, and «Actualizar campo» adds the page numbers.
"""

from __future__ import annotations

from typing import BinaryIO

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from reports.combined import PARTICIPANTS_TITLE, POSITION_TITLE, SIGNATURES_TITLE, CombinedDocument, Section

from .docx import (
    DRAFT_COLOUR,
    HEADING_FILL,
    add_text,
    line,
    set_up,
    shade,
    write_heading,
    write_signatures,
    write_table,
)

TOC_INSTRUCTION = ' TOC \\o "1-1" \\h \\z \\u '


def heading(word: WordDocument, text: str, *, level: int = 1) -> Paragraph:
    paragraph = word.add_paragraph(style=word.styles[f"Heading {level}"])
    add_text(paragraph, text)
    return paragraph


def new_page(word: WordDocument) -> None:
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def style_headings(word: WordDocument) -> None:
    """Headings in the document's font, black, as the annexes print their titles."""
    for level, size in ((1, 12), (2, 10)):
        style = word.styles[f"Heading {level}"]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(6)
        fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
        if fonts is not None:  # the template's theme fonts would win over the name
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attribute), None)


def field_char(kind: str):
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def write_contents(word: WordDocument, sections: list[Section]) -> None:
    """«Índice»: a TOC field whose present result lists the sections' headings."""
    heading(word, "Índice")
    paragraphs = []
    for _ in sections:
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(3)
        paragraphs.append(paragraph)
    first, last = paragraphs[0]._p, paragraphs[-1]._p
    instruction = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = TOC_INSTRUCTION
    instruction.append(text)
    for element in (field_char("begin"), instruction, field_char("separate")):
        first.append(element)
    for paragraph, section in zip(paragraphs, sections, strict=True):
        add_text(paragraph, section.title, size=Pt(10))
    last.append(field_char("end"))


def write_cover(word: WordDocument, document: CombinedDocument) -> None:
    for _ in range(6):
        word.add_paragraph()
    line(word, document.title, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12, bold=True, size=Pt(20))
    if not document.is_authorised:
        line(
            word,
            "BORRADOR",
            align=WD_ALIGN_PARAGRAPH.CENTER,
            space_after=12,
            bold=True,
            size=Pt(14),
            colour=DRAFT_COLOUR,
        )
    plan = document.plan
    line(word, plan.program.name.upper(), align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8, bold=True, size=Pt(14))
    line(word, plan.program.agency.name, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=18, bold=True, size=Pt(13))
    for label, value in document.cover:
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(paragraph, f"{label}: ", bold=True, size=Pt(11))
        add_text(paragraph, value, size=Pt(11))


def write_position(word: WordDocument, document: CombinedDocument) -> None:
    heading(word, POSITION_TITLE)
    if document.plan.evaluation is not None:
        line(word, f"Sobre la {document.plan.evaluation.title}.", space_after=6, italic=True, size=Pt(9))
    for text in document.position_text.split("\n\n"):
        paragraph = line(word, text.strip(), space_after=6, size=Pt(9))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def write_participants(word: WordDocument, document: CombinedDocument) -> None:
    heading(word, PARTICIPANTS_TITLE)
    participants = document.participant_table()
    table = word.add_table(rows=1, cols=len(participants.columns))
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, label in zip(table.rows[0].cells, participants.columns, strict=True):
        add_text(cell.paragraphs[0], label, bold=True, size=Pt(9))
        shade(cell, HEADING_FILL)
    for row in participants.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            add_text(cell.paragraphs[0], text, size=Pt(9))
    if not participants.rows:
        merged = table.add_row().cells
        cell = merged[0].merge(merged[-1])
        add_text(cell.paragraphs[0], "El programa de trabajo no registra responsables.", italic=True, size=Pt(9))
    if not participants.derived:
        return  # the document's own list, as it prints it
    word.add_paragraph()
    heading(word, "Áreas responsables", level=2)
    units = document.units()
    for name in units:
        add_text(word.add_paragraph(style=word.styles["List Bullet"]), name, size=Pt(9))
    if not units:
        line(word, "El programa de trabajo no registra áreas responsables.", italic=True, size=Pt(9))


def write_combined_docx(document: CombinedDocument, out: BinaryIO) -> None:
    word = Document()
    set_up(word, document.annexes[0])
    word.core_properties.title = document.title
    style_headings(word)
    write_cover(word, document)
    new_page(word)
    write_contents(word, document.sections())
    if document.position_text:
        new_page(word)
        write_position(word, document)
    new_page(word)
    write_participants(word, document)
    for annex in document.annexes:
        new_page(word)
        start = len(word.paragraphs)
        write_heading(word, annex)
        # The table's first title line is the section's heading, which the table of contents lists.
        title = word.paragraphs[start]
        title.style = word.styles["Heading 1"]
        write_table(word, annex)
        write_signatures(word, annex)
    new_page(word)
    heading(word, SIGNATURES_TITLE)
    write_signatures(word, document.annexes[0])
    word.save(out)
