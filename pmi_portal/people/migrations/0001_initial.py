"""The person record moves out of the placements app, rows and all.

The tables are renamed, not copied: every foreign key to them (placements today) keeps
pointing at the same rows. The content types move too, so the audit trail of each record and
the permissions follow it.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

RENAMES = [
    ("placements_worker", "people_person"),
    ("placements_possibleduplicate", "people_possibleduplicate"),
]
CONTENT_TYPES = [(("placements", "worker"), ("people", "person")),
                 (("placements", "possibleduplicate"), ("people", "possibleduplicate"))]  # fmt: skip


def _rename_sql(pairs):
    return [f"ALTER TABLE {old} RENAME TO {new}" for old, new in pairs]


def move_content_types(apps, schema_editor, *, pairs=CONTENT_TYPES):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for (old_app, old_model), (new_app, new_model) in pairs:
        moved = ContentType.objects.filter(app_label=old_app, model=old_model)
        if not moved.exists() or ContentType.objects.filter(
            app_label=new_app, model=new_model
        ).exists():
            continue
        content_type = moved.get()
        for permission in Permission.objects.filter(content_type=content_type):
            permission.codename = permission.codename.replace(f"_{old_model}", f"_{new_model}")
            permission.save(update_fields=["codename"])
        moved.update(app_label=new_app, model=new_model)


def move_content_types_back(apps, schema_editor):
    move_content_types(
        apps, schema_editor, pairs=[(new, old) for old, new in CONTENT_TYPES]
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("offices", "0001_initial"),
        ("placements", "0004_contract_and_salary_validators"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    _rename_sql(RENAMES), _rename_sql([(new, old) for old, new in RENAMES])
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="Person",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("nik", models.CharField(max_length=16, unique=True, verbose_name="NIK")),
                        ("full_name", models.CharField(max_length=150, verbose_name="full name")),
                        ("name_key", models.CharField(editable=False, max_length=150)),
                        ("sex", models.CharField(choices=[("M", "male"), ("F", "female")], max_length=1, verbose_name="sex")),
                        ("birth_place", models.CharField(max_length=100, verbose_name="place of birth")),
                        ("birth_date", models.DateField(verbose_name="date of birth")),
                        ("address", models.CharField(max_length=300, verbose_name="address")),
                        ("phone", models.CharField(blank=True, max_length=20, verbose_name="phone")),
                        ("education", models.CharField(choices=[("none", "no formal schooling"), ("sd", "primary school (SD)"), ("smp", "junior secondary (SMP)"), ("sma", "senior secondary (SMA/SMK)"), ("diploma", "diploma (D1-D4)"), ("bachelor", "bachelor (S1)"), ("postgraduate", "postgraduate (S2/S3)")], max_length=20, verbose_name="education")),
                        ("skills", models.CharField(blank=True, max_length=300, verbose_name="skills")),
                        ("next_of_kin_name", models.CharField(max_length=150, verbose_name="next of kin")),
                        ("next_of_kin_relation", models.CharField(max_length=50, verbose_name="relation")),
                        ("next_of_kin_phone", models.CharField(max_length=20, verbose_name="next of kin's phone")),
                        ("passport_number", models.CharField(blank=True, max_length=20, verbose_name="passport number")),
                        ("passport_expiry", models.DateField(blank=True, null=True, verbose_name="passport valid until")),
                        ("photo", models.FileField(blank=True, upload_to="workers/photos/%Y/%m/", verbose_name="photo")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="registered on")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed")),
                        ("version", models.PositiveIntegerField(default=1, editable=False)),
                        ("home_regency", models.ForeignKey(help_text="Where the worker lives; it decides the responsible office.", on_delete=django.db.models.deletion.PROTECT, related_name="+", to="offices.regency", verbose_name="home regency or city")),
                        ("registered_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="registered by")),
                        ("registered_by_office", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="offices.office", verbose_name="registered at")),
                    ],
                    options={"verbose_name": "worker", "verbose_name_plural": "workers"},
                ),
                migrations.CreateModel(
                    name="PossibleDuplicate",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("reason", models.CharField(max_length=30)),
                        ("resolution", models.CharField(choices=[("open", "open"), ("different", "different people"), ("same", "same person")], default="open", max_length=10)),
                        ("flagged_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("resolved_at", models.DateTimeField(blank=True, null=True)),
                        ("resolution_note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                        ("flagged_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("resolved_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("similar_to", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="people.person")),
                        ("worker", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="people.person")),
                    ],
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(fields=["name_key", "birth_date"], name="worker_name_birth_idx"),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(fields=["passport_number"], name="worker_passport_idx"),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(fields=["home_regency", "-created_at"], name="worker_region_idx"),
                ),
                migrations.AddConstraint(
                    model_name="person",
                    constraint=models.CheckConstraint(condition=models.Q(("nik__regex", "^[0-9]{16}$")), name="worker_nik_16_digits"),
                ),
                migrations.AddConstraint(
                    model_name="possibleduplicate",
                    constraint=models.UniqueConstraint(fields=("worker", "similar_to"), name="possible_duplicate_once_per_pair"),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
