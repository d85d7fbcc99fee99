"""The annex as a Word document (DOCX), which agencies edit in Word before they sign it.

Landscape Letter; the title lines, the plan's title and the header block as paragraphs («Label:
value», or the value alone where the profile prints no label), which Word users edit as text and
`import_annex` reads back as the document's key/value lines; the table with its header row
repeated on every page (`w:tblHeader`), the ASM cells merged down across their activity rows
(`w:vMerge`) as in the XLSX anexo layout, cell line breaks kept, column widths in the columns'
proportions as in the PDF; the footnotes; and the signature block side by side, the names only
where the plan carries them, else lines ready to sign. Not authorised: BORRADOR above the table
and in every page's header. «Página X de Y» in every page's footer (Word fields).
"""

from __future__ import annotations

import re
from typing import BinaryIO

from django.utils import timezone
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from reports.tables import DRAFT, Annex

FONT = "Arial"
FONT_SIZE = Pt(8)
PAGE_WIDTH, PAGE_HEIGHT = Cm(27.94), Cm(21.59)  # Letter, landscape
MARGIN = Cm(1.2)
DRAFT_COLOUR = RGBColor(0xC0, 0x00, 0x00)
HEADING_FILL = "D9D9D9"
SIGNATURE_LINE = "_" * 34
CELL_MARGIN_TWIPS = 45  # 2.25 pt
# Characters XML 1.0 cannot hold: python-docx refuses them, so they are dropped.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def word_text(text: str) -> str:
    """A cell's text as Word holds it: a line break stays one (`w:br`), control characters go."""
    return NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def add_text(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: Length | None = None,
    colour: RGBColor | None = None,
) -> None:
    run = paragraph.add_run(word_text(text))
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = size
    if colour is not None:
        run.font.color.rgb = colour


def line(
    document: WordDocument, text: str, *, align: WD_ALIGN_PARAGRAPH | None = None, space_after: int = 0, **style
) -> Paragraph:
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    add_text(paragraph, text, **style)
    return paragraph


def set_up(document: WordDocument, annex: Annex) -> None:
    """The page (landscape Letter), the text style (Arial 8 pt, Spanish for Word's proofing) and
    the document's properties."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = Cm(1.5)
    section.header_distance = section.footer_distance = Cm(0.6)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = FONT_SIZE
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "es-MX")
    rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    properties = document.core_properties
    properties.title = " ".join(annex.title_lines)
    properties.subject = f"{annex.plan.program.name} · {annex.plan.cycle.name}"
    properties.author = properties.last_modified_by = ""
    properties.created = properties.modified = timezone.now()
    properties.revision = 1

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_text(footer, "Página ", size=Pt(7))
    footer._p.append(field("PAGE"))
    add_text(footer, " de ", size=Pt(7))
    footer._p.append(field("NUMPAGES"))
    if annex.document_state == DRAFT:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_text(header, annex.document_state, bold=True, size=Pt(12), colour=DRAFT_COLOUR)


def field(code: str):
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay the pages out."""
    element = OxmlElement("w:fldSimple")
    element.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "14")
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    element.append(run)
    return element


def shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(
        shading, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )


def narrow_margins(table: Table) -> None:
    """Cell margins of about 2 pt, as the PDF's padding: Word's default 0.19 cm a side would leave
    a narrow column («No.») too little room for its header."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def repeat_as_header(table: Table) -> None:
    """The first row repeats at the top of every page the table runs onto."""
    flag = OxmlElement("w:tblHeader")
    table.rows[0]._tr.get_or_add_trPr().append(flag)


def keep_whole(table: Table) -> None:
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def keep_with_next(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def write_heading(document: WordDocument, annex: Annex) -> None:
    """The title lines, the plan's title, BORRADOR and the header block, as the PDF and XLSX print them."""
    for index, text in enumerate(annex.title_lines):
        line(document, text, bold=True, size=Pt(12 if index == 0 else 10))
    if annex.subtitle:
        line(document, annex.subtitle, size=Pt(9))
    if annex.document_state == DRAFT:
        line(document, f"{annex.document_state}: no autorizado", bold=True, size=Pt(12), colour=DRAFT_COLOUR)
    for label, value in annex.header:
        paragraph = document.add_paragraph()
        if label:
            add_text(paragraph, label if label.endswith(":") else f"{label}: ", bold=True)
            add_text(paragraph, value)
        else:  # a line the document prints without a label
            add_text(paragraph, value, bold=True, size=Pt(9))
    document.add_paragraph()


def write_table(document: WordDocument, annex: Annex) -> None:
    columns = annex.columns
    usable = PAGE_WIDTH - 2 * MARGIN
    total = sum(column.width for column in columns)
    widths = [Length(int(usable * column.width / total)) for column in columns]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: the widths below, whatever the text
    narrow_margins(table)
    for grid_column, width in zip(table.columns, widths, strict=True):
        grid_column.width = width  # the grid; each new row's cells take these widths
    repeat_as_header(table)
    for cell, column, width in zip(table.rows[0].cells, columns, widths, strict=True):
        cell.width = width
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(cell.paragraphs[0], column.label, bold=True)
        shade(cell, HEADING_FILL)

    empty = True
    for cells in annex.grid():
        empty = False
        tr = table.add_row()._tr
        for tc, cell in zip(tr.tc_lst, cells, strict=True):
            if cell.covered:  # under the ASM's merged cell: Word draws one cell and prints its text once
                tc.vMerge = "continue"
                continue
            if cell.rowspan > 1:
                tc.vMerge = "restart"
            add_text(_Cell(tc, table).paragraphs[0], cell.text)
    if empty:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1]) if len(columns) > 1 else row.cells[0]
        merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(merged.paragraphs[0], annex.empty_message, bold=True)

    # The table's last row, its footnotes and the signatures stay on one page: a signature block
    # never stands alone on the last page.
    for tc in table.rows[-1]._tr.tc_lst:
        for paragraph in _Cell(tc, table).paragraphs:
            keep_with_next(paragraph)
    for note in annex.table.footnotes:
        keep_with_next(line(document, note, italic=True, size=Pt(7)))


def write_signatures(document: WordDocument, annex: Annex) -> None:
    """Side by side: a line to sign over, the name (only where the plan carries one), the position
    and the role, in a table without borders kept on one page."""
    keep_with_next(document.add_paragraph())
    signatures = annex.signatures
    table = document.add_table(rows=1, cols=len(signatures))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, signature in zip(table.rows[0].cells, signatures, strict=True):
        first = cell.paragraphs[0]
        first.paragraph_format.space_before = Pt(28)  # room for the signature
        for paragraph, text, bold in (
            (first, SIGNATURE_LINE, False),
            (cell.add_paragraph(), signature.name, True),
            (cell.add_paragraph(), signature.position, False),
            (cell.add_paragraph(), signature.role, True),
        ):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            keep_with_next(paragraph)
            add_text(paragraph, text, bold=bold)
    keep_whole(table)


def write_docx(annex: Annex, out: BinaryIO) -> None:
    document = Document()
    set_up(document, annex)
    write_heading(document, annex)
    write_table(document, annex)
    write_signatures(document, annex)
    document.save(out)
