"""The empty registration form is the kept page, drawn without building the forms, and the
same page the forms of a filled-in one draw; the agency posted is checked against the kept
agencies, which a change of licence renews at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placements import services
from placements.models import Placement
from pmi_portal.offices.models import Regency
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from tests.factories import AgencyFactory, UserFactory
from tests.placements.test_form_lists import register_page
from tests.placements.test_registration import registration

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


def test_an_agency_suspended_after_its_row_was_kept_is_refused_at_once(
    counter_client, django_capture_on_commit_callbacks
):
    agency = AgencyFactory()
    counter_client.post(
        "/registry/workers/new/",
        registration(
            nik="3603124507950011", full_name="Rukmini Wulandari", **{"placement-agency": agency.pk}
        ),
    )
    assert Placement.objects.filter(agency=agency).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.agency_status_change(
            actor=UserFactory(), agency=agency, to_status="suspended", reason="izin dibekukan"
        )
    response = counter_client.post(
        "/registry/workers/new/", registration(**{"placement-agency": agency.pk})
    )

    errors = response.context["placement_form"].errors.as_data()
    assert [error.code for error in errors["agency"]] == ["agency_not_active"]
    assert Placement.objects.filter(agency=agency).count() == 1


def test_an_agency_that_does_not_exist_is_refused_as_a_choice_not_offered(counter_client):
    response = counter_client.post(
        "/registry/workers/new/", registration(**{"placement-agency": "999999"})
    )

    errors = response.context["placement_form"].errors.as_data()
    # And, as before, a P to P placement without an agency (the form's own check, no code).
    assert [error.code for error in errors["agency"]] == ["invalid_choice", None]
