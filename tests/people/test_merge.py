"""Two records of one person made one by a head, everything moved, audited, and undone."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from placements.stages import Stage
from pmi_portal.access.roles import Role
from pmi_portal.access.scoping import NotFoundOrNotYours
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.people import services
from pmi_portal.people.models import Person, PossibleDuplicate
from tests.factories import PersonFactory, PlacementFactory, UserFactory, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(db):
    return UserFactory(username="kepala.serang", role=Role.OFFICE_HEAD)


def twins():
    kept = PersonFactory(full_name="Siti Aminah", passport_number="", passport_expiry=None)
    merged = PersonFactory(
        full_name="Siti Aminah",
        birth_date=kept.birth_date,
        passport_number="C1234567",
        passport_expiry=datetime.date(2035, 1, 1),
    )
    PossibleDuplicate.objects.create(worker=merged, similar_to=kept, reason="name_and_birth_date")
    return kept, merged


def test_a_merge_moves_placements_and_documents_fills_gaps_and_is_audited(head):
    kept, merged = twins()
    old = PlacementFactory(worker=merged, stage=Stage.CANCELLED)

    record = services.person_merge(actor=head, keep=kept, merge=merged, note="KTP dan KK sama")

    kept.refresh_from_db()
    merged.refresh_from_db()
    assert list(kept.placements.all()) == [old]
    assert merged.merged_into == kept
    assert kept.passport_number == "C1234567"
    assert record.moved == {"placements.Placement.worker": [old.pk]}
    assert PossibleDuplicate.objects.get().resolution == PossibleDuplicate.Resolution.MERGED
    events = AuditEvent.objects.filter(action=AuditAction.MERGE)
    assert {e.object_id for e in events} == {str(kept.pk), str(merged.pk)}
    assert any(e.changes.get("note") == [None, "KTP dan KK sama"] for e in events)


def test_a_merged_record_leaves_lists_and_its_page_leads_to_the_one_kept(head, client):
    kept, merged = twins()
    services.person_merge(actor=head, keep=kept, merge=merged, note="KTP sama")
    client.force_login(head)

    response = client.get(f"/registry/workers/{merged.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/registry/workers/{kept.pk}/"
    assert list(Person.objects.restrict(head).current()) == [kept]


def test_undoing_a_merge_puts_everything_back_as_a_new_audited_act(head):
    kept, merged = twins()
    old = PlacementFactory(worker=merged, stage=Stage.CANCELLED)
    record = services.person_merge(actor=head, keep=kept, merge=merged, note="KTP sama")

    services.person_merge_undo(actor=head, merge_record=record, reason="Ternyata kembar")

    kept.refresh_from_db()
    merged.refresh_from_db()
    old.refresh_from_db()
    assert old.worker == merged and merged.merged_into is None
    assert kept.passport_number == ""
    assert PossibleDuplicate.objects.get().resolution == PossibleDuplicate.Resolution.OPEN
    assert AuditEvent.objects.filter(action=AuditAction.MERGE_UNDONE).count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.MERGE).count() == 2


def test_a_moved_nik_goes_back_to_its_record_on_undo(head):
    kept = PersonFactory(nik=None, full_name="Rina")
    merged = PersonFactory(full_name="Rina")
    nik = merged.nik
    record = services.person_merge(actor=head, keep=kept, merge=merged, note="Paspor sama")
    kept.refresh_from_db()
    assert kept.nik == nik

    services.person_merge_undo(actor=head, merge_record=record, reason="Salah orang")

    kept.refresh_from_db()
    merged.refresh_from_db()
    assert (kept.nik, merged.nik) == (None, nik)


def test_two_active_placements_stop_the_merge_with_the_reason(head):
    kept, merged = twins()
    PlacementFactory(worker=kept)
    PlacementFactory(worker=merged)

    with pytest.raises(ValidationError) as error:
        services.person_merge(actor=head, keep=kept, merge=merged, note="KTP sama")

    assert [e.code for e in error.value.error_list] == ["merge_refused"]
    assert Person.objects.get(pk=merged.pk).merged_into is None


def test_a_counter_officer_or_another_offices_head_cannot_merge():
    kept, merged = twins()
    counter = UserFactory(role=Role.COUNTER_OFFICER)
    other_head = UserFactory(role=Role.OFFICE_HEAD, office=office("upt-pontianak"))

    for actor in (counter, other_head):
        with pytest.raises(NotFoundOrNotYours):
            services.person_merge(actor=actor, keep=kept, merge=merged, note="x")


def test_an_administrator_merges_records_of_two_offices():
    kept, _ = twins()
    elsewhere = PersonFactory(full_name="Siti Aminah", home_regency_id="6171",
                              registered_by_office=office("upt-pontianak"))  # fmt: skip
    admin = UserFactory(role=Role.ADMINISTRATOR, office=office("hq"))

    services.person_merge(actor=admin, keep=kept, merge=elsewhere, note="Paspor sama")

    assert Person.objects.get(pk=elsewhere.pk).merged_into_id == kept.pk


def test_the_duplicates_page_merges_a_flag_for_a_head(head, client):
    kept, merged = twins()
    flag = PossibleDuplicate.objects.get()
    client.force_login(head)

    response = client.post(
        f"/people/duplicates/{flag.pk}/merge/", {"keep": kept.pk, "note": "KTP dan paspor"}
    )

    assert response.status_code == 302
    assert Person.objects.get(pk=merged.pk).merged_into_id == kept.pk
