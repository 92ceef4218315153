"""The planner told what pg_trgm's `%` costs (PostgreSQL only).

pg_trgm declares similarity_op, the function behind `%`, at the default cost of 1, like LIKE
and equality. Measured on Banten's 24,512 names, read whole: `%` took 1.9 us a name, LIKE 0.03
and equality less. So for an area's partition of a few hundred names (Soekarno-Hatta's
returnees living outside Banten, 657 in the bench) the planner scored every name in turn
(0.7 to 0.9 ms) instead of asking the partition's trigram index (0.03 ms). Costed at 100,
it reads the index from about 500 names up; tiny partitions are still read whole. Only the
name search uses `%`.

The cost is a property of the extension's function: a role that does not own pg_trgm leaves it
as it was (a notice), and a dump does not keep it (pg_dump writes the extension as CREATE
EXTENSION); either way the search finds the same people, only reads small areas whole.
"""

from django.db import migrations

from pmi_portal.db import on_postgresql


def _costed(cost: int) -> str:
    return f"""
DO $$
BEGIN
    ALTER FUNCTION similarity_op(text, text) COST {cost};
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'similarity_op keeps its cost: this role does not own pg_trgm';
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("people", "0008_name_keys_partitioned_by_area")]

    operations = [migrations.RunPython(on_postgresql(_costed(100)), on_postgresql(_costed(1)))]
