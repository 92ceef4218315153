"""kept_rows: a values_list() query's SQL kept per key gives the rows the queryset gives, read
anew each time; scope_key holds all a restricted query's SQL depends on."""

import pytest

from cases.models import Case
from outreach.models import Activity
from placements.models import Placement
from pmi_portal.access.roles import Role
from pmi_portal.web.kept_sql import kept_rows, scope_key
from tests.factories import PersonFactory, PlacementFactory, UserFactory, office

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "listed",
    [
        {},
        {"named": True},
        {"flat": True},
    ],
)
def test_kept_rows_are_the_querysets_rows_and_read_anew(listed):
    fields = ("stage",) if listed.get("flat") else ("pk", "worker__full_name", "stage_changed_at")
    PlacementFactory(worker=PersonFactory(full_name="Siti"))

    def build():
        return Placement.objects.order_by("pk").values_list(*fields, **listed)

    key = ("test.kept", tuple(listed))
    first = kept_rows(key, build)
    PlacementFactory(worker=PersonFactory(full_name="Dewi"))
    second = kept_rows(key, build)
    assert len(first) == 1
    fresh = list(build())

    assert second == fresh
    assert len(second) == 2
    assert type(second[0]) is type(fresh[0])


def test_a_query_that_matches_nothing_reads_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert kept_rows(("test.none",), lambda: Placement.objects.none().values_list("pk")) == []


def test_the_scope_key_tells_offices_assignees_and_the_permissionless_apart():
    serang = UserFactory(role=Role.COUNTER_OFFICER)
    serang_too = UserFactory(role=Role.COUNTER_OFFICER)
    pontianak = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))
    analyst = UserFactory(role=Role.NATIONAL_ANALYST, office=office("hq"))
    no_role = UserFactory(role="")

    assert scope_key(serang, Placement) == scope_key(serang_too, Placement)
    assert scope_key(serang, Placement) != scope_key(pontianak, Placement)
    assert scope_key(analyst, Activity) != scope_key(serang, Activity)
    assert scope_key(no_role, Placement) is None
    # Cases assigned to a handler are theirs whatever their office: the user is in the key.
    handler = UserFactory(role=Role.CASE_HANDLER)
    handler_too = UserFactory(role=Role.CASE_HANDLER)
    assert scope_key(handler, Case) is not None
    assert scope_key(handler, Case) != scope_key(handler_too, Case)
