"""verify_evidence finds missing, altered and orphan files, and fails when it does."""

import pytest
from django.core.management import CommandError, call_command

from evidence.models import Evidence
from tests.evidence import files
from tests.evidence.conftest import a_file, upload


@pytest.fixture
def two_files(client_staff_a, open_report):
    upload(
        client_staff_a,
        open_report,
        a_file("acta.pdf", files.ACCEPTED["acta.pdf"]),
        a_file("notas.txt", b"notas del taller"),
    )
    return list(Evidence.objects.order_by("pk"))


def run() -> tuple[str, CommandError | None]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify_evidence", stdout=out)
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
