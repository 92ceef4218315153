"""The one transition function: refusals with their reasons, deadlines, history, concurrency."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from placements import services
from placements.models import Placement
from placements.stages import MACHINE, Stage
from pmi_portal.access.scoping import NotFoundOrNotYours
from tests.factories import PlacementFactory, UserFactory, office


def _cancelled(placement: Placement) -> Placement:
    """`placement`, at its first version, cancelled with a reason."""
    return services.placement_transition(
        actor=UserFactory(),
        placement=placement,
        to_stage=Stage.CANCELLED,
        reason="Mengundurkan diri",
        expected_version=1,
    )


@pytest.mark.django_db
def test_a_refusal_gives_every_reason_with_its_code():
    placement = PlacementFactory()
    placement.agency.status = "suspended"
    placement.agency.save()

    problems = MACHINE.refusals(placement, Stage.SELECTION)

    assert len(problems) == 2  # the agency's licence, and the KTP copy not yet uploaded
    with pytest.raises(ValidationError) as error:
        services.placement_transition(
            actor=UserFactory(), placement=placement, to_stage=Stage.SELECTION, expected_version=1
        )
    assert [e.code for e in error.value.error_list] == ["transition_refused"] * 2


@pytest.mark.django_db
def test_going_back_without_a_reason_is_refused_by_the_table():
    placement = PlacementFactory(stage=Stage.SELECTION)

    assert MACHINE.refusals(placement, Stage.REGISTERED, "") != []
    assert MACHINE.refusals(placement, Stage.REGISTERED, "Berkas buram") == []


@pytest.mark.django_db
def test_a_state_with_a_deadline_sets_due_at_on_the_record_and_its_history(monkeypatch):
    placement = PlacementFactory()
    monkeypatch.setitem(MACHINE.deadlines, Stage.CANCELLED, datetime.timedelta(days=3))
    before = timezone.now()

    moved = _cancelled(placement)

    assert moved.due_at - before >= datetime.timedelta(days=3)
    assert moved.history.last().due_at == moved.due_at
    assert moved.cancel_reason == "Mengundurkan diri"


@pytest.mark.django_db(transaction=True)
def test_of_two_officers_moving_one_placement_at_once_the_second_is_told(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections are PostgreSQL's")
    placement = PlacementFactory()
    officer = UserFactory()
    outcomes = []

    def cancel():
        try:
            services.placement_transition(
                actor=officer,
                placement=placement,
                to_stage=Stage.CANCELLED,
                reason="uji",
                expected_version=1,
            )
            outcomes.append("moved")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["moved", "stale"]
    assert Placement.objects.get(pk=placement.pk).history.count() == 1


@pytest.mark.django_db
def test_an_officer_of_another_office_cannot_move_a_placement_through_the_service():
    placement = PlacementFactory(stage=Stage.SELECTION)
    outsider = UserFactory(office=office("upt-pontianak"))

    with pytest.raises(NotFoundOrNotYours):
        services.placement_transition(
            actor=outsider,
            placement=placement,
            to_stage=Stage.REGISTERED,
            reason="Berkas buram",
            expected_version=1,
        )

    placement.refresh_from_db()
    assert (placement.stage, placement.version, placement.history.count()) == ("selection", 1, 0)


@pytest.mark.django_db
def test_a_move_returns_the_placement_as_stored_with_its_new_version():
    placement = PlacementFactory(stage=Stage.SELECTION)

    moved = services.placement_transition(
        actor=UserFactory(),
        placement=placement,
        to_stage=Stage.REGISTERED,
        reason="Berkas buram",
        expected_version=1,
    )

    stored = Placement.objects.get(pk=placement.pk)
    assert (moved.version, moved.stage) == (stored.version, stored.stage) == (2, "registered")
    assert moved.stage_changed_at == stored.stage_changed_at


@pytest.mark.django_db
def test_a_move_writes_its_columns_and_the_version_alone_and_a_listening_signal_still_hears_it():
    """The move's UPDATE is written without the ORM for a model no signal listens to, and goes
    through save() for one that has listeners (cases recount their lists on a save)."""
    from django.db.models.signals import post_save

    placement = PlacementFactory(stage=Stage.REGISTERED, employer_name="PT Lama")
    Placement.objects.filter(pk=placement.pk).update(employer_name="PT Baru")
    heard = []

    def listener(sender, instance, update_fields, **kwargs):
        heard.append((instance.pk, sorted(update_fields)))

    moved = _cancelled(placement)
    placement.refresh_from_db()
    # Columns the move does not write keep what another saved meanwhile.
    assert (placement.stage, placement.version, placement.employer_name) == (
        Stage.CANCELLED,
        2,
        "PT Baru",
    )
    assert (placement.cancel_reason, placement.stage_changed_at) == (
        "Mengundurkan diri",
        moved.stage_changed_at,
    )
    assert heard == []

    other = PlacementFactory(stage=Stage.REGISTERED)
    post_save.connect(listener, sender=Placement, dispatch_uid="test_listener")
    try:
        _cancelled(other)
    finally:
        post_save.disconnect(sender=Placement, dispatch_uid="test_listener")
    assert heard == [
        (
            other.pk,
            sorted(
                ["stage", "stage_changed_at", "due_at", "cancel_reason", "departed_on", "version"]
            ),
        )
    ]
    other.refresh_from_db()
    assert (other.stage, other.version, other.cancel_reason) == (
        Stage.CANCELLED,
        2,
        "Mengundurkan diri",
    )
