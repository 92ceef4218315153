"""The audit trail's background work: chaining the events just written (`chain.seal`)."""

from celery import shared_task
from django.core.cache import cache

from pmi_portal.audit.chain import SEAL_QUEUED_KEY, seal


@shared_task(name="audit.seal", ignore_result=True, time_limit=600)
def seal_audit() -> int:
    """Chain every event not chained yet. The queued mark goes first: an event committed while
    this runs asks for a new task, so none is left unchained for long."""
    cache.delete(SEAL_QUEUED_KEY)
    return seal()
