"""The Atom feed of a program: its authorisations, newest first."""

from __future__ import annotations

from datetime import date, datetime, time
from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aspects.models import ChangeRequest, Plan, ReportRound
from programs.workflow import State, Transition
from public.feeds import MAX_ITEMS
from tests import factories as make

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_url(key: str) -> str:
    return reverse("open-data:program-feed", kwargs={"key": key})


def entries(client, key: str) -> list[dict[str, str]]:
    response = client.get(feed_url(key))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "published": entry.findtext(f"{ATOM}published"),
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_the_feed_lists_the_authorised_plan_rounds_and_replanning_newest_first(client, stack):
    items = entries(client, stack.program.key)
    assert [item["title"] for item in items] == [
        f"Autorizado: Replanteamiento {stack.program.key} · ASM {stack.aspect.number}, actividad "
        f"{stack.replanned.number}",
        f"Autorizado: Avance {stack.program.key} · Septiembre",
        f"Autorizado: Programa de trabajo {stack.program.key} · {stack.plan.cycle.name}",
    ]
    assert items[0]["summary"] == "Nueva fecha de término: 30/06/2018. Justificación: Retraso del proveedor."
    assert items[2]["summary"] == "Programa de trabajo publicable"
    page = f"http://testserver/programas/{stack.program.key}/"
    assert [item["link"] for item in items] == [
        f"{page}actividades/{stack.replanned.pk}/#replanteamiento-{stack.change.pk}",
        f"{page}#avance-{stack.round.pk}",
        f"{page}#plan-{stack.plan.pk}",
    ]
    # Ids stay what they were before the links pointed at real anchors, so readers keep their state.
    assert all(item["id"].startswith(f"{page}#autorizacion-") for item in items)
    assert len({item["id"] for item in items}) == 3


def test_every_entry_links_to_an_anchor_that_exists_on_its_page(client, stack):
    for item in entries(client, stack.program.key):
        url = urlsplit(item["link"])
        page = client.get(url.path)
        assert page.status_code == 200, item["link"]
        assert f'id="{url.fragment}"' in page.content.decode(), item["link"]


def test_entries_carry_the_authorisation_date_and_are_ordered_by_it(client, stack):
    # As the demo loads history: the rows are written today, the signatures dated as the documents.
    def signed(model, pk, day):
        model.objects.filter(pk=pk).update(authorised_at=timezone.make_aware(datetime.combine(day, time(12))))

    signed(Plan, stack.plan.pk, date(2017, 5, 15))
    signed(ReportRound, stack.round.pk, date(2017, 10, 20))
    signed(ChangeRequest, stack.change.pk, date(2017, 8, 1))
    items = entries(client, stack.program.key)
    assert [(item["title"].split(" ")[1], item["updated"][:10], item["published"][:10]) for item in items] == [
        ("Avance", "2017-10-20", "2017-10-20"),
        ("Replanteamiento", "2017-08-01", "2017-08-01"),
        ("Programa", "2017-05-15", "2017-05-15"),
    ]


def test_the_feed_describes_itself_and_links_to_the_program_page(client, stack):
    root = ElementTree.fromstring(client.get(feed_url(stack.program.key)).content)
    assert root.findtext(f"{ATOM}title") == f"ASM Tracker · {stack.program.key} · {stack.program.name}: autorizaciones"
    links = {link.get("rel"): link.get("href") for link in root.iter(f"{ATOM}link") if link in list(root)}
    assert links == {
        "alternate": f"http://testserver/programas/{stack.program.key}/",
        "self": f"http://testserver/programas/{stack.program.key}/feed/",
    }


def test_only_authorisations_are_items_not_submissions_or_returns(client, stack):
    # Every authorised object was submitted first; a returned round went back and forth.
    later = stack.plan.cycle.periods.order_by("end").last()
    make.closed(stack.period)
    make.opened(later)
    make.report(stack.activity, later, percent=60)
    make.in_state(stack.plan.rounds.get(period=later), State.RETURNED, stack.preparer, stack.supervisor)
    assert len(entries(client, stack.program.key)) == 3


def test_the_feed_keeps_the_latest_50(client, stack):
    steps = [
        Transition.objects.create(
            content_object=stack.change, from_state=State.IN_REVIEW, to_state=State.AUTHORISED, by_name="x"
        )
        for _ in range(MAX_ITEMS + 5)
    ]
    items = entries(client, stack.program.key)
    assert len(items) == MAX_ITEMS
    assert items[0]["id"].endswith(f"#autorizacion-{steps[-1].pk}")
    assert items[-1]["id"].endswith(f"#autorizacion-{steps[5].pk}")


def test_the_feed_query_count_does_not_grow_with_items(client, stack, settings):
    settings.DEBUG = False

    def count() -> int:
        cache.clear()  # the feed computed, not served from the public cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(feed_url(stack.program.key)).status_code == 200
        return len(captured)

    before = count()
    for n in range(5):
        activity = make.activity(stack.aspect, description=f"Actividad {n}")
        change = ChangeRequest.objects.create(
            activity=activity, justification="Ajuste.", new_end_date=date(2019, 1, n + 1)
        )
        make.authorised(change, stack.preparer, stack.supervisor)
    assert len(entries(client, stack.program.key)) == 8
    assert count() == before


def test_the_feed_is_served_from_the_cache_until_something_is_authorised(client, stack, django_assert_max_num_queries):
    before = entries(client, stack.program.key)
    with django_assert_max_num_queries(1):  # the version
        assert entries(client, stack.program.key) == before
    activity = make.activity(stack.aspect, description="Actividad nueva")
    change = ChangeRequest.objects.create(activity=activity, justification="Ajuste.", new_end_date=date(2019, 1, 1))
    make.authorised(change, stack.preparer, stack.supervisor)
    assert len(entries(client, stack.program.key)) == len(before) + 1


def test_a_cached_feed_links_to_the_address_it_was_asked_at(client, stack):
    entries(client, stack.program.key)
    response = client.get(feed_url(stack.program.key), HTTP_HOST="localhost")
    links = [
        entry.find(f"{ATOM}link").get("href") for entry in ElementTree.fromstring(response.content).iter(f"{ATOM}entry")
    ]
    assert links and all(link.startswith("http://localhost/") for link in links)


def test_an_unknown_program_or_one_without_an_authorised_plan_has_no_feed(client, world):
    assert client.get(feed_url("NO-EXISTE")).status_code == 404
    assert client.get(feed_url(world.program_b.key)).status_code == 404  # no plan
    plan_only_draft = make.program(world.agency_b)
    make.plan(plan_only_draft)
    assert client.get(feed_url(plan_only_draft.key)).status_code == 404
    assert client.get(feed_url(world.program_a.key)).status_code == 200  # live_plan_a is authorised


def test_the_feed_answers_get_and_head_only(client, stack):
    assert client.head(feed_url(stack.program.key)).status_code == 200
    assert client.post(feed_url(stack.program.key)).status_code == 405


def test_markup_in_an_authorised_replanning_reaches_feed_readers_as_inert_text(client, stack):
    payload = '<a href="https://malo.example/">Actualice aquí</a><img src=x onerror="alert(document.cookie)">'
    activity = make.activity(stack.aspect, description="Actividad con texto hostil")
    change = ChangeRequest.objects.create(activity=activity, justification=payload, new_description=payload)
    make.authorised(change, stack.preparer, stack.supervisor)

    root = ElementTree.fromstring(client.get(feed_url(stack.program.key)).content)
    summaries = list(root.iter(f"{ATOM}summary"))
    assert summaries and {summary.get("type") for summary in summaries} == {"text"}
    hostile = summaries[0]
    # The payload arrives whole, as characters a reader shows, not as elements it would render.
    assert hostile.text == f"Nueva redacción: {payload} Justificación: {payload}"
    assert len(hostile) == 0
