"""Issuing, revoking and recording the use of API tokens."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pmi_portal.api.models import ApiToken, hash_key, new_key, prefix_of
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record, snapshot

# Never the hash: the audit trail is read by more people than the token table.
AUDITED_FIELDS = ["user", "name", "prefix", "created_at", "expires_at", "revoked_at"]
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


@transaction.atomic
def api_token_issue(
    *, actor, user, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`; the plain key is returned here and never stored nor shown again."""
    if not user.is_active:
        raise ValidationError(
            {"user": _("%(user)s is not active.") % {"user": user.get_username()}},
            code="inactive_user",
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(
            {"expires_at": _("The expiry must lie in the future.")}, code="expired"
        )
    key = new_key()
    while ApiToken.objects.filter(prefix=prefix_of(key)).exists():
        key = new_key()
    token = ApiToken(
        user=user, name=name, prefix=prefix_of(key), key_hash=hash_key(key), expires_at=expires_at
    )
    token.full_clean()
    token.save()
    audit_record(
        action=AuditAction.CREATE,
        actor=actor,
        obj=token,
        changes={field: [None, value] for field, value in snapshot(token, AUDITED_FIELDS).items()},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke `token` for good; revoking a revoked token changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=token,
        changes={"revoked_at": [None, token.revoked_at.isoformat()]},
    )
    return token


def api_token_mark_used(*, token: ApiToken, now: datetime.datetime) -> None:
    """Record the token's last use, at most once a minute: not one write per request."""
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_PRECISION),
        pk=token.pk,
    ).update(last_used_at=now)
    token.last_used_at = now
