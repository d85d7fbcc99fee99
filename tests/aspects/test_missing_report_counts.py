"""The stored counts of activities without a report (MissingReports, per plan and cut-off period of
its cycle) follow every change that moves them, in the same transaction, and `verify_progress`
finds any that went stale; the missing-reports page reads its rows through them.

World (tests/conftest.py): `live_activity_a` of the authorised `live_plan_a` has its report at
«Septiembre» and none yet at «Marzo», which is open.
"""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from aspects.missing import missing_in_order
from aspects.models import Activity, ChangeRequest, MissingReports
from aspects.unreported import MissingRows
from programs.models import CutOffPeriod
from tests import factories as make

# Every scenario here ends with the stored counts equal to a recount from scratch.
pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


def missing(plan) -> dict[str, int]:
    """The stored counts of a plan, by period name; a period with none missing has no row."""
    return dict(
        MissingReports._base_manager.filter(plan=plan).values_list("period__name", "activities").order_by("period")
    )


def test_a_report_takes_its_activity_out_of_the_count_and_deleting_the_draft_puts_it_back(world):
    assert missing(world.live_plan_a) == {"Marzo": 1}
    report = make.report(world.live_activity_a, world.march, percent=60)
    assert missing(world.live_plan_a) == {}
    report.delete()
    assert missing(world.live_plan_a) == {"Marzo": 1}


def test_a_new_activity_owes_every_period_of_its_cycle_until_it_is_cancelled(world):
    second = make.activity(world.live_aspect_a, number=2)
    assert missing(world.live_plan_a) == {"Septiembre": 1, "Marzo": 2}
    change = ChangeRequest.objects.create(activity=second, justification="Ya no aplica.", cancel=True)
    make.authorised(change, world.staff_a, world.supervisor_a)
    assert missing(world.live_plan_a) == {"Marzo": 1}


def test_an_activity_that_starts_after_a_period_ends_owes_it_no_report(world):
    second = make.activity(world.live_aspect_a, number=2, start_date=date(2017, 11, 1))
    assert missing(world.live_plan_a) == {"Marzo": 2}
    second.start_date = date(2017, 5, 1)
    second.save()
    assert missing(world.live_plan_a) == {"Septiembre": 1, "Marzo": 2}


def test_a_plan_is_counted_once_authorised_not_while_it_is_prepared_or_returned(world):
    plan = make.plan(world.program_a)
    make.activity(make.aspect(plan, number=1), number=1)
    assert missing(plan) == {}
    plan.submit(by=world.staff_a)
    plan.return_(by=world.supervisor_a, comment="Corrija las fechas.")
    assert missing(plan) == {}
    make.authorised(plan, world.staff_a, world.supervisor_a)
    assert missing(plan) == {"Septiembre": 1, "Marzo": 1}


def test_a_new_period_in_the_cycle_and_a_period_whose_end_moves_are_recounted(world):
    CutOffPeriod.objects.create(
        cycle=world.live_plan_a.cycle, name="Septiembre 2018", start=date(2018, 4, 1), end=date(2018, 9, 30)
    )
    assert missing(world.live_plan_a) == {"Marzo": 1, "Septiembre 2018": 1}
    activity = Activity.objects.get(pk=world.live_activity_a.pk)
    activity.start_date = date(2018, 2, 1)
    activity.save()
    assert missing(world.live_plan_a) == {"Marzo": 1, "Septiembre 2018": 1}
    # «Marzo» now ends before the activity starts: it owes that period nothing.
    march = CutOffPeriod.objects.get(pk=world.march.pk)
    march.end = date(2018, 1, 31)
    march.save()
    assert missing(world.live_plan_a) == {"Septiembre 2018": 1}
    # Opening or closing a period does not move the count.
    make.closed(march)
    assert missing(world.live_plan_a) == {"Septiembre 2018": 1}


def test_verify_progress_finds_a_tampered_or_lost_count_and_fix_repairs_it(world, capsys):
    plan, march = world.live_plan_a, world.march
    MissingReports._base_manager.filter(plan=plan, period=march).update(activities=9)
    with pytest.raises(CommandError, match="1 valores derivados difieren"):
        call_command("verify_progress")
    out = capsys.readouterr().out
    assert f"actividades sin reporte del programa de trabajo {plan.pk} en el periodo {march.pk}: guardado 9" in out
    call_command("verify_progress", "--fix")
    assert missing(plan) == {"Marzo": 1}
    MissingReports._base_manager.filter(plan=plan).delete()
    with pytest.raises(CommandError):
        call_command("verify_progress")
    assert "guardado 0, calculado 1" in capsys.readouterr().out
    call_command("verify_progress", "--fix")
    call_command("verify_progress")
    assert missing(plan) == {"Marzo": 1}


def test_a_page_of_the_missing_reports_is_read_from_the_plans_that_hold_it(world, client_coordinator):
    # Three more plans of the same cycle, of two agencies: 30, 1 and 40 activities without a report.
    cycle = world.live_plan_a.cycle
    for program, n in [
        (make.program(world.agency_a, key="A002"), 30),
        (make.program(world.agency_b, key="B002"), 1),
        (world.program_b, 40),
    ]:
        plan = make.plan(program, cycle=cycle)
        aspect = make.aspect(plan, number=1)
        for number in range(1, n + 1):
            make.activity(aspect, number=number)
        preparer, supervisor = (
            (world.staff_a, world.supervisor_a)
            if program.agency == world.agency_a
            else (world.staff_b, world.supervisor_b)
        )
        make.authorised(plan, preparer, supervisor)
    everything = list(missing_in_order(Activity.objects.missing_report(world.march)))
    assert len(everything) == 72
    rows = MissingRows(world.march, agency=None, count=72)
    for start, stop in [(0, 50), (50, 100), (29, 33), (31, 32), (71, 72), (72, 80)]:
        assert rows[start:stop] == everything[start:stop]
    second = client_coordinator.get(reverse("aspects:missing-reports"), {"pagina": 2})
    assert list(second.context["page"].object_list) == everything[50:]
    of_b = MissingRows(world.march, agency=world.agency_b, count=41)
    assert of_b[0:50] == [a for a in everything if a.aspect.plan.program.agency_id == world.agency_b.pk]
