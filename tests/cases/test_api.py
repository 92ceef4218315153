import pytest
from django.urls import reverse

from tests.cases.factories import CaseFactory


@pytest.mark.django_db
def test_the_api_lists_the_cases_of_the_users_scope_only(client_with_token, handler, outsider):
    case = CaseFactory(reference="KSS-2026-123456", case_type="trafficking")
    url = reverse("api:case-list")

    own = client_with_token(handler).get(url, {"case_type": "trafficking"})
    other = client_with_token(outsider).get(url)
    detail = client_with_token(outsider).get(reverse("api:case-detail", kwargs={"pk": case.pk}))

    assert url == "/api/v1/cases/"
    assert [row["reference"] for row in own.json()["results"]] == ["KSS-2026-123456"]
    assert own.json()["results"][0]["office"] == "upt-serang"
    assert other.json()["results"] == []
    assert detail.status_code == 404
