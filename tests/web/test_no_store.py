"""Pages and API answers holding personal data are never kept by a browser or a proxy cache."""

import pytest

from tests.factories import UserFactory


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/registry/", "/registry/queue/", "/offices/", "/tidak-ada/"])
def test_every_page_to_a_logged_in_user_says_no_store(client, url):
    client.force_login(UserFactory())

    assert _no_store(client.get(url))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/me/", "/api/v1/workers/", "/api/v1/placements/"])
def test_every_api_answer_with_data_says_no_store(client_with_token, url):
    response = client_with_token(UserFactory()).get(url)

    assert response.status_code == 200
    assert _no_store(response)


@pytest.mark.django_db
def test_an_api_error_says_no_store_too(client):
    assert _no_store(client.get("/api/v1/workers/"))
