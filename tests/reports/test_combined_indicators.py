"""A plan measured by indicators in its combined document: after the plan's tables, each of its
three indicator tables on a page of its own, «Cumplimiento» cut at the latest measured period
(for the public, the latest authorised one, so that a draft round never shows). One PDF render."""

from __future__ import annotations

import io

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from aspects.models import Plan
from reports.combined import CombinedDocument, plan_tables
from reports.indicator_tables import INDICATOR_TABLES
from reports.writers.combined import write_combined_pdf
from reports.writers.combined_docx import write_combined_docx
from tests.indicator_plans import DRAFT_MARK

from .test_combined import contents, flat

pytestmark = pytest.mark.django_db

INDICATOR_TITLES = ["Cumplimiento de objetivos específicos", "Modificaciones a productos", "Logros y brechas"]


@pytest.fixture
def measured(db, shared_indicator_plan):
    return shared_indicator_plan.get()


def fresh(plan: Plan) -> Plan:
    return Plan.objects.select_related("program__agency", "cycle", "evaluation", "region").get(pk=plan.pk)


def test_the_indicator_tables_follow_the_plans_tables_in_the_contents(measured):
    document = CombinedDocument.build(fresh(measured.plan))
    assert [annex.table for annex in document.annexes] == [*plan_tables(), *INDICATOR_TABLES.values()]
    titles = [section.title for section in document.sections()]
    assert titles[-4:] == [*INDICATOR_TITLES, "Firmas"]
    compliance = document.annexes[len(plan_tables())]
    assert compliance.period == measured.march  # the latest period with a round, as its staff see it


def test_the_public_document_cuts_cumplimiento_at_the_authorised_round_and_shows_no_draft(measured):
    document = CombinedDocument.build(fresh(measured.plan), public=True)
    compliance = document.annexes[len(plan_tables())]
    assert compliance.table.slug == "cumplimiento" and compliance.period == measured.september
    out = io.BytesIO()
    write_combined_pdf(document, out)
    pages = [flat(page.extract_text()) for page in PdfReader(io.BytesIO(out.getvalue())).pages]
    assert not any(DRAFT_MARK in page for page in pages)
    entries = contents(pages)
    starts = {title: entries[title] - 1 for title in INDICATOR_TITLES}
    for title, number in starts.items():
        assert title in pages[number] and title not in pages[number - 1], f"{title} does not start a page"
    assert "Porcentaje de ministerios que traspasan la información solicitada." in pages[starts[INDICATOR_TITLES[0]]]
    assert "Sistema de información de gestión" in pages[starts["Modificaciones a productos"]]
    assert "3 regiones sin conexión." in pages[starts["Logros y brechas"]]


def test_the_word_document_has_a_heading_and_a_table_per_indicator_table(measured):
    document = CombinedDocument.build(fresh(measured.plan), public=True)
    out = io.BytesIO()
    write_combined_docx(document, out)
    docx = Docx(io.BytesIO(out.getvalue()))
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    assert headings[-4:] == [*INDICATOR_TITLES, "Firmas"]
    for title in INDICATOR_TITLES:
        heading = next(p for p in docx.paragraphs if p.style.name == "Heading 1" and p.text == title)
        assert heading._p.getprevious().xpath(".//w:br[@w:type='page']"), title
    texts = {cell.text for table in docx.tables for row in table.rows for cell in row.cells}
    assert "Incorporar el registro mensual de avances." in texts
    assert "Operando en 5 de 8 regiones." in texts
    assert not any(DRAFT_MARK in text for text in texts)


def test_a_plan_without_indicators_prints_no_indicator_table(world):
    document = CombinedDocument.build(fresh(world.plan_a))
    assert [annex.table for annex in document.annexes] == plan_tables()
