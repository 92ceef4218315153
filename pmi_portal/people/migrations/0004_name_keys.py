"""The distinct name keys of people, with their own trigram index (PostgreSQL only).

A typo search scores names, not people: many people share a name (1,155,853 people have
165,386 name keys in the bench data), so the trigram index over the distinct keys gives a
seventh of the candidates the index over people does. Triggers keep the keys current on every
path that writes a person (the ORM, bulk loads by COPY, raw SQL); a key nobody has any more is
harmless (it matches no person) and is not removed.
"""

from django.db import migrations

from pmi_portal.db import on_postgresql

CREATE = """
CREATE TABLE people_namekey (name_key varchar(150) PRIMARY KEY);
INSERT INTO people_namekey (name_key)
    SELECT DISTINCT name_key FROM people_person WHERE name_key <> '';
CREATE INDEX people_namekey_trgm_idx ON people_namekey USING gin (name_key gin_trgm_ops);

CREATE FUNCTION people_namekey_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO people_namekey (name_key)
        SELECT DISTINCT name_key FROM written WHERE name_key <> ''
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER people_person_namekey_insert AFTER INSERT ON people_person
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION people_namekey_add();
CREATE TRIGGER people_person_namekey_update AFTER UPDATE ON people_person
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION people_namekey_add();
ANALYZE people_namekey;
"""
DROP = """
DROP TRIGGER IF EXISTS people_person_namekey_update ON people_person;
DROP TRIGGER IF EXISTS people_person_namekey_insert ON people_person;
DROP FUNCTION IF EXISTS people_namekey_add();
DROP TABLE IF EXISTS people_namekey;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_person_photo_private"),
        ("placements", "0002_worker_name_trigram_index"),
    ]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
