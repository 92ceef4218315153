"""Guessing the old password on the password change page locks out like guessing at login."""

import pytest
from django.conf import settings

from pmi_portal.audit.models import AuditAction, AuditEvent
from tests.factories import DEFAULT_PASSWORD, UserFactory

NEW_PASSWORD = "Kata-sandi-baru-2026"


def _change(client, old_password, address):
    return client.post(
        "/accounts/password/",
        {
            "old_password": old_password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_a_wrong_old_password_is_a_form_error(client):
    client.force_login(UserFactory())

    response = _change(client, "salah", "10.0.1.1")

    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["old_password"][0].code == (
        "password_incorrect"
    )


@pytest.mark.django_db
def test_repeated_wrong_old_passwords_lock_the_change_from_that_address(client):
    officer = UserFactory(username="rina.ganti")
    client.force_login(officer)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _change(client, "salah-terus", "10.0.1.2").status_code == 200

    assert _change(client, "salah-terus", "10.0.1.2").status_code == 429
    # Locked: even the right old password is refused from that address, and nothing changes.
    assert _change(client, DEFAULT_PASSWORD, "10.0.1.2").status_code == 429
    officer.refresh_from_db()
    assert officer.check_password(DEFAULT_PASSWORD)
    assert AuditEvent.objects.filter(
        action=AuditAction.LOCKED_OUT, object_repr="rina.ganti"
    ).exists()

    # The officer at another address is not locked out.
    assert _change(client, DEFAULT_PASSWORD, "10.0.1.3").status_code == 302


@pytest.mark.django_db
def test_the_lockout_of_the_change_page_is_the_lockout_of_the_login(client):
    officer = UserFactory(username="dedi.ganti")
    client.force_login(officer)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _change(client, "salah-terus", "10.0.1.4")
    client.logout()

    response = client.post(
        "/accounts/login/",
        {"username": "dedi.ganti", "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="10.0.1.4",
    )

    assert response.status_code == 429
