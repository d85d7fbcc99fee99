"""GET /salud/: the database and the evidence storage, 200 or 503 with a JSON body, for anyone, never cached."""

from __future__ import annotations

from django.db import OperationalError
from django.urls import reverse


def test_a_healthy_instance_answers_200_with_what_it_checked(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):  # cheap: one row from the database, a look at the storage folder
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"estado": "ok", "base_de_datos": "ok", "almacenamiento": "ok"}
    assert "no-store" in response["Cache-Control"]


class Unreachable:
    """A database connection whose server is gone."""

    def cursor(self):
        raise OperationalError("connection refused")


def test_a_database_that_does_not_answer_gives_503(client, db, monkeypatch):
    monkeypatch.setattr("ops.health.connection", Unreachable())
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"estado": "falla", "base_de_datos": "falla", "almacenamiento": "ok"}
    assert "connection refused" not in response.content.decode()  # the reason goes to the log, not the public


def test_a_missing_evidence_folder_gives_503_and_is_not_created(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "montaje-ausente"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["almacenamiento"] == "falla"
    assert not settings.MEDIA_ROOT.exists()


def test_the_health_check_skips_the_https_redirect_for_probes_on_plain_http(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("health")).status_code == 200
    assert client.get(reverse("public:home")).status_code == 301
