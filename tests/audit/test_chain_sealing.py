"""An audited write appends its event with one INSERT and waits for no other writer; the
events are chained once they commit (`seal`), in the order the sealer meets them, and the
chain verifies whatever rolled back or committed late."""

import threading
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction

from pmi_portal.audit import tasks
from pmi_portal.audit.chain import GENESIS, HASHED_FIELDS, SEAL_QUEUED_KEY, chain_of, seal
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.audit.services import audit_record

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="writers side by side need PostgreSQL"
)


def _event(text: str) -> AuditEvent:
    return audit_record(action=AuditAction.LOGIN_FAILED, actor=None, object_repr=text)


def _chain() -> list[str]:
    """The chained events' texts in the chain's order, after checking every link."""
    rows = list(
        AuditEvent.objects.filter(chain_seq__isnull=False)
        .order_by("chain_seq")
        .values("pk", "chain_hash", *HASHED_FIELDS)
    )
    assert all(row["chain_hash"] == expected for row, expected in chain_of(rows))
    return [row["object_repr"] for row in rows]


@pytest.mark.django_db
def test_an_event_is_one_insert_with_no_lock_and_no_read(django_assert_num_queries):
    with transaction.atomic():
        _event("first")
        with django_assert_num_queries(1) as second:
            _event("second")

    assert second.captured_queries[0]["sql"].startswith("INSERT INTO")


@pytest.mark.django_db
def test_events_are_chained_when_their_transaction_commits(
    django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # no broker: sealed in the committing process
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        first, second = _event("first"), _event("second")
        assert AuditEvent.objects.filter(chain_seq__isnull=True).count() == 2

    # One sealing for the transaction, however many events it wrote.
    assert len(callbacks) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.chain_seq == first.chain_seq + 1
    assert GENESIS != first.chain_hash != second.chain_hash
    assert _chain()[-2:] == ["first", "second"]


@pytest.mark.django_db
def test_sealing_twice_chains_nothing_more():
    _event("one")
    assert seal() == 1
    kept = AuditEvent.objects.get(object_repr="one").chain_hash

    assert seal() == 0
    assert AuditEvent.objects.get(object_repr="one").chain_hash == kept


@pytest.mark.django_db
def test_sealing_in_batches_keeps_one_chain():
    for n in range(7):
        _event(f"e{n}")

    assert seal(batch=3) == 7
    assert _chain() == [f"e{n}" for n in range(7)]


@pytest.mark.django_db
def test_an_event_rolled_back_leaves_no_gap_in_the_chain():
    _event("kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        _event("rolled back")
        raise RuntimeError
    _event("after")

    seal()
    assert _chain() == ["kept", "after"]


@pytest.mark.django_db(transaction=True)
def test_verify_audit_chains_what_waits_and_verifies_it(capsys):
    _event("committed")
    with pytest.raises(RuntimeError), transaction.atomic():
        _event("rolled back")
        raise RuntimeError

    call_command("verify_audit")

    assert "all 1 audit events verify" in capsys.readouterr().out
    assert not AuditEvent.objects.filter(chain_seq__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
@postgresql_only
def test_a_writer_does_not_wait_for_another_and_a_late_commit_is_chained_where_met(
    capsys, settings
):
    """A writes and holds its transaction open; B writes and commits meanwhile, and is sealed
    first; A's event, an older id, is chained after B's when A commits."""
    settings.CELERY_TASK_ALWAYS_EAGER = True  # each sealed by its writer's commit
    a_wrote, b_done = threading.Event(), threading.Event()

    def writer_a():
        with transaction.atomic():
            _event("a")
            a_wrote.set()
            assert b_done.wait(10), "B waited for A"
        connection.close()

    def writer_b():
        a_wrote.wait()
        _event("b")
        b_done.set()
        connection.close()

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert b_done.is_set()
    a, b = (AuditEvent.objects.get(object_repr=text) for text in "ab")
    assert a.pk < b.pk
    assert b.chain_seq < a.chain_seq  # on commit: B sealed while A was still open
    call_command("verify_audit")
    assert "audit events verify" in capsys.readouterr().out


@pytest.mark.django_db
def test_with_a_broker_the_sealing_is_queued_once_while_one_waits(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.delete(SEAL_QUEUED_KEY)
    with mock.patch.object(tasks.seal_audit, "delay") as delay:
        from pmi_portal.audit.chain import seal_soon

        seal_soon()
        seal_soon()
        assert delay.call_count == 1

        _event("waiting")
        # The task clears the mark first, so a commit meanwhile queues the next one.
        assert tasks.seal_audit() == 1
        seal_soon()
        assert delay.call_count == 2
    cache.delete(SEAL_QUEUED_KEY)


@pytest.mark.django_db
def test_a_sealing_that_fails_leaves_the_write_committed_and_the_event_waiting(
    django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    failing = mock.patch("pmi_portal.audit.chain.seal", side_effect=RuntimeError("disk full"))
    with failing, django_capture_on_commit_callbacks(execute=True) as callbacks:
        _event("written")

    assert len(callbacks) == 1
    assert AuditEvent.objects.get(object_repr="written").chain_seq is None
    assert seal() == 1  # the next sealing chains it
