"""The permission matrix: every URL pattern of the project × GET/POST × persona × workflow state.

For each state (borrador, en revisión, devuelto, autorizado) agency A has a plan, a progress
round and a replanning request in that state. Every cell's expected status is written out
below as plain rules, independent of the access code, and each request runs in a savepoint
that is rolled back, so a delete in one cell does not disturb the next. Highlights:
- anonymous users are sent to the login page from every staff URL;
- agency B's capturista and supervisor get 404 (not 403) for everything of agency A;
- the coordinator reads everything and changes nothing (403), but manages periods and alone
  asks for the annexes of every plan changed since a day;
- the public section answers every persona alike: 200 for what is authorised, 404 for the rest;
- a plan's combined document is a job for staff who may see the plan (302 to it; 404 to agency B);
- the addresses of the indicator pages the one-page editor replaced redirect to it (404 to agency B);
- submitted and authorised content answers 403 to edits, and transitions from the wrong
  state 409; returning and authorising need a supervisor who did not prepare it;
- the open data (API, feeds, bulk ZIP) answers every persona alike: what is authorised 200,
  anything else 404, and POST 405; the bulk ZIP, never built in this world, 503;
- the account pages answer every signed-in persona for their own account (a second factor
  set up once: its setup redirects, its verification and recovery codes answer), and the
  password reset answers everyone alike;
- «Mis descargas» shows each user their own jobs only: staff_a's job is 404 to everyone else;
- a shared job (a long public list download, built once for everyone) answers every persona
  alike at its token's address: 200, and POST 405;
- the consolidated annex (authorised plans only) is a form every staff persona may fill: the
  coordinator for any agency or cycle, each agency's staff for their own agency;
- «Importar»: agency A's import (not committed) is 404 to agency B; the coordinator reads it and
  its file but neither uploads, chooses, commits nor discards (403).
"""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from aspects import progress
from aspects.models import ChangeRequest
from imports.models import Import
from indicators.models import MeasurementRound
from jobs.models import Job, Status
from programs.workflow import State
from tests import factories as make
from tests import personas
from tests.conftest import client_for, shared_fixture

STATES = [State.DRAFT, State.IN_REVIEW, State.RETURNED, State.AUTHORISED]
METHODS = ["get", "post"]
A_PERSONAS = {"staff_a", "supervisor_a"}
B_PERSONAS = {"staff_b", "supervisor_b"}

# URL name → (attribute of the world whose pk goes in the URL, URL keyword) or None.
TARGETS = {
    "login": None,
    "logout": None,
    "staff-home": None,
    "programs:program-list": None,
    "programs:program-create": None,
    "programs:program-detail": ("program", "pk"),
    "programs:program-update": ("program", "pk"),
    "programs:program-delete": ("program", "pk"),
    "programs:evaluation-create": ("program", "parent_pk"),
    "programs:evaluation-detail": ("evaluation", "pk"),
    "programs:evaluation-update": ("evaluation", "pk"),
    "programs:evaluation-delete": ("evaluation", "pk"),
    "programs:cycle-list": None,
    "programs:cycle-create": None,
    "programs:cycle-update": ("cycle", "pk"),
    "programs:period-create": ("cycle", "parent_pk"),
    "programs:period-update": ("period", "pk"),
    "programs:period-open": ("period", "pk"),
    "programs:period-close": ("period", "pk"),
    "programs:period-reopen": ("period", "pk"),
    "aspects:plan-list": None,
    "aspects:plan-create": None,
    "aspects:plan-detail": ("plan", "pk"),
    "aspects:plan-update": ("plan", "pk"),
    "aspects:plan-delete": ("plan", "pk"),
    "aspects:plan-participants": ("plan", "pk"),
    "aspects:aspect-create": ("plan", "parent_pk"),
    "aspects:aspect-list": None,
    "aspects:aspect-detail": ("aspect", "pk"),
    "aspects:aspect-update": ("aspect", "pk"),
    "aspects:aspect-delete": ("aspect", "pk"),
    "aspects:activity-list": None,
    "aspects:activity-detail": ("activity", "pk"),
    "aspects:report-create": ("live_activity", "parent_pk"),
    "aspects:report-update": ("report", "pk"),
    "aspects:report-delete": ("report", "pk"),
    "aspects:round-detail": ("round", "pk"),
    "aspects:round-bulk-authorise": None,
    "aspects:missing-reports": None,
    "aspects:missing-reports-remind": None,
    "aspects:calendar": None,
    "calendar-feed": lambda w: {"token": f"{w.people.get('staff_a').pk}-no-vale"},  # a forged address
    "aspects:change-create": ("live_activity", "parent_pk"),
    "aspects:change-detail": ("change", "pk"),
    "aspects:change-update": ("change", "pk"),
    "aspects:change-delete": ("change", "pk"),
    # Extra URL keywords go third.
    "reports:annex-preview": ("plan", "pk", {"table": "institucional"}),
    "reports:annex-download": ("plan", "pk", {"table": "avance", "fmt": "csv"}),
    "reports:annex-export": None,
    # The informe ejecutivo of the live plan, measured by indicators (its round in the world's state).
    "reports:executive-report": ("live_plan", "pk", {"fmt": "xlsx"}),
    "reports:consolidated-export": None,
    "reports:missing-reports-download": lambda w: {"fmt": "csv"},
    "reports:combined-download": ("plan", "pk", {"fmt": "pdf"}),
}
TARGETS.update(
    {
        "evidence:report-upload": ("report", "report_pk"),
        "evidence:evaluation-upload": ("evaluation", "evaluation_pk"),
        "evidence:evidence-detail": ("evidence", "pk"),
        "evidence:evidence-update": ("evidence", "pk"),
        "evidence:evidence-delete": ("evidence", "pk"),
        "evidence:evidence-replace": ("evidence", "pk"),
        "evidence:evidence-download": ("evidence", "pk"),
        "evidence-public:detail": ("evidence", "pk"),
        "evidence-public:download": ("evidence", "pk"),
    }
)
# «Mis descargas»: staff_a's finished job, with its file.
TARGETS.update(
    {
        "jobs:job-list": None,
        "jobs:job-detail": ("job", "pk"),
        "jobs:job-status": ("job", "pk"),
        "jobs:job-download": ("job", "pk"),
    }
)
OWN_JOB_PAGES = {"jobs:job-detail", "jobs:job-status", "jobs:job-download"}
# «Importar»: agency A's import of a file, not committed.
TARGETS.update(
    {
        "imports:import-list": None,
        "imports:import-upload": None,
        "imports:import-detail": ("import_", "pk"),
        "imports:import-discard": ("import_", "pk"),
        "imports:import-file": ("import_", "pk"),
    }
)
# A shared job: a finished public list download, reached by its token.
SHARED_JOB_PAGES = {"jobs-public:detail", "jobs-public:status", "jobs-public:download"}
TARGETS.update({name: ("shared_job_token", "token") for name in SHARED_JOB_PAGES})
# The open data: the API, the feeds and the bulk download answer every persona alike.
OPEN_DATA_OBJECTS = {  # API detail → the world's object, public only once authorised
    "evaluacion": "evaluation",
    "recomendacion": "recommendation",
    "asm": "aspect",
    "actividad": "activity",
    "avance": "report",
    "evidencia": "evidence",
    "replanteamiento": "change",
    "indicador": "indicator",  # of the plan in the world's state
    "meta": "target",
    "medicion": "measurement",  # of the live plan, in a round in the world's state
}
TARGETS.update(
    {
        "api:api-root": None,
        "api:schema": None,
        "open-data:bulk-download": None,
        "api:dependencia-detail": ("agency", "pk"),
        "api:programa-detail": ("program_key", "clave"),
        "open-data:program-feed": ("program_key", "key"),
        **{f"api:{name}-detail": (attribute, "pk") for name, attribute in OPEN_DATA_OBJECTS.items()},
        **{f"api:{name}-list": None for name in [*OPEN_DATA_OBJECTS, "dependencia", "programa"]},
        "api:not-found": lambda w: {"rest": "nada/"},  # any other address under /api/
    }
)
# A plan measured by indicators: its overview and edit pages follow the plan; measurements are
# recorded on the live plan's indicator, into a round in the world's state.
TARGETS.update(
    {
        "indicators:plan-indicators": ("plan", "pk"),
        "indicators:plan-editor": ("plan", "pk"),
        "indicators:plan-objectives": ("plan", "pk"),
        "indicators:products": ("plan", "pk"),
        "indicators:gaps": ("plan", "pk"),
        "indicators:narrative": ("plan", "pk"),
        "indicators:indicator-create": ("aspect", "parent_pk"),
        "indicators:indicator-update": ("indicator", "pk"),
        "indicators:indicator-delete": ("indicator", "pk"),
        "indicators:measurement-create": ("live_indicator", "parent_pk"),
        "indicators:measurement-update": ("measurement", "pk"),
        "indicators:measurement-delete": ("measurement", "pk"),
        "indicators:round-detail": ("measurement_round", "pk"),
    }
)
for action in ["enviar", "devolver", "autorizar"]:
    TARGETS[f"indicators:round-{action}"] = ("measurement_round", "pk")
for prefix, attribute in [("plan", "plan"), ("round", "round"), ("change", "change")]:
    for action in ["enviar", "devolver", "autorizar"]:
        TARGETS[f"aspects:{prefix}-{action}"] = (attribute, "pk")
for action in ["enviar", "devolver", "autorizar"]:
    TARGETS[f"evidence:evidence-{action}"] = ("replacement", "pk")
# The public section: the same answer to every persona. A target may also be a function of
# the world that gives the URL's keywords.
PUBLIC_PAGES = {
    "public:home",
    "public:agency-list",
    "public:program-list",
    "public:aspect-list",
    "public:activity-list",
    "public:search",
    "public:open-data",
    "public:data-dictionary",
    "public:agency",
    "public:program",
    "public:program-search",
}
# Pages of agency A's plan in the world's state: public only once it is authorised.
PUBLIC_OF_PLAN = {
    "public:evaluation",
    "public:aspect",
    "public:activity",
    "public:annex",
    "public:annex-download",
    "public:combined-download",
    "public:indicators",  # the plan's indicators
    "public:executive-report",  # the live plan's, at the period whose measurements are in the world's state
}
TARGETS.update({name: None for name in PUBLIC_PAGES})
TARGETS["health"] = None
TARGETS.update(
    {
        "public:agency": lambda w: {"slug": w.program.agency.slug},
        "public:program": lambda w: {"key": w.program.key},
        "public:evaluation": lambda w: {"key": w.program.key, "pk": w.evaluation.pk},
        "public:aspect": lambda w: {"key": w.program.key, "pk": w.aspect.pk},
        "public:activity": lambda w: {"key": w.program.key, "pk": w.activity.pk},
        "public:annex": lambda w: {"key": w.program.key, "plan_pk": w.plan.pk, "table": "resumen"},
        "public:annex-download": lambda w: {
            "key": w.program.key,
            "plan_pk": w.plan.pk,
            "table": "resumen",
            "fmt": "xlsx",
        },
        "public:combined-download": lambda w: {"key": w.program.key, "plan_pk": w.plan.pk, "fmt": "pdf"},
        "public:indicators": lambda w: {"key": w.program.key, "plan_pk": w.plan.pk},
        "public:executive-report": lambda w: {"key": w.program.key, "plan_pk": w.live_plan.pk, "fmt": "xlsx"},
    }
)

# The account pages (accounts/): the supervisors and the coordinator have set up their second
# factor and verified it this session; the capturistas have none (it is optional for them).
MFA_PERSONAS = {"supervisor_a", "supervisor_b", "coordinator"}
OWN_ACCOUNT_PAGES = {"account", "password_change", "password_change_done", "mfa-setup", "mfa-verify", "mfa-codes"}
PASSWORD_RESET_PAGES = {"password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"}
TARGETS.update({name: None for name in OWN_ACCOUNT_PAGES | PASSWORD_RESET_PAGES})
TARGETS["password_reset_confirm"] = lambda w: {"uidb64": "MQ", "token": "no-vale"}  # a link that is not valid

# The suggestions of the searchable choosers list only what each persona may see (tests/programs/test_choosers.py).
TARGETS["programs:choices"] = lambda w: {"source": "unidades"}
READ_LISTS = {
    "staff-home",
    "aspects:calendar",
    "jobs:job-list",
    "programs:program-list",
    "programs:cycle-list",
    "aspects:plan-list",
    "aspects:aspect-list",
    "aspects:activity-list",
    "programs:choices",
    "imports:import-list",
}
READ_OBJECTS = {
    "programs:program-detail",
    "programs:evaluation-detail",
    "aspects:plan-detail",
    "aspects:aspect-detail",
    "aspects:activity-detail",
    "aspects:round-detail",
    "aspects:change-detail",
    "indicators:plan-indicators",
    "indicators:round-detail",
    "evidence:evidence-detail",
    "evidence:evidence-download",
    "reports:annex-preview",
    "reports:annex-download",
    "reports:executive-report",
    "imports:import-file",
}
PUBLIC_OBJECTS = {"evidence-public:detail", "evidence-public:download"}
# Downloads always made by a job: a redirect to the job's page in «Mis descargas».
JOB_DOWNLOADS = {"reports:combined-download"}
TOP_CREATES = {"programs:program-create", "aspects:plan-create", "imports:import-upload"}
COORDINATOR_FORMS = {
    "programs:cycle-create",
    "programs:cycle-update",
    "programs:period-create",
    "programs:period-update",
    "reports:annex-export",  # every agency's annexes changed since a day, made by a job
}
# Edit pages of agency A's objects → what their lock depends on (None: never locked).
EDITS = {
    "programs:program-update": None,
    "programs:program-delete": None,
    "programs:evaluation-create": None,
    "programs:evaluation-update": "plan",
    "programs:evaluation-delete": "plan",
    "aspects:plan-update": "plan",
    "aspects:plan-delete": "plan",
    "aspects:plan-participants": "plan",
    "aspects:aspect-create": "plan",
    "aspects:aspect-update": "plan",
    "aspects:aspect-delete": "plan",
    "aspects:report-create": None,
    "aspects:report-update": "round",
    "aspects:report-delete": "round",
    "aspects:change-create": None,
    "aspects:change-update": "change",
    "aspects:change-delete": "change",
    "indicators:plan-editor": "plan",
    "indicators:products": "plan",
    "indicators:gaps": "plan",
    "indicators:narrative": "plan",
    "indicators:measurement-create": None,
    "indicators:measurement-update": "round",
    "indicators:measurement-delete": "round",
    "evidence:report-upload": "round",
    "evidence:evaluation-upload": "plan",
    "evidence:evidence-update": "round",
    "evidence:evidence-delete": "round",
}
# The pages the one-page indicator editor replaced: whatever the method, a redirect to it for who
# may see the plan (the editor then answers by the plan's state), 404 to agency B.
MOVED_TO_EDITOR = {
    "indicators:plan-objectives",
    "indicators:indicator-create",
    "indicators:indicator-update",
    "indicators:indicator-delete",
}
TRANSITIONS = {name for name in TARGETS if name.rsplit("-", 1)[-1] in ("enviar", "devolver", "autorizar")}


def expected(name: str, method: str, persona: str, state: str) -> int:
    logged_in = persona != "anonymous"
    if name == "login":
        return 200
    if name == "logout":
        return 302 if method == "post" else 405
    if name in PASSWORD_RESET_PAGES:
        # The request and the link's page are forms (an empty POST shows their errors; a link
        # that is not valid says so); what follows them only reads.
        return 405 if method == "post" and name in ("password_reset_done", "password_reset_complete") else 200
    if name in OWN_ACCOUNT_PAGES:
        if not logged_in:
            return 302  # to the login page
        if name == "mfa-setup":
            return 302 if persona in MFA_PERSONAS else 200  # set up already: nothing to set up again
        if name in ("mfa-verify", "mfa-codes"):
            return 200 if persona in MFA_PERSONAS else 302  # nothing set up yet: to the setup
        if method == "post":
            return 200 if name == "password_change" else 405  # an empty POST shows the form's errors
        return 200
    if name == "health":
        return 405 if method == "post" else 200  # no account needed, the same answer to everyone
    if name in PUBLIC_PAGES or name in SHARED_JOB_PAGES:
        return 405 if method == "post" else 200
    if name in PUBLIC_OF_PLAN:
        return 405 if method == "post" else 200 if state == State.AUTHORISED else 404
    if name == "evidence:evidence-download" and not logged_in:
        return 405 if method == "post" else 404  # a private file does not exist for the public
    if name in PUBLIC_OBJECTS:
        # The evidence is marked publishable: it is public once its round is authorised.
        return 405 if method == "post" else 200 if state == State.AUTHORISED else 404
    if name == "api:not-found":
        return 404
    if name == "calendar-feed":
        # Calendar applications do not sign in: the secret address is the credential, and a
        # forged one does not exist, for anyone.
        return 405 if method == "post" else 404
    if name.startswith(("api:", "open-data:")):
        if method == "post":
            return 405
        if name == "open-data:bulk-download":
            return 503  # no job has built it yet
        # The program (and its agency) has the authorised `live_plan` in every state.
        if name.endswith("-detail") and name.split(":")[1].removesuffix("-detail") in OPEN_DATA_OBJECTS:
            return 200 if state == State.AUTHORISED else 404
        return 200
    if not logged_in:
        return 302  # to the login page
    if name == "aspects:round-bulk-authorise":
        # GET: the confirmation of the chosen rounds (none chosen here); POST: back to the home page.
        return 200 if method == "get" else 302
    if name in READ_LISTS:
        return 200 if method == "get" else 405
    if name in MOVED_TO_EDITOR:
        return 404 if persona in B_PERSONAS else 302
    if name in READ_OBJECTS:
        if method == "post":
            return 405
        return 404 if persona in B_PERSONAS else 200
    if name in JOB_DOWNLOADS:
        if method == "post":
            return 405
        return 404 if persona in B_PERSONAS else 302
    if name in OWN_JOB_PAGES:
        if method == "post":
            return 405
        return 200 if persona == "staff_a" else 404
    if name in ("aspects:missing-reports", "reports:missing-reports-download"):
        if method == "post":
            return 405
        return 200 if persona == "coordinator" else 403
    if name == "aspects:missing-reports-remind":
        if method == "get":
            return 405
        return 404 if persona == "coordinator" else 403  # the POST names no open period
    if name == "reports:consolidated-export":
        return 200  # an empty POST shows the form's errors; the agency offered depends on the persona
    if name in COORDINATOR_FORMS:
        return 200 if persona == "coordinator" else 403  # an empty POST shows the form's errors
    if name in ("programs:period-open", "programs:period-close", "programs:period-reopen"):
        if persona != "coordinator":
            return 403
        if name != "programs:period-close":
            return 409  # the period is open: it can be neither opened nor reopened
        return 200 if method == "get" else 302  # GET: the confirmation page
    if name == "evidence:evidence-replace":
        if persona in B_PERSONAS:
            return 404
        return 200 if persona in A_PERSONAS and state == State.AUTHORISED else 403  # an empty POST shows the form
    if name in TOP_CREATES:
        return 403 if persona == "coordinator" else 200
    if name in ("imports:import-detail", "imports:import-discard"):
        if name == "imports:import-discard" and method == "get":
            return 405
        if persona in B_PERSONAS:
            return 404
        if method == "get":
            return 200
        if persona == "coordinator":
            return 403
        # The preview's form posted without its fields shows their errors; discarding redirects.
        return 302 if name == "imports:import-discard" else 200
    if name in EDITS:
        if persona in B_PERSONAS:
            return 404
        if persona == "coordinator":
            return 403
        if EDITS[name] and state not in (State.DRAFT, State.RETURNED):
            return 403
        if name == "indicators:narrative" and method == "post":
            return 302  # every narrative section may be empty: an empty POST saves them and goes back
        return 302 if method == "post" and name.endswith("-delete") else 200
    if name in TRANSITIONS:
        action = name.rsplit("-", 1)[-1]
        if method == "get" and action != "autorizar":
            return 405  # only «Autorizar» has a confirmation page
        if persona in B_PERSONAS:
            return 404
        if persona == "coordinator":
            return 403  # agency A has a supervisor who did not prepare it
        if action == "enviar":
            return 302 if state in (State.DRAFT, State.RETURNED) else 409
        if persona == "staff_a":
            return 403  # only supervisors return or authorise
        if state != State.IN_REVIEW:
            return 409
        return 200 if method == "get" else 302
    raise AssertionError(f"No expectation written for {name}")


def project_url_names() -> set[str]:
    """Every named URL pattern of the project outside Django's admin."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"URL pattern {pattern.pattern} has no name"
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


@progress.deferred()  # progress computed once, when the world is built
def build_world(state: str) -> SimpleNamespace:
    agency_a, agency_b = make.agency(), make.agency()
    unit_a = make.unit(agency_a)
    people = personas.people(agency_a, agency_b)
    program = make.program(agency_a)
    make.program(agency_b)
    evaluation = make.evaluation(program)
    recommendation = make.recommendation(evaluation)
    plan = make.plan(program, evaluation=evaluation)
    aspect = make.aspect(plan)
    aspect.recommendations.add(recommendation)
    activity = make.activity(aspect, units=[unit_a])
    indicator = make.indicator(aspect, targets={2017: 70})
    make.in_state(plan, state, people["staff_a"], people["supervisor_a"])

    live_plan = make.plan(program)
    live_aspect = make.aspect(live_plan)
    live_activity = make.activity(live_aspect, units=[unit_a])
    live_indicator = make.indicator(live_aspect, targets={2017: 70})
    make.authorised(live_plan, people["staff_a"], people["supervisor_a"])
    period = make.opened(live_plan.cycle.periods.order_by("end").last())
    measurement = make.measurement(live_indicator, period, value=75)
    measurement_round = MeasurementRound.objects.get(plan=live_plan, period=period)
    make.in_state(measurement_round, state, people["staff_a"], people["supervisor_a"])
    report = make.report(live_activity, period, percent=60)
    round_ = live_plan.rounds.get(period=period)
    change = ChangeRequest.objects.create(
        activity=live_activity, justification="Retraso del proveedor.", new_end_date=date(2018, 6, 30)
    )
    make.in_state(change, state, people["staff_a"], people["supervisor_a"])
    # Evidence on the report follows its round; a replacement of an authorised evaluation
    # document goes through the workflow on its own.
    evidence = make.evidence(report, publishable=True)
    make.in_state(round_, state, people["staff_a"], people["supervisor_a"])
    document_evaluation = make.evaluation(program)
    document = make.evidence(document_evaluation, document="informe")
    document_plan = make.plan(program, evaluation=document_evaluation)
    make.aspect(document_plan)
    make.authorised(document_plan, people["staff_a"], people["supervisor_a"])
    replacement = make.evidence(document_evaluation, name="informe v2.pdf", replaces=document, current=False)
    make.in_state(replacement, state, people["staff_a"], people["supervisor_a"])
    job = Job.objects.create(
        owner=people["staff_a"], kind="reports.annex", title="Anexo", status=Status.DONE, total=1, done=1
    )
    job.store_result(io.BytesIO(b"anexo"), filename="anexo.pdf", content_type="application/pdf")
    job.save()
    shared_job = Job(
        kind="public.list_export", title="Actividades (CSV) · lista completa", status=Status.DONE, total=1, done=1
    )
    shared_job.share()
    shared_job.store_result(io.BytesIO(b"id\r\n1\r\n"), filename="actividades.csv", content_type="text/csv")
    shared_job.save()
    import_ = Import(
        agency=agency_a,
        original_name="anexos.csv",
        size=9,
        content_type="text/csv; charset=utf-8",
        sha256="0" * 64,
        uploaded_by=people["staff_a"],
        uploaded_by_name="Ana Pérez",
        parsed={"tables": [{"sheet": "Hoja1", "kind": "especifico", "aspects": []}], "errors": [], "warnings": []},
    )
    import_.file.save("anexos.csv", ContentFile(b"No.;ASM\r\n"), save=False)
    import_.save()
    return SimpleNamespace(
        people=people,
        agency=agency_a,
        import_=import_,
        program=program,
        program_key=program.key,
        recommendation=recommendation,
        evaluation=evaluation,
        plan=plan,
        aspect=aspect,
        activity=activity,
        indicator=indicator,
        target=indicator.targets.get(),
        live_plan=live_plan,
        live_activity=live_activity,
        live_indicator=live_indicator,
        measurement=measurement,
        measurement_round=measurement_round,
        report=report,
        round=round_,
        change=change,
        period=period,
        cycle=period.cycle,
        evidence=evidence,
        replacement=replacement,
        job=job,
        shared_job_token=shared_job.share_token,
    )


def url_for(world, name: str) -> str:
    target = TARGETS[name]
    if target is None:
        return reverse(name)
    if callable(target):
        return reverse(name, kwargs=target(world))
    attribute, keyword, *extra = target
    value = getattr(world, attribute)
    return reverse(name, kwargs={keyword: getattr(value, "pk", value), **(extra[0] if extra else {})})


def test_every_project_url_is_in_the_matrix():
    assert project_url_names() == set(TARGETS)


@pytest.fixture(scope="module")
def world_in(request, state):
    """Each state's world is built once, for the six personas: every cell rolls back."""
    yield from shared_fixture(request, lambda: build_world(state))


# The state is the innermost parameter, so that the tests of one state run together and its world is built once.
@pytest.mark.parametrize("persona", personas.NAMES)
@pytest.mark.parametrize("state", STATES, scope="module")
def test_permission_matrix(db, world_in, persona, state):
    world = world_in.copy()
    client = client_for(world.people.get(persona))
    wrong = []
    cells = 0
    for name in sorted(TARGETS):
        url = url_for(world, name)
        for method in METHODS:
            want = expected(name, method, persona, state)
            data = {"comment": "Corrija las fechas."} if method == "post" else None
            with transaction.atomic():
                response = getattr(client, method)(url, data)
                if response.streaming:  # sent to the end, as a server would, which frees a download's slot
                    b"".join(response.streaming_content)
                transaction.set_rollback(True)
            cells += 1
            got = response.status_code
            if got != want:
                wrong.append(f"{method.upper()} {name} ({url}): expected {want}, got {got}")
            if 200 <= got < 300 and not (200 <= want < 300):
                wrong.append(f"unexpected 2xx: {method.upper()} {name}")
            if persona == "anonymous" and want == 302 and name != "logout":
                assert response["Location"].startswith(reverse("login")), name
            if name == "logout":
                client = client_for(world.people.get(persona))  # log back in for the next cells
    assert cells == len(TARGETS) * len(METHODS)
    assert not wrong, "\n".join(wrong)
