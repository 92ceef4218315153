import pytest

from pmi_portal.access.roles import Role
from tests.api.helpers import assert_error
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PARSE = "/api/v1/nik/parse/"


@pytest.fixture
def counter_api(client_with_token):
    return client_with_token(UserFactory(username="loket.nik", role=Role.COUNTER_OFFICER))


def test_a_womans_nik_gives_her_sex_birth_date_and_regency(counter_api):
    response = counter_api.post(PARSE, {"nik": "3603.1245.0795.0003"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json() == {
        "nik": "3603124507950003",
        "sex": "F",
        "birth_date": "1995-07-05",
        "home_regency": "3603",
    }


def test_a_mans_nik_gives_his_own_day_of_birth(counter_api):
    body = counter_api.post(PARSE, {"nik": "6101050101900001"}, format="json").json()

    assert (body["sex"], body["birth_date"], body["home_regency"]) == ("M", "1990-01-01", "6101")


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("360312450795", "nik_length"),
        ("3603123113950003", "nik_birth_date"),
        ("3603124507950000", "nik_serial"),
        ("9903124507950003", "nik_province"),
        ("3699124507950003", "nik_regency"),
    ],
)
def test_a_nik_that_cannot_be_real_is_400_with_the_code_of_its_fault(counter_api, nik, code):
    response = counter_api.post(PARSE, {"nik": nik}, format="json")

    assert_error(response, 400, code, "nik")


def test_anonymous_is_401(client):
    assert_error(
        client.post(PARSE, {"nik": "3603124507950003"}, content_type="application/json"),
        401,
        "not_authenticated",
    )
