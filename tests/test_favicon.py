"""Every page, public or staff, names an icon that the static files hold."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse


@pytest.mark.parametrize("url", ["/", reverse("login")])
def test_pages_link_a_favicon_that_exists(client, db, url):
    page = client.get(url).content.decode()
    icons = re.findall(r'<link rel="icon" href="/static/([^"]+)"', page)
    assert {name.rsplit(".", 1)[1] for name in icons} == {"svg", "ico"}
    for name in icons:
        assert finders.find(name), name
