"""Plain factories: each makes one valid object, with keyword overrides."""

from __future__ import annotations

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from aspects.models import Activity, Aspect, Objective, Plan, ProgressReport
from aspects.services import record_progress
from indicators.models import Indicator, IndicatorTarget, Measurement
from indicators.services import record_measurement
from programs.models import (
    Agency,
    CutOffPeriod,
    Cycle,
    Evaluation,
    EvaluationType,
    ManagementScope,
    Membership,
    Program,
    Recommendation,
    Region,
    Unit,
)
from programs.workflow import State

_seq = itertools.count(1)


def agency(**kw) -> Agency:
    n = next(_seq)
    return Agency.objects.create(
        **{"name": f"Secretaría {n}", "acronym": f"S{n}", "order": "estatal", "state": "Querétaro", **kw}
    )


def unit(agency: Agency, **kw) -> Unit:
    return Unit.objects.create(agency=agency, **{"name": f"Dirección {next(_seq)}", **kw})


def user(username: str, agency: Agency | None = None, position: str = "Enlace", role: str = "capturista", **kw):
    kw.setdefault("email", f"{username}@ejemplo.gob.mx")
    # A signature needs a full name (programs.workflow.signature_refusal); pass first_name="" for one without.
    kw.setdefault("first_name", "Persona")
    kw.setdefault("last_name", f"de Prueba {next(_seq)}")
    account = get_user_model().objects.create_user(username=username, password="secreta", **kw)
    if agency or role == "coordinador":
        Membership.objects.create(user=account, agency=agency, position=position, role=role)
    return account


def program(agency: Agency, **kw) -> Program:
    n = next(_seq)
    return Program.objects.create(
        agency=agency, **{"key": f"P{n:03d}", "name": f"Programa {n}", "kind": "presupuestario", **kw}
    )


def evaluation(program: Program, **kw) -> Evaluation:
    kind, _ = EvaluationType.objects.get_or_create(name="Consistencia y Resultados")
    return Evaluation.objects.create(program=program, **{"type": kind, "year": 2016, "fiscal_year": 2015, **kw})


def recommendation(evaluation: Evaluation, **kw) -> Recommendation:
    return Recommendation.objects.create(
        evaluation=evaluation, **{"number": next(_seq), "text": "Mejorar la MIR.", **kw}
    )


def scope(code: str = "O") -> ManagementScope:
    return ManagementScope.objects.get_or_create(code=code, defaults={"name": "Operación"})[0]


def cycle(**kw) -> Cycle:
    n = next(_seq)
    made = Cycle.objects.create(**{"name": f"Programa de ASM {n}", "year": 2017, **kw})
    CutOffPeriod.objects.create(cycle=made, name="Septiembre", start=date(2017, 4, 1), end=date(2017, 9, 30))
    CutOffPeriod.objects.create(cycle=made, name="Marzo", start=date(2017, 10, 1), end=date(2018, 3, 31))
    return made


def plan(program: Program, **kw) -> Plan:
    return Plan.objects.create(
        program=program,
        **{
            "cycle": kw.pop("cycle", None) or cycle(),
            "responsible_name": "Ana Pérez",
            "responsible_position": "Directora",
            **kw,
        },
    )


def aspect(plan: Plan, **kw) -> Aspect:
    return Aspect.objects.create(plan=plan, **{"number": next(_seq), "text": "Actualizar el diagnóstico.", **kw})


def activity(aspect: Aspect, units=(), **kw) -> Activity:
    made = Activity.objects.create(
        aspect=aspect,
        **{"number": next(_seq), "description": "Elaborar el documento.", "end_date": date(2017, 12, 31), **kw},
    )
    made.units.set(units)
    return made


def report(activity: Activity, period: CutOffPeriod | None = None, **kw) -> ProgressReport:
    period = period or activity.aspect.plan.cycle.periods.first()
    return record_progress(
        activity=activity, period=period, by=None, **{"percent": 50, "reported_on": period.end, **kw}
    )


def region(agency: Agency, **kw) -> Region:
    return Region.objects.create(agency=agency, **{"name": f"Región {next(_seq)}", **kw})


def objective(plan: Plan, **kw) -> Objective:
    return Objective.objects.create(
        plan=plan, **{"number": next(_seq), "text": "Contar con un sistema de información.", **kw}
    )


def indicator(aspect: Aspect, targets: dict[int, float] | None = None, **kw) -> Indicator:
    """An indicator of `aspect` (percent by default) with its `targets` by year ({2017: 70})."""
    made = Indicator.objects.create(
        aspect=aspect,
        **{"number": next(_seq), "text": "Porcentaje de ministerios que traspasan la información solicitada.", **kw},
    )
    for year, value in (targets or {}).items():
        IndicatorTarget.objects.create(indicator=made, year=year, value=value)
    return made


def measurement(indicator: Indicator, period: CutOffPeriod | None = None, **kw) -> Measurement:
    """A measurement recorded as the staff page records it (its round made if missing)."""
    period = period or indicator.aspect.plan.cycle.periods.first()
    return record_measurement(indicator=indicator, period=period, by=None, **{"year": 2017, **kw})


def in_state(obj, state: str, preparer, supervisor, *, comment: str = "Corrija las fechas."):
    """Take a reviewable object (plan, progress round, replanning, evidence replacement), just
    made, through the real workflow to `state`: borrador (as it is), en revisión (submitted by
    `preparer`), devuelto (then returned by `supervisor` with `comment`) or autorizado."""
    if state not in State.values:
        raise ValueError(f"Unknown workflow state: {state!r}")
    if state != State.DRAFT:
        obj.submit(by=preparer)
    if state == State.RETURNED:
        obj.return_(by=supervisor, comment=comment)
    elif state == State.AUTHORISED:
        obj.authorise(by=supervisor)
    return obj


def authorised(obj, preparer, supervisor):
    """Take a reviewable object through the real workflow to «autorizado»."""
    return in_state(obj, State.AUTHORISED, preparer, supervisor)


def opened(period: CutOffPeriod) -> CutOffPeriod:
    CutOffPeriod.objects.filter(pk=period.pk).update(status=CutOffPeriod.Status.OPEN)
    period.refresh_from_db()
    return period


def closed(period: CutOffPeriod) -> CutOffPeriod:
    CutOffPeriod.objects.filter(pk=period.pk).update(status=CutOffPeriod.Status.CLOSED)
    period.refresh_from_db()
    return period


def evidence(owner, content: bytes | None = None, name: str = "acta.pdf", **kw):
    """An evidence file on a progress report or an evaluation, stored as an upload would be."""
    import hashlib

    from django.core.files.base import ContentFile

    from evidence.models import Evidence
    from evidence.samples import example_pdf

    content = content if content is not None else example_pdf(name)
    field = "report" if isinstance(owner, ProgressReport) else "evaluation"
    row = Evidence(
        **{field: owner},
        description=kw.pop("description", "Documento probatorio"),
        original_name=name,
        size=len(content),
        content_type="application/pdf",
        sha256=hashlib.sha256(content).hexdigest(),
        **kw,
    )
    row.file.save(name, ContentFile(content), save=False)
    row.save()
    return row
