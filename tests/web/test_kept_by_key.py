"""Values kept under a versioned key (web.versioned.kept_by_key): in the process and in the
shared cache; the process's copy answers without asking the shared cache, another process
finds the shared one without computing, and a new version is computed anew."""

import pytest
from django.core.cache import cache, caches

from pmi_portal.web.versioned import kept_by_key


@pytest.fixture(autouse=True)
def nothing_kept():
    caches["process"].clear()
    cache.delete_many(["kept-test:1", "kept-test:2"])


def test_the_process_copy_answers_without_the_shared_cache(monkeypatch):
    computed = []
    assert kept_by_key("kept-test:1", lambda: computed.append(1) or ["a"], seconds=60, name="t")

    def unreachable(*args, **kwargs):
        raise AssertionError("the shared cache was asked")

    monkeypatch.setattr(cache, "get", unreachable)
    again = kept_by_key("kept-test:1", lambda: computed.append(1) or ["b"], seconds=60, name="t")

    assert again == ["a"]
    assert computed == [1]


def test_another_process_finds_the_shared_copy_and_a_new_version_is_computed():
    kept_by_key("kept-test:1", lambda: "first", seconds=60, name="t")
    caches["process"].clear()  # as another process starts with nothing of its own

    assert kept_by_key("kept-test:1", lambda: "computed", seconds=60, name="t") == "first"
    assert kept_by_key("kept-test:2", lambda: "second", seconds=60, name="t") == "second"
