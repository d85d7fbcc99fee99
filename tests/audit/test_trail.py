"""The audit trail: a history row for every change, whoever and however it is made, and rows
that can never be changed or deleted."""

from datetime import date

import pytest

from aspects.models import Activity, Aspect
from audit.capture import acting_as
from audit.models import AppendOnlyError, AuditEntry
from programs.models import Program, Unit
from tests import factories as make

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
    from django.urls import reverse

    client_staff_a.post(
        reverse("programs:program-update", kwargs={"pk": world.program_a.pk}),
        {"key": "A001", "name": "Nombre corregido", "kind": "fondo", "version": world.program_a.version},
    )
    row = entries(world.program_a, "cambio").latest("pk")
    assert row.user == world.staff_a
    assert row.changes["name"][1] == "Nombre corregido"
