"""The API's lists: a cost that does not grow with their rows, and the name search ranked."""

import pytest

from tests.factories import PersonFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 20])
def test_the_placement_list_costs_as_many_queries_for_20_rows_as_for_1(
    client_with_token, counter, rows, django_assert_max_num_queries
):
    for placement in PlacementFactory.create_batch(rows):
        placement.documents.create(kind="ktp", file="private/ktp.pdf", size=1, sha256="0" * 64)
    api = client_with_token(counter)
    api.get("/api/v1/placements/")  # the token's first use is written once

    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/placements/")

    results = response.json()["results"]
    assert len(results) == rows
    assert all(row["missing_documents"] == [] for row in results)


def test_the_worker_search_by_name_lists_the_best_match_first(client_with_token, counter):
    exact = PersonFactory(full_name="Siti Aminah")
    PersonFactory(full_name="Siti Aminah Rahayu")  # newer: first in the list's own order

    results = client_with_token(counter).get("/api/v1/workers/", {"q": "Siti Aminah"}).json()

    names = [row["full_name"] for row in results["results"]]
    assert names == ["Siti Aminah", "Siti Aminah Rahayu"]
    assert results["results"][0]["id"] == exact.pk


def test_an_ordering_the_client_asks_wins_over_the_ranking(client_with_token, counter):
    PersonFactory(full_name="Siti Aminah")
    PersonFactory(full_name="Siti Aminah Rahayu")

    results = client_with_token(counter).get(
        "/api/v1/workers/", {"q": "Siti Aminah", "ordering": "-full_name"}
    )

    names = [row["full_name"] for row in results.json()["results"]]
    assert names == ["Siti Aminah Rahayu", "Siti Aminah"]
