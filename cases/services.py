"""The case handlers' verbs, and the public's: open a case (at the counter, from an arrival or
an interception, or by a public report), move it, give it to a handler, note, refer, transfer,
attach evidence. Each is keyword-only, one transaction, audited; a public reporter's rows keep
no address (`audit.context.without_client_address`)."""

import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import notices, receipts
from cases.models import (
    FINISHED_STATES,
    Case,
    CaseAgency,
    CaseDocument,
    CaseDocumentKind,
    CaseNote,
    CaseParty,
    CaseStateChange,
    CaseType,
    Institution,
    LegalStep,
    LegalStepKind,
    PartyRole,
    PublicReport,
    Referral,
    Source,
    State,
    Verdict,
)
from cases.selectors import cases_changed
from cases.states import MACHINE
from pmi_portal.access.roles import Role, ScopeLevel
from pmi_portal.access.scoping import NotFoundOrNotYours, ensure_in_scope, get_in_scope
from pmi_portal.audit.context import without_client_address
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record, changes_between, snapshot
from pmi_portal.db import StaleEditError
from pmi_portal.documents.services import document_store
from pmi_portal.offices import selectors as office_selectors
from pmi_portal.offices.models import Office
from pmi_portal.people import selectors as people_selectors
from pmi_portal.people import services as people_services
from pmi_portal.people.models import Person
from pmi_portal.workflow.services import transition_apply
from returns.models import Arrival, Interception, Trouble

# A public reporter sends at most this many files with a report or with more information.
PUBLIC_FILES_MAX = 3
# Who may hold a case: the office's handlers and its head.
HOLDERS = (Role.CASE_HANDLER, Role.OFFICE_HEAD)
# What may be said of a party when a case is opened: often a name and a phone only.
PARTY_FIELDS = (
    "nik", "full_name", "sex", "birth_date", "home_regency", "passport_number", "phone",
)  # fmt: skip


def _error(field: str, message: str, code: str, params: dict | None = None) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params)})


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied


def _route(regency_id: str | None, fallback: Office) -> Office:
    """The office responsible for the regency; `fallback` when none is known."""
    office = office_selectors.office_responsible_for_regency(regency_id) if regency_id else None
    return office or fallback


def _headquarters() -> Office:
    return Office.objects.get(kind=Office.Kind.HEADQUARTERS)


def _audit(*, actor, obj, case: Case, action=AuditAction.UPDATE, changes=None) -> None:
    audit_record(action=action, actor=actor, obj=obj, regency_id=case.regency_id, changes=changes)


def party_person(*, actor, fields: dict) -> Person:
    """The one record of a victim, recruiter or witness: found by NIK or passport, or recorded
    with every identity rule. Similar people are flagged, never a reason to stop an intake."""
    fields = {name: value for name, value in fields.items() if value not in (None, "")}
    unknown = set(fields) - set(PARTY_FIELDS)
    if unknown:
        raise ValueError(f"not party fields: {sorted(unknown)}")
    person = people_selectors.person_by_identity(
        nik=fields.get("nik", ""), passport_number=fields.get("passport_number", "")
    )
    if person is not None:
        return person
    if not fields.get("full_name"):
        raise _error("full_name", _("Give the person's name."), "required")
    return people_services.person_create(actor=actor, fields=fields, similar_block=False)


def _case_checks(case: Case) -> None:
    errors = {}
    try:
        case.full_clean(
            exclude=["reference", "office", "created_by", "assigned_to", "arrival", "interception"]
        )
    except ValidationError as error:
        errors.update(error.error_dict)
    if not errors.get("description") and not case.description.strip():
        errors["description"] = [ValidationError(_("Write what happened."), code="required")]
    if errors:
        raise ValidationError(errors)
    case.description = case.description.strip()


def _case_save_new(*, actor, case: Case, parties: Iterable[tuple[Person, str]] = ()) -> Case:
    """Number, date and route a new case, with its first history row, parties and audit row."""
    now = timezone.now()
    case.created_at = now
    case.state = State.REPORTED
    case.state_changed_at = now
    case.due_at = MACHINE.due_at(case, State.REPORTED, now)
    case.created_by = actor
    case.reference = f"TMP-{uuid.uuid4().hex[:16]}"
    case.save()
    case.reference = f"KSS-{timezone.localtime(now).year}-{case.pk:06d}"
    Case.objects.filter(pk=case.pk).update(reference=case.reference)
    CaseStateChange.objects.create(
        case=case,
        from_state="",
        to_state=State.REPORTED,
        kind="opened",
        actor=actor,
        office=actor.office if actor is not None else case.office,
        changed_at=now,
        due_at=case.due_at,
    )
    for person, role in dict.fromkeys(parties):
        CaseParty.objects.create(case=case, person=person, role=role, added_by=actor)
    _audit(
        actor=actor,
        obj=case,
        case=case,
        action=AuditAction.CREATE,
        changes=changes_between({}, snapshot(case)),
    )
    notices.case_routed(case)
    return case


def case_open(
    *,
    actor,
    fields: dict,
    victim: dict | None = None,
    recruiter: dict | None = None,
    agency=None,
) -> Case:
    """Staff intake (a walk-in at the counter, the hotline, the police, a family): the case is
    routed to the office of its regency, else stays with the actor's own regional office."""
    _require(actor, "cases.add_case")
    case = Case(**fields)
    case.office = actor.office
    _case_checks(case)
    if case.source == Source.PUBLIC_REPORT:
        raise _error("source", _("Public reports arrive through the public form."), "invalid")
    # People are matched or recorded first: an audited cross-office match stays in the trail
    # even when the case is refused.
    parties = []
    if victim and any(victim.values()):
        parties.append((party_person(actor=actor, fields=victim), PartyRole.VICTIM))
    if recruiter and any(recruiter.values()):
        parties.append((party_person(actor=actor, fields=recruiter), PartyRole.RECRUITER))
    with transaction.atomic():
        case.office = _route(case.regency_id, actor.office.area_office or actor.office)
        _case_save_new(actor=actor, case=case, parties=parties)
        if agency is not None:
            CaseAgency.objects.create(case=case, agency=agency, added_by=actor)
    return case


def _already_open(**link) -> None:
    existing = Case.objects.filter(**link).exclude(state__in=FINISHED_STATES).first()
    if existing is not None:
        raise ValidationError(
            _("Case %(reference)s is already open for it.") % {"reference": existing.reference},
            code="already_open",
        )


def case_type_of_arrival(arrival: Arrival) -> str:
    """Trafficking if the returnee was trafficked; non-procedural if no placement is on record;
    else by the trouble reported."""
    if Trouble.TRAFFICKING in arrival.troubles:
        return CaseType.TRAFFICKING
    if arrival.no_placement_on_record:
        return CaseType.NON_PROCEDURAL
    for trouble, case_type in (
        (Trouble.ABUSE, CaseType.ABUSE),
        (Trouble.UNPAID_WAGES, CaseType.UNPAID_WAGES),
        (Trouble.UNDOCUMENTED, CaseType.NON_PROCEDURAL),
    ):
        if trouble in arrival.troubles:
            return case_type
    return CaseType.OTHER


def case_open_from_arrival(*, actor, arrival: Arrival) -> Case:
    """A case about a troubled return: the returnee is the victim, the facts carried over."""
    _require(actor, "cases.add_case")
    arrival = get_in_scope(
        Arrival.objects.select_related("person", "from_country", "office"), actor, pk=arrival.pk
    )
    if not arrival.is_troubled:
        raise ValidationError(_("Only a troubled return opens a case."), code="not_troubled")
    facts = _("Returned on %(flight)s on %(date)s from %(country)s. Troubles: %(troubles)s.") % {
        "flight": arrival.flight_number,
        "date": timezone.localtime(arrival.arrived_at).strftime("%d-%m-%Y"),
        "country": arrival.from_country,
        "troubles": ", ".join(arrival.trouble_labels),
    }
    if arrival.no_placement_on_record:
        facts += " " + _("No placement on record.")
    case = Case(
        case_type=case_type_of_arrival(arrival),
        source=Source.TROUBLED_RETURN,
        description="\n\n".join(part for part in (facts, arrival.notes.strip()) if part),
        regency_id=arrival.regency_id,
        country_id=arrival.from_country_id,
        office=arrival.office,
        arrival=arrival,
    )
    with transaction.atomic():
        _already_open(arrival=arrival)
        return _case_save_new(actor=actor, case=case, parties=[(arrival.person, PartyRole.VICTIM)])


def case_open_from_interception(*, actor, interception: Interception) -> Case:
    """A case about a departure stopped at the airport: a non-procedural placement attempt."""
    _require(actor, "cases.add_case")
    interception = get_in_scope(
        Interception.objects.select_related("person", "destination", "office", "agency"),
        actor,
        pk=interception.pk,
    )
    facts = _("Stopped at the airport on %(date)s on the way to %(country)s.") % {
        "date": timezone.localtime(interception.intercepted_at).strftime("%d-%m-%Y"),
        "country": interception.destination,
    }
    if interception.recruiter:
        facts += " " + _("Recruiter named: %(recruiter)s.") % {"recruiter": interception.recruiter}
    case = Case(
        case_type=CaseType.NON_PROCEDURAL,
        source=Source.INTERCEPTION,
        description=f"{facts}\n\n{interception.account.strip()}",
        regency_id=interception.regency_id,
        country_id=interception.destination_id,
        office=interception.office,
        interception=interception,
    )
    with transaction.atomic():
        _already_open(interception=interception)
        _case_save_new(actor=actor, case=case, parties=[(interception.person, PartyRole.VICTIM)])
        if interception.agency_id:
            CaseAgency.objects.create(case=case, agency=interception.agency, added_by=actor)
    return case


def _public_files(case: Case, files: list, kind: str) -> None:
    for uploaded in files:
        try:
            document_store(
                actor=None,
                model=CaseDocument,
                owner={"case": case},
                kind=kind,
                uploaded=uploaded,
                regency_id=case.regency_id,
            )
        except ValidationError as error:
            raise ValidationError({"files": error.messages}, code="file") from None


def _files_checked(files: list) -> list:
    files = [uploaded for uploaded in files if uploaded]
    if len(files) > PUBLIC_FILES_MAX:
        raise _error(
            "files",
            _("Send at most %(count)d files.") % {"count": PUBLIC_FILES_MAX},
            "too_many_files",
        )
    return files


def public_report_submit(
    *,
    case_type: str,
    description: str,
    regency_id: str | None = None,
    country_id: str | None = None,
    anonymous: bool = True,
    contact: str = "",
    files: list = (),
) -> tuple[Case, str]:
    """A report from the public, anonymous if they wish: routed by its regency (headquarters
    when none is given), no address kept anywhere. Returns the case and the receipt code,
    which is shown once and never stored."""
    files = _files_checked(list(files))
    contact = "" if anonymous else contact.strip()
    if not anonymous and not contact:
        raise _error(
            "contact", _("Give a phone or e-mail, or report anonymously."), "contact_required"
        )
    case = Case(
        case_type=case_type,
        source=Source.PUBLIC_REPORT,
        description=description,
        regency_id=regency_id or None,
        country_id=country_id or None,
    )
    case.office = _headquarters()
    _case_checks(case)
    code = receipts.receipt_new()
    with without_client_address(), transaction.atomic():
        case.office = _route(case.regency_id, case.office)
        _case_save_new(actor=None, case=case)
        PublicReport.objects.create(
            case=case,
            receipt_prefix=receipts.receipt_prefix(code),
            receipt_hash=receipts.receipt_hash(code),
            anonymous=anonymous,
            contact=contact[:150],
        )
        _public_files(case, files, CaseDocumentKind.FROM_REPORTER)
    return case, code


def public_report_by_receipt(receipt: str) -> PublicReport:
    """The report a receipt code follows; `NotFoundOrNotYours` for a wrong or forged one."""
    candidates = PublicReport.objects.select_related("case").filter(
        receipt_prefix=receipts.receipt_prefix(receipt)
    )
    found = receipts.receipt_matches(candidates, receipt)
    if found is None:
        raise NotFoundOrNotYours
    return found


def public_report_add_info(*, receipt: str, text: str, files: list = ()) -> Case:
    """More from the reporter: a note and files on their case (on the one it was merged into,
    if it was), kept without their address."""
    files = _files_checked(list(files))
    text = text.strip()
    if not text and not files:
        raise _error("text", _("Write what you want to add, or attach a file."), "required")
    report = public_report_by_receipt(receipt)
    case = report.case
    while case.merged_into_id is not None:
        case = case.merged_into
    with without_client_address(), transaction.atomic():
        if text:
            note = CaseNote.objects.create(case=case, text=text[:4000], from_reporter=True)
            _audit(actor=None, obj=note, case=case, action=AuditAction.CREATE)
        _public_files(case, files, CaseDocumentKind.FROM_REPORTER)
    return case


def _locked(*, actor, case: Case, expected_version: int, action: str = "change") -> Case:
    """The case locked for a change by `actor`, as the actor last saw it."""
    current = Case.objects.select_for_update(of=("self",)).select_related("office").get(pk=case.pk)
    if current.version != expected_version:
        raise StaleEditError
    ensure_in_scope(current, actor, action)
    return current


def _history_row(*, actor, case: Case, kind: str, reason: str = "") -> None:
    """A step that is not a move (assignment, transfer): in the case's history, state kept."""
    CaseStateChange.objects.create(
        case=case,
        from_state=case.state,
        to_state=case.state,
        kind=kind,
        reason=reason[:300],
        actor=actor,
        office=actor.office,
        due_at=case.due_at,
    )


@transaction.atomic
def case_transition(
    *,
    actor,
    case: Case,
    to_state: str,
    reason: str = "",
    expected_version: int,
    duplicate_of: Case | None = None,
) -> Case:
    """Move a case; a merge names the case it duplicates, in the actor's scope."""
    if to_state == State.MERGED:
        if duplicate_of is None:
            raise _error(
                "duplicate_of", _("Say which case this one duplicates."), "duplicate_required"
            )
        if duplicate_of.pk == case.pk:
            raise _error(
                "duplicate_of", _("A case cannot duplicate itself."), "duplicate_of_itself"
            )
        try:
            duplicate_of = get_in_scope(Case.objects, actor, pk=duplicate_of.pk)
        except NotFoundOrNotYours:
            raise _error(
                "duplicate_of", _("No case with this reference."), "duplicate_not_found"
            ) from None
        if duplicate_of.state == State.MERGED:
            raise _error(
                "duplicate_of",
                _("That case is itself merged: name the case it was merged into."),
                "duplicate_merged",
            )

    def record(current, transition, reason):
        if to_state == State.MERGED:
            current.merged_into = duplicate_of
        if to_state == State.RESOLVED:
            current.outcome = reason[:4000]

    return transition_apply(
        machine=MACHINE,
        actor=actor,
        record=case,
        to_state=to_state,
        reason=reason,
        expected_version=expected_version,
        history=lambda current, **change: CaseStateChange.objects.create(case=current, **change),
        regency_id=lambda current: current.regency_id,
        select_related=("office",),
        on_apply=record,
    )


def holders_for(case: Case):
    """The users a case may be given to: the handlers and heads of its office's family."""
    from pmi_portal.access.models import User

    return User.objects.filter(
        is_active=True,
        role__in=HOLDERS,
        office__in=office_selectors.office_family_ids(case.office),
    ).order_by("first_name", "username")


@transaction.atomic
def case_assign(*, actor, case: Case, assignee, expected_version: int) -> Case:
    """Give a case to a handler (or the head) of its office."""
    _require(actor, "cases.assign_case")
    current = _locked(actor=actor, case=case, expected_version=expected_version)
    if not holders_for(current).filter(pk=assignee.pk).exists():
        raise _error(
            "assignee",
            _("Give the case to a handler of %(office)s.") % {"office": current.office.name},
            "not_a_handler_of_office",
        )
    before = current.assigned_to_id
    Case.objects.filter(pk=current.pk).update(assigned_to=assignee, version=F("version") + 1)
    cases_changed()
    current.refresh_from_db()
    _history_row(actor=actor, case=current, kind="assign", reason=assignee.get_username())
    _audit(actor=actor, obj=current, case=current, changes={"assigned_to": [before, assignee.pk]})
    notices.case_assigned(current)
    return current


@transaction.atomic
def case_transfer(*, actor, case: Case, office: Office, reason: str, expected_version: int) -> Case:
    """Move a case to another office (headquarters only), with the reason on record."""
    _require(actor, "cases.transfer_case")
    if actor.scope_level != ScopeLevel.NATIONAL:
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise _error("reason", _("Give the reason for the transfer."), "required")
    # Headquarters sees every case; its transfer right stands in for changing one.
    current = _locked(actor=actor, case=case, expected_version=expected_version, action="view")
    if office.kind not in (Office.Kind.REGIONAL, Office.Kind.HEADQUARTERS):
        raise _error("office", _("Transfer a case to a regional office."), "not_regional")
    if office.pk == current.office_id:
        raise _error("office", _("The case is already with this office."), "same_office")
    before = current.office_id
    Case.objects.filter(pk=current.pk).update(
        office=office, assigned_to=None, version=F("version") + 1
    )
    cases_changed()
    current.refresh_from_db()
    _history_row(actor=actor, case=current, kind="transfer", reason=reason)
    _audit(
        actor=actor,
        obj=current,
        case=current,
        changes={"office": [before, office.pk], "reason": [None, reason]},
    )
    notices.case_routed(current)
    return current


def _changeable(actor, case: Case) -> None:
    ensure_in_scope(case, actor, "change")


@transaction.atomic
def case_note_add(*, actor, case: Case, text: str) -> CaseNote:
    _changeable(actor, case)
    text = text.strip()
    if not text:
        raise _error("text", _("Write the note."), "required")
    note = CaseNote.objects.create(case=case, text=text[:4000], author=actor)
    _audit(actor=actor, obj=note, case=case, action=AuditAction.CREATE)
    return note


def _not_future(field: str, day: datetime.date) -> None:
    if day > timezone.localdate():
        raise _error(field, _("The date lies in the future."), "future")


@transaction.atomic
def referral_add(
    *,
    actor,
    case: Case,
    institution: str,
    institution_name: str,
    reference_number: str = "",
    sent_on: datetime.date,
) -> Referral:
    """A letter sent to the police, immigration, a service or a consulate about the case."""
    _changeable(actor, case)
    if case.state in (State.REPORTED, *FINISHED_STATES):
        raise ValidationError(
            _("Refer a case once it is verified, and while it is open."), code="not_referable"
        )
    if institution not in Institution.values:
        raise _error("institution", _("Choose the institution."), "invalid")
    if not institution_name.strip():
        raise _error("institution_name", _("Name the institution."), "required")
    _not_future("sent_on", sent_on)
    referral = Referral.objects.create(
        case=case,
        institution=institution,
        institution_name=institution_name.strip()[:200],
        reference_number=reference_number.strip()[:100],
        sent_on=sent_on,
        created_by=actor,
    )
    _audit(
        actor=actor,
        obj=referral,
        case=case,
        action=AuditAction.CREATE,
        changes=changes_between({}, snapshot(referral)),
    )
    return referral


@transaction.atomic
def referral_answer(
    *, actor, referral: Referral, answer: str, answered_on: datetime.date
) -> Referral:
    current = get_in_scope(
        Referral.objects.select_for_update(of=("self",)).select_related("case"),
        actor,
        "change",
        pk=referral.pk,
    )
    if current.answered_on is not None:
        raise ValidationError(_("The answer is already recorded."), code="already_answered")
    if not answer.strip():
        raise _error("answer", _("Write the institution's answer."), "required")
    _not_future("answered_on", answered_on)
    if answered_on < current.sent_on:
        raise _error("answered_on", _("The answer is dated before the letter."), "before_sent")
    current.answer = answer.strip()[:4000]
    current.answered_on = answered_on
    current.save(update_fields=["answer", "answered_on"])
    _audit(
        actor=actor,
        obj=current,
        case=current.case,
        changes={"answered_on": [None, answered_on.isoformat()]},
    )
    return current


@transaction.atomic
def legal_step_add(
    *,
    actor,
    case: Case,
    kind: str,
    happened_on: datetime.date,
    reference: str = "",
    detail: str = "",
    verdict: str = "",
) -> LegalStep:
    """A step of the law-enforcement track: police report, suspects named, trial, verdict."""
    _changeable(actor, case)
    if kind not in LegalStepKind.values:
        raise _error("kind", _("Choose the step."), "invalid")
    if kind == LegalStepKind.VERDICT and verdict not in Verdict.values:
        raise _error("verdict", _("Choose the verdict."), "verdict_required")
    if kind != LegalStepKind.VERDICT and verdict:
        raise _error("verdict", _("Only a verdict has one."), "verdict_only_on_verdict")
    _not_future("happened_on", happened_on)
    step = LegalStep.objects.create(
        case=case,
        kind=kind,
        happened_on=happened_on,
        reference=reference.strip()[:100],
        detail=detail.strip()[:500],
        verdict=verdict,
        recorded_by=actor,
    )
    _audit(
        actor=actor,
        obj=step,
        case=case,
        action=AuditAction.CREATE,
        changes=changes_between({}, snapshot(step)),
    )
    return step


def case_party_add(*, actor, case: Case, role: str, person_fields: dict, note: str = ""):
    """A victim, recruiter, witness or reporter joins the case as their one person record."""
    _changeable(actor, case)
    if role not in PartyRole.values:
        raise _error("role", _("Choose the role."), "invalid")
    person = party_person(actor=actor, fields=person_fields)
    with transaction.atomic():
        party = CaseParty.objects.filter(case=case, person=person, role=role).first()
        if party is None:
            party = CaseParty.objects.create(
                case=case, person=person, role=role, added_by=actor, note=note.strip()[:300]
            )
            _audit(actor=actor, obj=party, case=case, action=AuditAction.CREATE)
    return party


@transaction.atomic
def case_document_add(*, actor, case: Case, kind: str, uploaded) -> CaseDocument:
    """Evidence (PDF, JPEG or PNG, checked by its bytes, at most 5 MB) on a case."""
    _changeable(actor, case)
    return document_store(
        actor=actor,
        model=CaseDocument,
        owner={"case": case},
        kind=kind,
        uploaded=uploaded,
        regency_id=case.regency_id,
    )
