import datetime

import pytest

from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.people.models import PossibleDuplicate
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flag(counter):
    first = PersonFactory(full_name="Siti Aminah", birth_date=datetime.date(1995, 7, 5))
    second = PersonFactory(full_name="Siti Aminah", birth_date=datetime.date(1995, 7, 5))
    return PossibleDuplicate.objects.create(
        worker=second, similar_to=first, reason="name_and_birth_date", flagged_by=counter
    )


def test_open_flags_are_listed_for_the_office(counter_client, flag):
    text = counter_client.get("/people/duplicates/").content.decode()

    assert "Siti Aminah" in text
    assert "nama dan tanggal lahir sama" in text


def test_an_officer_resolves_a_flag_as_two_people_and_it_is_audited(counter_client, flag):
    response = counter_client.post(
        f"/people/duplicates/{flag.pk}/resolve/", {"resolution": "different", "note": ""}
    )

    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.resolution == "different"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(flag.pk)).exists()
    assert "Siti Aminah" not in counter_client.get("/people/duplicates/").content.decode()


def test_one_person_registered_twice_needs_a_note_of_what_was_checked(counter_client, flag):
    counter_client.post(f"/people/duplicates/{flag.pk}/resolve/", {"resolution": "same"})
    flag.refresh_from_db()
    assert flag.resolution == "open"

    counter_client.post(
        f"/people/duplicates/{flag.pk}/resolve/",
        {"resolution": "same", "note": "KTP dan paspor sama, NIK lama salah ketik"},
    )
    flag.refresh_from_db()
    assert flag.resolution == "same"


def test_a_resolved_flag_cannot_be_resolved_again(counter_client, flag):
    counter_client.post(f"/people/duplicates/{flag.pk}/resolve/", {"resolution": "different"})

    response = counter_client.post(
        f"/people/duplicates/{flag.pk}/resolve/",
        {"resolution": "same", "note": "x"},
        follow=True,
    )

    assert "sudah diselesaikan" in response.content.decode()
    flag.refresh_from_db()
    assert flag.resolution == "different"
