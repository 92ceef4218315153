import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from outreach.models import Activity
from pmi_portal.access.roles import Role
from tests.factories import UserFactory, office
from tests.outreach.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_the_api_lists_the_outreach_of_the_users_scope_only(client_with_token, counter):
    activity = ActivityFactory(kind="school", partner="SMKN 1 Kota Serang")
    outsider = UserFactory(
        username="loket.pontianak", role=Role.COUNTER_OFFICER, office=office("upt-pontianak")
    )
    url = reverse("api:outreach-list")

    own = client_with_token(counter).get(url, {"kind": "school"})
    other = client_with_token(outsider).get(url)
    detail = client_with_token(outsider).get(
        reverse("api:outreach-detail", kwargs={"pk": activity.pk})
    )

    assert url == "/api/v1/outreach/"
    assert [row["partner"] for row in own.json()["results"]] == ["SMKN 1 Kota Serang"]
    assert own.json()["results"][0]["regency"] == "3673"
    assert other.json()["results"] == []
    assert detail.status_code == 404


def test_an_activity_recorded_through_the_api_follows_the_same_rules(client_with_token, counter):
    client = client_with_token(counter)
    body = {
        "held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "kind": "media",
        "regency": "3673",
        "partner": "Radar Banten",
        "audience": "Redaksi dan wartawan",
        "attendance": 12,
        "topics": "Penempatan non-prosedural di Banten",
    }

    created = client.post("/api/v1/outreach/", body, format="json")
    outside = client.post("/api/v1/outreach/", {**body, "regency": "6101"}, format="json")
    text_count = client.post("/api/v1/outreach/", {**body, "attendance": "12"}, format="json")

    assert created.status_code == 201
    assert created.json()["office"] == "upt-serang"
    assert outside.status_code == 400
    assert outside.json()["errors"][0]["code"] == "outside_area"
    assert outside.json()["errors"][0]["attr"] == "regency"
    assert text_count.status_code == 400
    assert Activity.objects.count() == 1
