"""A backup of the whole system, and its restoration: the database and the files of the evidence
storage (the evidence under `evidencia/`, and the generated files under `generados/`), with a
manifest that lets the restoration prove it brought back what was backed up.

    python manage.py backup --output DIR
    python manage.py restore DIR

A backup folder holds:

- the database: on PostgreSQL `base-de-datos.dump` (pg_dump's custom format), on SQLite
  `base-de-datos.sqlite3` (a copy made with SQLite's online backup API, safe while the
  application writes);
- `archivos/`, every file of the evidence storage under its own name (pending uploads apart,
  whose rows were never committed);
- `manifiesto.json`: the SHA-256 and size of each of those files, the schema version (the
  applied migrations) and the row count of every table.

The manifest's counts, migrations and list of evidence files are read from the same snapshot as
the dump (on PostgreSQL an exported snapshot that pg_dump shares; on SQLite the copy itself), so
they describe exactly what was dumped. The files are copied after the dump: evidence files never
change once written, so a file of a dumped row is the file that row points to; one deleted in
between (a draft removed at that moment) is reported, and the command exits with status 1 after
writing everything else.

Restoring needs an empty database (no tables) and an empty evidence storage: it refuses anything
else, so that it can never mix a backup with live data. It checks every file of the backup
against the manifest before touching anything, restores, and then compares the counts with the
manifest and runs verify_evidence.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .services import PENDING_SUFFIX

MANIFEST = "manifiesto.json"
FILES = "archivos"
FORMAT = 1
DUMPS = {"postgresql": "base-de-datos.dump", "sqlite": "base-de-datos.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Why a backup or a restoration cannot go on, in Spanish for the operator."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file of the storage under `folder`, recursively, pending uploads apart."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder}/" if folder else ""
    for name in sorted(files):
        if not name.endswith(PENDING_SUFFIX):
            yield prefix + name
    for directory in sorted(directories):
        yield from storage_files(storage, prefix + directory)


@dataclass
class Snapshot:
    """What the dump holds, read from the same snapshot."""

    counts: dict[str, int]
    migrations: list[str]
    evidence_files: list[str]


def _read_snapshot(cursor, tables: list[str], quote) -> Snapshot:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    cursor.execute("SELECT file FROM evidence_evidence WHERE file <> '' ORDER BY file")
    return Snapshot(counts, migrations, [name for (name,) in cursor.fetchall()])


def pg_environment(settings: dict[str, Any]) -> dict[str, str]:
    """The libpq variables for pg_dump and pg_restore, from Django's connection settings."""
    env = dict(os.environ)
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")]:
        if settings.get(key):
            env[variable] = str(settings[key])
    env["PGDATABASE"] = settings["NAME"]
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"No se encontró {command[0]}: instale el cliente de PostgreSQL.") from None
    if result.returncode:
        raise BackupError(f"{command[0]} terminó con error {result.returncode}: {result.stderr.strip()[:2000]}")


def _dump_postgresql(connection, target: Path) -> Snapshot:
    """pg_dump from an exported snapshot that this transaction keeps open while it counts."""
    with connection.cursor() as cursor:  # the connection's health check runs now, not as the transaction's first query
        cursor.execute("SELECT 1")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}"],
            pg_environment(connection.settings_dict),
        )
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        tables = [name for (name,) in cursor.fetchall()]
        return _read_snapshot(cursor, tables, connection.ops.quote_name)


def _dump_sqlite(connection, target: Path) -> Snapshot:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        tables = [name for (name,) in cursor.fetchall()]
        return _read_snapshot(cursor, tables, connection.ops.quote_name)
    finally:
        copy.close()


@dataclass
class BackupResult:
    manifest: dict[str, Any]
    missing: list[str] = field(default_factory=list)


def backup(output: Path, *, using: str = "default") -> BackupResult:
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise BackupError(f"La carpeta {output} ya existe y no está vacía: indique una carpeta nueva para el respaldo.")
    connection = connections[using]
    if connection.vendor not in DUMPS:
        raise BackupError(f"No se sabe respaldar una base de datos {connection.vendor}.")
    output.mkdir(parents=True, exist_ok=True)
    dump = output / DUMPS[connection.vendor]
    started = timezone.now()
    snapshot = (_dump_postgresql if connection.vendor == "postgresql" else _dump_sqlite)(connection, dump)

    storage = storages["evidence"]
    files, copied = [], set()
    for name in storage_files(storage):
        target = output / FILES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        files.append({"ruta": name, "bytes": target.stat().st_size, "sha256": sha256_file(target)})
        copied.add(name)
    missing = [name for name in snapshot.evidence_files if name not in copied]

    manifest = {
        "formato": FORMAT,
        "creado": started.isoformat(),
        "motor": connection.vendor,
        "base_de_datos": {"archivo": dump.name, "bytes": dump.stat().st_size, "sha256": sha256_file(dump)},
        "esquema": {"migraciones": snapshot.migrations},
        "conteos": snapshot.counts,
        "evidencias_con_archivo": len(snapshot.evidence_files),
        "archivos_faltantes": missing,
        "archivos": files,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return BackupResult(manifest, missing)


# Restoring. -------------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} no es un respaldo: falta {MANIFEST}.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("formato") != FORMAT:
        raise BackupError(f"El respaldo tiene el formato {manifest.get('formato')!r}; se esperaba {FORMAT}.")
    return manifest


def damaged_files(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """The files of the backup that are missing or differ from the manifest."""
    expected = [(manifest["base_de_datos"]["archivo"], manifest["base_de_datos"]["sha256"])]
    expected += [(f"{FILES}/{entry['ruta']}", entry["sha256"]) for entry in manifest["archivos"]]
    damaged = []
    for name, digest in expected:
        path = folder / name
        if not path.is_file():
            damaged.append(f"{name}: falta")
        elif sha256_file(path) != digest:
            damaged.append(f"{name}: su SHA-256 no coincide con el del manifiesto")
    return damaged


def unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    return [name for name in manifest["esquema"]["migraciones"] if name not in known]


def pending_migrations(manifest: dict[str, Any]) -> list[str]:
    applied = set(manifest["esquema"]["migraciones"])
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    return sorted(known - applied)


def check_target_is_empty(using: str = "default") -> None:
    connection = connections[using]
    tables = connection.introspection.table_names()
    if tables:
        shown = ", ".join(sorted(tables)[:5]) + ("…" if len(tables) > 5 else "")
        raise BackupError(
            f"La base de datos de destino no está vacía: tiene {len(tables)} tablas ({shown}). Se restaura solo en "
            "una base de datos nueva y vacía (sin migrate): créela, o bórrela si de verdad quiere reemplazarla."
        )
    files = list(storage_files(storages["evidence"]))
    if files:
        raise BackupError(
            f"La carpeta de evidencias de destino no está vacía: tiene {len(files)} archivos (por ejemplo "
            f"{files[0]}). Se restaura solo en una carpeta vacía."
        )


def restore_database(folder: Path, manifest: dict[str, Any], using: str = "default") -> None:
    connection = connections[using]
    dump = folder / manifest["base_de_datos"]["archivo"]
    if connection.vendor == "postgresql":
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", str(dump)]
            + [f"--dbname={connection.settings_dict['NAME']}"],
            pg_environment(connection.settings_dict),
        )
        return
    connection.close()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def restore_files(folder: Path, manifest: dict[str, Any]) -> None:
    storage = storages["evidence"]
    for entry in manifest["archivos"]:
        with (folder / FILES / entry["ruta"]).open("rb") as handle:
            saved = storage.save(entry["ruta"], File(handle))
        if saved != entry["ruta"]:
            raise BackupError(f"El almacenamiento guardó {entry['ruta']} como {saved}.")


def count_differences(manifest: dict[str, Any], using: str = "default") -> list[str]:
    connection = connections[using]
    differences = []
    with connection.cursor() as cursor:
        for table, expected in sorted(manifest["conteos"].items()):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            actual = cursor.fetchone()[0]
            if actual != expected:
                differences.append(f"{table}: {actual} renglones; el respaldo tenía {expected}")
    return differences
