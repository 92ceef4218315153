"""The audit trail a page at a time by time (keyset): next and previous, filters and scope kept,
and no count of the trail."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db

ROW = re.compile(r"Data (?:Banten|Kalbar) \d+")


def write_trail() -> None:
    """120 events of Serang's area, with 30 of Pontianak's written among them: the newest, after
    the login's own event."""
    serang = UserFactory(username="staf.serang")
    pontianak = UserFactory(username="staf.pontianak", office=office("upt-pontianak"))
    for number in range(120):
        audit_record(
            action=AuditAction.UPDATE,
            actor=serang,
            object_repr=f"Data Banten {number:03d}",
            regency_id="3604",
        )
        if number % 4 == 0:
            audit_record(
                action=AuditAction.CREATE,
                actor=pontianak,
                object_repr=f"Data Kalbar {number:03d}",
                regency_id="6171",
            )


def link(text: str, testid: str) -> str | None:
    found = re.search(rf'data-testid="{testid}" href="([^"]+)"', text)
    return unescape(found.group(1)) if found else None


def rows(text: str) -> list[str]:
    return ROW.findall(text)


def test_a_head_pages_through_the_trail_of_their_area_and_back(client, personas):
    client.force_login(personas.own)
    write_trail()
    first = client.get("/audit/").content.decode()
    second = client.get("/audit/" + link(first, "page-older")).content.decode()
    third = client.get("/audit/" + link(second, "page-older")).content.decode()
    back = client.get("/audit/" + link(third, "page-newer")).content.decode()
    back_to_first = client.get("/audit/" + link(back, "page-newer")).content.decode()

    newest_first = [f"Data Banten {number:03d}" for number in range(119, -1, -1)]
    assert rows(first) == newest_first[:50]
    assert rows(second) == newest_first[50:100]
    assert rows(third) == newest_first[100:]
    assert link(first, "page-newer") is None
    assert link(third, "page-older") is None
    assert rows(back) == rows(second)
    assert rows(back_to_first) == rows(first)
    assert link(back_to_first, "page-newer") is None


def test_a_filter_holds_on_every_page(client, personas):
    client.force_login(personas.national)
    write_trail()
    first = client.get("/audit/", {"actor": "staf.pontianak"}).content.decode()

    assert rows(first) == [f"Data Kalbar {number:03d}" for number in range(116, -1, -4)]
    assert link(first, "page-older") is None

    everything = client.get("/audit/").content.decode()
    older = link(everything, "page-older")
    filtered = client.get(f"/audit/{older}&action=1").content.decode()

    assert "actor=" not in older
    assert rows(filtered)
    assert all(row.startswith("Data Kalbar") for row in rows(filtered))


def test_the_filters_are_carried_in_the_page_links(client, personas):
    client.force_login(personas.national)
    write_trail()

    text = client.get("/audit/", {"action": "2"}).content.decode()

    assert link(text, "page-older").startswith("?action=2&after=")


def test_the_other_offices_head_sees_only_their_events_on_every_page(client, personas):
    client.force_login(personas.other)
    write_trail()

    text = client.get("/audit/").content.decode()

    assert rows(text) == [f"Data Kalbar {number:03d}" for number in range(116, -1, -4)]
    assert link(text, "page-older") is None


def test_a_cursor_that_cannot_be_read_shows_the_first_page(client, personas):
    client.force_login(personas.own)
    write_trail()

    first = client.get("/audit/").content.decode()
    bad = client.get("/audit/", {"after": "kemarin", "before": "1.x"})

    assert bad.status_code == 200
    assert rows(bad.content.decode()) == rows(first)


def test_the_trail_is_not_counted(client, personas):
    client.force_login(personas.national)
    write_trail()

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/audit/")

    assert response.status_code == 200
    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    assert not [sql for sql in counts if "audit_auditevent" in sql]
