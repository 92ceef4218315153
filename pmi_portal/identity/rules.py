"""The identity rules of a person record: NIK, passport and phone numbers.

Written once and called by `people.services` on every path that writes a person (the
counter, the API, imports, tasks, the admin); forms and serializers call them too, but only
to answer sooner. Each error carries a stable code.
"""

import datetime

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from pmi_portal.identity.nik import NikError, parse_nik
from pmi_portal.offices import selectors as office_selectors
from pmi_portal.offices.models import Province

PASSPORT_LENGTH = (6, 12)


def _error(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def nik_structure_errors(nik: str) -> dict[str, ValidationError]:
    """{"nik": error} when the NIK alone cannot be real: length, date, serial, region."""
    try:
        parts = parse_nik(nik)
    except NikError as error:
        return {"nik": _error(str(error.message), f"nik_{error.part}")}
    # A known regency code lies in a known province (load_reference refuses one that does not
    # begin with its province's code): only a refused NIK asks which of the two it lacks.
    if parts.regency_code in office_selectors.current_regency_codes():
        return {}
    if not Province.objects.filter(code=parts.province_code).exists():
        message = _("Digits 1-2 of the NIK (%(code)s) are not a province code.") % {
            "code": parts.province_code
        }
        return {"nik": _error(message, "nik_province")}
    message = _("Digits 1-4 of the NIK (%(code)s) are not a regency or city code.") % {
        "code": parts.regency_code
    }
    return {"nik": _error(message, "nik_regency")}


def nik_errors(
    nik: str, *, sex: str | None, birth_date: datetime.date | None
) -> dict[str, ValidationError]:
    """{field: error} for every way `nik` is impossible or disagrees with sex and birth date."""
    errors = nik_structure_errors(nik)
    if errors:
        return errors
    parts = parse_nik(nik)
    if sex and sex != parts.sex:
        message = _(
            "The NIK says %(nik_sex)s (day of birth %(day)s): the sex does not match the NIK."
        ) % {"nik_sex": _("female") if parts.sex == "F" else _("male"), "day": parts.number[6:8]}
        errors["sex"] = _error(message, "nik_sex_mismatch")
    if birth_date and birth_date != parts.birth_date:
        message = _("The NIK says born on %(date)s: the date of birth does not match the NIK.") % {
            "date": parts.birth_date.strftime("%d-%m-%Y")
        }
        errors["birth_date"] = _error(message, "nik_birth_date_mismatch")
    return errors


def nik_home_regency(nik: str) -> str | None:
    """The current regency code a valid NIK was issued in (pre-2022 Papua codes resolved)."""
    try:
        parts = parse_nik(nik)
    except NikError:
        return None
    return office_selectors.current_regency_codes().get(parts.regency_code)


def normalize_phone(value: str) -> str:
    """An Indonesian or foreign phone number in E.164 (+628...); ValidationError otherwise."""
    text = (value or "").strip()
    if not text:
        return ""
    # A date, a sum or words are not a phone number, even where the parser finds digits in them.
    if any(char not in "+0123456789 -().\u00a0" for char in text) or text.count("+") > 1:
        raise ValidationError(_("This is not a phone number."), code="phone_invalid")
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("This is not a phone number."), code="phone_invalid") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This phone number does not exist (check the digits and the country code)."),
            code="phone_invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_passport_number(value: str) -> str:
    return "".join((value or "").split()).upper()


def passport_number_errors(number: str) -> dict[str, ValidationError]:
    """{"passport_number": error} for a number no passport has."""
    low, high = PASSPORT_LENGTH
    if number and not (low <= len(number) <= high and number.isascii() and number.isalnum()):
        message = _("A passport number has 6 to 12 letters and digits.")
        return {"passport_number": _error(message, "passport_invalid")}
    return {}


def passport_errors(number: str, expiry: datetime.date | None) -> dict[str, ValidationError]:
    """{field: error} for a passport number and expiry that cannot be a passport's.

    A returnee's passport may have expired or its expiry be unknown: that it is valid is the
    rule of a use (a CPMI registration), see `passport_validity_errors`.
    """
    errors = passport_number_errors(number)
    if expiry and not number:
        errors["passport_number"] = _error(
            _("Give the passport number for this expiry date."), "passport_number_missing"
        )
    return errors


def passport_validity_errors(
    number: str, expiry: datetime.date | None
) -> dict[str, ValidationError]:
    """{field: error} when a recorded passport has no expiry date or has expired."""
    if not number:
        return {}
    if expiry is None:
        return {
            "passport_expiry": _error(
                _("Give the passport's expiry date."), "passport_expiry_missing"
            )
        }
    if expiry <= timezone.localdate():
        return {"passport_expiry": _error(_("This passport has expired."), "passport_expired")}
    return {}


def name_errors(full_name: str) -> dict[str, ValidationError]:
    """{"full_name": error} when a name has no letter at all ("12345" is a typing slip).

    Plain sense, no regulation needed: a name on a KTP is written in letters; digits and marks
    alone are not one. Any script's letters count.
    """
    if full_name and not any(character.isalpha() for character in full_name):
        message = _("A name must contain letters.")
        return {"full_name": _error(message, "name_without_letters")}
    return {}
