"""Every staff page: anonymous users go to the login page, staff of another agency get 404
on agency A's objects, and staff of agency A get the page."""

import pytest
from django.urls import reverse

from tests import factories as make
from tests.conftest import client_for

# (url name, attribute of `world` whose pk goes in the URL, or None)
OBJECT_PAGES = [
    ("programs:program-detail", "program_a"),
    ("programs:program-update", "program_a"),
    ("programs:program-delete", "program_a"),
    ("programs:evaluation-create", "program_a"),
    ("programs:evaluation-detail", "evaluation_a"),
    ("programs:evaluation-update", "evaluation_a"),
    ("programs:evaluation-delete", "evaluation_a"),
    ("aspects:plan-detail", "plan_a"),
    ("aspects:plan-update", "plan_a"),
    ("aspects:plan-delete", "plan_a"),
    ("aspects:aspect-create", "plan_a"),
    ("aspects:aspect-detail", "aspect_a"),
    ("aspects:aspect-update", "aspect_a"),
    ("aspects:aspect-delete", "aspect_a"),
    ("aspects:activity-detail", "activity_a"),
    ("aspects:report-create", "activity_a"),
    ("aspects:report-update", "report_a"),
    ("aspects:report-delete", "report_a"),
]
LIST_PAGES = [
    "staff-home",
    "programs:program-list",
    "programs:program-create",
    "aspects:plan-list",
    "aspects:plan-create",
    "aspects:aspect-list",
    "aspects:activity-list",
]


def object_url(world, name, attribute):
    pk = getattr(world, attribute).pk
    key = "parent_pk" if name.endswith("-create") else "pk"
    return reverse(name, kwargs={key: pk})


@pytest.mark.parametrize("name,attribute", OBJECT_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login(world, anonymous, name, attribute, method):
    url = object_url(world, name, attribute)
    response = getattr(anonymous, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", LIST_PAGES)
def test_anonymous_is_sent_to_login_from_lists(world, anonymous, name):
    response = anonymous.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name,attribute", OBJECT_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_of_other_agency_gets_404(world, staff_b, name, attribute, method):
    response = getattr(staff_b, method)(object_url(world, name, attribute))
    # Read-only pages refuse POST before looking anything up.
    expected = 405 if method == "post" and name.endswith("-detail") else 404
    assert response.status_code == expected


@pytest.mark.parametrize("name,attribute", OBJECT_PAGES)
def test_staff_of_own_agency_sees_page(world, staff_a, name, attribute):
    assert staff_a.get(object_url(world, name, attribute)).status_code == 200


@pytest.mark.parametrize("name", LIST_PAGES)
def test_staff_sees_lists(world, staff_a, name):
    assert staff_a.get(reverse(name)).status_code == 200


def test_post_by_other_agency_changes_nothing(world, staff_b):
    staff_b.post(reverse("aspects:aspect-delete", kwargs={"pk": world.aspect_a.pk}))
    staff_b.post(reverse("programs:program-update", kwargs={"pk": world.program_a.pk}), {"key": "HACK", "name": "x", "kind": "fondo"})
    world.aspect_a.refresh_from_db()
    world.program_a.refresh_from_db()
    assert world.program_a.key == "A001"


def test_lists_show_only_own_agency(world, staff_b):
    response = staff_b.get(reverse("programs:program-list"))
    assert b"A001" not in response.content
    assert b"B001" in response.content
    response = staff_b.get(reverse("aspects:aspect-list"))
    assert world.aspect_a.text.encode() not in response.content


def test_forms_offer_only_own_agency_choices(world, staff_b):
    response = staff_b.get(reverse("aspects:plan-create"))
    assert b"A001" not in response.content


def test_user_without_agency_sees_nothing(world, db):
    loner = client_for(make.user("loner"))
    assert loner.get(reverse("aspects:aspect-detail", kwargs={"pk": world.aspect_a.pk})).status_code == 404
    response = loner.post(reverse("programs:program-create"), {"key": "X1", "name": "X", "kind": "fondo"})
    assert "no está adscrito" in response.content.decode()


def test_login_page_is_in_spanish(anonymous, db):
    response = anonymous.get(reverse("login"))
    assert "Iniciar sesión" in response.content.decode()
    response = anonymous.post(reverse("login"), {"username": "nadie", "password": "x"})
    assert "Por favor introduzca nombre de usuario y contraseña correctos" in response.content.decode()


def test_logout_is_post_only_and_works(world, staff_a):
    response = staff_a.post(reverse("logout"))
    assert response.status_code == 302
    assert staff_a.get(reverse("staff-home")).status_code == 302
