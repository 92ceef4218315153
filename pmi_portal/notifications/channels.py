"""How a notification leaves the portal: e-mail through Django's backends, and a JSON POST to
an office's gateway, signed with HMAC-SHA256 over a timestamp and the body.

A receiver verifies a webhook so:
    expected = hmac_sha256(secret, f"{X-PMI-Timestamp}.".encode() + raw_body).hexdigest()
    accept if X-PMI-Signature == "sha256=" + expected and the timestamp is within 5 minutes,
    and drop a repeat of an X-PMI-Delivery it has already handled.
"""

import hashlib
import hmac
import ipaddress
import json
import socket
import time
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation

SIGNATURE_HEADER = "X-PMI-Signature"
TIMESTAMP_HEADER = "X-PMI-Timestamp"
DELIVERY_HEADER = "X-PMI-Delivery"
REPLAY_WINDOW_SECONDS = 300


class DeliveryError(Exception):
    """A send that did not go through. `permanent`: trying again cannot help."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


def absolute(link: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + link if link.startswith("/") else link


def email_send(*, to: str, subject: str, body: str) -> None:
    if not to:
        raise DeliveryError("the recipient has no e-mail address", permanent=True)
    try:
        send_mail(
            subject=subject,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[to],
            fail_silently=False,
        )
    except OSError as error:  # smtplib.SMTPException is an OSError
        raise DeliveryError(f"e-mail: {error.__class__.__name__}: {error}"[:480]) from error


def email_text(*, title: str, link: str, extra: str = "") -> tuple[str, str]:
    """Subject and body in Bahasa Indonesia: what happened and where to look, nothing more."""
    with translation.override("id"):
        subject = f"[{translation.gettext('PMI Portal')}] {title}"
        lines = [title, ""]
        if extra:
            lines += [extra, ""]
        if link:
            lines += [translation.gettext("Open it in the portal:"), absolute(link), ""]
        lines.append(
            translation.gettext(
                "You get this e-mail because of your role at your office. "
                "Choose what you receive under Notifications → Settings."
            )
        )
    return subject, "\n".join(lines)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def signature_valid(
    secret: str, timestamp: str, body: bytes, given: str, *, now: float | None = None
) -> bool:
    """What a receiver checks (the portal's own tests and gateways alike)."""
    try:
        age = abs((time.time() if now is None else now) - int(timestamp))
    except ValueError:
        return False
    return age <= REPLAY_WINDOW_SECONDS and hmac.compare_digest(
        signature(secret, timestamp, body), given
    )


def _address_allowed(url: str) -> None:
    """HTTPS to a public address only: a webhook must not reach into the portal's own network
    (its database, Redis, a metadata service). Tests may allow loopback by setting."""
    parts = urlsplit(url)
    allow_private = settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise DeliveryError("the webhook address is not HTTPS", permanent=True)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise DeliveryError(f"webhook host not found: {parts.hostname}") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global and not allow_private:
            raise DeliveryError(
                f"the webhook address {parts.hostname} is not a public address", permanent=True
            )


def webhook_post(*, url: str, secret: str, payload: dict, delivery_key: str) -> None:
    if not url or not secret:
        raise DeliveryError("the office has no webhook any more", permanent=True)
    _address_allowed(url)
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "PMI-Portal-Webhook/1",
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(secret, timestamp, body),
        DELIVERY_HEADER: delivery_key,
    }
    try:
        response = requests.post(
            url,
            data=body,
            headers=headers,
            timeout=settings.NOTIFY_WEBHOOK_TIMEOUT,
            allow_redirects=False,
        )
    except requests.RequestException as error:
        raise DeliveryError(f"webhook: {error.__class__.__name__}: {error}"[:480]) from error
    if 200 <= response.status_code < 300:
        return
    # A gateway that refuses the request (bad secret, unknown sender) will refuse it again;
    # overload and server errors are worth another try.
    permanent = 400 <= response.status_code < 500 and response.status_code not in (408, 429)
    raise DeliveryError(f"webhook answered HTTP {response.status_code}", permanent=permanent)
