import datetime
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from placements import services
from placements.models import Agency, StageChange
from placements.stages import DOCUMENTS_TO_LEAVE, ROAD, TRANSITIONS, Move, Stage
from tests.factories import AgencyFactory, PlacementFactory
from tests.placements.conftest import pdf

pytestmark = pytest.mark.django_db


def advance(placement, actor, to_stage, reason=""):
    return services.placement_transition(
        actor=actor,
        placement=placement,
        to_stage=to_stage,
        reason=reason,
        expected_version=placement.version,
    )


def with_documents(placement, actor):
    for kind in DOCUMENTS_TO_LEAVE.get(placement.stage, []):
        services.placement_document_add(actor=actor, placement=placement, kind=kind, uploaded=pdf())
    return placement


def test_the_table_allows_only_the_next_stage_forward():
    forward = {(a, b) for (a, b), move in TRANSITIONS.items() if move == Move.FORWARD}
    assert forward == set(pairwise(ROAD))


def test_a_placement_walks_from_registration_to_departure_with_its_documents(counter):
    placement = PlacementFactory()
    placement.worker.passport_number = "C1234567"
    placement.worker.passport_expiry = datetime.date.today() + datetime.timedelta(days=1000)
    placement.worker.save()

    for stage in ROAD[1 : ROAD.index(Stage.DEPARTED) + 1]:
        placement = advance(with_documents(placement, counter), counter, stage)

    assert placement.stage == Stage.DEPARTED
    assert placement.departed_on == timezone.localdate()
    walked = list(placement.history.values_list("to_state", flat=True))
    assert walked == ROAD[1 : ROAD.index(Stage.DEPARTED) + 1]
    assert all(change.actor == counter for change in placement.history.all())


def test_a_stage_cannot_be_skipped(counter):
    placement = with_documents(PlacementFactory(), counter)

    with pytest.raises(ValidationError) as error:
        advance(placement, counter, Stage.MEDICAL_CHECK)

    assert [e.code for e in error.value.error_list] == ["transition_refused"]


def test_moving_on_needs_the_documents_of_the_stage(counter):
    placement = PlacementFactory()

    with pytest.raises(ValidationError) as error:
        advance(placement, counter, Stage.SELECTION)

    assert "KTP" in " ".join(error.value.messages)


def test_going_back_needs_a_reason_and_is_recorded(counter):
    placement = advance(with_documents(PlacementFactory(), counter), counter, Stage.SELECTION)

    with pytest.raises(ValidationError):
        advance(placement, counter, Stage.REGISTERED)
    placement = advance(placement, counter, Stage.REGISTERED, reason="KTP buram, minta ulang")

    assert placement.stage == Stage.REGISTERED
    last = StageChange.objects.filter(placement=placement).last()
    assert (last.kind, last.reason) == (Move.BACK, "KTP buram, minta ulang")


def test_cancelling_needs_a_reason_and_ends_the_placement(counter):
    placement = PlacementFactory()

    with pytest.raises(ValidationError):
        advance(placement, counter, Stage.CANCELLED)
    placement = advance(placement, counter, Stage.CANCELLED, reason="Mengundurkan diri")

    assert placement.stage == Stage.CANCELLED
    assert placement.cancel_reason == "Mengundurkan diri"
    assert not placement.is_active


def test_a_departed_placement_cannot_be_cancelled(counter):
    placement = PlacementFactory(stage=Stage.DEPARTED)

    with pytest.raises(ValidationError):
        advance(placement, counter, Stage.CANCELLED, reason="terlambat")


@pytest.mark.parametrize("status", [Agency.Status.SUSPENDED, Agency.Status.REVOKED])
def test_a_placement_of_a_suspended_or_revoked_agency_cannot_move_on_and_says_why(counter, status):
    agency = AgencyFactory(status=status, status_reason="Menempatkan ke negara terlarang")
    placement = with_documents(PlacementFactory(agency=agency), counter)

    with pytest.raises(ValidationError) as error:
        advance(placement, counter, Stage.SELECTION)

    message = " ".join(error.value.messages)
    assert agency.name in message
    assert "Menempatkan ke negara terlarang" in message


def test_the_visa_stage_needs_a_passport_valid_six_more_months(counter):
    placement = PlacementFactory(stage=Stage.WORK_AGREEMENT)
    with_documents(placement, counter)

    with pytest.raises(ValidationError) as error:
        advance(placement, counter, Stage.VISA)
    assert "paspor" in " ".join(error.value.messages).lower()

    placement.worker.passport_number = "C1234567"
    placement.worker.passport_expiry = datetime.date.today() + datetime.timedelta(days=90)
    placement.worker.save()
    with pytest.raises(ValidationError):
        advance(placement, counter, Stage.VISA)


def test_a_move_from_a_stale_page_is_refused(counter):
    placement = with_documents(PlacementFactory(), counter)
    stale_version = placement.version
    advance(placement, counter, Stage.SELECTION)

    with pytest.raises(ValidationError) as error:
        services.placement_transition(
            actor=counter,
            placement=placement,
            to_stage=Stage.CANCELLED,
            reason="x",
            expected_version=stale_version,
        )

    assert error.value.code == "stale"
