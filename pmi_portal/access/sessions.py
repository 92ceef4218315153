"""Sessions kept in the cache (Redis), with the database as the copy that survives it.

Every request saves the session, so that the idle logout counts from the last one
(SESSION_SAVE_EVERY_REQUEST). Here the request's read of the cache entry renews its lifetime to
the idle timeout from this request (one GETEX, in the same round trip as the cached row of the
user the session named before: _USER_OF_SESSION): exact; the save writes the entry again only when
the data changed or the row was rewritten. The database row is written only when the session's
data changed, or when its expiry is SESSION_DB_REFRESH_SECONDS or more off the cache's, so a
busy officer costs one write a minute instead of one a page. When Redis is unreachable, or loses
the entry, the row answers: an officer is logged out at most SESSION_DB_REFRESH_SECONDS early,
and nobody is logged out by an outage. While Redis is unreachable every save writes the row.

Used when REDIS_URL is set (settings); the embedded default keeps sessions in the database.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore
from redis.exceptions import RedisError

from pmi_portal.access.backends import user_keys
from pmi_portal.web.cache import RedisCache
from pmi_portal.web.versioned import ReadAhead, changes_made, read_along

logger = logging.getLogger(__name__)

# The user each session named when this process last read it: the next load reads that user's
# cached row (access.backends.user_keys) in the session's round trip. A guess only: the row read
# is used for that user alone, and a wrong or missing guess reads it in a round trip of its own.
_USER_OF_SESSION: dict[str, int] = {}
_SESSIONS_REMEMBERED = 10_000


class SessionStore(CachedDBStore):
    # Entries hold (data, the row's expiry), unlike cached_db's: a prefix of their own.
    cache_key_prefix = "pmi_portal.access.sessions"

    def __init__(self, session_key=None):
        super().__init__(session_key)
        # When the database row expires, as far as this store knows; None: unknown.
        self._row_expires: datetime.datetime | None = None
        # The lifetime the load gave the cache entry from this request on; None: none.
        self._renewed_age: int | None = None
        # The user whose keys the load read along, and what it found of them.
        self._user_read: tuple[int, ReadAhead] | None = None

    def load(self) -> dict:
        age = settings.SESSION_COOKIE_AGE
        user_id = _USER_OF_SESSION.get(self.session_key) if settings.USER_CACHE_SECONDS else None
        try:
            if user_id is not None and isinstance(self._cache, RedisCache):
                changes, keys = changes_made(), user_keys(user_id)
                entry, found = self._cache.get_touching_along(self.cache_key, age, keys)
                self._user_read = (user_id, read_along(keys, found, changes))
            else:
                entry = _get_touching(self._cache, self.cache_key, age)
        except RedisError:
            logger.warning("session cache unreachable: reading the database", exc_info=True)
            entry = None
        if entry is not None:
            data, self._row_expires = entry
            self._renewed_age = age
            return data
        row = self._get_session_from_db()
        if row is None:
            return {}
        data = self.decode(row.session_data)
        self._row_expires = row.expire_date
        self._cache_set(data, self.get_expiry_age(expiry=row.expire_date))
        return data

    def user_read(self, user_id) -> ReadAhead | None:
        """What the load read along of `user_id`'s cached row, if it guessed them (once: a
        later read asks the cache); this session's next load reads theirs along."""
        if self.session_key is not None:
            if len(_USER_OF_SESSION) >= _SESSIONS_REMEMBERED:
                _USER_OF_SESSION.clear()
            _USER_OF_SESSION[self.session_key] = user_id
        read, self._user_read = self._user_read, None
        return read[1] if read is not None and read[0] == user_id else None

    def exists(self, session_key) -> bool:
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except RedisError:
            logger.warning("session cache unreachable: asking the database", exc_info=True)
        return DBStore.exists(self, session_key)

    def save(self, must_create=False) -> None:
        expires = self.get_expiry_date()
        write_row = must_create or self.modified or self._row_lags(expires)
        if write_row:
            DBStore.save(self, must_create)
            self._row_expires = expires
        elif self._renewed_age is not None and self._renewed_age == self.get_expiry_age():
            # The entry holds this data and already expires the idle timeout after this request.
            return
        if not self._cache_set(self._session, self.get_expiry_age()) and not write_row:
            # Without the cache, the row is the session: keep its expiry exact.
            DBStore.save(self, must_create)
            self._row_expires = expires

    def delete(self, session_key=None) -> None:
        DBStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except RedisError:
            logger.error(
                "session cache unreachable: a deleted session stays in the cache until it expires",
                exc_info=True,
            )

    def _row_lags(self, expires: datetime.datetime) -> bool:
        if self._row_expires is None:
            return True
        # Either way: a row that outlives the cache entry would outlive the idle timeout.
        lag = abs((expires - self._row_expires).total_seconds())
        return lag >= settings.SESSION_DB_REFRESH_SECONDS

    def _cache_set(self, data: dict, age: int) -> bool:
        try:
            self._cache.set(self.cache_key, (data, self._row_expires), age)
        except RedisError:
            logger.warning("session cache unreachable: the database keeps it", exc_info=True)
            return False
        return True


def _get_touching(cache, key: str, age: int):
    """The entry under `key`, its lifetime renewed to `age` seconds: one command on Redis; a
    read and a touch on another cache (the tests' memory)."""
    if isinstance(cache, RedisCache):
        return cache.get_touching(key, age)
    entry = cache.get(key)
    if entry is not None:
        cache.touch(key, age)
    return entry
