"""A person answers the SKM on a phone from the code on the receipt: anonymously, once."""

import re

import pytest
from django.core import signing
from django.urls import reverse
from rest_framework.test import APIClient

from pmi_portal.audit.models import AuditEvent
from service_quality import services
from service_quality.models import SurveyAnswer, SurveyReceiptUse
from tests.factories import PlacementFactory, office

pytestmark = pytest.mark.django_db
ALL_GOOD = {f"u{n}": "3" for n in range(1, 10)}


def _token(receipt="registration:1") -> str:
    return services.survey_token(
        office=office("upt-serang"), service="registration", receipt=receipt
    )


def test_the_registration_receipt_carries_the_survey_link_and_its_qr_code(counter_client):
    placement = PlacementFactory()

    page = counter_client.get(reverse("placements:receipt", kwargs={"pk": placement.pk}))

    body = page.content.decode()
    link = re.search(r'data-testid="skm-link">([^<]+)<', body).group(1)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    invitation = services.survey_invitation(token)
    assert "<svg" in body
    assert (invitation.office, invitation.service) == (placement.office, "registration")
    assert invitation.receipt_hash == services._receipt_hash(f"registration:{placement.pk}")


def test_an_anonymous_answer_is_saved_once_and_a_second_one_refused(client):
    url = reverse("skm:answer", kwargs={"token": _token()})

    form = client.get(url)
    first = client.post(url, ALL_GOOD)
    second = client.post(url, {**ALL_GOOD, "u1": "1"})
    again = client.get(url)

    assert form.status_code == 200
    assert form["Referrer-Policy"] == "same-origin"
    assert first.status_code == 200
    assert "skm-thanks" in first.content.decode()
    assert second.status_code == 409
    assert "skm-already" in again.content.decode()
    answer = SurveyAnswer.objects.get()
    assert (answer.office.code, answer.service, answer.u1) == ("upt-serang", "registration", 3)
    assert SurveyReceiptUse.objects.count() == 1


def test_an_answer_keeps_nothing_that_leads_back_to_the_person_or_the_receipt(client):
    client.post(reverse("skm:answer", kwargs={"token": _token("registration:4242")}), ALL_GOOD)

    use = SurveyReceiptUse.objects.get()
    assert "4242" not in use.receipt_hash
    assert {field.name for field in SurveyAnswer._meta.fields} == {
        "id", "office", "service", "answered_on", *(f"u{n}" for n in range(1, 10)),
    }  # fmt: skip
    # No numbered key on the receipts used: the n-th use does not name the n-th answer.
    assert {field.name for field in SurveyReceiptUse._meta.fields} == {"receipt_hash"}
    event = AuditEvent.objects.get(object_id=str(SurveyAnswer.objects.get().pk))
    assert (event.ip_address, event.request_id, event.actor_id) == (None, "", None)


def test_the_survey_link_does_not_carry_the_receipt_number():
    token = _token("registration:4242")

    # A signed token is only signed: anyone holding the link can read what it carries.
    payload = signing.loads(token, salt=services._SALT)

    assert "4242" not in str(payload)
    assert services.survey_invitation(token).receipt_hash == payload["r"]


def test_the_same_receipt_printed_twice_still_answers_once(client):
    token = _token("registration:7")
    reprinted = _token("registration:7")

    client.post(reverse("skm:answer", kwargs={"token": token}), ALL_GOOD)
    client.post(reverse("skm:answer", kwargs={"token": reprinted}), ALL_GOOD)

    assert SurveyAnswer.objects.count() == 1


def test_an_unanswered_question_is_refused_and_nothing_saved(client):
    response = client.post(
        reverse("skm:answer", kwargs={"token": _token()}), {**ALL_GOOD, "u5": ""}
    )

    assert response.context["form"].has_error("u5", code="required")
    assert SurveyAnswer.objects.count() == 0
    assert SurveyReceiptUse.objects.count() == 0


def test_a_forged_or_damaged_link_is_refused_with_its_code(client):
    forged = signing.dumps({"o": 1, "s": "registration", "r": "x"}, salt="another")

    for token in (forged, _token()[:-3] + "abc"):
        response = client.get(reverse("skm:answer", kwargs={"token": token}))
        assert response.status_code == 404
        assert 'data-code="token_invalid"' in response.content.decode()


def test_an_expired_link_is_refused_with_its_code(client, monkeypatch):
    token = _token()
    monkeypatch.setattr(services, "INVITATION_DAYS", -1)

    response = client.get(reverse("skm:answer", kwargs={"token": token}))

    assert 'data-code="token_expired"' in response.content.decode()


def test_the_public_survey_endpoint_answers_once_per_receipt():
    client = APIClient()
    body = {"token": _token(), **{f"u{n}": 4 for n in range(1, 10)}}

    first = client.post("/api/v1/survey/", body, format="json")
    second = client.post("/api/v1/survey/", body, format="json")
    too_high = client.post(
        "/api/v1/survey/", {**body, "token": _token("registration:2"), "u3": 5}, format="json"
    )

    assert first.status_code == 201
    assert first.json() == {"service": "registration", "office": "upt-serang"}
    assert second.status_code == 400
    assert second.json()["errors"][0]["code"] == "already_answered"
    assert too_high.status_code == 400
    assert too_high.json()["errors"][0]["attr"] == "u3"
    assert SurveyAnswer.objects.count() == 1
