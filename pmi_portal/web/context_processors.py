import functools

from pmi_portal.web.navigation import menu_html


def navigation(request):
    """The main menu's markup, rendered when a page shows it (an htmx fragment does not)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": ""}
    return {"nav_menu": functools.partial(menu_html, user, request.path)}
