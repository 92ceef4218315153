"""Backups of the database and the uploaded files, and their restore into an empty portal.

A backup is a folder: `database.dump` (pg_dump's custom format) or `database.sqlite3` (SQLite's
online backup), `media.tar` (MEDIA_ROOT) and `manifest.json`. The database is copied first, in
one snapshot, then the files: a document's file is written before its row commits, so every
file the database names is in the backup (a file uploaded meanwhile may be there unnamed).
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
POSTGRESQL_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar"


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why, in Indonesian and English."""

    def __init__(self, problem_id: str, problem_en: str):
        super().__init__(f"{problem_id} / {problem_en}")


def _database() -> dict:
    """The owner's connection settings when there is one: a restore creates the tables."""
    return settings.MIGRATION_DATABASE or connections["default"].settings_dict


def _postgresql_environment(params: dict) -> tuple[list[str], dict]:
    args = ["--host", params.get("HOST") or "127.0.0.1", "--port", str(params.get("PORT") or 5432)]
    args += ["--username", params["USER"], "--dbname", params["NAME"]]
    env = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or "", "PGCONNECT_TIMEOUT": "10"}
    return args, env


def _run(command: list[str], env: dict | None = None) -> None:
    # Fixed programs (pg_dump, pg_restore); the arguments come from the settings.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            f"{command[0]} gagal: {result.stderr.strip()}",
            f"{command[0]} failed: {result.stderr.strip()}",
        )


def backup_create(*, directory: Path | None = None) -> Path:
    """Write a backup into a new folder under BACKUP_DIR and return its path."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = Path(directory or settings.BACKUP_DIR) / f"pmi-backup-{stamp}"
    target.mkdir(parents=True)
    params = _database()
    vendor = "postgresql" if params["ENGINE"] == "django.db.backends.postgresql" else "sqlite"
    if vendor == "postgresql":
        args, env = _postgresql_environment(params)
        dump = str(target / POSTGRESQL_DUMP)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", dump, *args],
            env,
        )
    else:
        connection = connections["default"]
        connection.ensure_connection()
        with sqlite3.connect(target / SQLITE_COPY) as copy:
            connection.connection.backup(copy)
        copy.close()
    media_root = Path(settings.MEDIA_ROOT)
    files = 0
    with tarfile.open(target / MEDIA_ARCHIVE, "w") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media_root)))
                    files += 1
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": stamp,
        "database": vendor,
        "media_files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return target


def _read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(
            f"{source} bukan cadangan portal (tidak ada {MANIFEST} yang terbaca)",
            f"{source} is not a portal backup (no readable {MANIFEST})",
        ) from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"format cadangan {manifest.get('format')!r} tidak dikenal",
            f"unknown backup format {manifest.get('format')!r}",
        )
    return manifest


def _tables_in(params: dict) -> int:
    if params["ENGINE"] == "django.db.backends.postgresql":
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            return cursor.fetchone()[0]
    path = Path(params["NAME"])
    if not path.exists():
        return 0
    with sqlite3.connect(path) as database:
        found = database.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        count = found.fetchone()[0]
    database.close()
    return count


def backup_restore(*, source: Path) -> dict:
    """Restore the backup in `source` into an empty database and an empty MEDIA_ROOT."""
    manifest = _read_manifest(source)
    params = _database()
    vendor = "postgresql" if params["ENGINE"] == "django.db.backends.postgresql" else "sqlite"
    if manifest["database"] != vendor:
        raise BackupError(
            f"cadangan ini dari {manifest['database']}, basis data tujuan {vendor}",
            f"this backup is of {manifest['database']}, the target database is {vendor}",
        )
    if _tables_in(params):
        raise BackupError(
            f"basis data {params['NAME']} tidak kosong: pulihkan hanya ke basis data baru yang "
            "kosong",
            f"database {params['NAME']} is not empty: restore into a new, empty database only",
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(
            f"folder berkas {media_root} tidak kosong: pulihkan hanya ke folder yang kosong",
            f"the media folder {media_root} is not empty: restore into an empty folder only",
        )
    connections["default"].close()
    if vendor == "postgresql":
        args, env = _postgresql_environment(params)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *args,
                str(source / POSTGRESQL_DUMP),
            ],
            env,
        )
    else:
        Path(params["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / SQLITE_COPY, params["NAME"])
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_ARCHIVE) as archive:
        archive.extractall(media_root, filter="data")
    return manifest
