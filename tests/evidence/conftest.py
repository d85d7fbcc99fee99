from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories as make


def stored(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


@pytest.fixture
def open_report(world):
    """A progress report of agency A in the open period, still a draft: it takes evidence."""
    return make.report(world.live_activity_a, world.march, percent=50)


def upload_data(*rows: dict) -> dict:
    data = {
        "evidencia-TOTAL_FORMS": str(len(rows)),
        "evidencia-INITIAL_FORMS": "0",
        "evidencia-MIN_NUM_FORMS": "0",
        "evidencia-MAX_NUM_FORMS": "10",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"evidencia-{index}-{key}"] = value
    return data


def a_file(name: str, content: bytes, description: str = "Documento probatorio", **extra) -> dict:
    return {"file": SimpleUploadedFile(name, content), "description": description, **extra}


def upload(client, report, *rows: dict):
    return client.post(reverse("evidence:report-upload", kwargs={"report_pk": report.pk}), upload_data(*rows))
