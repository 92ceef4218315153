"""The rows of each page of the cases lists kept as their counts are: read once per listing and
page, read anew once a case opened, moved, assigned or deleted commits; never another reader's
rows; the overdue view, which the clock changes, always read."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from tests.cases.factories import CaseFactory
from tests.factories import office

pytestmark = pytest.mark.django_db

_ROWS = 'SELECT "cases_case"."id" AS "pk", "cases_case"."reference"'


def _listed(client, user, view: str, page: int = 1) -> tuple[list[tuple[str, str]], int]:
    """((reference, state) of each row, how many times the rows were read)."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(reverse("cases:list"), {"view": view, "page": page})
    assert answer.status_code == 200
    read = [query for query in queries if query["sql"].startswith(_ROWS)]
    return [(row.reference, row.state) for row in answer.context["cases"]], len(read)


def test_a_page_is_read_once_until_a_case_is_saved_or_deleted(
    client, handler, lists_kept, django_capture_on_commit_callbacks
):
    cases = [CaseFactory(assigned_to=handler) for _ in range(3)]

    rows, read = _listed(client, handler, "all")
    assert (len(rows), read) == (3, 1)
    assert _listed(client, handler, "all") == (rows, 0)
    with django_capture_on_commit_callbacks(execute=True):
        cases[0].state = "closed"
        cases[0].save()
    rows, read = _listed(client, handler, "all")
    assert read == 1
    assert (cases[0].reference, "closed") in rows
    with django_capture_on_commit_callbacks(execute=True):
        cases[1].delete()
    rows, read = _listed(client, handler, "all")
    assert (len(rows), read) == (2, 1)
    assert cases[1].reference not in {reference for reference, _state in rows}


def test_an_assignment_reads_the_handlers_list_anew(
    client, handler, head, lists_kept, django_capture_on_commit_callbacks
):
    case = CaseFactory()
    CaseFactory(assigned_to=handler)
    assert len(_listed(client, handler, "mine")[0]) == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.case_assign(actor=head, case=case, assignee=handler, expected_version=case.version)

    rows, read = _listed(client, handler, "mine")
    assert (len(rows), read) == (2, 1)
    assert case.reference in {reference for reference, _state in rows}


def test_a_change_not_yet_committed_leaves_the_kept_rows_unused_after_the_commit(
    client, handler, lists_kept, django_capture_on_commit_callbacks
):
    CaseFactory()
    assert _listed(client, handler, "all")[1] == 1

    with django_capture_on_commit_callbacks(execute=False) as waiting:
        added = CaseFactory()
    assert _listed(client, handler, "all")[1] == 0  # kept: the change has not committed
    for renew in waiting:
        renew()

    rows, read = _listed(client, handler, "all")
    assert read == 1
    assert added.reference in {reference for reference, _state in rows}


def test_each_reader_and_each_page_gets_its_own_rows(client, handler, outsider, lists_kept):
    serang = [CaseFactory().reference for _ in range(55)]
    pontianak = CaseFactory(regency_id="6171", office=office("upt-pontianak"))

    for _ in range(2):
        first, second = _listed(client, handler, "all")[0], _listed(client, handler, "all", 2)[0]
        assert len(first) == 50
        assert len(second) == 5
        assert {reference for reference, _state in first + second} == set(serang)
        assert _listed(client, outsider, "all")[0] == [(pontianak.reference, pontianak.state)]
        assert _listed(client, outsider, "mine")[0] == []


def test_the_overdue_list_is_read_each_time(client, handler, lists_kept):
    CaseFactory(due_at=timezone.now() - datetime.timedelta(days=1))

    assert _listed(client, handler, "overdue")[1] == 1
    assert _listed(client, handler, "overdue")[1] == 1
