import re

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _

# C0 control characters but tab, line feed and carriage return, which a textarea sends.
# PostgreSQL refuses NUL in text (a 500 deep in a query); the others are never typed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class PortalLocaleMiddleware(LocaleMiddleware):
    """Pages speak Bahasa Indonesia unless the user chose English with the language switch.

    A browser's Accept-Language (often English on office computers) does not decide for the
    officer; API clients, which have no switch, still get the language they ask for.
    """

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None


class ControlCharacterMiddleware:
    """Refuse a page's query or form parameter holding a control character with a readable 400.

    Placed after the locale middleware, so the answer speaks the user's language. The API
    checks the parameters its views read in `ScopedGenericViewSet`, in its own error shape:
    a parameter no view reads is ignored there, not refused.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = (
            None if request.path.startswith("/api/") else _parameter_with_control_character(request)
        )
        if name is None:
            return self.get_response(request)
        body = loader.render_to_string(
            "400.html", {"detail": control_character_message(name)}, request=request
        )
        return HttpResponseBadRequest(body)


def control_character_message(name: str) -> str:
    return _("The field %(name)s holds a control character (such as NUL); remove it.") % {
        "name": name
    }


def _parameter_with_control_character(request) -> str | None:
    sources = [request.GET]
    if request.method == "POST" and request.content_type in {
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    }:
        sources.append(request.POST)
    for params in sources:
        for name, values in params.lists():
            if CONTROL_CHARACTERS.search(name) or any(
                CONTROL_CHARACTERS.search(value) for value in values
            ):
                return CONTROL_CHARACTERS.sub("", name)[:100]
    return None


class NoStoreMiddleware:
    """No browser or proxy keeps an answer to a logged-in user, nor any API answer.

    Such answers hold identity data (NIK, passport, address); a shared office computer's
    browser cache or a proxy would otherwise keep them after logout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/") or request.user.is_authenticated:
            never_cache(response)
        return response


# What add_never_cache_headers writes into a response that has neither header yet.
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def never_cache(response) -> None:
    """add_never_cache_headers, without parsing and joining the header again when the view set
    neither (almost every page): the same headers, for a few microseconds."""
    if "Cache-Control" in response.headers or "Expires" in response.headers:
        add_never_cache_headers(response)
        return
    response.headers["Expires"] = http_date()
    response.headers["Cache-Control"] = NEVER_CACHE
