import pytest

from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.people.models import Person, PossibleDuplicate
from tests.factories import PersonFactory, PlacementFactory
from tests.placements.conftest import pdf

pytestmark = pytest.mark.django_db


def test_the_worker_page_shows_whole_identity_and_records_the_view(counter_client, counter):
    worker = PersonFactory(passport_number="C1234567", passport_expiry="2030-01-01")

    text = counter_client.get(f"/registry/workers/{worker.pk}/").content.decode()

    assert worker.nik in text
    assert "C1234567" in text
    event = AuditEvent.objects.get(action=AuditAction.VIEW_IDENTITY, object_id=str(worker.pk))
    assert (event.actor, event.regency_id) == (counter, worker.home_regency_id)


def _edit_data(worker, **overrides):
    data = {
        "full_name": worker.full_name,
        "sex": worker.sex,
        "birth_place": worker.birth_place,
        "birth_date": worker.birth_date.isoformat(),
        "home_regency": worker.home_regency_id,
        "address": "Jalan Baru No. 5",
        "phone": worker.phone,
        "education": worker.education,
        "skills": "",
        "next_of_kin_name": worker.next_of_kin_name,
        "next_of_kin_relation": worker.next_of_kin_relation,
        "next_of_kin_phone": worker.next_of_kin_phone,
        "passport_number": "",
        "passport_expiry": "",
        "version": worker.version,
    }
    return {**data, **overrides}


def test_an_officer_changes_a_workers_address_and_the_change_is_audited(counter_client):
    worker = PersonFactory(address="Jalan Lama No. 1")

    response = counter_client.post(f"/registry/workers/{worker.pk}/edit/", _edit_data(worker))

    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.address == "Jalan Baru No. 5"
    assert worker.version == 2
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(worker.pk))
    assert event.changes["address"] == ["Jalan Lama No. 1", "Jalan Baru No. 5"]


def test_two_officers_editing_at_once_do_not_overwrite_each_other(counter_client):
    worker = PersonFactory(address="Jalan Lama No. 1")
    opened_by_both = _edit_data(worker)
    counter_client.post(f"/registry/workers/{worker.pk}/edit/", opened_by_both)

    second = counter_client.post(
        f"/registry/workers/{worker.pk}/edit/", {**opened_by_both, "address": "Jalan Lain No. 9"}
    )

    assert "Orang lain mengubah data ini" in second.content.decode()
    assert Person.objects.get(pk=worker.pk).address == "Jalan Baru No. 5"


def test_a_second_active_placement_is_refused(counter_client):
    placement = PlacementFactory()

    response = counter_client.post(
        f"/registry/workers/{placement.worker_id}/placements/new/",
        {
            "scheme": "g2g",
            "destination": "KR",
            "employer_name": "Hyundai",
            "sector": "formal",
            "job_title": "operator",
            "contract_months": "36",
            "salary_amount": "2000000",
            "salary_currency": "KRW",
        },
    )

    assert "sudah punya penempatan yang aktif" in response.content.decode()
    assert placement.worker.placements.count() == 1


def test_a_stage_move_through_htmx_answers_the_refreshed_panel(counter_client):
    placement = PlacementFactory()
    counter_client.post(
        f"/registry/placements/{placement.pk}/documents/", {"kind": "ktp", "file": pdf()}
    )

    response = counter_client.post(
        f"/registry/placements/{placement.pk}/move/",
        {"to_stage": "selection", "version": placement.version, "reason": ""},
        headers={"HX-Request": "true"},
    )

    answer = response.content.decode()
    assert 'data-testid="current-stage">seleksi<' in answer
    assert f'<tr id="placement-{placement.pk}" hx-swap-oob="true">' in answer


def test_a_refused_stage_move_says_why_in_the_panel(counter_client):
    placement = PlacementFactory()

    response = counter_client.post(
        f"/registry/placements/{placement.pk}/move/",
        {"to_stage": "selection", "version": placement.version, "reason": ""},
        headers={"HX-Request": "true"},
    )

    assert "Unggah dulu: fotokopi KTP" in response.content.decode()


def test_documents_of_the_wrong_type_or_too_big_are_refused(counter_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    placement = PlacementFactory()
    exe = SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00", content_type="application/pdf")
    big = SimpleUploadedFile(
        "ktp.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), content_type="application/pdf"
    )

    for upload in (exe, big):
        counter_client.post(
            f"/registry/placements/{placement.pk}/documents/", {"kind": "ktp", "file": upload}
        )

    assert not placement.documents.exists()


def test_documents_are_stored_outside_the_web_root_and_served_audited_to_the_scope(
    counter_client, counter, settings
):
    placement = PlacementFactory()
    counter_client.post(
        f"/registry/placements/{placement.pk}/documents/", {"kind": "ktp", "file": pdf("ktp.pdf")}
    )
    document = placement.documents.get()

    assert str(settings.PRIVATE_MEDIA_ROOT) in document.file.path
    assert not str(document.file.path).startswith(str(settings.STATIC_ROOT))
    response = counter_client.get(f"/registry/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTITY, object_id=str(document.pk)
    ).exists()


def test_a_contract_of_zero_months_is_refused_at_its_field_not_as_another_placement(
    counter_client,
):
    worker = PersonFactory()

    response = counter_client.post(
        f"/registry/workers/{worker.pk}/placements/new/",
        {
            "scheme": "g2g",
            "destination": "KR",
            "employer_name": "Hyundai",
            "sector": "formal",
            "job_title": "operator",
            "contract_months": "0",
            "salary_amount": "2000000",
            "salary_currency": "KRW",
        },
    )

    text = response.content.decode()
    assert "lebih besar dari atau sama dengan 1" in text
    assert "sudah punya penempatan yang aktif" not in text
    assert not worker.placements.exists()


def test_the_worker_page_names_the_open_duplicates_in_scope_flagged_either_way(counter_client):
    worker = PersonFactory()
    flagged_by_her, flagging_her, resolved = (
        PersonFactory(full_name=name, birth_date=worker.birth_date)
        for name in ("Siti <b>Kembar</b>", "Siti Kembar Dua", "Siti Sudah Beres")
    )
    PossibleDuplicate.objects.create(
        worker=worker, similar_to=flagged_by_her, reason="name_and_birth_date"
    )
    PossibleDuplicate.objects.create(
        worker=flagging_her, similar_to=worker, reason="name_and_birth_date"
    )
    PossibleDuplicate.objects.create(
        worker=worker,
        similar_to=resolved,
        reason="name_and_birth_date",
        resolution=PossibleDuplicate.Resolution.DIFFERENT,
    )

    text = counter_client.get(f"/registry/workers/{worker.pk}/").content.decode()

    assert (
        f'<a href="/registry/workers/{flagged_by_her.pk}/">Siti &lt;b&gt;Kembar&lt;/b&gt;</a>'
        in text
    )
    assert f'<a href="/registry/workers/{flagging_her.pk}/">Siti Kembar Dua</a>' in text
    assert "Siti Sudah Beres" not in text


def test_the_worker_page_of_someone_flagged_with_nobody_warns_of_nothing(counter_client):
    worker = PersonFactory()

    text = counter_client.get(f"/registry/workers/{worker.pk}/").content.decode()

    assert "Flagged as possibly the same person as" not in text
    assert "Ditandai mungkin orang yang sama" not in text
