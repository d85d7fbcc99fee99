"""The table declarations: signatures and the BORRADOR state, grouping, cut-off periods, the
cells' wording, and a query count that does not grow with the rows."""

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aspects import progress
from aspects.models import Aspect, ChangeRequest, DatePrecision, Plan
from reports.tables import (
    INSTITUTIONAL,
    PROGRESS_ANNEX,
    RECOMMENDATIONS,
    SPECIFIC,
    SUMMARY,
    TABLES,
    default_period,
    evidence_identification,
)
from tests import factories as make
from tests.conftest import shared_fixture
from tests.personas import build_world

from .conftest import rows_of


def fresh(plan) -> Plan:
    return Plan.objects.select_related("program__agency", "cycle").get(pk=plan.pk)


def test_borrador_mark_when_plan_not_authorised(world):
    annex = SPECIFIC.build(fresh(world.plan_a))
    assert not annex.is_authorised
    assert [(s.role, s.name) for s in annex.signatures] == [("Elaboró", ""), ("Autorizó", "")]
    world.plan_a.submit(by=world.staff_a)
    annex = SPECIFIC.build(fresh(world.plan_a))
    assert not annex.is_authorised
    assert [(s.role, s.name, s.position) for s in annex.signatures] == [
        ("Elaboró", "Ana Pérez", "Enlace"),
        ("Autorizó", "", ""),
    ]


def test_authorised_plan_prints_both_signatures(world):
    annex = SPECIFIC.build(fresh(world.live_plan_a))
    assert annex.is_authorised
    assert [(s.role, s.name, s.position) for s in annex.signatures] == [
        ("Elaboró", "Ana Pérez", "Enlace"),
        ("Autorizó", "Saúl Ríos", "Director de Planeación"),
    ]
    header = dict(annex.header)
    assert header["Dependencia o entidad responsable"] == "Servicios de Salud A"
    assert header["Nombre y cargo del responsable de la elaboración y seguimiento"] == "Ana Pérez, Directora"
    # Nobody captured the plan's «Fecha de elaboración»: it prints empty, not the day it was signed.
    assert header["Fecha de elaboración"] == ""
    Plan.objects.filter(pk=world.live_plan_a.pk).update(prepared_on=date(2017, 4, 28))
    assert dict(SPECIFIC.build(fresh(world.live_plan_a)).header)["Fecha de elaboración"] == "28/04/2017"


def test_header_names_the_evaluation_of_origin_when_there_is_one(world):
    header = dict(SPECIFIC.build(fresh(world.plan_a)).header)
    assert header["Evaluación de origen"] == str(world.evaluation_a)
    assert "Evaluación de origen" not in dict(SPECIFIC.build(fresh(world.live_plan_a)).header)


def test_progress_annex_is_signed_by_its_round_and_defaults_to_the_closed_period_with_reports(world):
    plan = fresh(world.live_plan_a)
    assert default_period(plan) == world.september
    at_september = PROGRESS_ANNEX.build(plan)
    assert at_september.period == world.september and at_september.is_authorised
    assert dict(at_september.header)["Periodo de corte"] == "Septiembre (del 01/04/2017 al 30/09/2017)"
    at_march = PROGRESS_ANNEX.build(plan, world.march)  # no round yet in March
    assert not at_march.is_authorised
    assert at_march.signatures[1].name == ""


def test_progress_carries_the_latest_report_before_the_cut_off(world):
    make.report(
        world.live_activity_a,
        world.march,
        percent=70,
        evidence_note="minuta.pdf",
        justification="Avanza la revisión.",
        replanning=False,
    )
    plan = fresh(world.live_plan_a)
    [september] = rows_of(PROGRESS_ANNEX.build(plan, world.september))
    [march] = rows_of(PROGRESS_ANNEX.build(plan, world.march))
    # The September report does not say whether it was replanned: the cell does not either.
    assert september["Porcentaje de avance y justificación ¹"] == "Porcentaje de avance: 40%"
    assert (
        march["Porcentaje de avance y justificación ¹"]
        == "Porcentaje de avance: 70%\nJustificación: Avanza la revisión.\nReplanteamiento: No"
    )
    assert march["Identificación del documento probatorio (Nombre del archivo y extensión)"] == "minuta.pdf"


def test_a_later_period_without_report_shows_the_last_reported_progress(world):
    plan = fresh(world.live_plan_a)
    [row] = rows_of(PROGRESS_ANNEX.build(plan, world.march))
    assert (
        row["Porcentaje de avance y justificación ¹"]
        == "Porcentaje de avance: 40%\n(Reportado al corte de Septiembre.)"
    )


def test_an_activity_without_report_says_so_and_has_no_percent(world):
    make.activity(world.live_aspect_a, units=[world.unit_a], number=2)
    annex = PROGRESS_ANNEX.build(fresh(world.live_plan_a), world.september)
    rows = rows_of(annex)
    assert rows[1]["Porcentaje de avance y justificación ¹"] == "Sin reporte al corte"
    data = [dict(zip(annex.data_labels, values, strict=True)) for values in annex.data_rows()]
    assert data[1]["Avance (%)"] is None  # blank in datos and CSV: nobody reported 0 %


def test_evidence_identification_comes_from_the_report_note_without_files(world):
    world.report_a.evidence_note = "oficio_123.pdf, minuta.docx"
    assert evidence_identification(world.report_a) == "oficio_123.pdf, minuta.docx"
    assert evidence_identification(None) == ""


def test_evidence_identification_names_each_file_in_force_with_its_extension(world):
    report = make.report(world.live_activity_a, world.march, percent=100, evidence_note="- Minuta de la reunión")
    make.evidence(report, name="Minuta de la reunión.pdf")
    old = make.evidence(report, name="fotos.zip")
    make.evidence(report, name="fotos corregidas.zip", replaces=old)
    type(old).objects.filter(pk=old.pk).update(current=False)  # superseded by its replacement
    link = make.evidence(report, name="")
    type(link).objects.filter(pk=link.pk).update(file="", url="https://transparencia.example.gob.mx/acta")
    label = "Identificación del documento probatorio (Nombre del archivo y extensión)"
    # The text the report captured identifies the evidence; file names only where there is none.
    rows = rows_of(PROGRESS_ANNEX.build(fresh(world.live_plan_a), world.march))
    assert rows[0][label] == "- Minuta de la reunión"
    type(report).objects.filter(pk=report.pk).update(evidence_note="")
    rows = rows_of(PROGRESS_ANNEX.build(fresh(world.live_plan_a), world.march))
    assert rows[0][label] == (
        "Minuta de la reunión.pdf\nfotos corregidas.zip\nhttps://transparencia.example.gob.mx/acta"
    )


def test_asm_cells_merge_down_across_their_activity_rows(world):
    make.activity(world.aspect_a, units=[world.unit_a], number=2, description="Publicar el documento.")
    grid = list(SPECIFIC.build(fresh(world.plan_a)).grid())
    assert len(grid) == 2
    first, second = grid
    by_label = {cell.column.label: cell for cell in first}
    assert by_label["Aspecto Susceptible de Mejora"].rowspan == 2
    assert by_label["Actividades"].rowspan == 1
    assert [cell.column.label for cell in second if cell.covered] == [
        "No.",
        "Aspecto Susceptible de Mejora",
        "Ámbito de gestión",
        "Resultados esperados",
    ]
    assert {cell.column.label: cell.text for cell in second}["Actividades"] == "2. Publicar el documento."


def test_each_kind_of_asm_goes_to_its_own_document(world):
    make.aspect(
        world.plan_a, number=2, kind=Aspect.Kind.INSTITUTIONAL, coordinating_unit=world.unit_a, text="Institucional."
    )
    plan = fresh(world.plan_a)
    assert [row["Aspecto Susceptible de Mejora"] for row in rows_of(SPECIFIC.build(plan))] == [
        "Actualizar el diagnóstico."
    ]
    [institutional] = rows_of(INSTITUTIONAL.build(plan))
    assert (
        institutional["Aspecto Susceptible de Mejora"],
        institutional["Actividades"],
        institutional["Área coordinadora"],
    ) == ("Institucional.", "", "Dirección de Planeación")
    assert [row["Tipo"] for row in rows_of(SUMMARY.build(plan))] == ["Documento específico", "Documento institucional"]
    assert rows_of(TABLES["interinstitucional"].build(plan)) == []


def test_dates_are_written_as_users_write_them(world):
    activity = world.activity_a
    activity.start_date, activity.end_date, activity.end_date_precision = (
        date(2017, 5, 4),
        date(2009, 12, 31),
        DatePrecision.MONTH,
    )
    activity.save()
    [row] = rows_of(SPECIFIC.build(fresh(world.plan_a)))
    assert (row["Fecha de inicio"], row["Fecha de término"]) == ("04/05/2017", "diciembre de 2009")


def test_a_replanned_activity_says_so_in_its_dates_and_progress(world):
    change = ChangeRequest.objects.create(
        activity=world.live_activity_a, justification="Retraso del proveedor.", new_end_date=date(2018, 6, 30)
    )
    make.authorised(change, world.staff_a, world.supervisor_a)
    ChangeRequest.objects.filter(pk=change.pk).update(authorised_at=timezone.make_aware(datetime(2017, 12, 1)))
    plan = fresh(world.live_plan_a)
    [march] = rows_of(PROGRESS_ANNEX.build(plan, world.march))
    assert march["Fecha de término"] == "30/06/2018 (replanteada; originalmente 31/12/2017)"
    assert "Replanteamiento: Sí" in march["Porcentaje de avance y justificación ¹"]
    [september] = rows_of(PROGRESS_ANNEX.build(plan, world.september))  # authorised after that cut-off
    # Nor did the report say: the cell prints only what was captured.
    assert "Replanteamiento" not in september["Porcentaje de avance y justificación ¹"]


def test_recommendation_selection_lists_the_evaluation_of_the_plan(world):
    make.recommendation(
        world.evaluation_a, number=2, text="Publicar la MIR.", attended=False, justification="Duplica la 1."
    )
    rows = rows_of(RECOMMENDATIONS.build(fresh(world.plan_a)))
    assert [(row["No."], row["Año de evaluación"], row["Atención"], row["Justificación"]) for row in rows] == [
        ("1", "2016", "SI", ""),
        ("2", "2016", "NO", "Duplica la 1."),
    ]


def test_file_names_say_table_program_year_and_period(world):
    plan = fresh(world.live_plan_a)
    assert SPECIFIC.build(plan).filename("pdf") == "especifico-A001-2017.pdf"
    assert PROGRESS_ANNEX.build(plan, world.march).filename("xlsx", "datos") == "avance-A001-2017-marzo-datos.xlsx"


def test_datos_rows_carry_typed_values(world):
    annex = PROGRESS_ANNEX.build(fresh(world.live_plan_a), world.september)
    [values] = list(annex.data_rows())
    row = dict(zip([field.label for field in annex.data_fields], values, strict=False))
    assert (row["Programa"], row["Periodo de corte"], row["No. ASM"], row["No. actividad"]) == (
        "A001",
        "Septiembre",
        1,
        1,
    )
    assert row["Fecha de término"] == date(2017, 12, 31)
    assert row["Avance (%)"] == 40 and row["Replanteamiento"] is None  # not stated


def add_aspects(plan, unit, period, n: int) -> None:
    with progress.deferred():  # stored progress computed once, after the last row
        for number in range(100, 100 + n):
            aspect = make.aspect(
                plan, number=number, kind=Aspect.Kind.SPECIFIC, scope=make.scope("PP"), responsible_unit=unit
            )
            for index in range(1, 4):
                activity = make.activity(aspect, units=[unit], number=index)
                make.report(activity, period, percent=30)


def queries_of_building(world, slug: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        annex = TABLES[slug].build(fresh(world.live_plan_a), world.september)
        list(annex.grid()), annex.header, annex.signatures, list(annex.data_rows())
    return len(captured)


@pytest.fixture(scope="module")
def twenty_aspects_more(request):
    """The world, each table's queries counted, then 20 ASM more with three activities each: built
    once for the tables' tests (Django's setUpTestData); each test counts its table again."""

    def build() -> SimpleNamespace:
        world = build_world()
        one = {slug: queries_of_building(world, slug) for slug in TABLES}
        add_aspects(world.live_plan_a, world.unit_a, world.september, 20)
        return SimpleNamespace(world=world, one=one)

    yield from shared_fixture(request, build)


@pytest.mark.parametrize("slug", list(TABLES))
def test_query_count_of_building_a_table_does_not_grow_with_rows(db, twenty_aspects_more, slug):
    rows = twenty_aspects_more.copy()
    assert queries_of_building(rows.world, slug) == rows.one[slug]


@pytest.mark.parametrize("own_end", [None, date(2017, 11, 30)])
def test_the_summary_annex_and_the_public_asm_page_print_one_end_date(world, client_anonymous, own_end):
    Aspect.objects.filter(pk=world.live_aspect_a.pk).update(end_date=own_end)
    cancelled = make.activity(world.live_aspect_a, number=2, end_date=date(2019, 1, 31))
    change = ChangeRequest.objects.create(activity=cancelled, justification="Ya no aplica.", cancel=True)
    make.authorised(change, world.staff_a, world.supervisor_a)
    [row] = rows_of(SUMMARY.build(fresh(world.live_plan_a)))
    expected = "30/11/2017" if own_end else "31/12/2017"  # the ASM's own date, or its live activities' latest
    assert row["Fecha de término"] == expected
    page = client_anonymous.get(f"/programas/{world.program_a.key}/asm/{world.live_aspect_a.pk}/").content.decode()
    assert expected in page
