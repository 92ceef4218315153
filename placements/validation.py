"""Rules on a worker's identity shared by the counter's forms and the API."""

import datetime

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from pmi_portal.identity.nik import NikError, parse_nik
from pmi_portal.offices.models import Province, Regency

UPLOAD_MAX_BYTES = 5 * 1024 * 1024
# Magic numbers of the files a scanned document or a photo may be.
UPLOAD_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
PHOTO_TYPES = {"image/jpeg", "image/png"}


def nik_errors(nik: str, *, sex: str | None, birth_date: datetime.date | None) -> dict:
    """{field: message} for every way `nik` is impossible or disagrees with sex and birth date."""
    try:
        parts = parse_nik(nik)
    except NikError as error:
        return {"nik": str(error.message)}
    if not Province.objects.filter(code=parts.province_code).exists():
        return {
            "nik": _("Digits 1-2 of the NIK (%(code)s) are not a province code.")
            % {"code": parts.province_code}
        }
    if not Regency.objects.filter(code=parts.regency_code).exists():
        return {
            "nik": _("Digits 1-4 of the NIK (%(code)s) are not a regency or city code.")
            % {"code": parts.regency_code}
        }
    errors = {}
    if sex and sex != parts.sex:
        errors["sex"] = _(
            "The NIK says %(nik_sex)s (day of birth %(day)s): the sex does not match the NIK."
        ) % {
            "nik_sex": _("female") if parts.sex == "F" else _("male"),
            "day": parts.number[6:8],
        }
    if birth_date and birth_date != parts.birth_date:
        errors["birth_date"] = _(
            "The NIK says born on %(date)s: the date of birth does not match the NIK."
        ) % {"date": parts.birth_date.strftime("%d-%m-%Y")}
    return errors


def normalize_phone(value: str) -> str:
    """An Indonesian or foreign phone number in E.164 (+628...); ValidationError otherwise."""
    text = (value or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("This is not a phone number."), code="invalid") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This phone number does not exist (check the digits and the country code)."),
            code="invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def passport_errors(number: str, expiry: datetime.date | None) -> dict:
    errors = {}
    if number and not (6 <= len(number) <= 12 and number.isalnum()):
        errors["passport_number"] = _("A passport number has 6 to 12 letters and digits.")
    if number and expiry is None:
        errors["passport_expiry"] = _("Give the passport's expiry date.")
    if expiry and not number:
        errors["passport_number"] = _("Give the passport number for this expiry date.")
    if expiry and expiry <= timezone.localdate():
        errors["passport_expiry"] = _("This passport has expired.")
    return errors


def sniff_upload(uploaded, *, allowed: set[str] | None = None) -> str:
    """The real content type of an upload by its first bytes; ValidationError if not allowed."""
    if uploaded.size > UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": UPLOAD_MAX_BYTES // 1048576},
            code="too_big",
        )
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature, content_type in UPLOAD_SIGNATURES.items():
        if head.startswith(signature) and (allowed is None or content_type in allowed):
            return content_type
    raise ValidationError(
        _("Only PDF, JPEG or PNG files are accepted.")
        if allowed is None
        else _("Only JPEG or PNG photos are accepted."),
        code="file_type",
    )
