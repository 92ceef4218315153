"""Implausible values typed at the counter are refused at their field by the services, with a
code; a home outside the NIK's province is allowed once the officer confirms it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from placements import services
from placements.models import Placement
from pmi_portal.people.models import Person
from tests.api.helpers import assert_error
from tests.factories import PersonFactory, PlacementFactory
from tests.placements.test_api import placement_payload, worker_payload
from tests.placements.test_registration import NIK, registration

pytestmark = pytest.mark.django_db

# A man born 3 March 1956 in Kabupaten Tangerang: 70 years old in 2026.
NIK_OF_A_MAN_OF_70 = "3603120303560004"
SEVENTY_YEARS_OLD = {
    "nik": NIK_OF_A_MAN_OF_70,
    "sex": "M",
    "birth_date": "1956-03-03",
}


def field_codes(response, form) -> dict[str, list[str]]:
    form = response.context[form]
    return {
        field: [error.code for error in errors.as_data()] for field, errors in form.errors.items()
    }


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("placement-contract_months", "999", "contract_too_long"),
        ("placement-contract_months", "61", "contract_too_long"),
        ("placement-salary_amount", "0", "salary_not_positive"),
    ],
)
def test_an_implausible_placement_is_refused_at_its_field(counter_client, field, value, code):
    response = counter_client.post("/registry/workers/new/", registration(**{field: value}))

    name = field.removeprefix("placement-")
    assert field_codes(response, "placement_form")[name] == [code]
    assert not Person.objects.exists()


def test_the_contract_limit_names_its_unit(counter_client):
    response = counter_client.post(
        "/registry/workers/new/", registration(**{"placement-contract_months": "999"})
    )

    assert "60 bulan" in response.context["placement_form"].errors["contract_months"][0]


def test_a_sixty_month_contract_is_accepted(counter_client):
    counter_client.post(
        "/registry/workers/new/", registration(**{"placement-contract_months": "60"})
    )

    assert Placement.objects.get().contract_months == 60


def test_a_name_of_digits_is_refused_at_the_counter(counter_client):
    response = counter_client.post("/registry/workers/new/", registration(full_name="12345"))

    assert field_codes(response, "worker_form")["full_name"] == ["name_without_letters"]


def test_a_first_placement_at_seventy_is_refused_at_the_birth_date(counter_client):
    response = counter_client.post("/registry/workers/new/", registration(**SEVENTY_YEARS_OLD))

    assert field_codes(response, "worker_form")["birth_date"] == ["too_old_for_first_placement"]
    assert not Person.objects.exists()


def test_a_worker_who_has_been_abroad_may_be_placed_again_past_the_first_placement_age(counter):
    worker = PersonFactory(birth_date=datetime.date(1960, 1, 1))
    PlacementFactory(worker=worker, stage="returned", departed_on=datetime.date(2015, 1, 1))
    fields = {
        "scheme": "g2g",
        "destination_id": "KR",
        "employer_name": "Kim",
        "sector": "formal",
        "job_title": "operator",
        "contract_months": 24,
        "salary_amount": 2000000,
        "salary_currency": "KRW",
    }

    assert services.placement_create(actor=counter, worker=worker, fields=fields).pk

    newcomer = PersonFactory(birth_date=datetime.date(1960, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.placement_create(actor=counter, worker=newcomer, fields=fields)
    assert [e.code for e in error.value.error_dict["birth_date"]] == ["too_old_for_first_placement"]


def test_a_home_outside_the_niks_province_asks_for_a_confirmation(counter_client):
    # A NIK of Kabupaten Tangerang (Banten), living in Kota Bandung (Jawa Barat).
    response = counter_client.post("/registry/workers/new/", registration(home_regency="3273"))

    assert field_codes(response, "worker_form")["home_regency"] == [
        "residence_outside_nik_province"
    ]
    assert 'data-testid="residence-confirmation"' in response.content.decode()
    assert not Person.objects.exists()

    confirmed = counter_client.post(
        "/registry/workers/new/", registration(home_regency="3273", residence_confirmed="on")
    )

    assert confirmed.status_code == 302
    assert Person.objects.get(nik=NIK).home_regency_id == "3273"


def test_a_home_in_the_niks_province_asks_nothing(counter_client):
    response = counter_client.get("/registry/workers/new/")

    assert 'data-testid="residence-confirmation"' not in response.content.decode()
    assert (
        counter_client.post("/registry/workers/new/", registration(home_regency="3671")).status_code
        == 302
    )


def test_a_home_in_the_province_today_of_a_former_papua_nik_asks_nothing(counter_client):
    # A woman born 5 July 1995 in Kabupaten Merauke, under its code before the 2022 split (91,
    # Papua), living in Merauke, now of Papua Selatan (93).
    data = registration(nik="9101014507950003", birth_place="Merauke", home_regency="9301")

    assert counter_client.post("/registry/workers/new/", data).status_code == 302
    assert Person.objects.get(nik="9101014507950003").home_regency_id == "9301"


def test_the_api_refuses_implausible_values_at_their_fields(client_with_token, counter):
    api = client_with_token(counter)
    payload = worker_payload(
        full_name="12345", placement=placement_payload(contract_months=999, salary_amount="0")
    )

    response = api.post("/api/v1/workers/", payload, format="json")

    assert_error(response, 400, "name_without_letters", attr="full_name")
    assert_error(response, 400, "contract_too_long", attr="placement.contract_months")
    assert_error(response, 400, "salary_not_positive", attr="placement.salary_amount")


def test_the_api_asks_to_confirm_a_home_outside_the_niks_province(client_with_token, counter):
    api = client_with_token(counter)

    refused = api.post("/api/v1/workers/", worker_payload(home_regency="3273"), format="json")
    accepted = api.post(
        "/api/v1/workers/",
        worker_payload(home_regency="3273", residence_confirmed=True),
        format="json",
    )

    assert_error(refused, 400, "residence_outside_nik_province", attr="home_regency")
    assert accepted.status_code == 201, accepted.content
