import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmi_portal.identity.mrz import Mrz, MrzError, check_digit, parse_td3, state_country
from tests.identity.mrz_zones import td3_zone

TODAY = datetime.date(2026, 11, 25)

# ICAO Doc 9303 Part 4, the specimen passport of Utopia.
SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
)
# An Indonesian passport; its check digits worked out by hand.
INDONESIAN = (
    "P<IDNRAHAYU<<SITI<NURHALIZA<<<<<<<<<<<<<<<<<\nC1234567<0IDN9508174F3001204<<<<<<<<<<<<<<<0"
)


def _with(zone: str, position: int, character: str) -> str:
    return zone[:position] + character + zone[position + 1 :]


def _fault(text: str) -> MrzError:
    with pytest.raises(MrzError) as error:
        parse_td3(text, today=TODAY)
    return error.value


def test_the_icao_specimen_reads_into_its_fields():
    assert parse_td3(SPECIMEN, today=TODAY) == Mrz(
        document_number="L898902C3",
        surname="ERIKSSON",
        given_names="ANNA MARIA",
        nationality="UTO",
        issuing_state="UTO",
        birth_date=datetime.date(1974, 8, 12),
        sex="F",
        expiry_date=datetime.date(2012, 4, 15),
        personal_number="ZE184226B",
    )


def test_check_digits_are_those_of_the_specimen():
    line_2 = SPECIMEN.splitlines()[1]

    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("ZE184226B<<<<<") == "1"
    assert check_digit(line_2[0:10] + line_2[13:20] + line_2[21:43]) == "0"


def test_an_indonesian_passport_without_personal_number_reads():
    mrz = parse_td3(INDONESIAN, today=TODAY)

    assert (mrz.document_number, mrz.surname, mrz.given_names) == (
        "C1234567",
        "RAHAYU",
        "SITI NURHALIZA",
    )
    assert (mrz.nationality, mrz.issuing_state, mrz.sex) == ("IDN", "IDN", "F")
    assert mrz.birth_date == datetime.date(1995, 8, 17)
    assert mrz.expiry_date == datetime.date(2030, 1, 20)
    assert mrz.personal_number == ""
    assert td3_zone() == INDONESIAN


def test_an_absent_personal_number_may_have_zero_for_its_check_digit():
    mrz = parse_td3(td3_zone(filler_check_digit=False), today=TODAY)

    assert mrz.personal_number == ""


@pytest.mark.django_db
def test_state_codes_map_to_the_countries_of_the_reference_data():
    assert state_country("IDN").code == "ID"
    assert state_country("D").code == "DE"
    assert state_country("GBN").code == "GB"
    assert state_country("UTO") is None
    assert state_country("XXA") is None


def test_a_pasted_zone_is_read_in_lower_case_with_crlf_and_spaces_around():
    pasted = "  " + SPECIMEN.lower().replace("\n", "  \r\n\r\n ") + "\r\n"

    assert parse_td3(pasted, today=TODAY) == parse_td3(SPECIMEN, today=TODAY)


def test_a_single_name_has_no_given_names_and_a_sex_left_open_is_empty():
    mrz = parse_td3(td3_zone(surname="SUKARNO", given_names="", sex=""), today=TODAY)

    assert (mrz.surname, mrz.given_names, mrz.sex) == ("SUKARNO", "", "")


def test_a_surname_of_several_words_keeps_them_apart():
    mrz = parse_td3(td3_zone(surname="VAN DER BERG", given_names="ANNA"), today=TODAY)

    assert (mrz.surname, mrz.given_names) == ("VAN DER BERG", "ANNA")


def test_germany_is_written_d_with_fillers():
    mrz = parse_td3(td3_zone(nationality="D", issuing_state="D"), today=TODAY)

    assert (mrz.nationality, mrz.issuing_state) == ("D", "D")


def test_a_two_digit_birth_year_is_the_latest_not_in_the_future():
    assert parse_td3(td3_zone(birth="261125"), today=TODAY).birth_date.year == 2026
    assert parse_td3(td3_zone(birth="261126"), today=TODAY).birth_date.year == 1926
    assert parse_td3(td3_zone(birth="050101"), today=TODAY).birth_date.year == 2005
    assert parse_td3(td3_zone(birth="000229"), today=TODAY).birth_date == datetime.date(2000, 2, 29)


def test_expiry_years_are_in_this_century():
    assert parse_td3(td3_zone(expiry="991231"), today=TODAY).expiry_date.year == 2099
    assert parse_td3(td3_zone(expiry="120415"), today=TODAY).expiry_date.year == 2012


@pytest.mark.parametrize(
    ("position", "code", "part"),
    [
        (45 + 9, "mrz_check_digit_document_number", "document_number"),
        (45 + 19, "mrz_check_digit_birth_date", "birth_date"),
        (45 + 27, "mrz_check_digit_expiry_date", "expiry_date"),
        (45 + 42, "mrz_check_digit_personal_number", "personal_number"),
        (45 + 43, "mrz_check_digit_composite", "composite"),
    ],
)
def test_each_wrong_check_digit_is_named(position, code, part):
    wrong = str((int(SPECIMEN[position]) + 1) % 10)

    error = _fault(_with(SPECIMEN, position, wrong))

    assert (error.code, error.part) == (code, part)


@pytest.mark.parametrize(
    ("position", "code"),
    [
        (45 + 2, "mrz_check_digit_document_number"),  # 8 read for 9
        (45 + 17, "mrz_check_digit_birth_date"),
        (45 + 25, "mrz_check_digit_expiry_date"),
        (45 + 30, "mrz_check_digit_personal_number"),
    ],
)
def test_a_misread_character_fails_the_check_digit_of_its_field(position, code):
    replacement = "8" if SPECIMEN[position] != "8" else "3"

    assert _fault(_with(SPECIMEN, position, replacement)).code == code


def test_a_field_changed_with_its_check_digit_still_fails_the_composite():
    expiry = "120416"
    changed = SPECIMEN[: 45 + 21] + expiry + check_digit(expiry) + SPECIMEN[45 + 28 :]

    assert _fault(changed).code == "mrz_check_digit_composite"


def test_a_letter_where_a_check_digit_stands_fails_it():
    assert _fault(_with(SPECIMEN, 45 + 9, "G")).code == "mrz_check_digit_document_number"


def test_a_filler_check_digit_is_refused_where_a_personal_number_is_given():
    assert _fault(_with(SPECIMEN, 45 + 42, "<")).code == "mrz_check_digit_personal_number"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("   \n  ", 0),
        (SPECIMEN.splitlines()[1], 1),
        (SPECIMEN + "\n" + SPECIMEN.splitlines()[1], 3),
        (SPECIMEN.replace("\n", ""), 1),
    ],
)
def test_a_zone_of_other_than_two_lines_is_refused(text, count):
    error = _fault(text)

    assert (error.code, error.part) == ("mrz_line_count", "zone")
    assert str(count) in str(error.message)


def test_a_line_of_the_wrong_length_is_named_with_its_length():
    line_1, line_2 = SPECIMEN.splitlines()

    short = _fault(f"{line_1}\n{line_2[:-1]}")
    long = _fault(f"{line_1}<\n{line_2}")

    assert (short.code, short.part) == ("mrz_line_length", "line_2")
    assert "43" in str(short.message)
    assert (long.code, long.part) == ("mrz_line_length", "line_1")
    assert "45" in str(long.message)


@pytest.mark.parametrize("character", [" ", "-", "«", "\u0301", "É", "\t", "\u0131"])
def test_a_character_outside_the_mrz_alphabet_is_refused_not_repaired(character):
    error = _fault(_with(SPECIMEN, 45 + 30, character))

    assert (error.code, error.part) == ("mrz_characters", "line_2")
    assert "31" in str(error.message)


def test_a_zone_that_is_no_passport_is_refused():
    assert _fault(_with(SPECIMEN, 0, "V")).code == "mrz_document_type"


def test_a_sex_other_than_m_f_or_unspecified_is_refused():
    assert _fault(td3_zone(sex="Q")).code == "mrz_sex"


def test_a_state_code_with_digits_is_refused():
    error = _fault(td3_zone(nationality="ID1"))

    assert (error.code, error.part) == ("mrz_state_code", "nationality")
    assert _fault(td3_zone(issuing_state="<<<")).part == "issuing_state"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"birth": "951317"}, "mrz_birth_date"),
        ({"birth": "950230"}, "mrz_birth_date"),
        ({"birth": "01<<<<"}, "mrz_birth_date"),
        ({"expiry": "300132"}, "mrz_expiry_date"),
        ({"expiry": "270229"}, "mrz_expiry_date"),
    ],
)
def test_impossible_dates_with_right_check_digits_are_refused(fields, code):
    error = _fault(td3_zone(**fields))

    assert (error.code, error.part) == (code, code.removeprefix("mrz_"))


# Property tests: the same cases on every run, as for the API's fuzzing.
PROPERTIES = settings(max_examples=200, derandomize=True, deadline=None)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
word = st.text(LETTERS, min_size=1, max_size=12)
words = st.lists(word, min_size=1, max_size=3).map(" ".join)


@st.composite
def passport_fields(draw) -> dict:
    surname = draw(words)
    given_names = draw(st.one_of(st.just(""), words))
    names_length = len(surname) + (2 + len(given_names) if given_names else 0)
    if names_length > 39:
        given_names = ""
        surname = surname[:39].rstrip()
    birth_date = draw(st.dates(datetime.date(1926, 11, 26), TODAY))
    expiry_date = draw(st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)))
    return {
        "document_number": draw(st.text(LETTERS + "0123456789", min_size=1, max_size=9)),
        "surname": surname,
        "given_names": given_names,
        "nationality": draw(st.text(LETTERS, min_size=1, max_size=3)),
        "issuing_state": draw(st.sampled_from(["IDN", "MYS", "SAU", "D", "GBD", "XXA"])),
        "birth_date": birth_date,
        "sex": draw(st.sampled_from(["M", "F", ""])),
        "expiry_date": expiry_date,
        "personal_number": draw(st.text(LETTERS + "0123456789", max_size=14)),
    }


@PROPERTIES
@given(passport_fields(), st.booleans())
def test_a_zone_built_from_valid_fields_reads_back_into_them(fields, filler_check_digit):
    zone = td3_zone(
        **{k: v for k, v in fields.items() if k not in {"birth_date", "expiry_date"}},
        birth=f"{fields['birth_date']:%y%m%d}",
        expiry=f"{fields['expiry_date']:%y%m%d}",
        filler_check_digit=filler_check_digit,
    )

    assert parse_td3(zone, today=TODAY) == Mrz(**fields)


def _reads_or_refuses(text: str) -> None:
    try:
        parse_td3(text, today=TODAY)
    except MrzError as error:
        assert error.code.startswith("mrz_")
        assert str(error.message)


@PROPERTIES
@given(st.text())
def test_any_text_reads_or_is_refused_with_an_mrz_error(text):
    _reads_or_refuses(text)


MRZ_ALPHABET = LETTERS + "0123456789<"


@PROPERTIES
@given(st.lists(st.text(MRZ_ALPHABET, min_size=44, max_size=44), min_size=2, max_size=2))
def test_any_two_lines_of_mrz_characters_read_or_are_refused_with_an_mrz_error(lines):
    _reads_or_refuses("P" + "\n".join(lines)[1:])


@PROPERTIES
@given(st.integers(0, len(SPECIMEN) - 1), st.characters())
def test_the_specimen_with_any_one_character_changed_reads_or_is_refused(position, character):
    _reads_or_refuses(_with(SPECIMEN, position, character))
