import datetime

import pytest

from pmi_portal.identity.nik import NikError, parse_nik

TODAY = datetime.date(2026, 11, 25)


def test_a_mans_nik_gives_region_birth_date_and_sex():
    nik = parse_nik("3201231708900001", today=TODAY)

    assert (nik.province_code, nik.regency_code, nik.district_code) == ("32", "3201", "320123")
    assert nik.birth_date == datetime.date(1990, 8, 17)
    assert nik.sex == "M"
    assert nik.serial == "0001"


def test_a_womans_birth_day_has_forty_added():
    nik = parse_nik("3201235708900001", today=TODAY)

    assert nik.birth_date == datetime.date(1990, 8, 17)
    assert nik.sex == "F"


def test_a_two_digit_year_in_the_future_belongs_to_the_last_century():
    assert parse_nik("3201230101300001", today=TODAY).birth_date.year == 1930
    assert parse_nik("3201230101050001", today=TODAY).birth_date.year == 2005


def test_leap_days_exist_only_in_leap_years():
    assert parse_nik("3201236902000001", today=TODAY).birth_date == datetime.date(2000, 2, 29)
    with pytest.raises(NikError) as error:
        parse_nik("3201232902010001", today=TODAY)
    assert error.value.part == "birth_date"


@pytest.mark.parametrize(
    ("value", "part"),
    [
        ("320123170890001", "length"),
        ("32012317089000011", "length"),
        ("32012317089A0001", "length"),
        ("", "length"),
        ("3201233208900001", "birth_date"),  # day 32
        ("3201237208900001", "birth_date"),  # day 72 = 32 for a woman
        ("3201231713900001", "birth_date"),  # month 13
        ("3201230008900001", "birth_date"),  # day 0
        ("3201231708900000", "serial"),
    ],
)
def test_a_nik_that_cannot_be_real_is_refused_naming_the_part(value, part):
    with pytest.raises(NikError) as error:
        parse_nik(value, today=TODAY)

    assert error.value.part == part


def test_spaces_and_dots_typed_by_an_officer_are_ignored():
    assert parse_nik("3201 2317 0890 0001", today=TODAY).number == "3201231708900001"
