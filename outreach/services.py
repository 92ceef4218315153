"""The offices' verbs of prevention and empowerment: record an outreach activity, correct it,
attach its photos and attendance list; record an empowerment programme and its participants.
Each is keyword-only, one transaction, audited."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import Activity, ActivityDocument, Kind, Participant, Programme, Relation
from pmi_portal.access.scoping import ensure_in_scope
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record, changes_between, snapshot
from pmi_portal.db import StaleEditError
from pmi_portal.documents.services import document_store
from pmi_portal.offices.selectors import area_regency_codes
from pmi_portal.people.models import Person

# What an officer writes of an activity; the office is the officer's own.
FIELDS = (
    "held_on", "kind", "online", "regency", "place", "partner", "audience", "attendance", "topics",
)  # fmt: skip
# Activities are reported as they happen, or written up a while after; not years after.
OLDEST_DAYS = 5 * 366


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied


def _outside_area(office, regency_id: str | None) -> bool:
    """An office holds its outreach and programmes in its own working area."""
    return regency_id is not None and regency_id not in area_regency_codes(office)


def _outside_area_error() -> ValidationError:
    return ValidationError(
        _("The regency or city is outside your office's working area."), code="outside_area"
    )


def _checked(activity: Activity) -> None:
    """Every rule of an activity, for every caller (pages, API, demo)."""
    if activity.kind == Kind.ONLINE_LIVE:
        activity.online = True
    if activity.online:
        activity.place = ""
    errors = {}
    try:
        # The table's constraints are the database's backstop of the rules checked here.
        activity.full_clean(
            exclude=["office", "recorded_by", "regency"], validate_constraints=False
        )
    except ValidationError as error:
        errors.update(error.error_dict)
    for name, message in (
        ("audience", _("Say who came, e.g. village heads, pupils, Babinsa.")),
        ("topics", _("Write what was talked about.")),
    ):
        if name not in errors and not getattr(activity, name).strip():
            errors[name] = [ValidationError(message, code="required")]
    today = timezone.localdate()
    if activity.held_on and activity.held_on > today:
        errors.setdefault("held_on", []).append(
            ValidationError(
                _("The date is in the future: record it once it has happened."), code="future"
            )
        )
    elif activity.held_on and activity.held_on < today - datetime.timedelta(days=OLDEST_DAYS):
        errors.setdefault("held_on", []).append(
            ValidationError(_("The date is more than five years ago."), code="too_old")
        )
    if activity.regency_id is None and not activity.online:
        errors["regency"] = [
            ValidationError(
                _("Choose the regency or city where it was held, or mark it as held online."),
                code="required",
            )
        ]
    elif _outside_area(activity.office, activity.regency_id):
        errors["regency"] = [_outside_area_error()]
    if errors:
        raise ValidationError(errors)
    for name in ("place", "partner", "audience", "topics"):
        setattr(activity, name, getattr(activity, name).strip())


def activity_record(*, actor, fields: dict) -> Activity:
    """An outreach activity of the actor's office, in its working area or online."""
    _require(actor, "outreach.add_activity")
    activity = Activity(**{name: fields[name] for name in FIELDS if name in fields})
    activity.office = actor.office
    activity.recorded_by = actor
    _checked(activity)
    with transaction.atomic():
        activity.save()
        audit_record(
            action=AuditAction.CREATE,
            actor=actor,
            obj=activity,
            regency_id=activity.regency_id,
            changes=changes_between({}, snapshot(activity)),
        )
        ensure_in_scope(activity, actor, "view")
    return activity


def activity_update(*, actor, activity: Activity, fields: dict, expected_version: int) -> Activity:
    """Correct an activity; refuses if someone saved it since `expected_version`."""
    _require(actor, "outreach.change_activity")
    with transaction.atomic():
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        ensure_in_scope(current, actor, "change")
        if current.version != expected_version:
            raise StaleEditError
        before = snapshot(current)
        for name in FIELDS:
            if name in fields:
                setattr(current, name, fields[name])
        _checked(current)
        current.version = F("version") + 1
        current.save()
        current.refresh_from_db()
        audit_record(
            action=AuditAction.UPDATE,
            actor=actor,
            obj=current,
            regency_id=current.regency_id,
            changes=changes_between(before, snapshot(current)),
        )
    return current


def activity_document_add(*, actor, activity: Activity, kind: str, uploaded) -> ActivityDocument:
    """A photo or the attendance list of an activity (PDF, JPEG or PNG, checked by its bytes)."""
    _require(actor, "outreach.add_activitydocument")
    ensure_in_scope(activity, actor, "change")
    return document_store(
        actor=actor,
        model=ActivityDocument,
        owner={"activity": activity},
        kind=kind,
        uploaded=uploaded,
        regency_id=activity.regency_id,
    )


PROGRAMME_FIELDS = ("kind", "title", "partner", "regency", "starts_on", "ends_on", "description")


def programme_record(*, actor, fields: dict) -> Programme:
    """An empowerment programme of the actor's office, held in its working area."""
    _require(actor, "outreach.add_programme")
    programme = Programme(**{name: fields[name] for name in PROGRAMME_FIELDS if name in fields})
    programme.office = actor.office
    programme.recorded_by = actor
    errors = {}
    try:
        programme.full_clean(exclude=["office", "recorded_by"], validate_constraints=False)
    except ValidationError as error:
        errors.update(error.error_dict)
    if "title" not in errors and not programme.title.strip():
        errors["title"] = [ValidationError(_("Give the programme a title."), code="required")]
    if programme.regency_id and _outside_area(actor.office, programme.regency_id):
        errors["regency"] = [_outside_area_error()]
    if programme.starts_on and programme.ends_on and programme.ends_on < programme.starts_on:
        errors["ends_on"] = [
            ValidationError(_("The programme ends before it starts."), code="ends_before_start")
        ]
    if errors:
        raise ValidationError(errors)
    programme.title = programme.title.strip()
    with transaction.atomic():
        programme.save()
        audit_record(
            action=AuditAction.CREATE,
            actor=actor,
            obj=programme,
            regency_id=programme.regency_id,
            changes=changes_between({}, snapshot(programme)),
        )
    return programme


def participant_add(*, actor, programme: Programme, nik: str, relation: str) -> Participant:
    """A returned worker or a family member, found by NIK among the people of the actor's
    area, joins `programme`; someone not found is refused alike whether unknown or elsewhere."""
    _require(actor, "outreach.add_participant")
    if relation not in Relation.values:
        raise _error("relation", _("Choose how the person takes part."), "invalid_choice")
    person = (
        Person.objects.current().restrict(actor).filter(nik="".join(nik.split())).first()
        if nik.strip()
        else None
    )
    if person is None:
        raise _error(
            "nik",
            _("No person with this NIK in your area: register them at the counter first."),
            "not_found",
        )
    with transaction.atomic():
        current = Programme.objects.select_for_update().get(pk=programme.pk)
        ensure_in_scope(current, actor, "change")
        if current.participants.filter(person=person).exists():
            raise _error("nik", _("This person already takes part."), "already_taking_part")
        participant = Participant.objects.create(
            programme=current, person=person, relation=relation, added_by=actor
        )
        audit_record(
            action=AuditAction.CREATE,
            actor=actor,
            obj=participant,
            regency_id=person.home_regency_id,
            changes={"programme": [None, current.pk], "person": [None, person.pk]},
        )
    return participant
