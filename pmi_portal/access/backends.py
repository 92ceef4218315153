from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils.module_loading import import_string

from pmi_portal.access.roles import role_permissions
from pmi_portal.contributions import contributions
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from pmi_portal.web.versioned import kept, kept_keys, read_ahead

# The users' rows in the cache (pmi_portal/web/versioned.py): access.apps gives a user's a new
# version whenever it is saved or deleted; the user's office comes with it, and an office saved
# is a new generation of the reference data.
USER_CACHE = "access.user"


@cache
def kept_with_user() -> tuple[str, ...]:
    """The names of the values kept per user that the apps read on every page (their
    `kept_with_user`)."""
    return tuple(import_string(path) for each in contributions() for path in each.kept_with_user)


def user_keys(user_id) -> list[str]:
    """The keys `RoleBackend.get_user` reads for `user_id`, in one round trip: a session's load
    reads them along with the session (access.sessions)."""
    return kept_keys(USER_CACHE, user_id, along=[REFERENCE_GENERATION_KEY], also=kept_with_user())


# The session the request's user is being read from (access.middleware), whose load may have
# read the user's keys along.
_reading_from: ContextVar = ContextVar("user_read_from_session", default=None)


@contextmanager
def user_read_from(session) -> Iterator[None]:
    token = _reading_from.set(session)
    try:
        yield
    finally:
        _reading_from.reset(token)


@cache
def permissions_of_role(role: str) -> frozenset[str]:
    """The "app_label.codename" permissions `role` holds, as access.roles declares them."""
    return frozenset(role_permissions().get(role, ()))


class RoleBackend(ModelBackend):
    """Permissions come from the user's one role, as declared in code (access.roles), and from
    nothing else: a user holds no permission of their own.

    The role's group holds the same permissions (role_groups_sync after every migrate), for the
    admin and for reports; a request reads the declaration, with no query. The admin cannot edit
    the groups (access.admin) nor a user's own permissions.
    """

    def get_user(self, user_id):
        """The user a session names, with their office, as the next request needs them: from
        the cache while neither changed (USER_CACHE_SECONDS), else from the database. An
        inactive user is nobody. The same round trip reads what the apps keep per user for
        every page (kept_with_user): the user carries it as `kept_read_ahead`."""
        also = kept_with_user()
        # Only the cached sessions (access.sessions) read the user along.
        read_along = getattr(_reading_from.get(), "user_read", None)
        user, versions = kept(
            USER_CACHE,
            user_id,
            lambda: super(RoleBackend, self).get_user(user_id),
            seconds=settings.USER_CACHE_SECONDS,
            along=[REFERENCE_GENERATION_KEY],
            also=also,
            read=None if read_along is None else read_along(user_id),
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        user.kept_read_ahead = read_ahead(versions, also, user_id)
        if REFERENCE_GENERATION_KEY in versions:
            # The scope of this request is read under the same generation (access.scoping).
            user._reference_generation = versions[REFERENCE_GENERATION_KEY]
        return user

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str] | frozenset[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_group_permissions(user_obj, obj)
        return permissions_of_role(user_obj.role)
