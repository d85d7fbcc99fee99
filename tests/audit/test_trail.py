"""The audit trail: a history row for every change, whoever and however it is made, and rows
that can never be changed or deleted."""

import json
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from aspects.models import Activity, Aspect
from audit.capture import acting_as
from audit.models import AppendOnlyError, AuditEntry, acting_as_if_given
from programs.models import Program, Unit
from programs.workflow import Transition
from tests import factories as make
from tests.personas import client_for

# Every scenario here ends with the stored derived values equal to a computation from scratch.
pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


def entries(obj, action=None):
    rows = AuditEntry.objects.for_object(obj)
    return rows.filter(action=action) if action else rows


def test_create_update_and_delete_each_write_a_row_with_old_and_new_values(world):
    with acting_as(world.staff_a):
        program = make.program(world.agency_a, name="Programa nuevo")
        program.name = "Programa renombrado"
        program.save()
        program_pk = program.pk
        program.delete()
    created = entries(Program(pk=program_pk), "alta").get()
    assert created.changes["name"] == [None, "Programa nuevo"]
    assert created.user == world.staff_a and created.user_name == "Ana Pérez"
    assert entries(Program(pk=program_pk), "cambio").get().changes == {
        "name": ["Programa nuevo", "Programa renombrado"]
    }
    assert entries(Program(pk=program_pk), "baja").get().changes["name"] == ["Programa renombrado", None]


def test_a_service_given_no_one_keeps_whoever_its_caller_acts_as_and_one_given_a_user_names_that_user(world):
    with acting_as(world.staff_a):
        with acting_as_if_given(None):
            kept = make.program(world.agency_a, name="Programa del capturista")
        with acting_as_if_given(world.supervisor_a):
            named = make.program(world.agency_a, name="Programa del supervisor")
    assert entries(kept, "alta").get().user == world.staff_a
    assert entries(named, "alta").get().user == world.supervisor_a


def test_a_save_that_changes_nothing_writes_nothing(world):
    before = AuditEntry.objects.count()
    world.program_a.save()
    assert AuditEntry.objects.count() == before


def test_cascaded_deletes_are_recorded_for_every_child(world):
    aspect_pk, activity_pk = world.aspect_a.pk, world.activity_a.pk
    world.aspect_a.delete()
    assert entries(Aspect(pk=aspect_pk), "baja").exists()
    assert entries(Activity(pk=activity_pk), "baja").exists()


def test_many_to_many_changes_are_recorded(world):
    other = make.unit(world.agency_a)
    mark = AuditEntry.objects.latest("pk").pk
    world.activity_a.units.set([other])
    rows = entries(world.activity_a, "cambio").filter(pk__gt=mark).order_by("pk")
    assert [row.changes for row in rows] == [{"units": [[world.unit_a.pk], []]}, {"units": [[], [other.pk]]}]


def test_bulk_update_and_queryset_update_do_not_slip_past(world):
    with acting_as(world.supervisor_a):
        Activity.objects.filter(pk=world.activity_a.pk).update(description="Cambiada en bloque")
    row = entries(world.activity_a, "cambio").latest("pk")
    assert row.changes == {"description": ["Elaborar el documento.", "Cambiada en bloque"]}
    assert row.user == world.supervisor_a
    world.live_activity_a.end_date = date(2018, 1, 31)
    Activity.objects.bulk_update([world.live_activity_a], ["end_date"])
    assert entries(world.live_activity_a, "cambio").latest("pk").changes == {"end_date": ["2017-12-31", "2018-01-31"]}


def test_bulk_create_is_recorded(world):
    [unit] = Unit.objects.bulk_create([Unit(agency=world.agency_a, name="Unidad en bloque")])
    assert entries(unit, "alta").get().changes["name"] == [None, "Unidad en bloque"]


def test_history_cannot_be_changed_or_deleted(world):
    row = AuditEntry.objects.first()
    row.object_repr = "otro"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(object_repr="otro")
    with pytest.raises(AppendOnlyError):
        plan = world.plan_a if world.plan_a.transitions.exists() else world.live_plan_a
        plan.transitions.delete()


def test_changes_made_through_the_pages_name_the_user(world, client_staff_a):
    client_staff_a.post(
        reverse("programs:program-update", kwargs={"pk": world.program_a.pk}),
        {"key": "A001", "name": "Nombre corregido", "kind": "fondo", "version": world.program_a.version},
    )
    row = entries(world.program_a, "cambio").latest("pk")
    assert row.user == world.staff_a
    assert row.changes["name"][1] == "Nombre corregido"


# Accounts: who may do what changes through users, their flags and groups, and memberships.
def test_superuser_and_staff_flags_and_groups_changed_in_the_admin_are_recorded(world):
    root = make.user("raiz", is_superuser=True, is_staff=True)
    reviewers = Group.objects.create(name="Revisores")
    account = make.user("nuevo", first_name="Nora", last_name="Vega")
    client = client_for(root)
    response = client.post(
        reverse("admin:auth_user_change", args=[account.pk]),
        {
            "username": "nuevo",
            "first_name": "Nora",
            "last_name": "Vega",
            "email": "nuevo@ejemplo.gob.mx",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [reviewers.pk],
            "date_joined_0": "01/01/2018",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [flags] = entries(account, "cambio").filter(user=root).exclude(changes__has_key="groups")
    assert flags.changes["is_staff"] == [False, True]
    assert flags.changes["is_superuser"] == [False, True]
    assert entries(account, "cambio").filter(user=root, changes__groups=[[], [reviewers.pk]]).exists()
    assert entries(reviewers, "alta").get().changes["name"] == [None, "Revisores"]


def test_membership_changes_are_recorded(world):
    membership = world.staff_a.membership
    with acting_as(world.coordinator):
        membership.role = "supervisor"
        membership.save()
    row = entries(membership, "cambio").latest("pk")
    assert row.changes == {"role": ["capturista", "supervisor"]}
    assert row.user == world.coordinator


def test_a_password_change_is_recorded_without_the_hash(world):
    account = make.user("clave")
    old_hash = account.password
    account.set_password("otra-secreta-larga")
    account.save()
    [created] = entries(account, "alta")
    assert created.changes["password"] == [None, "(oculto)"]
    assert entries(account, "cambio").get().changes == {"password": ["(oculto)", "(oculto)"]}
    stored = json.dumps(list(AuditEntry.objects.for_object(account).values_list("changes", flat=True)))
    assert old_hash not in stored and account.password not in stored


def test_a_login_writes_no_entry(world):
    before = AuditEntry.objects.count()
    assert Client().login(username="staff_a", password="secreta")
    world.staff_a.refresh_from_db()
    assert world.staff_a.last_login is not None
    assert AuditEntry.objects.count() == before


# In the database: on PostgreSQL a trigger refuses what goes past the ORM (docs/audit-trail.md).
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only triggers exist on PostgreSQL only"
)


def refused(sql_or_call, *params):
    """Run a write that the database must refuse, inside a savepoint; return its error."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        if callable(sql_or_call):
            sql_or_call()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql_or_call, params)
    return str(error.value)


@postgresql_only
@pytest.mark.parametrize("model", [AuditEntry, Transition])
def test_the_database_refuses_to_change_or_delete_history(world, model):
    row = model._base_manager.first()
    before = model._base_manager.filter(pk=row.pk).values().get()
    table = model._meta.db_table
    message = refused(lambda: model._base_manager.filter(pk=row.pk).update(at=row.at))
    assert "El historial no se modifica ni se borra" in message
    refused(lambda: model._base_manager.filter(pk=row.pk)._raw_delete(connection.alias))
    refused(f"UPDATE {table} SET at = at WHERE id = %s", row.pk)  # noqa: S608 (the table name is ours)
    refused(f"DELETE FROM {table} WHERE id = %s", row.pk)  # noqa: S608
    refused(f"DELETE FROM {table}")  # noqa: S608
    assert model._base_manager.filter(pk=row.pk).values().get() == before


def test_history_keeps_taking_new_rows_and_deleting_a_draft_leaves_it_in_place(world):
    plan = make.plan(world.program_a)
    make.aspect(plan)
    plan.submit(by=world.staff_a)
    plan.return_(by=world.supervisor_a, comment="Corrija.")
    steps = list(Transition.of(plan).values_list("pk", flat=True))
    plan.delete()
    assert list(Transition.objects.filter(pk__in=steps).values_list("pk", flat=True)) == steps
