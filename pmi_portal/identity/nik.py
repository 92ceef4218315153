"""The NIK (Nomor Induk Kependudukan), the 16-digit number on the KTP card.

Digits 1-2 province, 3-4 regency/city, 5-6 district, 7-12 birth date DDMMYY with 40 added to
the day for women, 13-16 a serial number that is never 0000.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# 0-9 only: `\d` would take Arabic-Indic or full-width digits too, which int() reads.
NIK_PATTERN = re.compile(r"[0-9]{16}")
FEMALE_DAY_OFFSET = 40


class NikError(ValueError):
    """A NIK that breaks a rule; `part` names the digits at fault, the message says why."""

    def __init__(self, message, *, part: str):
        super().__init__(message)
        self.message = message
        self.part = part


@dataclass(frozen=True)
class Nik:
    number: str
    province_code: str
    regency_code: str
    district_code: str
    birth_date: datetime.date
    sex: str  # "M" or "F", as the NIK encodes it
    serial: str


def _birth_year(two_digits: int, today: datetime.date) -> int:
    year = 2000 + two_digits
    return year if year <= today.year else 1900 + two_digits


def parse_nik(value: str, *, today: datetime.date | None = None) -> Nik:
    """Split a NIK into its parts, refusing one whose digits cannot be real."""
    number = (value or "").strip().replace(" ", "").replace(".", "")
    if not NIK_PATTERN.fullmatch(number):
        raise NikError(_("A NIK has exactly 16 digits."), part="length")
    today = today or timezone.localdate()
    day, month, year = int(number[6:8]), int(number[8:10]), int(number[10:12])
    sex = "M"
    if day > FEMALE_DAY_OFFSET:
        sex, day = "F", day - FEMALE_DAY_OFFSET
    try:
        birth_date = datetime.date(_birth_year(year, today), month, day)
    except ValueError:
        raise NikError(
            _("Digits 7-12 of the NIK are not a real birth date (DDMMYY, day + 40 for women)."),
            part="birth_date",
        ) from None
    if birth_date > today:
        raise NikError(_("The birth date in the NIK lies in the future."), part="birth_date")
    if number[12:] == "0000":
        raise NikError(
            _("The serial number of a NIK (last 4 digits) is never 0000."), part="serial"
        )
    return Nik(
        number=number,
        province_code=number[:2],
        regency_code=number[:4],
        district_code=number[:6],
        birth_date=birth_date,
        sex=sex,
        serial=number[12:],
    )


def build_nik(*, district_code: str, birth_date: datetime.date, sex: str, serial: int) -> str:
    """The NIK of a person born on `birth_date` of `sex` ("M"/"F") in a 6-digit district."""
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == "F" else 0)
    return f"{district_code}{day:02d}{birth_date:%m%y}{serial:04d}"
