"""Optional second factor (TOTP) for heads and administrators, on top of django-otp."""

import base64
import re

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from pmi_portal.access.roles import HEADS_AND_ADMINISTRATORS
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record

DEVICE_NAME = "authenticator"


def may_use_two_factor(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in HEADS_AND_ADMINISTRATORS)


def has_two_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def verified_device(user, token: str):
    """The user's confirmed device that accepts `token`, or None."""
    return match_token(user, re.sub(r"\s", "", token or ""))


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device whose secret the user is about to scan."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG (no script, no external image)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return svg[svg.index("<svg") :]


@transaction.atomic
def two_factor_enable(*, actor, device: TOTPDevice, token: str) -> bool:
    """Confirm `device` with a first code from the app; False when the code is wrong."""
    if not device.verify_token(re.sub(r"\s", "", token or "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    audit_record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=actor,
        changes={"two_factor": [False, True]},
    )
    return True


@transaction.atomic
def two_factor_disable(*, actor, token: str) -> bool:
    """Turn the second factor off, proven by a current code; False when the code is wrong."""
    if verified_device(actor, token) is None:
        return False
    TOTPDevice.objects.filter(user=actor).delete()
    audit_record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=actor,
        changes={"two_factor": [True, False]},
    )
    return True
