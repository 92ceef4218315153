"""An audit event is written by one INSERT of its own (pmi_portal.db.insert_row), not Django's
save path: the row read back is the event as the ORM would have written it."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from pmi_portal.audit.models import AuditAction, AuditEvent, ImmutableError
from pmi_portal.audit.services import audit_record
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _columns(event: AuditEvent) -> dict:
    return {
        field.attname: getattr(event, field.attname) for field in AuditEvent._meta.concrete_fields
    }


def test_the_row_written_holds_every_value_of_the_event(django_assert_num_queries):
    actor = UserFactory()
    person = PersonFactory()
    ContentType.objects.get_for_model(person)  # Django keeps it once read
    with django_assert_num_queries(1):
        event = audit_record(
            action=AuditAction.UPDATE,
            actor=actor,
            obj=person,
            regency_id=person.home_regency_id,
            changes={"full_name": ["Siti", "Siti Aminah"], "nested": {"n": [1, None, True]}},
        )

    stored = AuditEvent.objects.get(pk=event.pk)

    assert event.pk is not None and not event._state.adding
    assert _columns(stored) == {**_columns(event), "chain_seq": stored.chain_seq}
    assert stored.changes["nested"] == {"n": [1, None, True]}
    assert stored.actor_office_id == actor.office_id
    assert stored.content_type.model_class() is type(person)
    assert stored.object_id == str(person.pk)
    assert timezone.now() - stored.occurred_at < datetime.timedelta(minutes=1)


def test_an_event_saved_as_django_would_be_with_arguments_still_is_one_row():
    event = AuditEvent(action=AuditAction.LOGIN_FAILED, object_repr="by the ORM")

    with transaction.atomic():
        event.save(force_insert=True)

    assert AuditEvent.objects.filter(pk=event.pk, object_repr="by the ORM").count() == 1


def test_a_written_event_is_never_written_again():
    event = audit_record(action=AuditAction.LOGIN_FAILED, actor=None, object_repr="once")

    with pytest.raises(ImmutableError):
        event.save()
