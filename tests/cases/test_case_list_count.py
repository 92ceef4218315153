"""The cases lists' counts kept until a case changes: each listing counted once, counted anew
once a case opened, saved, assigned, transferred or deleted commits; never another reader's
count; the overdue view, which the clock changes, always counted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from tests.cases.factories import CaseFactory
from tests.factories import office

pytestmark = pytest.mark.django_db

_COUNT = 'SELECT COUNT(*) AS "func1" FROM "cases_case"'


def _listed(client, user, view: str) -> tuple[int, int]:
    """(the list's count of cases, how many times it counted them)."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("cases:list"), {"view": view})
    assert page.status_code == 200
    counted = [query for query in queries if query["sql"].startswith(_COUNT)]
    return page.context["page_obj"].paginator.count, len(counted)


def test_a_list_is_counted_once_until_a_case_is_saved_or_deleted(
    client, handler, lists_kept, django_capture_on_commit_callbacks
):
    for _ in range(3):
        CaseFactory(assigned_to=handler)

    assert _listed(client, handler, "all") == (3, 1)
    assert _listed(client, handler, "all") == (3, 0)
    assert _listed(client, handler, "mine") == (3, 1)
    with django_capture_on_commit_callbacks(execute=True):
        added = CaseFactory(assigned_to=handler)
    assert _listed(client, handler, "all") == (4, 1)
    assert _listed(client, handler, "mine") == (4, 1)
    with django_capture_on_commit_callbacks(execute=True):
        added.state = "closed"
        added.save()
    assert _listed(client, handler, "mine") == (3, 1)
    assert _listed(client, handler, "all") == (4, 1)
    with django_capture_on_commit_callbacks(execute=True):
        added.delete()
    assert _listed(client, handler, "all") == (3, 1)
    assert _listed(client, handler, "all") == (3, 0)


def test_an_assignment_and_a_transfer_count_the_lists_anew(
    client, handler, head, administrator, lists_kept, django_capture_on_commit_callbacks
):
    case = CaseFactory()
    CaseFactory(assigned_to=handler)
    assert _listed(client, handler, "mine") == (1, 1)

    with django_capture_on_commit_callbacks(execute=True):
        assigned = services.case_assign(
            actor=head, case=case, assignee=handler, expected_version=case.version
        )
    assert _listed(client, handler, "mine") == (2, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_transfer(
            actor=administrator,
            case=assigned,
            office=office("upt-pontianak"),
            reason="Korban kini tinggal di Sambas",
            expected_version=assigned.version,
        )
    assert _listed(client, handler, "mine") == (1, 1)


def test_a_change_not_yet_committed_leaves_the_kept_count_unused_after_the_commit(
    client, handler, lists_kept, django_capture_on_commit_callbacks
):
    CaseFactory()
    assert _listed(client, handler, "all") == (1, 1)

    with django_capture_on_commit_callbacks(execute=False) as waiting:
        CaseFactory()
    assert _listed(client, handler, "all") == (1, 0)  # kept: the change has not committed
    for renew in waiting:
        renew()

    assert _listed(client, handler, "all") == (2, 1)


def test_each_reader_gets_the_count_of_their_own_scope(client, handler, outsider, lists_kept):
    for _ in range(3):
        CaseFactory()
    CaseFactory(regency_id="6171", office=office("upt-pontianak"))

    for _ in range(2):
        assert _listed(client, handler, "all")[0] == 3
        assert _listed(client, outsider, "all")[0] == 1
        assert _listed(client, outsider, "mine")[0] == 0


def test_the_overdue_list_is_counted_each_time(client, handler, lists_kept):
    CaseFactory(due_at=None)

    assert _listed(client, handler, "overdue")[1] == 1
    assert _listed(client, handler, "overdue")[1] == 1
