"""Every page of the portal either proves its office scoping here or says why it has none."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.scope_cases import (
    all_pages_without_records,
    all_public_pages,
    all_scope_cases,
)

SCOPE_CASES = all_scope_cases()

# Open to anyone, no login: the core's, and those an app declares (`PUBLIC`).
PUBLIC = {"login", "healthz", "set_language"} | all_public_pages()
# The same for every member of staff: their own account, and the office directory (reference
# data every office needs for handover and referral). No record of a person is shown.
SAME_FOR_ALL_STAFF = {
    "home",
    "logout",
    "password_change",
    "password_change_done",
    "two_factor",
    "offices:list",
    "offices:detail",
} | all_pages_without_records()
# Apps with their own scope tests: Django's admin (administrators; its list of audit events
# goes through restrict()) and the API (tests/api).
OWN_SUITES = ("admin:", "api:")


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_named_page_is_public_the_same_for_all_or_proves_its_scope():
    scoped = {case.url_name for case in SCOPE_CASES}
    unclassified = {
        name
        for name in _names(get_resolver())
        if name not in PUBLIC | SAME_FOR_ALL_STAFF | scoped and not name.startswith(OWN_SUITES)
    }

    assert unclassified == set(), "add a ScopeCase in tests/<app>/scope_cases.py"


@pytest.mark.django_db
@pytest.mark.parametrize("case", SCOPE_CASES, ids=lambda case: case.url_name)
def test_a_scoped_page_shows_a_record_only_to_users_whose_scope_covers_it(client, personas, case):
    record = case.make()
    url = reverse(case.url_name, kwargs=case.kwargs(record))
    marker = case.marker(record)

    def ask():
        if case.method == "post":
            return client.post(url, case.data(record))
        return client.get(url, case.query(record))

    seen = {}
    for name, persona in personas.all().items():
        client.force_login(persona)
        response = ask()
        if name == "national" and not case.national_may:
            assert response.status_code in (403, 404)
            seen[name] = True
        elif case.kind == "detail":
            assert response.status_code in (200, 302, 404)
            seen[name] = response.status_code != 404
        else:
            assert response.status_code == 200
            body = b"".join(response.streaming_content) if response.streaming else response.content
            seen[name] = marker in body.decode("utf-8-sig")
    client.logout()

    assert seen == {"own": True, "other": False, "national": True}
    anonymous = ask()
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
