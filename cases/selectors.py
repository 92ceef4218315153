"""Reads of cases, always through the office scope; the public timeline of a report."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cases.models import FINISHED_STATES, Case
from cases.states import MACHINE
from pmi_portal.workflow.services import overdue

VIEWS = ("mine", "office", "overdue", "all")
# History rows that record a step, not a move (see cases.services._history_row).
_STEPS = ("assign", "transfer")


def cases_for(user, view: str = "mine", *, case_type: str = "", state: str = "") -> QuerySet[Case]:
    """The cases a user works on: given to them, open in their scope, overdue, or all."""
    cases = Case.objects.restrict(user).select_related("office", "regency", "assigned_to")
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


@dataclass(frozen=True)
class Entry:
    """One line of a case's timeline."""

    at: datetime.datetime
    kind: str  # "state", "assign", "transfer", "note", "reporter_note", "document", "referral", ...
    record: object


def timeline(case: Case) -> list[Entry]:
    """Everything that happened to a case, in order: moves, notes, files, referrals, legal
    steps; each with who and when."""
    entries = [
        Entry(change.changed_at, change.kind if change.kind in _STEPS else "state", change)
        for change in case.history.select_related("actor", "office")
    ]
    entries += [
        Entry(note.created_at, "reporter_note" if note.from_reporter else "note", note)
        for note in case.notes.select_related("author")
    ]
    entries += [
        Entry(document.uploaded_at, "document", document)
        for document in case.documents.select_related("uploaded_by")
    ]
    for referral in case.referrals.select_related("created_by"):
        entries.append(Entry(referral.created_at, "referral", referral))
    entries += [
        Entry(step.recorded_at, "legal_step", step)
        for step in case.legal_steps.select_related("recorded_by")
    ]
    return sorted(entries, key=lambda entry: (entry.at, entry.kind))


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
