"""Every signed-in user changes their own password; a forgotten one is reset by email."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.personas import client_for


def test_the_login_page_links_to_the_password_reset(client_anonymous):
    html = client_anonymous.get(reverse("login")).content.decode()
    assert reverse("password_reset") in html and "¿Olvidó su contraseña?" in html


def test_the_login_page_leads_back_to_the_public_site(client_anonymous):
    html = client_anonymous.get(reverse("login")).content.decode()
    assert f'<a href="{reverse("public:home")}">← Volver al sitio público de transparencia</a>' in html


@pytest.mark.parametrize("persona", ["staff_a", "supervisor_a", "coordinator"])
def test_every_signed_in_user_changes_their_own_password_from_the_staff_menu(world, persona):
    user = getattr(world, persona)
    client = client_for(user)
    home = client.get(reverse("staff-home")).content.decode()
    assert f'href="{reverse("account")}">Mi cuenta' in home
    assert reverse("password_change") in client.get(reverse("account")).content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": "secreta", "new_password1": "Cometa-azul-2026", "new_password2": "Cometa-azul-2026"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert client.get(reverse("staff-home")).status_code == 200  # still signed in, still verified
    user.refresh_from_db()
    assert user.check_password("Cometa-azul-2026")


def test_a_wrong_current_password_changes_nothing(world, client_staff_a):
    response = client_staff_a.post(
        reverse("password_change"),
        {"old_password": "otra", "new_password1": "Cometa-azul-2026", "new_password2": "Cometa-azul-2026"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["old_password"]
    world.staff_a.refresh_from_db()
    assert world.staff_a.check_password("secreta")


def test_a_forgotten_password_is_reset_through_a_link_sent_by_email(world, settings):
    settings.SITE_URL = "https://asm.ejemplo.gob.mx"
    client = Client()
    response = client.post(reverse("password_reset"), {"email": "staff_a@ejemplo.gob.mx"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Restablecer su contraseña de ASM Tracker"
    assert message.to == ["staff_a@ejemplo.gob.mx"]
    link = re.search(r"https://asm\.ejemplo\.gob\.mx(/cuenta/recuperar/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Elegir una contraseña nueva" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Cometa-azul-2026", "new_password2": "Cometa-azul-2026"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert client.post(reverse("login"), {"username": "staff_a", "password": "Cometa-azul-2026"}).status_code == 302
    assert SESSION_KEY in client.session
    # The link works once.
    assert "La liga ya no es válida" in Client().get(link, follow=True).content.decode()


def test_an_unknown_email_gets_the_same_answer_and_no_message(world):
    response = Client().post(reverse("password_reset"), {"email": "nadie@ejemplo.gob.mx"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_the_reset_link_comes_from_site_url_not_from_the_request(world, settings):
    settings.SITE_URL = "https://asm.ejemplo.gob.mx"
    settings.ALLOWED_HOSTS = ["*"]
    Client(HTTP_HOST="atacante.example").post(reverse("password_reset"), {"email": "staff_a@ejemplo.gob.mx"})
    assert "atacante.example" not in mail.outbox[0].body
    assert "https://asm.ejemplo.gob.mx/cuenta/recuperar/" in mail.outbox[0].body
