from pmi_portal.notifications.selectors import unread_count


def unread(request):
    """The unread count beside the bell of the navigation (static/js/notifications.js keeps
    it current without a reload)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": unread_count(user)}
