"""The counter's registration form: a new agency is in its cached list at once (the lists
themselves: tests/web/test_long_lists.py)."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache

from placements.forms import PlacementForm, WorkerForm
from pmi_portal.offices.models import Regency
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cached_lists(settings):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test cached is read


def rendered() -> str:
    worker, placement = WorkerForm(), PlacementForm(prefix="placement")
    return str(worker["home_regency"]) + str(placement["destination"]) + str(placement["agency"])


def test_a_new_agency_is_listed_at_once(django_capture_on_commit_callbacks):
    rendered()

    with django_capture_on_commit_callbacks(execute=True):
        AgencyFactory(name="PT Karya Baru Sentosa")

    assert "PT Karya Baru Sentosa" in rendered()


# The CSRF token, masked anew on every page.
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')


def register_page(client, language: str, query: str = "") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(f"/registry/workers/new/{query}").content.decode()
    return CSRF_VALUE.sub(r'\1"', page)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_kept_registration_form_is_the_form_drawn_afresh(counter_client, settings, language):
    AgencyFactory(name="PT <script>&\"' Sentosa")
    Regency.objects.filter(code="3603").update(name="Kabupaten <b>Tangerang</b> & 'Sekitarnya'")

    kept = [register_page(counter_client, language) for _ in range(2)]
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 0
    afresh = register_page(counter_client, language)

    assert kept == [afresh, afresh]
    assert "PT &lt;script&gt;&amp;&quot;&#x27; Sentosa" in afresh
    assert "Kabupaten &lt;b&gt;Tangerang&lt;/b&gt; &amp; &#x27;Sekitarnya&#x27;" in afresh


def test_the_kept_registration_form_shows_a_renamed_regency_and_a_new_agency_at_once(
    counter_client, django_capture_on_commit_callbacks
):
    register_page(counter_client, "id")

    with django_capture_on_commit_callbacks(execute=True):
        regency = Regency.objects.get(code="3603")
        regency.name = "Kabupaten Tangerang Raya"
        regency.save()
    assert "Kabupaten Tangerang Raya" in register_page(counter_client, "id")

    with django_capture_on_commit_callbacks(execute=True):
        AgencyFactory(name="PT Karya Baru Sentosa")
    assert "PT Karya Baru Sentosa" in register_page(counter_client, "id")


def test_a_nik_given_to_the_registration_form_is_filled_in(counter_client):
    register_page(counter_client, "id")

    page = register_page(counter_client, "id", "?nik=3603124507950003")

    assert 'name="nik" value="3603124507950003"' in page
