"""The empty arrival form, kept per process: the same page as drawn afresh, in both languages,
and drawn anew when the reference data (the countries listed) changes."""

import re

import pytest
from django.urls import reverse

from pmi_portal.access.roles import Role
from pmi_portal.offices.models import Country
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db

# The CSRF token differs on every page: in the form and in htmx's headers.
CSRF_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


@pytest.fixture
def airport_client(client, settings):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 3600
    client.force_login(
        UserFactory(username="bandara.uji", role=Role.AIRPORT_OFFICER, office=office("pos-soetta"))
    )
    return client


def _form_page(client, settings, *, kept: bool) -> str:
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 3600 if kept else 0
    page = client.get(reverse("returns:arrival_new"))
    assert page.status_code == 200
    return CSRF_TOKEN.sub(r"\1", page.content.decode())


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_kept_form_is_the_form_drawn_afresh(airport_client, settings, language):
    airport_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    fresh = _form_page(airport_client, settings, kept=False)
    first = _form_page(airport_client, settings, kept=True)
    kept = _form_page(airport_client, settings, kept=True)

    assert kept == first
    # The arrival time starts at this minute: a minute may turn between the pages.
    if fresh != kept:
        minute = re.compile(r'name="arrived_at" value="[^"]+"')
        fresh, kept = minute.sub("", fresh), minute.sub("", kept)
    assert kept == fresh
    assert 'name="from_country"' in kept and 'name="home_regency"' in kept


def test_a_country_added_to_the_reference_data_is_listed_at_once(
    airport_client, settings, django_capture_on_commit_callbacks
):
    before = _form_page(airport_client, settings, kept=True)
    with django_capture_on_commit_callbacks(execute=True):
        Country.objects.create(code="XQ", code3="XQQ", name_id="Negeri <Uji>", name_en="Testland")

    after = _form_page(airport_client, settings, kept=True)

    assert "Negeri &lt;Uji&gt;" not in before
    assert '<option value="XQ">Negeri &lt;Uji&gt;</option>' in after
