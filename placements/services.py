"""The counter officer's verbs. Each is one transaction that writes its audit rows.

Errors the officer can fix come back as ValidationError with a message per field.
"""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from placements.models import (
    Agency,
    AgencyStatusChange,
    Placement,
    PlacementDocument,
    PossibleDuplicate,
    StageChange,
    Worker,
)
from placements.selectors import similar_workers
from placements.stages import DOCUMENTS_TO_LEAVE, TRANSITIONS, DocumentKind, Move, Stage
from placements.validation import PHOTO_TYPES, sniff_upload
from pmi_portal.access.scoping import ensure_in_scope
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record, changes_between, snapshot

MINIMUM_AGE = 18  # Law 18/2017 on the protection of migrant workers, article 5


class StaleEditError(ValidationError):
    """Someone else saved the record since the officer opened it."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then make yours again."
            ),
            code="stale",
        )


def _age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _worker_fields_check(worker: Worker) -> None:
    worker.full_clean(exclude=["registered_by_office", "registered_by", "nik"])
    if _age_on(worker.birth_date, timezone.localdate()) < MINIMUM_AGE:
        message = _(
            "A migrant worker must be at least %(age)s years old: this person is a child."
        ) % {"age": MINIMUM_AGE}
        raise ValidationError({"birth_date": ValidationError(message, code="under_age")})


def nik_taken_error(nik: str) -> ValidationError:
    """The NIK is taken: say by whom and where, so the officer can find the record."""
    existing = Worker.objects.select_related("registered_by_office").get(nik=nik)
    message = _(
        "This NIK is already registered: %(name)s, registered at %(office)s on %(date)s."
    ) % {
        "name": existing.full_name,
        "office": existing.registered_by_office.name,
        "date": timezone.localtime(existing.created_at).strftime("%d-%m-%Y"),
    }
    return ValidationError({"nik": ValidationError(message, code="nik_taken")})


@transaction.atomic
def worker_register(
    *,
    actor,
    fields: dict,
    placement_fields: dict | None = None,
    photo=None,
    different_from: list[int] | tuple = (),
) -> Worker:
    """Register a person once (by NIK), and their first placement if given, together.

    `different_from` lists the similar workers the officer checked and found to be other
    people; any similar worker not in it stops the registration so the officer can look.
    """
    worker = Worker(**fields, registered_by_office=actor.office, registered_by=actor)
    _worker_fields_check(worker)
    if Worker.objects.filter(nik=worker.nik).exists():
        raise nik_taken_error(worker.nik)
    similar = similar_workers(
        full_name=worker.full_name,
        birth_date=worker.birth_date,
        passport_number=worker.passport_number,
    )
    unchecked = [match for match in similar if match.worker.pk not in set(different_from)]
    if unchecked:
        raise ValidationError(
            _("Possible duplicate: check the similar people listed before saving."),
            code="possible_duplicate",
            params={"similar": unchecked},
        )
    if photo is not None:
        sniff_upload(photo, allowed=PHOTO_TYPES)
        worker.photo = photo
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError:
        raise nik_taken_error(worker.nik) from None
    for match in similar:
        PossibleDuplicate.objects.get_or_create(
            worker=worker,
            similar_to=match.worker,
            defaults={"reason": match.reason, "flagged_by": actor},
        )
    audit_record(
        action=AuditAction.CREATE,
        actor=actor,
        obj=worker,
        regency_id=worker.home_regency_id,
        changes=changes_between({}, snapshot(worker)),
    )
    if placement_fields is not None:
        placement_create(actor=actor, worker=worker, fields=placement_fields)
    return worker


@transaction.atomic
def worker_update(*, actor, worker: Worker, fields: dict, expected_version: int) -> Worker:
    """Change a worker's data; refuses if someone saved it since `expected_version`."""
    current = Worker.objects.select_for_update().get(pk=worker.pk)
    if current.version != expected_version:
        raise StaleEditError
    before = snapshot(current)
    for name, value in fields.items():
        setattr(current, name, value)
    _worker_fields_check(current)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    ensure_in_scope(current, actor, "change")
    audit_record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=current,
        regency_id=current.home_regency_id,
        changes=changes_between(before, snapshot(current, fields=list(before))),
    )
    return current


def _agency_blocks(agency: Agency | None) -> ValidationError | None:
    if agency is None or agency.may_place:
        return None
    message = _(
        "%(agency)s is %(status)s since %(date)s (%(reason)s): its placements cannot move forward."
    ) % {
        "agency": agency.name,
        "status": agency.get_status_display(),
        "date": timezone.localtime(agency.status_changed_at).strftime("%d-%m-%Y"),
        "reason": agency.status_reason or "-",
    }
    return ValidationError({"agency": ValidationError(message, code="agency_not_active")})


@transaction.atomic
def placement_create(*, actor, worker: Worker, fields: dict) -> Placement:
    """Open a placement for `worker`; at most one is active at a time."""
    placement = Placement(
        worker=worker,
        regency_id=worker.home_regency_id,
        office=actor.office,
        created_by=actor,
        **fields,
    )
    if placement.scheme == "p2p" and placement.agency_id is None:
        message = _("A P to P placement goes through an agency.")
        raise ValidationError({"agency": ValidationError(message, code="agency_required")})
    if placement.scheme != "p2p":
        placement.agency = None
    blocked = _agency_blocks(placement.agency)
    if blocked is not None:
        raise blocked
    # Constraints on the worker are left to the database: one active placement per worker is
    # a partial unique index, so its violation is the only IntegrityError the save can raise.
    placement.full_clean(exclude=["worker", "regency", "office", "created_by"])
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError:
        raise ValidationError(
            _("%(name)s already has an active placement: finish or cancel it first.")
            % {"name": worker.full_name},
            code="active_placement",
        ) from None
    StageChange.objects.create(
        placement=placement,
        from_stage="",
        to_stage=Stage.REGISTERED,
        move=Move.FORWARD,
        actor=actor,
        office=actor.office,
    )
    audit_record(
        action=AuditAction.CREATE,
        actor=actor,
        obj=placement,
        regency_id=placement.regency_id,
        changes=changes_between({}, snapshot(placement)),
    )
    return placement


def missing_documents(placement: Placement) -> list[str]:
    """Document kinds the current stage still needs before the placement may move on."""
    held = {document.kind for document in placement.documents.all()}
    return [kind for kind in DOCUMENTS_TO_LEAVE.get(placement.stage, []) if kind not in held]


def transition_problems(placement: Placement, to_stage: str, reason: str) -> list[str]:
    """Why `placement` may not move to `to_stage` now; empty when it may."""
    move = TRANSITIONS.get((placement.stage, to_stage))
    if move is None:
        return [
            _("A placement cannot go from “%(here)s” to “%(there)s”.")
            % {
                "here": Stage(placement.stage).label,
                "there": Stage(to_stage).label if to_stage in Stage.values else to_stage,
            }
        ]
    problems = []
    if move in (Move.BACK, Move.CANCEL) and not reason.strip():
        problems.append(_("Going back or cancelling needs a reason."))
    if move == Move.FORWARD:
        blocked = _agency_blocks(placement.agency)
        if blocked is not None:
            problems.extend(blocked.message_dict["agency"])
        missing = missing_documents(placement)
        if missing:
            problems.append(
                _("Upload first: %(documents)s.")
                % {"documents": ", ".join(str(DocumentKind(kind).label) for kind in missing)}
            )
        if to_stage == Stage.VISA:
            worker = placement.worker
            if not worker.passport_number or not worker.passport_expiry:
                problems.append(_("The worker's passport must be recorded before the visa."))
            elif worker.passport_expiry <= timezone.localdate() + datetime.timedelta(days=180):
                problems.append(_("The passport must be valid for at least six more months."))
    return problems


@transaction.atomic
def placement_transition(
    *, actor, placement: Placement, to_stage: str, reason: str = "", expected_version: int
) -> Placement:
    """Move a placement one step by the table of transitions, recording who, when and why."""
    # Lock the placement row only: the agency is a nullable join PostgreSQL will not lock.
    current = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("agency", "worker")
        .get(pk=placement.pk)
    )
    if current.version != expected_version:
        raise StaleEditError
    problems = transition_problems(current, to_stage, reason)
    if problems:
        raise ValidationError(
            [ValidationError(problem, code="transition_refused") for problem in problems]
        )
    move = TRANSITIONS[(current.stage, to_stage)]
    from_stage = current.stage
    current.stage = to_stage
    current.stage_changed_at = timezone.now()
    if to_stage == Stage.CANCELLED:
        current.cancel_reason = reason.strip()
    if to_stage == Stage.DEPARTED:
        current.departed_on = timezone.localdate()
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    ensure_in_scope(current, actor, "change")
    StageChange.objects.create(
        placement=current,
        from_stage=from_stage,
        to_stage=to_stage,
        move=move,
        reason=reason.strip(),
        actor=actor,
        office=actor.office,
    )
    audit_record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=current,
        regency_id=current.regency_id,
        changes={"stage": [from_stage, to_stage], **({"reason": [None, reason]} if reason else {})},
    )
    return current


@transaction.atomic
def placement_document_add(
    *, actor, placement: Placement, kind: str, uploaded
) -> PlacementDocument:
    """Attach a checked scan (PDF, JPEG or PNG, at most 5 MB) to a placement."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")}, code="kind")
    content_type = sniff_upload(uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    document = PlacementDocument.objects.create(
        placement=placement,
        kind=kind,
        file=uploaded,
        original_name=uploaded.name[:200],
        content_type=content_type,
        size=uploaded.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    audit_record(
        action=AuditAction.CREATE,
        actor=actor,
        obj=document,
        regency_id=placement.regency_id,
        object_repr=f"{placement} · {DocumentKind(kind).label}",
        changes={"kind": [None, kind], "sha256": [None, document.sha256]},
    )
    return document


@transaction.atomic
def agency_status_change(*, actor, agency: Agency, to_status: str, reason: str) -> Agency:
    """Suspend, revoke or restore an agency's licence, with the reason on record."""
    if to_status not in Agency.Status.values:
        raise ValidationError({"to_status": _("Choose a licence status.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the change of status.")})
    current = Agency.objects.select_for_update().get(pk=agency.pk)
    if current.status == to_status:
        raise ValidationError({"to_status": _("The licence already has this status.")})
    AgencyStatusChange.objects.create(
        agency=current,
        from_status=current.status,
        to_status=to_status,
        reason=reason.strip(),
        changed_by=actor,
    )
    audit_record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=current,
        regency_id=current.regency_id,
        changes={"status": [current.status, to_status], "reason": [None, reason.strip()]},
    )
    current.status = to_status
    current.status_reason = reason.strip()
    current.status_changed_at = timezone.now()
    current.save()
    return current


@transaction.atomic
def duplicate_resolve(*, actor, flag: PossibleDuplicate, resolution: str, note: str):
    """Close a possible-duplicate flag: two people after all, or one person registered twice.

    "Same person" keeps both records for the administrators to merge; the flag says so.
    """
    if resolution not in (
        PossibleDuplicate.Resolution.DIFFERENT,
        PossibleDuplicate.Resolution.SAME,
    ):
        raise ValidationError({"resolution": _("Choose: different people, or the same person.")})
    if resolution == PossibleDuplicate.Resolution.SAME and not note.strip():
        raise ValidationError(
            {"note": _("Say how you know they are one person (which papers you checked).")}
        )
    current = PossibleDuplicate.objects.select_for_update(of=("self",)).get(pk=flag.pk)
    if current.resolution != PossibleDuplicate.Resolution.OPEN:
        raise ValidationError(_("This flag was already resolved."), code="stale")
    current.resolution = resolution
    current.resolution_note = note.strip()
    current.resolved_by = actor
    current.resolved_at = timezone.now()
    current.save()
    audit_record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=current,
        regency_id=current.worker.home_regency_id,
        changes={"resolution": [PossibleDuplicate.Resolution.OPEN, resolution]},
    )
    return current
