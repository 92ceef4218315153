"""kept_rows: a values_list() query's SQL kept per key gives the rows the queryset gives, read
anew each time; kept_instances the queryset's model instances."""

import pytest
from django.db.models import F

from placements.models import Placement
from pmi_portal.web.kept_sql import (
    KEY_STAND_IN,
    kept_compiled,
    kept_instances,
    kept_related,
    kept_rows,
)
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


def test_kept_instances_are_the_querysets_instances_with_their_joins_and_annotations(
    django_assert_num_queries,
):
    first = PlacementFactory(worker=PersonFactory(full_name="Siti"))
    PlacementFactory(worker=PersonFactory(full_name="Dewi"), scheme="g2g", agency=None)

    def build():
        return (
            Placement.objects.select_related("worker", "agency", "destination")
            .annotate(worker_name=F("worker__full_name"))
            .filter(pk__gte=KEY_STAND_IN)
            .order_by("pk")
        )

    assert kept_instances(("test.instances",), build, first.pk) != []
    fresh = list(build().filter(pk__gte=first.pk))
    with django_assert_num_queries(1):
        kept = kept_instances(("test.instances",), build, first.pk)
        assert [
            (
                placement.__dict__ | {"_state": None},
                placement.worker.__dict__ | {"_state": None},
                placement.agency and placement.agency.__dict__ | {"_state": None},
                placement.destination.__dict__ | {"_state": None},
                placement._state.adding,
                placement._state.db,
            )
            for placement in kept
        ] == [
            (
                placement.__dict__ | {"_state": None},
                placement.worker.__dict__ | {"_state": None},
                placement.agency and placement.agency.__dict__ | {"_state": None},
                placement.destination.__dict__ | {"_state": None},
                False,
                "default",
            )
            for placement in fresh
        ]
    assert [placement.worker_name for placement in kept] == ["Siti", "Dewi"]
    assert kept[1].agency is None


def test_kept_instances_are_read_anew_with_each_key():
    siti, dewi = PlacementFactory(), PlacementFactory()

    def build():
        return Placement.objects.filter(pk=KEY_STAND_IN)

    assert [p.pk for p in kept_instances(("test.each",), build, siti.pk)] == [siti.pk]
    Placement.objects.filter(pk=dewi.pk).update(employer_name="Changed")
    assert [p.employer_name for p in kept_instances(("test.each",), build, dewi.pk)] == ["Changed"]
    assert kept_instances(("test.each",), build, dewi.pk + 1000) == []


def test_kept_instances_of_a_query_that_matches_nothing_read_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert kept_instances(("test.none-instances",), Placement.objects.none, 1) == []


@pytest.mark.parametrize(
    "build",
    [
        lambda: Placement.objects.filter(pk=1),  # no stand-in
        lambda: Placement.objects.filter(pk=KEY_STAND_IN, worker_id=KEY_STAND_IN),  # twice
        lambda: Placement.objects.filter(pk=KEY_STAND_IN).prefetch_related("documents"),
        lambda: Placement.objects.filter(pk=KEY_STAND_IN).values_list("pk"),
    ],
)
def test_kept_instances_refuse_what_they_cannot_read_as_the_queryset(build):
    with pytest.raises(ValueError):
        kept_instances(("test.refused", id(build)), build, 1)


def _document(placement, kind: str):
    return placement.documents.create(
        kind=kind, file=f"{kind}.pdf", original_name=f"{kind}.pdf", size=1, sha256="0" * 64
    )


def test_kept_related_rows_are_the_prefetchs_and_are_kept_on_the_instance(
    django_assert_num_queries,
):
    placement, other = PlacementFactory(), PlacementFactory()
    for kind in ("visa", "ktp", "bpjs_card"):
        _document(placement, kind)
    _document(other, "ktp")
    prefetched = Placement.objects.prefetch_related("documents").get(pk=placement.pk)
    kept = Placement.objects.get(pk=placement.pk)

    with django_assert_num_queries(1):
        rows = kept_related(kept, "documents")
        assert list(kept.documents.all()) == rows
        assert [document.placement for document in rows] == [kept] * 3
        assert kept_related(kept, "documents") == rows  # held: not read again
    assert rows == list(prefetched.documents.all())
    assert [document.__dict__ | {"_state": None} for document in rows] == [
        document.__dict__ | {"_state": None} for document in prefetched.documents.all()
    ]


def test_kept_related_reads_each_instance_anew():
    placement = PlacementFactory()
    assert kept_related(Placement.objects.get(pk=placement.pk), "documents") == []
    document = _document(placement, "ktp")

    assert kept_related(Placement.objects.get(pk=placement.pk), "documents") == [document]
