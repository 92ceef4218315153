import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pmi_portal.access.roles import Role
from pmi_portal.audit.models import AuditAction, AuditEvent
from tests.factories import DEFAULT_PASSWORD, UserFactory


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _login(client, username, token=""):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": DEFAULT_PASSWORD, "otp_token": token},
    )


@pytest.fixture
def head(db):
    return UserFactory(username="kepala.uji", role=Role.OFFICE_HEAD)


@pytest.fixture
def head_with_two_factor(client, head):
    client.force_login(head)
    page = client.get("/accounts/two-factor/")
    assert "two-factor-secret" in page.content.decode()
    device = TOTPDevice.objects.get(user=head, confirmed=False)
    response = client.post("/accounts/two-factor/", {"token": current_code(device)})
    assert response.status_code == 302
    client.logout()
    device.refresh_from_db()
    return head, device


@pytest.mark.django_db
def test_a_head_turns_two_factor_on_by_confirming_a_first_code(head_with_two_factor):
    head, device = head_with_two_factor

    assert device.confirmed
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(head.pk))
    assert event.changes == {"two_factor": [False, True]}


@pytest.mark.django_db
def test_a_wrong_first_code_leaves_two_factor_off(client, head):
    client.force_login(head)
    client.get("/accounts/two-factor/")

    response = client.post("/accounts/two-factor/", {"token": "000000"})

    assert "Kode salah atau sudah kedaluwarsa" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=head, confirmed=True).exists()


@pytest.mark.django_db
def test_with_two_factor_on_a_login_without_the_code_is_refused(client, head_with_two_factor):
    head, _ = head_with_two_factor

    response = _login(client, head.username)

    assert response.status_code == 200
    assert "memakai verifikasi dua langkah" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_with_two_factor_on_a_wrong_code_is_refused(client, head_with_two_factor):
    head, _ = head_with_two_factor

    response = _login(client, head.username, "123456")

    assert "Kode verifikasi dua langkah salah" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_with_two_factor_on_the_right_code_logs_in_verified(client, head_with_two_factor):
    head, device = head_with_two_factor
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)

    response = _login(client, head.username, current_code(device))

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(head.pk)
    assert client.session["otp_device_id"] == device.persistent_id


@pytest.mark.django_db
def test_officers_without_two_factor_log_in_with_password_only(client):
    UserFactory(username="loket.uji")

    assert _login(client, "loket.uji").status_code == 302


@pytest.mark.django_db
def test_a_counter_officer_cannot_open_the_two_factor_page(client):
    client.force_login(UserFactory(role=Role.COUNTER_OFFICER))

    assert client.get("/accounts/two-factor/").status_code == 403


@pytest.mark.django_db
def test_a_head_logged_in_with_the_code_opens_pages_without_reading_the_device(
    client, head_with_two_factor
):
    head, device = head_with_two_factor
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    assert _login(client, head.username, current_code(device)).status_code == 302

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/notifications/").status_code == 200

    assert client.session["otp_device_id"] == device.persistent_id
    assert not [query for query in queries if TOTPDevice._meta.db_table in query["sql"]]
