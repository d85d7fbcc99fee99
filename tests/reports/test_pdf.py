"""The PDF read back: header block, signatures and «Página X de Y» on every page, the table
header repeated, no text lost, landscape Letter, BORRADOR. Two renders for the whole module."""

import io
import re

import pytest
from pypdf import PdfReader

from aspects.models import Activity, Aspect, Plan
from reports.tables import SPECIFIC
from reports.writers.pdf import write_pdf

from .conftest import annex_of


def render(annex) -> PdfReader:
    out = io.BytesIO()
    write_pdf(annex, out)
    return PdfReader(io.BytesIO(out.getvalue()))


def flat(text: str) -> str:
    """Page text with the hyphenation and line breaks of the layout undone."""
    return " ".join(text.replace("\u2010\n", "").replace("-\n", "-").split())


@pytest.fixture(scope="module")
def fassa(demo, django_db_blocker):
    """FASSA-QRO's documento de trabajo específico: authorised, several pages."""
    with django_db_blocker.unblock():
        return render(annex_of("FASSA-QRO", "especifico"))


@pytest.fixture(scope="module")
def draft(demo, django_db_blocker):
    """The FASSA-QRO plan of 2026, still a borrador."""
    with django_db_blocker.unblock():
        plan = Plan.objects.select_related("program__agency", "cycle").get(program__key="FASSA-QRO", cycle__name="Programa de ASM 2026")
        return render(SPECIFIC.build(plan))


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
            "Programa de Aspectos Susceptibles de Mejora 2017", "Documento de trabajo (ASM específicos)",
            "Dependencia o entidad responsable", "Servicios de Salud del Estado de Querétaro",
            "Programa o fondo evaluado", "FONDO DE OPORTACIONES PARA LOS SERVICIOS DE SALUD",
            "JOSE SAMUEL GARCIA SANCHEZ, DIRECTOR DE PLANEACION", "Ciclo", "Programa de ASM 2017", "Fecha de elaboración 28/04/2017",
            "Gerardo Palma Angeles", "Jefe del Departamento de Evaluación", "Elaboró",
            "José Samuel García Sánchez", "Director de Planeación", "Autorizó",
        ]:
            assert expected in text, expected
        assert "BORRADOR" not in text


def test_table_header_repeats_and_no_activity_is_lost(fassa, db):
    texts = [flat(page.extract_text()) for page in fassa.pages]
    assert all(text.count("Aspecto Susceptible de Mejora") >= 1 and "Productos y/o evidencias" in text for text in texts)
    everything = flat(" ".join(texts))
    activities = Activity.objects.filter(aspect__plan__program__key="FASSA-QRO", aspect__plan__cycle__name="Programa de ASM 2017", aspect__kind=Aspect.Kind.SPECIFIC)
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
