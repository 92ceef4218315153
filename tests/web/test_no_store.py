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


@pytest.mark.parametrize(
    "headers",
    [{}, {"Cache-Control": "no-store"}, {"Cache-Control": "public, max-age=60"}, {"Expires": "0"}],
)
def test_the_no_store_headers_are_those_django_writes(headers, monkeypatch):
    from django.http import HttpResponse
    from django.utils import cache as django_cache

    from pmi_portal.web import middleware

    monkeypatch.setattr(django_cache.time, "time", lambda: 1_790_000_000.0)
    monkeypatch.setattr(middleware, "http_date", lambda: django_cache.http_date(1_790_000_000.0))
    ours, django = HttpResponse(headers=headers), HttpResponse(headers=headers)

    middleware.never_cache(ours)
    django_cache.add_never_cache_headers(django)

    assert dict(ours.headers) == dict(django.headers)
