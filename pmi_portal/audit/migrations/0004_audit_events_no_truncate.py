"""On PostgreSQL the database refuses to truncate the audit trail, even for its owner.

A superuser can still switch triggers off (session_replication_role = replica): the portal
must not connect as one (README: the least-privilege database role).
"""

from django.db import migrations

from pmi_portal.db import on_postgresql

CREATE = """
CREATE OR REPLACE FUNCTION audit_event_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is never truncated';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_truncate();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_no_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_audit_event_chain_hash")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
