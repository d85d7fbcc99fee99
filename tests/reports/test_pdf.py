"""The PDF read back: header block, signatures and «Página X de Y» on every page, the table
header repeated, no text lost, landscape Letter, BORRADOR; and a PDF made in parts, numbered
across them. Three renders for the whole module."""

import io
import re
from unittest import mock

import pytest
from django.test.utils import override_settings
from pypdf import PdfReader

from aspects import progress
from aspects.models import Activity, Aspect, Plan
from reports.tables import SPECIFIC
from reports.writers import pdf
from reports.writers.html import render_print
from reports.writers.pdf import parts, write_pdf

from .conftest import annex_of, drawn_text

# A database test like its neighbours, so that pytest-django does not move it after them and
# build their shared rows twice.
pytestmark = pytest.mark.django_db


def render(annex) -> PdfReader:
    out = io.BytesIO()
    write_pdf(annex, out)
    return PdfReader(io.BytesIO(out.getvalue()))


def flat(text: str) -> str:
    """Page text with the hyphenation and line breaks of the layout undone."""
    return " ".join(text.replace("\u2010\n", "").replace("-\n", "-").split())


@pytest.fixture(scope="module")
def fassa(shared_demo, django_db_blocker):
    """FASSA-QRO's documento de trabajo específico: authorised, several pages."""
    with django_db_blocker.unblock():
        return render(annex_of("FASSA-QRO", "especifico"))


@pytest.fixture(scope="module")
def draft(shared_demo, django_db_blocker):
    """The FASSA-QRO plan of 2026, still a borrador."""
    with django_db_blocker.unblock():
        plan = Plan.objects.select_related("program__agency", "cycle").get(
            program__key="FASSA-QRO", cycle__name="Programa de ASM 2026"
        )
        return render(SPECIFIC.build(plan))


@pytest.fixture(scope="module")
def in_parts(shared_demo, django_db_blocker):
    """The same document rendered in parts of at most 20 rows: its 48 activities make 3 parts."""
    with django_db_blocker.unblock(), override_settings(ANNEX_PDF_PART_ROWS=20):
        with mock.patch.object(pdf, "render_print", wraps=render_print) as rendered:
            reader = render(annex_of("FASSA-QRO", "especifico"))
    return reader, rendered.call_count


def page_numbers(reader: PdfReader) -> list[list[str]]:
    return [re.findall(r"Página \d+ de \d+", page.extract_text()) for page in reader.pages]


def specific_activities():
    return Activity.objects.filter(
        aspect__plan__program__key="FASSA-QRO",
        aspect__plan__cycle__name="Programa de ASM 2017",
        aspect__kind=Aspect.Kind.SPECIFIC,
    )


def test_pages_are_landscape_letter_and_numbered_x_of_y(fassa):
    pages = fassa.pages
    assert len(pages) > 1
    for number, page in enumerate(pages, 1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (792, 612)
        assert f"Página {number} de {len(pages)}" in page.extract_text()


def test_header_and_signature_blocks_are_on_every_page(fassa):
    for page in fassa.pages:
        text = flat(page.extract_text())
        # The header block and signatures of the seed's profile: what the document prints, no more.
        for expected in [
            "Documento de trabajo específico",
            "Programa de Aspectos Susceptibles de Mejora 2017",
            "Dependencia o entidad responsable SERVICIOS DE SALUD DEL ESTADO DE QUERÉTARO",
            "Nombre y cargo del responsable de la elaboración y seguimiento al programa de ASM "
            "JOSE SAMUEL GARCIA SANCHEZ",
            "Fondo o recurso federal evaluado FONDO DE OPORTACIONES PARA LOS SERVICIOS DE SALUD",
            "GERARDO PALMA ANGELES Elaboró",
            "JOSE SAMUEL GARCIA SANCHEZ Autorizó",
        ]:
            assert expected in text, expected
        for absent in ["BORRADOR", "Fecha de elaboración", "Ciclo", "DIRECTOR DE PLANEACION", "(demo)"]:
            assert absent not in text, absent


def test_table_header_repeats_and_no_activity_is_lost(fassa, db):
    texts = [flat(page.extract_text()) for page in fassa.pages]
    assert all(
        text.count("Aspecto Susceptible de Mejora") >= 1 and "Productos y/o evidencias" in text for text in texts
    )
    everything = flat(" ".join(texts))
    activities = specific_activities()
    assert activities.count() == 48
    for activity in activities:
        assert flat(activity.description)[:25] in everything, activity.description


def test_draft_carries_borrador_on_every_page_and_no_authoriser(draft):
    for page in draft.pages:
        text = flat(page.extract_text())
        assert "BORRADOR" in text
        assert "Elaboró Autorizó" in text  # both signature lines blank: never submitted, never authorised
        assert "García Sánchez" not in text
        assert re.search(r"Página 1 de \d", text)


def test_a_pdf_in_parts_is_numbered_once_per_page_across_all_its_parts(in_parts):
    reader, renders = in_parts
    assert renders == 3  # one WeasyPrint document per part
    total = len(reader.pages)
    assert total >= 3
    assert page_numbers(reader) == [[f"Página {number} de {total}"] for number in range(1, total + 1)]


def test_every_page_of_a_pdf_in_parts_keeps_its_header_signatures_and_table_header(in_parts, db):
    reader, _ = in_parts
    texts = [flat(page.extract_text()) for page in reader.pages]
    for text in texts:
        for expected in [
            "Documento de trabajo específico",
            "SERVICIOS DE SALUD DEL ESTADO DE QUERÉTARO",
            "Elaboró",
            "Autorizó",
            "JOSE SAMUEL GARCIA SANCHEZ",
            "Aspecto Susceptible de Mejora",
            "Productos y/o evidencias",
        ]:
            assert expected in text, expected
    everything = flat(" ".join(texts))
    for activity in specific_activities():
        assert flat(activity.description)[:25] in everything, activity.description


def test_parts_keep_an_asm_whole_when_it_fits_and_lose_no_row(seeds):
    annex = seeds("FASSA-QRO", "especifico")
    rows = [cells for cells in annex.grid()]
    chunks = list(parts(annex, 20))
    assert [sum(len(group) for group in chunk) for chunk in chunks] and all(
        sum(len(group) for group in chunk) <= 20 for chunk in chunks
    )
    assert [cells for chunk in chunks for group in chunk for cells in group] == rows
    # A part starts with an ASM's first row unless that ASM alone is longer than a part.
    assert all(not any(cell.covered for cell in chunk[0][0]) for chunk in chunks)
    small = list(parts(annex, 2))
    assert all(sum(len(group) for group in chunk) <= 2 for chunk in small)
    assert [cells for chunk in small for group in chunk for cells in group] == rows


def test_an_annex_without_rows_is_one_part_with_its_message(seeds):
    annex = seeds("S061", "interinstitucional")
    assert list(parts(annex, 20)) == [[]]


@pytest.fixture(scope="module")
def anexo_c(shared_demo, django_db_blocker):
    """S054's Anexo C of 2010 and of 2011, in their profile (one render each)."""
    with django_db_blocker.unblock():
        return [
            render(annex_of("S054", "avance", cycle=cycle, period="Marzo 2012"))
            for cycle in ("Mecanismo 2010", "Mecanismo 2011")
        ]


def test_the_urls_of_the_s054_annex_are_read_back_unbroken(anexo_c):
    text = "\n".join(page.extract_text() for reader in anexo_c for page in reader.pages)
    # Whole on one line, with no hyphen added: a URL copied from the PDF works.
    assert "http://sipso.sedesol.gob.mx*" in text
    assert "http://sipsol.sedesol.gob.mx" in text
    assert "\u2010" not in "".join(re.findall(r"https?://\S+", text))


def test_line_breaks_inside_a_cell_are_kept(anexo_c):
    text = "\n".join(page.extract_text() for page in anexo_c[0].pages)
    # The list items of S054 2010's evidence cell each start a line (the column may wrap them too).
    assert "sedesol.gob.mx*\n- Propuesta de Mejora y Ajustes" in text
    assert "\n- Flujograma SIOP 2011" in text


def long_asm() -> tuple:
    """The world's draft plan with one ASM of 30 long activities, which crosses pages, and its rows."""
    from reports.writers.html import asm_groups
    from tests import factories as make
    from tests.personas import build_world

    world = build_world()
    long_text = "Revisar, documentar y publicar el avance de la actividad con sus evidencias. " * 6
    with progress.deferred():  # stored progress computed once, after the last row
        for number in range(2, 31):
            make.activity(world.aspect_a, units=[world.unit_a], number=number, description=f"{number}. {long_text}")
    annex = SPECIFIC.build(Plan.objects.select_related("program__agency", "cycle").get(pk=world.plan_a.pk))
    return annex, list(asm_groups(annex.grid()))


def first_row(page):
    """The first cell of the page's first table row."""
    return next(
        box
        for box in page._page_box.descendants()
        if getattr(box, "element_tag", None) == "td" and box.element.get("data-row") is not None
    )


def test_an_asm_continued_on_a_new_page_repeats_its_number(db):
    """A long ASM crosses pages: every page's first row says which ASM it belongs to."""
    annex, groups = long_asm()
    with mock.patch.object(pdf, "html_document", wraps=pdf.html_document) as documents:
        document = pdf.laid_out(annex, groups)
    assert documents.call_count == 1  # the marks laid out hidden are shown: no second layout
    assert len(document.pages) > 2
    cells = [
        [box for box in page._page_box.descendants() if getattr(box, "element_tag", None) == "td"]
        for page in document.pages
    ]
    for page_cells in cells[1:]:
        first = next(box for box in page_cells if box.element.get("data-row") is not None)
        assert drawn_text(first).strip() == "1 (continúa)"
    # No other row shows it, though every row under the ASM's number carries it hidden.
    shown = [box for page_cells in cells for box in page_cells if "continúa" in drawn_text(box)]
    assert len(shown) == len(document.pages) - 1


def small_pages(rows_after: int) -> str:
    """An ASM whose 7th row starts page 2 (six 50 px rows a page), with `rows_after` more rows
    under it, then the next ASM; its «No.» column is 12 px wide, so «N (continúa)» takes many lines."""
    rows = "".join(
        f'<tr><td class="covered" data-row="0:{index}"><div class="continued-mark">1 (continúa)</div></td>'
        f"<td>fila {index}</td></tr>"
        for index in range(1, 7 + rows_after)
    )
    return f"""<html><head><style>
    @page {{ size: 400px 300px; margin: 0 }} body {{ margin: 0 }}
    table {{ width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 10px }}
    td {{ height: 50px; padding: 2px; vertical-align: top; box-sizing: border-box; overflow-wrap: anywhere }}
    tr, tbody {{ break-inside: avoid }} tbody.splits {{ break-inside: auto }}
    .continued-mark {{ height: 0; visibility: hidden }}
    </style></head><body><table><colgroup><col style="width: 12px"><col></colgroup>
    <tbody class="splits"><tr><td data-row="0:0">1</td><td>fila 0</td></tr>{rows}</tbody>
    <tbody><tr><td data-row="1:0">2</td><td>otro ASM</td></tr></tbody></table></body></html>"""


@pytest.mark.parametrize(("rows_after", "shown"), [(5, True), (0, False)])
def test_a_mark_is_shown_where_the_asms_rows_on_the_page_hold_it(rows_after, shown):
    """The mark may run down the ASM's «No.» cells on the page (drawn as one cell); under a page's
    last row of the ASM, a one-line row, it does not fit, and the document is to be laid out again."""
    from reports.writers.weasy import html_document

    document = html_document(small_pages(rows_after)).render()
    first = first_row(document.pages[1])
    assert first.element.get("data-row") == "0:6"
    assert pdf.show_continued(document) is shown
    assert (re.sub(r"\s", "", drawn_text(first)) == "1(continúa)") is shown


def test_where_a_mark_does_not_fit_the_document_is_laid_out_again_with_the_mark_in_the_row(db):
    """The row that starts a page under its ASM then holds «N (continúa)» as its own text."""
    annex, groups = long_asm()
    does_not_fit = mock.Mock(side_effect=[False, True])  # as if the first layout's marks did not fit
    with (
        mock.patch.object(pdf, "show_continued", does_not_fit),
        mock.patch.object(pdf, "html_document", wraps=pdf.html_document) as documents,
    ):
        document = pdf.laid_out(annex, groups)
    assert documents.call_count == 2
    assert len(document.pages) > 2
    for page in document.pages[1:]:
        first = first_row(page)
        assert "".join(first.element.find("span[@class='continued']").itertext()) == "1 (continúa)"
        assert drawn_text(first).strip() == "1 (continúa)"


def test_a_tall_row_starts_where_the_rows_before_it_end_and_goes_on_with_its_number(db):
    """A row taller than most of a page is not moved whole to the next page (which would leave
    this one mostly empty): it starts under the rows before it and goes on at the top of the next
    page, cut at a line break, under «N (continúa)». One render."""
    from tests import factories as make
    from tests.personas import build_world

    world = build_world()
    with progress.deferred():  # stored progress computed once, after the last row
        for number in range(2, 10):
            aspect = make.aspect(world.plan_a, number=number, text=f"ASM corto número {number}.")
            make.activity(aspect, units=[world.unit_a], number=1, description=f"Actividad breve zq{number}.")
    tall = make.aspect(world.plan_a, number=10, text="ASM con una actividad muy larga.")
    lines = "\n".join(f"Renglón {line:02d} de la actividad larga." for line in range(1, 121))
    make.activity(tall, units=[world.unit_a], number=1, description=lines)
    annex = SPECIFIC.build(Plan.objects.select_related("program__agency", "cycle").get(pk=world.plan_a.pk))
    pages = [flat(page.extract_text()) for page in render(annex).pages]

    # The tall row starts on the page where the short rows end: no page is left mostly empty.
    last_short = next(index for index, text in enumerate(pages) if "zq9" in text)
    assert "Renglón 01 de la actividad larga" in pages[last_short]
    holding = [index for index, text in enumerate(pages) if "Renglón" in text]
    assert holding[0] == last_short and len(holding) >= 3
    # Every line is printed once, in order, and every later page of the row says whose it is.
    printed = [int(number) for text in pages for number in re.findall(r"Renglón (\d+) de", text)]
    assert printed == list(range(1, 121))
    for index in holding[1:]:
        assert "10 (continúa)" in pages[index], index
        # …and holds no more than the table: no row but the ASM's pieces before the next page.
        assert pages[index].count("(continúa)") == 1
