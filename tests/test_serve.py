"""The production path from a fresh clone: scripts/serve, with nothing but what a deployment sets, serves
the site through gunicorn, its static files hashed and cached for a year by WhiteNoise, and /salud/.

The clone is the files git tracks, as they stand in the work tree (so a file the site needs but git does
not have fails here, as it would on a server), beside the checkout's .venv. Its database is a new SQLite
file, so `migrate` runs from nothing, and `collectstatic` writes a new STATIC_ROOT. DEBUG is left unset:
the default must be off."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTTPS = {"X-Forwarded-Proto": "https"}  # what nginx adds in front (deploy/nginx/asm-tracker.conf)


def tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [name for name in listed.decode().split("\0") if name and (ROOT / name).is_file()]


def fresh_clone(target: Path) -> Path:
    for name in tracked_files():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv")
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def served(tmp_path):
    clone = fresh_clone(tmp_path / "clone")
    port = free_port()
    unset = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "MEDIA_ROOT", "STATIC_ROOT", "CACHE_URL"}
    env = {key: value for key, value in os.environ.items() if key not in unset and not key.startswith("CELERY_")}
    env.update(
        SECRET_KEY="serve-test-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        USE_X_FORWARDED_PROTO="1",
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
        LOG_FORMAT="json",
    )
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen(
        ["scripts/serve"], cwd=clone, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"scripts/serve terminó con {process.returncode}:\n{log.read()[-4000:]}")
            try:
                get(base + "/salud/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("scripts/serve no respondió en 180 s")
                time.sleep(0.5)
        yield base, clone, log
    finally:
        # A server that already exited has no group left to stop; its own failure is the message.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


@pytest.mark.long
def test_scripts_serve_serves_pages_hashed_static_files_and_health_with_debug_off(served):
    base, clone, log = served

    status, headers, body = get(base + "/salud/")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"estado": "ok", "base_de_datos": "ok", "almacenamiento": "ok"}

    # A deployment redirects plain HTTP to HTTPS; behind the proxy the home page answers.
    status, headers, _ = get(base + "/")
    assert status == 301 and headers["Location"] == f"https://{base.removeprefix('http://')}/"
    status, headers, body = get(base + "/", HTTPS)
    assert status == 200 and "Content-Security-Policy" in headers
    page = body.decode()
    assert "Seguimiento de los Aspectos Susceptibles de Mejora" in page

    # The page links the stylesheet by its hashed name, which is served compressed and cached for a year.
    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "la página no enlaza app.css con su nombre con hash"
    status, headers, css = get(base + stylesheet.group(1), {**HTTPS, "Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
    assert (clone / "staticfiles" / "staticfiles.json").is_file()
    # Only the hashed names are kept (and compressed): nothing links the plain ones.
    assert not (clone / "staticfiles" / "css" / "app.css").exists()
    assert get(base + "/static/css/app.css", HTTPS)[0] == 404

    # DEBUG was left unset: an unknown address is the plain 404, never Django's debug page.
    status, _, body = get(base + "/no-existe/", HTTPS)
    assert status == 404 and b"URLconf" not in body and b"Traceback" not in body

    # One JSON line per request, with its status and time.
    time.sleep(0.5)
    log.seek(0)
    lines = [json.loads(line) for line in log.read().splitlines() if line.startswith("{")]
    home = [line for line in lines if line.get("logger") == "asm.requests" and line.get("path") == "/"]
    assert {line["status"] for line in home} == {301, 200}
    assert all(line["duration_ms"] >= 0 and line["user_id"] is None for line in home)
