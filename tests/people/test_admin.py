"""The admin corrects a person through the service: the identity rules hold there too."""

import pytest

from pmi_portal.access.roles import Role
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.people.models import Person
from tests.factories import PersonFactory, UserFactory, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(username="admin.uji", role=Role.ADMINISTRATOR, office=office("hq"),
                        is_staff=True)  # fmt: skip
    client.force_login(admin)
    return client


def form_data(person, **changes):
    data = {
        name: getattr(person, name) or ""
        for name in (
            "nik",
            "full_name",
            "sex",
            "birth_place",
            "address",
            "phone",
            "education",
            "skills",
            "next_of_kin_name",
            "next_of_kin_relation",
            "next_of_kin_phone",
            "passport_number",
        )
    }
    data |= {"birth_date": person.birth_date.isoformat(), "home_regency": person.home_regency_id,
             "passport_expiry": "", "read_version": person.version}  # fmt: skip
    return data | changes


def test_a_nik_disagreeing_with_the_birth_date_is_refused_in_the_admin(admin_client):
    person = PersonFactory()

    response = admin_client.post(
        f"/admin/people/person/{person.pk}/change/", form_data(person, birth_date="1970-01-01")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["birth_date"]
    assert Person.objects.get(pk=person.pk).birth_date == person.birth_date


def test_an_admin_correction_is_saved_versioned_and_audited(admin_client):
    person = PersonFactory(address="Jalan Lama")

    response = admin_client.post(
        f"/admin/people/person/{person.pk}/change/", form_data(person, address="Jalan Baru")
    )

    assert response.status_code == 302
    saved = Person.objects.get(pk=person.pk)
    assert (saved.address, saved.version) == ("Jalan Baru", 2)
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(person.pk), changes__address__1="Jalan Baru"
    ).exists()
