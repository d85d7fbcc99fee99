"""load_demo: the four seed documents as structured data, and the demo accounts."""

import hashlib
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from aspects.models import Activity, Aspect, DatePrecision, Plan, ProgressReport, ReportRound
from audit.models import AuditEntry
from demo import indicator_plan
from programs.models import CutOffPeriod, Membership, Program, Recommendation
from programs.workflow import State, Transition

# Every scenario here ends with the stored derived values equal to a computation from scratch.
pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


def counts(key: str) -> dict:
    seed_plans = Plan.objects.filter(program__key=key).exclude(cycle__name="Programa de ASM 2026")
    return {
        "plans": seed_plans.count(),
        "recommendations": Recommendation.objects.filter(evaluation__program__key=key).count(),
        "aspects": Aspect.objects.filter(plan__in=seed_plans).count(),
        "activities": Activity.objects.filter(aspect__plan__in=seed_plans).count(),
        "reports": ProgressReport.objects.filter(activity__aspect__plan__program__key=key).count(),
    }


@pytest.mark.parametrize(
    "key,expected",
    [
        ("PAJF-DGO", {"plans": 1, "recommendations": 0, "aspects": 6, "activities": 7, "reports": 0}),
        ("S054", {"plans": 2, "recommendations": 0, "aspects": 6, "activities": 9, "reports": 9}),
        ("S061", {"plans": 1, "recommendations": 0, "aspects": 10, "activities": 15, "reports": 15}),
        ("FASSA-QRO", {"plans": 1, "recommendations": 50, "aspects": 27, "activities": 84, "reports": 0}),
    ],
)
def test_each_seed_program_has_the_documents_counts(demo, key, expected):
    assert counts(key) == expected


def test_fassa_recommendations_keep_attention_and_justification(demo):
    recommendations = Recommendation.objects.filter(evaluation__program__key="FASSA-QRO")
    assert recommendations.filter(attended=True).count() == 33
    not_attended = recommendations.get(number=34)
    assert (not_attended.attended, not_attended.justification) == (False, "SE JUSTIFICA CON LA RECOMENDACION 1")
    assert not_attended.duplicates.number == 1


def test_fassa_has_specific_and_institutional_aspects(demo):
    aspects = Aspect.objects.filter(plan__program__key="FASSA-QRO", plan__cycle__name="Programa de ASM 2017")
    assert aspects.filter(kind="especifico").count() == 16
    assert aspects.filter(kind="institucional").count() == 11
    assert not aspects.filter(kind="institucional", coordinating_unit__isnull=True).exists()
    first = aspects.get(number=1)
    assert first.activities.get(number=2).start_date == date(2017, 6, 12)
    assert first.scope.code == "RC"


def test_3x1_keeps_committed_and_actual_end_dates_and_replanning(demo):
    activities = Activity.objects.filter(aspect__plan__program__key="S061")
    assert activities.filter(end_date=date(2008, 12, 31), actual_end_date=date(2008, 12, 23)).exists()
    replanned = ProgressReport.objects.get(activity__aspect__plan__program__key="S061", replanning=True)
    assert replanned.percent == 75
    assert "coordinación de agendas" in replanned.justification
    without_activities = Aspect.objects.get(plan__program__key="S061", activities__isnull=True)
    assert "No existen actividades asignadas" in without_activities.observations


def test_month_only_dates_keep_their_precision(demo):
    assert Activity.objects.filter(aspect__plan__program__key="S054", end_date_precision=DatePrecision.MONTH).exists()


def test_durango_third_aspect_has_two_activities(demo):
    aspect = Aspect.objects.get(plan__program__key="PAJF-DGO", number=3)
    assert aspect.activities.count() == 2
    assert aspect.activities.first().end_date == date(2020, 3, 30)


def test_second_load_changes_nothing(demo):
    from evidence.models import Evidence

    models = [
        Program,
        Plan,
        Recommendation,
        Aspect,
        Activity,
        ProgressReport,
        ReportRound,
        Membership,
        get_user_model(),
        Transition,
        AuditEntry,
        Evidence,
    ]
    before = [model.objects.count() for model in models]
    states = list(Plan.objects.order_by("pk").values_list("state", "version"))
    call_command("load_demo", force=True, stdout=open("/dev/null", "w"))
    assert [model.objects.count() for model in models] == before
    assert list(Plan.objects.order_by("pk").values_list("state", "version")) == states


def test_seed_plans_are_authorised_with_the_signatures_they_carry(demo):
    fassa = Plan.objects.get(program__key="FASSA-QRO", cycle__name="Programa de ASM 2017")
    assert fassa.state == State.AUTHORISED
    # As the seed prints them: the names in capitals, no position under the signature.
    assert (fassa.prepared_by_name, fassa.prepared_by_position) == ("GERARDO PALMA ANGELES", "")
    assert (fassa.authorised_by_name, fassa.authorised_by_position) == ("JOSE SAMUEL GARCIA SANCHEZ", "")
    assert fassa.authorised_at.date() == date(2017, 4, 28)
    assert [(t.from_state, t.to_state) for t in fassa.transitions] == [
        ("borrador", "en_revision"),
        ("en_revision", "autorizado"),
    ]
    # The seed plans: not the workflow's 2026 plans, nor the plan measured by indicators (its own test module).
    others = (
        Plan.objects.exclude(cycle__name="Programa de ASM 2026")
        .exclude(cycle__name=indicator_plan.CYCLE["name"])
        .exclude(pk=fassa.pk)
    )
    assert set(others.values_list("state", flat=True)) == {State.AUTHORISED}
    # Authorised through the demo accounts, but their documents print no signature: empty lines.
    assert set(others.values_list("authorised_by__username", flat=True)) == {"supervisor.durango", "supervisor.sedesol"}
    assert set(others.values_list("prepared_by_name", "authorised_by_name")) == {("", "")}
    assert set(ReportRound.objects.values_list("prepared_by_name", "authorised_by_name")) == {("", "")}


def test_seed_progress_is_authorised_and_its_periods_closed(demo):
    rounds = ReportRound.objects.all()
    assert rounds.count() == 3
    assert set(rounds.values_list("state", flat=True)) == {State.AUTHORISED}
    seed_periods = CutOffPeriod.objects.exclude(cycle__name__in=["Programa de ASM 2026", indicator_plan.CYCLE["name"]])
    assert set(seed_periods.values_list("status", flat=True)) == {CutOffPeriod.Status.CLOSED}


def test_one_plan_waits_in_each_state_before_authorisation(demo):
    plans = Plan.objects.filter(cycle__name="Programa de ASM 2026")
    assert dict(plans.values_list("program__key", "state")) == {
        "FASSA-QRO": State.DRAFT,
        "S061": State.IN_REVIEW,
        "PAJF-DGO": State.RETURNED,
    }
    returned = plans.get(state=State.RETURNED)
    assert "Precise las fechas" in returned.transitions.last().comment
    assert CutOffPeriod.objects.get(name="Marzo 2027").status == CutOffPeriod.Status.OPEN


@pytest.mark.parametrize(
    "username,role",
    [
        ("coordinador", "coordinador"),
        ("capturista.seseq", "capturista"),
        ("supervisor.seseq", "supervisor"),
        ("capturista.durango", "capturista"),
        ("supervisor.sedesol", "supervisor"),
    ],
)
def test_demo_accounts_have_their_roles(demo, username, role):
    assert Membership.objects.get(user__username=username).role == role


@pytest.mark.parametrize(
    "username,agency",
    [
        ("capturista.durango", "PAJF-DGO"),
        ("supervisor.durango", "PAJF-DGO"),
        ("capturista.sedesol", "S061"),
        ("supervisor.sedesol", "S054"),
        ("capturista.seseq", "FASSA-QRO"),
        ("supervisor.seseq", "FASSA-QRO"),
    ],
)
def test_demo_accounts_belong_to_their_agency(demo, username, agency):
    user = authenticate(username=username, password="demo")
    assert user is not None
    assert Program.objects.visible_to(user).filter(key=agency).exists()
    assert Program.objects.visible_to(user).exclude(agency=user.membership.agency).count() == 0


def test_admin_and_coordinator_accounts_exist(demo):
    assert authenticate(username="admin", password="demo").is_superuser
    assert authenticate(username="coordinador", password="demo") is not None


def test_some_authorised_activities_have_example_files_the_public_can_download(demo, client):
    from evidence.models import Evidence

    public = Evidence.objects.public().order_by("pk")
    assert [e.original_name for e in public] == [
        "Reglas de Operación del Programa Opciones Productivas 2011 y 2012.pdf",
        "Estrategia de Verificación Física 2011.pdf",
        "Protocolo.pdf",
    ]
    first = public[0]
    assert first.report.evidence_note == "Reglas de Operación del Programa Opciones Productivas 2011 y 2012"
    assert first.description.startswith("Documento de ejemplo")
    assert first.authorised_at == first.report.round().authorised_at  # dated as the seed round
    page = client.get(first.get_public_url()).content.decode()
    assert first.sha256 in page
    download = b"".join(client.get(first.get_public_download_url()).streaming_content)
    assert b"DOCUMENTO DE EJEMPLO" in download
    assert hashlib.sha256(download).hexdigest() == first.sha256
    call_command("verify_evidence", stdout=open("/dev/null", "w"))  # raises when anything is off


def test_demo_accounts_that_need_a_second_factor_have_the_published_demo_secret(demo):
    from base64 import b32encode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from demo.management.commands.load_demo import DEMO_TOTP_SECRET

    with_factor = TOTPDevice.objects.filter(confirmed=True)
    assert sorted(with_factor.values_list("user__username", flat=True)) == [
        "admin",
        "coordinador",
        "supervisor.durango",
        "supervisor.sedesol",
        "supervisor.seseq",
    ]
    assert {b32encode(device.bin_key).decode() for device in with_factor} == {DEMO_TOTP_SECRET}
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert DEMO_TOTP_SECRET in readme


def test_a_demo_supervisor_logs_in_with_the_code_demo_code_prints(demo):
    import io

    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.post(reverse("login"), {"username": "supervisor.durango", "password": "demo"})
    assert client.get(reverse("staff-home"))["Location"].startswith(reverse("mfa-verify"))
    out = io.StringIO()
    call_command("demo_code", stdout=out, stderr=io.StringIO())
    response = client.post(reverse("mfa-verify"), {"token": out.getvalue().strip()})
    assert response.status_code == 302
    assert client.get(reverse("staff-home")).status_code == 200


@pytest.mark.django_db
def test_with_debug_off_it_refuses_to_create_the_demo_superuser_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=open("/dev/null", "w"))
    assert not get_user_model().objects.filter(username="admin").exists()
    assert not Program.objects.exists()
