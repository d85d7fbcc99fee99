"""Every link of the public section leads somewhere: a citizen who follows them on the demo
never meets a 404 or an error page."""

from __future__ import annotations

import io
import re
from urllib.parse import urljoin, urlsplit

from django.core.management import call_command

LINK = re.compile(r'href="([^"#]*)"')
# Staff pages ask for a login and static files are not served by views; the rendered
# downloads (PDF) are checked once elsewhere, to keep this test fast.
NOT_FOLLOWED = ("/panel/", "/admin/", "/static/", "/cuentas/", "/api/")
NOT_FETCHED = (".pdf",)


def test_every_link_from_the_home_page_answers(client, demo, settings):
    settings.DEBUG = False
    call_command("build_open_data", stdout=io.StringIO())  # as scripts/run does after load_demo
    seen, queue, broken = {"/"}, ["/"], []
    while queue:
        url = queue.pop()
        if url.split("?")[0].endswith(NOT_FETCHED):
            continue
        response = client.get(url)
        if response.streaming:  # sent to the end, as a server would: the download's slot is free again
            b"".join(response.streaming_content)
        if response.status_code != 200:
            broken.append((url, response.status_code))
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        for href in LINK.findall(response.content.decode()):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or parts.scheme or parts.path.startswith(NOT_FOLLOWED):
                continue
            # One page of each list is enough: the filters' and pages' variants repeat the same links.
            if parts.query and (
                "pagina=" in parts.query or target.split("?")[0] in {s.split("?")[0] for s in seen if "?" in s}
            ):
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert broken == []
    assert len(seen) > 50
