"""A state machine: one table of allowed transitions, guards that say why not, deadlines.

An app describes its machine once (placement stages in `placements.stages`, case states in
`cases`), and every move goes through `workflow.services.transition_apply`.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# A guard looks at the record (locked, in the transaction) and the reason given, and returns
# why the transition may not happen now: a message, several, or nothing when it may.
Guard = Callable[[object, str], str | Iterable[str] | None]
# A deadline is a fixed time in the state, or a function of the record and the time it entered.
Deadline = datetime.timedelta | Callable[[object, datetime.datetime], datetime.datetime | None]


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    kind: str  # the app's word for the move, e.g. "forward", "back", "cancel", "reopen"
    needs_reason: bool = False
    guards: tuple[Guard, ...] = ()


@dataclass
class Machine:
    """The states of one kind of record, its transitions and what each state's deadline is."""

    name: str
    labels: dict[str, str]  # state -> its label in the user's words
    transitions: list[Transition]
    state_field: str = "state"
    changed_at_field: str = "state_changed_at"
    due_at_field: str = "due_at"
    deadlines: dict[str, Deadline] = field(default_factory=dict)
    # Guards that hold for every transition of a kind, e.g. every forward move of a placement.
    kind_guards: dict[str, tuple[Guard, ...]] = field(default_factory=dict)

    def __post_init__(self):
        self.table = {(t.source, t.target): t for t in self.transitions}

    def label(self, state: str) -> str:
        return str(self.labels.get(state, state))

    def transition(self, source: str, target: str) -> Transition | None:
        return self.table.get((source, target))

    def moves_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if t.source == state]

    def refusals(self, record, target: str, reason: str = "") -> list[str]:
        """Why `record` may not go to `target` now, in the user's words; empty when it may."""
        here = getattr(record, self.state_field)
        transition = self.transition(here, target)
        if transition is None:
            return [
                _("%(record)s cannot go from “%(here)s” to “%(there)s”.")
                % {"record": self.name, "here": self.label(here), "there": self.label(target)}
            ]
        problems = []
        if transition.needs_reason and not (reason or "").strip():
            problems.append(_("This move needs a reason."))
        for guard in (*self.kind_guards.get(transition.kind, ()), *transition.guards):
            found = guard(record, reason)
            if isinstance(found, str):
                problems.append(found)
            elif found:
                problems.extend(found)
        return problems

    def due_at(self, record, state: str, entered: datetime.datetime) -> datetime.datetime | None:
        """When `record`, entering `state` at `entered`, must have left it; None: no deadline."""
        deadline = self.deadlines.get(state)
        if deadline is None:
            return None
        if isinstance(deadline, datetime.timedelta):
            return entered + deadline
        return deadline(record, entered)
