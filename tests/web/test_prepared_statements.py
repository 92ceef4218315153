"""execute_kept: on PostgreSQL a kept statement is prepared once per connection and executed by
name, answering what the statement answers unprepared; on SQLite it runs as it is."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from cases.selectors import case_shown, parties_and_agencies, timeline_and_length
from placements.models import Placement
from pmi_portal import db
from pmi_portal.access.roles import Role
from pmi_portal.access.scoping import scope_of
from pmi_portal.db import execute_kept
from pmi_portal.web.kept_sql import KEY_STAND_IN, kept_instances, kept_related, kept_rows
from tests.cases.factories import CaseFactory
from tests.factories import PersonFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


@pytest.fixture
def no_statements_prepared():
    """The connection with no statement prepared, nor any recorded."""
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    db._prepared.pop(connection.connection, None)


def prepared() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def kept(sql: str, params) -> list:
    with connection.cursor() as cursor:
        execute_kept(cursor, sql, params)
        return cursor.fetchall()


def plain(sql: str, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def name_of(sql: str) -> str | None:
    return db._prepared.get(connection.connection, {}).get(sql)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded database's path")
def test_on_sqlite_a_kept_statement_runs_as_it_is():
    PersonFactory(full_name="Siti")
    sql = "SELECT full_name FROM people_person WHERE full_name = %s"
    with CaptureQueriesContext(connection) as captured:
        assert kept(sql, ["Siti"]) == [("Siti",)]
    assert [query["sql"] for query in captured] == [
        "SELECT full_name FROM people_person WHERE full_name = 'Siti'"
    ]
    assert connection.connection not in db._prepared


@on_postgresql
def test_a_kept_statement_is_prepared_once_per_connection_and_executed_by_name():
    PersonFactory(full_name="Siti")
    sql = "SELECT full_name FROM people_person WHERE full_name = %s AND id > %s"
    with CaptureQueriesContext(connection) as captured:
        assert kept(sql, ["Siti", 0]) == plain(sql, ["Siti", 0]) == [("Siti",)]
        assert kept(sql, ["Dewi", 0]) == plain(sql, ["Dewi", 0]) == []
    assert name_of(sql) in prepared()
    assert [query["sql"] for query in captured] == [
        "SELECT full_name FROM people_person WHERE full_name = 'Siti' AND id > 0",
    ] * 2 + ["SELECT full_name FROM people_person WHERE full_name = 'Dewi' AND id > 0"] * 2


@on_postgresql
def test_the_plans_compared_before_preparing_leave_the_sessions_plan_cache_mode_as_it_was():
    kept("SELECT %s + 5", [1])
    with transaction.atomic():
        kept("SELECT %s + 6", [1])
        assert plain("SHOW plan_cache_mode", None) == [("auto",)]
    assert plain("SHOW plan_cache_mode", None) == [("auto",)]


@on_postgresql
def test_a_prepared_statement_is_executed_by_its_name():
    sql = "SELECT %s + 4"
    kept(sql, [1])
    with connection.cursor() as cursor:
        execute_kept(cursor, sql, [2])
        sent = cursor.cursor.query.decode()
    assert sent == f"EXECUTE {name_of(sql)}(2)"


@on_postgresql
def test_each_kind_of_kept_read_answers_as_its_queryset_does_prepared():
    worker = PersonFactory(full_name="Siti <&\"'>")
    placement = PlacementFactory(worker=worker)
    PlacementFactory(worker=PersonFactory(full_name="Dewi"))
    stand_in = "\x00typed\x00"

    def named():
        return Placement.objects.filter(worker__full_name=stand_in).values_list(
            "pk", "worker__full_name", "created_at", named=True
        )

    for _ in range(7):  # past the five custom plans PostgreSQL makes before a generic one
        rows = kept_rows(("test.prepared",), named, typed={stand_in: worker.full_name})
        assert rows == list(
            Placement.objects.filter(worker=worker).values_list(
                "pk", "worker__full_name", "created_at", named=True
            )
        )
        found = kept_instances(
            ("test.prepared",),
            lambda: Placement.objects.select_related("worker").filter(pk=KEY_STAND_IN),
            placement.pk,
        )
        assert [(p.pk, p.worker.full_name, p.stage) for p in found] == [
            (placement.pk, worker.full_name, placement.stage)
        ]
        assert kept_related(Placement.objects.get(pk=placement.pk), "documents") == []
    assert {name for name in db._prepared[connection.connection].values() if name} <= prepared()


def answers_prepared_then_plain(monkeypatch, answer, *, check_prepared) -> tuple:
    """`answer()`'s last of six runs with its statements prepared (past PostgreSQL's switch to a
    generic plan), `check_prepared()` asked after them, then the same with every statement run
    as it is: the two answers."""
    answers = []
    for _ in range(2):
        for _ in range(6):
            last = answer()
        answers.append(last)
        check_prepared()
        # The second pass runs plain.
        monkeypatch.setattr(db, "_prepare", lambda *args: None)
        db._prepared.pop(connection.connection, None)
    db._prepared.pop(connection.connection, None)
    return tuple(answers)


@on_postgresql
def test_the_case_pages_reads_answer_the_same_prepared_as_plain(
    monkeypatch, no_statements_prepared
):
    handler = UserFactory(role=Role.CASE_HANDLER)
    case = CaseFactory(assigned_to=handler, outcome="<b>&\"'")
    scope_of(handler)  # as the request's middleware has it

    def answer():
        shown = case_shown(handler, case.pk)
        timeline, length = timeline_and_length(shown)
        parties, agencies = parties_and_agencies(shown)
        return (
            [(f.attname, getattr(shown, f.attname)) for f in shown._meta.concrete_fields],
            [(entry.kind, entry.at, entry.values) for entry in timeline],
            length,
            parties,
            agencies,
        )

    def three_prepared():
        assert len(prepared()) == 3

    prepared_answer, plain_answer = answers_prepared_then_plain(
        monkeypatch, answer, check_prepared=three_prepared
    )
    assert prepared_answer == plain_answer


@on_postgresql
def test_an_int_where_postgresql_infers_no_type_answers_an_int_and_a_date_runs_as_it_is():
    assert kept("SELECT %s", [5]) == [(5,)]
    assert name_of("SELECT %s") is not None
    day = datetime.date(2026, 1, 2)
    assert kept("SELECT %s AS day", [day]) == [(day,)]
    assert name_of("SELECT %s AS day") is None


@on_postgresql
def test_a_parameter_of_no_type_runs_the_statement_as_it_is_and_the_transaction_goes_on():
    sql = "SELECT 1 WHERE %s IS NULL"
    with transaction.atomic():
        assert kept(sql, [None]) == [(1,)]
        assert plain("SELECT 2", None) == [(2,)]
    assert name_of(sql) is None


@on_postgresql
def test_an_array_of_parameters_filtering_each_row_of_a_scan_is_not_prepared():
    PersonFactory(full_name="Siti")
    sql = "SELECT full_name FROM people_person WHERE full_name IN (%s, %s)"
    assert kept(sql, ["Siti", "Dewi"]) == [("Siti",)]
    assert name_of(sql) is None
    assert kept(sql, ["Siti", "Dewi"]) == [("Siti",)]


@on_postgresql
def test_a_statement_in_an_aborted_transaction_fails_as_it_would_and_is_prepared_after():
    sql = "SELECT %s + 1"
    with pytest.raises(DatabaseError), transaction.atomic():
        with pytest.raises(DatabaseError):
            plain("SELECT 1 / 0", None)
        kept(sql, [1])
    assert sql not in db._prepared.get(connection.connection, {})
    assert kept(sql, [1]) == [(2,)]
    assert name_of(sql) in prepared()


@on_postgresql
def test_at_most_so_many_statements_are_prepared_the_oldest_deallocated(
    monkeypatch, no_statements_prepared
):
    monkeypatch.setattr(db, "MOST_PREPARED", 3)
    statements = [f"SELECT %s + {n}" for n in range(5)]
    given = []
    for n, sql in enumerate(statements):
        assert kept(sql, [1]) == [(1 + n,)]
        given.append(name_of(sql))
    names = db._prepared[connection.connection]
    assert list(names) == statements[2:]
    assert set(given[2:]) <= prepared()
    assert not set(given[:2]) & prepared()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_statement_prepared_in_a_rolled_back_transaction_stays_prepared():
    sql = "SELECT %s + 2"
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert kept(sql, [1]) == [(3,)]
        raise ZeroDivisionError
    assert name_of(sql) in prepared()
    assert kept(sql, [2]) == [(4,)]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_its_statements_anew():
    sql = "SELECT %s + 3"
    assert kept(sql, [1]) == [(4,)]
    connection.close()
    assert kept(sql, [2]) == [(5,)]
    assert name_of(sql) in prepared()


@on_postgresql
def test_the_stage_panels_history_and_the_on_record_read_answer_the_same_prepared_as_plain(
    monkeypatch, no_statements_prepared
):
    from placements.selectors import has_placement_on_record, placement_history

    placement = PlacementFactory()

    def two_prepared():
        assert len(prepared()) == 2

    prepared_answer, plain_answer = answers_prepared_then_plain(
        monkeypatch,
        lambda: (placement_history(placement), has_placement_on_record(placement.worker)),
        check_prepared=two_prepared,
    )
    assert prepared_answer == plain_answer
    assert prepared_answer[1] is True
    assert len(prepared_answer[0]) == placement.history.count()


@on_postgresql
def test_a_models_insert_is_prepared_and_writes_what_it_wrote_as_text(
    monkeypatch, no_statements_prepared
):
    from pmi_portal.audit.models import AuditAction, AuditEvent

    actor = UserFactory()

    def written():
        event = AuditEvent(
            action=AuditAction.VIEW_IDENTITY,
            actor=actor,
            actor_username=actor.username,
            object_repr="<b>&\"'",
            changes={"nik": ["", "3603"]},
            ip_address="127.0.0.1",
        )
        db.insert_row(event)
        row = AuditEvent.objects.get(pk=event.pk)
        # All but its key and the time of writing.
        return [
            getattr(row, f.attname)
            for f in row._meta.concrete_fields
            if f.attname not in {"id", "occurred_at"}
        ]

    def insert_prepared():
        assert any(statement.startswith("INSERT INTO") for statement in prepared_statements_text())

    prepared_row, plain_row = answers_prepared_then_plain(
        monkeypatch, written, check_prepared=insert_prepared
    )
    assert prepared_row == plain_row


def prepared_statements_text() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [
            statement.split(" AS ", 1)[1] if " AS " in statement else statement
            for (statement,) in cursor.fetchall()
        ]


def test_rows_written_together_are_one_insert_each_given_its_key_in_order():
    from pmi_portal.audit.models import AuditAction, AuditEvent

    actor = UserFactory()
    events = [
        AuditEvent(action=AuditAction.VIEW_IDENTITY, actor=actor, object_repr=name)
        for name in ("Siti", "Dewi", "Ratna")
    ]

    with CaptureQueriesContext(connection) as captured:
        db.insert_rows(events)

    assert len(captured) == 1
    assert [AuditEvent.objects.get(pk=event.pk).object_repr for event in events] == [
        "Siti",
        "Dewi",
        "Ratna",
    ]
    assert not any(event._state.adding for event in events)
    with pytest.raises(TypeError):
        db.insert_rows([AuditEvent(action=AuditAction.VIEW_IDENTITY), actor])


def test_writing_no_rows_together_is_no_statement():
    with CaptureQueriesContext(connection) as captured:
        db.insert_rows([])

    assert captured.captured_queries == []
