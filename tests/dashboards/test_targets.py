"""Administrators set the yearly placement targets, nationally and per office: one per year
and office, positive whole numbers, audited; analysts read them; other staff are refused."""

import pytest
from django.urls import reverse

from pmi_portal.access.roles import Role
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.dashboards.models import Target
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db
TARGETS = reverse("dashboards:targets")


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin.target", role=Role.ADMINISTRATOR, office=office("hq"))


def test_an_administrator_sets_a_national_and_an_office_target(client, administrator):
    client.force_login(administrator)
    serang = office("upt-serang")

    national = client.post(TARGETS, {"year": 2027, "office": "", "placements": 300000})
    local = client.post(TARGETS, {"year": 2027, "office": serang.pk, "placements": 15000})

    assert national.status_code == local.status_code == 302
    assert set(Target.objects.values_list("year", "office", "placements")) == {
        (2027, None, 300000),
        (2027, serang.pk, 15000),
    }
    created = AuditEvent.objects.filter(action=AuditAction.CREATE, actor=administrator)
    assert created.count() == 2


def test_a_target_given_again_replaces_the_one_of_that_year_and_office(client, administrator):
    client.force_login(administrator)
    client.post(TARGETS, {"year": 2027, "office": "", "placements": 300000})

    client.post(TARGETS, {"year": 2027, "office": "", "placements": 280000})

    assert list(Target.objects.values_list("year", "office", "placements")) == [
        (2027, None, 280000)
    ]
    changed = AuditEvent.objects.get(action=AuditAction.UPDATE, actor=administrator)
    assert changed.changes == {"placements": [300000, 280000]}


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"year": 2027, "office": "", "placements": 0}, "placements", "min_value"),
        ({"year": 2027, "office": "", "placements": -5}, "placements", "min_value"),
        ({"year": 2027, "office": "", "placements": "1.5"}, "placements", "invalid"),
        ({"year": 2027, "office": "", "placements": ""}, "placements", "required"),
        ({"year": 1999, "office": "", "placements": 10}, "year", "min_value"),
        ({"year": 2027, "office": "99999", "placements": 10}, "office", "invalid_choice"),
    ],
)
def test_a_bad_target_is_refused_with_its_field_and_nothing_saved(
    client, administrator, data, field, code
):
    client.force_login(administrator)

    response = client.post(TARGETS, data)

    assert response.status_code == 400
    assert [e.code for e in response.context["form"].errors.as_data()[field]] == [code]
    assert not Target.objects.exists()


def test_an_analyst_reads_the_targets_but_cannot_set_one(client, heads):
    Target.objects.create(year=2027, office=None, placements=300000)
    client.force_login(heads.national)

    page = client.get(TARGETS)
    refused = client.post(TARGETS, {"year": 2028, "office": "", "placements": 1})

    assert page.status_code == 200
    assert page.context["form"] is None
    assert refused.status_code == 403
    assert Target.objects.count() == 1


@pytest.mark.parametrize("who", ["serang", "counter"])
def test_heads_and_counter_staff_are_refused_the_targets(client, heads, who):
    client.force_login(getattr(heads, who))

    assert client.get(TARGETS).status_code == 403
    assert client.post(TARGETS, {"year": 2027, "placements": 1}).status_code == 403
