"""The person record now lives in the people app (its tables were renamed there)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0004_contract_and_salary_validators"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="placement",
                    name="worker",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="placements",
                        to="people.person",
                        verbose_name="worker",
                    ),
                ),
                migrations.DeleteModel(name="PossibleDuplicate"),
                migrations.DeleteModel(name="Worker"),
            ],
        ),
    ]
