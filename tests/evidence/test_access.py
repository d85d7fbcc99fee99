"""Who may download what, and how a download is answered."""

import hashlib

import pytest
from django.urls import reverse

from evidence.models import Evidence
from tests import factories as make
from tests.evidence import files
from tests.evidence.conftest import a_file, upload

PDF = files.ACCEPTED["acta.pdf"]


@pytest.fixture
def private(client_staff_a, open_report) -> Evidence:
    upload(client_staff_a, open_report, a_file("Acta de instalación del comité.pdf", PDF, publishable="on"))
    return Evidence.objects.get()


@pytest.fixture
def published(world, client_staff_a, open_report, private) -> Evidence:
    """Evidence marked publishable whose progress round is authorised."""
    round_ = open_report.round()
    make.authorised(round_, world.staff_a, world.supervisor_a)
    private.refresh_from_db()
    return private


def test_download_is_an_attachment_the_browser_will_not_render(client_staff_a, private):
    response = client_staff_a.get(private.get_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Acta de instalacion del comite.pdf"; '
        "filename*=UTF-8''Acta%20de%20instalaci%C3%B3n%20del%20comit%C3%A9.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]


def test_text_evidence_is_served_as_text_with_the_same_headers(client_staff_a, open_report):
    upload(client_staff_a, open_report, a_file("notas.txt", b"Notas: 5 < 7 y <b>hola</b> mundo"))
    response = client_staff_a.get(Evidence.objects.get().get_download_url())
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("persona", ["staff_a", "supervisor_a", "coordinator"])
def test_staff_who_may_see_the_report_download_private_evidence(request, private, persona):
    assert request.getfixturevalue(f"client_{persona}").get(private.get_download_url()).status_code == 200


@pytest.mark.parametrize("persona", ["staff_b", "supervisor_b"])
def test_other_agency_gets_404_for_private_evidence(request, private, persona):
    client = request.getfixturevalue(f"client_{persona}")
    assert client.get(private.get_download_url()).status_code == 404
    assert client.get(private.get_absolute_url()).status_code == 404


def test_anonymous_gets_404_for_private_evidence_at_either_download_url(client_anonymous, private):
    assert client_anonymous.get(private.get_download_url()).status_code == 404
    assert client_anonymous.get(private.get_public_download_url()).status_code == 404


def test_public_gets_404_for_evidence_not_yet_authorised(client_anonymous, private):
    assert private.publishable
    assert client_anonymous.get(private.get_public_url()).status_code == 404
    assert client_anonymous.get(private.get_public_download_url()).status_code == 404


def test_public_gets_404_for_authorised_evidence_not_marked_publishable(
    world, client_anonymous, client_staff_a, open_report
):
    upload(client_staff_a, open_report, a_file("padrón con datos personales.csv", b"nombre,curp\nAna,XXXX\n"))
    make.authorised(open_report.round(), world.staff_a, world.supervisor_a)
    evidence = Evidence.objects.get()
    assert evidence.is_authorised and not evidence.publishable
    assert client_anonymous.get(evidence.get_public_download_url()).status_code == 404
    assert not Evidence.objects.public().exists()


def test_authorised_publishable_evidence_is_public_with_its_sha256(client_anonymous, published):
    assert published.is_authorised
    page = client_anonymous.get(published.get_public_url())
    assert page.status_code == 200
    assert published.sha256 in page.content.decode()
    response = client_anonymous.get(published.get_public_download_url())
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_evidence_is_authorised_with_its_round_and_signed_like_it(world, published):
    assert published.authorised_by == world.supervisor_a
    assert published.prepared_by == world.staff_a


def test_evidence_authorised_with_its_round_has_its_own_history_row(world, published):
    [step] = published.transitions
    assert (step.from_state, step.to_state, step.by) == ("borrador", "autorizado", world.supervisor_a)
    assert str(published.report.round()) in step.comment


def test_evaluation_documents_are_public_once_a_plan_built_on_the_evaluation_is_authorised(
    world, client_anonymous, client_staff_a
):
    url = reverse("evidence:evaluation-upload", kwargs={"evaluation_pk": world.evaluation_a.pk})
    client_staff_a.post(
        url,
        {
            "evidencia-TOTAL_FORMS": "1",
            "evidencia-INITIAL_FORMS": "0",
            "evidencia-0-file": a_file("informe.pdf", PDF)["file"],
            "evidencia-0-description": "Informe final",
            "evidencia-0-document": "informe",
            "evidencia-0-publishable": "on",
        },
    )
    document = world.evaluation_a.documents.get()
    assert client_anonymous.get(document.get_public_url()).status_code == 404
    make.authorised(world.plan_a, world.staff_a, world.supervisor_a)
    assert client_anonymous.get(document.get_public_url()).status_code == 200
    [step] = document.transitions
    assert (step.to_state, step.by, step.comment) == (
        "autorizado",
        world.supervisor_a,
        f"Autorizada con «{world.plan_a}».",
    )


def test_media_files_are_never_served_directly(client_anonymous, client_staff_a, private, settings):
    settings.DEBUG = True
    for client in (client_anonymous, client_staff_a):
        assert client.get(f"{settings.MEDIA_URL}{private.file.name}").status_code == 404
        assert client.get(f"/media/{private.file.name}").status_code == 404


def test_a_missing_file_answers_404_and_is_logged(client_staff_a, private, caplog):
    private.file.storage.delete(private.file.name)
    assert client_staff_a.get(private.get_download_url()).status_code == 404
    assert "verify_evidence" in caplog.text


FORMULAS_CSV = (
    "clave;municipio;monto;liga\r\n"
    '1;Querétaro;-1500;"=HYPERLINK(""https://rastreo.example.com"";""Ver"")"\r\n'
    "2;Jalpan;+3,5;@SUM(1+1)*cmd|' /C calc'!A0\r\n"
    "3;-Peñamiller;2500;+52 442 000\r\n"
).encode()
NEUTRALISED_CSV = (
    "clave;municipio;monto;liga\r\n"
    '1;Querétaro;-1500;"\'=HYPERLINK(""https://rastreo.example.com"";""Ver"")"\r\n'
    "2;Jalpan;+3,5;'@SUM(1+1)*cmd|' /C calc'!A0\r\n"
    "3;'-Peñamiller;2500;'+52 442 000\r\n"
).encode()


@pytest.fixture
def formulas(world, client_staff_a, open_report) -> Evidence:
    """Authorised, publishable CSV evidence whose cells a spreadsheet would run as formulas."""
    upload(client_staff_a, open_report, a_file("padrón.csv", FORMULAS_CSV, publishable="on"))
    make.authorised(open_report.round(), world.staff_a, world.supervisor_a)
    return Evidence.objects.get()


def test_csv_evidence_is_published_with_its_formula_cells_made_text(client_anonymous, formulas):
    response = client_anonymous.get(formulas.get_public_download_url())
    assert response.status_code == 200 and response.content == NEUTRALISED_CSV
    assert (
        response["Content-Disposition"].startswith("attachment;") and response["Content-Security-Policy"] == "sandbox"
    )


def test_staff_download_csv_evidence_with_its_formula_cells_made_text_too(client_supervisor_a, formulas):
    assert client_supervisor_a.get(formulas.get_download_url()).content == NEUTRALISED_CSV


def test_csv_evidence_is_stored_and_verified_as_uploaded(media, formulas):
    from django.core.management import call_command

    assert (media / formulas.file.name).read_bytes() == FORMULAS_CSV
    assert formulas.sha256 == hashlib.sha256(FORMULAS_CSV).hexdigest()
    call_command("verify_evidence")  # raises on a hash that does not match


def test_the_public_page_gives_the_sha256_of_the_download_and_of_the_upload(client_anonymous, formulas):
    page = client_anonymous.get(formulas.get_public_url()).content.decode()
    assert f'SHA-256 del archivo subido</dt><dd class="col-sm-8"><code class="text-break">{formulas.sha256}' in page
    assert hashlib.sha256(NEUTRALISED_CSV).hexdigest() in page


def test_csv_evidence_without_formulas_is_served_byte_for_byte(world, client_anonymous, client_staff_a, open_report):
    content = "clave,monto\n1,-5\n2,+7.5\n".encode("latin-1")
    upload(client_staff_a, open_report, a_file("montos.csv", content, publishable="on"))
    make.authorised(open_report.round(), world.staff_a, world.supervisor_a)
    evidence = Evidence.objects.get()
    assert b"".join(client_anonymous.get(evidence.get_public_download_url()).streaming_content) == content
    page = client_anonymous.get(evidence.get_public_url()).content.decode()
    assert "SHA-256 de la descarga" not in page and evidence.sha256 in page


def test_the_public_evidence_page_leads_back_to_its_activity_asm_and_program(client_anonymous, published):
    activity = published.report.activity
    program = activity.aspect.plan.program
    crumbs = client_anonymous.get(published.get_public_url()).context["crumbs"]
    assert crumbs == [
        ("Inicio", "/"),
        ("Dependencias", "/dependencias/"),
        (program.agency.acronym or program.agency.name, program.agency.get_public_url()),
        (program.key, f"/programas/{program.key}/"),
        (f"ASM {activity.aspect.number}", f"/programas/{program.key}/asm/{activity.aspect_id}/"),
        (f"Actividad {activity.number}", f"/programas/{program.key}/actividades/{activity.pk}/"),
        ("Acta de instalación del comité.pdf", None),
    ]
    for _, url in crumbs[:-1]:
        assert client_anonymous.get(url).status_code == 200


def test_a_public_evaluation_document_leads_back_to_its_evaluation_and_program(world, client_anonymous):
    document = make.evidence(world.evaluation_a, document="informe", publishable=True, name="informe final.pdf")
    make.authorised(world.plan_a, world.staff_a, world.supervisor_a)
    program = world.evaluation_a.program
    page = client_anonymous.get(document.get_public_url())
    assert page.context["crumbs"][3:] == [
        (program.key, f"/programas/{program.key}/"),
        (world.evaluation_a.title, f"/programas/{program.key}/evaluaciones/{world.evaluation_a.pk}/"),
        ("informe final.pdf", None),
    ]
    assert 'aria-label="Ruta de navegación"' in page.content.decode()
