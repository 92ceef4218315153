"""Placements move on the shared workflow (history fields renamed, a deadline per stage) and
keep their documents in the shared private store (files moved out of MEDIA_ROOT)."""

import shutil
from pathlib import Path

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import pmi_portal.documents.storage


def move_files_to_private_store(apps, schema_editor):
    PlacementDocument = apps.get_model("placements", "PlacementDocument")
    public = Path(settings.MEDIA_ROOT)
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    for name in PlacementDocument.objects.values_list("file", flat=True).iterator():
        source, target = public / name, private / name
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)


class Migration(migrations.Migration):
    dependencies = [("placements", "0005_person_moved_to_people")]

    operations = [
        migrations.RenameField("stagechange", "from_stage", "from_state"),
        migrations.RenameField("stagechange", "to_stage", "to_state"),
        migrations.RenameField("stagechange", "move", "kind"),
        migrations.AlterField(
            model_name="stagechange",
            name="from_state",
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AlterField(
            model_name="stagechange",
            name="to_state",
            field=models.CharField(max_length=30),
        ),
        migrations.AlterField(
            model_name="stagechange",
            name="kind",
            field=models.CharField(max_length=20),
        ),
        migrations.AddField(
            model_name="stagechange",
            name="due_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="placement",
            name="due_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="due to leave this stage by"
            ),
        ),
        migrations.AlterField(
            model_name="placementdocument",
            name="file",
            field=models.FileField(
                max_length=200,
                storage=pmi_portal.documents.storage.private_storage,
                upload_to=pmi_portal.documents.storage.private_upload_to,
            ),
        ),
        migrations.AlterField(
            model_name="placementdocument",
            name="original_name",
            field=models.CharField(max_length=200, verbose_name="file name"),
        ),
        migrations.AlterField(
            model_name="placementdocument",
            name="uploaded_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="uploaded"
            ),
        ),
        migrations.RunPython(move_files_to_private_store, migrations.RunPython.noop),
    ]
