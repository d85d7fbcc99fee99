"""Every button a page shows is one the user may use: the coordinator sees no «Nuevo…» that would answer 403."""

import re

import pytest
from django.urls import reverse

from tests.conftest import client_for

CREATE_PAGES = ["programs:program-list", "aspects:plan-list", "programs:program-detail", "aspects:plan-detail"]


def create_links(page: str) -> list[str]:
    return re.findall(r'href="([^"]*/(?:nuevo|nueva)/[^"]*)"', page)


def page_url(world, name: str) -> str:
    if name == "programs:program-detail":
        return reverse(name, kwargs={"pk": world.program_a.pk})
    if name == "aspects:plan-detail":
        return reverse(name, kwargs={"pk": world.plan_a.pk})
    return reverse(name)


@pytest.mark.parametrize("name", CREATE_PAGES)
def test_the_coordinator_sees_no_create_button(world, name):
    page = client_for(world.coordinator).get(page_url(world, name)).content.decode()
    assert create_links(page) == []


@pytest.mark.parametrize("name", CREATE_PAGES)
def test_every_create_button_shown_answers(world, name):
    for user in (world.staff_a, world.supervisor_a, world.coordinator):
        client = client_for(user)
        links = create_links(client.get(page_url(world, name)).content.decode())
        if user is not world.coordinator:
            assert links, f"{user} should be offered «Nuevo…» on {name}"
        for link in links:
            assert client.get(link.replace("&amp;", "&")).status_code == 200, (user, link)
