"""The administration: every registered model's list and add pages open, and history is read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from audit.models import AuditEntry
from tests import factories as make
from tests.conftest import client_for


@pytest.fixture
def superuser(world):
    return client_for(make.user("raiz", is_superuser=True, is_staff=True))


def test_every_admin_list_opens(world, superuser):
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert superuser.get(url).status_code == 200, url


def test_authorised_plan_cannot_be_changed_or_deleted_in_the_admin(world, superuser):
    change = reverse("admin:aspects_plan_change", args=[world.live_plan_a.pk])
    response = superuser.post(change, {"title": "Cambiado"})
    assert response.status_code == 403
    assert (
        superuser.post(reverse("admin:aspects_plan_delete", args=[world.live_plan_a.pk]), {"post": "yes"}).status_code
        == 403
    )
    world.live_plan_a.refresh_from_db()
    assert world.live_plan_a.title != "Cambiado"


def test_audit_trail_cannot_be_changed_in_the_admin(world, superuser):
    entry = AuditEntry.objects.first()
    assert superuser.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_report_added_in_the_admin_gets_its_plans_round_for_the_period(world, superuser):
    assert not world.live_plan_a.rounds.filter(period=world.march).exists()
    response = superuser.post(
        reverse("admin:aspects_progressreport_add"),
        {
            "activity": world.live_activity_a.pk,
            "period": world.march.pk,
            "percent": 60,
            "reported_on": "2018-03-15",
        },
    )
    assert response.status_code == 302
    report = world.live_activity_a.reports.get(period=world.march)
    assert report.round() == world.live_plan_a.rounds.get(period=world.march)
    assert report.round().state == "borrador"
