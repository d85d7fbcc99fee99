"""The staff preview (/panel/anexos/…) and the public annex (/programas/<clave>/anexos/…) are one
page in two surroundings: the same table region, and the same answer to a cut-off period they do
not offer.

World (tests/conftest.py): `live_plan_a` is authorised; its «Septiembre» progress round is
authorised, «Marzo» is open with nothing authorised.
"""

import pytest
from django.urls import reverse

from reports.pages import PERIOD_NOT_OFFERED
from tests import factories as make
from tests.conftest import client_for

SCROLL_REGION = 'tabindex="0" role="region" aria-label="Tabla del anexo (se desplaza horizontalmente)"'


def staff_page(world, table: str = "avance") -> str:
    return reverse("reports:annex-preview", args=[world.live_plan_a.pk, table])


def public_page(world, table: str = "avance") -> str:
    return reverse("public:annex", kwargs={"key": world.program_a.key, "plan_pk": world.live_plan_a.pk, "table": table})


@pytest.fixture
def pages(world):
    """Each page with who reads it: staff of agency A, and anyone."""
    return [(client_for(world.staff_a), staff_page), (client_for(None), public_page)]


@pytest.mark.parametrize("table", ["especifico", "avance"])
def test_both_pages_scroll_the_wide_table_in_a_named_focusable_region(world, pages, table):
    for client, page in pages:
        response = client.get(page(world, table))
        assert response.status_code == 200
        content = response.content.decode()
        assert content.count(SCROLL_REGION) == 1, page.__name__
        assert '<nav aria-label="Anexos">' in content


def test_the_staff_preview_now_has_the_accessible_scroll_region(world):
    content = client_for(world.staff_a).get(staff_page(world, "institucional")).content.decode()
    assert f'<div class="table-responsive bg-white" {SCROLL_REGION}>' in content


def test_a_period_of_another_cycle_or_none_at_all_is_refused_alike_on_both_pages(world, pages):
    another_cycle = make.cycle().periods.first()
    for client, page in pages:
        for asked in (another_cycle.pk, 999999):
            response = client.get(page(world), {"periodo": asked})
            assert response.status_code == 404, (page.__name__, asked)
            assert (
                response.context["exception"]
                == PERIOD_NOT_OFFERED
                == ("Ese periodo de corte no está disponible para este programa de trabajo.")
            )
        response = client.get(page(world), {"periodo": "septiembre"})
        assert response.status_code == 404 and response.context["exception"] == "Periodo de corte no válido."


def test_each_page_offers_its_own_periods(world, pages):
    (staff, _), (anyone, _) = pages
    # Staff cut at any period of the plan's cycle; the public only where progress is authorised.
    assert staff.get(staff_page(world), {"periodo": world.march.pk}).context["annex"].period == world.march
    assert anyone.get(public_page(world), {"periodo": world.march.pk}).context["exception"] == PERIOD_NOT_OFFERED
    assert anyone.get(public_page(world), {"periodo": world.september.pk}).context["annex"].period == world.september
    assert anyone.get(public_page(world)).context["periods"] == [world.september]
