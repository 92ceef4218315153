"""Input an attacker sends to break a page: each answers a clear 400 or a form error, never 5xx.

A NUL byte reaches PostgreSQL only there (SQLite stores it), so these tests matter most in the
PostgreSQL run of CI.
"""

import pytest

from tests.api.helpers import assert_error
from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=Dewi%00", "q=Dewi%01x", "page=1%00"])
def test_a_control_character_in_a_page_query_answers_400_in_indonesian(client, query):
    client.force_login(UserFactory())

    response = client.get(f"/registry/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert 'lang="id"' in response.content.decode()


@pytest.mark.django_db
def test_a_nul_byte_in_a_posted_form_answers_400(client):
    client.force_login(UserFactory())

    response = client.post("/registry/workers/new/", {"full_name": "Dewi\x00"})

    assert response.status_code == 400


@pytest.mark.django_db
def test_tabs_and_line_breaks_in_a_form_are_no_control_characters_to_refuse(client):
    response = client.post("/accounts/login/", {"username": "a\tb", "password": "x\r\ny"})

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/workers/?q=ab%00cd", "/api/v1/placements/?destination=x%00"]
)
def test_a_nul_byte_in_an_api_query_answers_400_in_the_error_shape(client_with_token, url):
    api = client_with_token(UserFactory())

    response = api.get(url)

    assert_error(response, 400, "null_characters_not_allowed", attr=url.split("?")[1].split("=")[0])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "attr"),
    [
        ("/api/v1/workers/?sex=%25", "sex"),
        ("/api/v1/placements/?stage=%25", "stage"),
        ("/api/v1/placements/?stage=%25s%25d", "stage"),
    ],
)
def test_a_percent_sign_in_a_choice_filter_answers_400(client_with_token, url, attr):
    api = client_with_token(UserFactory())

    assert_error(api.get(url), 400, "invalid_choice", attr=attr)


@pytest.mark.django_db
def test_a_username_longer_than_any_account_is_a_form_error_not_503(client):
    response = client.post("/accounts/login/", {"username": "a" * 300, "password": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["username"][0].code == "max_length"


@pytest.mark.django_db
def test_an_api_query_parameter_no_endpoint_reads_is_ignored_even_with_a_nul(client_with_token):
    api = client_with_token(UserFactory())

    assert api.get("/api/v1/placements/?unknown=%00").status_code == 200
