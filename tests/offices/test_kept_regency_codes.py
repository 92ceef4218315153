"""The regency codes kept from the reference data answer as the query does, and a change to the
regions is read at once."""

import pytest
from django.core.cache import cache

from pmi_portal.offices.models import FormerRegencyCode, Province, Regency
from pmi_portal.offices.selectors import (
    REFERENCE_GENERATION_KEY,
    current_regency_code,
    current_regency_codes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test kept is read


def test_every_code_today_and_former_resolves_as_the_query_resolves_it():
    codes = [
        *Regency.objects.values_list("code", flat=True),
        *FormerRegencyCode.objects.values_list("code", flat=True),
        *("9999", "9129", "9100", "91", "", "abcd"),
    ]

    kept = current_regency_codes()

    assert len(kept) == Regency.objects.count() + FormerRegencyCode.objects.count()
    assert {code: kept.get(code) for code in codes} == {
        code: current_regency_code(code) for code in codes
    }
    assert kept["9101"] == "9301"


def test_the_second_read_is_kept_without_a_query(django_assert_num_queries):
    current_regency_codes()

    with django_assert_num_queries(0):
        assert current_regency_codes()["3603"] == "3603"


def test_a_regency_added_is_resolved_at_once(django_capture_on_commit_callbacks):
    assert "3699" not in current_regency_codes()

    with django_capture_on_commit_callbacks(execute=True):
        Regency.objects.create(
            code="3699",
            province=Province.objects.get(code="36"),
            name="Kabupaten Uji",
            kind="kabupaten",
        )

    assert current_regency_codes()["3699"] == "3699"
