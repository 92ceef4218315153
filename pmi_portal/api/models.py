"""API tokens: the keys other systems (airlines, consulates, the national registry) use."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.scoping import RestrictedQuerySet

KEY_MARK = "pmi_"
PREFIX_LENGTH = len(KEY_MARK) + 10


def new_key() -> str:
    """A fresh key: a recognisable mark, a 10-character lookup prefix and 256 random bits."""
    return f"{KEY_MARK}{secrets.token_hex(5)}_{secrets.token_urlsafe(32)}"


def hash_key(key: str) -> str:
    # The key carries 256 random bits: a fast hash is as safe as a slow one, and each request
    # checks one.
    return hashlib.sha256(key.encode()).hexdigest()


def prefix_of(key: str) -> str | None:
    """The lookup prefix of a well-formed key, None for anything else."""
    if not key.startswith(KEY_MARK) or len(key) <= PREFIX_LENGTH + 1:
        return None
    if key[PREFIX_LENGTH] != "_":
        return None
    return key[:PREFIX_LENGTH]


class TokenStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


class ApiToken(models.Model):
    """One key of one user; only its hash is stored, the key is shown once when issued."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
        help_text=_("The system acts with this user's role and office scope."),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("Who uses the key and what for, e.g. 'Garuda manifest push'."),
    )
    prefix = models.CharField(_("key prefix"), max_length=PREFIX_LENGTH, unique=True)
    key_hash = models.CharField(_("key hash"), max_length=64)
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("expires at"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a key that stays valid until it is revoked."),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_offices = ("user__office",)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def status(self, now=None) -> TokenStatus:
        if self.revoked_at is not None:
            return TokenStatus.REVOKED
        if self.expires_at is not None and self.expires_at <= (now or timezone.now()):
            return TokenStatus.EXPIRED
        return TokenStatus.ACTIVE
