"""Each plan's summary keeps a copy of the plan's state, agency and cycle (the home adds the public
summaries up by them, from one index): the copy follows the plan's authorisation, a plan moved to
another cycle and a program moved to another agency, in the same transaction, and `verify_progress`
finds a copy gone stale.

World (tests/conftest.py): `live_plan_a` of agency A is authorised; `plan_a` is still a draft.
"""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from aspects.models import Plan, PlanSummary
from programs.models import Program
from tests import factories as make

pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


def keys(plan) -> tuple:
    return PlanSummary._base_manager.values_list("plan_state", "program_agency", "cycle").get(plan=plan)


def test_a_summary_copies_its_plans_state_agency_and_cycle_and_follows_its_authorisation(world, client):
    plan = make.plan(world.program_a)
    make.aspect(plan, number=1)
    assert keys(plan) == ("borrador", world.agency_a.pk, plan.cycle_id)
    assert client.get(reverse("public:home")).context["counts"]["aspects"] == 1
    make.authorised(plan, world.staff_a, world.supervisor_a)
    assert keys(plan) == ("autorizado", world.agency_a.pk, plan.cycle_id)
    assert client.get(reverse("public:home")).context["counts"]["aspects"] == 2


def test_a_plan_moved_to_another_cycle_moves_its_summary(world):
    plan = Plan.objects.get(pk=world.plan_a.pk)
    plan.cycle = make.cycle(name="Programa de ASM 2019", year=2019)
    plan.save()
    assert keys(plan)[2] == plan.cycle_id


def test_a_program_moved_to_another_agency_moves_its_plans_summaries(world, client):
    program = Program.objects.get(pk=world.program_a.pk)
    program.agency = world.agency_b
    program.save()
    assert keys(world.live_plan_a)[1] == world.agency_b.pk
    [agency] = client.get(reverse("public:home")).context["by_agency"]
    assert agency["key"] == world.agency_b.slug


def test_verify_progress_finds_a_stale_copy_and_fix_repairs_it(world, capsys):
    plan = world.live_plan_a
    PlanSummary._base_manager.filter(plan=plan).update(plan_state="borrador")
    with pytest.raises(CommandError, match="1 valores derivados difieren"):
        call_command("verify_progress")
    assert f"{plan.pk}: plan_state guardado 'borrador', calculado 'autorizado'" in capsys.readouterr().out
    call_command("verify_progress", "--fix")
    call_command("verify_progress")
    assert keys(plan)[0] == "autorizado"
