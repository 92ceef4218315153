"""The counter officer's verbs. Each is one transaction that writes its audit rows.

The person is written through `people.services` (the identity rules hold there for every
caller); this app adds what a CPMI registration needs on top. Errors the officer can fix come
back as ValidationError with a message per field.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from placements import notices
from placements.models import Agency, AgencyStatusChange, Placement, PlacementDocument, StageChange
from placements.stages import ACTIVE, MACHINE, DocumentKind, Move, Stage, agency_refusal
from pmi_portal.access.scoping import NotFoundOrNotYours
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record, changes_between, snapshot
from pmi_portal.db import insert_row, loaded_relations
from pmi_portal.documents.services import document_store
from pmi_portal.identity import rules
from pmi_portal.people import services as people_services
from pmi_portal.people.models import Person
from pmi_portal.workflow.services import transition_apply

MINIMUM_AGE = 18  # Law 18/2017 on the protection of migrant workers, article 5
# Plain-sense limits where no published rule sets one (each checked at the counter and the API):
# - No BP2MI/Kemnaker rule found sets a general upper age; destination schemes cap intake far
#   lower (Korea's EPS takes 18-39, Malaysia's foreign-worker permits 18-45). 55 years refuses
#   a typed-in birth year (an age of 70) without refusing any scheme's real applicants.
MAXIMUM_FIRST_PLACEMENT_AGE = 55
# - A placement contract usually runs 2 years (24 months) and is renewed as a new one; the
#   longest first term of a scheme we know is Korea's EPS, 4 years 10 months (58). 60 months is
#   the plain-sense ceiling.
MAXIMUM_CONTRACT_MONTHS = 60
# - Law 18/2017, article 6(1)(d): a PMI has the right to wages by the destination's standard, so
#   a placement paid nothing is a typing slip (or not a job); the salary must be above zero.
# What a CPMI registration needs of the person, beyond what any person record needs.
CPMI_REQUIRED = (
    "nik", "full_name", "sex", "birth_place", "birth_date", "home_regency", "address",
    "education", "next_of_kin_name", "next_of_kin_relation", "next_of_kin_phone",
)  # fmt: skip


def _age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _raise_if(errors: dict[str, ValidationError]) -> None:
    if errors:
        raise ValidationError(errors)


def cpmi_checks(person: Person, *, residence_confirmed: bool = False) -> None:
    """A prospective migrant worker is an adult (Law 18/2017, article 5) whose passport, if
    recorded, is valid, and who lives where the KTP says, or the officer confirmed the other
    residence."""
    errors = rules.passport_validity_errors(person.passport_number, person.passport_expiry)
    if person.birth_date and _age_on(person.birth_date, timezone.localdate()) < MINIMUM_AGE:
        message = _(
            "A migrant worker must be at least %(age)s years old: this person is a child."
        ) % {"age": MINIMUM_AGE}
        errors["birth_date"] = ValidationError(message, code="under_age")
    if not residence_confirmed and _lives_outside_nik_province(person):
        message = _(
            "The home regency lies outside the province of the NIK. The KTP address decides it: "
            "check the KTP, and confirm below if the worker really lives there."
        )
        errors["home_regency"] = ValidationError(message, code="residence_outside_nik_province")
    _raise_if(errors)


def _lives_outside_nik_province(person: Person) -> bool:
    issued_in = rules.nik_home_regency(person.nik) if person.nik else None
    if issued_in is None or not person.home_regency_id:
        return False
    # A Kemendagri regency code begins with its province's code.
    return person.home_regency_id[:2] != issued_in[:2]


def first_placement_checks(person: Person) -> None:
    """A first placement abroad is for a worker of at most MAXIMUM_FIRST_PLACEMENT_AGE years."""
    if not person.birth_date:
        return
    age = _age_on(person.birth_date, timezone.localdate())
    if age > MAXIMUM_FIRST_PLACEMENT_AGE:
        message = _(
            "A first placement is for workers of at most %(limit)s years old: this person "
            "is %(age)s. Check the date of birth."
        ) % {"limit": MAXIMUM_FIRST_PLACEMENT_AGE, "age": age}
        raise ValidationError(
            {"birth_date": ValidationError(message, code="too_old_for_first_placement")}
        )


def placement_checks(fields: dict) -> None:
    """The contract's length and salary are plausible (limits and sources above), and a P to P
    placement goes through an agency whose licence is active."""
    errors = {}
    months = fields.get("contract_months")
    if months is not None and months > MAXIMUM_CONTRACT_MONTHS:
        message = _(
            "A contract runs at most %(limit)s months, usually 24: %(months)s months "
            "is not plausible."
        ) % {"limit": MAXIMUM_CONTRACT_MONTHS, "months": months}
        errors["contract_months"] = ValidationError(message, code="contract_too_long")
    salary = fields.get("salary_amount")
    if salary is not None and salary <= 0:
        message = _("The monthly salary must be more than 0.")
        errors["salary_amount"] = ValidationError(message, code="salary_not_positive")
    if fields.get("scheme") == "p2p":
        agency = fields.get("agency")
        if agency is None and fields.get("agency_id") is None:
            message = _("A P to P placement goes through an agency.")
            errors["agency"] = ValidationError(message, code="agency_required")
        elif agency is not None and agency_refusal(agency) is not None:
            errors["agency"] = ValidationError(agency_refusal(agency), code="agency_not_active")
    _raise_if(errors)


def worker_register(
    *,
    actor,
    fields: dict,
    placement_fields: dict | None = None,
    photo=None,
    different_from: list[int] | tuple = (),
    residence_confirmed: bool = False,
) -> Person:
    """Register a CPMI once (by NIK), and their first placement if given, together.

    `different_from` lists the similar people the officer checked and found to be others;
    `residence_confirmed` says the officer checked a home outside the NIK's province.
    Every field is checked, the placement's too, before similar people are looked for.
    The person and the placement are saved in one transaction, or neither; the placement is
    the person's `first_placement` (None without `placement_fields`).
    """
    opened = []

    def first_placement(worker: Person) -> None:
        # In the person's transaction, checked with the person above; never abroad yet.
        if placement_fields is not None:
            opened.append(_placement_open(actor=actor, worker=worker, fields=placement_fields))

    checks = [lambda person: cpmi_checks(person, residence_confirmed=residence_confirmed)]
    if placement_fields is not None:
        checks += [first_placement_checks, lambda person: placement_checks(placement_fields)]
    worker = people_services.person_create(
        actor=actor,
        fields=fields,
        required=CPMI_REQUIRED,
        different_from=different_from,
        photo=photo,
        extra_checks=people_services.all_checks(*checks),
        then=first_placement,
    )
    worker.first_placement = next(iter(opened), None)
    return worker


def worker_update(
    *,
    actor,
    worker: Person,
    fields: dict,
    expected_version: int,
    residence_confirmed: bool = False,
) -> Person:
    """Change a worker's data; refuses if someone saved it since `expected_version`."""
    return people_services.person_update(
        actor=actor,
        person=worker,
        fields=fields,
        expected_version=expected_version,
        required=[name for name in CPMI_REQUIRED if name != "nik"],
        extra_checks=lambda person: cpmi_checks(person, residence_confirmed=residence_confirmed),
    )


@transaction.atomic
def placement_create(*, actor, worker: Person, fields: dict) -> Placement:
    """Open a placement for `worker`; at most one is active at a time."""
    people_services.all_checks(
        lambda person: placement_checks(fields),
        lambda person: None if _has_been_abroad(person) else first_placement_checks(person),
    )(worker)
    return _placement_open(actor=actor, worker=worker, fields=fields)


def _placement_open(*, actor, worker: Person, fields: dict) -> Placement:
    """The placement's rows, in the caller's transaction, once its checks have passed."""
    placement = Placement(
        worker=worker,
        regency_id=worker.home_regency_id,
        office=actor.office,
        created_by=actor,
        **fields,
    )
    if placement.scheme != "p2p":
        placement.agency = None
    # Constraints on the worker are left to the database: one active placement per worker is
    # a partial unique index, so its violation is the only IntegrityError the save can raise.
    # The check constraints are the fields' validators and placement_checks; the database
    # holds them all the same.
    placement.full_clean(
        exclude=["worker", "regency", "office", "created_by", *loaded_relations(placement)],
        validate_constraints=False,
    )
    try:
        # No savepoint: the refusal below rolls the caller's transaction (or savepoint) back.
        # One INSERT of its own: nothing listens to a placement's or a stage change's save.
        insert_row(placement)
    except IntegrityError:
        raise ValidationError(
            _("%(name)s already has an active placement: finish or cancel it first.")
            % {"name": worker.full_name},
            code="active_placement",
        ) from None
    insert_row(
        StageChange(
            placement=placement,
            from_state="",
            to_state=Stage.REGISTERED,
            kind=Move.FORWARD,
            actor=actor,
            office=actor.office,
        )
    )
    audit_record(
        action=AuditAction.CREATE,
        actor=actor,
        obj=placement,
        regency_id=placement.regency_id,
        changes=changes_between({}, snapshot(placement)),
    )
    return placement


def _has_been_abroad(worker: Person) -> bool:
    return Placement.objects.filter(worker=worker, departed_on__isnull=False).exists()


def transition_problems(placement: Placement, to_stage: str, reason: str) -> list[str]:
    """Why `placement` may not move to `to_stage` now; empty when it may."""
    return MACHINE.refusals(placement, to_stage, reason)


def _on_stage_entered(placement: Placement, transition, reason: str) -> None:
    if transition.target == Stage.CANCELLED:
        placement.cancel_reason = reason
    if transition.target == Stage.DEPARTED:
        placement.departed_on = timezone.localdate()


def placement_transition(
    *, actor, placement: Placement, to_stage: str, reason: str = "", expected_version: int
) -> Placement:
    """Move a placement one step by its machine, recording who, when and why. Only the key of
    `placement` is used: it is read again, locked, and NotFoundOrNotYours outside the scope."""
    try:
        return transition_apply(
            machine=MACHINE,
            actor=actor,
            record=placement,
            to_state=to_stage,
            reason=reason,
            expected_version=expected_version,
            history=lambda current, **change: insert_row(StageChange(placement=current, **change)),
            regency_id=lambda current: current.regency_id,
            # The agency is a nullable join PostgreSQL will not lock; only the placement is locked.
            # The destination is read by the audit row's text (str of the placement).
            select_related=("agency", "worker", "destination"),
            # Read by the forward moves' guard, and by the stage panel shown after the move.
            prefetch_related=("documents",),
            on_apply=_on_stage_entered,
            on_apply_writes=("cancel_reason", "departed_on"),
        )
    except Placement.DoesNotExist:
        raise NotFoundOrNotYours from None


def placement_document_add(
    *, actor, placement: Placement, kind: str, uploaded
) -> PlacementDocument:
    """Attach a checked scan (PDF, JPEG or PNG, at most 5 MB) to a placement."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")}, code="kind")
    try:
        return document_store(
            actor=actor,
            model=PlacementDocument,
            owner={"placement": placement},
            kind=kind,
            uploaded=uploaded,
            regency_id=placement.regency_id,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        # A refusal of the file's bytes belongs to the file: the stage panel shows its
        # fields' errors only.
        raise ValidationError({"file": error}) from None


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
    change = AgencyStatusChange.objects.create(
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
    notices.agency_status_changed(current, change_id=change.pk)
    return current


def active_placements_both_guard(keep: Person, merge: Person) -> list[str]:
    """Two records of one person cannot both bring an active placement into the merge."""
    if (
        Placement.objects.filter(worker=keep, stage__in=ACTIVE).exists()
        and Placement.objects.filter(worker=merge, stage__in=ACTIVE).exists()
    ):
        return [
            _(
                "Both records have an active placement: cancel the one registered by mistake "
                "before merging."
            )
        ]
    return []
