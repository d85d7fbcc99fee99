"""Golden tests of the informe ejecutivo (reports/executive.py, reports/writers/executive.py): the
PDF's text read back (one render for the module), the XLSX reopened with its native chart reading
its own table, the SVG chart agreeing with the table and with the derived figures, a draft round
printed BORRADOR, and the public's report built from public data only."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from aspects.models import Plan
from indicators.figures import plan_figures
from reports.executive import build_executive_report, rating_rows
from reports.writers.executive import render_executive_html, write_executive_pdf, write_executive_xlsx
from tests.indicator_plans import DRAFT_MARK, SEPTEMBER_RATINGS, UNMEASURED

pytestmark = pytest.mark.django_db

MARK = DRAFT_MARK
SUMMARY = [
    ("Cumple", 1),
    ("Cumple parcialmente", 2),
    ("No cumple", 0),
    ("Pendiente", 1),
    ("Sin meta", 1),
    ("Sin medición al corte", 1),
]


@pytest.fixture
def measured(db, shared_indicator_plan):
    return shared_indicator_plan.get()


def report_of(measured, period=None, *, public=False):
    plan = Plan.objects.select_related("program__agency", "cycle", "region").get(pk=measured.plan.pk)
    return build_executive_report(plan, period or measured.september, public=public)


@pytest.fixture(scope="module")
def pdf_text(shared_indicator_plan, django_db_blocker):
    with django_db_blocker.unblock():
        out = io.BytesIO()
        write_executive_pdf(report_of(shared_indicator_plan.get()), out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def xlsx_of(report):
    out = io.BytesIO()
    write_executive_xlsx(report, out)
    return load_workbook(io.BytesIO(out.getvalue())).active


def test_the_summary_counts_what_the_derived_figures_count(measured):
    report = report_of(measured)
    figures = plan_figures(measured.plan, measured.september)
    assert [(label, count) for _, label, count in report.ratings] == SUMMARY
    assert dict((code, count) for code, _, count in figures.overall.rows()) == SEPTEMBER_RATINGS
    assert figures.overall.unmeasured == UNMEASURED
    assert report.total == 6 and report.met_share == "1 de 3 (33.3 %)"


def test_the_pdf_prints_summary_achievements_gaps_narrative_and_signatures(pdf_text):
    text = " ".join(pdf_text)
    for expected in (
        "Informe ejecutivo",
        "Programa de Mejoramiento de la Gestión 2017",
        "Resumen de calificaciones",
        *(f"{label} {count}" for label, count in SUMMARY),
        "Total de indicadores 6",
        "1 de 3 (33.3 %)",
        "Se publicó el tablero de indicadores.",
        "Se capacitó a 40 enlaces.",
        "Sistema en operación en todas las regiones.",
        "Falta de infraestructura de red.",
        "Contribución a los objetivos de la institución",
        "El sistema apoya la meta institucional de transparencia.",
        "Rotación del personal de las regiones.",
        "Asegurar la conectividad de las oficinas regionales.",
        "Todas las regiones",
        "Saúl Ríos",
        "Autorizó",
    ):
        assert expected in text, expected
    assert MARK not in text and "BORRADOR" not in text
    assert [re.findall(r"Página \d+ de \d+", page) for page in pdf_text] == [
        [f"Página {n} de {len(pdf_text)}"] for n in range(1, len(pdf_text) + 1)
    ]


def test_the_chart_is_an_svg_with_a_title_and_the_figures_of_its_table(measured):
    report = report_of(measured)
    html = render_executive_html(report)
    assert "<script" not in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<title" in svg and "<desc" in svg
    bars = re.findall(
        r'<text x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]+)</text><rect[^>]*></rect><text[^>]*>(\d+)<', svg
    )
    assert [(label, int(count)) for label, count in bars] == SUMMARY
    table = html[html.index('<table class="summary">') :]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="number">(\d+)</td></tr>', table)
    assert [(label, int(count)) for label, count in rows[: len(SUMMARY)]] == SUMMARY


def test_the_xlsx_holds_the_same_parts_and_a_native_chart_of_its_table(measured):
    ws = xlsx_of(report_of(measured))
    values = [[cell.value for cell in row] for row in ws.iter_rows()]
    flat = [value for row in values for value in row if value is not None]
    for expected in (
        "Informe ejecutivo",
        "Resumen de calificaciones",
        "1. Se publicó el tablero de indicadores.",
        "Falta de infraestructura de red.",
        "Rotación del personal de las regiones.",
        "Saúl Ríos",
    ):
        assert expected in flat, expected
    top = next(n for n, row in enumerate(values, 1) if row[0] == "Calificación")
    table = [(ws.cell(row, 1).value, ws.cell(row, 3).value) for row in range(top + 1, top + 1 + len(SUMMARY))]
    assert table == SUMMARY
    [chart] = ws._charts
    series = chart.series[0]
    assert series.val.numRef.f == f"'Informe ejecutivo'!$C${top + 1}:$C${top + len(SUMMARY)}"
    assert series.cat.numRef.f == f"'Informe ejecutivo'!$A${top + 1}:$A${top + len(SUMMARY)}"


def test_a_draft_round_prints_borrador_and_no_authoriser(measured):
    report = report_of(measured, measured.march)
    assert not report.is_authorised and report.signatures[1].name == ""
    ws = xlsx_of(report)
    flat = [cell.value for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert "BORRADOR: no autorizado" in flat and ws.oddHeader.right.text == "BORRADOR"
    # Staff see the draft measurements: two indicators rated «no cumple» at March.
    assert dict((label, count) for _, label, count in report.ratings)["No cumple"] == 2


def test_the_public_report_never_reads_a_draft_round(measured):
    report = report_of(measured, measured.march, public=True)
    assert report.round is None
    assert [(label, count) for _, label, count in report.ratings] == SUMMARY
    ws = xlsx_of(report)
    assert not any(MARK in str(cell.value) for row in ws.iter_rows() for cell in row)


def test_rating_rows_end_with_the_unmeasured(measured):
    rows = rating_rows(plan_figures(measured.plan, measured.september).overall)
    assert rows[-1] == ("sin_medicion", "Sin medición al corte", 1)


def test_the_file_is_named_after_the_program_year_and_period(measured):
    assert report_of(measured).filename("pdf") == f"informe-ejecutivo-{measured.program.key}-2017-septiembre.pdf"
