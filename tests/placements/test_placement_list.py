"""The placements behind a dashboard figure (/registry/placements/) and their export: the
user's scope only, the dashboard's filters and the list's own (stage, sector, sex), newest
first a page at a time without counting, identity numbers masked, exports audited."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pmi_portal.access.roles import Role
from pmi_portal.audit.models import AuditAction, AuditEvent
from tests.factories import PersonFactory, PlacementFactory, UserFactory, office

pytestmark = pytest.mark.django_db
LIST = reverse("placements:placements")
ZONE = datetime.timezone(datetime.timedelta(hours=7))


def _at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=10, tzinfo=ZONE)


@pytest.fixture
def head_serang(db):
    return UserFactory(username="head.serang.daftar", role=Role.OFFICE_HEAD)


@pytest.fixture
def head_pontianak(db):
    return UserFactory(
        username="head.pontianak.daftar", role=Role.OFFICE_HEAD, office=office("upt-pontianak")
    )


@pytest.fixture
def serang_and_pontianak(db):
    serang = PlacementFactory(
        worker__full_name="Siti Serang",
        stage="departed",
        departed_on=datetime.date(2026, 2, 3),
        created_at=_at("2025-11-01"),
    )
    pontianak = PlacementFactory(
        worker=PersonFactory(
            full_name="Dewi Pontianak",
            home_regency_id="6171",
            registered_by_office=office("upt-pontianak"),
        ),
        stage="departed",
        departed_on=datetime.date(2026, 2, 4),
        created_at=_at("2025-11-02"),
    )
    return serang, pontianak


def _names(response) -> list[str]:
    return [placement.worker.full_name for placement in response.context["placements"]]


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_a_head_of_serang_never_lists_a_placement_of_pontianak(
    client, head_serang, head_pontianak, serang_and_pontianak
):
    client.force_login(head_serang)
    serang_sees = _names(client.get(LIST, {"view": "departed", "from": "2026-02"}))
    client.force_login(head_pontianak)
    pontianak_sees = _names(client.get(LIST, {"view": "departed", "from": "2026-02"}))

    assert serang_sees == ["Siti Serang"]
    assert pontianak_sees == ["Dewi Pontianak"]


def test_a_national_analyst_lists_every_office(client, serang_and_pontianak):
    client.force_login(UserFactory(role=Role.NATIONAL_ANALYST, office=office("hq")))

    assert sorted(_names(client.get(LIST))) == ["Dewi Pontianak", "Siti Serang"]


def test_the_export_of_a_head_of_serang_holds_none_of_pontianak(
    client, head_serang, serang_and_pontianak
):
    client.force_login(head_serang)

    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("placements:placements_export", args=[fmt]))
        if fmt == "csv":
            rows = _csv(response)
        else:
            sheet = load_workbook(io.BytesIO(response.content)).active
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        names = [row[2] for row in rows[1:]]
        assert names == ["Siti Serang"], fmt


def test_probing_a_region_outside_the_scope_answers_as_an_unknown_one(
    client, head_serang, serang_and_pontianak
):
    client.force_login(head_serang)

    for query in ({"province": "61"}, {"regency": "6171"}):
        outside = client.get(LIST, query)
        unknown = client.get(LIST, dict.fromkeys(query, "99"))
        export = client.get(reverse("placements:placements_export", args=["csv"]), query)

        assert outside.status_code == unknown.status_code == export.status_code == 400
        assert outside.context["filter_form"].error_codes() == {
            next(iter(query)): ["invalid_choice"]
        }
        assert _names(outside) == _names(export) == []


def test_a_page_cursor_of_another_office_gives_nothing_of_it(
    client, head_serang, serang_and_pontianak
):
    _serang, pontianak = serang_and_pontianak
    client.force_login(head_serang)
    moment = pontianak.created_at - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    cursor = f"{int(moment.total_seconds() * 1_000_000) + 1}.{pontianak.pk + 1}"

    assert "Dewi Pontianak" not in _names(client.get(LIST, {"after": cursor}))
    assert "Dewi Pontianak" not in _names(client.get(LIST, {"before": "0.0"}))


def test_the_list_is_closed_to_anonymous_visitors(client, serang_and_pontianak):
    for url in (LIST, reverse("placements:placements_export", args=["csv"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_departed_registered_and_under_way_read_their_own_dates_and_stages(client, head_serang):
    PlacementFactory(
        worker__full_name="Berangkat Januari",
        stage="working_abroad",
        departed_on=datetime.date(2026, 1, 20),
        created_at=_at("2025-10-01"),
    )
    PlacementFactory(worker__full_name="Daftar Januari", created_at=_at("2026-01-05"))
    PlacementFactory(
        worker__full_name="Batal Januari", stage="cancelled", created_at=_at("2026-01-06")
    )
    client.force_login(head_serang)
    january = {"from": "2026-01", "to": "2026-01"}

    departed = _names(client.get(LIST, {"view": "departed", **january}))
    registered = _names(client.get(LIST, {"view": "registered", **january}))
    active = _names(client.get(LIST, {"view": "active"}))

    assert departed == ["Berangkat Januari"]
    assert registered == ["Batal Januari", "Daftar Januari"]
    assert sorted(active) == ["Berangkat Januari", "Daftar Januari"]


def test_stage_sector_sex_scheme_and_destination_narrow_the_list(client, head_serang):
    PlacementFactory(
        worker=PersonFactory(full_name="Budi Korea", sex="M"),
        scheme="g2g",
        agency=None,
        destination_id="KR",
        sector="formal",
        stage="selection",
    )
    PlacementFactory(worker__full_name="Ani Taiwan")
    client.force_login(head_serang)

    for query in (
        {"stage": "selection"},
        {"sector": "formal"},
        {"sex": "M"},
        {"scheme": "g2g"},
        {"destination": "KR"},
    ):
        assert _names(client.get(LIST, query)) == ["Budi Korea"], query


def test_a_stage_sector_or_sex_outside_the_choices_is_ignored(client, head_serang):
    PlacementFactory(worker__full_name="Ani Taiwan")
    client.force_login(head_serang)

    response = client.get(LIST, {"stage": "nowhere", "sector": "x", "sex": "Q", "view": "odd"})

    assert response.status_code == 200
    assert _names(response) == ["Ani Taiwan"]
    assert response.context["view"] == "registered"


def test_a_month_that_cannot_be_read_is_named_and_nothing_is_listed(client, head_serang):
    PlacementFactory()
    client.force_login(head_serang)

    response = client.get(LIST, {"from": "2026-13"})

    assert response.status_code == 400
    assert response.context["filter_form"].error_codes() == {"from": ["invalid_month"]}
    assert _names(response) == []


def test_the_list_is_newest_first_a_page_at_a_time_without_counting(client, head_serang):
    start = _at("2025-01-01")
    for day in range(53):
        PlacementFactory(
            worker__full_name=f"Pekerja {day:02d}",
            created_at=start + datetime.timedelta(days=day),
        )
    client.force_login(head_serang)

    with CaptureQueriesContext(connection) as queries:
        first = client.get(LIST)
    second = client.get(LIST, {"after": first.context["keyset"].older})

    assert _names(first)[:2] == ["Pekerja 52", "Pekerja 51"]
    assert len(_names(first)) == 50
    assert _names(second) == ["Pekerja 02", "Pekerja 01", "Pekerja 00"]
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


def test_the_departed_are_newest_departed_first_a_page_at_a_time_and_in_the_export(
    client, head_serang
):
    registered = _at("2020-01-01")
    for day in range(53):
        # Registered in the opposite order to their departures, some on one day.
        PlacementFactory(
            worker__full_name=f"Berangkat {day:02d}",
            stage="departed",
            departed_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=day // 2 * 2),
            created_at=registered - datetime.timedelta(days=day),
        )
    client.force_login(head_serang)
    departed = {"view": "departed"}

    first = client.get(LIST, departed)
    second = client.get(LIST, {**departed, "after": first.context["keyset"].older})
    back = client.get(LIST, {**departed, "before": second.context["keyset"].newer})
    exported = _csv(client.get(reverse("placements:placements_export", args=["csv"]), departed))

    listed = _names(first) + _names(second)
    assert first.context["placements"][0].departed_on == datetime.date(2024, 2, 22)
    assert sorted(listed) == sorted(f"Berangkat {day:02d}" for day in range(53))
    assert len(set(listed)) == 53
    dates = [p.departed_on for p in [*first.context["placements"], *second.context["placements"]]]
    assert dates == sorted(dates, reverse=True)
    assert _names(back) == _names(first)
    assert [row[1] for row in exported[1:]] == [f"{day:%Y-%m-%d}" for day in dates]


def test_a_cursor_that_cannot_be_read_gives_the_first_page(client, head_serang):
    PlacementFactory(worker__full_name="Berangkat", stage="departed", departed_on=_at("2024-01-01"))
    client.force_login(head_serang)

    for cursor in ("d99999999999.1", "dx.1", "d12.", "12.x"):
        response = client.get(LIST, {"view": "departed", "after": cursor})

        assert response.status_code == 200
        assert _names(response) == ["Berangkat"]


def test_each_row_links_to_the_worker_and_masks_the_nik(client, head_serang):
    placement = PlacementFactory()
    client.force_login(head_serang)

    page = client.get(LIST).content.decode()

    assert reverse("placements:worker", args=[placement.worker_id]) in page
    assert placement.worker.nik not in page
    assert placement.worker.nik[:4] in page


def test_the_export_masks_the_nik_and_is_written_to_the_audit_trail(client, head_serang):
    placement = PlacementFactory(stage="departed", departed_on=datetime.date(2026, 2, 3))
    client.force_login(head_serang)

    rows = _csv(
        client.get(
            reverse("placements:placements_export", args=["csv"]),
            {"view": "departed", "from": "2026-02", "to": "2026-02"},
        )
    )

    assert len(rows) == 2
    assert placement.worker.nik not in ",".join(rows[1])
    assert "*" in rows[1][3]
    exported = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=head_serang)
    assert exported.object_repr.startswith("penempatan.csv ")
    assert "view=departed" in exported.object_repr
