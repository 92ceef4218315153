"""Passport MRZs (TD3) built from their fields, with correct check digits unless told."""

from pmi_portal.identity.mrz import check_digit


def _field(value: str, length: int) -> str:
    return value.replace(" ", "<").ljust(length, "<")


def td3_zone(
    *,
    document_number: str = "C1234567",
    surname: str = "RAHAYU",
    given_names: str = "SITI NURHALIZA",
    nationality: str = "IDN",
    issuing_state: str = "IDN",
    birth: str = "950817",  # YYMMDD as printed, so that impossible dates can be written too
    sex: str = "F",
    expiry: str = "300120",
    personal_number: str = "",
    filler_check_digit: bool = True,  # an absent personal number's check digit as `<`, not 0
) -> str:
    names = f"{surname}  {given_names}" if given_names else surname
    line_1 = "P<" + _field(issuing_state, 3) + _field(names, 39)
    number = _field(document_number, 9)
    personal = _field(personal_number, 14)
    personal_check = "<" if not personal_number and filler_check_digit else check_digit(personal)
    line_2 = (
        f"{number}{check_digit(number)}{_field(nationality, 3)}{birth}{check_digit(birth)}"
        f"{sex or '<'}{expiry}{check_digit(expiry)}{personal}{personal_check}"
    )
    line_2 += check_digit(line_2[0:10] + line_2[13:20] + line_2[21:43])
    return f"{line_1}\n{line_2}"
