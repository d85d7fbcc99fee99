"""verify_evidence finds missing, altered and orphan files, and fails when it does; what a crash
in the middle of an upload leaves is cleaned by --remove-orphans."""

import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import transaction

from evidence import services
from evidence.models import Evidence
from tests.evidence import files
from tests.evidence.conftest import a_file, stored, upload


@pytest.fixture
def two_files(client_staff_a, open_report):
    upload(
        client_staff_a,
        open_report,
        a_file("acta.pdf", files.ACCEPTED["acta.pdf"]),
        a_file("notas.txt", b"notas del taller"),
    )
    return list(Evidence.objects.order_by("pk"))


def run(*options: str) -> tuple[str, CommandError | None]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify_evidence", *options, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_intact_evidence_passes(two_files):
    output, error = run()
    assert error is None
    assert "Evidencias con archivo revisadas: 2" in output and "íntegras" in output


def test_a_tampered_file_is_reported(two_files, media):
    acta = two_files[0]
    (media / acta.file.name).write_bytes(files.ACCEPTED["acta.pdf"] + b"alterado")
    output, error = run()
    assert error is not None
    assert "Archivos alterados: 1" in output and f"evidencia {acta.pk} «acta.pdf»" in output and acta.sha256 in output


def test_a_missing_file_is_reported(two_files, media):
    notes = two_files[1]
    (media / notes.file.name).unlink()
    output, error = run()
    assert error is not None
    assert "Archivos faltantes: 1" in output and "«notas.txt»: falta el archivo" in output


def test_an_orphan_file_is_reported(two_files, media):
    orphan = media / "evidencia" / "2020" / "01" / "sin-registro.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.4")
    output, error = run()
    assert error is not None and "1 problemas" in str(error)
    assert "Archivos huérfanos: 1" in output and "evidencia/2020/01/sin-registro.pdf" in output


def test_remove_orphans_deletes_them_and_dry_run_only_says_so(two_files, media):
    orphan = media / "evidencia" / "2020" / "01" / "sin-registro.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.4")
    output, error = run("--remove-orphans", "--dry-run")
    assert error is not None and "Se borraría evidencia/2020/01/sin-registro.pdf" in output
    assert orphan.exists()
    output, error = run("--remove-orphans")
    assert error is None and "Se borró evidencia/2020/01/sin-registro.pdf" in output
    assert not orphan.exists() and len(stored(media)) == 2
    assert run()[1] is None


def stored_by_a_transaction_that_never_commits(world, open_report):
    """What a crash before the commit leaves: the row is gone with the transaction, the file
    was written under its pending name only."""
    evidence = Evidence(report=open_report, description="Acta", original_name="acta.pdf", size=3)
    evidence.content_type, evidence.sha256 = "application/pdf", "0" * 64
    with pytest.raises(RuntimeError), transaction.atomic():
        services.store([(evidence, ContentFile(files.ACCEPTED["acta.pdf"]))], by=world.staff_a)
        raise RuntimeError("el proceso muere antes de confirmar")


def test_a_crash_before_the_commit_leaves_no_file_under_a_final_name(world, open_report, media):
    stored_by_a_transaction_that_never_commits(world, open_report)
    [left] = stored(media)
    assert left.name.endswith(".pdf.pendiente") and not Evidence.objects.exists()
    # Young, it may be an upload in progress: reported, left alone, not a problem.
    output, error = run("--remove-orphans")
    assert error is None and "Subidas en curso (pendientes de menos de 60 minutos): 1" in output
    assert left.exists()
    # An hour old, it is what a crash left: removed.
    an_hour_ago = time.time() - 3600
    os.utime(left, (an_hour_ago, an_hour_ago))
    output, error = run()
    assert error is not None and "Subidas no guardadas (archivos pendientes sin registro): 1" in output
    output, error = run("--remove-orphans")
    assert error is None and "Se borró evidencia/" in output
    assert stored(media) == []


def test_a_crash_between_the_commit_and_the_move_is_finished_by_remove_orphans(
    monkeypatch, client_staff_a, open_report, media
):
    monkeypatch.setattr(services, "when_committed", lambda callback: None)  # the process dies after the commit
    upload(client_staff_a, open_report, a_file("acta.pdf", files.ACCEPTED["acta.pdf"]))
    evidence = Evidence.objects.get()
    assert not (media / evidence.file.name).exists()
    output, error = run()
    assert error is not None and "Subidas guardadas sin terminar de colocar: 1" in output
    output, error = run("--remove-orphans", "--dry-run")
    assert f"Se movería {evidence.file.name}.pendiente a {evidence.file.name}" in output
    output, error = run("--remove-orphans")
    assert error is None, output
    assert (media / evidence.file.name).read_bytes() == files.ACCEPTED["acta.pdf"]
    assert run()[1] is None


def test_an_upload_puts_its_file_in_place_only_when_its_transaction_commits(world, open_report, media):
    evidence = Evidence(report=open_report, description="Acta", original_name="acta.pdf", size=3)
    evidence.content_type, evidence.sha256 = "application/pdf", "0" * 64
    with transaction.atomic():
        services.store([(evidence, ContentFile(files.ACCEPTED["acta.pdf"]))], by=world.staff_a)
        assert [path.name for path in stored(media)] == [evidence.file.name.rsplit("/", 1)[1] + ".pendiente"]
    assert (media / evidence.file.name).read_bytes() == files.ACCEPTED["acta.pdf"]
    assert len(stored(media)) == 1
