"""load_demo: the four seed documents as structured data, and the demo accounts."""

from datetime import date

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from aspects.models import Activity, Aspect, DatePrecision, Plan, ProgressReport
from programs.models import Membership, Program, Recommendation


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))


def counts(key: str) -> dict:
    return {
        "plans": Plan.objects.filter(program__key=key).count(),
        "recommendations": Recommendation.objects.filter(evaluation__program__key=key).count(),
        "aspects": Aspect.objects.filter(plan__program__key=key).count(),
        "activities": Activity.objects.filter(aspect__plan__program__key=key).count(),
        "reports": ProgressReport.objects.filter(activity__aspect__plan__program__key=key).count(),
    }


@pytest.mark.parametrize(
    "key,expected",
    [
        ("PAJF-DGO", {"plans": 1, "recommendations": 0, "aspects": 6, "activities": 7, "reports": 0}),
        ("S054", {"plans": 2, "recommendations": 0, "aspects": 6, "activities": 9, "reports": 9}),
        ("S061", {"plans": 1, "recommendations": 0, "aspects": 10, "activities": 15, "reports": 15}),
        ("FASSA-QRO", {"plans": 1, "recommendations": 50, "aspects": 27, "activities": 84, "reports": 0}),
    ],
)
def test_each_seed_program_has_the_documents_counts(demo, key, expected):
    assert counts(key) == expected


def test_fassa_recommendations_keep_attention_and_justification(demo):
    recommendations = Recommendation.objects.filter(evaluation__program__key="FASSA-QRO")
    assert recommendations.filter(attended=True).count() == 33
    not_attended = recommendations.get(number=34)
    assert (not_attended.attended, not_attended.justification) == (False, "SE JUSTIFICA CON LA RECOMENDACION 1")
    assert not_attended.duplicates.number == 1


def test_fassa_has_specific_and_institutional_aspects(demo):
    aspects = Aspect.objects.filter(plan__program__key="FASSA-QRO")
    assert aspects.filter(kind="especifico").count() == 16
    assert aspects.filter(kind="institucional").count() == 11
    assert not aspects.filter(kind="institucional", coordinating_unit__isnull=True).exists()
    first = aspects.get(number=1)
    assert first.activities.get(number=2).start_date == date(2017, 6, 12)
    assert first.scope.code == "RC"


def test_3x1_keeps_committed_and_actual_end_dates_and_replanning(demo):
    activities = Activity.objects.filter(aspect__plan__program__key="S061")
    assert activities.filter(end_date=date(2008, 12, 31), actual_end_date=date(2008, 12, 23)).exists()
    replanned = ProgressReport.objects.get(activity__aspect__plan__program__key="S061", replanning=True)
    assert replanned.percent == 75
    assert "coordinación de agendas" in replanned.justification
    without_activities = Aspect.objects.get(plan__program__key="S061", activities__isnull=True)
    assert "No existen actividades asignadas" in without_activities.observations


def test_month_only_dates_keep_their_precision(demo):
    assert Activity.objects.filter(aspect__plan__program__key="S054", end_date_precision=DatePrecision.MONTH).exists()


def test_durango_third_aspect_has_two_activities(demo):
    aspect = Aspect.objects.get(plan__program__key="PAJF-DGO", number=3)
    assert aspect.activities.count() == 2
    assert aspect.activities.first().end_date == date(2020, 3, 30)


def test_second_load_adds_nothing(demo):
    models = [Program, Plan, Recommendation, Aspect, Activity, ProgressReport, Membership, get_user_model()]
    before = [model.objects.count() for model in models]
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert [model.objects.count() for model in models] == before


@pytest.mark.parametrize(
    "username,agency",
    [
        ("capturista.durango", "PAJF-DGO"),
        ("supervisor.durango", "PAJF-DGO"),
        ("capturista.sedesol", "S061"),
        ("supervisor.sedesol", "S054"),
        ("capturista.seseq", "FASSA-QRO"),
        ("supervisor.seseq", "FASSA-QRO"),
    ],
)
def test_demo_accounts_belong_to_their_agency(demo, username, agency):
    user = authenticate(username=username, password="demo")
    assert user is not None
    assert Program.objects.visible_to(user).filter(key=agency).exists()
    assert Program.objects.visible_to(user).exclude(agency=user.membership.agency).count() == 0


def test_admin_and_coordinator_accounts_exist(demo):
    assert authenticate(username="admin", password="demo").is_superuser
    assert authenticate(username="coordinador", password="demo") is not None
