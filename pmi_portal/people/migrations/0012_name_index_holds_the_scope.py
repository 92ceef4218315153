"""The people's index by name and birth date holds the columns of their scope (PostgreSQL).

A counter's name search reads the people of each name it found (people.selectors), about
seven each over the country, one of them in a regional office's scope: from the index of
names alone, the scope's columns beside each name, rather than from seven rows of the table.
The new index is built before the old one goes, so that the names are never unindexed.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0011_name_key_partitions_of_removed_offices_dropped"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["name_key", "birth_date"],
                include=["id", "home_regency", "registered_by_office", "merged_into"],
                name="person_name_birth_scope_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="person", name="worker_name_birth_idx"),
    ]
