"""An office records its outreach: in its working area or online, with its files, audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from outreach import services
from outreach.models import Activity
from pmi_portal.access.roles import Role
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.offices.models import Regency
from tests.documents.samples import png
from tests.factories import UserFactory, office
from tests.outreach.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _form(**changes) -> dict:
    data = {
        "held_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "kind": "security_liaison",
        "regency": "3602",
        "place": "Kecamatan Malingping",
        "partner": "Polsek Malingping",
        "audience": "Bhabinkamtibmas dan Babinsa",
        "attendance": "32",
        "topics": "Modus calo di desa; cara melapor",
    }
    return {**data, **changes}


def test_a_counter_officer_records_an_activity_in_the_offices_area(counter_client, counter):
    response = counter_client.post(reverse("outreach:new"), _form())

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:detail", kwargs={"pk": activity.pk})
    assert activity.office.code == "upt-serang"
    assert activity.regency_id == "3602"
    assert activity.recorded_by == counter
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(activity.pk))
    assert event.regency_id == "3602"
    assert event.changes["attendance"] == [None, 32]


def test_a_regency_outside_the_offices_area_is_refused_and_nothing_saved(counter_client):
    response = counter_client.post(reverse("outreach:new"), _form(regency="6101"))

    assert response.status_code == 200
    # Sambas is not even offered to Serang: the list holds Banten's regencies only.
    assert response.context["form"].has_error("regency", code="invalid_choice")
    assert Activity.objects.count() == 0


def test_the_service_refuses_a_regency_outside_the_area_whatever_the_caller(counter):
    sambas = Regency.objects.get(code="6101")

    with pytest.raises(ValidationError) as refused:
        services.activity_record(
            actor=counter,
            fields={
                "held_on": timezone.localdate(),
                "kind": "village_meeting",
                "regency": sambas,
                "audience": "Kepala desa",
                "attendance": 10,
                "topics": "Bahaya calo",
            },
        )

    assert refused.value.error_dict["regency"][0].code == "outside_area"
    assert Activity.objects.count() == 0


def test_a_place_is_a_regency_of_the_area_or_online(counter_client):
    nowhere = counter_client.post(reverse("outreach:new"), _form(regency=""))
    online = counter_client.post(
        reverse("outreach:new"), _form(regency="", kind="online_live", place="Instagram Live")
    )

    assert nowhere.context["form"].has_error("regency", code="required")
    activity = Activity.objects.get()
    assert online.status_code == 302
    assert activity.online is True
    assert activity.regency is None
    assert activity.place == ""


def test_a_date_in_the_future_is_refused(counter_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = counter_client.post(reverse("outreach:new"), _form(held_on=tomorrow.isoformat()))

    assert response.context["form"].has_error("held_on", code="future")
    assert Activity.objects.count() == 0


def test_blank_topics_and_audience_are_refused_with_their_own_messages(counter_client):
    response = counter_client.post(reverse("outreach:new"), _form(topics="   ", audience=" "))

    form = response.context["form"]
    assert form.has_error("topics", code="required")
    assert form.has_error("audience", code="required")
    assert Activity.objects.count() == 0


def test_an_edit_over_someone_elses_newer_save_is_refused(counter_client, counter):
    activity = ActivityFactory()
    Activity.objects.filter(pk=activity.pk).update(version=2)

    response = counter_client.post(
        reverse("outreach:edit", kwargs={"pk": activity.pk}), _form(version=1, attendance="99")
    )
    with pytest.raises(ValidationError) as refused:
        services.activity_update(
            actor=counter, activity=activity, fields={"attendance": 99}, expected_version=1
        )

    assert response.status_code == 200
    assert refused.value.code == "stale"
    activity.refresh_from_db()
    assert activity.attendance == 45


def test_an_edit_is_saved_and_audited_with_what_changed(counter_client):
    activity = ActivityFactory()

    response = counter_client.post(
        reverse("outreach:edit", kwargs={"pk": activity.pk}),
        _form(version=1, attendance="99", regency="3673"),
    )

    activity.refresh_from_db()
    assert response.status_code == 302
    assert (activity.attendance, activity.version) == (99, 2)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(activity.pk))
    assert event.changes["attendance"] == [45, 99]


def test_the_attendance_list_is_stored_privately_and_its_download_audited(counter_client, counter):
    activity = ActivityFactory()
    upload = SimpleUploadedFile("foto-sosialisasi.png", png(), content_type="image/png")

    added = counter_client.post(
        reverse("outreach:document", kwargs={"pk": activity.pk}),
        {"kind": "photo", "file": upload},
    )
    document = activity.documents.get()
    download = counter_client.get(reverse("outreach:document_download", kwargs={"pk": document.pk}))

    assert added.status_code == 302
    assert document.original_name == "foto-sosialisasi.png"
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTITY, object_id=str(document.pk)
    ).exists()


def test_a_file_that_is_no_pdf_jpeg_or_png_is_refused(counter_client):
    activity = ActivityFactory()
    upload = SimpleUploadedFile("daftar.html", b"<html><script>x</script></html>")

    counter_client.post(
        reverse("outreach:document", kwargs={"pk": activity.pk}),
        {"kind": "attendance_list", "file": upload},
    )

    assert activity.documents.count() == 0


def test_the_airport_post_does_not_record_outreach(client):
    client.force_login(
        UserFactory(username="bandara.uji", role=Role.AIRPORT_OFFICER, office=office("pos-soetta"))
    )

    assert client.get(reverse("outreach:new")).status_code == 403
    assert client.get(reverse("outreach:list")).status_code == 403


def test_the_list_filters_by_kind_and_counts_the_people_reached(counter_client):
    ActivityFactory(kind="school", attendance=120, partner="SMAN 2 Serang")
    ActivityFactory(kind="media", attendance=0, partner="Radar Banten")

    response = counter_client.get(reverse("outreach:list"), {"kind": "school"})

    body = response.content.decode()
    assert "SMAN 2 Serang" in body
    assert "Radar Banten" not in body
    assert response.context["totals"] == {"activities": 1, "attendance": 120}
