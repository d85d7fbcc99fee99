"""A «menor es mejor» indicator (a response time in days): rated the other way (rating.py), and
said so where its target is read: the compliance annex, the public page, the API and its schema.
A «mayor es mejor» indicator, the usual one, prints as before (the annex goldens of
tests/reports/test_indicator_annexes.py)."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse

from aspects.models import Plan
from indicators.models import Indicator, Measurement
from indicators.rating import Direction, Rating
from reports.indicator_tables import COMPLIANCE
from tests.indicator_plans import indicator_plan
from tests.public.conftest import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def response_time():
    """The plan of tests/indicator_plans.py with its indicator 2 («reportes entregados a tiempo»,
    target 90, measured 75 in September) made «menor es mejor», its measurement rated again."""
    measured = indicator_plan()
    on_time = measured.indicators[1]
    Indicator.objects.filter(pk=on_time.pk).update(direction=Direction.LOWER)
    measurement = Measurement.objects.get(indicator=on_time, period=measured.september)
    measurement.save()
    return measured


def test_a_menor_es_mejor_indicator_is_rated_cumple_below_its_target(response_time):
    measurement = Measurement.objects.get(indicator=response_time.indicators[1], period=response_time.september)
    assert (measurement.value, measurement.rating, measurement.derived_rating) == (75, Rating.MET, Rating.MET)


def test_the_annex_prints_menor_es_mejor_under_its_target_and_nothing_under_the_others(response_time):
    plan = Plan.objects.select_related("program__agency", "cycle", "region").get(pk=response_time.plan.pk)
    targets = [cells[2].text for cells in COMPLIANCE.build(plan, response_time.september).grid()]
    assert targets[:3] == ["70 % (2017)", "90 % (2017)\nMenor es mejor", "12 reportes (2017)"]


def test_the_public_page_says_menor_es_mejor_beside_its_targets_only(client, response_time):
    url = reverse("public:indicators", kwargs={"key": response_time.program.key, "plan_pk": response_time.plan.pk})
    html = client.get(url).content.decode()
    assert html.count("Menor es mejor") == 1
    row = html.split(f'id="indicador-{response_time.indicators[1].pk}"')[1].split("</tr>")[0]
    assert "Menor es mejor" in row


def test_the_api_gives_each_indicator_its_sentido(client, response_time):
    records = client.get(api("indicador-list"), {"por_pagina": 500}).json()["results"]
    assert [record["sentido"] for record in records] == [
        "mayor_es_mejor",
        "menor_es_mejor",
        "mayor_es_mejor",
        "mayor_es_mejor",
        "mayor_es_mejor",
        "mayor_es_mejor",
    ]


def test_the_schema_documents_sentido_and_its_two_values(client):
    components = yaml.safe_load(client.get(api("schema")).content)["components"]["schemas"]
    sentido = components["Indicator"]["properties"]["sentido"]
    assert "`menor_es_mejor` (cumple si no la pasa" in sentido["description"]
    assert sentido["allOf"] == [{"$ref": "#/components/schemas/SentidoEnum"}]
    assert components["SentidoEnum"]["enum"] == ["mayor_es_mejor", "menor_es_mejor"]
