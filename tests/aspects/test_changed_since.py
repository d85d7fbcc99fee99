"""`Plan.objects.changed_since(moment)`: the plans whose annexes may print something new, from
the audit trail (what `export_annex --all --changed-since` writes again)."""

from django.utils import timezone

from aspects.models import Plan
from tests import factories as make


def test_a_plan_changes_with_anything_its_annexes_print(world):
    moment = timezone.now()
    assert not Plan.objects.changed_since(moment).exists()
    make.report(world.live_activity_a, world.march, percent=60)
    assert list(Plan.objects.changed_since(moment)) == [world.live_plan_a]


def test_a_deleted_activity_still_leads_to_its_plan(world):
    moment = timezone.now()
    world.activity_a.delete()
    assert list(Plan.objects.changed_since(moment)) == [world.plan_a]


def test_a_renamed_program_changes_all_its_plans(world):
    moment = timezone.now()
    world.program_a.name = "Programa renombrado"
    world.program_a.save()
    assert set(Plan.objects.changed_since(moment)) == {world.plan_a, world.live_plan_a}
