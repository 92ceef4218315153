"""A case's states: every move of the table, every refusal by its code, and the deadlines."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.deadlines import add_working_days
from cases.models import Case, CaseStateChange, State
from cases.selectors import cases_overdue
from tests.cases.factories import CaseFactory, ReferralFactory
from tests.factories import office

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def _move(actor, case, to_state, reason="", **extra):
    case.refresh_from_db()
    return services.case_transition(
        actor=actor,
        case=case,
        to_state=to_state,
        reason=reason,
        expected_version=case.version,
        **extra,
    )


def _codes(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [e.code for errors in error.error_dict.values() for e in errors]
    return [e.code for e in error.error_list]


@pytest.mark.django_db
def test_a_case_walks_from_reported_to_closed_with_a_history_row_per_move(handler):
    case = CaseFactory()
    _move(handler, case, State.VERIFIED)
    _move(handler, case, State.UNDER_INVESTIGATION)
    ReferralFactory(case=case)
    _move(handler, case, State.REFERRED)
    _move(handler, case, State.RESOLVED, "Tersangka ditahan, korban dipulangkan.")
    closed = _move(handler, case, State.CLOSED)

    assert closed.state == State.CLOSED
    assert closed.outcome == "Tersangka ditahan, korban dipulangkan."
    assert closed.due_at is None
    assert list(CaseStateChange.objects.filter(case=case).values_list("to_state", flat=True)) == [
        "verified",
        "under_investigation",
        "referred",
        "resolved",
        "closed",
    ]


@pytest.mark.django_db
def test_an_investigation_may_end_without_a_referral(handler):
    case = CaseFactory(state=State.UNDER_INVESTIGATION)

    assert _move(handler, case, State.RESOLVED, "Upah dibayar setelah mediasi.").state == "resolved"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "target", "reason"),
    [
        (State.REPORTED, State.REJECTED, ""),
        (State.CLOSED, State.REPORTED, ""),
        (State.CLOSED, State.VERIFIED, ""),
        (State.REJECTED, State.REPORTED, ""),
        (State.REJECTED, State.VERIFIED, ""),
        (State.UNDER_INVESTIGATION, State.RESOLVED, ""),
        (State.REFERRED, State.RESOLVED, ""),
        (State.UNDER_INVESTIGATION, State.REFERRED, "no referral on record"),
        (State.REPORTED, State.UNDER_INVESTIGATION, "skips verification"),
        (State.REPORTED, State.CLOSED, "not a move of the table"),
        (State.MERGED, State.REPORTED, "a merge is not reopened"),
        (State.VERIFIED, State.REPORTED, "no way back"),
    ],
)
def test_moves_without_a_reason_or_outside_the_table_are_refused(handler, source, target, reason):
    case = CaseFactory(state=source)

    with pytest.raises(ValidationError) as refused:
        _move(handler, case, target)

    assert set(_codes(refused.value)) == {"transition_refused"}
    case.refresh_from_db()
    assert case.state == source


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "target"),
    [
        (State.REPORTED, State.REJECTED),
        (State.CLOSED, State.REPORTED),
        (State.CLOSED, State.VERIFIED),
        (State.REJECTED, State.REPORTED),
        (State.REJECTED, State.VERIFIED),
    ],
)
def test_rejecting_and_reopening_with_a_reason_are_allowed(handler, source, target):
    case = CaseFactory(state=source)

    moved = _move(handler, case, target, "Ada bukti baru dari keluarga.")

    assert moved.state == target
    assert case.history.get().reason == "Ada bukti baru dari keluarga."


@pytest.mark.django_db
def test_a_duplicate_is_merged_into_the_case_it_repeats(handler):
    kept = CaseFactory()
    duplicate = CaseFactory()

    merged = _move(handler, duplicate, State.MERGED, "Laporan yang sama", duplicate_of=kept)

    assert merged.state == State.MERGED
    assert merged.merged_into == kept


@pytest.mark.django_db
def test_a_merge_refuses_no_target_itself_an_unseen_case_and_a_merged_one(handler):
    case = CaseFactory()
    elsewhere = CaseFactory(regency_id="6171", office=office("upt-pontianak"))
    already_merged = CaseFactory(state=State.MERGED)

    refusals = []
    for target in (None, case, elsewhere, already_merged):
        with pytest.raises(ValidationError) as refused:
            _move(handler, case, State.MERGED, "sama", duplicate_of=target)
        refusals.append(_codes(refused.value))

    assert refusals == [
        ["duplicate_required"],
        ["duplicate_of_itself"],
        ["duplicate_not_found"],
        ["duplicate_merged"],
    ]


@pytest.mark.django_db
def test_a_move_from_a_stale_page_is_refused(handler, head):
    case = CaseFactory()
    seen_version = case.version
    services.case_transition(
        actor=head, case=case, to_state=State.VERIFIED, expected_version=seen_version
    )

    with pytest.raises(ValidationError) as refused:
        services.case_transition(
            actor=handler,
            case=case,
            to_state=State.REJECTED,
            reason="tidak berdasar",
            expected_version=seen_version,
        )

    assert _codes(refused.value) == ["stale"]
    case.refresh_from_db()
    assert case.state == State.VERIFIED


def test_working_days_skip_the_weekend():
    friday = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=JAKARTA)
    saturday = datetime.datetime(2026, 11, 28, 22, 0, tzinfo=JAKARTA)

    assert add_working_days(friday, 3, JAKARTA) == datetime.datetime(
        2026, 12, 2, 10, 0, tzinfo=JAKARTA
    )
    assert add_working_days(saturday, 1, JAKARTA) == datetime.datetime(
        2026, 11, 30, 22, 0, tzinfo=JAKARTA
    )


@pytest.fixture
def frozen_now(monkeypatch):
    """A clock the test sets: timezone.now() answers it everywhere."""

    class Clock:
        now = datetime.datetime(2026, 11, 27, 3, 0, tzinfo=datetime.UTC)  # Friday 10:00 WIB

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


@pytest.mark.django_db
def test_deadlines_depend_on_the_case_type_and_skip_the_weekend(handler, frozen_now):
    recruiter = services.case_open(
        actor=handler,
        fields={"case_type": "unlicensed_recruiter", "source": "hotline", "description": "Calo"},
    )
    trafficking = services.case_open(
        actor=handler,
        fields={"case_type": "trafficking", "source": "police", "description": "TPPO"},
    )

    # Friday 10:00 WIB: three working days is Wednesday, one is Monday.
    assert timezone.localtime(recruiter.due_at, JAKARTA) == datetime.datetime(
        2026, 12, 2, 10, 0, tzinfo=JAKARTA
    )
    assert timezone.localtime(trafficking.due_at, JAKARTA) == datetime.datetime(
        2026, 11, 30, 10, 0, tzinfo=JAKARTA
    )


@pytest.mark.django_db
def test_overdue_lists_open_cases_past_their_deadline_only(handler, frozen_now):
    case = services.case_open(
        actor=handler,
        fields={"case_type": "trafficking", "source": "police", "description": "TPPO"},
    )
    finished = CaseFactory(state=State.CLOSED, due_at=None)

    assert list(cases_overdue(Case.objects.all())) == []

    frozen_now.now += datetime.timedelta(days=4)  # Tuesday: Monday's deadline has passed

    assert list(cases_overdue(Case.objects.all())) == [case]
    assert finished not in cases_overdue(Case.objects.all())
