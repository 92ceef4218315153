"""Audit events chained after they commit (pmi_portal.audit.chain.seal), in `chain_seq` order.

The events chained so far keep their hashes, in the order of their ids (`chain_seq` = id). On
PostgreSQL the immutability trigger now lets one change through: an unchained event's place
and hash set by the sealer, every other column as it was. Anything else is refused as before.

Going back chains every event again in the order of its ids, as migration 0005 did.
"""

import importlib

from django.db import migrations, models

from pmi_portal.db import on_postgresql

SEALING_ALLOWED = """
CREATE OR REPLACE FUNCTION audit_event_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
        AND (to_jsonb(NEW) - 'chain_seq' - 'chain_hash')
            = (to_jsonb(OLD) - 'chain_seq' - 'chain_hash') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are never changed or deleted';
END;
$$ LANGUAGE plpgsql;
"""
NOTHING_ALLOWED = """
CREATE OR REPLACE FUNCTION audit_event_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are never changed or deleted';
END;
$$ LANGUAGE plpgsql;
"""


def place_the_chained(apps, schema_editor):
    """The events chained so far are in the chain in the order of their ids."""
    schema_editor.execute("UPDATE audit_auditevent SET chain_seq = id WHERE chain_hash <> ''")


def chain_by_ids(apps, schema_editor):
    chained = importlib.import_module("pmi_portal.audit.migrations.0005_audit_events_chained")
    chained.chain_existing(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_alter_auditevent_action")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="chain_seq",
            field=models.BigIntegerField(
                blank=True, editable=False, null=True, unique=True, verbose_name="place in the chain"
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(("chain_seq__isnull", True)),
                fields=["id"],
                name="audit_unsealed_idx",
            ),
        ),
        # The rows chained so far are placed through the trigger's one allowed change.
        migrations.RunPython(on_postgresql(SEALING_ALLOWED), on_postgresql(NOTHING_ALLOWED)),
        migrations.RunPython(place_the_chained, chain_by_ids),
    ]
