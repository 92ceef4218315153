"""people_namekey_area split into one partition per area, each with its own trigram index
(PostgreSQL only).

The areas' index (0006) had the area as a first GIN column: a scan of one area still read the
posting lists of its trigrams for every area and kept its own rows after, so even an empty
area cost 1 to 3 ms. EXPLAIN of Serang's typo search on the bench's 1,000,000 workers: its four
areas' scans read 1,063 index pages in 13.2 ms of the query's 17.6. A partition holds one
area's names only, and the search names its areas as constants, so the planner keeps those
partitions and no other: Banten's scan reads 93 index pages, and the query runs in 2.3 ms
after 1.1 of planning (13.1 after 0.8 before; caches warm, as on a kept connection).

The names keep no statistics: `%`'s estimator (matchingsel) tries the operator on each of the
hundred names of a partition's histogram, each time the query is planned, for an estimate the
plan does not need (an area is read the same way: from its index, or whole if tiny). Over
100 of Serang's typo searches (EXPLAIN ANALYZE), planning took 1.5 to 1.7 ms with them, 0.6 to
0.9 without, and the execution was no slower.

A province or an office gets its partitions when it is added (triggers on offices_province and
offices_office, in a replica session too); the names of an area with no partition yet wait in
`people_namekey_area_other` (the default partition) and move into the area's when it is made.

Locks, measured on the bench's 1,015,996 areas' names: the migration takes 6.5 to 9.4 s (back,
9 to 14 s; Django's start included, the machine busy), all of it under SHARE on the old table,
so searches go on and writers of people wait (their triggers add names); the old table is
dropped under ACCESS EXCLUSIVE at the end.
"""

from django.db import migrations

from pmi_portal.db import on_postgresql

# The partition of one area, made once: names filed before it move in from the default one.
# ATTACH builds the partition's indexes as the parent's and holds SHARE UPDATE EXCLUSIVE on the
# parent only, so searches and writers of people go on (CREATE ... PARTITION OF would stop them).
PARTITION_ADD = """
CREATE FUNCTION people_namekey_area_partition_add(wanted text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    partition text := 'people_namekey_area_' || wanted;
BEGIN
    IF to_regclass(partition) IS NOT NULL THEN
        RETURN;
    END IF;
    EXECUTE 'CREATE TABLE ' || quote_ident(partition) || ' (LIKE people_namekey_area)';
    EXECUTE 'ALTER TABLE ' || quote_ident(partition)
        || ' ALTER COLUMN name_key SET STATISTICS 0';
    EXECUTE 'WITH moved AS (DELETE FROM people_namekey_area_other WHERE area = '
        || quote_literal(wanted) || ' RETURNING area, name_key) INSERT INTO '
        || quote_ident(partition) || ' (area, name_key) SELECT area, name_key FROM moved';
    EXECUTE 'ALTER TABLE people_namekey_area ATTACH PARTITION ' || quote_ident(partition)
        || ' FOR VALUES IN (' || quote_literal(wanted) || ')';
END
$$;
CREATE FUNCTION people_namekey_area_partitions_of_office() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM people_namekey_area_partition_add('o' || NEW.id);
    PERFORM people_namekey_area_partition_add('c' || NEW.id);
    RETURN NULL;
END
$$;
CREATE FUNCTION people_namekey_area_partition_of_province() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM people_namekey_area_partition_add('p' || NEW.code);
    RETURN NULL;
END
$$;
CREATE TRIGGER offices_office_namekey_area_partitions AFTER INSERT ON offices_office
    FOR EACH ROW EXECUTE FUNCTION people_namekey_area_partitions_of_office();
CREATE TRIGGER offices_province_namekey_area_partition AFTER INSERT ON offices_province
    FOR EACH ROW EXECUTE FUNCTION people_namekey_area_partition_of_province();
ALTER TABLE offices_office ENABLE ALWAYS TRIGGER offices_office_namekey_area_partitions;
ALTER TABLE offices_province ENABLE ALWAYS TRIGGER offices_province_namekey_area_partition;
"""

CREATE = f"""
-- Writers of people wait (their triggers add names); searches go on.
LOCK TABLE people_namekey_area IN SHARE MODE;
CREATE TABLE people_namekey_area_new (
    area varchar(24) NOT NULL,
    name_key varchar(150) NOT NULL,
    CONSTRAINT people_namekey_area_new_pkey PRIMARY KEY (name_key, area)
) PARTITION BY LIST (area);
CREATE TABLE people_namekey_area_other PARTITION OF people_namekey_area_new DEFAULT;
DO $$
DECLARE
    wanted text;
BEGIN
    FOR wanted IN
        SELECT DISTINCT area FROM people_namekey_area
        UNION SELECT 'p' || code FROM offices_province
        UNION SELECT 'o' || id FROM offices_office
        UNION SELECT 'c' || id FROM offices_office
    LOOP
        EXECUTE 'CREATE TABLE ' || quote_ident('people_namekey_area_' || wanted)
            || ' PARTITION OF people_namekey_area_new FOR VALUES IN ('
            || quote_literal(wanted) || ')';
    END LOOP;
END
$$;
ALTER TABLE people_namekey_area_new ALTER COLUMN name_key SET STATISTICS 0;
INSERT INTO people_namekey_area_new (area, name_key)
    SELECT area, name_key FROM people_namekey_area;
-- Built whole, on every partition, and kept without GIN's pending list.
CREATE INDEX people_namekey_area_new_trgm_idx ON people_namekey_area_new
    USING gin (name_key gin_trgm_ops) WITH (fastupdate = off);
DROP TABLE people_namekey_area;
ALTER TABLE people_namekey_area_new RENAME TO people_namekey_area;
ALTER TABLE people_namekey_area RENAME CONSTRAINT people_namekey_area_new_pkey
    TO people_namekey_area_pkey;
ALTER INDEX people_namekey_area_new_trgm_idx RENAME TO people_namekey_area_trgm_idx;
{PARTITION_ADD}
ANALYZE people_namekey_area;
"""

# Back to one table with the area as the index's first column (0006, 0007), in area order.
DROP = """
LOCK TABLE people_namekey_area IN SHARE MODE;
DROP TRIGGER IF EXISTS offices_province_namekey_area_partition ON offices_province;
DROP TRIGGER IF EXISTS offices_office_namekey_area_partitions ON offices_office;
DROP FUNCTION IF EXISTS people_namekey_area_partition_of_province();
DROP FUNCTION IF EXISTS people_namekey_area_partitions_of_office();
DROP FUNCTION IF EXISTS people_namekey_area_partition_add(text);
CREATE TABLE people_namekey_area_old (
    area varchar(24) NOT NULL,
    name_key varchar(150) NOT NULL,
    CONSTRAINT people_namekey_area_old_pkey PRIMARY KEY (name_key, area)
);
INSERT INTO people_namekey_area_old (area, name_key)
    SELECT area, name_key FROM people_namekey_area ORDER BY area, name_key;
CREATE INDEX people_namekey_area_old_trgm_idx ON people_namekey_area_old
    USING gin (area, name_key gin_trgm_ops) WITH (fastupdate = off);
DROP TABLE people_namekey_area;
ALTER TABLE people_namekey_area_old RENAME TO people_namekey_area;
ALTER TABLE people_namekey_area RENAME CONSTRAINT people_namekey_area_old_pkey
    TO people_namekey_area_pkey;
ALTER INDEX people_namekey_area_old_trgm_idx RENAME TO people_namekey_area_trgm_idx;
ANALYZE people_namekey_area;
"""


class Migration(migrations.Migration):
    dependencies = [("people", "0007_name_keys_by_area_once")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
