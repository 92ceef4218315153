"""`make backup` then `make restore` into an empty portal gives back every record and file."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record
from tests.factories import PlacementFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent
FILES = {
    "placements/documents/2026/11/paspor.pdf": b"%PDF-1.4 paspor",
    "workers/photos/2026/11/foto.jpg": b"\xff\xd8\xff foto",
}


def _row_counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def _source_counts() -> dict[str, int]:
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        return _row_counts(cursor, tables)


@pytest.fixture
def portal_with_data(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    for name, content in FILES.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
    officer = UserFactory()
    for placement in PlacementFactory.create_batch(3):
        audit_record(action=AuditAction.CREATE, actor=officer, obj=placement)


@pytest.fixture
def empty_target(tmp_path):
    """The DATABASE_URL of a new, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'db.sqlite3'}", None
        return
    params = connection.settings_dict
    name = f"{params['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    server = {
        "host": params["HOST"] or "127.0.0.1",
        "port": params["PORT"] or 5432,
        "user": params["USER"],
        "password": params["PASSWORD"],
    }
    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            f"postgres://{server['user']}:{server['password']}@{server['host']}:"
            f"{server['port']}/{name}",
            {"dbname": name, **server},
        )
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _manage(*args, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "MIGRATION_DATABASE_URL", "REDIS_URL"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "pmi_portal.settings.base",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DEBUG": "1",
        "SECRET_KEY": "test-only-" + "k" * 50,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_portal_has_every_record_and_file(
    portal_with_data, empty_target, tmp_path, capsys
):
    target_url, target_params = empty_target
    expected = _source_counts()

    call_command("backup")
    backup = Path(capsys.readouterr().out.strip().splitlines()[-1])
    restored_media = tmp_path / "restored-media"
    result = _manage("restore", str(backup), database_url=target_url, media_root=restored_media)

    assert result.returncode == 0, result.stderr
    if target_params is None:
        restored = sqlite3.connect(target_url.removeprefix("sqlite:///"))
    else:
        restored = psycopg2.connect(**target_params)
    try:
        assert _row_counts(restored.cursor(), expected) == expected
    finally:
        restored.close()
    assert expected["placements_placement"] == 3
    for name, content in FILES.items():
        assert (restored_media / name).read_bytes() == content
    verified = _manage("verify_audit", database_url=target_url, media_root=restored_media)
    assert verified.returncode == 0, verified.stderr

    again = _manage("restore", str(backup), database_url=target_url, media_root=tmp_path / "m2")
    assert again.returncode != 0
    assert "not empty" in again.stderr


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_portal_that_already_has_data(portal_with_data, capsys):
    call_command("backup")
    backup = Path(capsys.readouterr().out.strip().splitlines()[-1])

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))


def test_restore_refuses_a_folder_that_is_no_backup(tmp_path):
    with pytest.raises(CommandError, match="not a portal backup"):
        call_command("restore", str(tmp_path))
