"""The public report form's long lists (regencies, countries) rendered once per language and
version of the reference data, and kept out of the cache when one is chosen."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation

from cases.forms import PublicReportForm
from pmi_portal.offices.models import Country, Regency
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_lists(settings):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test cached is read


def rendered(form=None) -> str:
    form = form or PublicReportForm()
    return str(form["regency"]) + str(form["country"])


def test_each_language_has_its_own_country_names(cached_lists):
    with translation.override("id"):
        indonesian = rendered()
    with translation.override("en"):
        english = rendered()

    assert ">Korea Selatan<" in indonesian
    assert ">South Korea<" in english


def test_a_renamed_regency_or_country_shows_at_once(
    cached_lists, django_capture_on_commit_callbacks
):
    rendered()

    with django_capture_on_commit_callbacks(execute=True):
        regency = Regency.objects.get(code="3603")
        regency.name = "Kabupaten Tangerang Raya"
        regency.save()
    with django_capture_on_commit_callbacks(execute=True):
        Country.objects.filter(code="KR").update(name_id="Republik Korea")
        Country.objects.get(code="KR").save()

    text = rendered()
    assert "Kabupaten Tangerang Raya (Banten)" in text
    assert ">Republik Korea<" in text


def test_a_chosen_regency_is_shown_chosen_not_the_cached_list(cached_lists):
    rendered()
    form = PublicReportForm({"regency": "3603", "country": "MY", "description": ""})

    text = rendered(form)

    assert '<option value="3603" selected>' in text
    assert '<option value="MY" selected>' in text


def test_with_the_cache_down_the_form_is_built_from_the_rows(settings, cached_lists, client):
    dead = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }

    with override_settings(CACHES={**settings.CACHES, "default": dead}):
        response = client.get("/lapor/")

    assert response.status_code == 200
    assert "Kabupaten Tangerang (Banten)" in response.content.decode()


def test_the_blank_page_is_the_forms_own_markup_in_each_language(client, settings):
    def page(language: str) -> str:
        return client.get("/lapor/", headers={"Accept-Language": language}).content.decode()

    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 0
    fresh = {language: page(language) for language in ("id", "en")}
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)
    kept = {language: [page(language), page(language)] for language in ("id", "en")}

    def without_token(text: str) -> str:  # the CSRF token is the request's own
        import re

        return re.sub(r'(value="|"X-CSRFToken": ")[A-Za-z0-9]{64}"', "", text)

    for language in ("id", "en"):
        assert {without_token(text) for text in kept[language]} == {without_token(fresh[language])}
    assert 'name="regency"' in fresh["id"] and "Kirim laporan" in fresh["id"]


def test_a_renamed_regency_shows_on_the_page_at_once(
    client, cached_lists, django_capture_on_commit_callbacks
):
    client.get("/lapor/")

    with django_capture_on_commit_callbacks(execute=True):
        regency = Regency.objects.get(code="3603")
        regency.name = "Kabupaten Tangerang Raya"
        regency.save()

    assert "Kabupaten Tangerang Raya (Banten)" in client.get("/lapor/").content.decode()
