"""The public lists sort ASM and activities by keys copied onto each row (a program's key, a
cycle's year, an ASM's number) and read an activity's plan, the agency and an activity's kind of
ASM from copies too. Every change that
moves one of them re-keys the rows in the same transaction, `verify_progress` finds a copy that
went stale, and the lists come out in the same order as sorting through the joins.

World (tests/conftest.py): program «A001» with a draft plan (`plan_a`, ASM 1 and its activity 1)
and an authorised one (`live_plan_a`), both of a 2017 cycle.
"""

import pytest
from django.core.management import CommandError, call_command

from aspects.models import Activity, Aspect
from programs.models import Program
from public.list_exports import ACTIVITIES, ASPECTS
from tests import factories as make

pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


def keys(obj) -> tuple:
    """The copied keys of an ASM or an activity, as the database has them now."""
    row = type(obj)._base_manager.get(pk=obj.pk)
    if isinstance(obj, Aspect):
        return row.program_key, row.cycle_year
    return row.plan_id, row.program_key, row.cycle_year, row.aspect_number


def copies(obj) -> tuple:
    """The agency (and an activity's kind of ASM) copied onto a row."""
    row = type(obj)._base_manager.get(pk=obj.pk)
    return (row.program_agency_id,) if isinstance(obj, Aspect) else (row.program_agency_id, row.aspect_kind)


def test_a_new_asm_and_its_activities_carry_their_program_key_cycle_year_and_plan(world):
    aspect = make.aspect(world.plan_a, number=7)
    activity = make.activity(aspect, number=2)
    assert keys(aspect) == ("A001", 2017)
    assert keys(activity) == (world.plan_a.pk, "A001", 2017, 7)
    assert copies(aspect) == (world.agency_a.pk,)
    assert copies(activity) == (world.agency_a.pk, "especifico")


def test_a_new_kind_of_asm_and_a_program_moved_to_another_agency_are_copied_to_the_rows(world):
    world.aspect_a.kind = Aspect.Kind.INSTITUTIONAL
    world.aspect_a.coordinating_unit = world.unit_a
    world.aspect_a.save()
    assert copies(world.activity_a) == (world.agency_a.pk, "institucional")
    world.program_a.agency = world.agency_b
    world.program_a.save()
    assert copies(world.live_aspect_a) == (world.agency_b.pk,)
    assert copies(world.activity_a) == (world.agency_b.pk, "institucional")


def test_renumbering_an_asm_re_keys_its_activities(world):
    world.aspect_a.number = 5
    world.aspect_a.save()
    assert keys(world.activity_a) == (world.plan_a.pk, "A001", 2017, 5)


def test_a_program_key_change_re_keys_every_asm_and_activity_of_its_plans(world):
    world.program_a.key = "A777"
    world.program_a.save()
    assert keys(world.aspect_a) == keys(world.live_aspect_a) == ("A777", 2017)
    assert keys(world.live_activity_a) == (world.live_plan_a.pk, "A777", 2017, 1)


def test_a_plan_moved_to_another_cycle_and_a_cycle_whose_year_changes_re_key_their_rows(world):
    world.plan_a.cycle = make.cycle(year=2019)
    world.plan_a.save()
    assert keys(world.activity_a) == (world.plan_a.pk, "A001", 2019, 1)
    cycle = world.live_plan_a.cycle
    cycle.year = 2016
    cycle.save()
    assert keys(world.live_aspect_a) == ("A001", 2016)
    assert keys(world.live_activity_a)[2] == 2016


def test_an_asm_moved_to_another_plan_takes_its_activities_with_it(world):
    other = make.plan(make.program(world.agency_a, key="A002"))
    world.aspect_a.plan = other
    world.aspect_a.save()
    assert keys(world.aspect_a) == ("A002", 2017)
    assert keys(world.activity_a) == (other.pk, "A002", 2017, 1)


def test_a_plans_authorisation_makes_its_rows_public_through_their_copy_of_its_state(world, client):
    assert Aspect._base_manager.get(pk=world.aspect_a.pk).plan_state == "borrador"
    assert not Activity.objects.public().filter(pk=world.activity_a.pk).exists()
    make.authorised(world.plan_a, world.staff_a, world.supervisor_a)
    assert Aspect._base_manager.get(pk=world.aspect_a.pk).plan_state == "autorizado"
    assert Activity.objects.public().filter(pk=world.activity_a.pk).exists()
    assert Aspect.objects.public().filter(pk=world.aspect_a.pk).exists()


def test_verify_progress_finds_a_tampered_sort_key_and_fix_repairs_it(world, capsys):
    call_command("verify_progress")
    Activity._base_manager.filter(pk=world.live_activity_a.pk).update(program_key="Z999", plan=world.plan_a)
    Aspect._base_manager.filter(pk=world.aspect_a.pk).update(cycle_year=1999)
    with pytest.raises(CommandError, match="3 valores derivados difieren"):
        call_command("verify_progress")
    out = capsys.readouterr().out
    assert f"actividad {world.live_activity_a.pk}: program_key guardado 'Z999', calculado 'A001'" in out
    assert (
        f"actividad {world.live_activity_a.pk}: plan guardado {world.plan_a.pk}, calculado {world.live_plan_a.pk}"
        in out
    )
    assert f"aspecto susceptible de mejora {world.aspect_a.pk}: cycle_year guardado 1999, calculado 2017" in out
    call_command("verify_progress", "--fix")
    assert keys(world.live_activity_a) == (world.live_plan_a.pk, "A001", 2017, 1)
    call_command("verify_progress")


def test_the_lists_come_out_in_the_order_of_the_joined_keys(world):
    # Programs created out of key order, cycles of several years, ASM numbered out of creation order.
    programs: dict[str, Program] = {}
    for key, year, numbers in [
        ("C300", 2018, [3, 1]),
        ("B200", 2016, [2]),
        ("C300", 2015, [9, 4]),
        ("A100", 2020, [1]),
    ]:
        if key not in programs:
            programs[key] = make.program(world.agency_a, key=key)
        plan = make.plan(programs[key], cycle=make.cycle(year=year))
        for number in numbers:
            aspect = make.aspect(plan, number=number)
            for activity_number in (2, 1):
                make.activity(aspect, number=activity_number)
    joined_aspects = ("plan__program__key", "plan__cycle__year", "number")
    joined_activities = ("aspect__plan__program__key", "aspect__plan__cycle__year", "aspect__number", "number")
    assert list(Aspect.objects.order_by(*ASPECTS.order, "pk").values_list("pk", flat=True)) == list(
        Aspect.objects.order_by(*joined_aspects, "pk").values_list("pk", flat=True)
    )
    assert list(Activity.objects.order_by(*ACTIVITIES.order, "pk").values_list("pk", flat=True)) == list(
        Activity.objects.order_by(*joined_activities, "pk").values_list("pk", flat=True)
    )
