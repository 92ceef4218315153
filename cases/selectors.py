"""Reads of cases, always through the office scope; the public timeline of a report."""

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Window
from django.utils.translation import gettext as _

from cases.models import (
    FINISHED_STATES,
    Case,
    CaseAgency,
    CaseParty,
    PartyRole,
    State,
)
from cases.states import MACHINE
from pmi_portal.dashboards.sections import Filters
from pmi_portal.workflow.services import overdue

VIEWS = ("mine", "office", "overdue", "all")
# History rows that record a step, not a move (see cases.services._history_row).
_STEPS = ("assign", "transfer")
# What the cases list and its export show of a case: each column more costs its compiling and
# reading on every row of every page.
_LISTED = (
    "reference", "description", "case_type", "source", "state", "due_at", "created_at",
    "regency__name", "office__name",
    "assigned_to__username", "assigned_to__first_name", "assigned_to__last_name",
)  # fmt: skip


def cases_for(
    user,
    view: str = "mine",
    *,
    case_type: str = "",
    state: str = "",
    filters: Filters | None = None,
) -> QuerySet[Case]:
    """The cases a user works on: given to them, open in their scope, overdue, or all;
    narrowed by the dashboard's `filters` (period opened, region, country abroad) when a
    figure's link gives them."""
    cases = (
        Case.objects.restrict(user)
        .select_related("office", "regency", "assigned_to")
        .only(*_LISTED)
    )
    if filters is not None:
        cases = cases.filter(
            filters.in_period("created_at"),
            filters.in_region("regency"),
            filters.matching(destination="country"),
        )
    if case_type:
        cases = cases.filter(case_type=case_type)
    if state:
        cases = cases.filter(state=state)
    if view == "mine":
        return cases.filter(assigned_to=user).exclude(state__in=FINISHED_STATES).order_by("due_at")
    if view == "office":
        return cases.exclude(state__in=FINISHED_STATES).order_by("due_at")
    if view == "overdue":
        return cases_overdue(cases)
    return cases.order_by("-created_at", "-pk")


def cases_overdue(cases: QuerySet[Case], *, now: datetime.datetime | None = None):
    """Open cases past their state's deadline, the longest overdue first."""
    return overdue(cases.exclude(state__in=FINISHED_STATES), MACHINE, now=now).order_by("due_at")


# Other cases named on a case page for one recruiter or agency; the rest are counted.
RECURRENCES_SHOWN = 10


@dataclass
class Recurrence:
    """The other cases, in the reader's scope, that name the same recruiter or agency."""

    cases: list = field(default_factory=list)  # (pk, reference) pairs, newest first
    count: int = 0

    @property
    def more(self) -> int:
        return self.count - len(self.cases)


def _recurrences(rows) -> dict[int, Recurrence]:
    found: dict[int, Recurrence] = defaultdict(Recurrence)
    seen = set()
    for key, case_pk, reference in rows:
        if (key, case_pk) in seen:  # one person twice in a case, after a merge of records
            continue
        seen.add((key, case_pk))
        recurrence = found[key]
        recurrence.count += 1
        if len(recurrence.cases) < RECURRENCES_SHOWN:
            recurrence.cases.append((case_pk, reference))
    return dict(found)


def repeat_recruiters_and_agencies(
    case: Case, user, *, recruiters: Collection[int], agencies: Collection[int]
) -> tuple[dict[int, Recurrence], dict[int, Recurrence]]:
    """({recruiter's person id: Recurrence}, {agency id: Recurrence}): where `recruiters` (the
    person ids of the recruiters of `case`) and `agencies` (the ids of its agencies) appear in
    other cases. Only cases the user may see are named or counted: nothing, not even a number,
    tells of another office's cases. Duplicates merged into another case are left out (their
    story is counted once, on the case they joined). None named, nothing is read."""
    others = (
        Case.objects.restrict(user).exclude(pk=case.pk).exclude(state=State.MERGED).values("pk")
    )
    newest_first = ("-case__created_at", "-case_id")
    repeat_recruiters = repeat_agencies = {}
    if recruiters:
        repeat_recruiters = _recurrences(
            CaseParty.objects.filter(
                role=PartyRole.RECRUITER, person_id__in=recruiters, case__in=others
            )
            .order_by(*newest_first)
            .values_list("person_id", "case_id", "case__reference")
        )
    if agencies:
        repeat_agencies = _recurrences(
            CaseAgency.objects.filter(agency_id__in=agencies, case__in=others)
            .order_by(*newest_first)
            .values_list("agency_id", "case_id", "case__reference")
        )
    return repeat_recruiters, repeat_agencies


@dataclass(frozen=True)
class Entry:
    """One line of a case's timeline."""

    at: datetime.datetime
    kind: str  # "state", "assign", "transfer", "note", "reporter_note", "document", "referral", ...
    record: object

    @property
    def who(self) -> str:
        """Who made the entry: the staff member's name, or the public (no account)."""
        user = getattr(self.record, _AUTHOR[self.kind])
        if user is None:
            return _("the public")
        return user.get_full_name() or user.username


# The field of each kind's record that holds its author (a reporter's note has none).
_AUTHOR = {
    "state": "actor",
    "assign": "actor",
    "transfer": "actor",
    "note": "author",
    "reporter_note": "author",
    "document": "uploaded_by",
    "referral": "created_by",
    "legal_step": "recorded_by",
}


# Who made an entry, as Entry.who names them.
_WHO = ("first_name", "last_name", "username")


def _newest(rows, at: str, newest: int | None, author: str, *fields: str) -> tuple[list, int]:
    """The rows in order of `at`, all or only the newest `newest` (read newest first, so a long
    story does not load its every row), and how many there are. Only the columns the timeline
    shows are read, with the author's name."""
    # With the case's key, which the related manager reads to attach the case it came from.
    rows = rows.select_related(author).only(
        "case", at, *fields, author, *(f"{author}__{name}" for name in _WHO)
    )
    if newest is None:
        found = list(rows.order_by(at, "pk"))
        return found, len(found)
    # Counted in the same query: the window counts every row of the case before the limit.
    found = list(rows.annotate(total=Window(Count("pk"))).order_by(f"-{at}", "-pk")[:newest])
    return found[::-1], found[0].total if found else 0


def timeline(case: Case, *, newest: int | None = None) -> list[Entry]:
    """Everything that happened to a case, in order: moves, notes, files, referrals, legal
    steps; each with who and when. With `newest`, only the newest that many entries."""
    return timeline_and_length(case, newest=newest)[0]


def timeline_and_length(case: Case, *, newest: int | None = None) -> tuple[list[Entry], int]:
    """The timeline (all of it, or its newest `newest` entries) and how many entries the whole
    timeline has."""
    changes, changes_count = _newest(
        case.history.select_related("office"),
        "changed_at", newest, "actor", "kind", "to_state", "reason", "office", "office__name",
    )  # fmt: skip
    notes, notes_count = _newest(
        case.notes.all(), "created_at", newest, "author", "text", "from_reporter"
    )
    documents, documents_count = _newest(
        case.documents.all(), "uploaded_at", newest, "uploaded_by", "kind", "original_name"
    )
    referrals, referrals_count = _newest(
        case.referrals.all(), "created_at", newest, "created_by",
        "institution", "institution_name", "reference_number", "sent_on", "answer", "answered_on",
    )  # fmt: skip
    steps, steps_count = _newest(
        case.legal_steps.all(), "recorded_at", newest, "recorded_by",
        "kind", "happened_on", "reference", "detail", "verdict",
    )  # fmt: skip
    entries = [
        Entry(change.changed_at, change.kind if change.kind in _STEPS else "state", change)
        for change in changes
    ]
    entries += [
        Entry(note.created_at, "reporter_note" if note.from_reporter else "note", note)
        for note in notes
    ]
    entries += [Entry(document.uploaded_at, "document", document) for document in documents]
    entries += [Entry(referral.created_at, "referral", referral) for referral in referrals]
    entries += [Entry(step.recorded_at, "legal_step", step) for step in steps]
    entries.sort(key=lambda entry: (entry.at, entry.kind))
    length = changes_count + notes_count + documents_count + referrals_count + steps_count
    return (entries if newest is None else entries[-newest:]), length


def public_timeline(case: Case) -> list[tuple[datetime.datetime, str]]:
    """What the reporter may see: when the report changed state, and when they added to it.

    No names of staff, no notes, no other party: only the state's label and the date."""
    moves = case.history.exclude(kind__in=_STEPS)
    entries = [(change.changed_at, MACHINE.label(change.to_state)) for change in moves]
    entries += [
        (created_at, _("You added information."))
        for created_at in case.notes.filter(from_reporter=True).values_list("created_at", flat=True)
    ]
    return sorted(entries, key=lambda entry: entry[0])
