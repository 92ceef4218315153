"""The empty registration form is the kept page, drawn without building the forms, and the
same page the forms of a filled-in one draw."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmi_portal.offices.models import Regency
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from tests.factories import AgencyFactory
from tests.placements.test_form_lists import register_page

pytestmark = pytest.mark.django_db

NIK = "3603124507950003"


@pytest.fixture(autouse=True)
def cached_lists(settings):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test cached is read


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_empty_form_is_the_page_the_view_s_own_forms_draw(counter_client, language):
    AgencyFactory(name="PT <script>&\"' Sentosa")
    Regency.objects.filter(code="3603").update(name="Kabupaten <b>Tangerang</b> & 'Sekitarnya'")

    kept = [register_page(counter_client, language) for _ in range(2)]
    # A NIK given in the address draws the page from the view's forms, never from the cache.
    drawn = register_page(counter_client, language, f"?nik={NIK}")

    assert f'name="nik" value="{NIK}"' in drawn
    # The same but for the NIK typed in, and the language switch's way back to the address.
    assert kept == [drawn.replace(f' value="{NIK}"', "").replace(f"?nik={NIK}", "")] * 2
    assert "PT &lt;script&gt;&amp;&quot;&#x27; Sentosa" in drawn


def test_the_kept_empty_form_reads_no_list_nor_anything_else_of_its_own(counter_client):
    register_page(counter_client, "id")

    with CaptureQueriesContext(connection) as queries:
        page = register_page(counter_client, "id")

    assert 'name="placement-agency"' in page
    # What every page reads (session, user, unread count) and the session's write, no more.
    tables = {"django_session", "access_user", "notifications_notification"}
    own = [
        q["sql"]
        for q in queries.captured_queries
        if "SAVEPOINT" not in q["sql"] and not any(f'"{table}"' in q["sql"] for table in tables)
    ]
    assert own == []
