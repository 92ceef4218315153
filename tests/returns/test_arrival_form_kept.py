"""The empty arrival form's fields, kept either side of the arrival time they start at: the
same fields as drawn afresh, in both languages and any timezone, with this minute's time, and
drawn anew when the reference data (the countries listed) changes."""

import datetime
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from pmi_portal.access.roles import Role
from pmi_portal.offices.models import Country
from returns import views
from returns.forms import ArrivalForm
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db

HOSTILE = "Negeri <script>\"&'"


@pytest.fixture
def kept(settings):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 3600


@pytest.fixture
def airport_client(client, kept):
    client.force_login(
        UserFactory(username="bandara.uji", role=Role.AIRPORT_OFFICER, office=office("pos-soetta"))
    )
    return client


@pytest.fixture
def hostile_country(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return Country.objects.create(code="XQ", code3="XQQ", name_id=HOSTILE, name_en=HOSTILE)


@pytest.fixture
def clock(monkeypatch):
    """The time of day, set by the test: `clock.now` (UTC)."""

    class Clock:
        now = datetime.datetime(2026, 11, 26, 3, 4, 59, 999, tzinfo=datetime.UTC)

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


def _fresh() -> str:
    return render_to_string("returns/_arrival_fields.html", {"form": ArrivalForm()})


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Jayapura"])
def test_the_kept_fields_are_the_fields_drawn_afresh_in_each_language(
    kept, hostile_country, clock, zone
):
    with timezone.override(zone):
        for language in ("id", "en", "id", "en"):  # the second round from the cache
            with translation.override(language):
                assert views._blank_arrival_fields() == _fresh()

    with translation.override("en"):
        assert "Negeri &lt;script&gt;&quot;&amp;&#x27;" in views._blank_arrival_fields()


def test_fields_drawn_when_nothing_is_kept_are_the_same(settings, hostile_country, clock):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 0

    with translation.override("id"):
        assert views._blank_arrival_fields() == _fresh()


def test_the_kept_fields_start_at_the_minute_of_each_page_in_the_users_timezone(kept, clock):
    with translation.override("id"):
        with timezone.override("Asia/Jakarta"):
            first = views._blank_arrival_fields()
            clock.now += datetime.timedelta(minutes=1)
            next_minute = views._blank_arrival_fields()
        with timezone.override("Asia/Jayapura"):
            east = views._blank_arrival_fields()

    assert 'name="arrived_at" value="2026-11-26T10:04"' in first
    assert 'name="arrived_at" value="2026-11-26T10:05"' in next_minute
    assert 'name="arrived_at" value="2026-11-26T12:05"' in east


def test_the_arrival_page_shows_the_fields_drawn_afresh_and_reads_no_reference_rows(
    airport_client, settings, clock
):
    airport_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    airport_client.get(reverse("returns:arrival_new"))

    with CaptureQueriesContext(connection) as queries:
        page = airport_client.get(reverse("returns:arrival_new"))

    assert page.status_code == 200
    with translation.override("en"), timezone.override(settings.TIME_ZONE):
        assert _fresh() in page.content.decode()
    assert not [q["sql"] for q in queries if re.search(r"offices_(country|regency)", q["sql"])]


def test_a_country_added_to_the_reference_data_is_listed_at_once(
    airport_client, django_capture_on_commit_callbacks
):
    before = airport_client.get(reverse("returns:arrival_new")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Country.objects.create(code="XQ", code3="XQQ", name_id="Negeri <Uji>", name_en="Testland")

    after = airport_client.get(reverse("returns:arrival_new")).content.decode()

    assert "Negeri &lt;Uji&gt;" not in before
    assert '<option value="XQ">Negeri &lt;Uji&gt;</option>' in after


def test_a_refused_arrival_shows_the_officers_input_not_the_kept_fields(airport_client):
    page = airport_client.post(
        reverse("returns:arrival_new"), {"flight_number": "QZ<7511", "category": "regular"}
    )

    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="flight_number" value="QZ&lt;7511"' in content
    assert 'name="arrived_at" class="datetimeinput form-control is-invalid"' in content
