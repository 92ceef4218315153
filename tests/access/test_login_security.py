import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from pmi_portal.audit.models import AuditAction, AuditEvent
from tests.factories import DEFAULT_PASSWORD, UserFactory


def _login(client, username, password, address):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.django_db
def test_repeated_failures_lock_the_username_from_that_address_only(client):
    UserFactory(username="rina.uji")
    UserFactory(username="dedi.uji")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "rina.uji", "salah-terus", "10.0.0.7")

    locked = _login(client, "rina.uji", DEFAULT_PASSWORD, "10.0.0.7")
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in locked.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT).exists()

    # The same officer from another address, and a colleague behind the same NAT, still get in.
    assert _login(client, "rina.uji", DEFAULT_PASSWORD, "10.0.0.8").status_code == 302
    client.logout()
    assert _login(client, "dedi.uji", DEFAULT_PASSWORD, "10.0.0.7").status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_is_answered_in_indonesian_without_saying_which_part(client):
    UserFactory(username="rina.uji")

    text = _login(client, "rina.uji", "salah", "10.0.0.9").content.decode()

    assert "Nama pengguna atau kata sandi salah" in text


@pytest.mark.django_db
def test_an_idle_session_expires(client):
    officer = UserFactory()
    client.force_login(officer)
    assert client.get("/").status_code == 200

    session = client.session
    session.set_expiry(timezone.now() - datetime.timedelta(seconds=1))
    session.save()

    assert client.get("/").status_code == 302


def test_sessions_count_idle_time_from_the_last_request():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.django_db
def test_pages_carry_secure_headers(client):
    response = client.get("/accounts/login/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_forms_refuse_a_post_without_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    response = strict.post("/accounts/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403


def test_passwords_are_checked_by_django_validators():
    from django.contrib.auth.password_validation import get_password_validators

    names = {type(v).__name__ for v in get_password_validators(settings.AUTH_PASSWORD_VALIDATORS)}
    assert names == {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }
