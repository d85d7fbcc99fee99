"""Staff in the browser: periods opened, closed and reopened through their confirmation pages;
the diff a supervisor sees after a resubmission; two rounds authorised at once; the coordinator
standing in for an agency's only supervisor; and axe-core on every staff page type."""

import json

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from aspects.models import Activity
from imports.services import choose, commit_import, receive_file
from jobs.models import Job
from programs.models import CutOffPeriod
from programs.workflow import STAND_IN_NOTE, State, Transition
from tests import factories as make
from tests.browser.conftest import axe_violations
from tests.imports import builders
from tests.personas import build_world, client_for, two_rounds_in_review


@pytest.fixture
def world(transactional_db, live_server):
    world = build_world()
    world.base = live_server.url
    return world


def log_in(page, world, user) -> None:
    """Give the browser `user`'s session, second factor verified where the role requires one (the
    login form and its second step have their own tests, tests/browser/test_accounts.py)."""
    client = client_for(user, second_factor=True)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": world.base,
            }
        ]
    )


def test_a_period_is_opened_closed_and_reopened_each_through_its_confirmation(world, page):
    june = CutOffPeriod.objects.create(
        cycle=world.march.cycle, name="Junio", start=world.march.end, end=world.march.end.replace(day=28)
    )
    log_in(page, world, world.coordinator)
    page.goto(world.base + "/panel/ciclos/")
    page.get_by_role("link", name="Abrir Junio").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Abrir el periodo «Junio»"
    assert "Se avisará por correo a 1 capturista de SSA." in page.locator("#aviso").inner_text()
    # «Marzo» is open: the overlap must be confirmed on purpose.
    page.get_by_role("button", name="Abrir el periodo").click()
    assert "sigue abierto" in page.get_by_role("alert").inner_text()
    page.get_by_label("Confirmo que quiero dos periodos de este ciclo abiertos a la vez").check()
    page.get_by_role("button", name="Abrir el periodo").click()
    assert "El periodo «Junio" in page.locator(".alert-success").inner_text()

    page.get_by_role("link", name="Cerrar Junio").click()
    assert page.locator("#sin-reporte").inner_text() == "1"
    assert page.locator("#aviso").inner_text() == "No se enviará ningún aviso."
    page.get_by_role("button", name="Cerrar el periodo").click()
    assert "quedó cerrado" in page.locator(".alert-success").inner_text()

    page.get_by_role("link", name="Reabrir Junio").click()
    page.get_by_label("Motivo de la reapertura (obligatorio)").fill("Faltan los reportes de SSA.")
    page.get_by_label("Confirmo que quiero dos periodos de este ciclo abiertos a la vez").check()
    page.get_by_role("button", name="Reabrir el periodo").click()
    assert "quedó abierto de nuevo" in page.locator(".alert-success").inner_text()
    june.refresh_from_db()
    assert june.status == "abierto"
    assert [(step.from_state, step.to_state) for step in june.transitions] == [
        ("por_abrir", "abierto"),
        ("abierto", "cerrado"),
        ("cerrado", "abierto"),
    ]
    assert june.transitions.last().comment == "Faltan los reportes de SSA."


def test_the_supervisor_sees_the_changes_of_a_resubmitted_plan(world, page):
    make.in_state(world.plan_a, State.RETURNED, world.staff_a, world.supervisor_a)
    activity = Activity.objects.get(pk=world.activity_a.pk)
    activity.description = "Elaborar y publicar el documento."
    activity.save()
    log_in(page, world, world.staff_a)
    page.goto(world.base + world.plan_a.get_absolute_url())
    page.get_by_role("button", name="Enviar a revisión").click()
    assert "Se avisó por correo a 1 supervisor de la dependencia." in page.locator(".alert-success").inner_text()

    log_in(page, world, world.supervisor_a)
    page.goto(world.base + world.plan_a.get_absolute_url())
    section = page.get_by_role("region", name="Cambios desde la devolución")
    assert "ASM 1 · Actividad 1" in section.inner_text()
    assert section.locator("ins.diff").first.inner_text().strip() == "y publicar"
    assert axe_violations(page) == []


def test_a_supervisor_authorises_two_rounds_at_once(world, page):
    rounds = two_rounds_in_review(world)
    log_in(page, world, world.supervisor_a)
    page.goto(world.base + "/panel/")
    for round_ in rounds:
        page.get_by_label(f"{round_} · {round_.plan.cycle}", exact=True).check()
    page.get_by_role("button", name="Autorizar los seleccionados…").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Autorizar varios avances por periodo"
    page.get_by_role("button", name="Autorizar los 2 avances").click()
    assert "Se autorizaron 2 avances por periodo" in page.locator(".alert-success").inner_text()
    for round_ in rounds:
        round_.refresh_from_db()
        assert round_.state == State.AUTHORISED


def test_the_coordinator_authorises_what_an_agencys_only_supervisor_prepared(world, page):
    supervisor_b = world.supervisor_b
    plan = make.plan(world.program_b)
    make.aspect(plan)
    log_in(page, world, supervisor_b)
    page.goto(world.base + plan.get_absolute_url())
    page.get_by_role("button", name="Enviar a revisión").click()
    notice = page.locator(".alert-success").inner_text()
    assert "La dependencia no tiene otro supervisor" in notice and "Se avisó a los supervisores" not in notice
    assert "puede hacerlo la coordinación de evaluación" in page.get_by_role("status").inner_text()

    log_in(page, world, world.coordinator)
    page.goto(world.base + plan.get_absolute_url())
    page.get_by_role("link", name="Autorizar…").click()
    assert "usted lo autoriza como coordinación de evaluación" in page.locator("main").inner_text()
    page.get_by_role("button", name="Autorizar", exact=True).click()
    plan.refresh_from_db()
    assert plan.state == State.AUTHORISED and plan.authorised_by == world.coordinator
    assert Transition.of(plan).last().comment == STAND_IN_NOTE


def staff_page_types(world) -> dict[str, tuple[object, str]]:
    """One page of every staff page type, with who looks at it, in states that show their parts:
    a plan in review after a return (its changes and the review buttons), a round to authorise,
    a replanning, a form with formsets, confirmations and a refusal; the capturista's home with its
    open-period panel, the calendar of a month with due dates, and the import previews, with errors
    and ready to import."""
    from django.urls import reverse

    from aspects.models import ChangeRequest

    make.in_state(world.plan_a, State.RETURNED, world.staff_a, world.supervisor_a)
    activity = Activity.objects.get(pk=world.activity_a.pk)
    activity.description = "Elaborar y publicar el documento."
    activity.save()
    world.plan_a.submit(by=world.staff_a)
    report = make.report(world.live_activity_a, world.march, percent=70)
    evidence = make.evidence(report, publishable=True)
    round_ = world.live_plan_a.rounds.get(period=world.march)
    round_.submit(by=world.staff_a)
    change = ChangeRequest.objects.create(
        activity=world.live_activity_a, justification="Retraso del proveedor.", new_end_date=world.march.end
    )
    draft = make.plan(world.program_a)
    other = make.plan(world.program_a)
    reportable = make.activity(make.aspect(other), units=[world.unit_a])
    reported = make.activity(reportable.aspect, units=[world.unit_a])
    make.authorised(other, world.staff_a, world.supervisor_a)
    draft_report = make.report(reported, make.opened(other.cycle.periods.order_by("end").last()), percent=20)
    june = CutOffPeriod.objects.create(
        cycle=world.march.cycle, name="Junio", start=world.march.end, end=world.march.end.replace(day=28)
    )
    job = Job.objects.create(owner=world.staff_a, kind="reports.annex", title="Documento de trabajo · A001 2017 (PDF)")
    make.activity(make.aspect(draft), units=[world.unit_a])
    staff, supervisor, coordinator = world.staff_a, world.supervisor_a, world.coordinator
    with_errors, clean = (
        receive_file(upload=ContentFile(data, name=name), name=name, size=len(data), agency=world.agency_a, by=staff)
        for name, data in (builders.bad_cells_xlsx(), builders.durango_xlsx())
    )
    cycle_2020 = make.cycle(name="Programa de ASM 2020", year=2020)
    name, data = builders.fassa_institutional_xlsx()
    imported = receive_file(
        upload=ContentFile(data, name=name), name=name, size=len(data), agency=world.agency_a, by=staff
    )
    for import_ in (with_errors, clean):
        choose(import_, program=world.program_a, cycle=cycle_2020)
    choose(imported, program=world.program_a, cycle=make.cycle(name="Programa de ASM 2021", year=2021))
    commit_import(import_=imported, by=staff)
    pages = {
        "inicio": (supervisor, reverse("staff-home")),
        "inicio del capturista (periodo abierto)": (staff, reverse("staff-home")),
        "calendario": (staff, reverse("aspects:calendar") + f"?mes={world.march.end:%Y-%m}"),
        "calendario de la coordinación": (
            coordinator,
            reverse("aspects:calendar") + f"?mes={world.march.end:%Y-%m}&dependencia={world.agency_a.pk}",
        ),
        "importaciones": (staff, reverse("imports:import-list")),
        "importar un archivo": (staff, reverse("imports:import-upload")),
        "vista previa de importación con errores": (staff, with_errors.get_absolute_url()),
        "vista previa de importación": (staff, clean.get_absolute_url()),
        "importación hecha": (staff, imported.get_absolute_url()),
        "subir evidencia": (staff, reverse("evidence:report-upload", args=[draft_report.pk])),
        "confirmar apertura de periodo": (coordinator, reverse("programs:period-open", args=[june.pk])),
        "descarga en preparación": (staff, reverse("jobs:job-detail", args=[job.pk])),
        "mi cuenta": (staff, reverse("account")),
        "cambiar contraseña": (staff, reverse("password_change")),
        "programas": (staff, reverse("programs:program-list")),
        "programa": (staff, world.program_a.get_absolute_url()),
        "evaluación": (staff, world.evaluation_a.get_absolute_url()),
        "formulario de programa": (staff, reverse("programs:program-update", args=[world.program_a.pk])),
        "nueva evaluación": (staff, reverse("programs:evaluation-create", args=[world.program_a.pk])),
        "ciclos": (coordinator, reverse("programs:cycle-list")),
        "confirmar cierre de periodo": (coordinator, reverse("programs:period-close", args=[world.march.pk])),
        "reabrir periodo": (coordinator, reverse("programs:period-reopen", args=[world.september.pk])),
        "formulario de periodo": (coordinator, reverse("programs:period-update", args=[world.march.pk])),
        "programas de trabajo": (staff, reverse("aspects:plan-list")),
        "programa de trabajo en revisión": (supervisor, world.plan_a.get_absolute_url()),
        "programa de trabajo en borrador": (staff, draft.get_absolute_url()),
        "formulario de programa de trabajo": (staff, reverse("aspects:plan-update", args=[draft.pk])),
        "participantes del programa de trabajo": (staff, reverse("aspects:plan-participants", args=[draft.pk])),
        "formulario de ASM": (staff, reverse("aspects:aspect-update", args=[draft.aspects.get().pk])),
        "objetivos e indicadores": (staff, reverse("indicators:plan-editor", args=[draft.pk])),
        "lista de ASM": (staff, reverse("aspects:aspect-list")),
        "ASM": (staff, world.aspect_a.get_absolute_url()),
        "actividades": (staff, reverse("aspects:activity-list")),
        "actividad": (staff, world.live_activity_a.get_absolute_url()),
        "formulario de avance": (staff, reverse("aspects:report-create", args=[reportable.pk])),
        "formulario de replanteamiento": (staff, reverse("aspects:change-update", args=[change.pk])),
        "avance del periodo": (supervisor, round_.get_absolute_url()),
        "confirmar autorización": (supervisor, reverse("aspects:round-autorizar", args=[round_.pk])),
        "autorizar varios": (supervisor, reverse("aspects:round-bulk-authorise") + f"?ids={round_.pk}"),
        "replanteamiento": (staff, change.get_absolute_url()),
        "confirmar eliminación": (staff, reverse("aspects:plan-delete", args=[draft.pk])),
        "acción rechazada": (staff, reverse("aspects:round-autorizar", args=[round_.pk])),
        "sin reporte": (coordinator, reverse("aspects:missing-reports")),
        "evidencia": (staff, evidence.get_absolute_url()),
        "anexo": (staff, reverse("reports:annex-preview", args=[world.live_plan_a.pk, "avance"])),
        "mis descargas": (staff, reverse("jobs:job-list")),
        "anexo consolidado": (staff, reverse("reports:consolidated-export")),
    }
    return pages


# What a page type must show for axe to have looked at it: the panel, the month's dates, the errors.
SHOWN_PART = {
    "inicio del capturista (periodo abierto)": "[data-open-period-panel] [data-missing-activity]",
    "calendario": "[data-due]",
    "calendario de la coordinación": "[data-due]",
    "vista previa de importación con errores": "#errores",
    "vista previa de importación": "form button:text-is('Importar')",
    # The nested rows: an ASM's indicator with its target row.
    "objetivos e indicadores": "[data-formset-placeholder='__indicador__'] [data-formset-placeholder='__meta__']",
}


@pytest.mark.parametrize("width", [1280, 375])
def test_every_staff_page_type_has_no_wcag_violations(world, chromium, width):
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="es-MX")
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = {}
    who = None
    for name, (user, path) in staff_page_types(world).items():
        if user is not who:
            log_in(page, world, user)
            who = user
        response = page.goto(world.base + path)
        assert response.status == (403 if name == "acción rechazada" else 200), name
        if name in SHOWN_PART:
            assert page.locator(SHOWN_PART[name]).count(), f"{name}: {SHOWN_PART[name]}"
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
