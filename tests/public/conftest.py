"""Builders of the open-data tests.

- `public_stack()` makes one agency whose whole chain is authorised and public: program,
  evaluation, recommendations, plan, ASM, activity, progress round with a publishable evidence
  file, an authorised replanning, and an indicator with its target and its authorised
  measurement; every record of every API resource, once.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from aspects import progress
from aspects.models import ChangeRequest
from indicators.models import MeasurementRound
from tests import factories as make
from tests import personas
from tests.conftest import shared_fixture


def public_stack(text: str = "Actualizar la evaluación de diseño.", people=personas.pair) -> SimpleNamespace:
    """`people(agency)` gives the capturista and the supervisor who sign everything."""
    with progress.deferred():  # the stored progress computed once, after the last row
        stack = _public_stack(text, people)
    for obj in (stack.evidence, stack.change, stack.replanned):
        obj.refresh_from_db()
    return stack


def _public_stack(text: str, people) -> SimpleNamespace:
    agency = make.agency()
    preparer, supervisor = people(agency)
    unit = make.unit(agency)
    program = make.program(agency)
    evaluation = make.evaluation(program, evaluator="Evaluadora Pública", position_text="Posición publicable.")
    recommendation = make.recommendation(evaluation, text="Recomendación publicable.", scope=make.scope())
    duplicate = make.recommendation(
        evaluation, attended=False, justification="Duplica la anterior.", duplicates=recommendation
    )
    plan = make.plan(program, evaluation=evaluation, title="Programa de trabajo publicable")
    aspect = make.aspect(plan, text=text, responsible_unit=unit)
    aspect.recommendations.add(recommendation)
    activity = make.activity(aspect, units=[unit], description="Elaborar el diagnóstico.")
    replanned = make.activity(aspect, units=[unit], description="Publicar el informe.")
    indicator = make.indicator(aspect, text="Porcentaje de padrones actualizados.", targets={2017: 70})
    make.authorised(plan, preparer, supervisor)
    period = make.opened(plan.cycle.periods.order_by("end").first())
    report = make.report(activity, period, percent=40, justification="Avance publicable.")
    evidence = make.evidence(report, publishable=True, name="acta publicable.pdf")
    round_ = plan.rounds.get(period=period)
    make.authorised(round_, preparer, supervisor)
    measurement = make.measurement(indicator, period, value=75, result_text="Medición publicable.")
    make.authorised(MeasurementRound.objects.get(plan=plan, period=period), preparer, supervisor)
    change = ChangeRequest.objects.create(
        activity=replanned, justification="Retraso del proveedor.", new_end_date=date(2018, 6, 30)
    )
    make.authorised(change, preparer, supervisor)
    return SimpleNamespace(
        agency=agency,
        preparer=preparer,
        supervisor=supervisor,
        unit=unit,
        program=program,
        evaluation=evaluation,
        recommendation=recommendation,
        duplicate=duplicate,
        plan=plan,
        aspect=aspect,
        activity=activity,
        replanned=replanned,
        period=period,
        report=report,
        evidence=evidence,
        round=round_,
        change=change,
        indicator=indicator,
        measurement=measurement,
    )


@pytest.fixture(scope="module")
def shared_stack(request):
    yield from shared_fixture(request, public_stack)


@pytest.fixture
def stack(db, shared_stack) -> SimpleNamespace:
    return shared_stack.get()


def api(name: str, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs=kwargs or None)


RESOURCES = [
    "dependencia",
    "programa",
    "evaluacion",
    "recomendacion",
    "asm",
    "actividad",
    "avance",
    "evidencia",
    "replanteamiento",
    "indicador",
    "meta",
    "medicion",
]
