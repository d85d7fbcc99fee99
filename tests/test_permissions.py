"""Agency boundaries beyond the status codes of the permission matrix (tests/test_permission_matrix.py):
what lists and forms show, and that refused requests change nothing."""

from django.urls import reverse

from tests import factories as make
from tests.conftest import client_for


def test_post_by_other_agency_changes_nothing(world, client_staff_b):
    client_staff_b.post(reverse("aspects:aspect-delete", kwargs={"pk": world.aspect_a.pk}))
    client_staff_b.post(
        reverse("programs:program-update", kwargs={"pk": world.program_a.pk}),
        {"key": "HACK", "name": "x", "kind": "fondo"},
    )
    world.aspect_a.refresh_from_db()
    world.program_a.refresh_from_db()
    assert world.program_a.key == "A001"


def test_lists_show_only_own_agency(world, client_staff_b):
    response = client_staff_b.get(reverse("programs:program-list"))
    assert b"A001" not in response.content
    assert b"B001" in response.content
    response = client_staff_b.get(reverse("aspects:aspect-list"))
    assert world.aspect_a.text.encode() not in response.content


def test_forms_offer_only_own_agency_choices(world, client_staff_b):
    response = client_staff_b.get(reverse("aspects:plan-create"))
    assert b"A001" not in response.content


def test_user_without_agency_sees_nothing(world, db):
    loner = client_for(make.user("loner"))
    assert loner.get(reverse("aspects:aspect-detail", kwargs={"pk": world.aspect_a.pk})).status_code == 404
    response = loner.post(reverse("programs:program-create"), {"key": "X1", "name": "X", "kind": "fondo"})
    assert response.status_code == 403
    assert "no está adscrito" in response.content.decode()


def test_login_page_is_in_spanish(client_anonymous, db):
    response = client_anonymous.get(reverse("login"))
    assert "Iniciar sesión" in response.content.decode()
    response = client_anonymous.post(reverse("login"), {"username": "nadie", "password": "x"})
    assert "Por favor introduzca nombre de usuario y contraseña correctos" in response.content.decode()


def test_logout_is_post_only_and_works(world, client_staff_a):
    response = client_staff_a.post(reverse("logout"))
    assert response.status_code == 302
    assert client_staff_a.get(reverse("staff-home")).status_code == 302
