"""The states of a case: one table of transitions, applied by `workflow.transition_apply`.

reported -> verified | rejected (unfounded) | merged (duplicate of another case);
verified -> under_investigation -> referred -> resolved -> closed; an investigation may also
end without a referral (e.g. wages paid after mediation). A closed or rejected case is
reopened only with a reason.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cases.deadlines import state_deadline
from cases.models import State
from pmi_portal.workflow.machine import Machine, Transition

VERIFY = "verify"
REJECT = "reject"
MERGE = "merge"
INVESTIGATE = "investigate"
REFER = "refer"
RESOLVE = "resolve"
CLOSE = "close"
REOPEN = "reopen"


def _has_referral(case, reason: str) -> str | None:
    if not case.referrals.exists():
        return _("Record the referral (institution, letter, date) before marking it referred.")
    return None


MACHINE = Machine(
    name=_lazy("A case"),
    labels=dict(State.choices),
    transitions=[
        Transition(State.REPORTED, State.VERIFIED, VERIFY),
        Transition(State.REPORTED, State.REJECTED, REJECT, needs_reason=True),
        # The case it duplicates is checked and set by `cases.services.case_transition`.
        Transition(State.REPORTED, State.MERGED, MERGE, needs_reason=True),
        Transition(State.VERIFIED, State.UNDER_INVESTIGATION, INVESTIGATE),
        Transition(State.UNDER_INVESTIGATION, State.REFERRED, REFER, guards=(_has_referral,)),
        Transition(State.UNDER_INVESTIGATION, State.RESOLVED, RESOLVE, needs_reason=True),
        Transition(State.REFERRED, State.RESOLVED, RESOLVE, needs_reason=True),
        Transition(State.RESOLVED, State.CLOSED, CLOSE),
        Transition(State.CLOSED, State.REPORTED, REOPEN, needs_reason=True),
        Transition(State.CLOSED, State.VERIFIED, REOPEN, needs_reason=True),
        Transition(State.REJECTED, State.REPORTED, REOPEN, needs_reason=True),
        Transition(State.REJECTED, State.VERIFIED, REOPEN, needs_reason=True),
    ],
    deadlines={
        state: state_deadline(state)
        for state in (
            State.REPORTED,
            State.VERIFIED,
            State.UNDER_INVESTIGATION,
            State.REFERRED,
            State.RESOLVED,
        )
    },
)
