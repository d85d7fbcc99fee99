"""Installing the API leaves the wording of the staff forms as Django writes it."""

from django.utils import translation
from django.utils.translation import gettext


def test_django_s_own_spanish_wins_over_the_api_framework_s():
    with translation.override("es-mx"):
        assert gettext("This field is required.") == "Este campo es obligatorio."
        assert gettext("The submitted file is empty.") == "El archivo enviado está vacío."
        assert gettext('Method "{method}" not allowed.') == 'Método "{method}" no permitido.'


def test_api_errors_are_in_spanish(client, db):
    response = client.post("/api/asm/")
    assert response.status_code == 405
    assert response.json() == {"detalle": 'Método "POST" no permitido.'}
    assert client.get("/api/asm/999/").json() == {"detalle": "No encontrado."}
