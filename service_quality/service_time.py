"""The counter's service time, measured without a click: the clock starts when the officer
opens a person's record (or the registration form) and stops at the receipt of the service.
The start waits in the officer's session; the session ends after 30 idle minutes, and with
it a clock never stopped."""

import datetime

from django.utils import timezone

from service_quality import services
from service_quality.models import CounterService, ServiceTime

_SESSION_KEY = "service_quality.counter_started"


def counter_service_started(request, *, person=None) -> None:
    """The officer opened `person`'s record, or (None) the form to register someone new.

    The clock starts at the first page of a person's service and keeps running while the
    officer comes back to that record; another person starts it anew (and only then is the
    session written). The registration form always starts it: an opening of the empty form
    cannot tell a reload from the next person."""
    if not request.user.has_perm("service_quality.add_servicetime"):
        return
    served = person.pk if person is not None else None
    started = request.session.get(_SESSION_KEY)
    if served is not None and started and started["person"] == served:
        return
    request.session[_SESSION_KEY] = {"at": timezone.now().isoformat(), "person": served}


def counter_service_finished(request, *, placement) -> ServiceTime | None:
    """The receipt of `placement` is shown: the service since the record was opened is
    measured, once per receipt; a reprint of an older receipt measures nothing."""
    started = request.session.get(_SESSION_KEY)
    if not started or started["person"] not in (None, placement.worker_id):
        return None
    started_at = datetime.datetime.fromisoformat(started["at"])
    if placement.created_at < started_at:
        return None
    del request.session[_SESSION_KEY]
    return services.service_time_record(
        actor=request.user,
        counter_service=CounterService.REGISTRATION,
        receipt=f"registration:{placement.pk}",
        started_at=started_at,
    )
