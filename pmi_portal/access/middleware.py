import zoneinfo

from django.utils import timezone


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
