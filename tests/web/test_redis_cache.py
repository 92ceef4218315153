"""The cache keeps one Redis client per connection pool instead of one per call."""

import os

import pytest

from pmi_portal.web.cache import RedisCache, RedisCacheClient


def test_the_cache_keeps_one_redis_client_per_pool():
    client = RedisCacheClient(["redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"])

    writer = client.get_client(write=True)

    assert client.get_client(write=True) is writer
    assert writer.connection_pool is client._get_connection_pool(True)


def test_replies_are_parsed_by_hiredis():
    """requirements.txt pins hiredis for redis-py's compiled reply parser; a version redis-py
    does not accept would leave it, silently, on the pure-Python one."""
    from redis._parsers import _HiredisParser
    from redis.connection import DefaultParser
    from redis.utils import HIREDIS_AVAILABLE

    assert HIREDIS_AVAILABLE
    assert DefaultParser is _HiredisParser


def test_the_portal_cache_backend_uses_it():
    cache = RedisCache("redis://127.0.0.1:6379/0", {})

    assert isinstance(cache._cache, RedisCacheClient)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs the real Redis of REDIS_URL")
def test_a_kept_client_stores_and_reads_back():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "test-kept-client"})

    cache.set("answer", {"n": 42}, 30)

    assert cache.get("answer") == {"n": 42}
    cache.delete("answer")


def test_any_key_redis_takes_is_taken_without_memcached_warnings(recwarn):
    cache = RedisCache("redis://127.0.0.1:6379/0", {})

    cache.make_and_validate_key("a key with spaces " + "x" * 300)

    assert not recwarn.list
