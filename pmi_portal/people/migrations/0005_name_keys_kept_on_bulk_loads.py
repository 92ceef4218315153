"""The name keys' triggers fire in a replica session too (PostgreSQL only), and the keys a
load made there without them are added.

A superuser's bulk load (generate_synthetic) sets session_replication_role = replica to skip
the foreign-key triggers; ordinary triggers are skipped with them, so people_namekey missed
every name it loaded and the name search found none of those people (the bench database held
253 keys for 1,000,000 workers). ENABLE ALWAYS keeps these triggers on in such a session.
The keys are merged into the trigram index at once, not left in GIN's pending list.
"""

from django.db import migrations

from pmi_portal.db import on_postgresql

ALWAYS = """
ALTER TABLE people_person ENABLE ALWAYS TRIGGER people_person_namekey_insert;
ALTER TABLE people_person ENABLE ALWAYS TRIGGER people_person_namekey_update;
INSERT INTO people_namekey (name_key)
    SELECT DISTINCT name_key FROM people_person WHERE name_key <> ''
    ON CONFLICT DO NOTHING;
-- The keys just added wait in the GIN index's pending list, which every search reads through
-- (at 165,823 keys a typo search took 61 ms with it, 26 ms once it was merged).
SELECT gin_clean_pending_list('people_namekey_trgm_idx');
ANALYZE people_namekey;
"""
BACK = """
ALTER TABLE people_person ENABLE TRIGGER people_person_namekey_insert;
ALTER TABLE people_person ENABLE TRIGGER people_person_namekey_update;
"""


class Migration(migrations.Migration):
    dependencies = [("people", "0004_name_keys")]

    operations = [migrations.RunPython(on_postgresql(ALWAYS), on_postgresql(BACK))]
