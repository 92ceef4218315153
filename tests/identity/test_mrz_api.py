import pytest

from pmi_portal.access import backends
from pmi_portal.access.roles import Role
from tests.api.helpers import assert_error
from tests.factories import UserFactory, office
from tests.identity.mrz_zones import td3_zone
from tests.identity.test_mrz import INDONESIAN, SPECIMEN

pytestmark = pytest.mark.django_db

PARSE = "/api/v1/mrz/parse/"


@pytest.fixture
def airport():
    """The officer of the return post at Soekarno-Hatta, whose role may read people."""
    user = UserFactory(
        username="airport.soetta.uji", role=Role.AIRPORT_OFFICER, office=office("pos-soetta")
    )
    assert user.has_perm("people.view_person")
    return user


@pytest.fixture
def airport_client(client_with_token, airport):
    return client_with_token(airport)


def test_an_indonesian_passport_fills_the_arrival_form(airport_client):
    response = airport_client.post(PARSE, {"mrz": INDONESIAN}, format="json")

    assert response.status_code == 200, response.content
    assert response.json() == {
        "document_number": "C1234567",
        "surname": "RAHAYU",
        "given_names": "SITI NURHALIZA",
        "nationality": "IDN",
        "nationality_country": "ID",
        "issuing_state": "IDN",
        "birth_date": "1995-08-17",
        "sex": "F",
        "expiry_date": "2030-01-20",
        "personal_number": "",
        "valid": True,
    }


def test_a_pasted_specimen_in_lower_case_with_crlf_reads(airport_client):
    pasted = SPECIMEN.lower().replace("\n", "\r\n") + "\r\n"

    body = airport_client.post(PARSE, {"mrz": pasted}, format="json").json()

    assert (body["surname"], body["given_names"]) == ("ERIKSSON", "ANNA MARIA")
    assert (body["birth_date"], body["expiry_date"]) == ("1974-08-12", "2012-04-15")
    assert body["nationality_country"] is None  # Utopia is no country


@pytest.mark.parametrize(
    ("mrz", "code"),
    [
        (SPECIMEN.splitlines()[1], "mrz_line_count"),
        (SPECIMEN[:-1], "mrz_line_length"),
        (SPECIMEN.replace("ZE18", "ZE 8"), "mrz_characters"),
        (SPECIMEN.replace("L898902C36", "L898902C37"), "mrz_check_digit_document_number"),
        (SPECIMEN.replace("7408122", "7408123"), "mrz_check_digit_birth_date"),
        (SPECIMEN.replace("1204159", "1204158"), "mrz_check_digit_expiry_date"),
        (SPECIMEN.replace("<<<<<10", "<<<<<20"), "mrz_check_digit_personal_number"),
        (SPECIMEN.replace("<<<<<10", "<<<<<11"), "mrz_check_digit_composite"),
        (td3_zone(birth="951317"), "mrz_birth_date"),
        (td3_zone(expiry="300230"), "mrz_expiry_date"),
        ("", "blank"),
    ],
)
def test_a_broken_zone_is_400_with_the_code_of_its_fault(airport_client, mrz, code):
    response = airport_client.post(PARSE, {"mrz": mrz}, format="json")

    assert_error(response, 400, code, "mrz")


def test_the_reason_is_told_in_the_officer_language(airport_client):
    broken = SPECIMEN.splitlines()[1]

    indonesian = airport_client.post(PARSE, {"mrz": broken}, format="json")
    english = airport_client.post(PARSE, {"mrz": broken}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert assert_error(indonesian, 400, "mrz_line_count", "mrz") != assert_error(
        english, 400, "mrz_line_count", "mrz"
    )


def test_a_missing_zone_or_an_unknown_field_is_refused(airport_client):
    assert_error(airport_client.post(PARSE, {}, format="json"), 400, "required", "mrz")
    assert_error(
        airport_client.post(PARSE, {"mrz": INDONESIAN, "nik": "1"}, format="json"),
        400,
        "unknown_field",
        "non_field_errors",
    )
    assert_error(airport_client.post(PARSE, {"mrz": 7}, format="json"), 400, "invalid", "mrz")


def test_anonymous_is_401(client):
    assert_error(
        client.post(PARSE, {"mrz": INDONESIAN}, content_type="application/json"),
        401,
        "not_authenticated",
    )


def test_a_role_without_people_view_person_is_403(client_with_token, airport, monkeypatch):
    held = backends.permissions_of_role(Role.AIRPORT_OFFICER) - {"people.view_person"}
    monkeypatch.setattr(backends, "permissions_of_role", lambda role: held)

    response = client_with_token(airport).post(PARSE, {"mrz": INDONESIAN}, format="json")

    assert_error(response, 403, "permission_denied")


def test_an_officer_signed_in_on_the_portal_may_use_it_too(client, airport):
    client.force_login(airport)

    response = client.post(PARSE, {"mrz": INDONESIAN}, content_type="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["document_number"] == "C1234567"


def test_the_endpoint_and_its_error_codes_are_in_the_schema(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"][PARSE]["post"]
    codes = schema["components"]["schemas"]["MrzParseMrzErrorComponent"]["properties"]["code"]

    assert {"200", "400", "401", "403"} <= set(operation["responses"])
    assert {
        "mrz_line_count",
        "mrz_line_length",
        "mrz_characters",
        "mrz_check_digit_document_number",
        "mrz_check_digit_birth_date",
        "mrz_check_digit_expiry_date",
        "mrz_check_digit_personal_number",
        "mrz_check_digit_composite",
        "mrz_birth_date",
        "mrz_expiry_date",
    } <= set(codes["enum"])
