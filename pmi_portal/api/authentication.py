"""How a system proves who it is: `Authorization: Token <key>`."""

import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from pmi_portal.api.models import TokenStatus
from pmi_portal.api.selectors import api_token_for_key
from pmi_portal.api.services import api_token_mark_used


class AuthenticationCode:
    """The stable codes of a 401 answer, besides DRF's `not_authenticated`."""

    FAILED = "authentication_failed"
    REVOKED = "token_revoked"
    EXPIRED = "token_expired"


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(
                _("Invalid token header: send 'Authorization: Token <key>'."),
                code=AuthenticationCode.FAILED,
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        token = api_token_for_key(key)
        if token is None:
            raise AuthenticationFailed(_("Invalid token."), code=AuthenticationCode.FAILED)
        now = timezone.now()
        status = token.status(now)
        if status == TokenStatus.REVOKED:
            raise AuthenticationFailed(
                _("This token has been revoked."), code=AuthenticationCode.REVOKED
            )
        if status == TokenStatus.EXPIRED:
            raise AuthenticationFailed(
                _("This token has expired."), code=AuthenticationCode.EXPIRED
            )
        if not token.user.is_active:
            raise AuthenticationFailed(
                _("User inactive or deleted."), code=AuthenticationCode.FAILED
            )
        api_token_mark_used(token=token, now=now)
        # The portal's middleware shows session users their office's time; a token's user is
        # known only from here on.
        timezone.activate(zoneinfo.ZoneInfo(token.user.office.timezone))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword
