"""The counter's service time, measured without a click: the clock starts when the officer
opens a person's record (or the registration form) and stops at the receipt of the service.

The start waits in the cache under the officer's session key, not in the session itself: an
officer going from person to person would otherwise have the session's database row written
on every page. It lives as long as the session (a new login is a new key, and the session ends
after 30 idle minutes, with it a clock never stopped), at most a working day; while the cache
is unreachable no service is measured."""

import datetime
import logging

from django.core.cache import cache, caches
from django.utils import timezone
from redis.exceptions import RedisError

from pmi_portal.web.cache import RedisCache
from service_quality import services
from service_quality.models import CounterService, ServiceTime

logger = logging.getLogger(__name__)

_CLOCK_KEY = "service_quality.counter_started:{session}"
# Whose service the clock of a session measures (the person's id as text, "" for a new
# registration), beside the clock, so that Redis can tell without unpickling it.
_PERSON_KEY = "service_quality.counter_person:{session}"
# No counter service lasts a working day; the session's own end forgets a clock sooner.
_CLOCK_SECONDS = 12 * 60 * 60


def counter_service_started(request, *, person=None) -> None:
    """The officer opened `person`'s record, or (None) the form to register someone new.

    The clock starts at the first page of a person's service and keeps running while the
    officer comes back to that record; another person starts it anew (and only then is the
    clock written). The registration form always starts it: an opening of the empty form
    cannot tell a reload from the next person."""
    if not request.user.has_perm("service_quality.add_servicetime"):
        return
    key = _clock_key(request)
    if key is None:
        return
    served = person.pk if person is not None else None
    clock = {"at": timezone.now().isoformat(), "person": served}
    try:
        backend = caches["default"]
        if isinstance(backend, RedisCache):
            _start_unless_running(backend, request, clock)
            return
        if served is not None:
            started = cache.get(key)
            if started and started["person"] == served:
                return
        cache.set(key, clock, _CLOCK_SECONDS)
    except RedisError:
        logger.warning("cache unreachable: the counter's service is not measured", exc_info=True)


def counter_service_finished(request, *, placement) -> ServiceTime | None:
    """The receipt of `placement` is shown: the service since the record was opened is
    measured, once per receipt; a reprint of an older receipt measures nothing."""
    key = _clock_key(request)
    if key is None:
        return None
    try:
        started = cache.get(key)
    except RedisError:
        logger.warning("cache unreachable: the counter's service is not measured", exc_info=True)
        return None
    if not started or started["person"] not in (None, placement.worker_id):
        return None
    started_at = datetime.datetime.fromisoformat(started["at"])
    if placement.created_at < started_at:
        return None
    try:
        # Of two receipts shown at once, the one that removes the clock measures.
        if not cache.delete(key):
            return None
    except RedisError:
        logger.warning("cache unreachable: the counter's service is not measured", exc_info=True)
        return None
    return services.service_time_record(
        actor=request.user,
        counter_service=CounterService.REGISTRATION,
        receipt=f"registration:{placement.pk}",
        started_at=started_at,
    )


# The clock (KEYS[1]) starts unless it runs for this person already (KEYS[2] names them): the
# read and the write of the Python path above, in one round trip.
_START_UNLESS_RUNNING = """
if ARGV[1] ~= '' and redis.call('EXISTS', KEYS[1]) == 1 and redis.call('GET', KEYS[2]) == ARGV[1]
then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[3])
return 1
"""


def _start_unless_running(redis_cache: RedisCache, request, clock: dict) -> None:
    session = request.session.session_key
    person = "" if clock["person"] is None else str(clock["person"])
    redis_cache.run_script(
        _START_UNLESS_RUNNING,
        [_CLOCK_KEY.format(session=session), _PERSON_KEY.format(session=session)],
        [person, redis_cache.serialized(clock), _CLOCK_SECONDS],
    )


def _clock_key(request) -> str | None:
    """The clock's key for the request's session; None before the session has a key."""
    session = request.session.session_key
    return None if session is None else _CLOCK_KEY.format(session=session)
