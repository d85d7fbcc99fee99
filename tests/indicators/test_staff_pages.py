"""The staff pages of a plan measured by indicators: what they save, and bad input refused with a
Spanish message beside the field and nothing saved."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aspects.models import Objective
from audit.models import AuditEntry
from indicators.models import (
    AchievementGap,
    Indicator,
    IndicatorTarget,
    Measurement,
    MeasurementRound,
    PlanNarrative,
    ProductChange,
)
from indicators.rating import Direction, Rating
from programs.workflow import State
from tests import factories as make
from tests.aspects.form_data import formset_data, formset_management, formset_rows


def indicator_data(targets=(), initial=0, **extra) -> dict:
    rows = [{"year": year, "value": value} for year, value in targets]
    return {
        "number": 1,
        "text": "Porcentaje de ministerios que traspasan la información solicitada.",
        "numerator_description": "Ministerios que traspasan la información",
        "denominator_description": "Ministerios obligados",
        "unit": "ministerios",
        "kind": "porcentaje",
        "direction": "mayor_es_mejor",
        "baseline": "",
        "baseline_year": "",
        **formset_management("targets", len(rows), initial),
        **extra,
        **formset_rows("targets", rows),
    }


def create_indicator(client, aspect, **kwargs):
    return client.post(
        reverse("indicators:indicator-create", kwargs={"parent_pk": aspect.pk}), indicator_data(**kwargs)
    )


def target_errors(response) -> list[dict]:
    return [form.errors for form in response.context["formsets"]["targets"].forms]


def test_an_indicator_is_saved_with_its_yearly_targets(world, client_staff_a):
    response = create_indicator(client_staff_a, world.aspect_a, targets=[(2017, "70"), (2018, "80"), (2019, "90")])
    assert response.status_code == 302
    indicator = Indicator.objects.get(aspect=world.aspect_a)
    assert [(t.year, int(t.value)) for t in indicator.targets.all()] == [(2017, 70), (2018, 80), (2019, 90)]
    entry = AuditEntry.objects.for_object(indicator).get()
    assert (entry.action, entry.user) == (AuditEntry.Action.CREATE, world.staff_a)


def test_a_percent_target_over_100_is_refused_beside_it_and_nothing_is_saved(world, client_staff_a):
    response = create_indicator(client_staff_a, world.aspect_a, targets=[(2017, "70"), (2018, "120")])
    assert response.status_code == 200
    assert target_errors(response)[1]["value"] == ["Para un indicador en porcentaje la meta debe estar entre 0 y 100."]
    assert not Indicator.objects.filter(aspect=world.aspect_a).exists()


def test_a_value_indicator_takes_targets_over_100(world, client_staff_a):
    response = create_indicator(client_staff_a, world.aspect_a, kind="valor", targets=[(2017, "1500")])
    assert response.status_code == 302


def test_a_response_time_in_days_is_saved_as_menor_es_mejor(world, client_staff_a):
    page = client_staff_a.get(reverse("indicators:indicator-create", kwargs={"parent_pk": world.aspect_a.pk}))
    assert "Sentido" in page.content.decode() and "Menor es mejor" in page.content.decode()
    response = create_indicator(
        client_staff_a, world.aspect_a, kind="valor", direction="menor_es_mejor", targets=[(2017, "10")]
    )
    assert response.status_code == 302
    assert Indicator.objects.get(aspect=world.aspect_a).direction == Direction.LOWER


def test_two_targets_for_the_same_year_are_refused_beside_the_repeat(world, client_staff_a):
    response = create_indicator(client_staff_a, world.aspect_a, targets=[(2017, "70"), (2017, "80")])
    assert response.status_code == 200
    assert target_errors(response)[1]["year"] == ["Otra fila ya tiene el año 2017: cada fila lleva uno distinto."]
    assert not IndicatorTarget.objects.exists()


def test_making_an_indicator_a_percent_checks_the_targets_it_already_has(world, client_staff_a):
    indicator = make.indicator(world.aspect_a, number=1, kind="valor", targets={2017: 150})
    target = indicator.targets.get()
    url = reverse("indicators:indicator-update", args=[indicator.pk])
    data = indicator_data(
        initial=1, targets=[(2017, "150")], **{"targets-0-id": target.pk, "version": indicator.version}
    )
    response = client_staff_a.post(url, data)
    assert response.status_code == 200
    assert target_errors(response)[0]["value"] == ["Para un indicador en porcentaje la meta debe estar entre 0 y 100."]
    indicator.refresh_from_db()
    assert indicator.kind == Indicator.Kind.VALUE


def test_indicators_of_a_plan_in_review_cannot_be_added(world, client_staff_a):
    make.in_state(world.plan_a, State.IN_REVIEW, world.staff_a, world.supervisor_a)
    response = create_indicator(client_staff_a, world.aspect_a, targets=[(2017, "70")])
    assert response.status_code == 403


def test_objectives_are_saved_and_the_asm_assigned_to_one(world, client_staff_a):
    url = reverse("indicators:plan-objectives", args=[world.plan_a.pk])
    data = {
        **formset_data(
            "objectives",
            [
                {"number": 1, "text": "Contar con un sistema de información."},
                {"number": 2, "text": "Publicar la información."},
            ],
        ),
        **formset_data("aspects", [{"id": world.aspect_a.pk, "objective": "", "version": world.aspect_a.version}], 1),
    }
    assert client_staff_a.post(url, data).status_code == 302
    assert list(world.plan_a.objectives.values_list("number", flat=True)) == [1, 2]
    first = Objective.objects.get(plan=world.plan_a, number=1)
    aspect_version = type(world.aspect_a).objects.get(pk=world.aspect_a.pk).version
    second = Objective.objects.get(plan=world.plan_a, number=2)
    data = {
        **formset_data(
            "objectives",
            [
                {"id": first.pk, "number": 1, "text": first.text, "version": first.version},
                {"id": second.pk, "number": 2, "text": "Publicar la información."},
            ],
            2,
        ),
        **formset_data("aspects", [{"id": world.aspect_a.pk, "objective": first.pk, "version": aspect_version}], 1),
    }
    assert client_staff_a.post(url, data).status_code == 302
    world.aspect_a.refresh_from_db()
    assert world.aspect_a.objective == first


def test_two_objectives_with_one_number_are_refused(world, client_staff_a):
    url = reverse("indicators:plan-objectives", args=[world.plan_a.pk])
    data = {
        **formset_data("objectives", [{"number": 1, "text": "Uno."}, {"number": 1, "text": "Otro."}]),
        **formset_data("aspects", []),
    }
    response = client_staff_a.post(url, data)
    assert response.status_code == 200
    assert "Otra fila ya tiene el número 1" in response.content.decode()
    assert not Objective.objects.filter(plan=world.plan_a).exists()


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
