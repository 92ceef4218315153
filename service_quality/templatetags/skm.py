"""The survey invitation printed on a counter receipt: the link and its QR code, drawn here as
an inline SVG (no script, no image from elsewhere)."""

import qrcode
import qrcode.image.svg
from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from service_quality.services import survey_token

register = template.Library()


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    return svg[svg.index("<svg") :]


@register.inclusion_tag("service_quality/_invitation.html")
def skm_invitation(office, service: str, receipt) -> dict:
    """The invitation of the receipt `receipt` (e.g. a placement's id) of `service` at `office`."""
    token = survey_token(office=office, service=service, receipt=f"{service}:{receipt}")
    link = settings.PORTAL_URL.rstrip("/") + reverse("skm:answer", kwargs={"token": token})
    # qrcode writes the SVG from the link alone: no markup of a user's reaches it.
    return {"link": link, "qr": mark_safe(qr_svg(link))}
