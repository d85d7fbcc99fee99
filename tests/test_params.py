"""Query parameters are Spanish everywhere a user sees them, and the former English names answer a
permanent redirect to the same address with the Spanish ones (programs/params.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aspects import filters as staff_filters
from aspects import progress
from programs import filters as program_filters
from programs.params import RENAMED, spanish_query
from public import filters as public_filters
from tests import factories as make
from tests.conftest import client_for


def test_a_query_without_former_names_is_left_alone():
    assert spanish_query("") is None
    assert spanish_query("anio=2017&q=padr%C3%B3n&pagina=2") is None


def test_former_names_become_spanish_in_place_and_values_are_kept_byte_for_byte():
    assert (
        spanish_query("q=padr%C3%B3n+social&year=2017&estado=&page=3")
        == "q=padr%C3%B3n+social&anio=2017&estado=&pagina=3"
    )
    assert spanish_query("kind=a&kind=b&layout") == "tipo=a&tipo=b&presentacion"


def test_the_spanish_name_wins_over_the_former_one():
    assert spanish_query("status=concluido&q=x&estado=en_proceso") == "q=x&estado=en_proceso"


def test_no_filterset_reads_a_former_name():
    filtersets = [
        staff_filters.PlanFilter,
        staff_filters.AspectFilter,
        staff_filters.ActivityFilter,
        program_filters.ProgramFilter,
        public_filters.AspectFilter,
        public_filters.ActivityFilter,
        public_filters.ProgramFilter,
    ]
    # «periodo_abierto» (staff activities) was Spanish from the start: no former name to redirect.
    for filterset in filtersets:
        assert set(filterset.base_filters) <= {"q", "periodo_abierto", *RENAMED.values()}, filterset
    assert list(public_filters.AspectFilter.base_filters) == public_filters.LIST_FILTERS
    assert list(staff_filters.AspectFilter.base_filters) == [
        "q",
        "programa",
        "ciclo",
        "tipo",
        "prioridad",
        "estado",
        "oportunidad",
    ]


def test_the_public_lists_redirect_the_former_names(world):
    client = client_for(None)
    old = reverse("public:aspect-list") + "?year=2017&q=padron&status=en_proceso&agency=&pagina=1"
    response = client.get(old)
    assert response.status_code == 301
    assert (
        response["Location"]
        == reverse("public:aspect-list") + "?anio=2017&q=padron&estado=en_proceso&dependencia=&pagina=1"
    )
    response = client.head(reverse("public:activity-list") + "?timeliness=vencida")
    assert (response.status_code, response["Location"]) == (
        301,
        reverse("public:activity-list") + "?oportunidad=vencida",
    )
    followed = client.get(reverse("public:aspect-list"), {"kind": "especifico", "program": "A001"}, follow=True)
    assert followed.redirect_chain == [(reverse("public:aspect-list") + "?tipo=especifico&programa=A001", 301)]
    assert [aspect.pk for aspect in followed.context["page"].object_list] == [world.live_aspect_a.pk]


def test_the_staff_lists_redirect_the_former_names(world):
    client = client_for(world.staff_a)
    response = client.get(reverse("aspects:aspect-list"), {"kind": "institucional", "page": 2})
    assert (response.status_code, response["Location"]) == (
        301,
        reverse("aspects:aspect-list") + "?tipo=institucional&pagina=2",
    )
    response = client.get(reverse("programs:program-list"), {"kind": "fondo"})
    assert response["Location"] == reverse("programs:program-list") + "?tipo=fondo"
    followed = client.get(reverse("aspects:plan-create"), {"program": world.program_a.pk}, follow=True)
    assert followed.redirect_chain == [(reverse("aspects:plan-create") + f"?programa={world.program_a.pk}", 301)]
    assert followed.context["form"].initial["program"] == str(world.program_a.pk)


def test_the_api_redirects_the_former_names(world):
    client = client_for(None)
    response = client.get(reverse("api:asm-list"), {"status": "en_proceso", "page_size": 1, "cursor": "d0"})
    assert (response.status_code, response["Location"]) == (
        301,
        reverse("api:asm-list") + "?estado=en_proceso&por_pagina=1&cursor=d0",
    )
    followed = client.get(reverse("api:asm-list"), {"program": "A001"}, follow=True)
    assert followed.status_code == 200
    assert [record["id"] for record in followed.json()["results"]] == [world.live_aspect_a.pk]
    # The former page number lands on the Spanish one, which the API refuses with how to page.
    refused = client.get(reverse("api:asm-list"), {"page": 2}, follow=True)
    assert refused.status_code == 400 and "siga la liga «next»" in refused.json()["errores"]["pagina"][0]


def test_the_annex_pages_redirect_the_former_layout(world):
    client = client_for(world.staff_a)
    url = reverse("reports:annex-download", args=[world.live_plan_a.pk, "avance", "xlsx"])
    response = client.get(url, {"periodo": world.september.pk, "layout": "datos"})
    assert (response.status_code, response["Location"]) == (
        301,
        f"{url}?periodo={world.september.pk}&presentacion=datos",
    )
    followed = client.get(url, {"periodo": world.september.pk, "layout": "datos"}, follow=True)
    assert followed.status_code == 200
    assert followed["Content-Disposition"] == 'attachment; filename="avance-A001-2017-septiembre-datos.xlsx"'
    # `periodo` was Spanish already: the staff preview and the public annex take it as it is.
    preview = reverse("reports:annex-preview", args=[world.live_plan_a.pk, "avance"])
    assert client.get(preview, {"periodo": world.september.pk}).status_code == 200
    public = reverse("public:annex", kwargs={"key": "A001", "plan_pk": world.live_plan_a.pk, "table": "avance"})
    assert client_for(None).get(public, {"periodo": world.september.pk}).status_code == 200


def test_a_post_and_the_admin_keep_their_parameters(world, admin_user):
    client = client_for(world.staff_a)
    data = {"program": world.program_a.pk, "cycle": make.cycle().pk}
    response = client.post(reverse("aspects:plan-create") + "?program=1", data)
    assert response.status_code != 301
    admin = client_for(admin_user)
    response = admin.get(reverse("admin:aspects_plan_changelist"), {"status": "x"})
    assert response.status_code != 301


@pytest.mark.parametrize("name", ["public:aspect-list", "public:activity-list"])
def test_a_filtered_public_list_links_with_spanish_names(world, name):
    client = client_for(None)
    with progress.deferred():  # stored progress computed once, after the last row
        for number in range(2, 30):
            make.aspect(world.live_plan_a, number=number, kind="especifico")
            make.activity(world.live_aspect_a, number=number)
    response = client.get(reverse(name), {"tipo": "especifico", "estado": "sin_iniciar"})
    assert response.status_code == 200
    query = "tipo=especifico&estado=sin_iniciar"
    assert [url for _, url in response.context["downloads"]] == [
        f"?{query}&formato=csv",
        f"?{query}&formato=xlsx",
        f"?{query}&formato=json",
    ]
    page = response.content.decode()
    assert f'href="?{query.replace("&", "&amp;")}&amp;pagina=2"' in page
    for field in public_filters.LIST_FILTERS:
        assert f'name="{field}"' in page
    # A download link, followed, gives the list as filtered.
    rows = client.get(reverse(name), {"tipo": "especifico", "estado": "sin_iniciar", "formato": "json"})
    assert rows.status_code == 200


def test_the_links_to_overdue_work_use_the_spanish_names(world):
    client = client_for(None)
    assert f"{reverse('public:aspect-list')}?oportunidad=vencida" in client.get(reverse("public:home")).content.decode()
    staff = client_for(world.staff_a)
    with progress.deferred():  # stored progress computed once, after the last row
        for number in range(2, 60):
            make.activity(world.live_aspect_a, number=number, end_date=world.september.end)
    home = staff.get(reverse("staff-home")).content.decode()
    assert f"{reverse('aspects:activity-list')}?oportunidad=vencida" in home
    program = staff.get(world.program_a.get_absolute_url()).content.decode()
    assert f"{reverse('aspects:plan-create')}?programa={world.program_a.pk}" in program
