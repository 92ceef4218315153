"""The names' partitions of a new province or office made as the tables' owner (PostgreSQL).

The portal's own database role owns nothing and may not create tables (README: the
least-privilege database role), so an office or province it added (`load_reference`, the
admin) failed in the partition triggers of migration 0008. The two trigger functions now run as
their owner, who owns people_namekey_area, and the function that makes a partition is theirs
alone: the portal's role cannot make a partition of its own choosing.
"""

from django.db import migrations

from pmi_portal.db import on_postgresql

AS_OWNER = """
ALTER FUNCTION people_namekey_area_partitions_of_office()
    SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION people_namekey_area_partition_of_province()
    SECURITY DEFINER SET search_path = public, pg_temp;
REVOKE EXECUTE ON FUNCTION people_namekey_area_partition_add(text) FROM PUBLIC;
"""
AS_CALLER = """
GRANT EXECUTE ON FUNCTION people_namekey_area_partition_add(text) TO PUBLIC;
ALTER FUNCTION people_namekey_area_partition_of_province() SECURITY INVOKER RESET search_path;
ALTER FUNCTION people_namekey_area_partitions_of_office() SECURITY INVOKER RESET search_path;
"""


class Migration(migrations.Migration):
    dependencies = [("people", "0009_trigram_match_costed")]

    operations = [migrations.RunPython(on_postgresql(AS_OWNER), on_postgresql(AS_CALLER))]
