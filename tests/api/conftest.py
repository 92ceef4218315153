import uuid

import pytest
from rest_framework.test import APIClient

from pmi_portal.api.services import api_token_issue


@pytest.fixture(autouse=True)
def own_cache(settings):
    """Each test counts its requests afresh: throttling state must not leak between tests."""
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
        for name, config in settings.CACHES.items()
    }


@pytest.fixture
def issue_token(db):
    """Issue a token through the service, as the admin and the command do: (token, key)."""

    def issue(user, name="Sistem uji", **kwargs):
        return api_token_issue(actor=None, user=user, name=name, **kwargs)

    return issue


@pytest.fixture
def client_with_token(issue_token):
    """A client that sends a fresh token of the given user."""

    def make(user) -> APIClient:
        _, key = issue_token(user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


@pytest.fixture
def token_client(client_with_token, user):
    """The client of a system holding a token of `user`, a counter officer of UPT Serang."""
    return client_with_token(user)
