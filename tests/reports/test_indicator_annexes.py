"""Golden tests of the annexes of a plan measured by indicators (reports/indicator_tables.py):
«Cumplimiento de objetivos específicos», «Modificaciones a productos» and «Logros y brechas», as
printed rows, the XLSX anexo and datos reopened, the CSV read back and the PDF's text (one render
for the module). A draft round of measurements never reaches what the public is given."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from aspects.models import Plan
from reports.indicator_tables import ACHIEVEMENT_GAPS, COMPLIANCE, INDICATOR_TABLES, PRODUCT_CHANGES, tables_for
from reports.tables import TABLES
from reports.writers import csv as csv_writer
from reports.writers import xlsx
from reports.writers.html import write_html
from reports.writers.pdf import write_pdf
from tests import factories as make
from tests.indicator_plans import DRAFT_MARK

from .conftest import rows_of

pytestmark = pytest.mark.django_db

MARK = DRAFT_MARK
OVERRIDDEN = "Cumple parcialmente\n(Calculada: No cumple. Justificación: El proveedor entregó tarde el sistema.)"
COMPLIANCE_ROWS = [
    {
        "Objetivo específico": "1. Disponer de un sistema de información.",
        "Indicador": "1. Porcentaje de ministerios que traspasan la información solicitada.",
        "Meta": "70 % (2017)",
        "Resultado de la medición": "72.5 % (29 / 40)",
        "Calificación": "Cumple",
    },
    {
        "Objetivo específico": "1. Disponer de un sistema de información.",
        "Indicador": "2. Porcentaje de reportes entregados a tiempo.",
        "Meta": "90 % (2017)",
        "Resultado de la medición": "75 %",
        "Calificación": "Cumple parcialmente",
    },
    {
        "Objetivo específico": "2. Publicar reportes mensuales.",
        "Indicador": "3. Reportes publicados en el año.",
        "Meta": "12 reportes (2017)",
        "Resultado de la medición": "5 reportes",
        "Calificación": OVERRIDDEN,
    },
    {
        "Objetivo específico": "2. Publicar reportes mensuales.",
        "Indicador": "4. Índice de satisfacción de usuarios.",
        "Meta": "Sin meta para 2017",
        "Resultado de la medición": "Este indicador sólo será posible de medir el año 2018.",
        "Calificación": "Pendiente",
    },
    {
        "Objetivo específico": "3. Capacitar a los enlaces regionales.",
        "Indicador": "5. Porcentaje de enlaces capacitados.",
        "Meta": "Sin meta para 2017",
        "Resultado de la medición": "60 %",
        "Calificación": "Sin meta",
    },
    {
        "Objetivo específico": "3. Capacitar a los enlaces regionales.",
        "Indicador": "6. Porcentaje de regiones con tablero.",
        "Meta": "50 % (2017)",
        "Resultado de la medición": "Sin medición al corte",
        "Calificación": "",
    },
]


@pytest.fixture
def measured(db, shared_indicator_plan):
    return shared_indicator_plan.get()


def fresh(plan: Plan) -> Plan:
    return Plan.objects.select_related("program__agency", "cycle", "region").get(pk=plan.pk)


def compliance(measured, period=None, *, public=False):
    return COMPLIANCE.build(fresh(measured.plan), period or measured.september, public=public)


def text_of(annex) -> str:
    return "\n".join(cell.text for cells in annex.grid() for cell in cells)


def test_compliance_prints_each_indicator_under_its_specific_objective_with_target_result_and_rating(measured):
    annex = compliance(measured)
    assert [column.label for column in annex.columns] == [
        "Objetivo específico",
        "Indicador",
        "Meta",
        "Resultado de la medición",
        "Calificación",
    ]
    assert rows_of(annex) == COMPLIANCE_ROWS


def test_the_specific_objective_is_merged_down_across_its_indicators(measured):
    spans = [cells[0].rowspan if not cells[0].covered else 0 for cells in compliance(measured).grid()]
    assert spans == [2, 0, 2, 0, 2, 0]


def test_compliance_is_signed_by_the_round_of_the_period_and_names_period_and_region(measured):
    annex = compliance(measured)
    assert annex.round == measured.september_round and annex.is_authorised
    assert [(s.role, s.name) for s in annex.signatures] == [("Elaboró", "Ana Pérez"), ("Autorizó", "Saúl Ríos")]
    header = dict(annex.header)
    assert header["Periodo de corte"].startswith("Septiembre (del 01/04/2017 al 30/09/2017)")
    assert header["Región"] == "Todas las regiones"


def test_a_draft_round_is_a_borrador_for_staff_and_never_read_for_the_public(measured):
    staff = compliance(measured, measured.march)
    assert not staff.is_authorised
    assert staff.signatures[1].name == ""  # nobody authorised it
    assert MARK in text_of(staff)
    public = compliance(measured, measured.march, public=True)
    assert MARK not in text_of(public)
    # The public reads the authorised September measurements at a later cut-off (where an
    # indicator without a measurement shows the target of the cut-off's year).
    rows = rows_of(public)
    assert rows[:5] == COMPLIANCE_ROWS[:5]
    assert (rows[5]["Meta"], rows[5]["Resultado de la medición"]) == ("Sin meta para 2018", "Sin medición al corte")
    assert COMPLIANCE.public_periods(measured.plan) == [measured.september]


def test_the_staff_default_is_the_latest_period_with_measurements(measured):
    assert COMPLIANCE.build(fresh(measured.plan)).period == measured.march


def test_the_xlsx_anexo_has_the_columns_the_rows_and_the_signatures(measured):
    out = io.BytesIO()
    xlsx.write_annex(compliance(measured), out)
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    values = [[cell.value for cell in row] for row in ws.iter_rows()]
    heading = values.index(["Objetivo específico", "Indicador", "Meta", "Resultado de la medición", "Calificación"])
    body = values[heading + 1 : heading + 7]
    assert [row[1:] for row in body] == [
        [row["Indicador"], row["Meta"], row["Resultado de la medición"], row["Calificación"] or None]
        for row in COMPLIANCE_ROWS
    ]
    assert f"A{heading + 2}:A{heading + 3}" in ws.merged_cells
    flat = [value for row in values for value in row if value]
    assert "Saúl Ríos" in flat and "Autorizó" in flat
    assert "Autorizó: Saúl Ríos" in ws.oddFooter.right.text


def test_the_datos_layout_and_the_csv_carry_typed_values_one_row_per_indicator(measured):
    annex = compliance(measured)
    out = io.BytesIO()
    xlsx.write_datos(annex, out)
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    [labels, *rows] = [[cell.value for cell in row] for row in ws.iter_rows()]
    records = [dict(zip(labels, row, strict=True)) for row in rows]
    assert len(records) == 6
    first = records[0]
    assert (first["Programa"], first["Periodo de corte"], first["No. objetivo"]) == (
        measured.program.key,
        "Septiembre",
        1,
    )
    assert (first["Año"], first["Meta"], first["Resultado"], first["Calificación"]) == (2017, 70, 72.5, "Cumple")
    assert (first["Numerador medido"], first["Denominador medido"]) == (29, 40)
    third = records[2]
    assert (third["Calificación"], third["Calificación calculada"], third["Calificación modificada"]) == (
        "Cumple parcialmente",
        "No cumple",
        "Sí",
    )
    assert records[5]["Calificación"] is None and records[5]["Resultado"] is None

    out = io.BytesIO()
    csv_writer.write_csv(annex, out)
    text = out.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    read = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["Calificación"] for row in read] == [
        "Cumple",
        "Cumple parcialmente",
        "Cumple parcialmente",
        "Pendiente",
        "Sin meta",
        "",
    ]
    assert Decimal(read[0]["Resultado"]) == Decimal("72.5")
    assert read[3]["Resultado de la medición"] == "Este indicador sólo será posible de medir el año 2018."


def test_the_pdf_prints_the_table_the_header_and_the_signatures(measured):
    out = io.BytesIO()
    write_pdf(compliance(measured), out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in (
        "Cumplimiento de objetivos específicos",
        "Resultado de la medición",
        "Disponer de un sistema de información.",
        "72.5 % (29 / 40)",
        "Sin meta para 2017",
        "El proveedor entregó tarde el sistema.",
        "Todas las regiones",
        "Saúl Ríos",
        f"Página 1 de {len(reader.pages)}",
    ):
        assert expected in text, expected
    assert MARK not in text


def test_product_changes_print_the_modification_and_whether_it_was_incorporated(measured):
    annex = PRODUCT_CHANGES.build(fresh(measured.plan))
    assert annex.signed == measured.plan and annex.is_authorised
    assert rows_of(annex) == [
        {
            "No.": "1",
            "Producto": "Sistema de información de gestión",
            "Subproducto": "Módulo de reportes",
            "Modificación comprometida": "Incorporar el registro mensual de avances.",
            "Incorporada": "Sí",
            "Nota": "",
        },
        {
            "No.": "2",
            "Producto": "Manual de procedimientos",
            "Subproducto": "",
            "Modificación comprometida": "Actualizar el flujo de validación.",
            "Incorporada": "No",
            "Nota": "Pendiente de aprobación.",
        },
    ]
    out = io.BytesIO()
    csv_writer.write_csv(annex, out)
    read = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8").removeprefix("\ufeff"))))
    assert [row["Incorporada"] for row in read] == ["Sí", "No"]


def test_gaps_print_committed_and_reached_achievements_the_gap_and_its_causes(measured):
    annex = ACHIEVEMENT_GAPS.build(fresh(measured.plan))
    assert rows_of(annex) == [
        {
            "No.": "1",
            "Logro comprometido": "Sistema en operación en todas las regiones.",
            "Logro alcanzado": "Operando en 5 de 8 regiones.",
            "Brecha": "3 regiones sin conexión.",
            "Causas": "Falta de infraestructura de red.",
        }
    ]
    out = io.BytesIO()
    xlsx.write_annex(annex, out)
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    flat = [cell.value for row in ws.iter_rows() for cell in row if cell.value]
    assert "Logros y brechas" in flat and "Falta de infraestructura de red." in flat and "Saúl Ríos" in flat


def test_the_html_print_document_of_each_table_has_its_rows_and_signatures(measured):
    for table in INDICATOR_TABLES.values():
        out = io.BytesIO()
        write_html(table.build(fresh(measured.plan), measured.september if table.needs_period else None), out)
        html = out.getvalue().decode("utf-8")
        assert table.title in html and "Saúl Ríos" in html and MARK not in html


def test_only_a_plan_measured_by_indicators_offers_the_indicator_tables(measured, world):
    assert tables_for(measured.plan) == [*TABLES.values(), *INDICATOR_TABLES.values()]
    assert tables_for(world.plan_a) == list(TABLES.values())
    assert COMPLIANCE.build(world.plan_a, world.plan_a.cycle.periods.first()).empty_message == (
        "El programa de trabajo no tiene indicadores."
    )
    assert list(COMPLIANCE.build(world.plan_a, world.plan_a.cycle.periods.first()).grid()) == []


def test_a_formula_like_text_is_written_as_text(measured):
    make.indicator(measured.aspects[2], number=9, text='=HYPERLINK("http://x")')
    out = io.BytesIO()
    xlsx.write_datos(compliance(measured), out)
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    cells = [cell for row in ws.iter_rows() for cell in row if cell.value and str(cell.value).startswith("=")]
    assert cells and all(cell.data_type == "s" for cell in cells)
