"""Country names in the officer's language and sorted as they read; amounts as they write them."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from placements.forms import MAIN_DESTINATIONS, PlacementForm
from pmi_portal.offices.models import Country, sort_key
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db

LEFT_IN_ENGLISH = ["AX", "BQ", "IM", "MF", "SX", "UM", "VG", "VI", "WF"]


def destination_labels() -> list[str]:
    return [label for value, label in PlacementForm().fields["destination"].choices if value]


def test_no_country_is_left_in_english_in_indonesian():
    untranslated = Country.objects.filter(code__in=LEFT_IN_ENGLISH).values_list(
        "name_id", "name_en"
    )

    assert [name_id for name_id, name_en in untranslated if name_id == name_en] == []
    assert Country.objects.get(code="VG").name_id == "Kepulauan Virgin Britania Raya"


@pytest.mark.parametrize("language", ["id", "en"])
def test_destinations_after_the_main_ones_sort_as_they_read(language):
    with translation.override(language):
        rest = destination_labels()[len(MAIN_DESTINATIONS) :]

    assert rest == sorted(rest, key=sort_key)
    assert rest[-1] == "Zimbabwe"


def test_a_name_with_an_accent_sorts_among_its_letter():
    with translation.override("en"):
        english = destination_labels()

    assert english.index("Afghanistan") < english.index("Åland Islands") < english.index("Albania")


def test_the_receipt_writes_the_salary_with_thousands_separators(counter_client):
    placement = PlacementFactory(salary_amount="20000.00", salary_currency="TWD")

    indonesian = counter_client.get(f"/registry/placements/{placement.pk}/receipt/")
    counter_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = counter_client.get(f"/registry/placements/{placement.pk}/receipt/")

    salary = re.compile(r'data-testid="receipt-salary">([^<]*)<')
    assert salary.search(indonesian.content.decode()).group(1) == "TWD 20.000"
    assert salary.search(english.content.decode()).group(1) == "TWD 20,000"


def test_the_receipt_names_the_sector_without_doubled_parentheses(counter_client):
    placement = PlacementFactory(sector="informal")

    page = counter_client.get(f"/registry/placements/{placement.pk}/receipt/").content.decode()

    sector = re.search(r'data-testid="receipt-sector">([^<]*)<', page).group(1)
    assert sector.count("(") <= 1
    assert "((" not in page and "))" not in page
