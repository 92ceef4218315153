"""Name search with typos: a trigram GIN index on PostgreSQL (SQLite searches by substring)."""

from django.db import migrations

from pmi_portal.db import on_postgresql

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS worker_name_trgm_idx
    ON placements_worker USING gin (name_key gin_trgm_ops);
"""
DROP = "DROP INDEX IF EXISTS worker_name_trgm_idx;"


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
