import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pmi_portal.api.services import api_token_issue


class Command(BaseCommand):
    help = (
        "Menerbitkan token API untuk seorang pengguna dan mencetak kuncinya sekali (tidak "
        "disimpan). / Issue an API token for a user and print its key, once (it is not stored)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--name", required=True, help="siapa memakainya, untuk apa / who uses it, for what"
        )
        parser.add_argument(
            "--expires-in-days",
            type=int,
            default=None,
            help="bawaan: berlaku sampai dicabut / default: valid until revoked",
        )

    def handle(self, *args, username, name, expires_in_days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Pengguna {username!r} tidak ada / no user named {username!r}")
        expires_at = None
        if expires_in_days is not None:
            expires_at = timezone.now() + datetime.timedelta(days=expires_in_days)
        try:
            token, key = api_token_issue(actor=None, user=user, name=name, expires_at=expires_at)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        # The key alone on stdout, so that `KEY=$(manage.py issue_api_token ...)` works.
        self.stderr.write(
            f"Token {token.prefix}… untuk {username}; kuncinya (hanya ditampilkan sekali) / "
            f"issued for {username}; its key (shown once):"
        )
        self.stdout.write(key)
