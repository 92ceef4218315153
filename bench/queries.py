"""Queries per scenario: each scenario's request run once through Django's test client, its
SQL counted, outside the timed window (run.py, before the server starts).

The scenarios are written against locust's client (`get`/`post` with `name`, `headers`,
`catch_response`); `TestClientAdapter` gives them that interface over Django's test client, in
this process, with the server's settings.
"""

import random

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class _Response:
    """What the scenarios read of a locust response; `failure()` tells the adapter."""

    def __init__(self, response, failures: list[str]):
        self.status_code = response.status_code
        self.headers = response.headers
        self.text = response.content.decode(errors="replace")
        self._failures = failures

    def failure(self, message: str) -> None:
        self._failures.append(message)

    def __enter__(self) -> "_Response":
        return self

    def __exit__(self, *exc_info) -> None:
        return None


class TestClientAdapter:
    """locust's client interface over Django's test client: counts the requests it makes and
    keeps the failures the scenario marks."""

    __test__ = False  # not a pytest class

    def __init__(self, client: Client):
        self.client = client
        self.requests = 0
        self.failures: list[str] = []

    def get(self, path, *, name=None, headers=None, allow_redirects=True, catch_response=False):
        self.requests += 1
        response = self.client.get(path, headers=headers or {}, follow=allow_redirects)
        return _Response(response, self.failures)

    def post(
        self, path, *, data="", headers=None, name=None, allow_redirects=True, catch_response=False
    ):
        self.requests += 1
        headers = dict(headers or {})
        content_type = headers.pop("Content-Type", "application/x-www-form-urlencoded")
        response = self.client.post(
            path, data=data, content_type=content_type, headers=headers, follow=allow_redirects
        )
        return _Response(response, self.failures)


def count_queries(scenario, context: dict, user) -> int:
    """The queries of one run of `scenario` as `user` (None: anonymous), after a first run that
    warms the process's caches; ValueError with the first failure the scenario marked."""
    # A server error is a failure of the scenario, as under load, not a crash of the bench.
    client = Client(raise_request_exception=False, SERVER_NAME="127.0.0.1")
    if user is not None:
        client.force_login(user)
    rng = random.Random(1)  # noqa: S311 - a seeded choice of request, no secret
    for _ in range(2):
        adapter = TestClientAdapter(client)
        with CaptureQueriesContext(connection) as queries:
            scenario.request(adapter, context, rng)
        if adapter.failures:
            raise ValueError(adapter.failures[0])
    return len(queries)
