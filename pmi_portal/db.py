"""Database helpers shared by the apps."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def on_postgresql(sql: str):
    """A RunPython function that runs `sql` on PostgreSQL only (SQLite has no equivalent)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


def loaded_relations(obj) -> list[str]:
    """The foreign keys of `obj` that hold a row read from the database (a form's choice):
    full_clean need not ask whether it exists, and the database's constraint holds anyway."""
    return [
        field.name
        for field in obj._meta.concrete_fields
        if field.many_to_one
        and field.is_cached(obj)
        and (related := field.get_cached_value(obj)) is not None
        and not related._state.adding
        and related.pk == getattr(obj, field.attname)
    ]


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
