"""Writing person records: the one path on which the identity rules hold for every caller.

The counter, the API, a manifest import, a Celery task and the admin all create and change
people through `person_create` and `person_update`; merging two records of one person and
undoing it are here too. Each is one transaction that writes its audit rows.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pmi_portal.access.scoping import NotFoundOrNotYours, ensure_in_scope, is_in_scope
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import (
    audit_record,
    audit_rows_together,
    changes_between,
    snapshot,
)
from pmi_portal.db import StaleEditError, loaded_relations
from pmi_portal.documents.inspection import PHOTO_TYPES, inspect_upload
from pmi_portal.identity import rules
from pmi_portal.people.models import Person, PersonMerge, PossibleDuplicate
from pmi_portal.people.selectors import SimilarPerson, person_current, similar_people

# Phone fields, stored in E.164.
PHONE_FIELDS = ("phone", "next_of_kin_phone")
# Fields a merge may fill on the kept record when it has them empty.
FILLABLE = (
    "nik", "sex", "birth_place", "birth_date", "home_regency", "address", "phone",
    "education", "skills", "next_of_kin_name", "next_of_kin_relation", "next_of_kin_phone",
    "passport_number", "passport_expiry",
)  # fmt: skip


def required_errors(person: Person, required: Iterable[str]) -> dict[str, ValidationError]:
    """{field: error} for each field the caller's use of the record needs and lacks."""
    errors = {}
    for name in required:
        field = Person._meta.get_field(name)
        if getattr(person, field.attname) in (None, ""):
            errors[name] = ValidationError(_("This field is required."), code="required")
    return errors


def person_validate(person: Person, *, required: Iterable[str] = ()) -> None:
    """Every rule of a person record, all errors at once; normalises phones and passport.

    Raises ValidationError with a message per field. The NIK's uniqueness is checked by the
    callers that need to say who holds it (see `nik_taken_error`).
    """
    errors: dict[str, list[ValidationError]] = {}

    def add(found: dict[str, ValidationError]) -> None:
        for field, error in found.items():
            errors.setdefault(field, []).append(error)

    if person.nik == "":
        person.nik = None
    person.passport_number = rules.normalize_passport_number(person.passport_number)
    for name in PHONE_FIELDS:
        try:
            setattr(person, name, rules.normalize_phone(getattr(person, name)))
        except ValidationError as error:
            add({name: error})
    try:
        person.full_clean(
            # The NIK is judged by its own rule below, with one code per kind of fault.
            exclude=[
                *("registered_by_office", "registered_by", "merged_into", "nik"),
                *errors,
                *loaded_relations(person),
            ],
            validate_unique=False,
            # Its check constraints concern the NIK and `merged_into`, excluded above: Django
            # would build a query for each only to drop it (about 1 ms a registration).
            validate_constraints=False,
        )
    except ValidationError as error:
        for field, field_errors in error.error_dict.items():
            errors.setdefault(field, []).extend(field_errors)
    if person.nik and "nik" not in errors:
        nik_faults = rules.nik_errors(
            person.nik, sex=person.sex or None, birth_date=person.birth_date
        )
        add(nik_faults)
        if "nik" not in nik_faults and person.home_regency_id is None:
            # Where the NIK was issued, under today's code (old Papua codes resolved).
            person.home_regency_id = rules.nik_home_regency(person.nik)
    add(rules.name_errors(person.full_name))
    add(rules.passport_errors(person.passport_number, person.passport_expiry))
    add(required_errors(person, (name for name in required if name not in errors)))
    if errors:
        raise ValidationError(errors)


def nik_holder(nik: str) -> Person | None:
    holder = Person.objects.select_related("registered_by_office").filter(nik=nik).first()
    return None if holder is None else person_current(holder)


def nik_taken_error(*, nik: str, actor) -> ValidationError:
    """The NIK is taken. Who holds it is told only to a user whose scope covers the record;
    anyone else learns which office to contact, and the cross-office hit is audited."""
    holder = nik_holder(nik)
    if holder is None:
        message = _("This NIK is already registered.")
    elif is_in_scope(holder, actor):
        message = _(
            "This NIK is already registered: %(name)s, registered at %(office)s on %(date)s."
        ) % {
            "name": holder.full_name,
            "office": holder.registered_by_office.name,
            "date": timezone.localtime(holder.created_at).strftime("%d-%m-%Y"),
        }
    else:
        message = _(
            "This NIK is already registered, outside your office's area: "
            "contact %(office)s about it."
        ) % {"office": holder.registered_by_office.name}
        audit_cross_office_match(actor=actor, person=holder, reason="nik")
    return ValidationError({"nik": ValidationError(message, code="nik_taken")})


def audit_cross_office_match(*, actor, person: Person, reason: str) -> None:
    """Someone outside `person`'s scope typed a NIK or passport that matched them."""
    audit_record(
        action=AuditAction.CROSS_OFFICE_MATCH,
        actor=actor,
        obj=person,
        regency_id=person.home_regency_id,
        changes={"matched_by": reason},
        object_repr=f"#{person.pk}",
    )


def _possible_duplicate_error(unchecked: list[SimilarPerson]) -> ValidationError:
    return ValidationError(
        _("Possible duplicate: check the similar people listed before saving."),
        code="possible_duplicate",
        params={"similar": unchecked},
    )


def person_create(
    *,
    actor,
    fields: dict,
    required: Iterable[str] = (),
    different_from: Iterable[int] = (),
    photo=None,
    extra_checks: Callable[[Person], None] | None = None,
    then: Callable[[Person], object] | None = None,
    similar_block: bool = True,
) -> Person:
    """Record a person once (by NIK), checked by every identity rule.

    `required` names the fields the caller's use needs (a CPMI registration needs more than a
    returnee's arrival); `extra_checks` raises the caller's own field errors, which are
    reported together with these. Similar people in the actor's scope stop the registration
    unless listed in `different_from` (checked and found to be other people); similar people
    outside it are flagged for both offices and never shown beyond their office.

    Where nobody can stop to compare records (a queue of returnees at the airport, an
    import), `similar_block=False` records every similar person as a flag to resolve later.

    The person is saved, and `then(person)` run (e.g. the first placement), in one transaction.
    The checks against other records run before it: call this outside a transaction, so that
    an audited cross-office match stays in the trail when the registration is refused.
    """
    person = Person(**fields, registered_by_office=actor.office, registered_by=actor)
    _validate_with(person, required=required, extra_checks=extra_checks)
    if photo is not None:
        try:
            inspect_upload(photo, allowed=PHOTO_TYPES)
        except ValidationError as error:
            raise ValidationError({"photo": error}) from None
    similar = _matches_checked(
        actor=actor, person=person, different_from=set(different_from), block=similar_block
    )
    saved = False
    try:
        with transaction.atomic():
            if photo is not None:
                person.photo = photo
            person.insert()
            saved = True
            with audit_rows_together():
                _created(actor=actor, person=person, similar=similar, then=then)
    except IntegrityError:
        if saved:
            raise
        # The NIK is taken (by another registration since the check, or not checked: nobody
        # similar): told once this one rolled back (no savepoint needed), and a cross-office
        # match stays in the trail.
        raise nik_taken_error(nik=person.nik, actor=actor) from None
    return person


def _created(*, actor, person: Person, similar: list[SimilarPerson], then) -> None:
    """What follows a person's insert in its transaction: flags, audit row, the caller's part."""
    flagged = [
        PossibleDuplicate(
            worker=person, similar_to=match.person, reason=match.reason, flagged_by=actor
        )
        for match in {match.person.pk: match for match in similar}.values()
    ]
    if flagged:  # an empty bulk_create still opens its atomic block
        PossibleDuplicate.objects.bulk_create(flagged)
    audit_record(
        action=AuditAction.CREATE,
        actor=actor,
        obj=person,
        regency_id=person.home_regency_id,
        changes=changes_between({}, snapshot(person)),
    )
    if then is not None:
        then(person)


def _matches_checked(
    *, actor, person: Person, different_from: set[int], block: bool
) -> list[SimilarPerson]:
    """Refuse a taken NIK and unchecked similar people in scope; audit cross-office matches.

    A taken NIK is told before any similar person. With none similar it is not asked here: the
    NIK's unique index refuses the insert, and `person_create` tells it the same way.
    """
    similar = similar_people(
        full_name=person.full_name,
        birth_date=person.birth_date,
        passport_number=person.passport_number,
        user=actor,
    )
    if similar and person.nik and Person.objects.filter(nik=person.nik).exists():
        raise nik_taken_error(nik=person.nik, actor=actor)
    for match in similar:
        if not match.visible:
            audit_cross_office_match(actor=actor, person=match.person, reason=match.reason)
    unchecked = [m for m in similar if m.visible and m.person.pk not in different_from]
    if unchecked and block:
        raise _possible_duplicate_error(unchecked)
    return similar


def all_checks(*checks: Callable[[Person], None] | None) -> Callable[[Person], None]:
    """One check that runs each of `checks` (None skipped) and raises all their field errors
    together, so the officer sees every fault at once."""

    def check(person: Person) -> None:
        errors: dict[str, list] = {}
        for one in checks:
            if one is None:
                continue
            try:
                one(person)
            except ValidationError as error:
                for field, messages in error.update_error_dict({}).items():
                    errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    return check


def _validate_with(person: Person, *, required, extra_checks) -> None:
    all_checks(lambda p: person_validate(p, required=required), extra_checks)(person)


@transaction.atomic
def person_update(
    *,
    actor,
    person: Person,
    fields: dict,
    expected_version: int,
    required: Iterable[str] = (),
    extra_checks: Callable[[Person], None] | None = None,
    in_scope_check: bool = True,
) -> Person:
    """Change a person's data; refuses if someone saved it since `expected_version`.

    `in_scope_check=False` is for the one who met the person outside their home region (the
    airport post) filling what the record lacks; it is audited like any change.

    A NIK is written once: a record without one (a returnee with a passport only) may be given
    its NIK; a NIK already recorded is never changed (a wrong one is a new registration, then a
    merge).
    """
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != expected_version:
        raise StaleEditError
    if in_scope_check:
        ensure_in_scope(current, actor, "change")
    new_nik = fields.get("nik") or None
    if "nik" in fields and current.nik and new_nik != current.nik:
        message = _("A recorded NIK cannot be changed: register the right NIK and merge.")
        raise ValidationError({"nik": ValidationError(message, code="nik_fixed")})
    before = snapshot(current)
    for name, value in fields.items():
        setattr(current, name, value)
    _validate_with(current, required=required, extra_checks=extra_checks)
    nik_added = new_nik and new_nik != before["nik"]
    if nik_added and Person.objects.filter(nik=new_nik).exclude(pk=current.pk).exists():
        raise nik_taken_error(nik=new_nik, actor=actor)
    current.version = F("version") + 1
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError:
        raise nik_taken_error(nik=new_nik, actor=actor) from None
    current.refresh_from_db()
    audit_record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=current,
        regency_id=current.home_regency_id,
        changes=changes_between(before, snapshot(current, fields=list(before))),
    )
    return current


@transaction.atomic
def duplicate_resolve(*, actor, flag: PossibleDuplicate, resolution: str, note: str):
    """Close a possible-duplicate flag: two people after all, or one person registered twice.

    "Same person" keeps both records until a head merges them (`person_merge`).
    """
    if resolution not in (
        PossibleDuplicate.Resolution.DIFFERENT,
        PossibleDuplicate.Resolution.SAME,
    ):
        raise ValidationError(
            {"resolution": _("Choose: different people, or the same person.")},
            code="resolution",
        )
    if resolution == PossibleDuplicate.Resolution.SAME and not note.strip():
        raise ValidationError(
            {"note": _("Say how you know they are one person (which papers you checked).")},
            code="note_required",
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


# Checks other apps add (in their AppConfig.ready) before two records are merged: each returns
# the reasons the merge would break one of that app's rules, e.g. two active placements.
MERGE_GUARDS: list[Callable[[Person, Person], list[str]]] = []


def register_merge_guard(guard: Callable[[Person, Person], list[str]]) -> None:
    if guard not in MERGE_GUARDS:
        MERGE_GUARDS.append(guard)


def _references_to_person() -> list[tuple[type, str]]:
    """(model, field name) of every foreign key to Person outside the people app's own books."""
    return [
        (relation.related_model, relation.field.name)
        for relation in Person._meta.related_objects
        if relation.one_to_many and relation.related_model._meta.app_label != "people"
    ]


def _label(model, field: str) -> str:
    return f"{model._meta.label}.{field}"


def _merge_locked(keep: Person, merge: Person, actor) -> tuple[Person, Person]:
    if keep.pk == merge.pk:
        raise ValidationError(_("A record cannot be merged with itself."), code="same_record")
    locked = {
        person.pk: person
        for person in Person.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk])
    }
    if len(locked) != 2:
        raise NotFoundOrNotYours
    keep, merge = locked[keep.pk], locked[merge.pk]
    for person in (keep, merge):
        ensure_in_scope(person, actor, "merge")
    if keep.merged_into_id is not None or merge.merged_into_id is not None:
        raise ValidationError(
            _("One of these records was already merged into another."), code="already_merged"
        )
    return keep, merge


@transaction.atomic
def person_merge(*, actor, keep: Person, merge: Person, note: str) -> PersonMerge:
    """Make two records of one person one: everything of `merge` moves to `keep`.

    Placements, documents, arrivals, cases: every row of another app that points to `merge`
    points to `keep` afterwards. `keep`'s empty fields are filled from `merge`. `merge` is kept,
    marked as merged, so that `person_merge_undo` can put everything back.
    """
    if not note.strip():
        raise ValidationError(
            {"note": _("Say how you know they are one person (which papers you checked).")},
            code="note_required",
        )
    keep, merge = _merge_locked(keep, merge, actor)
    problems = [problem for guard in MERGE_GUARDS for problem in guard(keep, merge)]
    if problems:
        raise ValidationError(
            [ValidationError(problem, code="merge_refused") for problem in problems]
        )
    moved = {}
    for model, field in _references_to_person():
        rows = model._default_manager.filter(**{field: merge})
        ids = list(rows.values_list("pk", flat=True))
        if ids:
            rows.update(**{field: keep})
            moved[_label(model, field)] = ids
    filled = {}
    for name in FILLABLE:
        if _is_empty(keep, name) and not _is_empty(merge, name):
            filled[name] = snapshot(merge, fields=[name])[name]
            setattr(keep, Person._meta.get_field(name).attname, _value(merge, name))
    if "nik" in filled:
        # The NIK moves to the kept record: free it on the merged one first (NIKs are unique).
        merge.nik = None
    merge.merged_into = keep
    merge.version = F("version") + 1
    merge.save()
    keep.version = F("version") + 1
    keep.save()
    record = PersonMerge.objects.create(
        kept=keep,
        merged=merge,
        note=note.strip(),
        moved=moved,
        filled=filled,
        merged_by=actor,
    )
    PossibleDuplicate.objects.filter(worker__in=[keep, merge], similar_to__in=[keep, merge]).update(
        resolution=PossibleDuplicate.Resolution.MERGED,
        resolved_by=actor,
        resolved_at=timezone.now(),
        resolution_note=note.strip()[:300],
    )
    changes = {"merged_into": [None, keep.pk], "note": [None, note.strip()], "moved": moved}
    audit_record(
        action=AuditAction.MERGE,
        actor=actor,
        obj=merge,
        regency_id=merge.home_regency_id,
        changes=changes,
        object_repr=f"#{merge.pk} → #{keep.pk}",
    )
    audit_record(
        action=AuditAction.MERGE,
        actor=actor,
        obj=keep,
        regency_id=keep.home_regency_id,
        changes={"merged_from": [None, merge.pk], "filled": list(filled)},
        object_repr=f"#{merge.pk} → #{keep.pk}",
    )
    return record


@transaction.atomic
def person_merge_undo(*, actor, merge_record: PersonMerge, reason: str) -> PersonMerge:
    """Undo a merge as a new, audited act: the moved rows and the filled fields go back."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the merge is undone.")}, code="reason_required")
    record = PersonMerge.objects.select_for_update(of=("self",)).get(pk=merge_record.pk)
    if record.is_undone:
        raise ValidationError(_("This merge was already undone."), code="stale")
    locked = {
        person.pk: person
        for person in Person.objects.select_for_update().filter(
            pk__in=[record.kept_id, record.merged_id]
        )
    }
    keep, merge = locked[record.kept_id], locked[record.merged_id]
    for person in (keep, merge):
        ensure_in_scope(person, actor, "merge")
    references = {_label(model, field): (model, field) for model, field in _references_to_person()}
    try:
        with transaction.atomic():
            for label, ids in record.moved.items():
                model, field = references[label]
                model._default_manager.filter(pk__in=ids, **{field: keep}).update(**{field: merge})
            for name, value in record.filled.items():
                if snapshot(keep, fields=[name])[name] == value:
                    setattr(keep, Person._meta.get_field(name).attname, _empty(name))
            if "nik" in record.filled:
                # Free the NIK on the kept record before the merged one takes it back.
                keep.save(update_fields=["nik"])
                merge.nik = record.filled["nik"]
            keep.version = F("version") + 1
            keep.save()
            merge.merged_into = None
            merge.version = F("version") + 1
            merge.save()
    except IntegrityError:
        raise ValidationError(
            _(
                "The merge cannot be undone as it is: a record moved since conflicts with "
                "the other (for example two active placements)."
            ),
            code="undo_conflict",
        ) from None
    record.undone_by = actor
    record.undone_at = timezone.now()
    record.undo_reason = reason.strip()
    record.save()
    PossibleDuplicate.objects.filter(
        worker__in=[keep, merge],
        similar_to__in=[keep, merge],
        resolution=PossibleDuplicate.Resolution.MERGED,
    ).update(resolution=PossibleDuplicate.Resolution.OPEN, resolved_by=None, resolved_at=None)
    for person, other in ((merge, keep), (keep, merge)):
        audit_record(
            action=AuditAction.MERGE_UNDONE,
            actor=actor,
            obj=person,
            regency_id=person.home_regency_id,
            changes={"merge": record.pk, "other": other.pk, "reason": reason.strip()},
            object_repr=f"#{record.merged_id} ↛ #{record.kept_id}",
        )
    return record


def _value(person: Person, name: str):
    return getattr(person, Person._meta.get_field(name).attname)


def _is_empty(person: Person, name: str) -> bool:
    return _value(person, name) in (None, "")


def _empty(name: str):
    return None if Person._meta.get_field(name).null else ""
