import time
import zoneinfo

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import get_user
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.defaults import page_not_found

from pmi_portal.access.backends import user_read_from
from pmi_portal.access.scoping import NotFoundOrNotYours
from pmi_portal.offices.selectors import generation_of_request


class OfficeTimezoneMiddleware:
    """Times are stored in UTC and shown in the office's own time zone (WIB, WITA or WIT).

    Every request reads its user here: from here on it holds the user itself, not the lazy
    stand-in of AuthenticationMiddleware that each of a page's few hundred reads of
    `request.user` went through. The session's load reads the user's cached row along, in its
    own round trip (access.sessions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if isinstance(user, SimpleLazyObject) and hasattr(request, "session"):
            with user_read_from(request.session):
                user = request.user = get_user(request)
        if user is not None and user.is_authenticated and user.office_id:
            timezone.activate(zoneinfo.ZoneInfo(user.office.timezone))
        else:
            timezone.deactivate()
        return self.get_response(request)


class RequestGenerationMiddleware:
    """The request reads the reference data (its scope, its lists) under the generation its
    user's row was read with (access.backends): one version for the whole request, asked of the
    cache once, with the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        generation = getattr(getattr(request, "user", None), "_reference_generation", None)
        if generation is None:
            return self.get_response(request)
        with generation_of_request(generation):
            return self.get_response(request)


class NotFoundOrNotYoursMiddleware:
    """A service's "not found or not yours" is a page's 404, like a record that never was."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFoundOrNotYours):
            return page_not_found(request, Http404())
        return None


# The session's record of when its officer last acted (seconds since the epoch), and how old it
# may grow before a request writes it anew: a busy officer's session is not rewritten per page.
ACTIVE_AT = "_active_at"
ACTIVE_AT_STEP = 60


def background(view):
    """Marks a view that a page calls by itself (the bell's poll): not the officer's activity."""
    view.background_request = True
    return view


def _now() -> int:
    return int(time.time())


class IdleLogoutMiddleware:
    """The idle logout counts from the officer's last own request, not from the page's own
    calls: the session's expiry alone (renewed by every request) let the bell's poll, every
    half minute while a tab is visible, keep an unattended screen logged in for ever. A session
    idle SESSION_COOKIE_AGE (to within ACTIVE_AT_STEP, never earlier) is logged out before its
    request is served: the page then asks for the login, the poll gets no count."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        now = _now()
        active_at = request.session.get(ACTIVE_AT)
        # The stamp lags the last activity by less than a step: idle is measured from it.
        if (
            active_at is not None
            and now - active_at >= settings.SESSION_COOKIE_AGE + ACTIVE_AT_STEP
        ):
            logout(request)
            return None
        if active_at is None or (
            now - active_at >= ACTIVE_AT_STEP
            and not getattr(view_func, "background_request", False)
        ):
            request.session[ACTIVE_AT] = now
        return None
