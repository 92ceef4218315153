"""The machine-readable zone (MRZ) of a passport: ICAO Doc 9303 Part 4, format TD3.

Two lines of 44 characters from A-Z, 0-9 and the filler `<`. Line 1: document code, issuing
state, names. Line 2: document number, nationality, birth date, sex, expiry date, personal
number, each guarded by a check digit, and a composite check digit over the whole line.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_portal.offices import selectors as office_selectors
from pmi_portal.offices.models import Country

LINE_LENGTH = 44
FILLER = "<"
MRZ_CHARACTERS = re.compile(r"[A-Z0-9<]")
CHECK_WEIGHTS = (7, 3, 1)
# A pasted zone may come in lower case; only ASCII letters are raised, nothing else repaired.
ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
SEXES = {"M": "M", "F": "F", FILLER: "", "X": ""}  # X: unspecified, as some states write it
# The stable code of every fault MrzError reports.
ERROR_CODES = (
    "mrz_line_count",
    "mrz_line_length",
    "mrz_characters",
    "mrz_document_type",
    "mrz_check_digit_document_number",
    "mrz_check_digit_birth_date",
    "mrz_check_digit_expiry_date",
    "mrz_check_digit_personal_number",
    "mrz_check_digit_composite",
    "mrz_sex",
    "mrz_state_code",
    "mrz_birth_date",
    "mrz_expiry_date",
)

# ICAO codes that are no ISO 3166-1 alpha-3 code but name an ISO country (Doc 9303 Part 3).
ICAO_ALIASES = {
    "D": "DEU",
    "GBD": "GBR",
    "GBN": "GBR",
    "GBO": "GBR",
    "GBP": "GBR",
    "GBS": "GBR",
}


class MrzError(ValueError):
    """A zone that is no valid TD3 MRZ: `code` is stable, `part` names where it is wrong."""

    def __init__(self, message, *, part: str, code: str):
        super().__init__(message)
        self.message = message
        self.part = part
        self.code = code


@dataclass(frozen=True)
class Mrz:
    document_number: str
    surname: str
    given_names: str
    nationality: str  # the MRZ's code without fillers: IDN, or D for Germany
    issuing_state: str
    birth_date: datetime.date
    sex: str  # "M", "F", or "" when unspecified
    expiry_date: datetime.date
    personal_number: str


def check_digit(field: str) -> str:
    """The ICAO 9303 check digit of a field: weights 7, 3, 1; A=10..Z=35, `<`=0."""
    total = 0
    for position, character in enumerate(field):
        if character.isdigit():
            value = int(character)
        elif character == FILLER:
            value = 0
        else:
            value = ord(character) - ord("A") + 10
        total += value * CHECK_WEIGHTS[position % 3]
    return str(total % 10)


def iso_alpha3(icao_code: str) -> str:
    """The ISO 3166-1 alpha-3 code an ICAO state code stands for (D is DEU); others as given."""
    return ICAO_ALIASES.get(icao_code, icao_code)


def state_country(icao_code: str) -> Country | None:
    """The country of the reference data an MRZ state code names; None for UNO, XXA, UTO."""
    return office_selectors.country_with_code3(iso_alpha3(icao_code))


def _lines(text: str) -> list[str]:
    lines = [line.strip() for line in (text or "").translate(ASCII_UPPER).splitlines()]
    lines = [line for line in lines if line]
    if len(lines) != 2:
        raise MrzError(
            _("A passport's MRZ has 2 lines; this has %(count)s.") % {"count": len(lines)},
            part="zone",
            code="mrz_line_count",
        )
    for number, line in enumerate(lines, start=1):
        if len(line) != LINE_LENGTH:
            raise MrzError(
                _(
                    "Line %(line)s of the MRZ has %(length)s characters; "
                    "each line of a passport's MRZ has 44."
                )
                % {"line": number, "length": len(line)},
                part=f"line_{number}",
                code="mrz_line_length",
            )
        for position, character in enumerate(line, start=1):
            if not MRZ_CHARACTERS.fullmatch(character):
                raise MrzError(
                    _(
                        "Line %(line)s of the MRZ holds %(character)s at position %(position)s; "
                        "an MRZ holds only A-Z, 0-9 and <."
                    )
                    % {"line": number, "character": ascii(character), "position": position},
                    part=f"line_{number}",
                    code="mrz_characters",
                )
    return lines


def _checked(value: str, digit: str, part: str) -> None:
    if check_digit(value) != digit:
        raise MrzError(
            _("The check digit of the %(part)s does not match: misread or altered.")
            % {"part": CHECKED_PARTS[part]},
            part=part,
            code=f"mrz_check_digit_{part}",
        )


CHECKED_PARTS = {
    "document_number": _("document number"),
    "birth_date": _("birth date"),
    "expiry_date": _("expiry date"),
    "personal_number": _("personal number"),
    "composite": _("whole second line (composite)"),
}


def _date(digits: str, part: str) -> datetime.date:
    try:
        if not digits.isdigit():
            raise ValueError
        return datetime.date(2000 + int(digits[:2]), int(digits[2:4]), int(digits[4:]))
    except ValueError:
        raise MrzError(
            _("The %(part)s in the MRZ (%(digits)s) is not a real date (YYMMDD).")
            % {"part": CHECKED_PARTS[part], "digits": digits},
            part=part,
            code=f"mrz_{part}",
        ) from None


def _birth_date(digits: str, today: datetime.date) -> datetime.date:
    date = _date(digits, "birth_date")
    # 19YY has a February 29th whenever 20YY in the future has one.
    return date if date <= today else date.replace(year=date.year - 100)


def _state(code: str, part: str) -> str:
    state = code.rstrip(FILLER)
    if not state.isalpha():
        raise MrzError(
            _("The %(part)s in the MRZ (%(code)s) is not a state code.")
            % {"part": STATE_PARTS[part], "code": code},
            part=part,
            code="mrz_state_code",
        )
    return state


STATE_PARTS = {"issuing_state": _("issuing state"), "nationality": _("nationality")}


def _words(field: str) -> str:
    return " ".join(field.replace(FILLER, " ").split())


def parse_td3(text: str, *, today: datetime.date | None = None) -> Mrz:
    """The fields of a passport's two MRZ lines, pasted or scanned; MrzError for any fault.

    Surrounding whitespace, blank lines, CRLF and lower case are forgiven; no character is
    repaired. A two-digit birth year is the latest that is not in the future; expiry is 20YY.
    """
    line_1, line_2 = _lines(text)
    if line_1[0] != "P":
        raise MrzError(
            _("Line 1 of a passport's MRZ starts with P; this one starts with %(code)s.")
            % {"code": line_1[0]},
            part="document_type",
            code="mrz_document_type",
        )
    _checked(line_2[0:9], line_2[9], "document_number")
    _checked(line_2[13:19], line_2[19], "birth_date")
    _checked(line_2[21:27], line_2[27], "expiry_date")
    personal_number = line_2[28:42]
    # An absent personal number may have `<` for its check digit, as well as 0 (Doc 9303 Part 4).
    if not (personal_number == FILLER * 14 and line_2[42] == FILLER):
        _checked(personal_number, line_2[42], "personal_number")
    _checked(line_2[0:10] + line_2[13:20] + line_2[21:43], line_2[43], "composite")

    if line_2[20] not in SEXES:
        raise MrzError(
            _("The sex in the MRZ is %(sex)s; it is M, F or <.") % {"sex": line_2[20]},
            part="sex",
            code="mrz_sex",
        )
    surname, _separator, given_names = line_1[5:].partition(FILLER * 2)
    return Mrz(
        document_number=line_2[0:9].rstrip(FILLER),
        surname=_words(surname),
        given_names=_words(given_names),
        nationality=_state(line_2[10:13], "nationality"),
        issuing_state=_state(line_1[2:5], "issuing_state"),
        birth_date=_birth_date(line_2[13:19], today or timezone.localdate()),
        sex=SEXES[line_2[20]],
        expiry_date=_date(line_2[21:27], "expiry_date"),
        personal_number=personal_number.rstrip(FILLER),
    )
