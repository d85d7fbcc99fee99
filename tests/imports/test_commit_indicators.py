"""An imported table of indicators becomes the plan's specific objectives (ASM), their indicators
and their yearly targets; each year's result and rating becomes a measurement of that year in the
plan's draft round of the period that year ends in (a new «Año 2008» when the cycle has none), not
public until the round is authorised through the workflow."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from aspects.models import Plan
from audit.models import AuditEntry
from imports import services
from imports.models import Import
from imports.services import commit_import, preview
from indicators.models import Indicator, Measurement, MeasurementRound
from indicators.rating import Rating
from indicators.services import record_measurement
from programs.models import CutOffPeriod
from programs.workflow import State
from tests import factories as make

from . import builders
from .conftest import pending
from .helpers import read

# A commit writes its ASM's stored progress once, at its end: it must equal a computation from scratch.
pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


def indicators_import(world, cycle, rows=None, *, build=builders.indicators_xlsx, name: str = "anexos.xlsx") -> Import:
    """Agency A's pending import of an indicator table, the builder's own rows or `rows`, for program A in `cycle`."""
    parsed = read(build if rows is None else lambda: build(rows=rows))
    return pending(world, parsed, name=name, program=world.program_a.pk, cycle=cycle.pk)


def test_an_indicator_table_becomes_objectives_indicators_and_targets_of_a_draft_plan(world, cycle):
    import_ = indicators_import(world, cycle)
    planned = preview(import_, by=world.staff_a)
    assert planned.problems == [] and planned.errors == []
    assert planned.counts["indicators"] == 3

    [plan] = commit_import(import_=import_, by=world.staff_a)

    first, second = plan.aspects.order_by("number")
    assert first.text == "1.1 Contar con la información de los compromisos de cada ministerio."
    ministries = Indicator.objects.get(aspect=first)
    assert (ministries.number, ministries.text, ministries.kind) == (1, builders.MINISTRIES, Indicator.Kind.PERCENT)
    assert list(ministries.targets.order_by("year").values_list("year", "value")) == [
        (2007, Decimal(70)),
        (2008, Decimal(80)),
        (2009, Decimal(90)),
    ]
    assert [(i.number, i.text) for i in Indicator.objects.filter(aspect=second).order_by("number")] == [
        (1, "Porcentaje de servicios con sistema de seguimiento"),
        (2, "Porcentaje de funcionarios capacitados"),
    ]
    assert Indicator.objects.get(aspect=second, number=2).targets.get().value == Decimal("50.5")
    entry = AuditEntry.objects.for_object(ministries).get(action="alta")
    assert entry.source == f"Importación {import_.pk} (anexos.xlsx)"


def test_stacked_indicators_of_a_word_table_are_each_an_indicator(world, cycle):
    import_ = indicators_import(world, cycle, build=builders.indicators_docx)
    [plan] = commit_import(import_=import_, by=world.staff_a)
    stacked = Indicator.objects.filter(aspect__plan=plan, aspect__number=1).order_by("number")
    assert [(i.text[:2], i.targets.get().year) for i in stacked] == [("70", 2007), ("80", 2008), ("90", 2009)]


def test_two_targets_for_the_same_year_block_the_import(world, cycle):
    rows = [
        ("1.1 Objetivo.", "Indicador uno", 70, 2008, "", ""),
        (None, "Indicador uno", 80, 2008, "", ""),
        (None, "Indicador dos", 50, 2008, "", ""),
    ]
    import_ = indicators_import(world, cycle, rows)
    planned = preview(import_, by=world.staff_a)
    assert planned.blocked
    assert "Hoja «Indicadores»: Fila 7: el indicador «Indicador uno» tiene dos metas para 2008." in planned.problems


# The results and ratings: measurements in draft rounds. -------------------------------------------


def stored(plan) -> dict[tuple[str, int], tuple]:
    """Each measurement of the plan by (indicator text, year): its period, result text, value,
    rating, derived rating, whether the rating is the document's over the derived one."""
    return {
        (m.indicator.text[:40], m.year): (
            m.period.name,
            m.result_text,
            m.value,
            m.rating,
            m.derived_rating,
            m.rating_overridden,
        )
        for m in Measurement.objects.filter(indicator__aspect__plan=plan).select_related("indicator", "period")
    }


def test_the_results_of_an_excel_table_are_stored_with_the_documents_ratings_in_each_years_draft_round(world, cycle):
    import_ = indicators_import(world, cycle)
    assert preview(import_, by=world.staff_a).counts["measurements"] == 5

    [plan] = commit_import(import_=import_, by=world.staff_a)

    ministries, services, officials = (
        builders.MINISTRIES[:40],
        "Porcentaje de servicios con sistema de seguimiento"[:40],
        ("Porcentaje de funcionarios capacitados"),
    )
    assert stored(plan) == {
        (ministries, 2007): (
            "Año 2007",
            "75 % de los ministerios traspasaron la información.",
            None,
            Rating.MET,
            "",
            False,
        ),
        (ministries, 2008): ("Año 2008", "78 % de los ministerios.", None, Rating.PARTLY_MET, "", False),
        (ministries, 2009): (
            "Año 2009",
            "Este indicador sólo será posible de medir el año 2010.",
            None,
            Rating.PENDING,
            "",
            False,
        ),
        (services, 2008): ("Año 2008", "40 % de los servicios.", None, Rating.NOT_MET, "", False),
        (officials, 2008): ("Año 2008", "100 % de los funcionarios.", None, Rating.MET, "", False),
    }
    # The cycle (2017) had no period in those years: each is new, «por abrir», covering its year.
    new = CutOffPeriod.objects.filter(cycle=cycle, name__startswith="Año").order_by("end")
    assert [(p.name, p.start, p.end, p.status) for p in new] == [
        (f"Año {year}", date(year, 1, 1), date(year, 12, 31), CutOffPeriod.Status.PENDING)
        for year in (2007, 2008, 2009)
    ]
    rounds = MeasurementRound.objects.filter(plan=plan).order_by("period__end")
    assert [(r.period.name, r.state) for r in rounds] == [
        ("Año 2007", State.DRAFT),
        ("Año 2008", State.DRAFT),
        ("Año 2009", State.DRAFT),
    ]
    assert not Measurement.objects.public().exists() and not MeasurementRound.objects.public().exists()
    import_.refresh_from_db()
    assert (import_.counts["indicators"], import_.counts["measurements"]) == (3, 5)


def test_stacked_results_of_a_word_table_are_rated_and_a_disagreeing_rating_is_kept_as_the_documents(world, cycle):
    import_ = indicators_import(world, cycle, build=builders.indicators_docx, name="indicadores.docx")
    planned = preview(import_, by=world.staff_a)
    [sheet] = planned.sheets
    justification = "Calificación tomada del documento importado «indicadores.docx»."
    assert (
        "Fila 2: el documento califica «No cumple» el resultado de 2008 del indicador «80 % de los ministerios "
        "traspasan la información solicitada»; 65 % contra la meta de 80 % de 2008 da «Cumple parcialmente». Se "
        f"guarda la calificación del documento, justificada: «{justification}»"
    ) in sheet.notes

    [plan] = commit_import(import_=import_, by=world.staff_a)

    measurements = stored(plan)
    assert measurements[("70 % de los ministerios traspasan la inf", 2007)] == (
        "Año 2007",
        "72 %",
        Decimal(72),
        Rating.MET,  # 72 % against 70 %: the document agrees with the thresholds
        Rating.MET,
        False,
    )
    assert measurements[("80 % de los ministerios traspasan la inf", 2008)] == (
        "Año 2008",
        "65 %",
        Decimal(65),
        Rating.NOT_MET,  # the document's «No cumple» over the derived «Cumple parcialmente» (65 ≥ 0.8 × 80)
        Rating.PARTLY_MET,
        True,
    )
    assert measurements[("90 % de los ministerios traspasan la inf", 2009)][3] == Rating.PENDING
    assert measurements[("Porcentaje de informes publicados", 2008)] == (
        "Año 2008",
        "Se publicaron todos los informes.",
        None,
        Rating.MET,  # «CUMPLIDO»
        "",
        False,
    )
    overridden = Measurement.objects.get(indicator__aspect__plan=plan, rating_overridden=True)
    assert overridden.override_justification == justification


def test_results_go_to_the_cycles_period_that_ends_in_their_year_and_a_bare_number_is_rated(world, cycle):
    rows = [
        ("1.1 Objetivo.", "Indicador uno", 70, 2017, "56 %", ""),
        (None, "Indicador uno", 80, 2018, "90", "Cumple"),
    ]
    import_ = indicators_import(world, cycle, rows)
    [sheet] = preview(import_, by=world.staff_a).sheets
    assert [note for note in sheet.notes if note.startswith("Los resultados")] == [
        "Los resultados de 2017 se guardan como mediciones en borrador del periodo de corte «Septiembre» (por "
        "abrir), con su calificación. Se envían, revisan y autorizan como reporte de indicadores del periodo una vez "
        "autorizado el programa de trabajo y abierto el periodo; hasta entonces no son públicos.",
        "Los resultados de 2018 se guardan como mediciones en borrador del periodo de corte «Marzo» (por abrir), con "
        "su calificación. Se envían, revisan y autorizan como reporte de indicadores del periodo una vez autorizado "
        "el programa de trabajo y abierto el periodo; hasta entonces no son públicos.",
    ]

    [plan] = commit_import(import_=import_, by=world.staff_a)

    assert stored(plan) == {
        # Septiembre ends on 30/09/2017; 56 % is 80 % of the 70 % target, and the row gives no rating.
        ("Indicador uno", 2017): ("Septiembre", "56 %", Decimal(56), Rating.PARTLY_MET, Rating.PARTLY_MET, False),
        # Marzo ends on 31/03/2018.
        ("Indicador uno", 2018): ("Marzo", "90", Decimal(90), Rating.MET, Rating.MET, False),
    }
    assert not CutOffPeriod.objects.filter(cycle=cycle).exclude(name__in=["Septiembre", "Marzo"]).exists()


def test_the_imported_round_goes_through_the_workflow_once_the_plan_is_authorised_and_is_public_only_then(world, cycle):
    rows = [
        ("1.1 Objetivo.", "Indicador uno", 70, 2017, "75 %", "Cumple"),
        (None, "Indicador dos", 90, 2017, "Se publicó el tablero.", "Cumple"),
        (None, "Indicador tres", 50, 2017, "30 %", "No cumple"),
    ]
    import_ = indicators_import(world, cycle, rows)
    [plan] = commit_import(import_=import_, by=world.staff_a)
    round_ = MeasurementRound.objects.get(plan=plan)
    september = make.opened(round_.period)
    assert "el programa de trabajo aún no está autorizado." in round_.submission_problems()

    make.authorised(plan, world.staff_a, world.supervisor_a)
    round_.refresh_from_db()
    round_.submit(by=world.staff_a)
    assert not Measurement.objects.public().exists()
    round_.authorise(by=world.supervisor_a)

    public = Measurement.objects.public().order_by("indicator__number")
    assert [(m.period, m.rating, m.result_text) for m in public] == [
        (september, Rating.MET, "75 %"),
        (september, Rating.MET, "Se publicó el tablero."),
        (september, Rating.NOT_MET, "30 %"),
    ]
    assert list(round_.transitions.values_list("to_state", flat=True)) == [State.IN_REVIEW, State.AUTHORISED]


def test_the_audit_trail_names_the_import_on_the_measurements_their_rounds_and_the_new_periods(world, cycle):
    import_ = indicators_import(world, cycle)
    [plan] = commit_import(import_=import_, by=world.staff_a)
    source = f"Importación {import_.pk} (anexos.xlsx)"
    rows = [
        *Measurement.objects.filter(indicator__aspect__plan=plan),
        *MeasurementRound.objects.filter(plan=plan),
        *CutOffPeriod.objects.filter(cycle=cycle, name__startswith="Año"),
    ]
    assert len(rows) == 5 + 3 + 3
    for row in rows:
        entry = AuditEntry.objects.for_object(row).get(action="alta")
        assert (entry.source, entry.user) == (source, world.staff_a), row


def test_a_failed_commit_stores_no_measurement_round_or_period(world, cycle, monkeypatch):
    import_ = indicators_import(world, cycle)
    calls = []

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("la base de datos se cayó")
        return record_measurement(**kwargs)

    monkeypatch.setattr(services, "record_measurement", failing)
    with pytest.raises(RuntimeError):
        commit_import(import_=import_, by=world.staff_a)
    assert len(calls) == 3
    assert not Measurement.objects.exists() and not MeasurementRound.objects.exists()
    assert list(CutOffPeriod.objects.filter(cycle=cycle).values_list("name", flat=True)) == ["Septiembre", "Marzo"]
    assert not Plan.objects.filter(program=world.program_a, cycle=cycle).exists()
    import_.refresh_from_db()
    assert import_.status == Import.Status.PENDING


def test_a_result_without_its_year_or_two_results_for_one_year_block_the_import(world, cycle):
    rows = [
        ("1.1 Objetivo.", "Indicador uno", None, None, "Se cumplió.", "Cumple"),
        (None, "Indicador dos", 70, 2017, "72 %", "Cumple"),
        (None, "Indicador dos", None, 2017, "74 %", "Cumple"),
    ]
    import_ = indicators_import(world, cycle, rows)
    planned = preview(import_, by=world.staff_a)
    assert planned.problems == [
        "Hoja «Indicadores»: Fila 6: el resultado del indicador «Indicador uno» no dice su año; indíquelo en la "
        "columna «Año» o al final del indicador.",
        "Hoja «Indicadores»: Fila 8: el indicador «Indicador dos» tiene dos resultados para 2017.",
    ]


def test_a_result_without_rating_or_a_rating_without_result_is_stored_and_the_preview_says_what_is_missing(
    world, cycle
):
    rows = [
        ("1.1 Objetivo.", "Indicador uno", 70, 2017, "Se avanzó en la integración.", ""),
        (None, "Indicador dos", 70, 2017, "", "Pendiente"),
    ]
    import_ = indicators_import(world, cycle, rows)
    [sheet] = preview(import_, by=world.staff_a).sheets
    assert (
        "Fila 6: el resultado de 2017 del indicador «Indicador uno» no tiene calificación; elíjala en la medición "
        "antes de enviar el reporte de indicadores."
    ) in sheet.notes
    assert (
        "Fila 7: el indicador «Indicador dos» sólo trae la calificación de 2017; escriba el resultado en la medición "
        "antes de enviar el reporte de indicadores."
    ) in sheet.notes
    [plan] = commit_import(import_=import_, by=world.staff_a)
    assert {key: value[1:4] for key, value in stored(plan).items()} == {
        ("Indicador uno", 2017): ("Se avanzó en la integración.", None, ""),
        ("Indicador dos", 2017): ("", None, Rating.PENDING),
    }


def test_a_round_with_an_imported_result_left_incomplete_is_not_submitted_until_completed(world, cycle):
    rows = [
        ("1.1 Objetivo.", "Indicador uno", 70, 2017, "Se avanzó en la integración.", ""),
        (None, "Indicador dos", 70, 2017, "", "Pendiente"),
        (None, "Indicador tres", 70, 2017, "80 %", ""),
    ]
    import_ = indicators_import(world, cycle, rows)
    [plan] = commit_import(import_=import_, by=world.staff_a)
    make.authorised(plan, world.staff_a, world.supervisor_a)
    round_ = MeasurementRound.objects.get(plan=plan)
    make.opened(round_.period)
    assert round_.submission_problems() == [
        "2 medición(es) no tienen calificación o resultado de la medición: complételas."
    ]
    unrated = Measurement.objects.get(indicator__text="Indicador uno")
    record_measurement(
        indicator=unrated.indicator,
        period=round_.period,
        by=world.staff_a,
        measurement=unrated,
        rating=Rating.PARTLY_MET,
    )
    unwritten = Measurement.objects.get(indicator__text="Indicador dos")
    record_measurement(
        indicator=unwritten.indicator,
        period=round_.period,
        by=world.staff_a,
        measurement=unwritten,
        result_text="La encuesta se levanta en 2018.",
    )
    assert round_.submission_problems() == []
