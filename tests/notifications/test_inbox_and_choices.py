"""The inbox is the user's own; choices of channels and a digest instead of single e-mails;
an office's gateway and digest time, set by its head."""

import datetime
import json
import zoneinfo

import pytest
from django.core import mail

from pmi_portal.access.roles import Role
from pmi_portal.notifications import digest, services
from pmi_portal.notifications.models import Channel, Delivery, Event, Notification, OfficeSettings
from returns import services as returns_services
from tests.factories import PersonFactory, UserFactory, office
from tests.notifications.conftest import flight, pontianak_returnee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_process")]


@pytest.fixture
def delivered(airport, pontianak, django_capture_on_commit_callbacks):
    """One troubled arrival for Pontianak, told to its counter officer in the portal."""
    with django_capture_on_commit_callbacks(execute=True):
        returns_services.arrival_log(
            actor=airport,
            person_fields={"nik": pontianak_returnee().nik},
            arrival_fields=flight(),
        )
    return Notification.objects.get(user=pontianak["counter"])


def test_the_inbox_shows_ones_own_notifications_with_the_unread_count(
    client, delivered, pontianak, elsewhere
):
    client.force_login(pontianak["counter"])
    page = client.get("/notifications/").content.decode()
    assert "QZ7511" in page
    assert json.loads(client.get("/notifications/unread/").content) == {"unread": 1}
    assert 'data-unread-count data-unread-url="/notifications/unread/">1' in page

    client.force_login(elsewhere)
    assert "QZ7511" not in client.get("/notifications/").content.decode()
    assert json.loads(client.get("/notifications/unread/").content) == {"unread": 0}


def test_opening_a_notification_marks_it_read_and_leads_to_the_record(client, delivered, pontianak):
    client.force_login(pontianak["counter"])

    response = client.get(f"/notifications/{delivered.pk}/")

    assert response.status_code == 302
    assert response["Location"] == delivered.event.link
    delivered.refresh_from_db()
    assert delivered.read_at is not None


def test_anothers_notification_is_not_found(client, delivered, elsewhere):
    client.force_login(elsewhere)

    assert client.get(f"/notifications/{delivered.pk}/").status_code == 404
    assert client.post(f"/notifications/{delivered.pk}/read/").status_code == 404
    delivered.refresh_from_db()
    assert delivered.read_at is None


def test_mark_read_and_mark_all_read(client, delivered, pontianak):
    client.force_login(pontianak["counter"])
    assert client.post(f"/notifications/{delivered.pk}/read/").status_code == 302
    delivered.refresh_from_db()
    assert delivered.read_at is not None
    Notification.objects.filter(pk=delivered.pk).update(read_at=None)

    client.post("/notifications/read-all/")

    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_the_api_lists_ones_own_newest_first_and_marks_one_read(
    client_with_token, delivered, pontianak, elsewhere
):
    api = client_with_token(pontianak["counter"])
    listed = api.get("/api/v1/notifications/?unread=true").json()
    assert [n["id"] for n in listed["results"]] == [delivered.pk]
    assert listed["results"][0]["kind"] == "handover_request"
    assert listed["results"][0]["unread"] is True

    answer = api.post(f"/api/v1/notifications/{delivered.pk}/read/")

    assert answer.status_code == 200 and answer.json()["unread"] is False
    assert api.get("/api/v1/notifications/?unread=true").json()["results"] == []
    assert len(api.get("/api/v1/notifications/?unread=false").json()["results"]) == 1

    other = client_with_token(elsewhere)
    assert other.get("/api/v1/notifications/").json()["results"] == []
    refused = other.post(f"/api/v1/notifications/{delivered.pk}/read/")
    assert refused.status_code == 404
    assert other.get("/api/v1/notifications/?unread=maybe").status_code == 400


def test_choices_turn_a_channel_off_for_a_kind(airport, pontianak):
    counter = pontianak["counter"]
    choices, mode = services.preferences_of(counter)
    choices["handover_request"] = {"in_app": True, "email": False}
    services.preferences_save(user=counter, choices=choices, email_mode=mode)

    returns_services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_returnee().nik}, arrival_fields=flight()
    )

    channels = Delivery.objects.filter(notification__user=counter).values_list("channel", flat=True)
    assert list(channels) == [Channel.IN_APP]


def test_an_unknown_kind_or_mode_is_refused_with_its_code(pontianak):
    with pytest.raises(Exception) as refused:
        services.preferences_save(
            user=pontianak["counter"],
            choices={"no_such_kind": {"in_app": True, "email": True}},
            email_mode="each",
        )
    assert refused.value.code == "unknown_kind"
    with pytest.raises(Exception) as refused:
        services.preferences_save(user=pontianak["counter"], choices={}, email_mode="hourly")
    assert refused.value.error_dict["email_mode"][0].code == "invalid_choice"


def test_the_settings_page_saves_the_choices(client, pontianak):
    client.force_login(pontianak["counter"])
    form = {"email_mode": "digest", "case_new__in_app": "on"}

    assert client.post("/notifications/settings/", form).status_code == 302

    choices, mode = services.preferences_of(pontianak["counter"])
    assert mode == "digest"
    assert choices["case_new"] == {"in_app": True, "email": False}
    assert choices["handover_request"] == {"in_app": False, "email": False}


def test_a_digest_replaces_single_emails_and_comes_at_the_offices_time(
    airport, pontianak, django_capture_on_commit_callbacks
):
    counter = pontianak["counter"]
    choices, _mode = services.preferences_of(counter)
    services.preferences_save(user=counter, choices=choices, email_mode="digest")
    with django_capture_on_commit_callbacks(execute=True):
        returns_services.arrival_log(
            actor=airport, person_fields={"nik": pontianak_returnee().nik}, arrival_fields=flight()
        )
    assert mail.outbox == []

    # Pontianak keeps WIB; the digest is due at 07:00 there, made once that day, and covers
    # the day before it.
    wib = zoneinfo.ZoneInfo("Asia/Jakarta")
    now = datetime.datetime.now(wib)
    day = now.date() if now.time() < datetime.time(7) else now.date() + datetime.timedelta(days=1)
    before = datetime.datetime.combine(day, datetime.time(6, 59), tzinfo=wib)
    after = datetime.datetime.combine(day, datetime.time(7, 1), tzinfo=wib)
    with django_capture_on_commit_callbacks(execute=True):
        digest.digests_due(now=before)
        assert not Event.objects.filter(key__startswith=f"digest:{counter.pk}:").exists()
        digest.digests_due(now=after)
        digest.digests_due(now=after + datetime.timedelta(hours=3))

    digests = [m for m in mail.outbox if m.to == [counter.email]]
    assert len(digests) == 1
    assert "QZ7511" in digests[0].body


def test_a_heads_digest_counts_their_area_in_the_offices_own_time_zone(airport, pontianak):
    mataram_head = UserFactory(
        username="kepala.mtr", role=Role.OFFICE_HEAD, office=office("upt-mataram")
    )
    wita = zoneinfo.ZoneInfo("Asia/Makassar")
    now = datetime.datetime.now(wita)
    at = now.replace(hour=7, minute=0, second=30, microsecond=0)
    if at < now + datetime.timedelta(minutes=2):
        at += datetime.timedelta(days=1)
    returns_services.arrival_log(
        actor=airport,
        person_fields={
            "nik": PersonFactory(
                home_regency_id="5271", registered_by_office=office("upt-mataram")
            ).nik
        },
        arrival_fields=flight(arrived_at=now - datetime.timedelta(minutes=1)),
    )

    digest.digests_due(now=at)

    event = Event.objects.get(key=f"digest:{mataram_head.pk}:{at.date().isoformat()}")
    returns_figures = [f["count"] for f in event.params["figures"] if f["link"] == "/returns/"]
    assert returns_figures[:2] == [1, 1]  # one arrival for the area, troubled
    # Pontianak keeps WIB, an hour behind: 06:00 there, its head's digest is not yet due.
    assert not Event.objects.filter(key__startswith=f"digest:{pontianak['head'].pk}:").exists()


def test_a_head_sets_the_gateway_and_sees_its_secret_once(client, pontianak):
    client.force_login(pontianak["head"])
    form = {
        "webhook_url": "https://gateway.example.id/pmi",
        "webhook_kinds": ["handover_request", "case_new"],
        "digest_time": "06:30",
        "office": "upt-mataram",  # ignored: a head sets their own office only
    }

    page = client.post("/notifications/office/", form).content.decode()

    saved = OfficeSettings.objects.get()
    assert saved.office.code == "upt-pontianak"
    assert saved.webhook_secret and saved.webhook_secret in page
    assert client.get("/notifications/office/").content.decode().count(saved.webhook_secret) == 0
    assert saved.digest_time == datetime.time(6, 30)


def test_a_gateway_must_be_https(pontianak):
    with pytest.raises(Exception) as refused:
        services.office_settings_save(
            actor=pontianak["head"],
            office=office("upt-pontianak"),
            webhook_url="http://gateway.example.id/pmi",
            webhook_kinds=["case_new"],
            digest_time=datetime.time(7),
        )
    assert refused.value.error_dict["webhook_url"][0].code == "not_https"


def test_a_head_cannot_set_another_offices_gateway(pontianak):
    from pmi_portal.access.scoping import NotFoundOrNotYours

    with pytest.raises(NotFoundOrNotYours):
        services.office_settings_save(
            actor=pontianak["head"],
            office=office("upt-mataram"),
            webhook_url="https://gateway.example.id/pmi",
            webhook_kinds=["case_new"],
            digest_time=datetime.time(7),
        )


def test_a_counter_officer_has_no_office_settings(client, pontianak):
    client.force_login(pontianak["counter"])

    assert client.get("/notifications/office/").status_code == 403
    assert client.get("/notifications/failed/").status_code == 403


def test_hostile_text_in_a_notification_is_escaped(
    client, airport, pontianak, django_capture_on_commit_callbacks
):
    person = PersonFactory(
        full_name="<script>alert(1)</script>",
        home_regency_id="6171",
        registered_by_office=office("upt-pontianak"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        returns_services.arrival_log(
            actor=airport, person_fields={"nik": person.nik}, arrival_fields=flight()
        )
    client.force_login(pontianak["counter"])

    page = client.get("/notifications/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
