"""No page or API answer shows the name of a person outside the user's scope."""

import pytest

from pmi_portal.people.models import PossibleDuplicate
from tests.factories import PersonFactory, office

pytestmark = pytest.mark.django_db


def pontianak_twin_of(person):
    return PersonFactory(
        full_name="Rahasia Pontianak",
        home_regency_id="6171",
        registered_by_office=office("upt-pontianak"),
        birth_date=person.birth_date,
    )


def test_the_worker_page_names_a_duplicate_outside_the_scope_by_its_office_only(counter_client):
    person = PersonFactory()
    PossibleDuplicate.objects.create(
        worker=person, similar_to=pontianak_twin_of(person), reason="name_and_birth_date"
    )

    page = counter_client.get(f"/registry/workers/{person.pk}/").content.decode()

    assert "Rahasia Pontianak" not in page
    assert "UPT BP2MI Pontianak" in page


def test_the_duplicates_page_masks_the_side_outside_the_scope(counter_client):
    person = PersonFactory(full_name="Penanda Serang")
    PossibleDuplicate.objects.create(
        worker=person, similar_to=pontianak_twin_of(person), reason="name_and_birth_date"
    )

    page = counter_client.get("/people/duplicates/").content.decode()

    assert "Penanda Serang" in page and "Rahasia Pontianak" not in page


def test_registering_a_nik_held_elsewhere_does_not_name_its_holder(client_with_token, counter):
    holder = pontianak_twin_of(PersonFactory())

    response = client_with_token(counter).post(
        "/api/v1/workers/",
        {"nik": holder.nik, "full_name": "Siapa Saja", "sex": holder.sex,
         "birth_date": holder.birth_date.isoformat(), "birth_place": "Serang",
         "home_regency": "3673", "address": "Jl. Uji", "education": "sma",
         "next_of_kin_name": "Ibu", "next_of_kin_relation": "ibu",
         "next_of_kin_phone": "081298765432", "residence_confirmed": True},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert "Rahasia Pontianak" not in response.content.decode()
    assert [e["code"] for e in response.json()["errors"]] == ["nik_taken"]
