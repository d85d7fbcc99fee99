"""Public pages are cached on the version of the public data: an authorisation shows at once,
and a draft never does."""

from aspects.models import Aspect
from public.cache import public_version
from tests import factories as make


def mark_draft(world, marker="MARCADOR-BORRADOR"):
    Aspect.objects.filter(pk=world.aspect_a.pk).update(text=f"{marker} del diagnóstico.")
    return marker


def test_a_page_is_served_from_the_cache_until_something_is_authorised(
    world, client_anonymous, django_assert_max_num_queries
):
    client_anonymous.get("/asm/")
    with django_assert_max_num_queries(1):  # the version
        assert client_anonymous.get("/asm/").status_code == 200


def test_an_authorisation_shows_on_the_cached_pages_at_once(world, client_anonymous):
    marker = mark_draft(world)
    before = public_version()
    assert marker not in client_anonymous.get("/asm/").content.decode()
    assert marker not in client_anonymous.get("/").content.decode()

    make.authorised(world.plan_a, world.staff_a, world.supervisor_a)

    assert public_version() > before
    assert marker in client_anonymous.get("/asm/").content.decode()
    assert client_anonymous.get(f"/programas/{world.program_a.key}/").status_code == 200


def test_a_draft_never_reaches_the_cache(world, client_anonymous):
    marker = mark_draft(world)
    for url in ("/", "/asm/", "/actividades/", f"/programas/{world.program_a.key}/", "/buscar/?q=diagnostico"):
        assert marker not in client_anonymous.get(url).content.decode(), url
    world.plan_a.submit(by=world.staff_a)
    assert marker not in client_anonymous.get("/asm/").content.decode()


def test_the_list_count_follows_the_authorisations(world, client_anonymous):
    assert client_anonymous.get("/asm/").context["page"].paginator.count == 1
    make.authorised(world.plan_a, world.staff_a, world.supervisor_a)
    assert client_anonymous.get("/asm/?pagina=1").context["page"].paginator.count == 2
