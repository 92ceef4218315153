"""The head publishes each counter service's standard; the public reads it, in Indonesian or
English, without logging in."""

import pytest
from django.conf import settings
from django.urls import reverse

from pmi_portal.access.roles import Role
from pmi_portal.audit.models import AuditAction, AuditEvent
from service_quality.models import ServiceStandard
from tests.factories import UserFactory
from tests.service_quality.factories import ServiceStandardFactory

pytestmark = pytest.mark.django_db
FORM = {
    "requirements_id": "KTP asli\nSurat keterangan sehat",
    "requirements_en": "Original KTP\nHealth certificate",
    "steps_id": "Ambil antrean\nPemeriksaan dokumen",
    "steps_en": "Take a queue number\nDocument check",
    "promised_minutes": "20",
    "version": "",
}


@pytest.fixture
def head_client(client):
    client.force_login(UserFactory(username="kepala.serang", role=Role.OFFICE_HEAD))
    return client


def test_the_head_publishes_a_standard_and_the_public_reads_it_in_both_languages(head_client):
    edit = reverse("service_quality:standard_edit", kwargs={"service": "document_check"})

    published = head_client.post(edit, FORM)
    head_client.logout()
    public = reverse("layanan:office", kwargs={"code": "upt-serang"})
    indonesian = head_client.get(public).content.decode()
    head_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = head_client.get(public).content.decode()

    assert published.status_code == 302
    standard = ServiceStandard.objects.get()
    assert (standard.office.code, standard.service, standard.promised_minutes) == (
        "upt-serang", "document_check", 20,
    )  # fmt: skip
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(standard.pk)).exists()
    assert "Surat keterangan sehat" in indonesian and "Health certificate" not in indonesian
    assert "Health certificate" in english and "Surat keterangan sehat" not in english


def test_a_standard_needs_both_languages_and_a_promised_time_within_a_day(head_client):
    edit = reverse("service_quality:standard_edit", kwargs={"service": "registration"})

    no_english = head_client.post(edit, {**FORM, "steps_en": "  "})
    too_long = head_client.post(edit, {**FORM, "promised_minutes": "2000"})

    assert no_english.context["form"].has_error("steps_en", code="required")
    assert too_long.context["form"].has_error("promised_minutes", code="max_value")
    assert ServiceStandard.objects.count() == 0


def test_a_change_over_a_newer_save_is_refused(head_client):
    standard = ServiceStandardFactory()
    ServiceStandard.objects.filter(pk=standard.pk).update(version=2)
    edit = reverse("service_quality:standard_edit", kwargs={"service": "registration"})

    response = head_client.post(edit, {**FORM, "version": "1"})

    assert response.status_code == 200
    standard.refresh_from_db()
    assert standard.promised_minutes == 30


def test_a_counter_officer_reads_the_standards_but_does_not_publish_them(counter_client):
    edit = reverse("service_quality:standard_edit", kwargs={"service": "registration"})

    assert counter_client.get(reverse("service_quality:standards")).status_code == 200
    assert counter_client.post(edit, FORM).status_code == 403
    assert ServiceStandard.objects.count() == 0


def test_an_unknown_service_is_404(head_client):
    edit = reverse("service_quality:standard_edit", kwargs={"service": "visa"})

    assert head_client.get(edit).status_code == 404
