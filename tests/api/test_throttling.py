import pytest
from rest_framework.test import APIClient

from pmi_portal.api import throttling
from tests.api.helpers import assert_error

ME = "/api/v1/me/"
SCHEMA = "/api/v1/schema/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"client": "2/minute", "anon": "3/minute"},
    }


def test_a_token_over_its_budget_gets_429_json_with_retry_after(low_rates, token_client):
    assert token_client.get(ME).status_code == 200
    assert token_client.get(ME).status_code == 200

    response = token_client.get(ME)

    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


def test_each_token_has_its_own_budget(low_rates, user, client_with_token):
    first, second = client_with_token(user), client_with_token(user)
    first.get(ME)
    first.get(ME)

    assert first.get(ME).status_code == 429
    assert second.get(ME).status_code == 200


def test_anonymous_callers_of_the_public_schema_have_a_budget_per_address(low_rates):
    client = APIClient()
    for _ in range(3):
        assert client.get(SCHEMA).status_code == 200

    assert_error(client.get(SCHEMA), 429, "throttled")
    assert APIClient(REMOTE_ADDR="10.1.2.3").get(SCHEMA).status_code == 200


@pytest.fixture
def unreachable_shared_cache(settings, monkeypatch):
    """The shared cache points at a Redis port where nothing listens; a clean fallback state."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    monkeypatch.setattr(throttling, "_shared_cache_down_until", 0.0)


def test_a_shared_cache_that_is_down_leaves_a_limit_per_process(
    low_rates, token_client, unreachable_shared_cache
):
    assert [token_client.get(ME).status_code for _ in range(2)] == [200, 200]

    assert_error(token_client.get(ME), 429, "throttled")


def test_healthz_reports_throttling_degraded_when_the_shared_cache_is_down(
    client, unreachable_shared_cache
):
    body = client.get("/healthz").json()

    assert body["throttling"]["status"] == "degraded"


def test_healthz_reports_throttling_shared_when_the_cache_answers(client):
    assert client.get("/healthz").json()["throttling"]["status"] == "ok"
