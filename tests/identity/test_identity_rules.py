import datetime

import pytest
from django.core.cache import cache

from pmi_portal.identity.rules import (
    nik_errors,
    nik_structure_errors,
    normalize_phone,
    passport_errors,
    passport_validity_errors,
)

pytestmark = pytest.mark.django_db


def test_a_valid_nik_agreeing_with_sex_and_birth_date_has_no_error():
    assert nik_errors("3673015708900001", sex="F", birth_date=datetime.date(1990, 8, 17)) == {}


def test_an_unknown_province_is_named():
    errors = nik_errors("9973011708900001", sex=None, birth_date=None)

    assert errors["nik"].code == "nik_province"
    assert "99" in errors["nik"].message


def test_an_unknown_regency_is_named():
    errors = nik_errors("3699011708900001", sex=None, birth_date=None)

    assert errors["nik"].code == "nik_regency"
    assert "3699" in errors["nik"].message


def test_a_valid_nik_is_checked_against_the_kept_regency_codes_without_a_query(
    settings, django_assert_num_queries
):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 3600
    cache.clear()  # no regency codes another test kept
    nik_structure_errors("3673015708900001")  # the regency codes read and kept

    with django_assert_num_queries(0):
        assert nik_structure_errors("3673015708900001") == {}
    with django_assert_num_queries(1):
        assert nik_structure_errors("9973011708900001")["nik"].code == "nik_province"


def test_a_sex_that_disagrees_with_the_nik_is_refused_at_the_sex_field():
    errors = nik_errors("3673015708900001", sex="M", birth_date=datetime.date(1990, 8, 17))

    assert list(errors) == ["sex"]
    assert errors["sex"].code == "nik_sex_mismatch"


def test_a_birth_date_that_disagrees_with_the_nik_is_refused_at_its_field():
    errors = nik_errors("3673011708900001", sex="M", birth_date=datetime.date(1990, 8, 18))

    assert list(errors) == ["birth_date"]
    assert errors["birth_date"].code == "nik_birth_date_mismatch"
    assert "17-08-1990" in errors["birth_date"].message


def test_phone_numbers_are_stored_in_e164():
    assert normalize_phone("0812-3456-7890") == "+6281234567890"
    assert normalize_phone("+886 912 345 678") == "+886912345678"


@pytest.mark.parametrize("value", ["12345", "0812", "abc", "31/12/2000"])
def test_an_impossible_phone_is_refused(value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        normalize_phone(value)


def test_passport_number_and_expiry_go_together_and_must_be_valid():
    future = datetime.date.today() + datetime.timedelta(days=900)
    assert passport_errors("C1234567", future) == {}
    assert passport_errors("C1234567", None) == {}  # a returnee's expiry may be unknown
    assert "passport_number" in passport_errors("", future)
    assert "passport_number" in passport_errors("C-12", future)
    assert "passport_expiry" in passport_validity_errors("C1234567", None)
    assert "passport_expiry" in passport_validity_errors("C1234567", datetime.date(2020, 1, 1))
