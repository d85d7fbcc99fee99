"""Benchmark of the pages at scale (not a test), against a generated PostgreSQL database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asm_national .venv/bin/python bench/scale.py
        [--only REGEX] [--repeat N] [--explain] [--timeout SECONDS] [--load SECONDS] [--compare URL]
        [--profile REGEX]

The database is one that `manage.py generate_dataset --scale state|national` filled; the pages
use real ids, slugs and keys picked from it. Each page is requested in-process through Django's
test client with DEBUG off (the whole middleware stack, sessions included for staff pages): one
warm-up, then `--repeat` timed requests (5 by default; 1 when the warm-up took over 3 s, so the
run stays bounded). It prints per page the median and p95 server time, the SQL time (the sum of
the query durations, through `connection.execute_wrapper`, median over the requests), the number
of queries, and the ratio to a trivial view (an `HttpResponse("ok")` added to the project's
URLs for the run) measured the same way. `!` flags a public page over 300 ms or a staff page
(the coordinator's) over 500 ms. Every SQL statement is cut at `--timeout` seconds (60 by
default; the page is then reported as «tiempo agotado»).

`--compare URL` measures each page on this database and on another one (the state scale) in
the same run, request by request in turn (a second process holds the other database), and prints
both medians, their ratio (target: at most 1.5) and the server time over its SQL time (target:
at most 2): on a shared machine two separate runs would measure two different loads. A deep
page (p1000) of a list that has no page after page 1,000 is, on that database, the list's last
full page (listed at the end), so that both sides render as many rows.

`--profile REGEX` profiles the pages whose name or URL matches instead (cProfile, `--repeat`
requests after the warm-up) and prints the functions that take the most time, by their own time
and with what they call: where the Python time of a page goes, next to its SQL time.

`--explain` prints the EXPLAIN ANALYZE of the slowest query of each page. `--load SECONDS` then
starts gunicorn (2 workers, 127.0.0.1, a free port) and runs `bench/locustfile.py` headless with
20 users for that long, and prints requests per second, p50, p95, p99 and errors (needs the
`bench` extra: locust; gunicorn is a dependency of the app).
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import types
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from harness import ROOT, setup_django

PUBLIC_BUDGET_MS, STAFF_BUDGET_MS = 300, 500
SLOW_WARMUP_S = 3.0
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-scale-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "HTTPS": "0",
    "LOG_LEVEL": "ERROR",
    "LOG_LEVEL_APP": "ERROR",  # no line per measured request
    # A deployment's pages link the static files collectstatic hashed: collected here once (start_django).
    "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
}


def start_django(timeout_s: int) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/scale.py mide una base PostgreSQL generada: defina DATABASE_URL=postgres://…/asm_national")
    setup_django(**BENCH_ENV)
    import logging

    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", "--noinput", "--verbosity", "0", "--ignore", "rest_framework")

    # A timed-out page is reported in the table; its «Internal Server Error» traceback is not printed.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)

    # Every statement cut at the timeout, so that one pathological page cannot hold the run.
    options = connection.settings_dict.setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c statement_timeout={timeout_s * 1000}".strip()


def trivial_urlconf() -> str:
    """The project's URLs plus `/__trivial__`, a view that does nothing: the floor of a request."""
    from django.http import HttpResponse
    from django.urls import include, path

    module = types.ModuleType("bench_scale_urls")
    module.urlpatterns = [
        path("__trivial__", lambda request: HttpResponse("ok")),
        path("", include("asm_tracker.urls")),
    ]
    sys.modules[module.__name__] = module
    return module.__name__


# What to measure. --------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    url: str
    staff: bool = False


@dataclass
class Result:
    page: Page
    times: list[float] = field(default_factory=list)
    sql: list[float] = field(default_factory=list)
    queries: int = 0
    status: int | None = None
    error: str = ""
    slowest: tuple[float, str, object] | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else math.nan

    @property
    def p95(self) -> float:
        if not self.times:
            return math.nan
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank

    @property
    def sql_median(self) -> float:
        return statistics.median(self.sql) if self.sql else math.nan


class QueryLog:
    """Times every statement run through the connection (connection.execute_wrapper)."""

    def __init__(self):
        self.queries: list[tuple[float, str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql, params))


def sample_ids() -> dict:
    """Real ids, slugs and keys of the database: the heaviest public program and agency, an ASM
    with many activities, an activity with reports and evidence."""
    from django.db.models import Count

    from aspects.models import Activity, Aspect
    from programs.models import Agency, Program

    agency = Agency.objects.public().annotate(n=Count("programs")).order_by("-n", "pk").first()
    program = Program.objects.public().annotate(n=Count("plans__aspects")).order_by("-n", "pk").first()
    aspect = (
        Aspect.objects.public()
        .filter(plan__program=program)
        .annotate(n=Count("activities"))
        .order_by("-n", "pk")
        .select_related("plan__program")
        .first()
    )
    with_evidence = (
        Activity.objects.public()
        .filter(reports__evidence__isnull=False)
        .select_related("aspect__plan__program")
        .order_by("pk")
    )
    activity = with_evidence.filter(aspect__plan__program=program).first() or with_evidence.first()
    year = Aspect.objects.public().order_by("-plan__cycle__year").values_list("plan__cycle__year", flat=True).first()
    return {"agency": agency, "program": program, "aspect": aspect, "activity": activity, "year": year - 1}


def pages(ids: dict) -> list[Page]:
    agency, program, aspect, activity, year = ids["agency"], ids["program"], ids["aspect"], ids["activity"], ids["year"]
    listed = [
        Page("/", "/"),
        Page("/dependencias/", "/dependencias/"),
        Page("/programas/", "/programas/"),
        Page("/dependencias/<slug>/", f"/dependencias/{agency.slug}/"),
        Page("/programas/<clave>/", f"/programas/{program.key}/"),
        Page("/programas/<clave>/ feed Atom", f"/programas/{program.key}/feed/"),
    ]
    filters = [
        ("", ""),
        ("dependencia", f"dependencia={agency.pk}"),
        ("estado=en_proceso", "estado=en_proceso"),
        ("oportunidad=vencida", "oportunidad=vencida"),
        ("anio", f"anio={year}"),
        ("tipo=institucional", "tipo=institucional"),
        ("q=diagnóstico", "q=diagn%C3%B3stico"),
        ("dependencia+estado+anio", f"dependencia={agency.pk}&estado=en_proceso&anio={year}"),
    ]
    for base in ("/asm/", "/actividades/"):
        for name, query in filters:
            for number in (1, 1000):
                url = f"{base}?{query}&pagina={number}" if query else f"{base}?pagina={number}"
                listed.append(Page(f"{base}{'?' + name if name else ''} p{number}", url))
    listed += [
        Page("/buscar/?q=padrón", "/buscar/?q=padr%C3%B3n"),
        Page("ASM (página pública)", f"/programas/{aspect.plan.program.key}/asm/{aspect.pk}/"),
        Page("actividad (página pública)", f"/programas/{activity.aspect.plan.program.key}/actividades/{activity.pk}/"),
    ]
    from django.db.models import Max

    from aspects.models import Activity, Aspect

    # The API pages by cursor (the id after which a page starts): a deep page starts halfway.
    halfway = {
        "asm": Aspect.objects.aggregate(m=Max("pk"))["m"] // 2,
        "actividades": Activity.objects.aggregate(m=Max("pk"))["m"] // 2,
    }
    for resource in ("asm", "actividades"):
        listed += [
            Page(f"/api/{resource}/ p1", f"/api/{resource}/"),
            Page(f"/api/{resource}/ a mitad", f"/api/{resource}/?cursor=d{halfway[resource]}"),
            Page(f"/api/{resource}/ por_pagina=500", f"/api/{resource}/?por_pagina=500"),
        ]
    listed += [
        Page("/panel/ (coordinación)", "/panel/", staff=True),
        Page("/panel/coordinacion/sin-reporte/", "/panel/coordinacion/sin-reporte/", staff=True),
        Page("/panel/asm/ p1", "/panel/asm/", staff=True),
        Page("/panel/asm/ p1000", "/panel/asm/?pagina=1000", staff=True),
        Page("/panel/actividades/ p1", "/panel/actividades/", staff=True),
        Page("/panel/actividades/ p1000", "/panel/actividades/?pagina=1000", staff=True),
    ]
    return listed


def verified(client, user) -> None:
    """The coordinator's session with its second factor verified, as after the login's second step
    (the staff pages need it): through a device of the measuring run's own."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Medición", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def coordinator():
    from django.contrib.auth import get_user_model

    from programs.access import Role

    User = get_user_model()
    user = (
        User.objects.filter(membership__role=Role.COORDINATOR).order_by("pk").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    if user is None:
        user = User.objects.create_superuser("bench-coordinador", "bench@ejemplo.gob.mx", None)
    return user


def timed_get(client, url: str) -> tuple[float, float, int, int]:
    """One request: server time and SQL time in ms, number of queries, status."""
    from django.db import connection

    log = QueryLog()
    with connection.execute_wrapper(log):
        started = time.perf_counter()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        elapsed = time.perf_counter() - started
    return (
        elapsed * 1000,
        sum(duration for duration, _, _ in log.queries) * 1000,
        len(log.queries),
        response.status_code,
    )


def measure(client, page: Page, repeat: int) -> Result:
    from django.db import connection

    result = Result(page)

    def request() -> tuple[float, QueryLog]:
        log = QueryLog()
        with connection.execute_wrapper(log):
            started = time.perf_counter()
            response = client.get(page.url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            elapsed = time.perf_counter() - started
        result.status = response.status_code
        return elapsed, log

    try:
        warm, _ = request()
        for _ in range(repeat if warm < SLOW_WARMUP_S else 1):
            elapsed, log = request()
            result.times.append(elapsed * 1000)
            result.sql.append(sum(duration for duration, _, _ in log.queries) * 1000)
            result.queries = len(log.queries)
            slowest = max(log.queries, default=None, key=lambda query: query[0])
            if slowest and (result.slowest is None or slowest[0] > result.slowest[0]):
                result.slowest = slowest
    except Exception as error:  # a statement timeout, mostly
        from django.db import connection

        result.error = (
            "tiempo agotado" if "statement timeout" in str(error) else f"{type(error).__name__}: {str(error)[:60]}"
        )
        connection.close()  # start the next page on a clean connection
    return result


def explain(result: Result) -> None:
    from django.db import connection

    if not result.slowest:
        return
    duration, sql, params = result.slowest
    print(f"\n--- EXPLAIN ANALYZE · {result.page.label} · consulta más lenta: {duration * 1000:.1f} ms")
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            for (line,) in cursor.fetchall():
                print(f"    {line}")
    except Exception as error:
        print(f"    (no se pudo: {error})")
        connection.close()


def row(label: str, median: str, p95: str, sql: str, queries: str, ratio: str, flag: str = "") -> str:
    return f"{label:<52}{median:>11}{p95:>10}{sql:>10}{queries:>10}{ratio:>11} {flag}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", help="solo las páginas cuyo nombre o URL coincide con esta expresión regular")
    parser.add_argument(
        "--repeat", type=int, default=5, help="solicitudes medidas por página, tras una de calentamiento (5)"
    )
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN ANALYZE de la consulta más lenta de cada página"
    )
    parser.add_argument("--timeout", type=int, default=60, help="límite de cada sentencia SQL, en segundos (60)")
    parser.add_argument(
        "--cache", action="store_true", help="mide con la caché de la sección pública (por omisión, sin ella)"
    )
    parser.add_argument(
        "--load", type=int, metavar="SECONDS", help="además, prueba de carga con locust contra gunicorn (2 workers)"
    )
    parser.add_argument(
        "--compare",
        metavar="DATABASE_URL",
        help="mide cada página también en esta otra base (la escala estatal), alternando solicitud por solicitud, "
        "e imprime la razón entre las dos medianas",
    )
    parser.add_argument(
        "--profile",
        metavar="REGEX",
        help="perfila (cProfile) las páginas cuyo nombre o URL coincide e imprime las funciones más costosas",
    )
    parser.add_argument("--top", type=int, default=25, help="funciones que imprime --profile (25)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)  # the other side of --compare
    args = parser.parse_args()
    start_django(args.timeout)
    if args.serve:
        serve(args)
        return
    if args.compare:
        compare(args)
        return
    if args.profile:
        profile(args)
        return

    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from aspects.models import Activity, Aspect, ProgressReport

    print(
        f"Base «{connection.settings_dict['NAME']}»: {Aspect.objects.count():,} ASM, {Activity.objects.count():,} "
        "actividades, "
        f"{ProgressReport.objects.count():,} avances. DEBUG=0, {args.repeat} mediciones por página tras un "
        "calentamiento "
        f"(1 si el calentamiento pasa de {SLOW_WARMUP_S:.0f} s); límite por sentencia {args.timeout} s."
    )
    ids = sample_ids()
    print(
        f"Muestras: dependencia «{ids['agency'].slug}», programa «{ids['program'].key}», ASM {ids['aspect'].pk} "
        f"({ids['aspect'].activities.count()} actividades), actividad {ids['activity'].pk}, año {ids['year']}."
    )
    selected = pages(ids)
    if args.only:
        pattern = re.compile(args.only)
        selected = [page for page in selected if pattern.search(page.label) or pattern.search(page.url)]

    started = time.perf_counter()
    # The public cache (public/cache.py) would answer every request after the warm-up; the
    # targets are for computing a page, so it is off unless --cache asks for it.
    caches = None if args.cache else {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(ROOT_URLCONF=trivial_urlconf(), **({"CACHES": caches} if caches else {})):
        public, staff = Client(), Client()
        staff.force_login(coordinator())
        verified(staff, coordinator())
        trivial = measure(public, Page("__trivial__", "/__trivial__"), max(args.repeat, 5) * 4)
        floor = trivial.median
        print()
        print(row("página", "mediana ms", "p95 ms", "SQL ms", "consultas", "× trivial"))
        print(
            row(
                "(vista trivial)",
                f"{trivial.median:.2f}",
                f"{trivial.p95:.2f}",
                f"{trivial.sql_median:.2f}",
                str(trivial.queries),
                "1",
            )
        )
        results = []
        for page in selected:
            result = measure(staff if page.staff else public, page, args.repeat)
            results.append(result)
            if result.error:
                print(row(page.label, result.error, "", "", "", "", "!"), flush=True)
                continue
            budget = STAFF_BUDGET_MS if page.staff else PUBLIC_BUDGET_MS
            flag = "!" if result.median > budget else ""
            if result.status != 200:
                flag += f" HTTP {result.status}"
            if len(result.times) < args.repeat:
                flag += f" ({len(result.times)} medición)"
            print(
                row(
                    page.label,
                    f"{result.median:.1f}",
                    f"{result.p95:.1f}",
                    f"{result.sql_median:.1f}",
                    str(result.queries),
                    f"{result.median / floor:.0f}",
                    flag,
                ),
                flush=True,
            )
    over = [r for r in results if r.error or r.median > (STAFF_BUDGET_MS if r.page.staff else PUBLIC_BUDGET_MS)]
    print(
        f"\n{len(over)} de {len(results)} páginas sobre su meta (públicas {PUBLIC_BUDGET_MS} ms, personal "
        f"{STAFF_BUDGET_MS} ms); "
        f"medición en {time.perf_counter() - started:.0f} s."
    )
    if args.explain:
        for result in results:
            explain(result)
    if args.load:
        load_test(args.load, ids, args.timeout)


# Two scales side by side (--compare). -------------------------------------------------------
#
# On a shared machine the load moves from one minute to the next, so two runs, one per database,
# measure two different machines. Here a second process (`--serve`) holds the other database, and
# each page is requested on one and then the other, request by request: both medians are taken
# under the same load, and their ratio is what the «no slower than 1.5×» target reads.


DEEP = "pagina=1000"
LAST_PAGE_NOTICE = re.compile(r"esta lista tiene ([\d,]+) página")


def deepened(selected: list[Page], public, staff) -> dict[str, int]:
    """The deep pages (p1000) of --compare made like for like on this database: page 1,000 where
    the list has a page after it, else the list's last full page (the one before the last), read
    from the notice a page past the end shows. Without this a smaller database answers its last
    page instead, which may hold a few rows, and the ratio compares a full page with a short one.
    Returns the page numbers used where they are not 1,000."""
    used = {}
    for page in selected:
        if DEEP not in page.url:
            continue
        client = staff if page.staff else public
        past_the_end = client.get(page.url.replace(DEEP, "pagina=1000000000")).content.decode()
        found = LAST_PAGE_NOTICE.search(past_the_end)
        pages_in_list = int(found.group(1).replace(",", "")) if found else 1
        if pages_in_list <= 1000:
            number = max(pages_in_list - 1, 1)
            page.url = page.url.replace(DEEP, f"pagina={number}")
            used[page.label] = number
    return used


def clients():
    from django.test import Client

    public, staff = Client(), Client()
    staff.force_login(coordinator())
    verified(staff, coordinator())
    return public, staff


def bench_settings(args):
    from django.test.utils import override_settings

    caches = None if args.cache else {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    return override_settings(ROOT_URLCONF=trivial_urlconf(), **({"CACHES": caches} if caches else {}))


def serve(args) -> None:
    """The other side of --compare: reads a page label per line, answers one request's figures."""
    import json

    with bench_settings(args):
        public, staff = clients()
        by_label = {page.label: page for page in pages(sample_ids())}
        deep = deepened(list(by_label.values()), public, staff)
        by_label["__trivial__"] = Page("__trivial__", "/__trivial__")
        print(json.dumps({"ready": True, "deep": deep}), flush=True)
        for line in sys.stdin:
            page = by_label[line.strip()]
            try:
                figures = timed_get(staff if page.staff else public, page.url)
            except Exception as error:
                from django.db import connection

                connection.close()
                figures = (math.nan, math.nan, 0, str(error)[:60])
            print(json.dumps(figures), flush=True)


def compare(args) -> None:
    import json

    from django.db import connection

    env = {**os.environ, "DATABASE_URL": args.compare}
    command = [
        sys.executable,
        __file__,
        "--serve",
        "--timeout",
        str(args.timeout),
        *(["--cache"] if args.cache else []),
    ]
    other = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert other.stdin and other.stdout
    deep_there = json.loads(other.stdout.readline())["deep"]

    def there(label: str):
        other.stdin.write(label + "\n")
        other.stdin.flush()
        return json.loads(other.stdout.readline())

    here_name = connection.settings_dict["NAME"]
    print(f"Comparación: «{here_name}» (aquí) y la base de --compare, alternando solicitud por solicitud.")
    with bench_settings(args):
        public, staff = clients()
        selected = [Page("__trivial__", "/__trivial__"), *pages(sample_ids())]
        if args.only:
            pattern = re.compile(args.only)
            selected = [
                p for p in selected if p.label == "__trivial__" or pattern.search(p.label) or pattern.search(p.url)
            ]
        deep_here = deepened(selected, public, staff)
        print(f"\n{'página':<48}{'otra ms':>10}{'aquí ms':>10}{'aquí/otra':>11}{'SQL aquí':>10}{'serv/SQL':>10}")
        for page in selected:
            client = staff if page.staff else public
            try:
                here: list = []
                away: list = []
                timed_get(client, page.url), there(page.label)  # warm-up on both
                for turn in range(args.repeat):
                    # Each side goes first half the time, so neither always follows the other's work.
                    if turn % 2:
                        away.append(there(page.label))
                        here.append(timed_get(client, page.url))
                    else:
                        here.append(timed_get(client, page.url))
                        away.append(there(page.label))
            except Exception as error:
                connection.close()
                print(f"{page.label:<48} {type(error).__name__}: {str(error)[:60]}", flush=True)
                continue
            mine = statistics.median(r[0] for r in here)
            theirs = statistics.median(r[0] for r in away)
            sql = statistics.median(r[1] for r in here)
            ratio = mine / theirs if theirs else math.nan
            server_sql = mine / sql if sql else math.inf
            flags = ("!" if ratio > 1.5 else " ") + ("²" if server_sql > 2 else " ")
            status = {r[3] for r in here} | {r[3] for r in away}
            if status != {200}:
                flags += f" HTTP {sorted(status, key=str)}"
            print(
                f"{page.label:<48}{theirs:>10.1f}{mine:>10.1f}{ratio:>11.2f}{sql:>10.1f}{server_sql:>10.1f} {flags}",
                flush=True,
            )
    other.stdin.close()
    other.wait(timeout=30)
    print("\n! aquí más de 1.5 × la otra base; ² tiempo de servidor aquí más de 2 × su SQL.")
    shown = {page.label for page in selected}
    for side, used in (("aquí", deep_here), ("otra", deep_there)):
        listed = ", ".join(f"{label} → p{number}" for label, number in used.items() if label in shown)
        if listed:
            print(f"p1000 en listas de menos de 1,001 páginas ({side}): su última página completa: {listed}.")


# Where the time of a page goes (--profile). ---------------------------------------------------


def profile(args) -> None:
    import cProfile
    import io
    import pstats

    pattern = re.compile(args.profile)
    with bench_settings(args):
        public, staff = clients()
        for page in pages(sample_ids()):
            if not (pattern.search(page.label) or pattern.search(page.url)):
                continue
            client = staff if page.staff else public
            timed_get(client, page.url)  # warm-up: templates compiled, URL resolvers filled
            plain = [timed_get(client, page.url) for _ in range(args.repeat)]
            server = statistics.median(r[0] for r in plain)
            sql = statistics.median(r[1] for r in plain)
            profiler = cProfile.Profile()
            for _ in range(args.repeat):
                profiler.enable()
                timed_get(client, page.url)
                profiler.disable()
            print(
                f"\n=== {page.label} ({page.url}): servidor {server:.1f} ms, SQL {sql:.1f} ms, "
                f"{plain[0][2]} consultas; perfil de {args.repeat} solicitudes (cProfile las hace más lentas)"
            )
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out)
                stats.sort_stats(order).print_stats(args.top)
                lines = out.getvalue().splitlines()
                start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
                print(f"--- por {'tiempo propio' if order == 'tottime' else 'tiempo acumulado'}")
                print("\n".join(line.replace(str(ROOT) + "/", "") for line in lines[start:] if line.strip()))


# Load test: gunicorn + locust, both on 127.0.0.1. ---------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_test(seconds: int, ids: dict, timeout_s: int) -> None:
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    # The server's statements are cut at the same timeout (dj-database-url passes `options` on).
    url = os.environ["DATABASE_URL"]
    url += ("&" if "?" in url else "?") + f"options=-c%20statement_timeout%3D{timeout_s * 1000}"
    env = {
        **os.environ,
        **BENCH_ENV,
        "CONN_MAX_AGE": "60",
        "DATABASE_URL": url,
        "BENCH_AGENCY": ids["agency"].slug,
        "BENCH_PROGRAM": ids["program"].key,
        "BENCH_AGENCY_ID": str(ids["agency"].pk),
        "BENCH_ASPECT": f"/programas/{ids['aspect'].plan.program.key}/asm/{ids['aspect'].pk}/",
        "BENCH_ACTIVITY": f"/programas/{ids['activity'].aspect.plan.program.key}/actividades/{ids['activity'].pk}/",
    }
    print(f"\nPrueba de carga: gunicorn (2 workers) en {host}, locust con 20 usuarios durante {seconds} s…")
    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "gunicorn.log"
        with open(log_path, "wb") as log:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "asm_tracker.wsgi:application",
                    "--workers",
                    "2",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--timeout",
                    "120",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
                start_new_session=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{host}/dependencias/", timeout=5)
                    break
                except Exception:
                    if time.monotonic() > deadline or server.poll() is not None:
                        print("gunicorn no respondió en 60 s; se omite la prueba de carga.")
                        return
                    time.sleep(0.5)
            prefix = Path(folder) / "locust"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--users",
                    "20",
                    "--spawn-rate",
                    "10",
                    "--run-time",
                    f"{seconds}s",
                    "--stop-timeout",
                    "10",
                    "--host",
                    host,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env=env,
                timeout=seconds + 120,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            with open(f"{prefix}_stats.csv", newline="") as handle:
                stats = list(csv.DictReader(handle))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        server_errors = log_path.read_text(errors="replace").count("Internal Server Error")
    print(f"{'solicitud':<40}{'n':>8}{'errores':>9}{'rps':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for item in stats:
        print(
            f"{item['Name'][:39]:<40}{item['Request Count']:>8}{item['Failure Count']:>9}{float(item['Requests/s']):>8.1f}"
            f"{item['50%']:>9}{item['95%']:>9}{item['99%']:>9}"
        )
    print(
        f"Errores 500 en el servidor (incluye los que llegaron tras el fin de la prueba): {server_errors}. "
        "Las solicitudes aún en curso al terminar no entran en las cifras de locust."
    )


if __name__ == "__main__":
    main()
