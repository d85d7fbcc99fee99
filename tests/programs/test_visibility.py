"""The public rule, `public()` (programs/visibility.py): what it lets through, and that progress
read after it is the public's however the queryset is chained.

World (tests/conftest.py): `plan_a` is a draft; `live_plan_a` is authorised and its activity has
`report_a`, 40 %, authorised at «Septiembre»; «Marzo» is open.
"""

import pytest

from aspects.models import Activity, Aspect, Plan, ProgressReport
from programs.models import Agency, Evaluation, Program, Recommendation
from tests import factories as make


def test_only_what_hangs_on_an_authorised_plan_is_public(world):
    assert list(Plan.objects.public()) == [world.live_plan_a]
    assert list(Aspect.objects.public()) == [world.live_aspect_a]
    assert list(Activity.objects.public()) == [world.live_activity_a]
    assert list(Program.objects.public()) == [world.program_a]
    assert list(Agency.objects.public()) == [world.agency_a]


def test_a_report_is_public_only_once_its_round_is_authorised(world):
    make.report(world.live_activity_a, world.march, percent=70)
    assert list(ProgressReport.objects.public()) == [world.report_a]


def test_progress_read_after_the_rule_counts_authorised_reports_only(world):
    make.report(world.live_activity_a, world.march, percent=70)
    assert Activity.objects.with_progress().get(pk=world.live_activity_a.pk).progress == 70
    assert Activity.objects.public().with_progress().get(pk=world.live_activity_a.pk).progress == 40
    # Filters and orders between the rule and the reading keep the public's values.
    chained = Activity.objects.public().filter(number=1).order_by("pk").all().with_progress()[:5]
    assert [activity.progress for activity in chained] == [40]
    assert Aspect.objects.public().select_related("plan").with_progress().get().progress == 40.0


def test_progress_read_before_the_rule_is_refused(world):
    with pytest.raises(TypeError, match="public\\(\\) comes before with_progress\\(\\)"):
        Aspect.objects.with_progress().public()


def test_through_foreign_keys_the_rule_is_a_plain_join(world):
    # A join the database walks page by page; through a reverse relation (an agency's plans) a
    # join would repeat rows, so there it is a subquery.
    assert "IN (SELECT" not in str(Activity.objects.public().query).upper()
    assert "IN (SELECT" in str(Agency.objects.public().query).upper()


def test_through_foreign_keys_then_the_plans_the_rule_reads_the_authorised_plans_keys(world):
    # A recommendation is public by its evaluation's id among the authorised plans' evaluation ids:
    # a set of plans, not a join of every recommendation to its evaluation and plans.
    sql = str(Recommendation.objects.public().query)
    assert 'IN (SELECT U0."evaluation_id"' in sql and 'FROM "programs_recommendation" U0' not in sql
    assert 'IN (SELECT U0."program_id"' in str(Program.objects.public().query)
    assert 'IN (SELECT U0."evaluation_id"' in str(Evaluation.objects.public().query)
