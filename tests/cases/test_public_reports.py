"""Reports from the public at /lapor/: anonymous, no address kept anywhere, followed with a
receipt code that is stored only as its hash, and limited per address."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import services, throttle
from cases.models import Case, CaseDocument, CaseNote, PublicReport, State
from cases.receipts import receipt_hash, receipt_normal
from pmi_portal.audit.models import AuditEvent
from tests.documents.samples import pdf, png

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _report(client, **extra):
    data = {
        "case_type": "unlicensed_recruiter",
        "description": "Seorang calo di desa kami merekrut perempuan ke Malaysia tanpa dokumen.",
        "regency": "6101",  # Kabupaten Sambas: UPT Pontianak
        "anonymous": "on",
        **extra,
    }
    return client.post(reverse("lapor:report"), data, REMOTE_ADDR="198.51.100.23")


def _receipt(response) -> str:
    return receipt_normal(response.context["receipt"])


@pytest.mark.django_db
def test_an_anonymous_report_is_routed_by_its_regency_and_keeps_no_address(client):
    response = _report(
        client, files=[SimpleUploadedFile("foto-rumah-calo-0812.png", png(), "image/png")]
    )

    assert response.status_code == 200
    case = Case.objects.get()
    assert (case.source, case.state) == ("public_report", "reported")
    assert case.office.code == "upt-pontianak"
    assert case.created_by is None
    report = case.public_report
    assert report.anonymous is True and report.contact == ""
    document = CaseDocument.objects.get(case=case)
    assert document.uploaded_by is None
    assert "0812" not in document.original_name
    rows = AuditEvent.objects.all()
    assert rows.count() >= 2
    assert set(rows.values_list("ip_address", flat=True)) == {None}
    assert set(rows.values_list("request_id", flat=True)) == {""}
    assert "198.51.100.23" not in str(list(Case.objects.values())) + str(
        list(PublicReport.objects.values())
    )


@pytest.mark.django_db
def test_the_receipt_is_shown_once_and_stored_only_as_its_hash(client):
    response = _report(client)
    receipt = _receipt(response)

    report = PublicReport.objects.get()
    assert len(receipt) >= 16
    assert not set(receipt) & set("0O1IL")
    assert report.receipt_hash == receipt_hash(receipt)
    assert receipt not in str(list(PublicReport.objects.values()))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_reporter_follows_the_report_and_sees_no_staff_name(client, handler):
    # A made-up surname no page word contains (a random one, "Tamba", is in "Tambah").
    handler.first_name, handler.last_name = "Qorvinda", "Zulkarnaenix"
    handler.save(update_fields=["first_name", "last_name"])
    receipt = _receipt(_report(client, regency="3673"))
    case = Case.objects.get()
    services.case_note_add(actor=handler, case=case, text="Catatan internal: saksi Budi")
    services.case_transition(
        actor=handler, case=case, to_state=State.VERIFIED, expected_version=case.version
    )

    response = client.get(reverse("lapor:status", kwargs={"receipt": receipt}))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["state_label"] == State.VERIFIED.label
    for name in (handler.username, handler.first_name, handler.last_name):
        assert name not in page
    assert "Budi" not in page
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.django_db
def test_a_receipt_typed_with_dashes_and_small_letters_still_finds_the_report(client):
    receipt = _receipt(_report(client))
    typed = "-".join(receipt[i : i + 4] for i in range(0, 20, 4)).lower()

    lookup = client.get(reverse("lapor:status_lookup"), {"receipt": typed})

    assert lookup.status_code == 302
    assert client.get(lookup["Location"]).status_code == 200


@pytest.mark.django_db
def test_a_forged_receipt_with_a_real_prefix_answers_404(client):
    receipt = _receipt(_report(client))
    forged = receipt[:6] + "A" * (len(receipt) - 6)

    assert client.get(reverse("lapor:status", kwargs={"receipt": forged})).status_code == 404
    assert client.get(reverse("lapor:status", kwargs={"receipt": "X"})).status_code == 404


@pytest.mark.django_db
def test_the_reporter_adds_information_and_files_without_an_address(client):
    receipt = _receipt(_report(client))
    before = AuditEvent.objects.count()

    response = client.post(
        reverse("lapor:status", kwargs={"receipt": receipt}),
        {"text": "Calo itu bernama Pak Rudi.", "files": [SimpleUploadedFile("a.pdf", pdf())]},
        REMOTE_ADDR="198.51.100.23",
    )

    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert (note.from_reporter, note.author) == (True, None)
    assert CaseDocument.objects.count() == 1
    new_rows = AuditEvent.objects.order_by("pk")[before:]
    assert len(new_rows) == 2
    assert {row.ip_address for row in new_rows} == {None}


@pytest.mark.django_db
def test_a_report_that_is_not_anonymous_needs_a_contact(client):
    refused = _report(client, anonymous="")
    kept = _report(client, anonymous="", contact="0812-3456-7890")

    assert refused.status_code == 200
    assert refused.context["form"].errors["contact"]
    assert PublicReport.objects.get().contact == "0812-3456-7890"
    assert kept.status_code == 200


@pytest.mark.django_db
def test_the_service_itself_asks_a_named_reporter_for_a_contact():
    with pytest.raises(ValidationError) as refused:
        services.public_report_submit(
            case_type="other", description="Anak saya hilang kontak.", anonymous=False
        )

    assert refused.value.error_dict["contact"][0].code == "contact_required"


@pytest.mark.django_db
def test_a_bad_file_refuses_the_whole_report(client):
    response = _report(client, files=[SimpleUploadedFile("a.pdf", b"<html>hi</html>")])

    assert response.status_code == 200
    assert response.context["form"].errors["files"]
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_a_filled_honeypot_stores_nothing(client):
    response = _report(client, website="http://spam.example")

    assert response.status_code == 200
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_too_many_reports_from_one_address_answer_429(client, monkeypatch):
    monkeypatch.setitem(throttle.LIMITS, "submit", (2, 3600))

    statuses = [_report(client).status_code for _ in range(3)]
    other_address = client.post(
        reverse("lapor:report"), {"case_type": "other"}, REMOTE_ADDR="192.0.2.9"
    )

    assert statuses == [200, 200, 429]
    assert Case.objects.count() == 2
    assert other_address.status_code == 200
    # The limit's key is a keyed hash, never the address (the in-memory cache can be read).
    local = getattr(cache, "_cache", None)
    if isinstance(local, dict):
        assert not any("198.51.100.23" in str(key) for key in local)


@pytest.mark.django_db
def test_hostile_text_of_a_public_report_is_shown_escaped_to_staff(client, head):
    _report(client, description=HOSTILE, regency="3673")
    case = Case.objects.get()
    client.force_login(head)

    detail = client.get(reverse("cases:detail", kwargs={"pk": case.pk})).content.decode()
    listing = client.get(reverse("cases:list"), {"view": "all"}).content.decode()

    for page in (detail, listing):
        assert "<script>alert" not in page
        assert "onerror=alert(1)>" not in page
    assert "&lt;script&gt;alert" in detail
