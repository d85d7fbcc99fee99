"""Backup and restore, proven by a drill: backup → wipe → restore → the same public pages, the same
annex bytes and the same evidence hashes; and the restoration refuses what it must.

The drill runs the commands as an operator would, each in a process of its own, against a
database and a media folder of its own: a temporary SQLite file, or on PostgreSQL (when the suite
runs there) a scratch database named after the test database. The test database itself stays
inside pytest-django's transaction, where a restoration could not go.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from evidence.backup import MANIFEST
from tests.evidence import files
from tests.evidence.conftest import a_file, upload

ROOT = Path(__file__).resolve().parents[2]


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def capture(env: dict[str, str], out: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.evidence.drill_capture", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


class Scratch:
    """A database and a media folder for the drill's processes, and how to wipe them."""

    def __init__(self, engine: str, folder: Path) -> None:
        self.engine, self.folder = engine, folder
        self.media = folder / "media"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("CACHE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "EVIDENCE_S3_BUCKET")
        }
        # DEBUG=1 for load_demo, which makes the demo accounts; the rest is the production code path.
        self.env.update(DEBUG="1", MEDIA_ROOT=str(self.media), CELERY_DATA_DIR=str(folder / "celery"))
        if engine == "sqlite":
            self.env["DATABASE_URL"] = f"sqlite:///{folder / 'asm.sqlite3'}"
        else:
            settings = connection.settings_dict
            self.name = f"{settings['NAME']}_simulacro"
            user, password = settings.get("USER") or "", settings.get("PASSWORD") or ""
            credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
            host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or "5432"
            self.env["DATABASE_URL"] = f"postgres://{credentials}{host}:{port}/{self.name}"
            self.create_database()

    def administer(self, statement: str) -> None:
        import psycopg2

        settings = connection.settings_dict
        admin = psycopg2.connect(
            dbname="postgres",
            user=settings.get("USER") or None,
            password=settings.get("PASSWORD") or None,
            host=settings.get("HOST") or None,
            port=settings.get("PORT") or None,
        )
        admin.autocommit = True
        try:
            with admin.cursor() as cursor:
                cursor.execute(statement)
        finally:
            admin.close()

    def create_database(self) -> None:
        self.administer(f'DROP DATABASE IF EXISTS "{self.name}"')
        self.administer(f'CREATE DATABASE "{self.name}"')

    def wipe(self) -> None:
        shutil.rmtree(self.media)
        if self.engine == "sqlite":
            for path in self.folder.glob("asm.sqlite3*"):
                path.unlink()
        else:
            self.create_database()

    def drop(self) -> None:
        if self.engine == "postgresql":
            self.administer(f'DROP DATABASE IF EXISTS "{self.name}"')


@pytest.fixture
def scratch(request, tmp_path):
    engine = request.param
    if engine != connection.vendor:
        pytest.skip(f"the suite runs on {connection.vendor}; the {engine} drill runs where the suite does")
    made = Scratch(engine, tmp_path)
    yield made
    made.drop()


@pytest.mark.long
@pytest.mark.parametrize("scratch", ["sqlite", "postgresql"], indirect=True)
def test_backup_wipe_restore_gives_back_the_same_pages_annexes_and_evidence(scratch, tmp_path, migrated_sqlite):
    # On SQLite the drill's database starts as a copy of the one the suite migrated (the same
    # schema `migrate` writes; scripts/serve's test runs `migrate` from nothing).
    if scratch.engine == "sqlite" and migrated_sqlite:
        shutil.copyfile(migrated_sqlite, scratch.folder / "asm.sqlite3")
    else:
        manage(scratch.env, "migrate", "--verbosity=0")
    manage(scratch.env, "load_demo")
    before = capture(scratch.env, tmp_path / "antes.json")
    # The demo is what is compared: public pages, annexes and evidence files, not an empty site.
    assert len(before["paginas"]) > 30 and len(before["anexos"]) > 10 and len(before["evidencias"]) >= 3
    assert all(entry["registrado"] == entry["almacenado"] for entry in before["evidencias"].values())

    output = manage(scratch.env, "backup", "--output", str(tmp_path / "respaldo"))
    assert "Respaldo completo" in output
    manifest = json.loads((tmp_path / "respaldo" / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["motor"] == scratch.engine and manifest["evidencias_con_archivo"] == len(before["evidencias"])
    assert "evidence.0001_evidence" in manifest["esquema"]["migraciones"]

    scratch.wipe()
    output = manage(scratch.env, "restore", str(tmp_path / "respaldo"))
    assert "Restauración verificada" in output and "Todas las evidencias están completas e íntegras" in output

    after = capture(scratch.env, tmp_path / "despues.json")
    for part in ("paginas", "anexos", "evidencias"):
        differing = sorted(
            key for key in before[part].keys() | after[part].keys() if before[part].get(key) != after[part].get(key)
        )
        assert not differing, f"{part} distintos tras restaurar: {differing[:10]}"


@pytest.fixture(scope="module")
def a_backup(tmp_path_factory, migrated_sqlite, django_db_blocker) -> Path:
    """A backup of a migrated, empty database of the suite's engine, made as the drill makes
    one (a backup of the test database itself would read a transaction that is never committed).
    On SQLite the database is a copy of the one the suite migrated already (the drill above runs
    `migrate` itself)."""
    folder = tmp_path_factory.mktemp("respaldo")
    with django_db_blocker.unblock():
        made = Scratch(connection.vendor, folder)
        try:
            if made.engine == "sqlite" and migrated_sqlite:
                shutil.copyfile(migrated_sqlite, folder / "asm.sqlite3")
            else:
                manage(made.env, "migrate", "--verbosity=0")
            manage(made.env, "backup", "--output", str(folder / "respaldo"))
        finally:
            made.drop()
    return folder / "respaldo"


def copy_of(backup: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(backup, tmp_path / "respaldo"))


def test_restore_refuses_a_database_that_is_not_empty(a_backup, db, media):
    with pytest.raises(CommandError, match="La base de datos de destino no está vacía: tiene \\d+ tablas"):
        call_command("restore", str(a_backup))


def test_restore_refuses_an_evidence_folder_that_is_not_empty(monkeypatch, a_backup, client_staff_a, open_report):
    from evidence import backup

    upload(client_staff_a, open_report, a_file("acta.pdf", files.ACCEPTED["acta.pdf"]))
    # An empty database, as far as the check can tell, so that the folder is what is refused.
    monkeypatch.setattr(backup.connections["default"].introspection, "table_names", lambda: [])
    with pytest.raises(CommandError, match="La carpeta de evidencias de destino no está vacía: tiene 1 archivos"):
        call_command("restore", str(a_backup))


def test_restore_refuses_a_damaged_backup_before_touching_anything(a_backup, db, tmp_path):
    folder = copy_of(a_backup, tmp_path)
    dump = next(folder.glob("base-de-datos.*"))
    dump.write_bytes(dump.read_bytes() + b"x")
    with pytest.raises(CommandError, match=f"(?s)El respaldo está dañado .* {dump.name}: su SHA-256 no coincide"):
        call_command("restore", str(folder))


def test_restore_refuses_a_backup_of_a_newer_schema(a_backup, db, tmp_path):
    folder = copy_of(a_backup, tmp_path)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["esquema"]["migraciones"].append("evidence.9999_del_futuro")
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(CommandError, match="versión más nueva del sistema.*evidence.9999_del_futuro"):
        call_command("restore", str(folder))


def test_backup_refuses_a_folder_that_already_holds_files(tmp_path, db):
    (tmp_path / "respaldo").mkdir()
    (tmp_path / "respaldo" / "otro.txt").write_text("x")
    with pytest.raises(CommandError, match="ya existe y no está vacía"):
        call_command("backup", "--output", str(tmp_path / "respaldo"))


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path, db):
    with pytest.raises(CommandError, match="no es un respaldo: falta manifiesto.json"):
        call_command("restore", str(tmp_path))
