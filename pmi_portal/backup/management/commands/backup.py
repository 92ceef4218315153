"""`make backup`: the database and the uploaded files into a new folder under BACKUP_DIR."""

from django.core.management.base import BaseCommand, CommandError

from pmi_portal.backup.services import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT; the last line printed is the backup's path."

    def handle(self, *args, **options):
        try:
            path = backup_create()
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(path))
