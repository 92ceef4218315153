import datetime
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from pmi_portal.access.roles import Role
from pmi_portal.api.models import ApiToken
from pmi_portal.api.services import api_token_issue, api_token_revoke
from pmi_portal.audit.models import AuditAction, AuditEvent
from tests.api.helpers import assert_error
from tests.factories import UserFactory, office

ME = "/api/v1/me/"


def get_me(key: str, **extra):
    return APIClient().get(ME, HTTP_AUTHORIZATION=f"Token {key}", **extra)


@pytest.fixture
def administrator(db):
    return UserFactory(
        username="admin.uji", role=Role.ADMINISTRATOR, office=office("hq"), is_staff=True
    )


@pytest.mark.django_db
def test_a_token_lets_a_system_act_as_its_user(user, issue_token):
    _, key = issue_token(user)

    response = get_me(key)

    assert response.status_code == 200
    assert response.json()["username"] == user.username


@pytest.mark.django_db
def test_only_a_hash_and_a_prefix_of_the_key_are_stored(user, issue_token):
    token, key = issue_token(user)

    token.refresh_from_db()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(token.prefix)
    assert len(token.prefix) < len(key) // 3
    assert not ApiToken.objects.filter(key_hash__contains=key[len(token.prefix) :]).exists()


@pytest.mark.django_db
def test_issuing_and_revoking_go_to_the_audit_trail_without_the_hash(user, administrator):
    token, _ = api_token_issue(actor=administrator, user=user, name="Registri nasional")
    api_token_revoke(actor=administrator, token=token)

    events = AuditEvent.objects.filter(object_id=str(token.pk)).order_by("pk")
    assert [event.action for event in events] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert all(event.actor == administrator for event in events)
    assert events[0].changes["name"] == [None, "Registri nasional"]
    assert "key_hash" not in events[0].changes
    assert token.key_hash not in str(events[0].changes)
    assert events[1].changes["revoked_at"][0] is None


@pytest.mark.django_db
def test_a_revoked_token_answers_401_token_revoked(user, issue_token):
    token, key = issue_token(user)
    api_token_revoke(actor=None, token=token)

    assert_error(get_me(key), 401, "token_revoked")


@pytest.mark.django_db
def test_an_expired_token_answers_401_token_expired(user, issue_token):
    token, key = issue_token(user, expires_at=timezone.now() + datetime.timedelta(days=1))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())

    assert_error(get_me(key), 401, "token_expired")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [
        "Token pmi_0123456789_" + "x" * 43,  # well formed, never issued
        "Token not-a-key",
        "Token",
        "Token two parts",
        "token pmi_é",
    ],
)
def test_an_unknown_or_malformed_token_answers_401(header):
    response = APIClient().get(ME, HTTP_AUTHORIZATION=header)

    assert_error(response, 401, "authentication_failed")


@pytest.mark.django_db
def test_a_key_with_a_known_prefix_but_another_secret_answers_401(user, issue_token):
    _, key = issue_token(user)

    assert_error(get_me(key[:-4] + "AAAA"), 401, "authentication_failed")


@pytest.mark.django_db
def test_the_token_of_an_inactive_user_answers_401(user, issue_token):
    _, key = issue_token(user)
    user.is_active = False
    user.save()

    assert_error(get_me(key), 401, "authentication_failed")


@pytest.mark.django_db
def test_a_missing_token_answers_401_naming_the_scheme(client):
    response = client.get(ME)

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_the_last_use_is_recorded_at_most_once_a_minute(user, issue_token):
    token, key = issue_token(user)
    assert token.last_used_at is None

    get_me(key)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None

    get_me(key)
    token.refresh_from_db()
    assert token.last_used_at == first_use

    two_minutes_ago = first_use - datetime.timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=two_minutes_ago)
    get_me(key)
    token.refresh_from_db()
    assert token.last_used_at > first_use


@pytest.mark.django_db
def test_no_token_is_issued_for_an_inactive_user_or_with_an_expiry_in_the_past(user):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        api_token_issue(actor=None, user=user, name="x", expires_at=yesterday)
    assert "expires_at" in refused.value.message_dict

    user.is_active = False
    with pytest.raises(ValidationError) as refused:
        api_token_issue(actor=None, user=user, name="x")
    assert "user" in refused.value.message_dict
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_command_prints_a_working_key_once(user):
    out, err = io.StringIO(), io.StringIO()

    call_command("issue_api_token", user.username, "--name", "Konsulat", stdout=out, stderr=err)

    key = out.getvalue().strip()
    assert get_me(key).status_code == 200
    assert ApiToken.objects.get().name == "Konsulat"
    assert key not in err.getvalue()


@pytest.mark.django_db
def test_session_authentication_works_for_the_portal_pages(logged_in_client, user):
    response = logged_in_client.get(ME)

    assert response.status_code == 200
    assert response.json()["username"] == user.username


@pytest.mark.django_db
def test_session_authentication_refuses_an_unsafe_request_without_csrf_token(user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    refused = client.post(ME, {}, format="json")
    secret = "k" * 32  # the CSRF secret the portal's pages put in the cookie
    client.cookies["csrftoken"] = secret
    with_token = client.post(ME, {}, format="json", HTTP_X_CSRFTOKEN=secret)

    assert_error(refused, 403, "permission_denied")
    assert_error(with_token, 405, "method_not_allowed")


@pytest.mark.django_db
def test_a_token_needs_no_csrf_token(user, issue_token):
    _, key = issue_token(user)
    client = APIClient(enforce_csrf_checks=True)

    response = client.post(ME, {}, format="json", HTTP_AUTHORIZATION=f"Token {key}")

    assert_error(response, 405, "method_not_allowed")


@pytest.mark.django_db
def test_the_admin_issues_a_token_and_shows_its_key_once(client, administrator, user):
    client.force_login(administrator)

    response = client.post(
        "/admin/api/apitoken/add/", {"user": user.pk, "name": "Garuda manifest"}, follow=True
    )

    assert response.status_code == 200
    token = ApiToken.objects.get()
    [key] = [
        word
        for message in response.context["messages"]
        for word in str(message).split()
        if word.startswith(token.prefix)
    ]
    assert get_me(key).status_code == 200
    change_page = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert key not in change_page
    assert token.key_hash not in change_page
    listing = client.get("/admin/api/apitoken/").content.decode()
    assert "Garuda manifest" in listing
    assert token.key_hash not in listing


@pytest.mark.django_db
def test_the_admin_refuses_a_token_for_an_inactive_user(client, administrator, user):
    user.is_active = False
    user.save()
    client.force_login(administrator)

    response = client.post("/admin/api/apitoken/add/", {"user": user.pk, "name": "x"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["user"]
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_admin_revokes_the_selected_tokens(client, administrator, user, issue_token):
    token, key = issue_token(user)
    client.force_login(administrator)

    client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert_error(get_me(key), 401, "token_revoked")
    assert AuditEvent.objects.filter(
        object_id=str(token.pk), action=AuditAction.UPDATE, actor=administrator
    ).exists()


@pytest.mark.django_db
def test_the_admin_shows_when_each_token_was_last_used(client, administrator, user, issue_token):
    _, key = issue_token(user, name="Registri nasional")
    get_me(key)
    client.force_login(administrator)

    response = client.get("/admin/api/apitoken/")

    assert "last_used_at" in response.context["cl"].list_display
    [row] = response.context["cl"].result_list
    assert row.name == "Registri nasional"
    assert row.last_used_at is not None
