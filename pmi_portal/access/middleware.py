import zoneinfo

from django.http import Http404
from django.utils import timezone
from django.views.defaults import page_not_found

from pmi_portal.access.scoping import NotFoundOrNotYours
from pmi_portal.offices.selectors import generation_of_request


class OfficeTimezoneMiddleware:
    """Times are stored in UTC and shown in the office's own time zone (WIB, WITA or WIT)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
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
