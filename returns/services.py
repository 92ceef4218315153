"""The return post's verbs: log an arrival, send the person home, confirm receipt, record a
departure stopped at the airport. Each writes its audit rows; people are matched to their one
record, or recorded through `people.services` with every identity rule."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from placements.selectors import has_placement_on_record
from pmi_portal.access.scoping import is_in_scope
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record, changes_between, snapshot
from pmi_portal.db import loaded_relations
from pmi_portal.identity.mrz import MrzError, parse_td3
from pmi_portal.offices import selectors as office_selectors
from pmi_portal.offices.models import Office, Regency
from pmi_portal.people import selectors as people_selectors
from pmi_portal.people import services as people_services
from pmi_portal.people.models import Person
from pmi_portal.workflow.services import transition_apply
from returns import handover, notices
from returns.models import Arrival, Category, Handover, HandoverChange, Interception, Trouble

# What may be said of a person met at the airport: often a passport only.
PERSON_FIELDS = (
    "nik", "full_name", "sex", "birth_date", "home_regency", "passport_number",
    "passport_expiry", "phone",
)  # fmt: skip


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def person_for_arrival(*, actor, fields: dict) -> Person:
    """The one record of the person in front of the officer: found by NIK or passport, given
    what it lacked (a NIK, a passport), or recorded anew. Similar people never hold up the
    queue: they are flagged for the offices to resolve."""
    fields = {name: value for name, value in fields.items() if value not in (None, "")}
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    person = people_selectors.person_by_identity(
        nik=fields.get("nik", ""), passport_number=fields.get("passport_number", "")
    )
    if person is None:
        if not fields.get("full_name"):
            raise _error("full_name", _("Give the person's name."), "required")
        return people_services.person_create(actor=actor, fields=fields, similar_block=False)
    missing = {
        name: fields[name]
        for name in ("nik", "passport_number", "passport_expiry", "home_regency", "phone")
        if name in fields and getattr(person, Person._meta.get_field(name).attname) in (None, "")
    }
    if not missing:
        return person
    # The post may fill what the record lacks even outside its own area: it is the one who met
    # the person; a record's existing data is never overwritten from the airport.
    return people_services.person_update(
        actor=actor,
        person=person,
        fields=missing,
        expected_version=person.version,
        in_scope_check=False,
    )


def person_fields_from_mrz(text: str) -> dict:
    """The person's fields a passport's machine-readable zone gives (check digits verified).

    A zone that fails is refused at the `mrz` field with the code of what failed.
    """
    try:
        zone = parse_td3(text)
    except MrzError as error:
        raise ValidationError({"mrz": ValidationError(error.message, code=error.code)}) from None
    fields = {
        "passport_number": zone.document_number,
        "passport_expiry": zone.expiry_date,
        "full_name": " ".join(part for part in (zone.given_names, zone.surname) if part),
        "birth_date": zone.birth_date,
    }
    if zone.sex:
        fields["sex"] = zone.sex
    return fields


def _arrival_checks(arrival: Arrival) -> None:
    errors = {}
    try:
        arrival.full_clean(
            exclude=["person", "regency", "office", "post", "logged_by", *loaded_relations(arrival)]
        )
    except ValidationError as error:
        errors.update(error.error_dict)
    troubles = list(dict.fromkeys(arrival.troubles or []))
    if any(code not in Trouble.values for code in troubles):
        errors["troubles"] = [
            ValidationError(_("Choose the troubles from the list."), code="invalid")
        ]
    elif arrival.category == Category.TROUBLED and not troubles:
        errors["troubles"] = [
            ValidationError(_("A troubled return names at least one trouble."), code="required")
        ]
    elif arrival.category == Category.REGULAR and troubles:
        errors["category"] = [
            ValidationError(
                _("A return with troubles is a troubled return, not a regular one."),
                code="category_mismatch",
            )
        ]
    if Trouble.DECEASED in troubles and not arrival.cause_of_death.strip():
        errors["cause_of_death"] = [
            ValidationError(_("Write the cause of death as reported."), code="required")
        ]
    if arrival.arrived_at and arrival.arrived_at > timezone.now() + datetime.timedelta(hours=1):
        errors["arrived_at"] = [
            ValidationError(_("The arrival time lies in the future."), code="future")
        ]
    if errors:
        raise ValidationError(errors)
    arrival.troubles = troubles


def receiving_office(person: Person, post: Office) -> Office:
    """The office of the person's home region; the post's own regional office when unknown."""
    return _home_regency_and_office(person, post)[1]


def _home_regency_and_office(person: Person, post: Office) -> tuple[Regency | None, Office]:
    """The person's home regency as read with its office (None when unknown or not that row),
    and the office that receives them (`receiving_office`)."""
    regency = None
    if code := person.home_regency_id:
        # Reference data: kept with its version, which a regency or office saved renews.
        regency = office_selectors.reference_kept(
            f"returns.home-regency:{code}",
            lambda: office_selectors.regencies_with_code(code).first(),
        )
    office = regency.office if regency is not None else None
    if regency is not None and regency.pk != person.home_regency_id:
        regency = None
    return regency, office or post.area_office or post


def arrival_log(*, actor, person_fields: dict, arrival_fields: dict) -> Arrival:
    """Log one arrival at the post: the person matched or recorded, the arrival routed to the
    office of their home region, its handover due within the machine's deadline."""
    arrival = Arrival(**arrival_fields, post=actor.office, logged_by=actor)
    # Check the arrival before the person is written, so a bad row leaves nothing behind.
    _arrival_checks(arrival)
    person = person_for_arrival(actor=actor, fields=person_fields)
    with transaction.atomic():
        arrival.person = person
        regency, arrival.office = _home_regency_and_office(person, actor.office)
        arrival.regency_id = person.home_regency_id
        if regency is not None:
            arrival.regency = regency  # read once, for the notice's text
        arrival.no_placement_on_record = not has_placement_on_record(person)
        now = timezone.now()
        arrival.handover_changed_at = now
        arrival.due_at = handover.MACHINE.due_at(arrival, Handover.AWAITING, now)
        arrival.save()
        HandoverChange.objects.create(
            arrival=arrival,
            from_state="",
            to_state=Handover.AWAITING,
            kind="logged",
            actor=actor,
            office=actor.office,
            changed_at=now,
            due_at=arrival.due_at,
        )
        audit_record(
            action=AuditAction.CREATE,
            actor=actor,
            obj=arrival,
            regency_id=arrival.regency_id,
            changes=changes_between({}, snapshot(arrival)),
        )
        notices.handover_requested(arrival)
    return arrival


def _handover_move(*, actor, arrival: Arrival, to_state: str, expected_version: int, on_apply):
    return transition_apply(
        machine=handover.MACHINE,
        actor=actor,
        record=arrival,
        to_state=to_state,
        expected_version=expected_version,
        history=lambda current, **change: HandoverChange.objects.create(arrival=current, **change),
        regency_id=lambda current: current.regency_id,
        select_related=("person",),
        on_apply=on_apply,
    )


def arrival_transport(
    *,
    actor,
    arrival: Arrival,
    by: str,
    to: str,
    departs_at: datetime.datetime | None,
    expected_version: int,
) -> Arrival:
    """Record who takes the person home, where to and when; the handover is on its way."""
    errors = {}
    if not by.strip():
        errors["by"] = ValidationError(_("Say who takes the person home."), code="required")
    if not to.strip():
        errors["to"] = ValidationError(_("Say where the person is taken."), code="required")
    if errors:
        raise ValidationError(errors)

    def record_transport(current, transition, reason):
        current.transport_by = by.strip()[:150]
        current.transport_to = to.strip()[:200]
        current.transport_departs_at = departs_at

    return _handover_move(
        actor=actor,
        arrival=arrival,
        to_state=Handover.IN_TRANSIT,
        expected_version=expected_version,
        on_apply=record_transport,
    )


def arrival_receive(
    *, actor, arrival: Arrival, received_on: datetime.date, note: str, expected_version: int
) -> Arrival:
    """The home office confirms that it received the person (serah terima done)."""
    family = office_selectors.office_family_ids(arrival.office)
    if actor.office_id not in family and actor.scope_level == "office":
        raise _error(
            "received_on",
            _("Only the receiving office confirms the handover: %(office)s.")
            % {"office": arrival.office.name},
            "not_receiving_office",
        )
    if received_on > timezone.localdate():
        raise _error("received_on", _("The date of receipt lies in the future."), "future")
    if received_on < timezone.localtime(arrival.arrived_at).date():
        raise _error(
            "received_on", _("The date of receipt is before the arrival."), "before_arrival"
        )

    def record_receipt(current, transition, reason):
        current.received_on = received_on
        current.receipt_note = note.strip()[:500]

    return _handover_move(
        actor=actor,
        arrival=arrival,
        to_state=Handover.RECEIVED,
        expected_version=expected_version,
        on_apply=record_receipt,
    )


def interception_record(*, actor, person_fields: dict, fields: dict) -> Interception:
    """A departure stopped at the airport, routed to the office of the person's home region."""
    interception = Interception(**fields, post=actor.office, logged_by=actor)
    interception.full_clean(exclude=["person", "regency", "office", "post", "logged_by"])
    if not interception.account.strip():
        raise _error("account", _("Write what happened."), "required")
    person = person_for_arrival(actor=actor, fields=person_fields)
    with transaction.atomic():
        interception.person = person
        interception.regency_id = person.home_regency_id
        interception.office = receiving_office(person, actor.office)
        interception.save()
        audit_record(
            action=AuditAction.CREATE,
            actor=actor,
            obj=interception,
            regency_id=interception.regency_id,
            changes=changes_between({}, snapshot(interception)),
        )
    return interception


def returnee_lookup(*, user, nik: str = "", passport_number: str = ""):
    """The record a NIK or passport in the officer's hand belongs to, as the arrival form shows
    it while typing: (person, whether it is in the user's scope, has a placement on record).

    The post meets people from every region, so the match is national; one outside the post's
    area is audited as a cross-office match, here where it is seen: hence a service, not a
    selector.
    """
    person = people_selectors.person_by_identity(nik=nik, passport_number=passport_number)
    if person is None:
        return None
    visible = is_in_scope(person, user)
    if not visible:
        people_services.audit_cross_office_match(actor=user, person=person, reason="arrival_lookup")
    return person, visible, has_placement_on_record(person)
