from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories as make
from tests.aspects.form_data import formset_data


def stored(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


@pytest.fixture
def open_report(world):
    """A progress report of agency A in the open period, still a draft: it takes evidence."""
    return make.report(world.live_activity_a, world.march, percent=50)


def upload_data(*rows: dict) -> dict:
    return formset_data("evidencia", list(rows))


def a_file(name: str, content: bytes, description: str = "Documento probatorio", **extra) -> dict:
    return {"file": SimpleUploadedFile(name, content), "description": description, **extra}


def upload(client, report, *rows: dict):
    return client.post(reverse("evidence:report-upload", kwargs={"report_pk": report.pk}), upload_data(*rows))
