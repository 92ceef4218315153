"""kept_rows: a values_list() query's SQL kept per key gives the rows the queryset gives, read
anew each time."""

import pytest

from placements.models import Placement
from pmi_portal.web.kept_sql import kept_compiled, kept_rows
from tests.factories import PersonFactory, PlacementFactory

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


def test_what_was_typed_takes_the_stand_ins_place_on_each_read():
    PlacementFactory(worker=PersonFactory(full_name="Siti"))
    PlacementFactory(worker=PersonFactory(full_name="Dewi"))
    stand_in = "\x00typed\x00"

    def build():
        return Placement.objects.filter(worker__full_name=stand_in).values_list(
            "worker__full_name", flat=True
        )

    assert kept_rows(("test.typed",), build, typed={stand_in: "Siti"}) == ["Siti"]
    assert kept_rows(("test.typed",), build, typed={stand_in: "Dewi"}) == ["Dewi"]
    assert kept_rows(("test.typed",), build, typed={stand_in: "Ani"}) == []


def test_what_is_compiled_is_made_once_per_key_even_when_it_is_none():
    made = []

    def make(connection):
        made.append(connection)
        return None  # "matches nothing" is kept too

    assert kept_compiled(("test.once",), make) is None
    assert kept_compiled(("test.once",), make) is None
    assert kept_compiled(("test.other",), make) is None
    assert len(made) == 2
