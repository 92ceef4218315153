"""On Redis the counter's clock starts in one round trip (a script), not a read and a write:
the worker page and the stage move open a record on every visit."""

import os

import pytest
from django.core.cache import caches
from django.urls import reverse

from pmi_portal.web.cache import RedisCache, RedisCacheClient
from tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs the real Redis of REDIS_URL"),
]


@pytest.fixture
def clock_commands(monkeypatch):
    """The cache's commands on a clock's keys while a record opens."""
    assert isinstance(caches["default"], RedisCache)
    seen = []
    for method in ("get", "set", "delete", "get_many"):
        original = getattr(RedisCacheClient, method)

        def spy(self, key, *args, _original=original, _method=method, **kwargs):
            if "counter_" in str(key):
                seen.append(_method)
            return _original(self, key, *args, **kwargs)

        monkeypatch.setattr(RedisCacheClient, method, spy)
    original_script = RedisCacheClient.run_script

    def script_spy(self, source, keys, args):
        seen.append("script")
        return original_script(self, source, keys, args)

    monkeypatch.setattr(RedisCacheClient, "run_script", script_spy)
    return seen


def _clock(response) -> dict:
    session = response.wsgi_request.session.session_key
    return caches["default"].get(f"service_quality.counter_started:{session}")


def test_opening_records_starts_the_clock_in_one_round_trip_each(counter_client, clock_commands):
    first, second = PersonFactory(), PersonFactory()
    opened = counter_client.get(reverse("placements:worker", kwargs={"pk": first.pk}))
    clock = _clock(opened)
    clock_commands.clear()

    again = counter_client.get(reverse("placements:worker", kwargs={"pk": first.pk}))
    kept = _clock(again)
    other = counter_client.get(reverse("placements:worker", kwargs={"pk": second.pk}))
    started = _clock(other)
    form = counter_client.get(reverse("placements:register"))

    assert clock_commands == ["script", "get", "script", "get", "script"]
    assert kept == clock
    assert started["person"] == second.pk
    assert _clock(form)["person"] is None
