"""Nothing that is not authorised ever leaves through the open data.

The world holds, beside a fully authorised program, one of everything in every state short of
«autorizado» (borrador, en revisión, devuelto): plans with their evaluation, recommendations,
ASM, activities and indicators; progress rounds with reports and evidence; rounds of indicator
measurements; replanning requests; evidence that is authorised but not publishable, replaced, or
a replacement still pending; an agency and a program with no authorised plan. Each such item
carries a marker word in its text. Every API list and detail, every feed and the bulk ZIP are
read whole, and no marker may appear; the authorised items carry a word of their own that must
appear, so the scan is known to read data.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from aspects.models import ChangeRequest
from indicators.models import MeasurementRound
from programs.models import Program
from programs.workflow import State
from tests import factories as make
from tests import personas
from tests.conftest import shared_fixture

from .conftest import RESOURCES, api, public_stack

MARK = "zxqoculto"
SHOWN = "publicoautorizado"
PENDING = [State.DRAFT, State.IN_REVIEW, State.RETURNED]


def hidden(label: str) -> str:
    return f"{MARK}{label.replace('_', '')}"


def build_leaky_world() -> SimpleNamespace:
    public = public_stack(text=f"ASM {SHOWN}.")
    agency, preparer, supervisor = public.agency, public.preparer, public.supervisor
    unit_hidden = make.unit(agency, name=f"Dirección {hidden('unidad')}")
    kept: dict[str, list] = {
        "plan": [],
        "evaluation": [],
        "recommendation": [],
        "aspect": [],
        "activity": [],
        "report": [],
        "evidence": [],
        "change": [],
        "program": [],
    }

    for state in PENDING:
        tag = hidden(state)
        # A plan short of authorisation, on an evaluation of its own, in the public program.
        evaluation = make.evaluation(public.program, evaluator=f"Evaluador {tag}", position_text=f"Posición {tag}")
        recommendation = make.recommendation(evaluation, text=f"Recomendación {tag}")
        plan = make.plan(public.program, evaluation=evaluation, title=f"Plan {tag}")
        aspect = make.aspect(plan, text=f"ASM {tag}", observations=f"Obs {tag}", responsible_unit=unit_hidden)
        aspect.recommendations.add(recommendation)
        activity = make.activity(aspect, units=[unit_hidden], description=f"Actividad {tag}", product=f"Producto {tag}")
        make.indicator(aspect, text=f"Indicador {tag}", unit=f"Unidad {tag}", targets={2017: 70})
        document = make.evidence(evaluation, document="informe", publishable=True, name=f"informe {tag}.pdf")
        make.in_state(plan, state, preparer, supervisor, comment=f"Devuelto {tag}")
        kept["plan"].append(plan)
        kept["evaluation"].append(evaluation)
        kept["recommendation"].append(recommendation)
        kept["aspect"].append(aspect)
        kept["activity"].append(activity)
        kept["evidence"].append(document)

        # A progress round short of authorisation on an authorised plan, with publishable evidence.
        round_plan = make.plan(public.program, title=f"Plan con avance {SHOWN}")
        round_activity = make.activity(
            make.aspect(round_plan, text=f"ASM {SHOWN}"), units=[public.unit], description=SHOWN
        )
        make.authorised(round_plan, preparer, supervisor)
        period = make.opened(round_plan.cycle.periods.order_by("end").first())
        report = make.report(
            round_activity,
            period,
            percent=90,
            justification=f"Avance {tag}",
            observations=f"Obs {tag}",
            evidence_note=f"Nota {tag}",
        )
        evidence = make.evidence(report, publishable=True, description=f"Evidencia {tag}", name=f"acta {tag}.pdf")
        make.in_state(round_plan.rounds.get(period=period), state, preparer, supervisor, comment=f"Devuelto {tag}")
        # A round of measurements short of authorisation on the same authorised plan.
        indicator = make.indicator(round_activity.aspect, text=f"Indicador {SHOWN}", targets={2017: 70})
        make.measurement(indicator, period, value=50, result_text=f"Medición {tag}")
        make.in_state(
            MeasurementRound.objects.get(plan=round_plan, period=period),
            state,
            preparer,
            supervisor,
            comment=f"Devuelto {tag}",
        )
        kept["report"].append(report)
        kept["evidence"].append(evidence)

        # A replanning short of authorisation on an authorised activity.
        target = make.activity(public.aspect, units=[public.unit], description=SHOWN)
        change = ChangeRequest.objects.create(
            activity=target,
            justification=f"Justificación {tag}",
            new_description=f"Redacción {tag}",
            new_end_date=date(2019, 3, 31),
        )
        make.in_state(change, state, preparer, supervisor, comment=f"Devuelto {tag}")
        kept["change"].append(change)

        # A replacement, short of authorisation, of the authorised evidence.
        replacement = make.evidence(
            public.report,
            publishable=True,
            description=f"Reemplazo {tag}",
            name=f"acta v2 {tag}.pdf",
            replaces=public.evidence,
            current=False,
        )
        make.in_state(replacement, state, preparer, supervisor, comment=f"Devuelto {tag}")
        kept["evidence"].append(replacement)

    # Authorised evidence the preparer did not mark publishable.
    private = make.evidence(
        public.report, publishable=False, description=f"Privada {hidden('privada')}", name=f"{hidden('privada')}.pdf"
    )
    type(private).objects.filter(pk=private.pk).update(state=State.AUTHORISED)
    kept["evidence"].append(private)

    # An authorised evidence that an authorised replacement took the place of.
    old_owner = make.report(make.activity(public.aspect, description=SHOWN), public.period, percent=10)
    old = make.evidence(
        old_owner, publishable=True, description=f"Vieja {hidden('reemplazada')}", name=f"{hidden('reemplazada')}.pdf"
    )
    type(old).objects.filter(pk=old.pk).update(state=State.AUTHORISED)
    new = make.evidence(
        old_owner, publishable=True, description=f"Nueva {SHOWN}", name="nueva.pdf", replaces=old, current=False
    )
    make.authorised(new, preparer, supervisor)
    kept["evidence"].append(old)

    # An agency and a program with no authorised plan at all.
    lonely = make.agency(name=f"Dependencia {hidden('dependencia')}", acronym=hidden("siglas"))
    lonely_preparer, lonely_supervisor = personas.pair(lonely)
    lonely_program = make.program(lonely, key="ZXQ-1", name=f"Programa {hidden('programa')}")
    lonely_plan = make.plan(lonely_program)
    make.aspect(lonely_plan, text=f"ASM {hidden('solitario')}")
    make.in_state(lonely_plan, State.IN_REVIEW, lonely_preparer, lonely_supervisor)
    kept["program"].append(lonely_program)

    # An authorised ASM that names a recommendation of an evaluation no authorised plan uses.
    public.aspect.recommendations.add(kept["recommendation"][0])
    return SimpleNamespace(public=public, kept=kept, lonely=lonely)


@pytest.fixture(scope="module")
def shared_leaky(request):
    yield from shared_fixture(request, build_leaky_world)


@pytest.fixture
def leaky(db, shared_leaky):
    return shared_leaky.get()


def read_all(client, world) -> dict[str, str]:
    """Every open-data answer as text: each API list (one large page) and each record's detail,
    the schema, each public program's feed and every file of the bulk ZIP."""
    texts = {}
    for resource in RESOURCES:
        url = api(f"{resource}-list")
        response = client.get(url, {"por_pagina": 500})
        assert response.status_code == 200
        texts[url] = response.content.decode()
        for record in response.json()["results"]:
            key = {"clave": record["clave"]} if resource == "programa" else {"pk": record["id"]}
            detail = api(f"{resource}-detail", **key)
            texts[detail] = client.get(detail).content.decode()
    texts["root"] = client.get(api("api-root")).content.decode()
    for program in Program.objects.public():
        url = reverse("open-data:program-feed", kwargs={"key": program.key})
        response = client.get(url)
        assert response.status_code == 200
        texts[url] = response.content.decode()
    call_command("build_open_data", stdout=io.StringIO())  # as the job after each authorisation
    response = client.get(reverse("open-data:bulk-download"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    for name in archive.namelist():
        texts[name] = archive.read(name).decode("utf-8-sig")
    return texts


def test_no_open_data_answer_carries_anything_not_authorised(client, leaky):
    texts = read_all(client, leaky.public)
    leaks = [
        f"{where}: …{text[max(text.lower().find(MARK) - 80, 0) : text.lower().find(MARK) + 40]}…"
        for where, text in texts.items()
        if MARK in text.lower()
    ]
    assert not leaks, "\n".join(leaks)
    assert SHOWN in texts[api("asm-list")] and SHOWN in texts["asm.csv"] and SHOWN in texts["actividades.csv"]
    assert SHOWN in texts[api("indicador-list")] and SHOWN in texts["indicadores.csv"]
    assert any(f"Nueva {SHOWN}" in text for text in texts.values())


def test_nothing_names_people_their_accounts_or_versions(client, leaky):
    for where, text in read_all(client, leaky.public).items():
        assert "@ejemplo.gob.mx" not in text, where
        for name in ("capturista", "supervisor", "Pérez", "Ríos"):
            assert name not in text, (where, name)
        assert '"version"' not in text and "version," not in text, where


@pytest.mark.parametrize("kind", ["plan_items", "report", "evidence", "change", "program"])
def test_detail_urls_of_what_is_not_authorised_answer_404(client, leaky, kind):
    kept = leaky.kept
    urls = {
        "plan_items": [api("evaluacion-detail", pk=o.pk) for o in kept["evaluation"]]
        + [api("recomendacion-detail", pk=o.pk) for o in kept["recommendation"]]
        + [api("asm-detail", pk=o.pk) for o in kept["aspect"]]
        + [api("actividad-detail", pk=o.pk) for o in kept["activity"]],
        "report": [api("avance-detail", pk=o.pk) for o in kept["report"]],
        "evidence": [api("evidencia-detail", pk=o.pk) for o in kept["evidence"]],
        "change": [api("replanteamiento-detail", pk=o.pk) for o in kept["change"]],
        "program": [api("programa-detail", clave=o.key) for o in kept["program"]]
        + [api("dependencia-detail", pk=leaky.lonely.pk)]
        + [reverse("open-data:program-feed", kwargs={"key": o.key}) for o in kept["program"]],
    }[kind]
    assert urls
    never_existed = client.get(api("asm-detail", pk=999_999)).content
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        if url.startswith("/api/"):
            assert response.content == never_existed, url  # nothing tells it apart from a missing id


def test_an_authorised_asm_names_only_public_recommendations(client, leaky):
    record = client.get(api("asm-detail", pk=leaky.public.aspect.pk)).json()
    assert record["recomendaciones"] == [leaky.public.recommendation.pk]


def test_public_progress_ignores_reports_not_yet_authorised(client, leaky):
    reports = client.get(api("avance-list"), {"por_pagina": 500}).json()["results"]
    assert {r["avance"] for r in reports} <= {40, 10}
    activities = client.get(api("actividad-list"), {"por_pagina": 500}).json()["results"]
    assert 90 not in {a["avance"] for a in activities}
