"""Logins, logouts, failed logins and lockouts go to the audit trail."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    audit_record(action=AuditAction.LOGIN, actor=user, object_repr=user.get_username())


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, actor=user, object_repr=user.get_username())


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in `credentials`; only the name is kept.
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        actor=None,
        object_repr=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit_record(action=AuditAction.LOCKED_OUT, actor=None, object_repr=str(username or "")[:150])
