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


def inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def test_an_administrator_adds_a_column_profile_and_a_plan_prints_in_it(world, superuser):
    from reports.models import ColumnProfile, ProfileTable
    from reports.tables import SPECIFIC

    response = superuser.post(
        reverse("admin:reports_columnprofile_add"),
        {
            "name": "Formato estatal",
            "description": "",
            **inline("tables", [{"table": "especifico", "title": "DOCUMENTO DE TRABAJO\nFormato estatal"}]),
            **inline("plans", [{"plan": world.plan_a.pk}]),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    profile_table = ProfileTable.objects.get(profile__name="Formato estatal")
    columns_url = reverse("admin:reports_profiletable_change", args=[profile_table.pk])
    columns = [
        {"position": 1, "key": "number", "label": "Núm.", "width": "", "merged": ""},
        {"position": 2, "key": "activity", "label": "Acciones", "width": "40", "merged": ""},
        {"position": 3, "key": "units", "label": "", "width": "", "merged": ""},
    ]
    form = {
        "profile": profile_table.profile.pk,
        "table": "especifico",
        "title": profile_table.title,
        "show_plan_title": "",
        **inline("header_items", [{"position": 1, "item": "agency", "label": "Dependencia"}]),
    }
    # A column the table's catalogue does not have is refused.
    refused = superuser.post(columns_url, {**form, **inline("columns", [{**columns[0], "key": "year"}])})
    assert refused.status_code == 200 and "no tiene la columna" in refused.content.decode()
    assert superuser.post(columns_url, {**form, **inline("columns", columns)}).status_code == 302

    plan = type(world.plan_a).objects.select_related("program__agency", "cycle").get(pk=world.plan_a.pk)
    annex = SPECIFIC.build(plan)
    assert [column.label for column in annex.columns] == ["Núm.", "Acciones", "Área responsable"]
    assert [column.width for column in annex.columns] == [6, 40, 22]
    assert annex.title_lines == ["DOCUMENTO DE TRABAJO", "Formato estatal"] and annex.subtitle == ""
    assert annex.header == [("Dependencia", plan.program.agency.name)]
    assert annex.data_labels[:4] == ["Programa", "Ciclo", "Núm.", "Acciones"]
    assert ColumnProfile.objects.get(name="Formato estatal").plans.get().plan == world.plan_a
