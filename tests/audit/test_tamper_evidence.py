"""The audit trail cannot be emptied, and any change made behind the portal's back shows."""

import importlib
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from pmi_portal.audit.chain import GENESIS, HASHED_FIELDS, chain_of, seal
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.audit.services import audit_record
from tests.factories import UserFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the refusals are PostgreSQL triggers"
)


def _record_events(count: int) -> list[AuditEvent]:
    """`count` events, chained (as they are soon after their commit)."""
    officer = UserFactory()
    events = [
        audit_record(
            action=AuditAction.UPDATE,
            actor=officer,
            obj=officer,
            changes={"email": [f"a{n}@contoh.id", f"b{n}@contoh.id"], "count": n},
        )
        for n in range(count)
    ]
    seal()
    for event in events:
        event.refresh_from_db()
    return events


def _alter_behind_the_portals_back(sql: str, params: list) -> None:
    """As a superuser can: the immutability trigger switched off for this transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


@pytest.mark.django_db
@postgresql_only
def test_truncating_the_audit_trail_is_refused_even_to_its_owner():
    _record_events(2)

    with connection.cursor() as cursor:
        # The foreign keys of the rows just written are checked now, not at the test's end:
        # PostgreSQL refuses TRUNCATE with checks pending whatever the trigger says.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(DatabaseError, match="never truncated"), transaction.atomic():
            cursor.execute("TRUNCATE audit_auditevent")

    assert AuditEvent.objects.count() >= 2


@pytest.mark.django_db
def test_every_event_is_chained_to_the_one_before():
    events = _record_events(3)

    rows = AuditEvent.objects.order_by("chain_seq").values("pk", "chain_hash", *HASHED_FIELDS)
    checked = list(chain_of(rows))

    assert [row["chain_hash"] for row, expected in checked] == [e for _, e in checked]
    assert len({event.chain_hash for event in events}) == 3
    assert all(len(event.chain_hash) == 64 and event.chain_hash != GENESIS for event in events)


@pytest.mark.django_db
def test_an_event_created_through_the_orm_is_chained_too(capsys):
    _record_events(1)
    AuditEvent.objects.create(action=AuditAction.EXPORT, ip_address="2001:db8:0:0::1")

    call_command("verify_audit")

    assert "audit events verify" in capsys.readouterr().out


@pytest.mark.django_db
def test_verify_audit_says_all_events_verify(capsys):
    _record_events(4)

    call_command("verify_audit")

    assert f"all {AuditEvent.objects.count()} audit events verify" in capsys.readouterr().out


@pytest.mark.django_db
def test_verify_audit_reports_the_event_altered_with_the_trigger_bypassed():
    events = _record_events(4)
    altered = events[2]
    _alter_behind_the_portals_back(
        "UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", ["orang lain", altered.pk]
    )

    with pytest.raises(CommandError, match=rf"audit event {altered.pk} "):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_reports_the_event_after_one_removed_with_the_trigger_bypassed():
    events = _record_events(4)
    _alter_behind_the_portals_back("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])

    with pytest.raises(CommandError, match=rf"audit event {events[2].pk} "):
        call_command("verify_audit")


@pytest.mark.django_db
def test_the_migration_chains_the_events_written_before_the_chain(capsys):
    from django.apps import apps

    migration = importlib.import_module("pmi_portal.audit.migrations.0005_audit_events_chained")
    _record_events(3)
    _alter_behind_the_portals_back("UPDATE audit_auditevent SET chain_hash = ''", [])

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)
        migration.chain_existing(apps, editor)

    call_command("verify_audit")
    assert "audit events verify" in capsys.readouterr().out
    assert not AuditEvent.objects.filter(chain_hash="").exists()
