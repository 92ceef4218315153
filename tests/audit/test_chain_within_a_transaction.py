"""A transaction that appends several audit events locks the chain and reads its last hash
once: each later event builds on the one the transaction wrote, and the chain still holds
after savepoints and transactions roll back."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from pmi_portal.audit.chain import HASHED_FIELDS, chain_of
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.audit.services import audit_record

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append lock is PostgreSQL's"
)


def _event(text: str) -> AuditEvent:
    return audit_record(action=AuditAction.LOGIN_FAILED, actor=None, object_repr=text)


def _chain_holds() -> bool:
    rows = AuditEvent.objects.order_by("pk").values("pk", "chain_hash", *HASHED_FIELDS)
    return all(row["chain_hash"] == expected for row, expected in chain_of(rows))


@pytest.mark.django_db
def test_a_second_event_of_a_transaction_is_chained_without_asking_the_lock_or_hash_again(
    django_assert_num_queries,
):
    with transaction.atomic():
        _event("first")
        with django_assert_num_queries(1) as second:
            _event("second")

    assert second.captured_queries[0]["sql"].startswith("INSERT INTO")
    assert _chain_holds()


@pytest.mark.django_db
def test_an_event_after_a_savepoint_rolled_back_builds_on_the_event_before_it():
    with transaction.atomic():
        kept = _event("kept")
        with pytest.raises(RuntimeError), transaction.atomic():
            _event("rolled back")
            raise RuntimeError
        after = _event("after")

    assert list(AuditEvent.objects.order_by("pk").values_list("object_repr", flat=True))[-2:] == [
        "kept",
        "after",
    ]
    assert kept.chain_hash != after.chain_hash
    assert _chain_holds()


@pytest.mark.django_db(transaction=True)
def test_an_event_after_a_transaction_rolled_back_builds_on_the_last_committed_one(capsys):
    _event("committed")
    with pytest.raises(RuntimeError), transaction.atomic():
        _event("rolled back")
        raise RuntimeError
    _event("next")

    call_command("verify_audit")
    assert "audit events verify" in capsys.readouterr().out
    assert list(AuditEvent.objects.order_by("pk").values_list("object_repr", flat=True)) == [
        "committed",
        "next",
    ]


@pytest.mark.django_db(transaction=True)
@postgresql_only
def test_a_transaction_appending_twice_and_another_writer_keep_one_chain(capsys):
    """A appends, B waits for the lock, A appends again from what it carries and commits; B's
    event then builds on A's second, and a new transaction of A reads the chain afresh."""
    a_wrote = threading.Event()
    b_waiting = threading.Event()
    b_pid: list[int] = []

    def b_waits_for_the_lock() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", b_pid)
            return cursor.fetchone()[0] == "Lock"

    def writer_a():
        with transaction.atomic():
            _event("a1")
            a_wrote.set()
            b_waiting.wait()
            _event("a2")
        _event("a3")
        connection.close()

    def writer_b():
        a_wrote.wait()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            b_pid.append(cursor.fetchone()[0])
        watcher = threading.Thread(target=watch)
        watcher.start()
        _event("b")
        watcher.join()
        connection.close()

    def watch():
        while not b_waits_for_the_lock():
            threading.Event().wait(0.01)
        b_waiting.set()
        connection.close()

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    call_command("verify_audit")
    assert "audit events verify" in capsys.readouterr().out
    order = list(AuditEvent.objects.order_by("pk").values_list("object_repr", flat=True))
    assert order[:2] == ["a1", "a2"]
    assert sorted(order[2:]) == ["a3", "b"]
