"""The portal's own database role reads and writes rows; it cannot wipe or alter the audit trail."""

import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from pmi_portal.audit.chain import seal
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.audit.privileges import app_role_grants, role_problems
from pmi_portal.audit.services import audit_record

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles are PostgreSQL's"
)


@pytest.fixture
def as_app_role(db):
    """A fresh login role with the portal's grants, in use until the test ends (rolled back)."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    role = f"pmi_app_test_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
        for statement in app_role_grants(role, connection.settings_dict["NAME"]):
            cursor.execute(statement)
        assert role_problems(cursor, role) == []
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f'SET LOCAL ROLE "{role}"')
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def _refused(statement: str, params=None) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError:
        return True
    return False


@pytest.mark.django_db
@postgresql_only
def test_the_app_role_appends_and_reads_the_trail_but_cannot_touch_it(as_app_role):
    event = audit_record(action=AuditAction.LOGIN_FAILED, actor=None, object_repr="uji")
    assert AuditEvent.objects.filter(pk=event.pk).exists()

    assert _refused("TRUNCATE audit_auditevent")
    assert _refused("SET session_replication_role = replica")
    assert _refused("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_immutable")
    assert _refused("UPDATE audit_auditevent SET object_repr = 'x' WHERE id = %s", [event.pk])
    assert _refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert _refused("DROP TABLE audit_auditevent")
    assert not _refused("UPDATE offices_office SET name = name WHERE false")


@pytest.mark.django_db
@postgresql_only
def test_the_app_role_chains_an_event_once_and_changes_nothing_else_on_the_way(as_app_role):
    event = audit_record(action=AuditAction.LOGIN_FAILED, actor=None, object_repr="uji")
    # Its content changed along with its place in the chain: refused.
    assert _refused(
        "UPDATE audit_auditevent SET chain_seq = 1, chain_hash = 'x', object_repr = 'lain' "
        "WHERE id = %s",
        [event.pk],
    )
    assert seal() >= 1
    event.refresh_from_db()
    assert event.chain_seq is not None and len(event.chain_hash) == 64
    # Once chained, never again: not its place, not its hash, not back to unchained.
    assert _refused("UPDATE audit_auditevent SET chain_hash = 'x' WHERE id = %s", [event.pk])
    assert _refused("UPDATE audit_auditevent SET chain_seq = NULL WHERE id = %s", [event.pk])
    assert _refused(
        "UPDATE audit_auditevent SET chain_seq = chain_seq + 1000 WHERE id = %s", [event.pk]
    )


@pytest.mark.django_db
@postgresql_only
def test_a_superuser_is_no_least_privilege_role():
    with connection.cursor() as cursor:
        problems = role_problems(cursor, connection.settings_dict["USER"])

    assert any("superuser" in problem for problem in problems)


def test_grant_app_role_needs_an_owner_role(settings):
    settings.MIGRATION_DATABASE = None

    with pytest.raises(CommandError, match="MIGRATION_DATABASE_URL"):
        call_command("grant_app_role")


@pytest.mark.django_db
@postgresql_only
def test_grant_app_role_refuses_one_role_for_both(settings):
    settings.MIGRATION_DATABASE = dict(connection.settings_dict)

    with pytest.raises(CommandError, match="same role"):
        call_command("grant_app_role")


@pytest.mark.django_db
@postgresql_only
def test_the_app_role_adds_an_office_whose_name_partitions_the_owner_makes(as_app_role):
    """load_reference and the admin add offices as the portal's role, which may create no
    table: the partitions of the office's names (migration people 0008) are made as their
    owner's (people 0010), and the role cannot make one of its own choosing."""
    from pmi_portal.offices.models import Office
    from tests.factories import office

    serang = office("upt-serang")
    post = Office.objects.create(
        code="pos-merak",
        name="Pos Merak",
        kind=Office.Kind.SERVICE_POST,
        parent=serang,
        timezone=serang.timezone,
        email="pos-merak@example.org",
        city_id="3672",
    )

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_regclass(%s) IS NOT NULL, to_regclass(%s) IS NOT NULL",
            [f"people_namekey_area_o{post.pk}", f"people_namekey_area_c{post.pk}"],
        )
        assert cursor.fetchone() == (True, True)
    assert _refused("SELECT people_namekey_area_partition_add('o424242')")
    assert _refused("CREATE TABLE people_namekey_area_mine (a int)")
