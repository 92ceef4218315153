"""The placement stages and the one table of transitions between them.

A stage cannot be skipped: forward moves go one stage at a time, and only once the documents
of the stage being left are in, through an agency whose licence is active, and to the visa
only with a passport valid six more months. Going back needs a reason; so does cancelling.
"""

import datetime
from itertools import pairwise

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pmi_portal.workflow.machine import Machine, Transition


class Stage(models.TextChoices):
    REGISTERED = "registered", _("registered")
    SELECTION = "selection", _("selection")
    MEDICAL_CHECK = "medical_check", _("medical check")
    TRAINING = "training", _("training and competency certificate")
    WORK_AGREEMENT = "work_agreement", _("work agreement signed")
    VISA = "visa", _("visa and work permit")
    SOCIAL_SECURITY = "social_security", _("social security enrolled (BPJS)")
    ORIENTATION = "orientation", _("pre-departure orientation (OPP)")
    DEPARTED = "departed", _("departed")
    WORKING_ABROAD = "working_abroad", _("working abroad")
    RETURNED = "returned", _("returned")
    CANCELLED = "cancelled", _("cancelled")


class DocumentKind(models.TextChoices):
    KTP = "ktp", _("identity card (KTP) copy")
    SELECTION_RESULT = "selection_result", _("selection result letter")
    MEDICAL_CERTIFICATE = "medical_certificate", _("medical certificate (fit to work)")
    COMPETENCY_CERTIFICATE = "competency_certificate", _("competency certificate")
    WORK_AGREEMENT = "work_agreement", _("signed work agreement")
    VISA = "visa", _("visa and work permit")
    BPJS_CARD = "bpjs_card", _("BPJS Ketenagakerjaan card")
    OPP_CERTIFICATE = "opp_certificate", _("pre-departure orientation certificate")
    OTHER = "other", _("other document")


# The road to departure, in order; after it a placement is abroad, then home.
ROAD = [
    Stage.REGISTERED,
    Stage.SELECTION,
    Stage.MEDICAL_CHECK,
    Stage.TRAINING,
    Stage.WORK_AGREEMENT,
    Stage.VISA,
    Stage.SOCIAL_SECURITY,
    Stage.ORIENTATION,
    Stage.DEPARTED,
    Stage.WORKING_ABROAD,
    Stage.RETURNED,
]
BEFORE_DEPARTURE = ROAD[: ROAD.index(Stage.DEPARTED)]
FINAL = {Stage.RETURNED, Stage.CANCELLED}
ACTIVE = [stage for stage in Stage if stage not in FINAL]

# The documents a placement must hold before it may leave a stage.
DOCUMENTS_TO_LEAVE: dict[str, list[str]] = {
    Stage.REGISTERED: [DocumentKind.KTP],
    Stage.SELECTION: [DocumentKind.SELECTION_RESULT],
    Stage.MEDICAL_CHECK: [DocumentKind.MEDICAL_CERTIFICATE],
    Stage.TRAINING: [DocumentKind.COMPETENCY_CERTIFICATE],
    Stage.WORK_AGREEMENT: [DocumentKind.WORK_AGREEMENT],
    Stage.VISA: [DocumentKind.VISA],
    Stage.SOCIAL_SECURITY: [DocumentKind.BPJS_CARD],
    Stage.ORIENTATION: [DocumentKind.OPP_CERTIFICATE],
}


class Move(models.TextChoices):
    FORWARD = "forward", _("forward")
    BACK = "back", _("back")
    CANCEL = "cancel", _("cancel")


def _transitions() -> dict[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    for here, there in pairwise(ROAD):
        table[(here, there)] = Move.FORWARD
    for index, here in enumerate([*BEFORE_DEPARTURE, Stage.DEPARTED]):
        for earlier in ROAD[:index]:
            table[(here, earlier)] = Move.BACK
    for here in BEFORE_DEPARTURE:
        table[(here, Stage.CANCELLED)] = Move.CANCEL
    return table


# (from, to) -> kind of move. Anything not in this table is refused.
TRANSITIONS: dict[tuple[str, str], str] = _transitions()


def moves_from(stage: str) -> list[tuple[str, str]]:
    """(target stage, kind of move) allowed from `stage`, forward first."""
    order = {Move.FORWARD: 0, Move.CANCEL: 2, Move.BACK: 1}
    moves = [(there, move) for (here, there), move in TRANSITIONS.items() if here == stage]
    return sorted(
        moves, key=lambda item: (order[item[1]], -ROAD.index(item[0]) if item[0] in ROAD else 0)
    )


def agency_refusal(agency) -> str | None:
    """Why an agency's placements may not move forward now; None when its licence is active."""
    if agency is None or agency.may_place:
        return None
    return gettext(
        "%(agency)s is %(status)s since %(date)s (%(reason)s): its placements cannot move forward."
    ) % {
        "agency": agency.name,
        "status": agency.get_status_display(),
        "date": timezone.localtime(agency.status_changed_at).strftime("%d-%m-%Y"),
        "reason": agency.status_reason or "-",
    }


def missing_documents(placement) -> list[str]:
    """Document kinds the current stage still needs before the placement may move on."""
    held = {document.kind for document in placement.documents.all()}
    return [kind for kind in DOCUMENTS_TO_LEAVE.get(placement.stage, []) if kind not in held]


def _agency_active(placement, reason: str) -> str | None:
    return agency_refusal(placement.agency)


def _documents_in(placement, reason: str) -> str | None:
    missing = missing_documents(placement)
    if not missing:
        return None
    return gettext("Upload first: %(documents)s.") % {
        "documents": ", ".join(str(DocumentKind(kind).label) for kind in missing)
    }


PASSPORT_VALID_FOR_VISA = datetime.timedelta(days=180)


def _passport_for_visa(placement, reason: str) -> str | None:
    worker = placement.worker
    if not worker.passport_number or not worker.passport_expiry:
        return gettext("The worker's passport must be recorded before the visa.")
    if worker.passport_expiry <= timezone.localdate() + PASSPORT_VALID_FOR_VISA:
        return gettext("The passport must be valid for at least six more months.")
    return None


def _machine_transitions() -> list[Transition]:
    transitions = []
    for (here, there), move in TRANSITIONS.items():
        guards = (_passport_for_visa,) if there == Stage.VISA and move == Move.FORWARD else ()
        needs_reason = move in (Move.BACK, Move.CANCEL)
        transitions.append(Transition(here, there, move, needs_reason, guards))
    return transitions


# Placements move only through this machine (workflow.services.transition_apply). No stage
# has a deadline yet: service-level targets per stage will set them here.
MACHINE = Machine(
    name=_("A placement"),
    labels=dict(Stage.choices),
    transitions=_machine_transitions(),
    state_field="stage",
    changed_at_field="stage_changed_at",
    kind_guards={Move.FORWARD: (_agency_active, _documents_in)},
)
