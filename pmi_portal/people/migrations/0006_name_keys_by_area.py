"""The distinct name keys of people by area, with a trigram index per area (PostgreSQL only).

An officer's typo search scores only the names of their own scope: an area is a person's home
province (`p` and the first two digits of the regency code, as in the NIK) or the office that
registered them (`o` and its id), the two halves of the scope filter. At 1,000,000 workers
Serang's scope (province 36 and offices 19, 20, 21) holds 22,000 of the 165,000 names, and
the index reads the posting lists of those areas only (btree_gin's column first). Like
people_namekey (0004, 0005), triggers keep it current on every path that writes a person, in
a replica session too, and a pair nobody has any more matches nobody and is not removed.

Locks, measured on a copy of the bench's people (1,155,907 rows): the fill reads people_person
under ACCESS SHARE (18 s) and the index is built on the new table (12 s), so writers of people
wait only for the brief SHARE ROW EXCLUSIVE of CREATE TRIGGER.
"""

from django.db import migrations

from pmi_portal.db import on_postgresql

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE TABLE people_namekey_area (
    area varchar(24) NOT NULL,
    name_key varchar(150) NOT NULL,
    -- Name first: keyed (area, name_key), the planner read a long name's area from the key
    -- and scored each of its 11,000 names (725 ms) instead of asking the trigram index.
    PRIMARY KEY (name_key, area)
);
CREATE FUNCTION people_namekey_area_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO people_namekey_area (area, name_key)
        SELECT DISTINCT area, name_key FROM (
            SELECT 'p' || left(home_regency_id, 2) AS area, name_key
                FROM written WHERE home_regency_id IS NOT NULL
            UNION ALL
            SELECT 'o' || registered_by_office_id, name_key FROM written
        ) keyed
        WHERE name_key <> ''
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
-- Filled in area order, so that each area's rows lie together and the index skips the others.
INSERT INTO people_namekey_area (area, name_key)
    SELECT DISTINCT area, name_key FROM (
        SELECT 'p' || left(home_regency_id, 2) AS area, name_key
            FROM people_person WHERE home_regency_id IS NOT NULL
        UNION ALL
        SELECT 'o' || registered_by_office_id, name_key FROM people_person
    ) keyed
    WHERE name_key <> ''
    ORDER BY area, name_key;
-- Built whole, and kept without GIN's pending list, which every search would read through.
CREATE INDEX people_namekey_area_trgm_idx ON people_namekey_area
    USING gin (area, name_key gin_trgm_ops) WITH (fastupdate = off);
CREATE TRIGGER people_person_namekey_area_insert AFTER INSERT ON people_person
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION people_namekey_area_add();
CREATE TRIGGER people_person_namekey_area_update AFTER UPDATE ON people_person
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION people_namekey_area_add();
ALTER TABLE people_person ENABLE ALWAYS TRIGGER people_person_namekey_area_insert;
ALTER TABLE people_person ENABLE ALWAYS TRIGGER people_person_namekey_area_update;
-- People saved while the table was filled (before the triggers): the ORM stamps updated_at.
INSERT INTO people_namekey_area (area, name_key)
    SELECT DISTINCT area, name_key FROM (
        SELECT 'p' || left(home_regency_id, 2) AS area, name_key FROM people_person
            WHERE home_regency_id IS NOT NULL AND updated_at >= now()
        UNION ALL
        SELECT 'o' || registered_by_office_id, name_key FROM people_person
            WHERE updated_at >= now()
    ) keyed
    WHERE name_key <> ''
    ON CONFLICT DO NOTHING;
ANALYZE people_namekey_area;
"""
DROP = """
DROP TRIGGER IF EXISTS people_person_namekey_area_update ON people_person;
DROP TRIGGER IF EXISTS people_person_namekey_area_insert ON people_person;
DROP FUNCTION IF EXISTS people_namekey_area_add();
DROP TABLE IF EXISTS people_namekey_area;
"""


class Migration(migrations.Migration):
    dependencies = [("people", "0005_name_keys_kept_on_bulk_loads")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
