"""Chain the events written before the hash chain, in the order of their ids."""

from django.db import migrations

from pmi_portal.audit.chain import GENESIS, content_of, event_hash

BATCH = 2000


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        # The owner running the migration lifts the refusal of UPDATE for this one pass.
        schema_editor.execute(
            "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_immutable"
        )
    previous = GENESIS
    batch = []
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=BATCH):
        event.chain_hash = previous = event_hash(content_of(event), previous)
        batch.append(event)
        if len(batch) == BATCH:
            AuditEvent.objects.bulk_update(batch, ["chain_hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["chain_hash"])
    if postgresql:
        schema_editor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_immutable")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_audit_events_no_truncate")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
