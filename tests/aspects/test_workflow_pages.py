"""The workflow through the staff pages: buttons that POST, refusals that say why, forged
input ignored, concurrent edits caught with the input kept, history on every page."""

import re
from datetime import date

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from aspects.models import Activity, ChangeRequest, Plan, ProgressReport
from programs.models import CutOffPeriod
from programs.workflow import State, Transition
from tests import factories as make
from tests.aspects.form_data import aspect_data, plan_data, report_data
from tests.conftest import client_for

# Every scenario here ends with the stored derived values equal to a computation from scratch.
pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


def post(client, name, obj, **data):
    return client.post(reverse(name, kwargs={"pk": obj.pk}), data)


def test_capturista_submits_and_another_supervisor_authorises_with_signatures(
    world, client_staff_a, client_supervisor_a
):
    assert post(client_staff_a, "aspects:plan-enviar", world.plan_a).status_code == 302
    page = client_supervisor_a.get(world.plan_a.get_absolute_url()).content.decode()
    assert "Autorizar" in page and "Ana Pérez" in page
    assert post(client_supervisor_a, "aspects:plan-autorizar", world.plan_a).status_code == 302
    world.plan_a.refresh_from_db()
    assert world.plan_a.state == State.AUTHORISED
    assert (world.plan_a.prepared_by_name, world.plan_a.authorised_by_name) == ("Ana Pérez", "Saúl Ríos")
    assert world.plan_a.authorised_by_position == "Director de Planeación"
    page = client_staff_a.get(world.plan_a.get_absolute_url()).content.decode()
    assert "Saúl Ríos, Director de Planeación" in page
    assert "Borrador → En revisión" in page and "En revisión → Autorizado" in page


def test_authorising_by_get_is_a_confirmation_that_changes_nothing(world, client_staff_a, client_supervisor_a):
    world.plan_a.submit(by=world.staff_a)
    response = client_supervisor_a.get(reverse("aspects:plan-autorizar", kwargs={"pk": world.plan_a.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Qué se autoriza" in page and "1 ASM y 1 actividades" in page
    assert "aparecerán en el sitio público" in page
    assert f"La evaluación «{world.evaluation_a}» y sus recomendaciones." in page
    world.plan_a.refresh_from_db()
    assert world.plan_a.state == State.IN_REVIEW
    assert client_supervisor_a.get(reverse("aspects:plan-enviar", kwargs={"pk": world.plan_a.pk})).status_code == 405


def test_the_round_confirmation_names_the_reports_and_the_public_evidence(world, client_supervisor_a):
    report = make.report(world.live_activity_a, world.march, percent=70)
    make.evidence(report, publishable=True)
    make.evidence(report, name="interno.pdf", publishable=False)
    round_ = world.live_plan_a.rounds.get(period=world.march)
    round_.submit(by=world.staff_a)
    page = client_supervisor_a.get(reverse("aspects:round-autorizar", kwargs={"pk": round_.pk})).content.decode()
    assert "Los avances de 1 actividad(es)" in page
    assert "2 evidencia(s) de esos avances." in page
    assert "1 evidencia(s) marcadas como públicas" in page


def test_the_confirmation_is_refused_to_whoever_may_not_authorise(world, client_staff_a, client_supervisor_a):
    url = reverse("aspects:plan-autorizar", kwargs={"pk": world.plan_a.pk})
    assert client_supervisor_a.get(url).status_code == 409  # still a draft
    world.plan_a.submit(by=world.staff_a)
    assert client_staff_a.get(url).status_code == 403


def test_supervisor_cannot_authorise_what_they_submitted(world, client_supervisor_a):
    post(client_supervisor_a, "aspects:plan-enviar", world.plan_a)
    response = post(client_supervisor_a, "aspects:plan-autorizar", world.plan_a)
    assert response.status_code == 403
    assert "No puede devolver ni autorizar lo que usted mismo elaboró" in response.content.decode()
    world.plan_a.refresh_from_db()
    assert world.plan_a.state == State.IN_REVIEW


def test_supervisor_cannot_approve_other_agency(world, client_staff_a, client_supervisor_b):
    world.plan_a.submit(by=world.staff_a)
    assert post(client_supervisor_b, "aspects:plan-autorizar", world.plan_a).status_code == 404
    world.plan_a.refresh_from_db()
    assert world.plan_a.state == State.IN_REVIEW


def test_transition_from_the_wrong_state_answers_409_with_the_reason(world, client_supervisor_a):
    response = post(client_supervisor_a, "aspects:plan-autorizar", world.plan_a)
    assert response.status_code == 409
    assert "está borrador" in response.content.decode()
    assert not world.plan_a.transitions.exists()


def test_returning_needs_a_comment(world, client_staff_a, client_supervisor_a):
    world.plan_a.submit(by=world.staff_a)
    response = post(client_supervisor_a, "aspects:plan-devolver", world.plan_a, comment="  ")
    assert response.status_code == 409
    assert "escriba un comentario" in response.content.decode()
    assert post(client_supervisor_a, "aspects:plan-devolver", world.plan_a, comment="Faltan fechas.").status_code == 302
    world.plan_a.refresh_from_db()
    assert world.plan_a.state == State.RETURNED
    assert world.plan_a.transitions.last().comment == "Faltan fechas."


def test_forged_post_cannot_change_agency_status_or_signatures(world, client_staff_a):
    data = plan_data(
        program=world.program_b.pk,
        cycle=world.plan_a.cycle_id,
        title="Título",
        state="autorizado",
        authorised_by=world.supervisor_a.pk,
        authorised_by_name="Falso",
        prepared_by_name="Falso",
        version=world.plan_a.version,
    )
    response = client_staff_a.post(reverse("aspects:plan-update", kwargs={"pk": world.plan_a.pk}), data)
    assert "program" in response.context["form"].errors  # agency B's program is not a choice
    data["program"] = world.program_a.pk
    assert client_staff_a.post(reverse("aspects:plan-update", kwargs={"pk": world.plan_a.pk}), data).status_code == 302
    plan = Plan.objects.get(pk=world.plan_a.pk)
    assert (plan.state, plan.authorised_by_id, plan.authorised_by_name, plan.prepared_by_name) == (
        State.DRAFT,
        None,
        "",
        "",
    )
    assert plan.program.agency == world.agency_a
    response = client_staff_a.post(
        reverse("programs:program-update", kwargs={"pk": world.program_a.pk}),
        {
            "key": "A001",
            "name": "Programa A",
            "kind": "fondo",
            "agency": world.agency_b.pk,
            "version": world.program_a.version,
        },
    )
    assert response.status_code == 302
    world.program_a.refresh_from_db()
    assert world.program_a.agency == world.agency_a


def test_forged_transition_post_cannot_set_state_or_signatures(world, client_staff_a):
    post(
        client_staff_a,
        "aspects:plan-enviar",
        world.plan_a,
        state="autorizado",
        authorised_by_name="Falso",
        prepared_by=world.supervisor_a.pk,
    )
    world.plan_a.refresh_from_db()
    assert world.plan_a.state == State.IN_REVIEW
    assert world.plan_a.prepared_by == world.staff_a
    assert world.plan_a.authorised_by_name == ""


def test_submitted_content_is_read_only_with_the_reason(world, client_staff_a):
    world.plan_a.submit(by=world.staff_a)
    response = client_staff_a.get(reverse("aspects:aspect-update", kwargs={"pk": world.aspect_a.pk}))
    assert response.status_code == 403
    assert "en revisión" in response.content.decode()
    assert "Editar ASM y actividades" not in client_staff_a.get(world.aspect_a.get_absolute_url()).content.decode()


def test_deleting_authorised_content_is_refused_even_outside_the_pages(world, client_staff_a):
    assert (
        client_staff_a.post(reverse("aspects:aspect-delete", kwargs={"pk": world.live_aspect_a.pk})).status_code == 403
    )
    with pytest.raises(ProtectedError), transaction.atomic():
        world.live_activity_a.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Plan.objects.filter(pk=world.live_plan_a.pk).delete()
    assert Activity.objects.filter(pk=world.live_activity_a.pk).exists()


def aspect_edit_data(world, text, version):
    row = {"id": world.activity_a.pk, "aspect": world.aspect_a.pk, "description": "Elaborar el documento."}
    row.update(
        {"units": world.unit_a.pk, "start_date": "", "end_date": "2017-12-31", "version": world.activity_a.version}
    )
    return aspect_data(
        number=1, text=text, responsible_unit=world.unit_a.pk, version=version, activities=[row], initial=1
    )


def test_concurrent_edit_is_detected_and_the_input_kept(world, client_staff_a, client_supervisor_a):
    url = reverse("aspects:aspect-update", kwargs={"pk": world.aspect_a.pk})
    version = world.aspect_a.version  # both opened the form at this version
    assert client_supervisor_a.post(url, aspect_edit_data(world, "Texto del supervisor", version)).status_code == 302

    response = client_staff_a.post(url, aspect_edit_data(world, "Texto de la capturista", version))
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"modificado por Saúl Ríos a las \d\d:\d\d", page)
    assert "Texto de la capturista" in page  # nothing the user typed is lost
    world.aspect_a.refresh_from_db()
    assert world.aspect_a.text == "Texto del supervisor"

    # The page now carries the current version: saving again is a deliberate overwrite.
    new_version = response.context["form"]["version"].value()
    assert int(new_version) == world.aspect_a.version
    data = aspect_edit_data(world, "Texto de la capturista", new_version)
    data["activities-0-version"] = Activity.objects.get(pk=world.activity_a.pk).version
    assert client_staff_a.post(url, data).status_code == 302
    world.aspect_a.refresh_from_db()
    assert world.aspect_a.text == "Texto de la capturista"


def test_staff_see_an_objects_history_on_its_page(world, client_staff_a):
    url = reverse("aspects:aspect-update", kwargs={"pk": world.aspect_a.pk})
    client_staff_a.post(url, aspect_edit_data(world, "Texto nuevo", world.aspect_a.version))
    page = client_staff_a.get(world.aspect_a.get_absolute_url()).content.decode()
    assert "Historial de cambios" in page
    # A long text is a word-level diff.
    assert '<del class="diff">Actualizar</del><ins class="diff">Texto</ins>' in page
    assert "Ana Pérez" in page


def test_closed_period_refuses_reports(world, client_staff_a):
    other = make.activity(world.live_aspect_a, units=[world.unit_a], number=2)
    url = reverse("aspects:report-create", kwargs={"parent_pk": other.pk})
    response = client_staff_a.post(url, report_data(world.september))
    assert response.context["form"].errors["period"] == [
        "Elija un periodo de corte abierto del ciclo del programa de trabajo: los demás no admiten reportes."
    ]
    assert not ProgressReport.objects.filter(activity=other).exists()
    assert client_staff_a.get(reverse("aspects:report-update", kwargs={"pk": world.report_a.pk})).status_code == 403
    make.closed(world.march)
    response = client_staff_a.post(url, report_data(world.march))
    assert response.status_code == 403
    assert "mientras uno de los periodos de corte de su ciclo está abierto" in response.content.decode()
    assert "Registrar avance" not in client_staff_a.get(other.get_absolute_url()).content.decode()


def test_full_progress_needs_evidence(world, client_staff_a):
    url = reverse("aspects:report-create", kwargs={"parent_pk": world.live_activity_a.pk})
    response = client_staff_a.post(url, report_data(world.march, percent="100"))
    assert "requiere al menos un documento probatorio" in response.context["form"].errors["evidence_note"][0]


def test_progress_round_is_submitted_and_authorised_from_its_page(world, client_staff_a, client_supervisor_a):
    url = reverse("aspects:report-create", kwargs={"parent_pk": world.live_activity_a.pk})
    assert client_staff_a.post(url, report_data(world.march)).status_code == 302
    round_ = world.live_plan_a.rounds.get(period=world.march)
    assert "Enviar a revisión" in client_staff_a.get(round_.get_absolute_url()).content.decode()
    assert post(client_staff_a, "aspects:round-enviar", round_).status_code == 302
    assert client_staff_a.post(url, report_data(world.march)).status_code == 200  # locked while in review
    assert post(client_supervisor_a, "aspects:round-autorizar", round_).status_code == 302
    round_.refresh_from_db()
    assert round_.state == State.AUTHORISED and round_.authorised_by == world.supervisor_a


def test_replanning_through_the_pages_keeps_the_original_date(world, client_staff_a, client_supervisor_a):
    url = reverse("aspects:change-create", kwargs={"parent_pk": world.live_activity_a.pk})
    response = client_staff_a.post(
        url, {"justification": "El proveedor entregó tarde.", "new_description": "", "new_end_date": "2018-06-30"}
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get(activity=world.live_activity_a)
    post(client_staff_a, "aspects:change-enviar", change)
    post(client_supervisor_a, "aspects:change-autorizar", change)
    activity = Activity.objects.get(pk=world.live_activity_a.pk)
    assert (activity.end_date, activity.original_end_date, activity.replan_count) == (
        date(2018, 6, 30),
        date(2017, 12, 31),
        1,
    )
    page = client_staff_a.get(activity.get_absolute_url()).content.decode()
    assert "31/12/2017" in page and "30/06/2018" in page
    assert "El proveedor entregó tarde." in page


def test_replanning_without_justification_or_change_is_refused(world, client_staff_a):
    url = reverse("aspects:change-create", kwargs={"parent_pk": world.live_activity_a.pk})
    response = client_staff_a.post(url, {"justification": "", "new_description": "", "new_end_date": ""})
    errors = response.context["form"].errors
    assert "justification" in errors
    assert "Indique al menos un cambio" in str(errors)
    assert not ChangeRequest.objects.exists()


def test_coordinator_opens_and_closes_periods(world, client_coordinator, client_staff_a):
    pending = CutOffPeriod.objects.create(
        cycle=world.march.cycle, name="Septiembre 2018", start=date(2018, 4, 1), end=date(2018, 9, 30)
    )
    assert client_staff_a.post(reverse("programs:period-open", kwargs={"pk": pending.pk})).status_code == 403
    assert client_coordinator.post(reverse("programs:period-close", kwargs={"pk": world.march.pk})).status_code == 302
    assert client_coordinator.post(reverse("programs:period-open", kwargs={"pk": pending.pk})).status_code == 302
    pending.refresh_from_db()
    world.march.refresh_from_db()
    assert (pending.status, world.march.status) == ("abierto", "cerrado")
    assert client_coordinator.post(reverse("programs:period-open", kwargs={"pk": world.march.pk})).status_code == 409


def test_coordinator_sees_activities_without_report_in_the_open_period(world, client_coordinator):
    other = make.activity(world.live_aspect_a, units=[world.unit_a], number=2, description="Publicar el informe.")
    make.report(other, world.march, percent=10)
    page = client_coordinator.get(reverse("aspects:missing-reports")).content.decode()
    assert world.live_activity_a.description in page
    assert "Publicar el informe." not in page
    assert world.activity_a.get_absolute_url() not in page  # a draft plan's activities are not committed yet


def test_coordinator_reads_drafts_but_cannot_edit(world, client_coordinator):
    assert client_coordinator.get(world.plan_a.get_absolute_url()).status_code == 200
    response = client_coordinator.get(reverse("aspects:plan-update", kwargs={"pk": world.plan_a.pk}))
    assert response.status_code == 403
    assert "Su papel permite consultar" in response.content.decode()


def test_every_transition_writes_a_history_row(world, client_staff_a, client_supervisor_a):
    post(client_staff_a, "aspects:plan-enviar", world.plan_a)
    post(client_supervisor_a, "aspects:plan-devolver", world.plan_a, comment="Corregir")
    post(client_staff_a, "aspects:plan-enviar", world.plan_a)
    post(client_supervisor_a, "aspects:plan-autorizar", world.plan_a)
    steps = [(t.from_state, t.to_state, t.by_id) for t in world.plan_a.transitions.all()]
    assert steps == [
        ("borrador", "en_revision", world.staff_a.pk),
        ("en_revision", "devuelto", world.supervisor_a.pk),
        ("devuelto", "en_revision", world.staff_a.pk),
        ("en_revision", "autorizado", world.supervisor_a.pk),
    ]


def test_user_without_role_cannot_submit(world, db):
    loner = client_for(make.user("loner"))
    assert post(loner, "aspects:plan-enviar", world.plan_a).status_code == 404


def test_deleting_a_returned_draft_keeps_its_history(world, client_staff_a, client_supervisor_a):
    from audit.models import AuditEntry

    world.plan_a.submit(by=world.staff_a)
    world.plan_a.return_(by=world.supervisor_a, comment="Mejor empezar de nuevo.")
    plan_pk = world.plan_a.pk
    assert client_staff_a.post(reverse("aspects:plan-delete", kwargs={"pk": plan_pk})).status_code == 302
    assert not Plan.objects.filter(pk=plan_pk).exists()
    assert Transition.objects.filter(content_type__model="plan", object_id=plan_pk).count() == 2
    assert AuditEntry.objects.filter(object_id=str(plan_pk), action="baja").exists()


@pytest.mark.parametrize("attribute", ["live_plan_a", "live_aspect_a", "live_activity_a", "program_a", "evaluation_a"])
def test_detail_pages_show_their_history_once_and_a_plain_title(world, client_staff_a, attribute):
    page = client_staff_a.get(getattr(world, attribute).get_absolute_url()).content.decode()
    assert page.count("Historial de cambios") == 1
    title = page.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and len(title) < 200


def test_a_supervisor_without_a_full_name_is_told_why_the_authorisation_is_refused(
    world, client_staff_a, client_supervisor_a
):
    post(client_staff_a, "aspects:plan-enviar", world.plan_a)
    world.supervisor_a.first_name = world.supervisor_a.last_name = ""
    world.supervisor_a.save()
    response = post(client_supervisor_a, "aspects:plan-autorizar", world.plan_a)
    assert response.status_code == 403
    assert "Su cuenta no tiene registrados nombre y apellidos" in response.content.decode()
    world.plan_a.refresh_from_db()
    assert world.plan_a.state == State.IN_REVIEW
