"""Bad input on the staff forms: a clear Spanish message beside the field, and nothing saved."""

from datetime import date

import pytest
from django.urls import reverse

from aspects.models import Activity, Aspect, ProgressReport
from programs.models import Recommendation
from tests import factories as make
from tests.aspects.form_data import aspect_data, formset_data, report_data

# Every scenario here ends with the stored derived values equal to a computation from scratch.
pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


def create_aspect(client, world, **kwargs):
    return client.post(reverse("aspects:aspect-create", kwargs={"parent_pk": world.plan_a.pk}), aspect_data(**kwargs))


def errors_of(response, name="form"):
    return response.context[name].errors


def test_valid_aspect_with_activities_is_saved(world, client_staff_a):
    response = create_aspect(client_staff_a, world, activities=[{"units": world.unit_a.pk}, {"units": world.unit_a.pk}])
    assert response.status_code == 302
    aspect = Aspect.objects.get(plan=world.plan_a, number=2)
    assert aspect.activities.count() == 2


def test_responsible_units_keep_the_order_they_were_typed_in(world, client_staff_a):
    later = make.unit(world.agency_a, name="Área Alfa")  # first alphabetically, typed second
    typed = f"{world.unit_a.pk};{later.pk}"
    response = create_aspect(
        client_staff_a, world, activities=[{"units": typed, "units_label": "DGOP/ Alfa", "end_date": "2017-06-30"}]
    )
    assert response.status_code == 302
    activity = Activity.objects.get(aspect__plan=world.plan_a, aspect__number=2)
    assert activity.ordered_units() == [world.unit_a, later]
    assert activity.units_label == "DGOP/ Alfa"


def test_the_staff_form_asks_for_the_committed_end_date(world, client_staff_a):
    response = create_aspect(client_staff_a, world, activities=[{"units": world.unit_a.pk, "end_date": ""}])
    assert errors_of(response, "formset")[0]["end_date"] == ["Este campo es obligatorio."]


@pytest.mark.parametrize(("posted", "stored"), [("unknown", None), ("false", False)])
def test_replanning_may_be_not_stated_or_no(world, client_staff_a, second_period, posted, stored):
    response = post_report(client_staff_a, world, second_period, replanning=posted)
    assert response.status_code == 302
    report = ProgressReport.objects.get(activity=world.live_activity_a, period=second_period)
    assert report.replanning is stored


def test_end_date_before_start_date_is_refused(world, client_staff_a):
    response = create_aspect(
        client_staff_a,
        world,
        activities=[{"units": world.unit_a.pk, "start_date": "2017-06-01", "end_date": "2017-05-01"}],
    )
    formset = response.context["formsets"]["activities"]
    assert formset.forms[0].errors["end_date"] == ["La fecha de término no puede ser anterior a la fecha de inicio."]
    assert "No se guardó nada" in response.content.decode()
    assert not Aspect.objects.filter(number=2).exists()


def test_aspect_end_date_before_start_date_is_refused(world, client_staff_a):
    response = create_aspect(client_staff_a, world, start_date="2017-06-01", end_date="2017-05-01")
    assert errors_of(response)["end_date"] == ["La fecha de término no puede ser anterior a la fecha de inicio."]
    assert not Aspect.objects.filter(number=2).exists()


def test_weights_that_do_not_sum_100_are_refused(world, client_staff_a):
    response = create_aspect(
        client_staff_a,
        world,
        activities=[{"units": world.unit_a.pk, "weight": "40"}, {"units": world.unit_a.pk, "weight": "50"}],
    )
    formset = response.context["formsets"]["activities"]
    assert formset.non_form_errors() == ["Las ponderaciones de las actividades deben sumar 100; suman 90."]
    assert not Aspect.objects.filter(number=2).exists()
    assert Activity.objects.count() == 2  # the world has two: activity_a and live_activity_a


def test_weights_on_some_activities_only_are_refused(world, client_staff_a):
    response = create_aspect(
        client_staff_a, world, activities=[{"units": world.unit_a.pk, "weight": "100"}, {"units": world.unit_a.pk}]
    )
    assert response.context["formsets"]["activities"].non_form_errors() == [
        "La actividad 2 no tiene ponderación y las demás sí: "
        "asigne una ponderación a cada actividad o deje todas vacías."
    ]


def test_a_weight_the_row_refuses_is_told_on_its_row_not_as_a_missing_weight(world, client_staff_a):
    # Every activity has a weight; one is written with a comma. Before, the formset said «Asigne
    # ponderación a todas o a ninguna», which was not what was wrong.
    response = create_aspect(
        client_staff_a,
        world,
        activities=[{"units": world.unit_a.pk, "weight": "60"}, {"units": world.unit_a.pk, "weight": "40,0"}],
    )
    formset = response.context["formsets"]["activities"]
    assert formset.non_form_errors() == []
    assert "weight" in formset.forms[1].errors
    page = response.content.decode()
    assert "Asigne ponderación" not in page and "no tiene ponderación" not in page


def test_a_repeated_activity_number_is_told_beside_the_field_in_its_label_once(world, client_staff_a):
    response = create_aspect(
        client_staff_a, world, activities=[{"units": world.unit_a.pk}, {"units": world.unit_a.pk, "number": 1}]
    )
    formset = response.context["formsets"]["activities"]
    assert formset.forms[1].errors["number"] == ["Otra fila ya tiene el número 1: cada fila lleva uno distinto."]
    assert formset.non_form_errors() == []
    page = response.content.decode()
    assert "duplicada" not in page and " en number" not in page
    assert page.count("Otra fila ya tiene el número 1") == 1


def test_weights_summing_100_are_accepted(world, client_staff_a):
    response = create_aspect(
        client_staff_a,
        world,
        activities=[{"units": world.unit_a.pk, "weight": "40"}, {"units": world.unit_a.pk, "weight": "60"}],
    )
    assert response.status_code == 302


def test_duplicate_aspect_number_in_plan_is_refused(world, client_staff_a):
    response = create_aspect(client_staff_a, world, number=1)
    assert errors_of(response)["number"] == ["Ya existe el ASM número 1 en este programa de trabajo."]
    assert Aspect.objects.filter(plan=world.plan_a).count() == 1


def test_same_number_in_another_plan_is_fine(world, client_staff_a):
    other = make.plan(world.program_a)
    response = client_staff_a.post(
        reverse("aspects:aspect-create", kwargs={"parent_pk": other.pk}), aspect_data(number=1)
    )
    assert response.status_code == 302


def test_institutional_aspect_without_coordinating_unit_is_refused(world, client_staff_a):
    response = create_aspect(client_staff_a, world, kind="institucional")
    assert errors_of(response)["coordinating_unit"] == ["Un ASM institucional requiere un área coordinadora."]
    assert not Aspect.objects.filter(number=2).exists()


def test_institutional_aspect_with_coordinating_unit_is_saved(world, client_staff_a):
    response = create_aspect(client_staff_a, world, kind="institucional", coordinating_unit=world.unit_a.pk)
    assert response.status_code == 302


def test_text_over_its_bound_is_refused(world, client_staff_a):
    response = create_aspect(client_staff_a, world, text="x" * 5001)
    assert errors_of(response)["text"] == [
        "Asegúrese de que este valor tenga como máximo 5000 caracteres (tiene 5001)."
    ]
    assert not Aspect.objects.filter(number=2).exists()


def test_leading_and_trailing_whitespace_is_trimmed(world, client_staff_a):
    create_aspect(
        client_staff_a,
        world,
        text="   Mejorar la cobertura.  \n",
        activities=[{"units": world.unit_a.pk, "description": "  Convocar  "}],
    )
    aspect = Aspect.objects.get(number=2)
    assert aspect.text == "Mejorar la cobertura."
    assert aspect.activities.get().description == "Convocar"


def post_report(client, world, period, **extra):
    return client.post(
        reverse("aspects:report-create", kwargs={"parent_pk": world.live_activity_a.pk}),
        report_data(period, reported_on=period.end.isoformat(), **extra),
    )


@pytest.fixture
def second_period(world):
    return world.march


@pytest.mark.parametrize(
    "percent,message",
    [
        ("101", "El avance no puede pasar de 100 %."),
        ("-1", "Asegúrese de que este valor sea mayor o igual a 0."),
        ("mucho", "Introduzca un número entero."),
        ("50.5", "Introduzca un número entero."),
    ],
)
def test_percent_outside_range_or_not_a_number_is_refused(world, client_staff_a, second_period, percent, message):
    response = post_report(client_staff_a, world, second_period, percent=percent)
    assert message in errors_of(response)["percent"]
    assert ProgressReport.objects.count() == 1


def test_progress_lower_than_previous_without_justification_is_refused(world, client_staff_a, second_period):
    response = post_report(client_staff_a, world, second_period, percent="20")
    assert errors_of(response)["justification"] == [
        "El avance baja de 40 % (Septiembre) a 20 %: justifique la disminución."
    ]
    assert ProgressReport.objects.count() == 1


def test_progress_lower_than_previous_with_justification_is_saved(world, client_staff_a, second_period):
    response = post_report(
        client_staff_a, world, second_period, percent="20", justification="Se corrigió una sobreestimación."
    )
    assert response.status_code == 302
    assert world.live_activity_a.current_progress == 20


def test_second_report_in_the_same_period_is_refused(world, client_staff_a):
    make.report(world.live_activity_a, world.march, percent=50)
    response = post_report(client_staff_a, world, world.march)
    assert errors_of(response)["period"] == ["Esta actividad ya tiene un reporte de avance en el periodo Marzo."]


def test_replanning_without_justification_is_refused(world, client_staff_a, second_period):
    response = post_report(client_staff_a, world, second_period, replanning="true")
    assert errors_of(response)["replanning_justification"] == ["Justifique el replanteamiento."]


def test_period_of_another_cycle_is_not_offered(world, client_staff_a):
    foreign = make.cycle().periods.first()
    response = post_report(client_staff_a, world, foreign)
    assert "period" in errors_of(response)
    assert ProgressReport.objects.count() == 1


def evaluation_data(recommendations, **extra):
    rows = [
        {
            "number": number,
            "text": f"Recomendación {number}",
            "scope": "",
            "attended": "on",
            "justification": "",
            "duplicates": "",
            **rec,
        }
        for number, rec in enumerate(recommendations, start=1)
    ]
    return {
        "type": world_type_pk(),
        "year": "2016",
        "fiscal_year": "2015",
        "evaluator": "",
        "report_url": "",
        "position_text": "",
        **formset_data("recommendations", rows),
        **extra,
    }


def world_type_pk():
    from programs.models import EvaluationType

    return EvaluationType.objects.get_or_create(name="Diseño")[0].pk


def test_recommendation_not_attended_without_justification_is_refused(world, client_staff_a):
    url = reverse("programs:evaluation-create", kwargs={"parent_pk": world.program_a.pk})
    response = client_staff_a.post(url, evaluation_data([{}, {"attended": ""}]))
    formset = response.context["formsets"]["recommendations"]
    assert formset.forms[1].errors["justification"] == ["Justifique por qué la recomendación no se atenderá."]
    assert Recommendation.objects.count() == 1
    assert world.program_a.evaluations.count() == 1


def test_evaluation_with_recommendations_is_saved(world, client_staff_a):
    url = reverse("programs:evaluation-create", kwargs={"parent_pk": world.program_a.pk})
    response = client_staff_a.post(url, evaluation_data([{}, {"attended": "", "justification": "Duplica la 1."}]))
    assert response.status_code == 302
    assert world.program_a.evaluations.count() == 2
    assert Recommendation.objects.filter(attended=False, justification="Duplica la 1.").exists()


def test_duplicate_recommendation_numbers_are_refused(world, client_staff_a):
    url = reverse("programs:evaluation-create", kwargs={"parent_pk": world.program_a.pk})
    response = client_staff_a.post(url, evaluation_data([{"number": 1}, {"number": 1}]))
    assert response.status_code == 200
    assert world.program_a.evaluations.count() == 1


def test_cut_off_period_ending_before_it_starts_is_invalid(db):
    from django.core.exceptions import ValidationError

    period = make.cycle().periods.first()
    period.end = date(2017, 1, 1)
    with pytest.raises(ValidationError) as error:
        period.full_clean()
    assert error.value.message_dict["end"] == ["La fecha de fin no puede ser anterior a la de inicio."]
