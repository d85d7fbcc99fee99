"""The PDF read back: header block, signatures and «Página X de Y» on every page, the table
header repeated, no text lost, landscape Letter, BORRADOR; and a PDF made in parts, numbered
across them. Three renders for the whole module."""

import io
import re
from unittest import mock

import pytest
from django.test.utils import override_settings
from pypdf import PdfReader

from aspects.models import Activity, Aspect, Plan
from reports.tables import SPECIFIC
from reports.writers import pdf
from reports.writers.html import render_print
from reports.writers.pdf import parts, write_pdf

from .conftest import annex_of

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
        for expected in [
            "Programa de Aspectos Susceptibles de Mejora 2017",
            "Documento de trabajo (ASM específicos)",
            "Dependencia o entidad responsable",
            "Servicios de Salud del Estado de Querétaro",
            "Programa o fondo evaluado",
            "FONDO DE OPORTACIONES PARA LOS SERVICIOS DE SALUD",
            "JOSE SAMUEL GARCIA SANCHEZ, DIRECTOR DE PLANEACION",
            "Ciclo",
            "Programa de ASM 2017",
            "Fecha de elaboración 28/04/2017",
            "Gerardo Palma Angeles",
            "Jefe del Departamento de Evaluación",
            "Elaboró",
            "José Samuel García Sánchez",
            "Director de Planeación",
            "Autorizó",
        ]:
            assert expected in text, expected
        assert "BORRADOR" not in text


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
            "Documento de trabajo (ASM específicos)",
            "Servicios de Salud del Estado de Querétaro",
            "Elaboró",
            "Autorizó",
            "José Samuel García Sánchez",
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
