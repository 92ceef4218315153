"""A handler's cases by deadline, with the columns that tell the open ones of their scope.

A case handler's queue (`/cases/`) is their open cases, soonest due first, fifty a page: the
index by handler and state read and sorted every open case of the handler (539 at 1,000,000
workers, 500 buffers) for the first fifty. The index by handler and deadline, holding the
state and the scope's columns, gives the page's keys in order from the index alone. The new
index is built before the old one goes.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_case_newest_scope_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["assigned_to", "due_at"],
                include=["id", "state", "regency", "office"],
                name="case_handler_due_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="case", name="case_handler_idx"),
    ]
