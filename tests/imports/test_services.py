"""The preview plans what an import creates; the commit creates exactly that, in one
transaction, or nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.test import TestCase

from aspects.models import Activity, Aspect, DatePrecision, Plan, ProgressReport, ReportRound
from audit.models import AuditEntry
from imports import services
from imports.models import Import
from imports.services import ImportBlocked, commit_import, default_period, preview
from programs.models import Evaluation, EvaluationType, Recommendation, Unit
from programs.workflow import State
from tests import factories as make
from tests.imports import parsed as b
from tests.imports.conftest import pending

# A commit writes its ASM's stored progress once, at its end: it must equal a computation from scratch.
pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


def counts() -> dict[str, int]:
    models = [Plan, Aspect, Activity, ProgressReport, ReportRound, Unit, Evaluation, Recommendation, AuditEntry]
    return {model.__name__: model._base_manager.count() for model in models}


def test_a_documento_de_trabajo_becomes_a_draft_plan_with_its_asm_activities_and_units(world, cycle):
    import_ = pending(world, b.result(b.specific_plan()))
    assert import_.choice(0)["program"] == world.program_a.pk  # «A001» in the header block
    assert import_.choice(0)["cycle"] == cycle.pk  # prepared in 2017

    [plan] = commit_import(import_=import_, by=world.staff_a)

    assert plan.state == State.DRAFT
    assert (plan.program, plan.cycle) == (world.program_a, cycle)
    assert plan.responsible_name == "José Samuel García Sánchez"
    assert plan.prepared_on == date(2017, 5, 8)
    assert (plan.prepared_by_name, plan.prepared_by_position) == (
        "Gerardo Palma Ángeles",
        "Jefe del Departamento de Evaluación",
    )
    assert plan.authorised_by_name == "José Samuel García Sánchez"
    assert plan.prepared_by is None and plan.authorised_by is None  # names from the document, no user signed
    first, second = plan.aspects.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.kind == Aspect.Kind.SPECIFIC
    assert [a.description for a in second.activities.order_by("number")] == [
        "Presentar la recomendación al área de finanzas.",
        "Recabar el acuse de recibo.",
    ]
    month = second.activities.get(number=2)
    assert (month.end_date, month.end_date_precision) == (date(2017, 12, 31), DatePrecision.MONTH)
    assert month.start_date == date(2017, 5, 4)
    import_.refresh_from_db()
    assert import_.status == Import.Status.IMPORTED
    assert list(import_.plans.all()) == [plan]
    assert import_.counts == {
        "plans": 1,
        "recommendations": 0,
        "aspects": 2,
        "activities": 3,
        "reports": 0,
        "indicators": 0,
        "measurements": 0,
        "units": 2,
    }


def test_units_not_in_the_catalogue_are_created_once_and_known_ones_found_whatever_their_accents(world, cycle):
    import_ = pending(world, b.result(b.specific_plan()))
    planned = preview(import_, by=world.staff_a)
    # «dirección de planeación» is agency A's «Dirección de Planeación»: not new.
    assert sorted(planned.new_units) == ["Departamento de Evaluación", "Dirección de Finanzas"]

    [plan] = commit_import(import_=import_, by=world.staff_a)

    units = Unit.objects.filter(agency=world.agency_a)
    assert sorted(units.values_list("name", flat=True)) == [
        "Departamento de Evaluación",
        "Dirección de Finanzas",
        "Dirección de Planeación",
    ]
    presented = Activity.objects.get(aspect__plan=plan, description__startswith="Presentar")
    assert set(presented.units.all()) == {world.unit_a, units.get(name="Departamento de Evaluación")}


def test_every_created_row_has_an_audit_entry_naming_the_import(world, cycle):
    import_ = pending(world, b.result(b.specific_plan()))
    [plan] = commit_import(import_=import_, by=world.staff_a)

    created = [plan, *plan.aspects.all(), *Activity.objects.filter(aspect__plan=plan)]
    created += list(Unit.objects.filter(name__in=["Departamento de Evaluación", "Dirección de Finanzas"]))
    for obj in created:
        entry = AuditEntry.objects.for_object(obj).get(action="alta")
        assert entry.source == f"Importación {import_.pk} (anexos.xlsx)", obj
        assert entry.user == world.staff_a
    # The units of each activity are recorded as its change, from the same import.
    unit_entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Activity),
        object_id__in=[str(activity.pk) for activity in Activity.objects.filter(aspect__plan=plan)],
        action="cambio",
    )
    assert unit_entries.count() == 3
    assert set(unit_entries.values_list("source", flat=True)) == {import_.audit_source}


def test_a_failure_half_way_writes_nothing(world, cycle, monkeypatch):
    parsed = b.result(b.specific_plan())
    parsed["tables"][0]["kind"] = "avance"
    for item in parsed["tables"][0]["aspects"]:
        for each in item["activities"]:
            each["percent"] = 50
    import_ = pending(world, parsed, period=cycle.periods.order_by("end").first().pk)
    assert not preview(import_, by=world.staff_a).blocked
    before = counts()
    calls = []

    def fail_on_the_third(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return services.__dict__["_real_record_progress"](**kwargs)

    monkeypatch.setitem(services.__dict__, "_real_record_progress", services.record_progress)
    monkeypatch.setattr(services, "record_progress", fail_on_the_third)

    with pytest.raises(RuntimeError):
        commit_import(import_=import_, by=world.staff_a)

    assert len(calls) == 3  # two reports, their plan, ASM, activities and a new unit were written first
    assert counts() == before
    import_.refresh_from_db()
    assert import_.status == Import.Status.PENDING and import_.counts == {} and not import_.plans.exists()


def test_a_readers_error_blocks_the_commit_until_its_sheet_is_left_out(world, cycle):
    error = b.problem("Documento específico", 12, "Fecha de término", "mañana", "no es una fecha")
    import_ = pending(world, b.result(b.specific_plan(), errors=[error]))
    before = counts()

    with pytest.raises(ImportBlocked) as blocked:
        commit_import(import_=import_, by=world.staff_a)

    assert blocked.value.problems == [
        "Hoja «Documento específico», fila 12, columna «Fecha de término»: «mañana» no es una fecha"
    ]
    assert counts() == before
    import_.choices["0"]["exclude"] = True
    import_.save()
    with pytest.raises(ImportBlocked) as blocked:
        commit_import(import_=import_, by=world.staff_a)
    assert blocked.value.problems == ["Todas las tablas quedaron fuera: no hay nada que importar."]


def test_a_plan_that_already_exists_for_the_program_and_cycle_blocks(world, cycle):
    make.plan(world.program_a, cycle=cycle)
    import_ = pending(world, b.result(b.specific_plan()), cycle=cycle.pk)

    planned = preview(import_, by=world.staff_a)

    assert planned.blocked
    assert (
        "Ya existe el programa de trabajo de A001 en el ciclo «Programa de ASM 2017» (borrador)"
        in (planned.problems[0])
    )


def test_an_import_is_committed_once(world, cycle):
    import_ = pending(world, b.result(b.specific_plan()))
    commit_import(import_=import_, by=world.staff_a)
    with pytest.raises(ImportBlocked):
        commit_import(import_=import_, by=world.staff_a)
    assert Plan.objects.filter(program=world.program_a, cycle=cycle).count() == 1


def test_another_agency_and_the_coordinator_cannot_commit(world, cycle):
    import_ = pending(world, b.result(b.specific_plan()))
    for user in (world.staff_b, world.coordinator):
        with pytest.raises(ImportBlocked):
            commit_import(import_=import_, by=user)
    assert not Plan.objects.filter(cycle=cycle).exists()


def test_the_summary_numbers_the_asm_and_the_documents_add_their_activities(world, cycle):
    """The Querétaro layout: the summary numbers every ASM of the plan; the specific and the
    institutional documents number theirs from 1 and give their activities."""
    long = "SESEQ realizará por escrito la notificación del presupuesto asignado y recibido a la Secretaría"
    institutional = "La Dirección de Planeación dará seguimiento a los ASM y a todas las evidencias documentales"
    summary = b.table(
        "resumen",
        "Resumen",
        aspects=[
            b.aspect(1, "Publicar los informes trimestrales de la situación económica en la página.", row=5),
            b.aspect(2, long + " de Planeación y Finanzas.", row=6),
            b.aspect(3, institutional + " que sustentan el cumplimiento.", row=7),
        ],
        values={
            5: {"Tipo": "DOCUMENTO ESPECÍFICO", "Ámbito de gestión": "O"},
            6: {"Tipo": "DOCUMENTO ESPECÍFICO", "Ámbito de gestión": "PP"},
            7: {"Tipo": "DOCUMENTO INSTITUCIONAL", "Ámbito de gestión": "O"},
        },
    )
    specific = b.table(
        "especifico",
        "Específico",
        aspects=[b.aspect(1, long, b.activity(1, "Presentar la recomendación."), b.activity(2, "Recabar el acuse."))],
    )
    institutional_table = b.table(
        "institucional",
        "Institucional",
        aspects=[
            b.aspect(1, institutional.upper() + " QUE SUSTENTAN EL CUMPLIMIENTO.", b.activity(1, "Generar el plan."))
        ],
        values={},
    )
    make.scope("O")
    import_ = pending(world, b.result(institutional_table, specific, summary))

    [plan] = commit_import(import_=import_, by=world.staff_a)

    aspects = {aspect.number: aspect for aspect in plan.aspects.all()}
    assert sorted(aspects) == [1, 2, 3]
    assert aspects[2].document_number == 1 and aspects[2].activities.count() == 2
    assert aspects[3].kind == Aspect.Kind.INSTITUTIONAL and aspects[3].document_number == 1
    assert aspects[3].activities.get().description == "Generar el plan."
    assert aspects[1].activities.count() == 0 and aspects[1].document_number is None
    assert aspects[1].scope.code == "O" and aspects[2].scope is None  # «PP» is not in the catalogue


def test_recommendations_go_to_a_new_evaluation_that_the_plan_comes_from(world, cycle):
    kind, _ = EvaluationType.objects.get_or_create(name="Específica de Desempeño")
    table = b.table(
        "recomendaciones",
        "Recomendaciones",
        recommendations=[
            b.recommendation(1, "Atender por escrito el acuse.", year=2016),
            b.recommendation(2, "Cumplir las actividades.", attended=False, justification="Duplica la 1."),
        ],
    )
    import_ = pending(world, b.result(table, b.specific_plan()), evaluation_type=kind.pk)
    assert import_.choice(0)["evaluation_year"] == 2016  # the «Año de evaluación» its rows print

    [plan] = commit_import(import_=import_, by=world.staff_a)

    evaluation = plan.evaluation
    assert (evaluation.program, evaluation.type, evaluation.year) == (world.program_a, kind, 2016)
    assert list(evaluation.recommendations.values_list("number", "attended", "justification")) == [
        (1, True, ""),
        (2, False, "Duplica la 1."),
    ]


def progress_annex(*activities: dict) -> dict:
    """An Anexo C of one ASM with these activities."""
    return b.table("avance", "Anexo C", aspects=[b.aspect(1, "Publicar los informes.", *activities)])


def test_progress_is_recorded_at_the_chosen_period_and_a_missing_percent_records_none(world, cycle):
    september, march = cycle.periods.order_by("end")
    table = progress_annex(
        b.activity(1, "Recopilar.", percent=75, justification="En proceso.", replanning=True),
        b.activity(2, "Publicar.", percent=None, justification="n.d."),
    )
    import_ = pending(world, b.result(table))
    assert import_.choice(0)["period"] == september.pk  # prepared on 08/05/2017: before any period ended

    [plan] = commit_import(import_=import_, by=world.staff_a)

    [report] = ProgressReport.objects.filter(activity__aspect__plan=plan)
    assert (report.period, report.percent, report.justification) == (september, 75, "En proceso.")
    assert report.replanning and report.replanning_justification == "En proceso."
    assert report.reported_on == september.end
    assert ReportRound.objects.get(plan=plan).state == State.DRAFT
    assert not ProgressReport.objects.public().filter(pk=report.pk).exists()


def test_the_default_period_is_the_latest_that_ended_before_the_annex_was_prepared(db, cycle):
    september, march = cycle.periods.order_by("end")
    assert default_period(cycle, date(2018, 4, 15)) == march
    assert default_period(cycle, date(2017, 12, 1)) == september
    assert default_period(cycle, date(2017, 5, 1)) == september  # within it, none ended yet
    assert default_period(cycle, None) == march


def test_an_activity_without_an_end_date_blocks(world, cycle):
    table = b.table(
        "especifico", "Específico", aspects=[b.aspect(1, "Publicar.", b.activity(1, "Recopilar.", end_committed=None))]
    )
    planned = preview(pending(world, b.result(table)), by=world.staff_a)
    assert planned.blocked
    assert "no tiene fecha de término" in planned.problems[0]


def test_an_activity_with_only_its_actual_end_date_keeps_its_committed_date_empty_with_a_note(world, cycle):
    table = b.table(
        "especifico",
        "Específico",
        aspects=[b.aspect(1, "Publicar.", b.activity(1, "Recopilar.", end_committed=None, end_actual="2017-08-31"))],
    )
    import_ = pending(world, b.result(table))
    planned = preview(import_, by=world.staff_a)
    assert not planned.blocked
    assert any("sólo tiene fecha real de término" in note for sheet in planned.sheets for note in sheet.notes)

    [plan] = commit_import(import_=import_, by=world.staff_a)

    activity = Activity.objects.get(aspect__plan=plan)
    assert (activity.end_date, activity.actual_end_date) == (None, date(2017, 8, 31))


def test_units_keep_the_printed_order_and_a_cell_that_says_more_than_their_names(world, cycle):
    make.unit(agency=world.agency_a, name="Dirección General de Opciones Productivas", acronym="DGOP")
    table = b.table(
        "especifico",
        "Específico",
        aspects=[
            b.aspect(
                1,
                "Publicar.",
                b.activity(
                    1,
                    "Recopilar.",
                    units=["Dirección de Planeación", "Departamento de Evaluación"],
                    units_cell="Dirección de Planeación\nDepartamento de Evaluación",
                ),
                b.activity(2, "Difundir.", units=["Delegaciones"], units_cell="Realiza: Delegaciones"),
                b.activity(3, "Firmar.", units=["DGOP"], units_cell="DGOP"),
            )
        ],
    )

    [plan] = commit_import(import_=pending(world, b.result(table)), by=world.staff_a)

    first, second, third = Activity.objects.filter(aspect__plan=plan).order_by("number")
    # Not alphabetical: the order the agency wrote them in.
    assert [unit.name for unit in first.ordered_units()] == ["Dirección de Planeación", "Departamento de Evaluación"]
    assert first.units_label == ""  # the names, one a line, are the cell
    assert [unit.name for unit in second.ordered_units()] == ["Delegaciones"]
    assert second.units_label == "Realiza: Delegaciones"
    # Found by its acronym: the plan prints «DGOP», as the annex did, not the unit's name.
    assert [unit.name for unit in third.ordered_units()] == ["Dirección General de Opciones Productivas"]
    assert third.units_label == "DGOP"


def test_a_replanning_the_annex_does_not_mention_stays_unsaid(world, cycle):
    table = progress_annex(
        b.activity(1, "Recopilar.", percent=75, justification="En proceso.", replanning=None),
        b.activity(2, "Publicar.", percent=50, justification="En proceso.", replanning=False),
    )

    [plan] = commit_import(import_=pending(world, b.result(table)), by=world.staff_a)

    reports = ProgressReport.objects.filter(activity__aspect__plan=plan).order_by("activity__number")
    assert [(report.replanning, report.replanning_justification) for report in reports] == [(None, ""), (False, "")]


def test_drafts_made_by_an_import_stay_invisible_to_the_public(world, cycle, client_anonymous):
    import_ = pending(world, b.result(b.specific_plan()))
    [plan] = commit_import(import_=import_, by=world.staff_a)
    aspect = plan.aspects.first()

    assert not Plan.objects.public().filter(pk=plan.pk).exists()
    assert not Aspect.objects.public().filter(plan=plan).exists()
    page = client_anonymous.get(f"/programas/{world.program_a.key}/asm/{aspect.pk}/")
    assert page.status_code == 404
    assert "Publicar los informes financieros" not in client_anonymous.get("/asm/").content.decode()


def test_the_command_hook_imports_a_file_to_one_plan_in_one_step(world, cycle, monkeypatch, media):
    answers = {"anexos.xlsx": b.result(b.specific_plan(program="otro nombre")), "malo.xlsx": None}
    error = b.problem("Documento específico", 12, "Fecha de término", "31/02/2020", "no es una fecha válida")
    answers["malo.xlsx"] = b.result(b.specific_plan(), errors=[error])
    b.fake_reader(monkeypatch, answers)
    content = b.xlsx_bytes()

    import_ = services.import_annex(
        file=File(io.BytesIO(content), name="anexos.xlsx"),
        name="anexos.xlsx",
        size=len(content),
        program=world.program_a,
        cycle=cycle,
    )

    assert import_.is_imported and import_.uploaded_by_name == "sistema"
    plan = import_.plans.get()
    assert (plan.program, plan.cycle, plan.state) == (world.program_a, cycle, State.DRAFT)
    kept = list(media.rglob("*.xlsx"))
    other = b.xlsx_bytes("otro")
    with pytest.raises(ImportBlocked), TestCase.captureOnCommitCallbacks(execute=True):
        services.import_annex(
            file=File(io.BytesIO(other), name="malo.xlsx"), name="malo.xlsx", size=len(other), program=world.program_a
        )
    assert list(Import.objects.all()) == [import_]
    assert list(media.rglob("*.xlsx")) == kept


def big_table(aspects: int) -> dict:
    return b.table(
        "especifico",
        "Específico",
        aspects=[
            b.aspect(
                n,
                f"ASM número {n} del documento de trabajo, con su texto completo.",
                *[b.activity(k, f"Actividad {k}.", units=[f"Unidad {k}"]) for k in range(1, 6)],
            )
            for n in range(1, aspects + 1)
        ],
    )


def test_the_preview_reads_the_same_number_of_queries_whatever_the_rows(world, cycle):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, large = pending(world, b.result(big_table(5))), pending(world, b.result(big_table(400)), name="b.xlsx")
    with CaptureQueriesContext(connection) as few:
        assert preview(small, by=world.staff_a).counts["activities"] == 25
    with CaptureQueriesContext(connection) as many:
        assert preview(large, by=world.staff_a).counts["activities"] == 2000
    assert len(many.captured_queries) == len(few.captured_queries)
