"""The audit rows of one block (a registration's person and placement) are written in one
INSERT as the block ends, unchained like any other and chained once they commit; a block
that fails writes none."""

import pytest
from django.db import transaction

from pmi_portal.audit.chain import HASHED_FIELDS
from pmi_portal.audit.models import AuditAction, AuditEvent, ImmutableError
from pmi_portal.audit.services import audit_record, audit_rows_together

pytestmark = pytest.mark.django_db


def _event(text: str) -> AuditEvent:
    return audit_record(action=AuditAction.LOGIN_FAILED, actor=None, object_repr=text)


def test_the_rows_of_a_block_are_one_insert_as_it_ends(django_assert_num_queries):
    def write_two():
        # In the transaction already, so that only the block's own statements are counted.
        with django_assert_num_queries(1) as inserted, audit_rows_together():
            written = _event("first"), _event("second")
            assert [event.pk for event in written] == [None, None]  # not yet
        return written, inserted

    with transaction.atomic():
        (first, second), inserted = write_two()

    assert inserted.captured_queries[0]["sql"].startswith("INSERT INTO")
    rows = AuditEvent.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk")
    assert [row.object_repr for row in rows] == ["first", "second"]
    assert [(row.chain_seq, row.chain_hash) for row in rows] == [(None, ""), (None, "")]


def test_rows_written_together_hold_what_one_by_one_writes():
    with transaction.atomic():
        alone = _event("same")
        with audit_rows_together():
            together = _event("same")
            _event("other")

    fields = [name for name in HASHED_FIELDS if name != "occurred_at"]
    alone_row, together_row = (
        AuditEvent.objects.filter(pk=pk).values(*fields).get() for pk in (alone.pk, together.pk)
    )
    assert alone_row == together_row


def test_rows_written_together_are_chained_when_they_commit(
    django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
        audit_rows_together(),
    ):
        first, second = _event("first"), _event("second")

    assert len(callbacks) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.chain_seq == first.chain_seq + 1


def test_a_block_that_fails_writes_no_row():
    before = AuditEvent.objects.count()

    with pytest.raises(ValueError), transaction.atomic(), audit_rows_together():
        _event("first")
        raise ValueError("the write failed")

    assert AuditEvent.objects.count() == before


def test_a_row_written_is_not_written_again_together():
    with transaction.atomic():
        written = _event("once")
        with pytest.raises(ImmutableError):
            AuditEvent.create_together([written])
