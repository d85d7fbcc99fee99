"""Where a plan's combined document is downloaded: by staff through a job in «Mis descargas», by
the public only for an authorised plan (a large one from the file a job built), and from
`export_annex --combined`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document as Docx
from pypdf import PdfReader

from aspects import progress
from jobs.models import Job, Status
from jobs.services import KINDS, run_job
from reports.writers import COMBINED_WRITERS

from .conftest import drawn_text


def staff_url(plan, fmt: str = "pdf") -> str:
    return reverse("reports:combined-download", kwargs={"pk": plan.pk, "fmt": fmt})


def public_url(plan, fmt: str = "pdf") -> str:
    return reverse("public:combined-download", kwargs={"key": plan.program.key, "plan_pk": plan.pk, "fmt": fmt})


def text_of(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_staff_get_the_combined_document_from_a_job_in_mis_descargas(world, client_staff_a):
    response = client_staff_a.get(staff_url(world.plan_a))
    job = Job.objects.get(kind="reports.combined")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.owner, job.params) == (world.staff_a, {"plan": world.plan_a.pk, "fmt": "pdf"})
    assert job.title == f"Documento completo del programa de trabajo · A001 {world.plan_a.cycle.year} (PDF)"
    run_job(job.pk, KINDS[job.kind].work)
    job.refresh_from_db()
    assert job.status == Status.DONE, job.error
    assert job.total and job.done == job.total  # the rows of all its tables
    assert job.result_name == f"documento-A001-{world.plan_a.cycle.year}.pdf"
    text = text_of(job.result.read())
    assert "BORRADOR" in text and "Índice" in text and "Firmas" in text  # plan_a is a draft


def test_the_word_version_is_a_job_too_and_opens_in_python_docx(world, client_staff_a):
    client_staff_a.get(staff_url(world.plan_a, "docx"))
    job = Job.objects.get(kind="reports.combined")
    assert job.title.endswith("(DOCX)")
    run_job(job.pk, KINDS[job.kind].work)
    job.refresh_from_db()
    assert job.status == Status.DONE and job.result_name.endswith(".docx")
    docx = Docx(job.result)
    assert docx.sections[0].header.paragraphs[0].text == "BORRADOR"  # plan_a is a draft
    assert [p.text for p in docx.paragraphs if p.style.name == "Heading 1"][-1] == "Firmas"


def test_a_second_click_joins_the_waiting_job_and_the_coordinator_may_ask_too(
    world, client_staff_a, client_coordinator
):
    assert (
        client_staff_a.get(staff_url(world.plan_a))["Location"]
        == client_staff_a.get(staff_url(world.plan_a))["Location"]
    )
    assert client_coordinator.get(staff_url(world.plan_a)).status_code == 302
    assert Job.objects.filter(kind="reports.combined").count() == 2


def test_another_agency_and_unknown_formats_get_404_and_no_job(world, client_staff_b, client_staff_a):
    assert client_staff_b.get(staff_url(world.plan_a)).status_code == 404
    assert client_staff_a.get(staff_url(world.plan_a, "xlsx")).status_code == 404
    assert not Job.objects.exists()


def test_a_job_for_a_plan_the_owner_can_no_longer_see_fails_with_the_reason(world):
    job = Job.objects.create(
        owner=world.staff_b, kind="reports.combined", params={"plan": world.plan_a.pk, "fmt": "pdf"}
    )
    run_job(job.pk, KINDS[job.kind].work)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.error == "El programa de trabajo ya no existe o usted ya no tiene acceso a él."


def test_the_plan_page_links_to_the_combined_document(world, client_staff_a):
    page = client_staff_a.get(reverse("aspects:plan-detail", args=[world.plan_a.pk])).content.decode()
    assert "Documento completo del programa de trabajo" in page
    for fmt in COMBINED_WRITERS:
        assert staff_url(world.plan_a, fmt) in page


def test_the_public_gets_an_authorised_plans_document_and_never_a_drafts(world, client_anonymous, settings):
    settings.ANNEX_JOB_MIN_ACTIVITIES = 300
    response = client_anonymous.get(public_url(world.live_plan_a))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(b"".join(response.streaming_content))
    assert "BORRADOR" not in text and "Participantes en la elaboración del programa de trabajo" in text
    for fmt in COMBINED_WRITERS:
        assert client_anonymous.get(public_url(world.plan_a, fmt)).status_code == 404  # a borrador
    word = client_anonymous.get(public_url(world.live_plan_a, "docx"))
    assert word.status_code == 200 and word["Content-Disposition"].endswith('.docx"')
    assert "Firmas" in [p.text for p in Docx(io.BytesIO(b"".join(word.streaming_content))).paragraphs]
    page = client_anonymous.get(reverse("public:program", args=[world.program_a.key])).content.decode()
    assert public_url(world.live_plan_a) in page and public_url(world.plan_a) not in page


def test_a_signed_in_user_gets_no_draft_from_the_public_address_either(world, client_staff_a):
    assert client_staff_a.get(public_url(world.plan_a)).status_code == 404


def test_a_large_plans_public_document_is_never_made_in_the_request(world, client_anonymous, settings):
    settings.ANNEX_JOB_MIN_ACTIVITIES = 0
    response = client_anonymous.get(public_url(world.live_plan_a))
    assert response.status_code == 503 and response["Retry-After"] == "60"
    job = Job.objects.get()
    assert (job.kind, job.params, job.owner) == ("public.annexes", {"plan": world.live_plan_a.pk}, None)


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_annex", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_export_annex_writes_the_combined_document_in_word(world, tmp_path):
    target = tmp_path / "documento.docx"
    out = export("--combined", "--program", "A001", "--cycle", world.plan_a.cycle.name, "--output", str(target))
    assert "documento completo, BORRADOR" in out
    assert "Índice" in [p.text for p in Docx(str(target)).paragraphs]


def test_export_annex_writes_the_combined_document(world, tmp_path):
    target = tmp_path / "documento.pdf"
    out = export("--combined", "--program", "A001", "--cycle", world.live_plan_a.cycle.name, "--output", str(target))
    assert "documento completo" in out and "BORRADOR" not in out
    text = text_of(target.read_bytes())
    assert "Índice" in text and "Firmas" in text and "BORRADOR" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--table", "resumen"], "--table no se usa con --combined"),
        (["--all"], "--all no se usa con --combined"),
        (["--format", "xlsx"], "Formato desconocido para el documento completo «xlsx»"),
    ],
)
def test_export_annex_combined_refuses_what_does_not_apply(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        export("--combined", "--program", "A001", *args, "--output", str(tmp_path / "documento.pdf"))


def test_an_asm_running_onto_a_new_page_repeats_its_number_there(world):
    from reports.combined import CombinedDocument
    from reports.writers.combined import laid_out
    from tests import factories as make

    long_text = "Revisar con cada área responsable la programación de metas y dejar constancia escrita. " * 4
    with progress.deferred():  # stored progress computed once, after the last row
        for number in range(2, 31):
            make.activity(world.aspect_a, units=[world.unit_a], number=number, description=f"{number} {long_text}")
    document = CombinedDocument.build(world.plan_a)
    specific = [annex.table.slug for annex in document.annexes].index("especifico")
    firsts = []  # the first table row of each page that has one: (its table's place, its text)
    for page in laid_out(document).pages:
        cell = next(
            (
                box
                for box in page._page_box.descendants()
                if getattr(box, "element_tag", None) == "td" and box.element.get("data-row") is not None
            ),
            None,
        )
        if cell is not None:
            firsts.append((int(cell.element.get("data-row").split("/")[0]), drawn_text(cell).strip()))
    on_specific = [text for index, text in firsts if index == specific]
    assert len(on_specific) > 2
    assert on_specific[0] == "1" and set(on_specific[1:]) == {"1 (continúa)"}
    assert all("continúa" not in text for index, text in firsts if index != specific)
