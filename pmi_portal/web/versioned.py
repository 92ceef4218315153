"""Values kept in the cache under the versions of what they were read from.

A value (a user's row, a user's unread count) is kept with the stamp it was read under: the
current version of its own records, and of whatever else it depends on (the reference data's
generation). Whoever changes those records gives them a new version once the transaction
commits (`version_change`). A read takes the versions and the kept value in one round trip
(MGET) and uses the value only if its stamp is the current one: a value read before a change
and kept after it carries the old stamp and is never used. The lifetime bounds the rest (a
change made outside the services, in SQL).

When the cache is unreachable the value is read afresh, and a change that cannot reach it is
logged as an error: what was kept then stays until it expires.

Values that every page reads for one ident (the user's row and their unread count) can share a
round trip: the first `kept` reads the others' keys `also`, and hands them on as a `ReadAhead`
that the later `kept` takes instead of asking the cache again.
"""

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache, caches
from django.db import transaction
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
T = TypeVar("T")


def version_key(name: str, ident) -> str:
    return f"{name}-version:{ident}"


def _keys(name: str, ident) -> list[str]:
    return [version_key(name, ident), f"{name}:{ident}"]


# Versions this process has changed so far: a ReadAhead taken before a change is not used after.
_changes_made = 0


@dataclass(frozen=True)
class ReadAhead:
    """What one round trip found of `keys` (a key not found is absent), taken when this process
    had changed `changes` versions."""

    keys: frozenset[str]
    found: dict
    changes: int

    def holds(self, keys: Sequence[str]) -> bool:
        return self.changes == _changes_made and self.keys.issuperset(keys)

    def __reduce__(self):
        # One request's read is no use to another: a copy (a user kept in a cache) holds none.
        return (type(None), ())


def kept(
    name: str,
    ident,
    compute: Callable[[], T],
    *,
    seconds: int,
    along: Sequence[str] = (),
    also: Sequence[str] = (),
    read: ReadAhead | None = None,
) -> tuple[T, dict]:
    """`compute()`, or what it returned under the current version of `name` for `ident` and
    of the version keys `along` (each set with no expiry, like offices.selectors'
    REFERENCE_GENERATION_KEY). Returns the value and the versions read, by key, for a caller
    that needs one of them again in the same request. `seconds` 0: computed every time.

    `also`: the names of other values kept for `ident` whose keys the same round trip reads;
    the second item then holds them too, and `read_ahead` makes it the `read` of their own
    `kept`, which asks the cache nothing when `read` holds its keys."""
    if not seconds:
        return compute(), {}
    stamp_keys = [version_key(name, ident), *along]
    entry_key = f"{name}:{ident}"
    if read is not None and read.holds([*stamp_keys, entry_key]):
        found = dict(read.found)
    else:
        try:
            found = cache.get_many(kept_keys(name, ident, along=along, also=also))
        except RedisError:
            logger.warning("cache unreachable: %s is read from the database", name, exc_info=True)
            return compute(), {}
    stamp = tuple(found.get(key) for key in stamp_keys)
    entry = found.get(entry_key)
    if entry is not None and None not in stamp and entry[0] == stamp:
        return entry[1], found
    try:
        if None in stamp:
            # First use, or the cache lost a version: a new one, unless another process set it;
            # before computing, so that a change meanwhile leaves what is computed unused.
            for key in stamp_keys:
                if found.get(key) is None:
                    cache.add(key, time.time_ns(), None)
            found |= cache.get_many(stamp_keys)
            stamp = tuple(found.get(key) for key in stamp_keys)
    except RedisError:
        logger.warning("cache unreachable: %s is read from the database", name, exc_info=True)
        return compute(), {}
    value = compute()
    if None not in stamp:
        try:
            cache.set(entry_key, (stamp, value), seconds)
        except RedisError:
            logger.warning("cache unreachable: %s is not kept", name, exc_info=True)
    return value, found


def kept_keys(
    name: str, ident, *, along: Sequence[str] = (), also: Sequence[str] = ()
) -> list[str]:
    """The keys the round trip of `kept` reads, for another round trip to read them along."""
    return [
        version_key(name, ident),
        *along,
        f"{name}:{ident}",
        *(key for other in also for key in _keys(other, ident)),
    ]


def changes_made() -> int:
    """How many versions this process has changed so far: taken before a read that becomes a
    `ReadAhead`."""
    return _changes_made


def read_along(keys: Sequence[str], found: dict, changes: int) -> ReadAhead:
    """What a round trip made for another purpose found of `keys`, when this process had
    changed `changes` versions: the `read` of a later `kept`."""
    return ReadAhead(frozenset(keys), found, changes)


def read_ahead(found: dict, names: Sequence[str], ident) -> ReadAhead | None:
    """What `found` (the second item of a `kept` that read `names` `also`) holds of their
    values for `ident`, for their own `kept`; None when it holds none (the cache was down)."""
    keys = frozenset(key for name in names for key in _keys(name, ident))
    if not found or not names:
        return None
    return ReadAhead(keys, {key: found[key] for key in keys if key in found}, _changes_made)


def version_change(name: str, idents) -> None:
    """The records `name` keeps for each of `idents` change in this transaction: once it
    commits, what was kept from them is never used again."""
    keys = [version_key(name, ident) for ident in idents]
    if not keys:
        return

    def new_versions() -> None:
        global _changes_made
        _changes_made += 1
        try:
            cache.set_many(dict.fromkeys(keys, time.time_ns()), None)
        except RedisError:
            logger.error(
                "cache unreachable: what was kept of %s stays until it expires", name, exc_info=True
            )

    transaction.on_commit(new_versions)


def kept_by_key(
    key: str, compute: Callable[[], T], *, seconds: int, name: str, here: str = "process"
) -> T:
    """`compute()`, kept under `key`, a key that names the versions of all it was read from
    (a new version is a new key): in this process's memory (the `here` cache: "process", or
    "pages" for large values) and in the shared cache, `seconds` at most in each. Raises the
    shared cache's error when it is down, for the caller to compute the value without it;
    `name` says what the value is, in logs. Either cache returns a copy (both pickle)."""
    here = caches[here]
    value = here.get(key)
    if value is not None:
        return value
    value = cache.get(key)
    if value is None:
        value = compute()
        try:
            cache.set(key, value, seconds)
        except RedisError:
            logger.warning("cache unreachable: %s is not kept", name, exc_info=True)
    here.set(key, value, seconds)
    return value
