import functools

from pmi_portal.notifications.selectors import unread_count


def unread(request):
    """The unread count beside the bell of the navigation (static/js/notifications.js keeps
    it current without a reload)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Counted when a page shows the bell, once: an htmx fragment does not.
    return {"notifications_unread": functools.cache(lambda: unread_count(user))}
