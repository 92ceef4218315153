"""The bench's write scenarios, its query counts and its memory figures, without a server."""

import os
import random

import pytest
from django.urls import reverse

from bench.figures import (
    LoadResult,
    MixedResult,
    NotMeasured,
    memory_figures,
    mixed_figures,
)
from bench.queries import TestClientAdapter, count_queries
from bench.run import STAGE_MOVE_MAX_HISTORY, resident_mb, stage_move_pool, why_not_runnable
from bench.scenarios import (
    SCENARIOS_BY_NAME,
    Scenario,
    registration_index,
    registration_nik,
    same_page,
)
from placements.models import Placement, StageChange
from placements.stages import DocumentKind, Stage
from pmi_portal.identity.nik import parse_nik
from pmi_portal.people.models import Person
from tests.factories import AgencyFactory, PlacementFactory, office


def test_every_registration_of_the_scenario_gets_a_nik_of_its_own_that_the_rules_accept():
    niks = set()
    for index in range(0, 20_000, 7):
        nik, birth_date = registration_nik(index)
        parsed = parse_nik(nik)
        assert (parsed.sex, parsed.birth_date, parsed.regency_code) == ("F", birth_date, "3603")
        assert registration_index(parsed.birth_date, int(parsed.serial)) == index
        niks.add(nik)

    assert len(niks) == len(range(0, 20_000, 7))


@pytest.mark.django_db
def test_the_registration_scenario_registers_a_cpmi_with_her_placement(counter_client):
    context = {"active_agency_pks": [AgencyFactory().pk], "registration_next_index": 41}
    adapter = TestClientAdapter(counter_client)

    SCENARIOS_BY_NAME["counter_register_cpmi"].request(adapter, context, random.Random(1))

    assert adapter.failures == []
    assert adapter.requests == 2
    worker = Person.objects.get(nik=registration_nik(41)[0])
    assert worker.placements.get().stage == Stage.REGISTERED
    assert context["registration_next_index"] == 42


@pytest.mark.django_db
def test_the_stage_move_scenario_moves_a_placement_on_then_back(counter, counter_client):
    placement = PlacementFactory()
    pool = stage_move_pool(counter.username, 5)
    assert pool == [(placement.pk, placement.worker_id)]
    assert placement.documents.get().kind == DocumentKind.KTP
    context = {"stage_move_placements": pool}
    adapter = TestClientAdapter(counter_client)
    move = SCENARIOS_BY_NAME["counter_stage_move"].request

    move(adapter, context, random.Random(1))
    placement.refresh_from_db()
    assert placement.stage == Stage.SELECTION
    move(adapter, context, random.Random(1))
    placement.refresh_from_db()

    assert adapter.failures == []
    assert placement.stage == Stage.REGISTERED
    assert context["stage_move_placements"] == [(placement.pk, placement.worker_id)]
    assert stage_move_pool(counter.username, 5) == pool
    assert placement.documents.count() == 1


@pytest.mark.django_db
def test_a_placement_moved_too_often_leaves_the_pool_for_a_fresh_one(counter, settings):
    worn, fresh = PlacementFactory(), PlacementFactory()
    assert stage_move_pool(counter.username, 1) == [(worn.pk, worn.worker_id)]
    StageChange.objects.bulk_create(
        StageChange(
            placement=worn,
            from_state="registered",
            to_state="selection",
            kind="forward",
            office=worn.office,
        )
        for _ in range(STAGE_MOVE_MAX_HISTORY + 1)
    )

    pool = stage_move_pool(counter.username, 1)

    assert pool == [(fresh.pk, fresh.worker_id)]
    assert fresh.documents.get().kind == DocumentKind.KTP


@pytest.mark.django_db
def test_a_placement_whose_agency_lost_its_licence_is_not_moved(counter):
    PlacementFactory(agency=AgencyFactory(status="suspended"))

    assert stage_move_pool(counter.username, 5) == []
    assert not Placement.objects.filter(documents__isnull=False).exists()


def test_a_scenario_whose_pool_is_smaller_than_its_users_is_not_run():
    scenario = SCENARIOS_BY_NAME["counter_stage_move"]
    context = {"stage_move_placements": [[1, 2], [3, 4]]}

    assert why_not_runnable(scenario, context, 2, None) is None
    assert "fewer than its 3 users" in why_not_runnable(scenario, context, 3, None)
    assert "no synthetic data" in why_not_runnable(scenario, context, 2, "not generated")


@pytest.mark.django_db
def test_queries_are_counted_for_one_run_of_the_scenario(project_urls):
    project_urls(enabled=True)
    serang = office("upt-serang")
    bare = Scenario("bare", same_page(reverse("bench:bare", args=[serang.pk])))

    assert count_queries(bare, {}, None) == 1


@pytest.mark.django_db
def test_a_scenario_that_fails_has_no_query_count(counter):
    missing_page = Scenario("nowhere", same_page("/registry/workers/0/"), username="x")

    with pytest.raises(ValueError, match="HTTP 404"):
        count_queries(missing_page, {}, counter)


def _load(requests: int, failures: int, p95: int) -> LoadResult:
    return LoadResult(requests, failures, 10, p95, requests / 60, 0.4)


def test_the_mixed_run_reports_its_errors_each_scenario_and_each_web_worker():
    outcome = MixedResult(
        total=_load(900, 0, 80),
        scenarios={"counter_home": _load(600, 0, 70), "head_audit": _load(300, 0, 90)},
    )

    figures = mixed_figures(
        outcome, ["counter_home", "head_audit"], {201: 90.0, 202: 91.5}, {201: 96.0}
    )

    assert {name: figure.value for name, figure in figures.items()} == {
        "mixed_requests": 900,
        "mixed_errors": 0,
        "mixed_rps": 15.0,
        "mixed_counter_home_p95_ms": 70,
        "mixed_head_audit_p95_ms": 90,
        "mixed_web_worker_1_rss_start_mb": 90.0,
        "mixed_web_worker_1_rss_end_mb": 96.0,
        "mixed_web_worker_2_rss_start_mb": 91.5,
        "mixed_web_worker_2_rss_end_mb": None,
    }
    assert figures["mixed_web_worker_2_rss_end_mb"].missing == "gunicorn replaced this worker"


def test_a_mixed_scenario_with_failures_has_no_p95_and_the_errors_are_counted():
    outcome = MixedResult(total=_load(900, 3, 80), scenarios={"counter_home": _load(900, 3, 70)})

    figures = mixed_figures(outcome, ["counter_home"], {}, {})

    assert figures["mixed_errors"].value == 3
    assert figures["mixed_counter_home_p95_ms"].missing == "3 of 900 requests failed"


def test_a_mixed_run_that_could_not_run_has_its_figures_missing_with_the_reason():
    figures = mixed_figures(NotMeasured("the server did not start"), ["counter_home"], {}, {})

    assert {figure.missing for figure in figures.values()} == {"the server did not start"}
    assert "mixed_counter_home_p95_ms" in figures


def test_the_memory_figures_are_the_largest_web_worker_at_start_and_end():
    figures = memory_figures({1: 90.0, 2: 95.5}, {1: 120.0, 2: 101.0})

    assert figures["web_worker_rss_start_mb"].value == 95.5
    assert figures["web_worker_rss_end_mb"].value == 120.0
    assert memory_figures({}, {}, "no server")["web_worker_rss_end_mb"].missing == "no server"


def test_the_resident_memory_of_a_process_is_read_from_proc():
    assert resident_mb(os.getpid()) > 1
    assert resident_mb(2**22 + 1) is None
