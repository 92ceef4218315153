"""The stage panel at the counter: what htmx swaps after a move, what the upload offers first,
and a forward move that cannot be made yet looks like one."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from placements.forms import DocumentUploadForm
from placements.models import PlacementDocument, StageChange
from placements.stages import DocumentKind
from placements.views import _blank_upload_fields, _history_lines
from pmi_portal.web.fields import field_html
from tests.factories import PlacementFactory, UserFactory, office
from tests.placements.conftest import pdf

pytestmark = pytest.mark.django_db


def moved(client, placement, to_stage):
    return client.post(
        f"/registry/placements/{placement.pk}/move/",
        {"to_stage": to_stage, "version": placement.version, "reason": ""},
        headers={"HX-Request": "true"},
    ).content.decode()


def test_a_move_through_htmx_updates_the_placements_row_out_of_band(counter_client):
    placement = PlacementFactory()
    counter_client.post(
        f"/registry/placements/{placement.pk}/documents/", {"kind": "ktp", "file": pdf()}
    )

    page = moved(counter_client, placement, "selection")

    row = re.search(
        rf'<template>\s*<tr id="placement-{placement.pk}" hx-swap-oob="true">.*?</tr>', page, re.S
    )
    assert row is not None
    assert 'data-testid="placement-stage">seleksi' in row.group(0)


def test_the_worker_page_table_is_not_swapped_out_of_band(counter_client):
    placement = PlacementFactory()

    page = counter_client.get(f"/registry/workers/{placement.worker_id}/").content.decode()

    assert 'id="placements-table"' in page
    assert "hx-swap-oob" not in page


def test_the_upload_starts_at_the_document_the_stage_needs(counter_client):
    placement = PlacementFactory(stage="medical_check")

    page = counter_client.get(f"/registry/workers/{placement.worker_id}/").content.decode()

    assert re.search(r'<option value="medical_certificate"[^>]*selected', page)
    assert not re.search(r'<option value="ktp"[^>]*selected', page)


def test_a_forward_move_missing_a_document_is_disabled_with_its_reason(counter_client):
    placement = PlacementFactory()

    page = counter_client.get(f"/registry/workers/{placement.worker_id}/").content.decode()

    button = re.search(r'<button[^>]*data-testid="move-forward"[^>]*>', page).group(0)
    assert "disabled" in button and "btn-secondary" in button
    assert 'data-testid="forward-problems"' in page


def test_a_forward_move_with_its_documents_is_ready(counter_client):
    placement = PlacementFactory()
    counter_client.post(
        f"/registry/placements/{placement.pk}/documents/", {"kind": "ktp", "file": pdf()}
    )
    assert PlacementDocument.objects.filter(placement=placement).exists()

    page = counter_client.get(f"/registry/workers/{placement.worker_id}/").content.decode()

    button = re.search(r'<button[^>]*data-testid="move-forward"[^>]*>', page).group(0)
    assert "disabled" not in button and "btn-success" in button


def test_the_history_lists_each_move_with_when_who_where_and_why(counter_client, counter):
    counter.first_name, counter.last_name = "Dewi", "Lestari"
    counter.save()
    placement = PlacementFactory()
    # As the data migrated from the old registry: a move without a user.
    StageChange.objects.create(
        placement=placement,
        to_state="registered",
        kind="opened",
        office=placement.office,
        changed_at=timezone.now() - datetime.timedelta(days=3),
    )
    counter_client.post(
        f"/registry/placements/{placement.pk}/documents/", {"kind": "ktp", "file": pdf()}
    )
    moved(counter_client, placement, "selection")
    placement.refresh_from_db()
    counter_client.post(
        f"/registry/placements/{placement.pk}/move/",
        {"to_stage": "registered", "version": placement.version, "reason": "KTP <buram>"},
    )
    changes = list(placement.history.order_by("changed_at", "pk"))

    history = counter_client.get(
        f"/registry/placements/{placement.pk}/history/", headers={"HX-Request": "true"}
    ).content.decode()

    with translation.override("id"):
        when = [
            date_format(timezone.localtime(change.changed_at), "j M Y H:i") for change in changes
        ]
    assert re.findall(r"<li>(.*?)</li>", history) == [
        f"{when[0]} · terdaftar · rekaman impor (UPT BP2MI Serang)",
        f"{when[1]} · seleksi · Dewi Lestari (UPT BP2MI Serang)",
        f"{when[2]} · terdaftar · Dewi Lestari (UPT BP2MI Serang) · KTP &lt;buram&gt;",
    ]


def _history_lines_as_before(placement) -> str:
    """The history as the panel wrote it from model instances and Django's date formatter."""
    changes = placement.history.select_related("actor", "office")
    imported = gettext("imported record")
    return format_html_join(
        "",
        "<li>{} · {} · {} ({}){}</li>",
        (
            (
                date_format(timezone.localtime(change.changed_at), "j M Y H:i"),
                change.to_label,
                (change.actor.get_full_name() or change.actor.username)
                if change.actor
                else imported,
                change.office,
                format_html(" · {}", change.reason) if change.reason else "",
            )
            for change in changes
        ),
    )


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Jayapura", "UTC"])
def test_the_history_is_written_as_before_with_hostile_text(language, zone):
    hostile = "<script>&\"'"
    placement = PlacementFactory()
    someone = UserFactory(first_name=hostile, last_name="", username="u1")
    nameless = UserFactory(first_name="", last_name="", username=f"{hostile}u2")
    hostile_office = office("upt-serang")
    hostile_office.name = f"UPT {hostile}"
    hostile_office.save()
    start = datetime.datetime(2025, 1, 31, 17, 5, tzinfo=datetime.UTC)
    for month in range(12):
        StageChange.objects.create(
            placement=placement,
            to_state=["registered", "selection", "cancelled"][month % 3],
            kind="forward",
            actor=[someone, nameless, None][month % 3],
            office=[hostile_office, office("upt-pontianak")][month % 2],
            reason=["", hostile][month % 2],
            changed_at=start + datetime.timedelta(days=30 * month, hours=month),
        )

    with translation.override(language), timezone.override(zone):
        assert str(_history_lines(placement)) == str(_history_lines_as_before(placement))
        assert "&lt;script&gt;&amp;&quot;&#x27;" in str(_history_lines(placement))


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("kind", [None, *DocumentKind.values])
def test_the_kept_upload_fields_are_the_fields_drawn_afresh(language, kind):
    with translation.override(language):
        form = DocumentUploadForm(initial={"kind": kind})
        afresh = (str(field_html(form["kind"])), str(field_html(form["file"])))

        assert [tuple(map(str, _blank_upload_fields(kind, language))) for _ in range(2)] == [
            afresh,
            afresh,
        ]


def test_a_refused_upload_through_htmx_keeps_the_kind_chosen_in_the_panel(counter_client):
    placement = PlacementFactory()
    exe = SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00", content_type="application/pdf")

    panel = counter_client.post(
        f"/registry/placements/{placement.pk}/documents/",
        {"kind": "visa", "file": exe},
        headers={"HX-Request": "true"},
    ).content.decode()

    assert re.search(r'<option value="visa"[^>]* selected', panel)
    assert not placement.documents.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 not a PDF", "Hanya jenis berkas ini yang diterima"),
        (
            b"%PDF-1.4\n1 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n%%EOF\n",
            "PDF ini berisi skrip",
        ),
    ],
)
def test_a_refused_upload_through_htmx_tells_why_at_the_file_in_the_panel(
    counter_client, content, message
):
    placement = PlacementFactory()
    upload = SimpleUploadedFile("ktp.pdf", content, content_type="application/pdf")

    panel = counter_client.post(
        f"/registry/placements/{placement.pk}/documents/",
        {"kind": "ktp", "file": upload},
        headers={"HX-Request": "true"},
    ).content.decode()

    file_field = re.search(r'<div id="div_id_file".*?</div>\s*</div>', panel, re.S).group(0)
    assert "is-invalid" in file_field
    assert message in file_field


def test_every_form_of_the_panel_posts_to_its_placement(counter_client):
    placement = PlacementFactory(stage="medical_check")
    PlacementFactory(worker=placement.worker, stage="cancelled")

    page = counter_client.get(f"/registry/workers/{placement.worker_id}/").content.decode()

    panel = re.search(r'<div id="stage-panel">.*?</section>', page, re.S).group(0)
    upload, move = (
        f"/registry/placements/{placement.pk}/documents/",
        f"/registry/placements/{placement.pk}/move/",
    )
    assert re.findall(r'<form[^>]* action="([^"]*)"', panel) == [upload, move, move, move]
    assert re.findall(r'hx-post="([^"]*)"', panel) == [upload, move, move, move]


def _history_read(queries) -> list[str]:
    return [query["sql"] for query in queries if 'FROM "placements_stagechange"' in query["sql"]]


def test_the_panel_reads_its_history_only_when_it_is_opened(counter_client):
    placement = PlacementFactory()
    counter_client.post(
        f"/registry/placements/{placement.pk}/documents/", {"kind": "ktp", "file": pdf()}
    )
    history = f"/registry/placements/{placement.pk}/history/"

    with CaptureQueriesContext(connection) as page_queries:
        page = counter_client.get(f"/registry/workers/{placement.worker_id}/").content.decode()
    with CaptureQueriesContext(connection) as move_queries:
        answer = moved(counter_client, placement, "selection")

    for drawn in (page, answer):
        details = re.search(r'<details class="mt-2"([^>]*)>', drawn).group(1)
        assert f'hx-get="{history}"' in details
        assert 'hx-trigger="toggle once"' in details
        # Without htmx, the link shows the history on a page of its own.
        assert f'<ol class="small mt-2"><li><a href="{history}">' in drawn
    assert _history_read(page_queries) == []
    assert _history_read(move_queries) == []
    lines = counter_client.get(history, headers={"HX-Request": "true"}).content.decode()
    assert re.findall(r"<li>[^<]* · (\w+) · ", lines) == ["seleksi"]


def test_without_htmx_the_history_is_a_page_with_a_way_back(counter_client):
    placement = PlacementFactory()
    counter_client.post(
        f"/registry/placements/{placement.pk}/documents/", {"kind": "ktp", "file": pdf()}
    )
    moved(counter_client, placement, "selection")

    page = counter_client.get(f"/registry/placements/{placement.pk}/history/")

    assert page.status_code == 200
    html = page.content.decode()
    listed = re.search(r'<ol data-testid="placement-history">(.*?)</ol>', html, re.S).group(1)
    assert listed == str(_history_lines(placement))
    assert "seleksi" in listed
    assert f'href="/registry/workers/{placement.worker_id}/"' in html
    assert f"PMI-{placement.created_at:%Y}-{placement.pk:07d}" in html
    assert placement.worker.full_name not in html  # who they are: the worker page, audited


def test_the_history_of_a_placement_outside_the_scope_is_not_found(client):
    placement = PlacementFactory()  # of UPT BP2MI Serang
    client.force_login(UserFactory(username="loket.pontianak", office=office("upt-pontianak")))

    for headers in ({}, {"HX-Request": "true"}):
        answer = client.get(f"/registry/placements/{placement.pk}/history/", headers=headers)
        assert answer.status_code == 404
        assert placement.employer_name not in answer.content.decode()


def test_the_history_is_only_read(counter_client):
    placement = PlacementFactory()

    answer = counter_client.post(f"/registry/placements/{placement.pk}/history/")

    assert answer.status_code == 405
