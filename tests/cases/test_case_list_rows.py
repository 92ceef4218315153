"""Each row of the cases list: its type, source and state in the reader's language, a page of
fifty read in a fixed number of queries."""

import pytest
from django.urls import reverse

from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_each_row_names_type_source_and_state_in_the_readers_language(client, handler, settings):
    CaseFactory(case_type="trafficking", source="police", state="under_investigation")
    client.force_login(handler)

    indonesian = client.get(reverse("cases:list"), {"view": "all"}).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("cases:list"), {"view": "all"}).content.decode()

    for label in ("tindak pidana perdagangan orang (TPPO)", "kepolisian", "dalam penyelidikan"):
        assert f">{label}<" in indonesian
    for label in ("trafficking in persons (TPPO)", "police", "under investigation"):
        assert f">{label}<" in english


def test_a_page_of_fifty_cases_is_read_in_a_fixed_number_of_queries(
    client, handler, django_assert_max_num_queries
):
    for _ in range(55):
        CaseFactory(assigned_to=handler)
    client.force_login(handler)
    client.get(reverse("cases:list"))

    with django_assert_max_num_queries(12):
        page = client.get(reverse("cases:list"), {"view": "all"})

    assert len(page.context["cases"]) == 50
