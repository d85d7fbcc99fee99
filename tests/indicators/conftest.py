from types import SimpleNamespace

import pytest

from tests import factories as make


@pytest.fixture
def measured(world) -> SimpleNamespace:
    """An authorised plan of agency A measured by indicators: one objective, one ASM with two
    indicators (targets 70 % in 2017 and 80 % in 2018), its first period open."""
    plan = make.plan(world.program_a)
    objective = make.objective(plan, number=1)
    aspect = make.aspect(plan, number=1, objective=objective)
    first = make.indicator(aspect, number=1, targets={2017: 70, 2018: 80})
    second = make.indicator(aspect, number=2, targets={2017: 50})
    make.authorised(plan, world.staff_a, world.supervisor_a)
    september, march = plan.cycle.periods.order_by("end")
    make.opened(september)
    return SimpleNamespace(
        plan=plan, objective=objective, aspect=aspect, first=first, second=second, september=september, march=march
    )
