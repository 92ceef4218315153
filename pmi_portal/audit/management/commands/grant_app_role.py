"""Give the portal's database role (DATABASE_URL) row privileges only, as the owner role.

Run after every `migrate` made as the owner (MIGRATION_DATABASE_URL): `make setup` does.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.utils import load_backend

from pmi_portal.audit.privileges import app_role_grants, role_problems


class Command(BaseCommand):
    help = "Grant DATABASE_URL's role row privileges only, connected as MIGRATION_DATABASE_URL."

    def handle(self, *args, **options):
        owner = settings.MIGRATION_DATABASE
        portal = connections["default"].settings_dict
        if owner is None:
            raise CommandError("MIGRATION_DATABASE_URL is not set: there is no owner role to use")
        if portal["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("database roles exist on PostgreSQL only")
        if owner["USER"] == portal["USER"]:
            raise CommandError(
                "DATABASE_URL and MIGRATION_DATABASE_URL name the same role; the portal's "
                "role must not own the tables"
            )
        wrapper = load_backend(owner["ENGINE"]).DatabaseWrapper(
            {**portal, **owner, "CONN_MAX_AGE": 0}, "default"
        )
        try:
            with wrapper.cursor() as cursor:
                problems = role_problems(cursor, portal["USER"])
                if problems:
                    raise CommandError("; ".join(problems))
                for statement in app_role_grants(portal["USER"], portal["NAME"]):
                    cursor.execute(statement)
        finally:
            wrapper.close()
        self.stdout.write(
            f"role {portal['USER']} may read and write rows of {portal['NAME']}; "
            "the audit trail only read and appended"
        )
