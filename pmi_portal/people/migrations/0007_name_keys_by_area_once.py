"""An office's people who live in a province it covers are filed apart (PostgreSQL only).

Serang's typo search scanned its office areas (0006) for names its home province's area
already gave: 21,575 of office 19's 21,581 names are of people living in Banten. Now a person
is filed under `c<office>` instead of `o<office>` when people_namekey_cover lists their home
province for that office, and the search scans `c<office>` only for a user whose provinces do
not hold all the office's covered ones. The cover table is the only truth both sides read:
a province is added to it (the working areas of the office and of its parent office, kept by
triggers on the offices' tables) but never taken out, so a person filed under `c` is always
found, whatever working area changes later. A covered province that left the area costs the
scan of `c<office>` again, never a missed person.

The areas table is built anew in area order, as in 0006 (refiled in place, the rows would
leave dead entries in the index until a vacuum). Measured on the bench's 1,000,000 people:
22 s. The fill and the index read people_person under ACCESS SHARE, so its writers go on; the
new triggers hold SHARE ROW EXCLUSIVE on offices_office and offices_regency (their writers
wait for the migration); the old table is dropped under ACCESS EXCLUSIVE for the last 0.7 s
(the people saved meanwhile are added, and the table analysed), when searches and writers of
people wait.
"""

from django.db import migrations

from pmi_portal.db import on_postgresql

# Every pair (office, province) the office's or its parent's working area holds.
COVER_ADD = """
    INSERT INTO people_namekey_cover (office_id, province)
        SELECT DISTINCT office.id, regency.province_id
        FROM offices_office office
        JOIN offices_regency regency ON regency.office_id IN (office.id, office.parent_id)
        ON CONFLICT DO NOTHING;
"""


def _areas_of(people: str) -> str:
    """The (area, name key) pairs of the rows of `people` (a table of people_person's rows)."""
    return f"""
        SELECT DISTINCT area, name_key FROM (
            SELECT 'p' || left(person.home_regency_id, 2) AS area, person.name_key
                FROM {people} person WHERE person.home_regency_id IS NOT NULL
            UNION ALL
            SELECT CASE WHEN cover.office_id IS NULL THEN 'o' ELSE 'c' END
                    || person.registered_by_office_id,
                person.name_key
                FROM {people} person LEFT JOIN people_namekey_cover cover
                    ON cover.office_id = person.registered_by_office_id
                    AND cover.province = left(person.home_regency_id, 2)
        ) keyed
        WHERE name_key <> ''
    """


CREATE = f"""
CREATE TABLE people_namekey_cover (
    office_id bigint NOT NULL,
    province varchar(2) NOT NULL,
    PRIMARY KEY (office_id, province)
);
{COVER_ADD}
CREATE FUNCTION people_namekey_cover_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {COVER_ADD}
    RETURN NULL;
END
$$;
CREATE TRIGGER offices_office_namekey_cover AFTER INSERT OR UPDATE ON offices_office
    FOR EACH STATEMENT EXECUTE FUNCTION people_namekey_cover_add();
CREATE TRIGGER offices_regency_namekey_cover AFTER INSERT OR UPDATE ON offices_regency
    FOR EACH STATEMENT EXECUTE FUNCTION people_namekey_cover_add();
ALTER TABLE offices_office ENABLE ALWAYS TRIGGER offices_office_namekey_cover;
ALTER TABLE offices_regency ENABLE ALWAYS TRIGGER offices_regency_namekey_cover;

CREATE TABLE people_namekey_area_new (
    area varchar(24) NOT NULL,
    name_key varchar(150) NOT NULL,
    PRIMARY KEY (name_key, area)
);
INSERT INTO people_namekey_area_new (area, name_key)
    {_areas_of("people_person")}
    ORDER BY area, name_key;
CREATE INDEX people_namekey_area_new_trgm_idx ON people_namekey_area_new
    USING gin (area, name_key gin_trgm_ops) WITH (fastupdate = off);
CREATE OR REPLACE FUNCTION people_namekey_area_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO people_namekey_area (area, name_key)
        {_areas_of("written")}
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
DROP TABLE people_namekey_area;
ALTER TABLE people_namekey_area_new RENAME TO people_namekey_area;
ALTER TABLE people_namekey_area RENAME CONSTRAINT people_namekey_area_new_pkey
    TO people_namekey_area_pkey;
ALTER INDEX people_namekey_area_new_trgm_idx RENAME TO people_namekey_area_trgm_idx;
-- People saved while the new table was filled: the ORM stamps updated_at.
INSERT INTO people_namekey_area (area, name_key)
    {_areas_of("(SELECT * FROM people_person WHERE updated_at >= now())")}
    ON CONFLICT DO NOTHING;
ANALYZE people_namekey_area;
ANALYZE people_namekey_cover;
"""

# Back to 0006's filing: every person under their office's `o` area.
DROP = """
CREATE OR REPLACE FUNCTION people_namekey_area_add() RETURNS trigger LANGUAGE plpgsql AS $$
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
INSERT INTO people_namekey_area (area, name_key)
    SELECT DISTINCT 'o' || registered_by_office_id, name_key FROM people_person
    WHERE name_key <> ''
    ON CONFLICT DO NOTHING;
DELETE FROM people_namekey_area WHERE left(area, 1) = 'c';
DROP TRIGGER IF EXISTS offices_regency_namekey_cover ON offices_regency;
DROP TRIGGER IF EXISTS offices_office_namekey_cover ON offices_office;
DROP FUNCTION IF EXISTS people_namekey_cover_add();
DROP TABLE IF EXISTS people_namekey_cover;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_name_keys_by_area"),
        ("offices", "0002_former_regency_code"),
    ]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
