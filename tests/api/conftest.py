import uuid

import pytest


@pytest.fixture(autouse=True)
def own_cache(settings):
    """Each test counts its requests afresh: throttling state must not leak between tests."""
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
        for name, config in settings.CACHES.items()
    }


@pytest.fixture
def token_client(client_with_token, user):
    """The client of a system holding a token of `user`, a counter officer of UPT Serang."""
    return client_with_token(user)
