"""The verbs of service quality: a head publishes the standard of a counter service; the
counter hands each person a survey invitation on the receipt; the person answers it once,
anonymously. Each write is keyword-only, one transaction, audited."""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from pmi_portal.audit.context import without_client_address
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record, changes_between, snapshot
from pmi_portal.db import StaleEditError
from pmi_portal.offices.models import Office
from service_quality.models import (
    ELEMENT_CODES,
    CounterService,
    ServiceStandard,
    ServiceTime,
    SurveyAnswer,
    SurveyReceiptUse,
)

STANDARD_FIELDS = ("requirements_id", "requirements_en", "steps_id", "steps_en", "promised_minutes")
_SALT = "service_quality.skm"
# A receipt invites its holder to the survey for this long.
INVITATION_DAYS = 30


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


@transaction.atomic
def standard_publish(
    *, actor, counter_service: str, fields: dict, expected_version: int | None
) -> ServiceStandard:
    """Publish or change the standard of `counter_service` at the actor's office. `expected_version`
    is the version the head read (None: there was none yet)."""
    if not actor.has_perm("service_quality.change_servicestandard"):
        raise PermissionDenied
    if counter_service not in CounterService.values:
        raise _error("service", _("Choose one of the counter's services."), "invalid_choice")
    current = (
        ServiceStandard.objects.select_for_update()
        .filter(office=actor.office, service=counter_service)
        .first()
    )
    if (current.version if current else None) != expected_version:
        raise StaleEditError
    standard = current or ServiceStandard(office=actor.office, service=counter_service)
    before = snapshot(standard) if current else {}
    for name in STANDARD_FIELDS:
        value = fields.get(name)
        setattr(standard, name, value.strip() if isinstance(value, str) else value)
    # The promised time's constraint backs its validators; the head's office and the service are
    # the row's key, found above.
    standard.full_clean(exclude=["office", "updated_by"], validate_constraints=False)
    standard.updated_by = actor
    standard.updated_at = timezone.now()
    if current:
        standard.version = F("version") + 1
    standard.save()
    standard.refresh_from_db()
    audit_record(
        action=AuditAction.UPDATE if current else AuditAction.CREATE,
        actor=actor,
        obj=standard,
        regency_id=actor.office.city_id,
        changes=changes_between(before, snapshot(standard, fields=[*STANDARD_FIELDS])),
    )
    return standard


@dataclass(frozen=True)
class Invitation:
    office: Office
    service: str
    receipt_hash: str

    @property
    def service_label(self) -> str:
        return str(CounterService(self.service).label)


def survey_token(*, office: Office, service: str, receipt: str) -> str:
    """The signed token of the survey link printed on a receipt (the same for each reprint).

    A signed token is readable by anyone who holds it: it carries the receipt's keyed hash,
    never the receipt itself (a placement's number would lead to the person)."""
    return signing.dumps(
        {"o": office.pk, "s": service, "r": _receipt_hash(receipt)}, salt=_SALT, compress=True
    )


def survey_invitation(token: str) -> Invitation:
    """What a token invites to; a forged, damaged or expired one is refused with its code."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=datetime.timedelta(days=INVITATION_DAYS))
    except signing.SignatureExpired:
        raise _error(
            "token",
            _("This survey link has expired: it is valid for %(days)d days after the service.")
            % {"days": INVITATION_DAYS},
            "token_expired",
        ) from None
    except signing.BadSignature:
        raise _error(
            "token",
            _("This survey link is not valid. Scan the code on your receipt again."),
            "token_invalid",
        ) from None
    office = Office.objects.filter(pk=data.get("o")).first()
    if office is None or data.get("s") not in CounterService.values or not data.get("r"):
        raise _error("token", _("This survey link is not valid."), "token_invalid")
    return Invitation(office=office, service=data["s"], receipt_hash=str(data["r"]))


def _receipt_hash(receipt: str) -> str:
    return salted_hmac(_SALT, receipt, algorithm="sha256").hexdigest()


def survey_answered(token: str) -> bool:
    """Whether the receipt of `token` was already used to answer."""
    invitation = survey_invitation(token)
    return SurveyReceiptUse.objects.filter(receipt_hash=invitation.receipt_hash).exists()


def _scores_checked(scores: dict) -> dict[str, int]:
    errors = {}
    for code in ELEMENT_CODES:
        value = scores.get(code)
        if value in (None, ""):
            errors[code] = ValidationError(_("Choose an answer."), code="required")
        elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            errors[code] = ValidationError(_("Choose an answer from 1 to 4."), code="out_of_range")
    if errors:
        raise ValidationError(errors)
    return {code: scores[code] for code in ELEMENT_CODES}


def survey_answer(*, token: str, scores: dict) -> SurveyAnswer:
    """One person's answer to the SKM questionnaire, once per receipt, keeping nothing of them:
    no address, no time of day, no tie between the answer and the receipt."""
    invitation = survey_invitation(token)
    checked = _scores_checked(scores)
    with without_client_address(), transaction.atomic():
        try:
            with transaction.atomic():
                SurveyReceiptUse.objects.create(receipt_hash=invitation.receipt_hash)
        except IntegrityError:
            raise _error(
                "token",
                _("The survey of this receipt has already been answered. Thank you!"),
                "already_answered",
            ) from None
        answer = SurveyAnswer.objects.create(
            office=invitation.office,
            service=invitation.service,
            answered_on=timezone.localdate(),
            **checked,
        )
        audit_record(
            action=AuditAction.CREATE,
            actor=None,
            obj=answer,
            regency_id=invitation.office.city_id,
            changes={"service": [None, answer.service]},
        )
    return answer


def service_time_record(
    *, actor, counter_service: str, receipt: str, started_at: datetime.datetime
) -> ServiceTime | None:
    """The time one counter service took, up to now; None if that receipt was measured."""
    if not actor.has_perm("service_quality.add_servicetime"):
        raise PermissionDenied
    finished_at = timezone.now()
    with transaction.atomic():
        measured, created = ServiceTime.objects.get_or_create(
            receipt=receipt,
            defaults={
                "office": actor.office,
                "service": counter_service,
                "officer": actor,
                "started_at": started_at,
                "finished_at": finished_at,
                "seconds": max(0, round((finished_at - started_at).total_seconds())),
            },
        )
        if not created:
            return None
        audit_record(
            action=AuditAction.CREATE,
            actor=actor,
            obj=measured,
            regency_id=actor.office.city_id,
            changes={"seconds": [None, measured.seconds]},
        )
    return measured
