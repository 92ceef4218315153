"""The names' partitions of an office that is no more dropped with it (PostgreSQL).

An office's names are filed under its id (`o<id>`, `c<id>`, migration people 0008); an office
deleted, or the offices' table emptied (TRUNCATE: a database flushed and filled again, as the
tests do), left its two partitions behind. Each new generation of offices added two more, and a
transaction touching every partition (a bulk load rebuilding the names' index) ran out of lock
slots ("out of shared memory"). A statement trigger now drops the partitions whose office is
gone, as the tables' owner. The office's deletion rolled back, the partitions are back too.
"""

from django.db import migrations

from pmi_portal.db import on_postgresql

CREATE = r"""
CREATE FUNCTION people_namekey_area_partitions_of_removed_offices_drop() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    orphan text;
BEGIN
    FOR orphan IN
        SELECT partition.relname
        FROM pg_inherits
        JOIN pg_class partition ON partition.oid = pg_inherits.inhrelid
        WHERE pg_inherits.inhparent = 'people_namekey_area'::regclass
            AND partition.relname ~ '^people_namekey_area_[oc][0-9]+$'
            AND NOT EXISTS (
                SELECT FROM offices_office
                WHERE offices_office.id = substring(partition.relname FROM '[0-9]+$')::integer
            )
    LOOP
        EXECUTE 'DROP TABLE ' || quote_ident(orphan);
    END LOOP;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION people_namekey_area_partitions_of_removed_offices_drop() FROM PUBLIC;
CREATE TRIGGER offices_office_namekey_area_partitions_dropped
    AFTER DELETE OR TRUNCATE ON offices_office
    FOR EACH STATEMENT EXECUTE FUNCTION people_namekey_area_partitions_of_removed_offices_drop();
ALTER TABLE offices_office ENABLE ALWAYS TRIGGER offices_office_namekey_area_partitions_dropped;
"""
DROP = """
DROP TRIGGER IF EXISTS offices_office_namekey_area_partitions_dropped ON offices_office;
DROP FUNCTION IF EXISTS people_namekey_area_partitions_of_removed_offices_drop();
"""


class Migration(migrations.Migration):
    dependencies = [("people", "0010_name_key_partitions_made_by_the_owner")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
