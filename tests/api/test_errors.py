import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from rest_framework.test import APIClient

from pmi_portal.api import views
from tests.api.helpers import assert_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

ARRIVALS = "/api/ground/arrivals/"
ME = "/api/v1/me/"
TWO_AND_A_HALF_MIB = 5 * 1024 * 1024 // 2


def post_raw(client, body, content_type="application/json", **extra):
    return client.generic("POST", ARRIVALS, body, content_type=content_type, **extra)


def test_a_valid_body_is_accepted(token_client):
    response = token_client.post(ARRIVALS, {"passport": "C1234567", "passengers": 3})

    assert response.status_code == 201
    assert response.json() == {"id": 1, "passport": "C1234567", "passengers": 3}


def test_malformed_json_is_400_parse_error_with_where_it_broke(token_client):
    response = post_raw(token_client, '{"passport": "C1234567",')

    detail = assert_error(response, 400, "parse_error")
    assert "1" in detail
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe not text",
        b'{"passengers": NaN}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
    ids=["undecodable", "nan", "nested-deeper-than-the-stack"],
)
def test_a_body_that_is_not_json_is_400_parse_error(token_client, body):
    assert_error(post_raw(token_client, body), 400, "parse_error")


def test_a_body_of_another_content_type_is_415(token_client):
    response = post_raw(token_client, "passport=C1234567", content_type="text/plain")

    assert_error(response, 415, "unsupported_media_type")


def test_a_huge_json_body_is_413(token_client):
    body = json.dumps({"passport": "x" * TWO_AND_A_HALF_MIB, "passengers": 1})

    response = post_raw(token_client, body)

    detail = assert_error(response, 413, "request_too_large")
    assert "2097152" in detail


def test_a_huge_form_body_under_a_session_is_refused_before_it_is_read(user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["csrftoken"] = "k" * 32

    response = client.generic(
        "POST",
        ME,
        "note=" + "x" * TWO_AND_A_HALF_MIB,
        content_type="application/x-www-form-urlencoded",
    )

    assert_error(response, 415, "unsupported_media_type")


def test_a_huge_multipart_field_that_django_refuses_is_413_not_a_crash(token_client):
    response = token_client.post(
        "/api/ground/manifests/", {"note": "x" * TWO_AND_A_HALF_MIB}, format="multipart"
    )

    assert_error(response, 413, "request_too_large")


def test_wrong_types_are_400_with_a_message_per_field(token_client):
    response = token_client.post(ARRIVALS, {"passport": ["C1"], "passengers": "many"})

    assert_error(response, 400, "invalid", attr="passport")
    assert_error(response, 400, "invalid", attr="passengers")
    assert response.json()["type"] == "validation_error"


@pytest.mark.parametrize(
    ("field", "value"),
    [("passport", 1234567), ("passengers", "3"), ("passengers", True), ("passengers", 2.5)],
)
def test_a_value_of_the_wrong_json_type_is_refused_not_coerced(token_client, field, value):
    body = {"passport": "C1234567", "passengers": 3, field: value}

    assert_error(token_client.post(ARRIVALS, body), 400, "invalid", attr=field)


def test_a_missing_field_is_400_required(token_client):
    response = token_client.post(ARRIVALS, {"passport": "C1234567"})

    assert_error(response, 400, "required", attr="passengers")


def test_unknown_and_read_only_fields_in_a_write_body_are_400(token_client):
    response = token_client.post(
        ARRIVALS, {"passport": "C1234567", "passengers": 1, "pasport": "x", "id": 7}
    )

    unknown = assert_error(response, 400, "unknown_field", attr="non_field_errors")
    read_only = assert_error(response, 400, "read_only_field", attr="non_field_errors")
    assert "pasport" in unknown
    assert "id" in read_only


def test_a_body_that_is_not_an_object_is_400(token_client):
    response = token_client.post(ARRIVALS, [1, 2, 3])

    assert_error(response, 400, "invalid", attr="non_field_errors")


def test_a_service_refusal_is_400_with_its_field(token_client):
    response = token_client.post("/api/ground/refusing/", {})

    assert_error(response, 400, "blacklisted", attr="passport")


@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/nothing", "/api/", "/api/v1/me"])
def test_an_unknown_api_address_is_a_json_404(client, path):
    assert_error(client.get(path), 404, "not_found")
    assert_error(client.post(path, "{}", content_type="application/json"), 404, "not_found")


def test_a_method_the_endpoint_lacks_is_405(token_client):
    response = token_client.delete(ME)

    assert_error(response, 405, "method_not_allowed")


def test_an_accept_header_the_api_cannot_satisfy_is_406(token_client):
    assert_error(token_client.get(ME, HTTP_ACCEPT="text/html"), 406, "not_acceptable")


def test_errors_are_in_indonesian_by_default_and_in_english_on_request(client):
    indonesian = assert_error(client.get(ME), 401, "not_authenticated")
    english = assert_error(client.get(ME, HTTP_ACCEPT_LANGUAGE="en"), 401, "not_authenticated")

    assert indonesian == "Data autentikasi tidak diberikan."
    assert english == "Authentication credentials were not provided."


def test_field_errors_follow_the_language_too(token_client):
    indonesian = token_client.post(ARRIVALS, {"passport": "C1234567"})
    english = token_client.post(ARRIVALS, {"passport": "C1234567"}, HTTP_ACCEPT_LANGUAGE="en")

    assert assert_error(indonesian, 400, "required", "passengers") == "Bidang ini harus diisi."
    assert assert_error(english, 400, "required", "passengers") == "This field is required."


def test_a_database_that_is_down_is_503_json(user, issue_token, monkeypatch):
    def database_down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(views.MeSerializer, "to_representation", database_down)
    _, key = issue_token(user)
    client = Client(raise_request_exception=False)

    response = client.get(ME, HTTP_AUTHORIZATION=f"Token {key}")

    assert_error(response, 503, "service_unavailable")
    assert response["Retry-After"] == "60"


def test_a_bug_is_a_json_500_without_a_trace(user, issue_token, monkeypatch):
    def bug(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.MeSerializer, "to_representation", bug)
    _, key = issue_token(user)
    client = Client(raise_request_exception=False)

    response = client.get(ME, HTTP_AUTHORIZATION=f"Token {key}")

    assert_error(response, 500, "error")
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text", ["Calo \x1b[31mmerah\x1b[0m di desa", "Calo\x08\x08\x08 di desa", "Calo \x7f di desa"]
)
def test_control_characters_in_a_text_are_refused_with_their_code(text):
    from rest_framework.test import APIClient

    from cases.models import Case

    answer = APIClient().post(
        "/api/v1/reports/",
        {"case_type": "unlicensed_recruiter", "description": text, "regency": "6101"},
        format="json",
        REMOTE_ADDR="198.51.100.77",
    )

    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {"code": "control_characters", "detail": mock.ANY, "attr": "description"}
    ]
    assert not Case.objects.exists()
