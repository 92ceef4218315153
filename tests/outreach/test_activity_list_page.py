"""The outreach list reads its page and its totals in one query, and shows the page the
paginator would, whatever page is asked for."""

import datetime

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outreach import selectors, views
from pmi_portal.access.roles import Role
from tests.factories import UserFactory, office
from tests.outreach.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(client):
    head = UserFactory(username="kepala.serang", role=Role.OFFICE_HEAD)
    client.force_login(head)
    return head


def _activity_reads(captured) -> list[str]:
    return [query["sql"] for query in captured if '"outreach_activity"' in query["sql"]]


def test_the_page_and_its_totals_are_one_query(client, head):
    for day in range(1, 4):
        ActivityFactory(held_on=datetime.date(2026, 5, day), attendance=10 * day)
    ActivityFactory(office=office("upt-pontianak"), regency_id="6171", attendance=1000)
    client.get(reverse("outreach:list"))

    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("outreach:list")).content.decode()

    assert len(_activity_reads(captured)) == 1
    assert "3 kegiatan, 60 orang terjangkau." in page
    assert page.count('<td><a href="/outreach/') == 3


def test_no_activity_is_one_query_too(client, head):
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("outreach:list"), {"kind": "school"}).content.decode()

    assert len(_activity_reads(captured)) == 1
    assert "0 kegiatan, 0 orang terjangkau." in page


@pytest.mark.parametrize(
    "asked", [None, "1", "2", "3", "4", "0", "-1", "abc", "2.0", " 2", "99999999999999999999999"]
)
def test_each_page_asked_for_is_the_one_the_paginator_gives(client, head, monkeypatch, asked):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for day in range(1, 6):
        ActivityFactory(held_on=datetime.date(2026, 5, day), attendance=day)
    listed = selectors.activities_listed(selectors.activities_for(head))
    expected = Paginator(listed, 2).get_page(asked)

    response = client.get(reverse("outreach:list"), {} if asked is None else {"page": asked})

    page = response.context["page_obj"]
    assert (page.number, page.paginator.num_pages) == (expected.number, 3)
    assert [row.pk for row in response.context["activities"]] == [
        row.pk for row in expected.object_list
    ]
    assert response.context["totals"] == {"activities": 5, "attendance": 15}


def _table(page: str) -> str:
    """The page's table and totals (the rest holds a CSRF token masked anew each request)."""
    return page[page.index("<main") : page.index("</main>")]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_list_from_its_kept_sql_is_the_first_list_and_shows_a_change_at_once(
    client, head, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    hostile = ActivityFactory(
        held_on=datetime.date(2026, 5, 1), audience="<script>alert('x')</script> & Co"
    )
    ActivityFactory(office=office("upt-pontianak"), regency_id="6171", audience="Pontianak")
    first = client.get(reverse("outreach:list"), {"kind": hostile.kind}).content.decode()
    again = client.get(reverse("outreach:list"), {"kind": hostile.kind}).content.decode()

    hostile.audience = "Ibu <b>PKK</b>"
    hostile.attendance = 7
    hostile.save()
    ActivityFactory(held_on=datetime.date(2026, 5, 2), kind=hostile.kind, attendance=3)
    changed = client.get(reverse("outreach:list"), {"kind": hostile.kind}).content.decode()

    assert _table(again) == _table(first)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in first
    assert "Pontianak" not in first
    assert "Ibu &lt;b&gt;PKK&lt;/b&gt;" in changed
    assert changed.count('<td><a href="/outreach/') == 2
    assert ("2 kegiatan, 10 orang" if language == "id" else "2 activities, 10 people") in changed
