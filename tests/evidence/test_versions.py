"""Authorised evidence never changes: it is replaced by a new version, authorised on its own."""

import pytest
from django.urls import reverse

from evidence.models import Evidence
from programs.workflow import State
from tests import factories as make
from tests.evidence import files
from tests.evidence.conftest import a_file, upload

# Every scenario here ends with the stored derived values equal to a computation from scratch.
pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


@pytest.fixture
def authorised(world, client_staff_a, open_report) -> Evidence:
    upload(client_staff_a, open_report, a_file("acta.pdf", files.ACCEPTED["acta.pdf"], publishable="on"))
    make.authorised(open_report.round(), world.staff_a, world.supervisor_a)
    return Evidence.objects.get()


def replace(client, evidence, name="acta corregida.pdf", content=None):
    content = content or files.ACCEPTED["acta.pdf"] + b"%corregida\n"
    return client.post(
        reverse("evidence:evidence-replace", kwargs={"pk": evidence.pk}),
        {"file": a_file(name, content)["file"], "description": "Acta corregida", "publishable": "on"},
    )


def test_authorised_evidence_cannot_be_edited_or_deleted(client_staff_a, authorised):
    for name in ("evidence:evidence-update", "evidence:evidence-delete"):
        url = reverse(name, kwargs={"pk": authorised.pk})
        assert client_staff_a.get(url).status_code == 403
        assert client_staff_a.post(url).status_code == 403
    assert Evidence.objects.get().description == authorised.description


def test_authorised_evidence_cannot_be_deleted_even_from_code(authorised):
    from programs.workflow import LockedError

    with pytest.raises(LockedError):
        authorised.delete()


def test_replacing_creates_a_new_version_and_keeps_the_old_one_public_until_authorised(
    world, client_staff_a, client_supervisor_a, client_anonymous, authorised
):
    response = replace(client_staff_a, authorised)
    assert response.status_code == 302
    new = Evidence.objects.get(replaces=authorised)
    assert new.state == State.DRAFT and not new.current
    assert list(Evidence.objects.public()) == [authorised]
    assert client_anonymous.get(new.get_public_url()).status_code == 404

    assert client_staff_a.post(reverse("evidence:evidence-enviar", kwargs={"pk": new.pk})).status_code == 302
    assert client_supervisor_a.post(reverse("evidence:evidence-autorizar", kwargs={"pk": new.pk})).status_code == 302
    new.refresh_from_db()
    authorised.refresh_from_db()
    assert new.is_authorised and new.current and not authorised.current
    assert list(Evidence.objects.public()) == [new]
    assert client_anonymous.get(authorised.get_public_download_url()).status_code == 404
    # The old version stays in the history, downloadable by staff.
    assert client_staff_a.get(authorised.get_download_url()).status_code == 200
    page = client_staff_a.get(new.get_absolute_url()).content.decode()
    assert "Versiones" in page and authorised.sha256 in page and new.sha256 in page


def test_a_replacement_goes_through_the_same_upload_checks(client_staff_a, authorised, media):
    response = replace(client_staff_a, authorised, name="acta.pdf", content=b"<html><script>x</script></html>")
    assert "no corresponde a un archivo .pdf" in response.content.decode()
    assert Evidence.objects.count() == 1


def test_only_one_pending_replacement_at_a_time(client_staff_a, authorised):
    replace(client_staff_a, authorised)
    assert replace(client_staff_a, authorised).status_code == 403
    assert Evidence.objects.count() == 2


def test_the_uploader_of_a_replacement_cannot_authorise_it(world, client_supervisor_a, authorised):
    replace(client_supervisor_a, authorised)
    new = Evidence.objects.get(replaces=authorised)
    assert client_supervisor_a.post(reverse("evidence:evidence-enviar", kwargs={"pk": new.pk})).status_code == 302
    assert client_supervisor_a.post(reverse("evidence:evidence-autorizar", kwargs={"pk": new.pk})).status_code == 403


def test_other_agency_cannot_replace_our_evidence(client_staff_b, authorised):
    assert replace(client_staff_b, authorised).status_code == 404


def test_coordinator_cannot_replace_evidence(client_coordinator, authorised):
    assert replace(client_coordinator, authorised).status_code == 403


def test_draft_evidence_is_not_replaced_but_deleted(client_staff_a, open_report):
    upload(client_staff_a, open_report, a_file("acta.pdf", files.ACCEPTED["acta.pdf"]))
    draft = Evidence.objects.get()
    assert replace(client_staff_a, draft).status_code == 403
    response = client_staff_a.post(reverse("evidence:evidence-delete", kwargs={"pk": draft.pk}))
    assert response.status_code == 302
    assert not Evidence.objects.exists()


def test_deleting_a_draft_removes_its_file(client_staff_a, open_report, media, django_capture_on_commit_callbacks):
    from tests.evidence.conftest import stored

    upload(client_staff_a, open_report, a_file("acta.pdf", files.ACCEPTED["acta.pdf"]))
    with django_capture_on_commit_callbacks(execute=True):
        client_staff_a.post(reverse("evidence:evidence-delete", kwargs={"pk": Evidence.objects.get().pk}))
    assert stored(media) == []


def test_draft_evidence_description_and_publishable_can_be_edited(client_staff_a, open_report):
    upload(client_staff_a, open_report, a_file("acta.pdf", files.ACCEPTED["acta.pdf"]))
    evidence = Evidence.objects.get()
    url = reverse("evidence:evidence-update", kwargs={"pk": evidence.pk})
    response = client_staff_a.post(
        url, {"description": "Acta firmada", "publishable": "on", "version": evidence.version}
    )
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.description == "Acta firmada" and evidence.publishable
