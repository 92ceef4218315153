"""A stage move reads and locks its placement once, and answers the panel and the one row of
the placements table it changed, as a fresh worker page draws them; the worker page reads each
of the placement's tables once, whatever the stage."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.template import Context
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from placements.models import Placement
from placements.services import placement_transition
from placements.templatetags.placement_rows import placement_rows
from pmi_portal.audit.models import AuditAction, AuditEvent
from tests.factories import AgencyFactory, PlacementFactory, UserFactory, office
from tests.placements.conftest import pdf
from tests.placements.test_placement_rows import _PLACEMENTS_LOOP

pytestmark = pytest.mark.django_db

HOSTILE = "<script>&\"'"


def _move(client, placement, to_stage, *, version=None, reason=""):
    return client.post(
        f"/registry/placements/{placement.pk}/move/",
        {"to_stage": to_stage, "version": version or placement.version, "reason": reason},
        headers={"HX-Request": "true"},
    )


def _with_ktp(client, placement) -> None:
    client.post(f"/registry/placements/{placement.pk}/documents/", {"kind": "ktp", "file": pdf()})


def _statements_on(queries, prefix: str) -> list[str]:
    """The statements that name a table of `prefix`; the session's, whose store differs from
    SQLite to PostgreSQL with Redis, and the savepoints are not among them."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if f'"{prefix}' in query["sql"] and "SAVEPOINT" not in query["sql"]
    ]


def _row(page: str, placement) -> str:
    row = re.search(rf'<tr id="placement-{placement.pk}"[^>]*>.*?</tr>', page, re.S)
    assert row is not None
    return row.group(0)


def _panel(page: str) -> str:
    """The stage panel, with the CSRF tokens (masked anew for every page) blanked."""
    panel = re.search(
        r'<section class="card" aria-labelledby="stage-heading".*?</section>', page, re.S
    )
    assert panel is not None
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", panel.group(0))


def test_a_move_reads_and_locks_the_placement_once_and_reads_no_other_placement(counter_client):
    placement = PlacementFactory()
    PlacementFactory(worker=placement.worker, stage="cancelled")
    _with_ktp(counter_client, placement)

    with CaptureQueriesContext(connection) as queries:
        response = _move(counter_client, placement, "selection")

    # Was 7: the view's scoped read, the service's locked one and every placement of the
    # worker for the table. Now the locked read, its documents, the update and the history row
    # (the panel reads its history when it is opened).
    statements = _statements_on(queries, "placements_")
    assert len(statements) == 4, statements
    assert sum(sql.startswith('SELECT "placements_placement"') for sql in statements) == 1
    assert response.status_code == 200
    placement.refresh_from_db()
    assert (placement.stage, placement.version) == ("selection", 2)


@pytest.mark.parametrize(
    "stage, placements_statements",
    # The placements, and with an active one its documents (its history is read when the panel's
    # is opened); a move on to the visa checks the passport of the worker the page has read.
    [("registered", 2), ("work_agreement", 2), ("returned", 1)],
)
def test_the_worker_page_reads_each_table_once_whatever_the_stage(
    counter_client, stage, placements_statements
):
    placement = PlacementFactory(stage=stage)
    PlacementFactory(worker=placement.worker, stage="cancelled")

    with CaptureQueriesContext(connection) as queries:
        response = counter_client.get(f"/registry/workers/{placement.worker_id}/")

    assert response.status_code == 200
    placements = _statements_on(queries, "placements_")
    assert len(placements) == placements_statements, placements
    people = _statements_on(queries, "people_person")
    assert len(people) == 1, people


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_row_and_panel_a_move_answers_are_those_of_a_fresh_worker_page(
    counter_client, language
):
    placement = PlacementFactory(
        agency=AgencyFactory(name=f"PT {HOSTILE}"),
        employer_name=f"Employer {HOSTILE}",
        job_title=f"job {HOSTILE}",
    )
    PlacementFactory(worker=placement.worker, stage="cancelled", cancel_reason=HOSTILE)
    counter_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    _with_ktp(counter_client, placement)

    moves = [("selection", ""), ("registered", f"back {HOSTILE}"), ("cancelled", HOSTILE)]
    for to_stage, reason in moves:
        answer = _move(counter_client, placement, to_stage, reason=reason).content.decode()
        placement.refresh_from_db()
        page = counter_client.get(f"/registry/workers/{placement.worker_id}/").content.decode()

        assert f'<template>\n      <tr id="placement-{placement.pk}" hx-swap-oob="true">' in answer
        assert _row(answer, placement).replace(' hx-swap-oob="true"', "") == _row(page, placement)
        if placement.is_active:
            # The answer tells of the move inside the panel; the page above it.
            told = re.sub(r'<div class="alert alert-success py-2"[^>]*>[^<]*</div>', "", answer)
            assert _panel(told) == _panel(page)
    assert "&lt;script&gt;&amp;&quot;&#x27;" in _row(answer, placement)
    history = counter_client.get(
        f"/registry/placements/{placement.pk}/history/", headers={"HX-Request": "true"}
    ).content.decode()
    assert "back &lt;script&gt;&amp;&quot;&#x27;" in history


def test_a_refused_move_answers_the_row_as_another_officer_left_it(counter_client):
    placement = PlacementFactory()
    _with_ktp(counter_client, placement)
    other = UserFactory()
    placement_transition(actor=other, placement=placement, to_stage="selection", expected_version=1)

    answer = _move(counter_client, placement, "cancelled", version=1, reason="uji").content.decode()

    assert 'data-testid="placement-stage">seleksi' in _row(answer, placement)
    assert 'data-testid="current-stage">seleksi' in answer
    assert 'name="version" value="2"' in answer


def test_a_move_of_a_placement_outside_the_scope_is_not_found_audited_and_changes_nothing(
    client,
):
    placement = PlacementFactory()
    pontianak = UserFactory(office=office("upt-pontianak"))
    client.force_login(pontianak)

    response = _move(client, placement, "cancelled", reason="uji")

    assert response.status_code == 404
    placement.refresh_from_db()
    assert (placement.stage, placement.version) == ("registered", 1)
    asked = AuditEvent.objects.get(action=AuditAction.OUT_OF_SCOPE, actor=pontianak)
    assert (asked.object_id, asked.regency_id) == (str(placement.pk), placement.regency_id)


def test_a_move_of_a_placement_that_does_not_exist_is_not_found(counter_client):
    missing = Placement(pk=999_999, version=1)

    assert _move(counter_client, missing, "cancelled", reason="uji").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.OUT_OF_SCOPE).exists()


def test_the_kept_row_writer_writes_each_language_in_its_own_words_with_the_data_of_now():
    placement = PlacementFactory(employer_name=f"Employer {HOSTILE}")
    placements = [placement]

    for language in ["id", "en", "id"]:
        with translation.override(language):
            assert placement_rows(placements) == _PLACEMENTS_LOOP.render(
                Context({"placements": placements})
            )
    placement.stage, placement.employer_name = "selection", "Changed"
    with translation.override("en"):
        assert placement_rows(placements) == _PLACEMENTS_LOOP.render(
            Context({"placements": placements})
        )
        assert "Changed" in placement_rows(placements)
