"""The stored derived values follow every change that moves them, in the same transaction, and
`verify_progress` finds any that went stale.

World (tests/conftest.py): `live_activity_a` has `report_a`, 40 %, authorised at «Septiembre»;
«Marzo» is open for new reports.
"""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aspects import progress
from aspects.models import Activity, Aspect, ChangeRequest, PlanSummary
from aspects.progress import Status
from tests import factories as make

# Every scenario here ends with the stored derived values equal to a computation from scratch.
pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


def stored(obj):
    """The stored values of an activity or ASM, as the database has them now."""
    row = type(obj)._base_manager.get(pk=obj.pk)
    return row.staff_progress, row.public_progress


def verify_progress_finds(capsys, difference: str) -> None:
    """`verify_progress` fails on one stored value that differs, and names it; `--fix` repairs it."""
    with pytest.raises(CommandError, match="1 valores derivados difieren"):
        call_command("verify_progress")
    assert difference in capsys.readouterr().out
    call_command("verify_progress", "--fix")


def test_an_authorised_report_counts_for_staff_and_public(world):
    assert stored(world.live_activity_a) == (40, 40)
    assert stored(world.live_aspect_a) == (40.0, 40.0)
    assert Aspect._base_manager.get(pk=world.live_aspect_a.pk).public_status == Status.IN_PROGRESS


def test_a_new_report_moves_staff_progress_and_the_public_waits_for_its_authorisation(world):
    make.report(world.live_activity_a, world.march, percent=70)
    assert stored(world.live_activity_a) == (70, 40)
    assert stored(world.live_aspect_a) == (70.0, 40.0)

    march_round = world.live_plan_a.rounds.get(period=world.march)
    march_round.submit(by=world.staff_a)
    march_round.return_(by=world.supervisor_a, comment="Falta la evidencia.")
    assert stored(world.live_activity_a) == (70, 40)

    make.authorised(march_round, world.staff_a, world.supervisor_a)
    assert stored(world.live_activity_a) == (70, 70)
    assert Activity._base_manager.get(pk=world.live_activity_a.pk).public_status == Status.IN_PROGRESS


def refreshes_of(action) -> int:
    """How many times `action` recomputes stored values (each refresh updates the activities first)."""
    with CaptureQueriesContext(connection) as captured:
        action()
    return sum(query["sql"].startswith('UPDATE "aspects_activity" SET "staff_progress"') for query in captured)


def test_the_first_report_of_a_period_recomputes_its_asm_once_not_its_whole_plan(world):
    """Its new round is in preparation, and only authorised rounds count: the round moves nothing."""
    assert refreshes_of(lambda: make.report(world.live_activity_a, world.march, percent=70)) == 1
    assert world.live_plan_a.rounds.filter(period=world.march).exists()
    assert stored(world.live_activity_a) == (70, 40)


def test_submitting_and_returning_a_round_recompute_nothing_and_authorising_it_does(world):
    make.report(world.live_activity_a, world.march, percent=70)
    march_round = world.live_plan_a.rounds.get(period=world.march)
    assert refreshes_of(lambda: march_round.submit(by=world.staff_a)) == 0
    assert refreshes_of(lambda: march_round.return_(by=world.supervisor_a, comment="Falta la evidencia.")) == 0
    assert stored(world.live_activity_a) == (70, 40)
    assert refreshes_of(lambda: make.authorised(march_round, world.staff_a, world.supervisor_a)) == 1
    assert stored(world.live_activity_a) == (70, 70)


def test_changing_and_deleting_a_draft_report_move_progress_back(world):
    report = make.report(world.live_activity_a, world.march, percent=100, evidence_note="acta.pdf")
    assert Activity._base_manager.get(pk=world.live_activity_a.pk).staff_status == Status.DONE
    report.percent = 60
    report.save()
    assert stored(world.live_activity_a) == (60, 40)
    report.delete()
    assert stored(world.live_activity_a) == (40, 40)


def test_a_cancelled_activity_no_longer_counts_towards_its_asm(world):
    second = make.activity(world.live_aspect_a, number=2, end_date=date(2018, 2, 28))
    assert stored(world.live_aspect_a) == (20.0, 20.0)
    change = ChangeRequest.objects.create(activity=second, justification="Ya no aplica.", cancel=True)
    make.authorised(change, world.staff_a, world.supervisor_a)
    assert stored(world.live_aspect_a) == (40.0, 40.0)
    # Its date no longer sets the ASM's end date either.
    assert Aspect._base_manager.get(pk=world.live_aspect_a.pk).due_date == world.live_activity_a.end_date


def test_a_replanned_date_moves_the_asm_end_date(world):
    change = ChangeRequest.objects.create(
        activity=world.live_activity_a, justification="Retraso del proveedor.", new_end_date=date(2018, 6, 30)
    )
    make.authorised(change, world.staff_a, world.supervisor_a)
    assert Aspect._base_manager.get(pk=world.live_aspect_a.pk).due_date == date(2018, 6, 30)


def test_the_asm_own_end_date_is_its_end_date_when_captured(world):
    world.aspect_a.end_date = date(2017, 11, 30)
    world.aspect_a.save()
    make.activity(world.aspect_a, number=2, end_date=date(2018, 3, 31))
    assert Aspect._base_manager.get(pk=world.aspect_a.pk).due_date == date(2017, 11, 30)


def test_weights_and_their_changes_move_the_asm_progress(world):
    light = make.activity(world.aspect_a, number=2, weight=20)
    heavy = make.activity(world.aspect_a, number=3, weight=80)
    Activity.objects.filter(pk=world.activity_a.pk).delete()
    make.report(light, percent=100, evidence_note="acta.pdf")
    make.report(heavy, percent=50)
    assert stored(world.aspect_a)[0] == pytest.approx(60)
    heavy.weight = 20
    heavy.save()
    assert stored(world.aspect_a)[0] == pytest.approx(75)


def test_deleting_a_draft_activity_recomputes_its_asm(world):
    done = make.activity(world.aspect_a, number=2)
    make.report(done, percent=100, evidence_note="acta.pdf")
    assert stored(world.aspect_a)[0] == pytest.approx(50)
    world.activity_a.delete()
    assert stored(world.aspect_a)[0] == pytest.approx(100)


def test_verify_progress_finds_a_value_written_around_the_models_and_fix_repairs_it(world, capsys):
    call_command("verify_progress")
    Activity._base_manager.filter(pk=world.live_activity_a.pk).update(public_progress=99)
    verify_progress_finds(capsys, f"actividad {world.live_activity_a.pk}: public_progress guardado 99, calculado 40")
    assert stored(world.live_activity_a) == (40, 40)
    call_command("verify_progress")


@pytest.mark.django_db(transaction=True)
def test_two_reports_on_one_asm_at_the_same_moment_both_count_on_postgresql():
    """Two connections report on two activities of one ASM at once: the second waits for the
    first's commit and then computes from it, so the ASM's stored progress counts both."""
    import threading
    import time

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("needs two real connections to one server (PostgreSQL)")
    aspect = make.aspect(make.plan(make.program(make.agency())))
    first, second = make.activity(aspect), make.activity(aspect)
    period = aspect.plan.cycle.periods.first()
    make.report(first, period, percent=0)  # the round exists before the race
    barrier = threading.Barrier(2)

    def finish_first():
        try:
            with transaction.atomic():
                first.reports.update(percent=100)
                barrier.wait()
                time.sleep(0.5)  # the first transaction stays open while the second writes
        finally:
            connections.close_all()

    def report_second():
        try:
            barrier.wait()
            make.report(second, period, percent=50)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=finish_first), threading.Thread(target=report_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert Aspect._base_manager.get(pk=aspect.pk).staff_progress == pytest.approx(75)


# The plans' public summaries (PlanSummary), which the home and agency pages add up. -------------


def summary(plan):
    row = PlanSummary._base_manager.get(plan=plan)
    return {field: getattr(row, field) for field in ("aspects", "done", "progress_sum", "measured", "activities")}


def test_a_plans_summary_adds_up_its_asm_public_values_and_follows_an_authorised_round(world):
    assert summary(world.live_plan_a) == {
        "aspects": 1,
        "done": 0,
        "progress_sum": 40.0,
        "measured": 1,
        "activities": 1,
    }
    make.report(world.live_activity_a, world.march, percent=100, evidence_note="acta.pdf")
    assert summary(world.live_plan_a)["progress_sum"] == 40.0  # the public waits for the authorisation
    make.authorised(world.live_plan_a.rounds.get(period=world.march), world.staff_a, world.supervisor_a)
    assert summary(world.live_plan_a) | {"progress_sum": None} == {
        "aspects": 1,
        "done": 1,
        "progress_sum": None,
        "measured": 1,
        "activities": 1,
    }
    assert summary(world.live_plan_a)["progress_sum"] == pytest.approx(100)


def test_a_cancelled_activity_and_a_new_asm_move_the_plans_summary(world):
    second = make.activity(world.aspect_a, number=2)
    assert summary(world.plan_a)["activities"] == 2
    make.aspect(world.plan_a, number=2)
    assert summary(world.plan_a)["aspects"] == 2
    live_second = make.activity(world.live_aspect_a, number=2)
    assert summary(world.live_plan_a)["progress_sum"] == pytest.approx(20)
    change = ChangeRequest.objects.create(activity=live_second, justification="Ya no aplica.", cancel=True)
    make.authorised(change, world.staff_a, world.supervisor_a)
    assert summary(world.live_plan_a)["progress_sum"] == pytest.approx(40)
    second.delete()
    assert summary(world.plan_a)["activities"] == 1


def test_deleting_or_moving_a_draft_asm_redoes_the_summary_of_the_plan_it_leaves(world):
    other_plan = make.plan(world.program_a)
    moved = make.aspect(world.plan_a, number=2)
    make.activity(moved, number=1)
    assert summary(world.plan_a)["aspects"] == 2
    moved.plan = other_plan
    moved.save()
    assert summary(world.plan_a)["aspects"] == 1
    assert summary(other_plan) == {"aspects": 1, "done": 0, "progress_sum": 0.0, "measured": 1, "activities": 1}
    moved.delete()
    assert summary(other_plan)["aspects"] == 0
    Aspect.objects.filter(plan=world.plan_a).delete()
    assert summary(world.plan_a)["aspects"] == 0


def test_the_overdue_count_is_taken_as_of_a_day_and_recounted_once_an_end_date_has_passed(world):
    from public.views import group_sums

    plan = world.live_plan_a
    progress.refresh_summaries([plan.pk], today=date(2017, 12, 1))
    row = PlanSummary._base_manager.get(plan=plan)
    # Open at 40 % and due 31/12/2017: not overdue on 01/12/2017, and the count holds until that day.
    assert (row.overdue, row.counted_on, row.overdue_until) == (0, date(2017, 12, 1), date(2017, 12, 31))

    def totals(today):
        return {
            row["plan"]: row["overdue"] for row in progress.plan_sums(PlanSummary.objects.public(), "plan", today=today)
        }

    assert totals(date(2017, 12, 31))[plan.pk] == 0
    # The day after, the stored count no longer holds: the sums recount the plan's ASM.
    assert totals(date(2018, 1, 1))[plan.pk] == 1
    assert progress.refresh_overdue(today=date(2018, 1, 1)) >= 1
    row.refresh_from_db()
    assert (row.overdue, row.counted_on, row.overdue_until) == (1, date(2018, 1, 1), None)
    assert totals(date(2018, 1, 1))[plan.pk] == 1
    assert progress.refresh_overdue(today=date(2018, 1, 1)) == 0
    # The home's sums read the same rows.
    assert sum(r["total"] for r in group_sums("plan__program__agency")) >= 1


def test_verify_progress_finds_a_summary_written_around_the_models_and_fix_repairs_it(world, capsys):
    PlanSummary._base_manager.filter(plan=world.live_plan_a).update(done=7)
    verify_progress_finds(
        capsys, f"resumen del programa de trabajo {world.live_plan_a.pk}: done guardado 7, calculado 0"
    )
    assert summary(world.live_plan_a)["done"] == 0
    PlanSummary._base_manager.filter(plan=world.live_plan_a).delete()
    verify_progress_finds(capsys, f"programa de trabajo {world.live_plan_a.pk}: sin resumen")
    call_command("verify_progress")


# The plans' overdue activities as staff see them, which the staff home adds up. ------------------


def late(plan):
    row = PlanSummary._base_manager.get(plan=plan)
    return row.late_activities, row.late_live_activities


def test_a_plans_overdue_activities_follow_reports_returns_authorisations_cancellations_and_deletions(world):
    plan = world.live_plan_a
    assert late(plan) == (1, 1)  # 40 % and due 31/12/2017
    second = make.activity(world.live_aspect_a, number=2)
    assert late(plan) == (2, 2)
    change = ChangeRequest.objects.create(activity=second, justification="Ya no aplica.", cancel=True)
    make.authorised(change, world.staff_a, world.supervisor_a)
    assert late(plan) == (2, 1)  # still overdue on the staff lists, but no longer live
    report = make.report(world.live_activity_a, world.march, percent=100, evidence_note="acta.pdf")
    assert late(plan) == (1, 0)  # staff count every report, authorised or not
    report.delete()
    assert late(plan) == (2, 1)
    make.report(world.live_activity_a, world.march, percent=100, evidence_note="acta.pdf")
    march_round = plan.rounds.get(period=world.march)
    march_round.submit(by=world.staff_a)
    march_round.return_(by=world.supervisor_a, comment="Falta la evidencia.")
    assert late(plan) == (1, 0)
    make.authorised(march_round, world.staff_a, world.supervisor_a)
    assert late(plan) == (1, 0)


def test_a_replanned_end_date_takes_an_activity_out_of_the_overdue_count_until_that_day(world):
    later = timezone.localdate() + timedelta(days=40)
    change = ChangeRequest.objects.create(
        activity=world.live_activity_a, justification="Retraso del proveedor.", new_end_date=later
    )
    make.authorised(change, world.staff_a, world.supervisor_a)
    assert late(world.live_plan_a) == (0, 0)
    assert PlanSummary._base_manager.get(plan=world.live_plan_a).late_until == later


def test_the_overdue_activities_are_recounted_once_their_count_no_longer_holds(world):
    plan = world.live_plan_a
    progress.refresh_summaries([plan.pk], today=date(2017, 12, 1))
    row = PlanSummary._base_manager.get(plan=plan)
    assert (row.late_activities, row.late_until) == (0, date(2017, 12, 31))
    summaries = PlanSummary.objects.filter(plan=plan)
    assert progress.late_sums(summaries, today=date(2017, 12, 31))["total"] == 0
    # The day after its end date the stored 0 no longer holds: the sums count the activities again.
    assert progress.late_sums(summaries, today=date(2018, 1, 1), live=lambda plan: Q()) == {"total": 1, "live": 1}
    assert progress.refresh_overdue(today=date(2018, 1, 1)) >= 1
    row.refresh_from_db()
    assert (row.late_activities, row.late_live_activities, row.late_until) == (1, 1, None)


def test_verify_progress_finds_a_tampered_count_of_overdue_activities(world, capsys):
    PlanSummary._base_manager.filter(plan=world.live_plan_a).update(late_activities=9)
    verify_progress_finds(
        capsys, f"resumen del programa de trabajo {world.live_plan_a.pk}: late_activities guardado 9, calculado 1"
    )
    assert late(world.live_plan_a) == (1, 1)


def test_writes_inside_deferred_are_computed_once_at_its_end(world):
    other_plan = make.plan(world.program_a)
    moved = make.aspect(world.plan_a, number=2)
    with progress.deferred():
        report = make.report(world.live_activity_a, world.march, percent=70)
        make.activity(world.live_aspect_a, number=2)
        moved.plan = other_plan
        moved.save()
        # Not yet: a loader writing hundreds of rows recomputes nothing until its end.
        assert stored(world.live_activity_a) == (40, 40)
        assert summary(world.plan_a)["aspects"] == 2
    assert stored(world.live_activity_a) == (70, 40)
    assert stored(world.live_aspect_a) == (35.0, 20.0)
    assert summary(world.plan_a)["aspects"] == 1  # the plan the ASM left is redone too
    assert summary(other_plan)["aspects"] == 1
    with progress.deferred():
        report.delete()
    assert stored(world.live_activity_a) == (40, 40)


def test_an_error_inside_deferred_undoes_its_writes(world):
    with pytest.raises(ZeroDivisionError), progress.deferred():
        make.report(world.live_activity_a, world.march, percent=70)
        1 / 0  # noqa: B018
    assert stored(world.live_activity_a) == (40, 40)
    assert not world.live_activity_a.reports.filter(period=world.march).exists()
    make.report(world.live_activity_a, world.march, percent=70)  # and writes after it refresh at once again
    assert stored(world.live_activity_a) == (70, 40)
