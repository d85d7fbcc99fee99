"""The staff pages of a plan measured by indicators: what they save, and bad input refused with a
Spanish message beside the field and nothing saved."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import (
    AchievementGap,
    Measurement,
    MeasurementRound,
    PlanNarrative,
    ProductChange,
)
from indicators.rating import Rating
from programs.workflow import State
from tests import factories as make
from tests.aspects.form_data import formset_data

# The indicators, their targets, the objectives and the ASM's objective are edited on one page:
# tests/indicators/test_editor.py.


def test_products_gaps_and_narrative_have_their_own_forms(world, client_staff_a):
    products = formset_data(
        "products",
        [
            {
                "number": 1,
                "product": "Informe de gestión",
                "subproduct": "Anexo estadístico",
                "modification": "Incorporar los indicadores por región.",
                "incorporated": "true",
                "note": "",
            }
        ],
    )
    assert client_staff_a.post(reverse("indicators:products", args=[world.plan_a.pk]), products).status_code == 302
    gaps = formset_data(
        "gaps",
        [
            {
                "number": 1,
                "committed": "Sistema en línea en 2008.",
                "reached": "Sistema en piloto.",
                "gap": "Falta la operación en regiones.",
                "causes": "Retraso en la licitación.",
            }
        ],
    )
    assert client_staff_a.post(reverse("indicators:gaps", args=[world.plan_a.pk]), gaps).status_code == 302
    narrative = {
        "contribution": "Mejora la rendición de cuentas.",
        "difficulties": "Rotación del personal.",
        "recommendations": "Capacitar a las regiones.",
        "achievements": "Sistema en piloto\n\nManual publicado\n",
    }
    assert client_staff_a.post(reverse("indicators:narrative", args=[world.plan_a.pk]), narrative).status_code == 302
    assert ProductChange.objects.get(plan=world.plan_a).incorporated is True
    assert AchievementGap.objects.get(plan=world.plan_a).causes == "Retraso en la licitación."
    assert PlanNarrative.objects.get(plan=world.plan_a).achievement_list() == ["Sistema en piloto", "Manual publicado"]
    page = client_staff_a.get(reverse("indicators:plan-indicators", args=[world.plan_a.pk])).content.decode()
    assert "Incorporar los indicadores por región." in page and "Rotación del personal." in page


def measurement_data(period, **extra) -> dict:
    return {
        "period": period.pk,
        "region": "",
        "year": 2017,
        "numerator": "",
        "denominator": "",
        "value": "",
        "result_text": "",
        "rating": "",
        "override_justification": "",
        **extra,
    }


def record(client, indicator, period, **extra):
    url = reverse("indicators:measurement-create", kwargs={"parent_pk": indicator.pk})
    return client.post(url, measurement_data(period, **extra))


def test_a_measurement_is_recorded_rated_and_put_in_the_plans_round(measured, client_staff_a):
    response = record(client_staff_a, measured.first, measured.september, numerator="6", denominator="10")
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.rating == Rating.PARTLY_MET  # 60 % of a 70 % target: at least 80 % of it
    round_ = MeasurementRound.objects.get(plan=measured.plan, period=measured.september)
    assert response["Location"] == f"{round_.get_absolute_url()}#medicion-{measurement.pk}"
    page = client_staff_a.get(round_.get_absolute_url()).content.decode()
    assert "Cumple parcialmente" in page and "60 %" in page


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"numerator": "3", "denominator": "0"}, "denominator", "El denominador no puede ser 0."),
        (
            {"value": "50", "rating": "cumple", "rating_overridden": "on"},
            "override_justification",
            "Justifique por qué cambia la calificación calculada.",
        ),
        ({"result_text": "Se medirá en 2018."}, "rating", "Sin valores medidos, elija la calificación."),
    ],
)
def test_bad_measurements_are_refused_beside_the_field(measured, client_staff_a, values, field, message):
    response = record(client_staff_a, measured.first, measured.september, **values)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Measurement.objects.exists()
    assert not MeasurementRound.objects.exists()


def test_a_measurement_in_a_period_that_is_not_open_is_refused(measured, client_staff_a):
    response = record(client_staff_a, measured.first, measured.march, value="70")
    assert response.context["form"].errors["period"] == [
        "Elija un periodo de corte abierto del ciclo del programa de trabajo: los demás no admiten mediciones."
    ]
    assert not Measurement.objects.exists()


def test_no_measurement_page_while_no_period_of_the_cycle_is_open(measured, client_staff_a):
    make.closed(measured.september)
    assert record(client_staff_a, measured.first, measured.september, value="70").status_code == 403


def test_an_override_with_its_justification_is_kept(measured, client_staff_a):
    response = record(
        client_staff_a,
        measured.first,
        measured.september,
        value="50",
        rating="cumple_parcialmente",
        rating_overridden="on",
        override_justification="La base de ministerios cambió a mitad de año.",
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert (measurement.rating, measurement.derived_rating) == (Rating.PARTLY_MET, Rating.NOT_MET)


def test_the_round_is_submitted_and_authorised_through_the_transition_views(
    measured, world, client_staff_a, client_supervisor_a
):
    make.measurement(measured.first, measured.september, value=70)
    round_ = MeasurementRound.objects.get()
    submitted = client_staff_a.post(reverse("indicators:round-enviar", args=[round_.pk]))
    assert submitted.status_code == 302
    confirm = client_supervisor_a.get(reverse("indicators:round-autorizar", args=[round_.pk]))
    assert "Las mediciones de 1 indicador(es)" in confirm.content.decode()
    assert client_supervisor_a.post(reverse("indicators:round-autorizar", args=[round_.pk])).status_code == 302
    round_.refresh_from_db()
    assert round_.state == State.AUTHORISED
    assert list(Measurement.objects.public()) == [measured.first.measurements.get()]


def test_the_plan_page_links_to_its_indicators(world, client_staff_a):
    page = client_staff_a.get(world.plan_a.get_absolute_url()).content.decode()
    assert reverse("indicators:plan-indicators", args=[world.plan_a.pk]) in page


def overview_queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("indicators:plan-indicators", args=[plan.pk])).status_code == 200
    return len(captured)


def test_the_overview_takes_the_same_queries_with_more_indicators(measured, client_staff_a):
    make.measurement(measured.first, measured.september, value=70)
    before = overview_queries(client_staff_a, measured.plan)
    for _ in range(5):
        aspect = make.aspect(measured.plan, objective=make.objective(measured.plan))
        indicator = make.indicator(aspect, targets={2017: 50, 2018: 60})
        make.measurement(indicator, measured.september, value=40)
    assert overview_queries(client_staff_a, measured.plan) == before


def round_queries(client, round_) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(round_.get_absolute_url()).status_code == 200
    return len(captured)


def test_the_round_page_takes_the_same_queries_with_more_measurements(measured, client_staff_a):
    make.measurement(measured.first, measured.september, value=70)
    round_ = MeasurementRound.objects.get()
    before = round_queries(client_staff_a, round_)
    for _ in range(5):
        indicator = make.indicator(make.aspect(measured.plan), targets={2017: 50})
        make.measurement(indicator, measured.september, value=40)
    assert round_queries(client_staff_a, round_) == before


def test_submitting_the_round_emails_the_supervisor_a_link_to_it(
    measured, world, client_staff_a, django_capture_on_commit_callbacks
):
    from django.core import mail

    make.measurement(measured.first, measured.september, value=70)
    round_ = MeasurementRound.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_staff_a.post(reverse("indicators:round-enviar", args=[round_.pk]))
    assert [message.to for message in mail.outbox] == [[world.supervisor_a.email]]
    assert round_.get_absolute_url() in mail.outbox[0].body


def test_the_asm_page_names_its_objective_and_the_plan_page_its_region(measured, world, client_staff_a):
    measured.plan.region = make.region(world.agency_a, name="Región Norte")
    measured.plan.save()
    plan_page = client_staff_a.get(measured.plan.get_absolute_url()).content.decode()
    assert "Región Norte" in plan_page
    aspect_page = client_staff_a.get(measured.aspect.get_absolute_url()).content.decode()
    assert str(measured.objective) in aspect_page
