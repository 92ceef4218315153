"""Django's Redis cache with one client per connection pool: Django's makes a new
`redis.Redis` on every call (about 0.1 ms each, building its response callbacks), and a page
makes several (session, scope, reference version, figures). It also reads an entry and renews
its lifetime in one command (the sessions' idle timeout), and runs a Lua script on entries in
one round trip."""

from django.core.cache.backends import redis as django_redis

# GETEX of the first key and MGET of the others, one command (a script) instead of two: a
# pipeline of the two cost the web process nearly as much as two round trips.
_GET_TOUCHING_ALONG = """
return {redis.call('GETEX', KEYS[1], 'EX', ARGV[1]), redis.call('MGET', unpack(KEYS, 2))}
"""


class RedisCacheClient(django_redis.RedisCacheClient):
    """Keeps the client of each connection pool; a client is safe to share between threads
    (each command takes a connection from the pool), and the pool itself reconnects after a
    fork."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients.setdefault(index, self._client(connection_pool=pool))
        return client

    def get_touching(self, key, timeout: int):
        client = self.get_client(key, write=True)
        value = client.getex(key, ex=timeout)
        return None if value is None else self._serializer.loads(value)

    def get_touching_along(self, key, timeout: int, keys: list[str]) -> tuple[object, dict]:
        value, values = self.run_script(_GET_TOUCHING_ALONG, [key, *keys], [timeout])
        loads = self._serializer.loads
        entry = None if value is None else loads(value)
        return entry, {k: loads(v) for k, v in zip(keys, values, strict=True) if v is not None}

    def run_script(self, source: str, keys: list[str], args: list):
        client = self.get_client(write=True)
        script = self._scripts.get((id(client), source))
        if script is None:
            script = self._scripts.setdefault((id(client), source), client.register_script(source))
        return script(keys=keys, args=args, client=client)


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def validate_key(self, key) -> None:
        """Redis takes any key: memcached's limits, which Django checks character by character
        on every key (a few microseconds each), do not apply."""

    def get_touching(self, key, timeout: int, version=None):
        """The entry under `key` (None if none), its lifetime renewed to `timeout` seconds
        from now: one GETEX (Redis 6.2 or later) instead of a GET and a later SET."""
        key = self.make_and_validate_key(key, version=version)
        return self._cache.get_touching(key, timeout)

    def get_touching_along(self, key, timeout: int, keys: list[str]) -> tuple[object, dict]:
        """`get_touching(key, timeout)` and `get_many(keys)` in one round trip (a script):
        the entry (None if none) and the entries found, by key."""
        made = {self.make_and_validate_key(each): each for each in keys}
        entry, found = self._cache.get_touching_along(
            self.make_and_validate_key(key), timeout, list(made)
        )
        return entry, {made[each]: value for each, value in found.items()}

    def run_script(self, source: str, keys: list[str], args: list):
        """The Lua `source` run on the entries under `keys` in one round trip (EVALSHA: the
        script is sent once per server); an argument the script writes as an entry's value
        must be `serialized` first."""
        made = [self.make_and_validate_key(key) for key in keys]
        return self._cache.run_script(source, made, args)

    def serialized(self, value) -> bytes | int:
        """`value` as this cache stores it, for a script to write."""
        return self._cache._serializer.dumps(value)
