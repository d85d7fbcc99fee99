"""Issue 16 §2 and §4: forms that cannot lead to a wrong record, and a home page about now."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from aspects import calendar, home, progress
from aspects.forms import AspectForm, first_words, recommendation_label
from aspects.models import Activity, Aspect, PlanSummary, ProgressReport
from aspects.progress import Timeliness
from programs.models import TEXT_MAX
from tests import factories as make
from tests.aspects.form_data import aspect_data, formset_data, plan_data, report_data
from tests.conftest import client_for


def create_aspect(client, world, **kwargs):
    return client.post(reverse("aspects:aspect-create", kwargs={"parent_pk": world.plan_a.pk}), aspect_data(**kwargs))


# §2 «Recomendaciones de origen» ------------------------------------------------------------------


@pytest.fixture
def recommendations(world):
    """Besides recommendation_a (attended, of the plan's evaluation): one not attended, one of
    another evaluation of the same program with the same number."""
    not_attended = make.recommendation(
        world.evaluation_a, number=2, attended=False, justification="Fuera del alcance del programa."
    )
    other_evaluation = make.evaluation(world.program_a, year=2014)
    elsewhere = make.recommendation(other_evaluation, number=1, text="Otra evaluación.")
    return not_attended, elsewhere


def test_the_asm_form_offers_only_the_attended_recommendations_of_the_plans_evaluation(
    world, recommendations, client_staff_a
):
    response = client_staff_a.get(reverse("aspects:aspect-create", kwargs={"parent_pk": world.plan_a.pk}))
    offered = list(response.context["form"].fields["recommendations"].widget.choices)
    assert offered == [
        (world.recommendation_a.pk, "Rec. 1 · Evaluación Consistencia y Resultados 2016 · Mejorar la MIR.")
    ]


def test_a_recommendations_label_keeps_whole_words():
    text = "Actualizar el diagnóstico del problema público con información estadística reciente del INEGI"
    shown = first_words(text)
    assert shown == "Actualizar el diagnóstico del problema público con…"
    assert text.startswith(shown.removesuffix("…"))
    assert first_words("Corta.") == "Corta."


def test_the_label_names_the_number_the_evaluation_and_the_first_words(world):
    world.recommendation_a.text = "Integrar un padrón único de beneficiarios que permita conocer la demanda atendida"
    assert recommendation_label(world.recommendation_a) == (
        "Rec. 1 · Evaluación Consistencia y Resultados 2016 · Integrar un padrón único de beneficiarios que permita…"
    )


def test_a_posted_recommendation_of_another_evaluation_is_refused_with_a_reason(world, recommendations, client_staff_a):
    _, elsewhere = recommendations
    response = create_aspect(client_staff_a, world, recommendations=[elsewhere.pk])
    assert response.context["form"].errors["recommendations"] == [
        "La recomendación 1 es de «Evaluación Consistencia y Resultados 2014», no de la evaluación de origen del "
        "programa de trabajo."
    ]
    assert not Aspect.objects.filter(plan=world.plan_a, number=2).exists()


def test_a_posted_recommendation_not_attended_is_refused_with_a_reason(world, recommendations, client_staff_a):
    not_attended, _ = recommendations
    response = create_aspect(client_staff_a, world, recommendations=[not_attended.pk])
    assert response.context["form"].errors["recommendations"] == [
        "La recomendación 2 está marcada «NO se atenderá»: no puede dar origen a un ASM."
    ]


def test_the_attended_recommendation_of_the_plans_evaluation_is_linked(world, recommendations, client_staff_a):
    response = create_aspect(client_staff_a, world, recommendations=[world.recommendation_a.pk])
    assert response.status_code == 302
    assert list(Aspect.objects.get(plan=world.plan_a, number=2).recommendations.all()) == [world.recommendation_a]


def test_another_agencys_recommendation_is_not_even_a_choice(world, client_staff_a):
    foreign = make.recommendation(make.evaluation(world.program_b), number=1)
    response = create_aspect(client_staff_a, world, recommendations=[foreign.pk])
    assert "no es una de las opciones disponibles" in str(response.context["form"].errors["recommendations"])


# §2 units and numbers -----------------------------------------------------------------------------


def test_the_coordinating_unit_of_a_specific_asm_is_only_the_plans_agencys(world):
    unit_b = make.unit(world.agency_b, name="Dirección de Planeación B")
    form = AspectForm(instance=Aspect(plan=world.plan_a), user=world.staff_a)
    assert list(form.fields["coordinating_unit"].queryset) == [world.unit_a]
    posted = AspectForm(
        aspect_data(kind="institucional", coordinating_unit=str(unit_b.pk)),
        instance=Aspect(plan=world.plan_a),
        user=world.staff_a,
    )
    assert "coordinating_unit" in posted.errors


def test_the_new_asm_form_prefills_the_next_number(world, client_staff_a):
    make.aspect(world.plan_a, number=7)
    response = client_staff_a.get(reverse("aspects:aspect-create", kwargs={"parent_pk": world.plan_a.pk}))
    assert response.context["form"].initial["number"] == 8
    assert 'name="number" value="8"' in response.content.decode()


# §2 the progress-report form ----------------------------------------------------------------------


def report_form_url(world):
    return reverse("aspects:report-create", kwargs={"parent_pk": world.live_activity_a.pk})


def test_the_report_form_offers_only_open_periods_and_preselects_the_one_open(world, client_staff_a):
    form = client_staff_a.get(report_form_url(world)).context["form"]
    assert list(form.fields["period"].queryset) == [world.march]
    assert form.initial["period"] == world.march.pk
    assert form.initial["reported_on"] == min(timezone.localdate(), world.march.end)


def test_a_report_date_in_the_future_is_refused(world, client_staff_a):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_staff_a.post(report_form_url(world), report_data(world.march, reported_on=tomorrow.isoformat()))
    assert response.context["form"].errors["reported_on"] == ["La fecha de reporte no puede ser posterior a hoy."]
    assert not ProgressReport.objects.filter(period=world.march).exists()


def test_a_report_date_outside_the_period_is_refused(world, client_staff_a):
    response = client_staff_a.post(report_form_url(world), report_data(world.march, reported_on="2017-09-30"))
    assert response.context["form"].errors["reported_on"] == [
        "La fecha de reporte debe caer dentro del periodo «Marzo»: del 01/10/2017 al 31/03/2018."
    ]


@pytest.mark.parametrize("field", ["justification", "observations"])
def test_justification_and_observations_are_capped_like_other_texts(world, client_staff_a, field):
    response = client_staff_a.post(
        report_form_url(world), report_data(world.march, reported_on="2018-03-31", **{field: "x" * (TEXT_MAX + 1)})
    )
    assert response.context["form"].errors[field] == [
        f"Asegúrese de que este valor tenga como máximo {TEXT_MAX} caracteres (tiene {TEXT_MAX + 1})."
    ]


def test_the_progress_in_the_documents_own_words_is_kept_beside_its_percent(world, client_staff_a):
    data = report_data(world.march, reported_on="2018-03-31", printed_text="Avance %:60")
    assert client_staff_a.post(report_form_url(world), data).status_code == 302
    report = ProgressReport.objects.get(activity=world.live_activity_a, period=world.march)
    assert (report.percent, report.printed_text) == (60, "Avance %:60")


def test_every_limited_text_carries_its_limit_for_the_character_counter(world, client_staff_a):
    page = client_staff_a.get(report_form_url(world)).content.decode()
    assert f'maxlength="{TEXT_MAX}"' in page and "js/counter.js" in page
    page = client_staff_a.get(reverse("aspects:aspect-create", kwargs={"parent_pk": world.plan_a.pk})).content.decode()
    assert f'name="text" cols="40" rows="3" maxlength="{TEXT_MAX}"' in page


def test_a_draft_plans_activity_says_why_it_takes_no_progress_yet(world, client_staff_a):
    page = client_staff_a.get(world.activity_a.get_absolute_url()).content.decode()
    assert "Todavía no se registra avance: el programa de trabajo debe estar autorizado." in page
    assert reverse("aspects:report-create", kwargs={"parent_pk": world.activity_a.pk}) not in page


def test_an_authorised_activity_with_an_open_period_offers_the_button_without_excuse(world, client_staff_a):
    page = client_staff_a.get(world.live_activity_a.get_absolute_url()).content.decode()
    assert reverse("aspects:report-create", kwargs={"parent_pk": world.live_activity_a.pk}) in page
    assert "Todavía no se registra avance" not in page


# §2 messages --------------------------------------------------------------------------------------


def test_a_duplicate_plan_gets_our_message_with_a_link_to_the_existing_one(world, client_staff_a):
    data = plan_data(program=world.program_a.pk, cycle=world.plan_a.cycle_id)
    response = client_staff_a.post(reverse("aspects:plan-create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<a href="{world.plan_a.get_absolute_url()}">abra el existente</a>' in page
    assert page.count("ya tiene programa de trabajo del ciclo") == 1
    assert "Ya existe" not in page and "Programa y Ciclo" not in page


def test_a_repeated_recommendation_number_names_the_field_as_labelled(world, client_staff_a):
    url = reverse("programs:evaluation-update", kwargs={"pk": world.evaluation_a.pk})
    form = client_staff_a.get(url).context["form"]
    rows = formset_data(
        "recommendations", [{"number": 5, "text": f"Recomendación {i}", "attended": "on"} for i in range(2)]
    )
    data = {
        "type": world.evaluation_a.type_id,
        "year": 2016,
        "fiscal_year": 2015,
        "evaluator": "",
        "report_url": "",
        "position_text": "",
        "version": form.initial.get("version", world.evaluation_a.version),
        **rows,
    }
    # The world's recommendation 1 is in the formset too when editing; post as a new evaluation's rows.
    response = client_staff_a.post(
        reverse("programs:evaluation-create", kwargs={"parent_pk": world.program_a.pk}), data
    )
    page = response.content.decode()
    assert "Otra fila ya tiene el número 5: cada fila lleva uno distinto." in page
    assert "duplicada" not in page and " en number" not in page


# §4 the home page ---------------------------------------------------------------------------------


def test_the_home_leads_with_the_open_period_and_what_is_missing_in_it(world, client_staff_a):
    response = client_staff_a.get(reverse("staff-home"))
    (panel,) = response.context["open_panels"]
    assert panel.period == world.march
    assert panel.days_left == (world.march.end - timezone.localdate()).days
    assert panel.missing == [world.live_activity_a] and panel.missing_count == 1
    page = response.content.decode()
    assert page.index("data-open-period-panel") < page.index('id="vencidas"')
    assert "Cierra el <strong>31/03/2018</strong>" in page
    assert reverse("aspects:report-create", kwargs={"parent_pk": world.live_activity_a.pk}) in page


def test_a_reported_activity_leaves_the_panel(world, client_staff_a):
    make.report(world.live_activity_a, world.march, percent=70)
    (panel,) = client_staff_a.get(reverse("staff-home")).context["open_panels"]
    assert panel.missing == [] and panel.missing_count == 0


def test_overdue_activities_beyond_reporting_are_only_a_count_with_a_link(world, client_staff_a):
    closed_plan = make.plan(world.program_a)
    closed_activity = make.activity(make.aspect(closed_plan), units=[world.unit_a], description="Sin periodo abierto")
    make.authorised(closed_plan, world.staff_a, world.supervisor_a)
    response = client_staff_a.get(reverse("staff-home"))
    assert response.context["closed_overdue_count"] == 1
    assert closed_activity not in response.context["overdue"]
    page = response.content.decode()
    assert "Sin periodo abierto" not in page
    link = reverse("aspects:activity-list") + "?oportunidad=vencida&amp;periodo_abierto=no"
    assert link in page
    listed = client_staff_a.get(reverse("aspects:activity-list"), {"oportunidad": "vencida", "periodo_abierto": "no"})
    assert list(listed.context["object_list"]) == [closed_activity]


def test_the_homes_overdue_counts_are_those_of_the_activities_each_person_sees(world):
    """The counts come from the plans' stored counts; they are the activities' own, counted here."""
    closed_plan = make.plan(world.program_a)
    make.activity(make.aspect(closed_plan), units=[world.unit_a])
    cancelled = make.activity(make.aspect(closed_plan), units=[world.unit_a])
    make.authorised(closed_plan, world.staff_a, world.supervisor_a)
    Activity.objects.filter(pk=cancelled.pk).update(cancelled=True)
    progress.refresh([cancelled.aspect_id])
    b_plan = make.plan(world.program_b)
    make.activity(make.aspect(b_plan))
    make.activity(make.aspect(b_plan), end_date=timezone.localdate() + timedelta(days=3))  # due soon, not overdue
    for persona in ("staff_a", "staff_b", "coordinator"):
        user = getattr(world, persona)
        overdue = Activity.objects.visible_to(user).with_progress().by_timeliness(Timeliness.OVERDUE)
        beyond = home.beyond_reporting(overdue).count()
        context = client_for(user).get(reverse("staff-home")).context
        assert (context["overdue_count"], context["closed_overdue_count"]) == (overdue.count() - beyond, beyond)
    coordinator = client_for(world.coordinator).get(reverse("staff-home")).context
    # Agency A: the draft's, the live one and the cancelled one can take a report; the closed plan's live one cannot.
    assert (coordinator["overdue_count"], coordinator["closed_overdue_count"]) == (4, 1)


def test_overdue_counts_taken_before_an_end_date_passed_are_recounted_from_the_activities(world):
    closed_plan = make.plan(world.program_a)
    make.activity(make.aspect(closed_plan), units=[world.unit_a])
    make.authorised(closed_plan, world.staff_a, world.supervisor_a)
    plans = list(PlanSummary.objects.values_list("plan_id", flat=True))
    progress.refresh_summaries(plans, today=date(2017, 12, 1))  # before every end date of 31/12/2017
    assert home.overdue_counts(world.coordinator, today=date(2017, 12, 31)) == (0, 0)
    overdue = Activity.objects.filter(staff_progress__lt=100, end_date__lt=date(2018, 1, 1))
    beyond = home.beyond_reporting(overdue).count()
    assert beyond == 1
    assert home.overdue_counts(world.coordinator, today=date(2018, 1, 1)) == (overdue.count() - beyond, beyond)


def test_another_agency_sees_no_panel_for_agency_as_activities(world, client_staff_b):
    assert client_staff_b.get(reverse("staff-home")).context["open_panels"] == []


# §4 the missing-reports page ----------------------------------------------------------------------


def test_an_activity_not_started_by_the_periods_end_owes_no_report(world, client_coordinator):
    later = make.activity(world.live_aspect_a, units=[world.unit_a], number=2, start_date=date(2018, 7, 1))
    response = client_coordinator.get(reverse("aspects:missing-reports"))
    shown = list(response.context["page"].object_list)
    assert world.live_activity_a in shown and later not in shown


def test_the_missing_reports_page_shows_each_activitys_dates_and_its_downloads(world, client_coordinator):
    world.live_activity_a.start_date = date(2017, 5, 2)
    world.live_activity_a.save()
    page = client_coordinator.get(reverse("aspects:missing-reports")).content.decode()
    assert "02/05/2017" in page and "31/12/2017" in page
    assert reverse("reports:missing-reports-download", kwargs={"fmt": "csv"}) in page
    assert "Enviar recordatorio" in page


def test_the_missing_reports_download_in_csv_writes_formulas_as_text(world, client_coordinator):
    world.live_activity_a.description = '=HYPERLINK("http://x")'
    world.live_activity_a.save()
    response = client_coordinator.get(
        reverse("reports:missing-reports-download", kwargs={"fmt": "csv"}), {"periodo": world.march.pk}
    )
    assert response.status_code == 200
    assert 'filename="sin-reporte-marzo' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Dependencia", "Clave del programa", "Programa"]
    assert rows[1][0] == "Servicios de Salud A" and rows[1][6] == '\'=HYPERLINK("http://x")'


def test_the_missing_reports_download_in_xlsx_has_real_dates(world, client_coordinator):
    response = client_coordinator.get(reverse("reports:missing-reports-download", kwargs={"fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][8] == "Fecha de término"
    assert rows[1][8].date() == date(2017, 12, 31)


def test_send_reminder_emails_the_agencys_capturistas_the_existing_reminder(world, client_coordinator):
    response = client_coordinator.post(
        reverse("aspects:missing-reports-remind"), {"periodo": world.march.pk, "dependencia": world.agency_a.pk}
    )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[world.staff_a.email]]
    assert mail.outbox[0].subject.startswith("Faltan 1 reportes de avance: el periodo «Marzo»")


def test_send_reminder_is_the_coordinators(world, client_staff_a):
    response = client_staff_a.post(
        reverse("aspects:missing-reports-remind"), {"periodo": world.march.pk, "dependencia": world.agency_a.pk}
    )
    assert response.status_code == 403 and mail.outbox == []


# §4 the calendar ----------------------------------------------------------------------------------


def test_the_calendar_shows_a_months_end_dates_and_period_closings(world, client_staff_a):
    response = client_staff_a.get(reverse("aspects:calendar"), {"mes": "2017-12"})
    kinds = [(due.day, due.kind) for _, items in response.context["days"] for due in items]
    assert (date(2017, 12, 31), "actividad") in kinds  # live_activity_a; the draft plan's activity_a is not due
    assert len([kind for kind in kinds if kind[1] == "actividad"]) == 1
    closing = client_staff_a.get(reverse("aspects:calendar"), {"mes": "2018-03"}).context["days"]
    assert [day for day, _ in closing] == [date(2018, 3, 31)]
    # The closings of «Marzo» of both of agency A's cycles (the live plan's and the draft plan's).
    assert {due.uid for due in closing[0][1]} == {
        f"periodo-{world.march.pk}",
        f"periodo-{world.plan_a.cycle.periods.get(name='Marzo').pk}",
    }


def test_another_agency_sees_nothing_of_agency_a_in_its_calendar(world, client_staff_b):
    response = client_staff_b.get(reverse("aspects:calendar"), {"mes": "2017-12"})
    assert response.context["days"] == []


def test_the_icalendar_feed_answers_the_users_secret_address_without_a_login(world, client_anonymous, settings):
    token = calendar.feed_token(world.staff_a)
    response = client_anonymous.get(reverse("calendar-feed", kwargs={"token": token}))
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_the_feed_holds_due_dates_within_its_window(world):
    today = timezone.localdate()
    world.live_activity_a.end_date = today + timedelta(days=10)
    world.live_activity_a.description = "Publicar; revisar, y cerrar"
    world.live_activity_a.save()
    start, end = calendar.feed_window(today)
    body = calendar.ics(calendar.due_dates(world.staff_a, start=start, end=end), base_url="https://asm.example")
    assert f"DTSTART;VALUE=DATE:{world.live_activity_a.end_date:%Y%m%d}" in body
    assert "DESCRIPTION:Publicar\\; revisar\\, y cerrar" in body
    assert f"URL:https://asm.example{world.live_activity_a.get_absolute_url()}" in body


def test_a_forged_or_revoked_feed_address_is_not_found(world, client_anonymous):
    token = calendar.feed_token(world.staff_a)
    forged = f"{world.staff_b.pk}-{token.split('-', 1)[1]}"
    assert client_anonymous.get(reverse("calendar-feed", kwargs={"token": forged})).status_code == 404
    world.staff_a.set_password("otra-secreta-larga")
    world.staff_a.save()
    assert client_anonymous.get(reverse("calendar-feed", kwargs={"token": token})).status_code == 404


def test_the_calendar_page_gives_the_user_their_feed_address(world):
    client = client_for(world.staff_a)
    page = client.get(reverse("aspects:calendar")).content.decode()
    assert reverse("calendar-feed", kwargs={"token": calendar.feed_token(world.staff_a)}) in page


def test_an_asm_text_past_the_limit_is_refused_with_a_message_not_cut(world, client_staff_a):
    response = create_aspect(client_staff_a, world, text="palabra " * 700)  # 5,600 characters
    assert response.context["form"].errors["text"] == [
        f"Asegúrese de que este valor tenga como máximo {TEXT_MAX} caracteres (tiene 5599)."
    ]
    assert not Aspect.objects.filter(plan=world.plan_a, number=2).exists()
