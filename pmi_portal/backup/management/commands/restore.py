"""`make restore BACKUP=<path>`: a backup into an empty database and an empty MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pmi_portal.backup.services import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup of `make backup` into an empty database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the folder `make backup` printed")

    def handle(self, *args, backup: Path, **options):
        try:
            manifest = backup_restore(source=backup)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"restored {backup} ({manifest['database']}, {manifest['media_files']} files)"
        )
