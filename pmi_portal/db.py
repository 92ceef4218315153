"""Database helpers shared by the apps."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def on_postgresql(sql: str):
    """A RunPython function that runs `sql` on PostgreSQL only (SQLite has no equivalent)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class StaleEditError(ValidationError):
    """Someone else saved the record since the user opened it (optimistic locking by `version`)."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then make yours again."
            ),
            code="stale",
        )
