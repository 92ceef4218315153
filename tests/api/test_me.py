import datetime

import pytest
from rest_framework.test import APIClient

from pmi_portal.access.roles import Role
from tests.api.helpers import assert_error
from tests.factories import UserFactory, office

ME = "/api/v1/me/"


@pytest.mark.django_db
def test_me_tells_a_serang_user_and_a_pontianak_user_each_their_own_office(
    personas, client_with_token
):
    own = client_with_token(personas.own).get(ME).json()
    other = client_with_token(personas.other).get(ME).json()

    assert own["username"] == "head.serang.uji"
    assert own["office"] == {
        "code": "upt-serang",
        "name": "UPT BP2MI Serang",
        "kind": "regional",
        "timezone": "Asia/Jakarta",
    }
    assert own["role"]["code"] == "office_head"
    assert own["scope_level"] == "office"
    assert other["username"] == "head.pontianak.uji"
    assert other["office"]["code"] == "upt-pontianak"
    assert other["scope_level"] == "office"


@pytest.mark.django_db
def test_me_tells_a_national_analyst_they_see_the_whole_nation(personas, client_with_token):
    me = client_with_token(personas.national).get(ME).json()

    assert me["office"]["code"] == "hq"
    assert me["scope_level"] == "national"
    assert me["role"]["code"] == "national_analyst"


@pytest.mark.django_db
def test_me_lists_the_portal_permissions_of_the_role(personas, user, client_with_token):
    head = client_with_token(personas.own).get(ME).json()
    counter = client_with_token(user).get(ME).json()

    assert "audit.view_auditevent" in head["permissions"]
    assert "audit.view_auditevent" not in counter["permissions"]
    assert "offices.view_office" in counter["permissions"]
    assert head["permissions"] == sorted(head["permissions"])


@pytest.mark.django_db
def test_me_names_the_token_in_use_with_times_in_the_office_time_zone(issue_token):
    bali = UserFactory(role=Role.COUNTER_OFFICER, office=office("bp3mi-bali"))
    token, key = issue_token(bali, name="Manifest Garuda")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    me = client.get(ME).json()

    assert me["token"]["name"] == "Manifest Garuda"
    assert me["token"]["prefix"] == token.prefix
    assert me["token"]["expires_at"] is None
    issued = datetime.datetime.fromisoformat(me["token"]["created_at"])
    assert issued.utcoffset() == datetime.timedelta(hours=8)  # WITA
    assert issued == token.created_at


@pytest.mark.django_db
def test_me_with_a_session_has_no_token(logged_in_client, user):
    me = logged_in_client.get(ME).json()

    assert me["username"] == user.username
    assert me["token"] is None


@pytest.mark.django_db
def test_me_labels_the_role_in_indonesian_by_default_and_in_english_on_request(token_client):
    indonesian = token_client.get(ME).json()
    english = token_client.get(ME, HTTP_ACCEPT_LANGUAGE="en").json()

    assert indonesian["role"]["label"] == "petugas loket"
    assert english["role"]["label"] == "counter officer"


@pytest.mark.django_db
def test_me_for_an_anonymous_caller_is_401(client):
    response = client.get(ME)

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"
