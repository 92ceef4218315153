"""Properties of the NIK parser over generated input (Hypothesis)."""

import datetime

from hypothesis import example, given
from hypothesis import strategies as st

from pmi_portal.identity.nik import Nik, NikError, build_nik, parse_nik

TODAY = datetime.date(2026, 11, 25)
ASCII_DIGITS = "0123456789"
VALID = "3201231708900001"
ARABIC_INDIC = "".join(chr(0x0660 + int(digit)) for digit in VALID)
FULL_WIDTH = "".join(chr(0xFF10 + int(digit)) for digit in VALID)

nik_like = st.one_of(
    st.text(),
    st.text(alphabet=ASCII_DIGITS, min_size=14, max_size=18),
    st.text(alphabet=ASCII_DIGITS + " .", min_size=16, max_size=24),
    st.from_regex(r"\A\d{16}\Z"),  # any Unicode digits, not only 0-9
)


@given(nik_like)
@example(ARABIC_INDIC)
@example(FULL_WIDTH)
def test_any_text_parses_or_raises_nik_error_only(value):
    try:
        nik = parse_nik(value, today=TODAY)
    except NikError as exc:
        assert exc.part in {"length", "birth_date", "serial"}
        return
    assert isinstance(nik, Nik)
    assert len(nik.number) == 16
    assert all(digit in ASCII_DIGITS for digit in nik.number)
    assert nik.birth_date <= TODAY
    assert nik.serial != "0000"


@given(
    district=st.text(alphabet=ASCII_DIGITS, min_size=6, max_size=6),
    birth_date=st.dates(min_value=datetime.date(TODAY.year - 99, 1, 1), max_value=TODAY),
    sex=st.sampled_from(["M", "F"]),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_a_built_nik_parses_back_to_its_parts(district, birth_date, sex, serial):
    number = build_nik(district_code=district, birth_date=birth_date, sex=sex, serial=serial)

    nik = parse_nik(number, today=TODAY)

    assert nik.number == number
    assert (nik.province_code, nik.regency_code, nik.district_code) == (
        district[:2],
        district[:4],
        district,
    )
    assert (nik.birth_date, nik.sex, int(nik.serial)) == (birth_date, sex, serial)
