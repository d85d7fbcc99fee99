"""`generate_dataset`: the demo scale on SQLite builds the scale's counts, the same data for the
same seed, data that follows the workflow's rules, and public pages that show it."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from aspects import progress
from aspects.models import Activity, Aspect, ChangeRequest, Plan, ProgressReport, ReportRound
from demo.scales import SCALES
from evidence.models import Evidence
from programs.models import Agency, CutOffPeriod, Program
from programs.workflow import State, Transition

# Every scenario here ends with the stored derived values equal to a computation from scratch.
pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


TODAY = date(2026, 11, 29)


def generate(*extra: str, seed: int = 7) -> str:
    out = io.StringIO()
    call_command(
        "generate_dataset",
        "--scale",
        "demo",
        "--seed",
        str(seed),
        "--today",
        TODAY.isoformat(),
        *extra,
        verbosity=0,
        stdout=out,
    )
    return out.getvalue()


def fingerprint() -> str:
    """A digest of the generated rows (ids included: they restart at 1 on an emptied database)."""
    digest = hashlib.sha256()
    for queryset in [
        Agency.objects.order_by("pk").values_list("pk", "name", "slug"),
        Program.objects.order_by("pk").values_list("pk", "key", "name", "agency"),
        Plan.objects.order_by("pk").values_list("pk", "program", "cycle", "state", "prepared_by_name", "authorised_at"),
        Aspect.objects.order_by("pk").values_list("pk", "plan", "number", "text", "kind", "responsible_unit"),
        Activity.objects.order_by("pk").values_list(
            "pk", "description", "start_date", "end_date", "cancelled", "original_end_date"
        ),
        ProgressReport.objects.order_by("pk").values_list(
            "pk", "activity", "period", "percent", "evidence_note", "reported_on"
        ),
        ReportRound.objects.order_by("pk").values_list("pk", "plan", "period", "state"),
        ChangeRequest.objects.order_by("pk").values_list("pk", "activity", "state", "new_end_date", "cancel"),
        Evidence.objects.order_by("pk").values_list("pk", "report", "evaluation", "url", "state", "publishable"),
    ]:
        for row in queryset:
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.mark.django_db
def test_demo_scale_builds_its_counts_and_follows_the_workflow():
    output = generate()
    scale = SCALES["demo"]
    for label, expected in scale.counts().items():
        assert apps.get_model(label).objects.count() == expected, label
    assert "Escala «demo» generada" in output

    # A mix of plan states, all four, most of them authorised, with their signatures.
    states = dict(Plan.objects.values_list("state").annotate(n=Count("pk")))
    assert set(states) == {State.DRAFT, State.IN_REVIEW, State.RETURNED, State.AUTHORISED}
    assert states[State.AUTHORISED] > sum(states.values()) / 2
    assert not Plan.objects.filter(state=State.AUTHORISED, authorised_by_name="").exists()
    assert not Plan.objects.filter(state=State.AUTHORISED, prepared_by_name="").exists()
    assert not Plan.objects.filter(state=State.DRAFT).exclude(prepared_by_name="").exists()
    assert Transition.objects.filter(to_state=State.AUTHORISED).count() >= states[State.AUTHORISED]

    # Progress only on authorised plans, in periods already open, with one round per plan and period.
    assert not ProgressReport.objects.exclude(activity__aspect__plan__state=State.AUTHORISED).exists()
    assert not ProgressReport.objects.filter(period__status=CutOffPeriod.Status.PENDING).exists()
    pairs = set(ProgressReport.objects.values_list("activity__aspect__plan", "period").distinct())
    assert pairs == set(ReportRound.objects.values_list("plan", "period"))
    assert not ReportRound.objects.filter(
        period__status=CutOffPeriod.Status.CLOSED, state__in=[State.DRAFT, State.RETURNED]
    ).exists()
    assert not ProgressReport.objects.filter(percent=100, evidence_note="").exists()

    # Evidence is links only (no files for verify_evidence to miss); some replanning moved dates.
    assert Evidence.objects.exists() and not Evidence.objects.exclude(file="").exists()
    assert ChangeRequest.objects.filter(state=State.AUTHORISED).exists()
    assert ChangeRequest.objects.exclude(state=State.AUTHORISED).exists()
    assert Activity.objects.filter(original_end_date__isnull=False, replan_count=1).exists()

    # Every status and timeliness shows up among the committed activities.
    derived = set(
        progress.annotate(Activity.objects.committed(), today=TODAY).values_list("status", "timeliness").distinct()
    )
    statuses = {status for status, _ in derived}
    timeliness = {value for _, value in derived}
    assert statuses == {progress.Status.NOT_STARTED, progress.Status.IN_PROGRESS, progress.Status.DONE}
    assert timeliness == {progress.Timeliness.ON_TIME, progress.Timeliness.DUE_SOON, progress.Timeliness.OVERDUE}


@pytest.mark.django_db(transaction=True)  # --flush empties committed tables
def test_same_seed_gives_the_same_data_and_another_seed_other_data():
    generate(seed=7)
    first = fingerprint()
    generate("--flush", seed=7)
    assert fingerprint() == first
    generate("--flush", seed=8)
    assert fingerprint() != first


@pytest.mark.django_db(transaction=True)  # --flush empties committed tables
def test_it_refuses_a_database_with_programs_unless_flushed():
    generate()
    with pytest.raises(CommandError, match="ya tiene datos.*--flush"):
        generate()
    generate("--flush")
    assert Program.objects.count() == SCALES["demo"].programs


@pytest.mark.django_db
def test_stored_derived_values_are_computed_once_the_rows_exist():
    generate()
    assert progress.differences() == []
    assert set(Activity.objects.values_list("public_status", flat=True)) == set(progress.Status.values)


@pytest.mark.django_db
def test_public_pages_show_the_authorised_data(client):
    generate()
    response = client.get("/asm/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == Aspect.objects.public().count() > 0
    assert len(response.context["page"].object_list) == 25
    assert Aspect.objects.public().count() < Aspect.objects.count()  # drafts stay private

    assert client.get("/actividades/").context["page"].paginator.count == Activity.objects.public().count()
    aspect = Aspect.objects.public().select_related("plan__program").filter(activities__reports__isnull=False).first()
    activity = aspect.activities.first()
    agency = aspect.plan.program.agency
    for url in [
        f"/programas/{aspect.plan.program.key}/",
        f"/programas/{aspect.plan.program.key}/asm/{aspect.pk}/",
        f"/programas/{aspect.plan.program.key}/actividades/{activity.pk}/",
        "/buscar/?q=diagnostico",
        "/dependencias/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert agency.name.encode() in client.get("/dependencias/").content
    # The API pages by cursor, without a count: walk it to the end.
    listed, url = 0, "/api/actividades/?por_pagina=500"
    while url:
        page = client.get(url).json()
        listed += len(page["results"])
        url = page["next"]
    assert listed == Activity.objects.public().count()
