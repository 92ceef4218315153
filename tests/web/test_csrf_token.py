"""The pages' CSRF token (pmi_portal.web.context_processors.csrf): masked from one read of the
system's randomness, it is what Django's `get_token` gives: the cookie's secret under a fresh
uniform mask, accepted by the CSRF check, and the cookie sent again."""

import re
from collections import Counter

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    _get_new_csrf_string,
    _unmask_cipher_token,
)
from django.test import Client

from pmi_portal.web.context_processors import masked
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def test_a_masked_token_unmasks_to_its_secret_under_a_new_mask_each_time():
    secret = _get_new_csrf_string()

    tokens = [masked(secret) for _ in range(200)]

    assert all(len(token) == 2 * CSRF_SECRET_LENGTH for token in tokens)
    assert all(set(token) <= set(CSRF_ALLOWED_CHARS) for token in tokens)
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    assert len({token[:CSRF_SECRET_LENGTH] for token in tokens}) == len(tokens)


def test_the_mask_uses_every_allowed_character_about_evenly():
    counts = Counter(
        "".join(masked("a" * CSRF_SECRET_LENGTH)[:CSRF_SECRET_LENGTH] for _ in range(3000))
    )

    # 96,000 draws, 1,548 expected per character: a bias such as `byte % 62` without the
    # rejection (8 of 62 characters drawn 5/4 as often) would put some near 1,900.
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    assert max(counts.values()) < 1750
    assert min(counts.values()) > 1350


def logged_in_page(client) -> tuple[str, str]:
    client.force_login(UserFactory())
    response = client.get("/")
    assert response.status_code == 200
    return FORM_TOKEN.search(response.content.decode()).group(1), response


def test_the_page_token_passes_the_csrf_check_and_renews_the_cookie():
    client = Client(enforce_csrf_checks=True)
    token, response = logged_in_page(client)
    secret = client.cookies["csrftoken"].value

    assert _unmask_cipher_token(token) == secret
    assert response.cookies["csrftoken"].value == secret
    chosen = client.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token})
    assert chosen.status_code == 302
    assert chosen.cookies["django_language"].value == "en"


def test_a_forged_token_is_still_refused():
    client = Client(enforce_csrf_checks=True)
    logged_in_page(client)
    forged = masked(_get_new_csrf_string())

    refused = client.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": forged})

    assert refused.status_code == 403


def test_a_visitor_without_the_cookie_gets_a_token_and_the_cookie():
    client = Client(enforce_csrf_checks=True)

    response = client.get("/accounts/login/")

    token = FORM_TOKEN.search(response.content.decode()).group(1)
    assert _unmask_cipher_token(token) == response.cookies["csrftoken"].value
