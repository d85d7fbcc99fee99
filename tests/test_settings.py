"""Settings come from the environment; bad values stop start-up; production passes --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
    }
    environment.update(env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True)


def import_settings(**env):
    return run(
        [
            "-c",
            "import asm_tracker.settings as s; print(s.LANGUAGE_CODE, s.TIME_ZONE, s.DATABASES['default']['ENGINE'])",
        ],
        **env,
    )


def test_defaults_run_locally_on_sqlite_in_spanish():
    result = import_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["es-mx", "America/Mexico_City", "django.db.backends.sqlite3"]


@pytest.mark.parametrize(
    "env,message",
    [
        ({"DEBUG": "quizas"}, "DEBUG debe ser"),
        ({"DEBUG": "0"}, "SECRET_KEY es obligatoria"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS es obligatoria"),
        ({"DATABASE_URL": "notadb://x"}, "DATABASE_URL no es válida"),
        ({"EMAIL_PORT": "veinticinco"}, "EMAIL_PORT debe ser un número entero"),
        ({"CELERY_BROKER_URL": "127.0.0.1:6379"}, "CELERY_BROKER_URL debe ser una URL"),
        ({"CACHE_URL": "memcached://127.0.0.1"}, "CACHE_URL debe ser una URL redis://"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT debe ser text o json"),
    ],
)
def test_bad_values_fail_loudly(env, message):
    result = import_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def debug_of(argv: list[str], **env) -> str:
    code = f"import sys; sys.argv = {argv!r}; import asm_tracker.settings as s; print(s.DEBUG, s.DEPLOYED)"
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_debug_is_on_by_default_in_the_development_server_only():
    assert debug_of(["manage.py", "runserver", "127.0.0.1:8000"]) == "True False"
    for argv in (["manage.py", "migrate"], ["celery", "-A", "asm_tracker", "worker"], ["pytest"]):
        assert debug_of(argv) == "False False", argv  # off, with the checkout's local defaults
    assert debug_of(["manage.py", "runserver"], DEBUG="0", SECRET_KEY="k" * 60, ALLOWED_HOSTS="x") == "False True"


SERVE_A_404 = """
import io
from asm_tracker.wsgi import application
from django.conf import settings
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/no-existe/", "SERVER_NAME": "asm.example.gob.mx",
           "SERVER_PORT": "443", "HTTP_HOST": "asm.example.gob.mx", "wsgi.url_scheme": "https",
           "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO()}
statuses = []
body = b"".join(application(environ, lambda status, headers: statuses.append(status)))
print(settings.DEBUG, settings.DEPLOYED, statuses[0], b"URLconf" in body or b"Traceback" in body)
"""


def test_a_server_that_forgets_debug_never_shows_the_debug_page():
    result = run(
        ["-c", SERVE_A_404], SECRET_KEY="k9#Lq2@vX!m4Zp7$Tr8&Wn3^Ys6*Hb1(Gd5)Fc0", ALLOWED_HOSTS="asm.example.gob.mx"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "404", "Not", "Found", "False"]


def test_a_server_with_nothing_set_refuses_to_start_on_the_development_key():
    result = run(["-c", "import asm_tracker.wsgi"])
    assert result.returncode != 0
    assert "SECRET_KEY es obligatoria" in result.stderr


def celery_settings(**env) -> list[str]:
    result = run(
        ["-c", "import asm_tracker.settings as s; print(s.CELERY_BROKER_URL, s.CELERY_RESULT_BACKEND)"],
        **{"CELERY_BROKER_URL": "", **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_jobs_queue_on_files_by_default_and_on_redis_when_told(tmp_path):
    assert celery_settings(CELERY_DATA_DIR=str(tmp_path)) == [
        "filesystem://localhost/",
        f"file://{tmp_path}/resultados",
    ]
    assert celery_settings(CELERY_BROKER_URL="redis://127.0.0.1:6379/0") == ["redis://127.0.0.1:6379/0"] * 2
    assert celery_settings(
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0", CELERY_RESULT_BACKEND="redis://127.0.0.1:6379/1"
    ) == [
        "redis://127.0.0.1:6379/0",
        "redis://127.0.0.1:6379/1",
    ]


def test_postgres_url_is_understood():
    result = import_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/asm")
    assert result.stdout.split()[-1] == "django.db.backends.postgresql"


def test_production_settings_pass_the_deploy_check():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY="k9#Lq2@vX!m4Zp7$Tr8&Wn3^Ys6*Hb1(Gd5)Fc0-Ej2+Ua9=Qo4~Il7",
        ALLOWED_HOSTS="asm.example.gob.mx",
    )
    assert result.returncode == 0, result.stderr


def evidence_storage(**env) -> str:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'asm_tracker.settings'); django.setup();"
        "from django.core.files.storage import storages; s = storages['evidence'];"
        "print(type(s).__name__, getattr(s, 'bucket_name', s.location),"
        " getattr(s, 'endpoint_url', ''), getattr(s, 'default_acl', ''))"
    )
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_evidence_is_stored_on_local_disk_by_default(tmp_path):
    assert evidence_storage(MEDIA_ROOT=str(tmp_path)) == f"FileSystemStorage {tmp_path}"


def test_evidence_goes_to_private_s3_compatible_storage_when_a_bucket_is_set():
    env = {"EVIDENCE_S3_BUCKET": "evidencias-asm", "EVIDENCE_S3_ENDPOINT_URL": "https://minio.example.gob.mx"}
    assert evidence_storage(**env) == "S3Storage evidencias-asm https://minio.example.gob.mx private"
