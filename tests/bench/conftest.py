import importlib

import pytest
from django.urls import clear_url_caches


@pytest.fixture
def project_urls(settings):
    """Re-import the project's urls as a server started with BENCH_BARE_VIEW on or off."""
    urlconf = importlib.import_module(settings.ROOT_URLCONF)
    original = settings.BENCH_BARE_VIEW

    def load(*, enabled: bool) -> None:
        settings.BENCH_BARE_VIEW = enabled
        importlib.reload(urlconf)
        clear_url_caches()

    yield load
    load(enabled=original)
