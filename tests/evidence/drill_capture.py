"""What the backup drill compares before the backup and after the restoration, read in a process of
its own against the database and media folder of its environment (DATABASE_URL, MEDIA_ROOT):

    python -m tests.evidence.drill_capture OUT.json

- every public page a citizen reaches (home, lists, each program, ASM, activity, annex preview
  and public evidence page), normalised only for what changes per request (CSRF tokens, nonces);
- the bytes of every public annex in the datos CSV layout (a deterministic format: XLSX stamps the
  moment it was written), through the project's CSV writer;
- each evidence file: the SHA-256 its row records, the SHA-256 of the stored file, and of what the
  public download serves.
Pages and files are kept as SHA-256 so that the JSON stays small; their addresses say which differ.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalised(html: bytes) -> bytes:
    html = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b'name="csrfmiddlewaretoken" value=""', html)
    return re.sub(rb'nonce="[^"]*"', b'nonce=""', html)


def capture() -> dict:
    from django.test import Client
    from django.urls import reverse

    from aspects.models import Activity, Aspect, Plan, ReportRound
    from evidence.models import Evidence
    from programs.models import Agency, Program
    from reports.tables import TABLES
    from reports.writers.csv import write_csv

    client = Client()
    pages: dict[str, str] = {}

    def page(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        content = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = sha256(normalised(content))

    for url in ["/", "/programas/", "/dependencias/", "/asm/", "/actividades/", "/datos/", "/buscar/?q=programa"]:
        page(url)
    for agency in Agency.objects.public():
        page(agency.get_public_url())
    for program in Program.objects.public():
        page(reverse("public:program", kwargs={"key": program.key}))
    for aspect in Aspect.objects.public().select_related("plan__program"):
        page(reverse("public:aspect", kwargs={"key": aspect.plan.program.key, "pk": aspect.pk}))
    for activity in Activity.objects.public().select_related("aspect__plan__program"):
        page(reverse("public:activity", kwargs={"key": activity.aspect.plan.program.key, "pk": activity.pk}))

    annexes: dict[str, str] = {}
    for plan in Plan.objects.public().select_related("program", "cycle").order_by("pk"):
        periods = [r.period for r in ReportRound.objects.public().filter(plan=plan).order_by("period__end")]
        for slug, table in TABLES.items():
            for period in periods if table.needs_period else [None]:
                out = io.BytesIO()
                write_csv(table.build(plan, period, public=True), out)
                annexes[f"{plan.program.key}/{plan.pk}/{slug}/{period.pk if period else '-'}.csv"] = sha256(
                    out.getvalue()
                )
            query = f"?periodo={periods[-1].pk}" if table.needs_period and periods else ""
            if not table.needs_period or periods:
                page(
                    reverse("public:annex", kwargs={"key": plan.program.key, "plan_pk": plan.pk, "table": slug}) + query
                )

    evidence: dict[str, dict] = {}
    public = set(Evidence.objects.public().values_list("pk", flat=True))
    for row in Evidence.objects.exclude(file="").order_by("pk"):
        with row.file.open("rb") as handle:
            entry = {"registrado": row.sha256, "almacenado": sha256(handle.read()), "nombre": row.file.name}
        if row.pk in public:
            page(row.get_public_url())
            response = client.get(row.get_public_download_url())
            entry["descarga"] = sha256(b"".join(response.streaming_content) if response.streaming else response.content)
        evidence[str(row.pk)] = entry
    return {"paginas": pages, "anexos": annexes, "evidencias": evidence}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asm_tracker.settings")
    import django

    django.setup()
    from django.test.utils import override_settings

    # A cache of its own, empty: a page must come from the database it reads, never from a cache
    # that outlived it.
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        result = capture()
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(result, out, indent=1, sort_keys=True)
