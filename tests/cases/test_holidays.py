"""Working-day deadlines skip national holidays and cuti bersama, not only weekends."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from cases import services
from cases.deadlines import add_working_days, is_working_day

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def test_independence_day_and_christmas_are_not_working_days():
    assert not is_working_day(datetime.date(2026, 8, 17))  # Monday, Hari Kemerdekaan
    assert not is_working_day(datetime.date(2026, 12, 25))  # Friday, Natal
    assert not is_working_day(datetime.date(2026, 12, 24))  # Thursday, cuti bersama Natal
    assert is_working_day(datetime.date(2026, 12, 23))  # an ordinary Wednesday
    assert not is_working_day(datetime.date(2026, 12, 26))  # Saturday


def test_a_deadline_over_christmas_skips_the_holiday_and_its_cuti_bersama():
    tuesday = datetime.datetime(2026, 12, 22, 10, 0, tzinfo=JAKARTA)

    # Wed 23 counts; Thu 24 (cuti bersama), Fri 25 (Natal), the weekend do not; Mon 28 does.
    assert add_working_days(tuesday, 2, JAKARTA) == datetime.datetime(
        2026, 12, 28, 10, 0, tzinfo=JAKARTA
    )


def test_a_deadline_over_lebaran_skips_the_whole_idul_fitri_leave():
    before_lebaran = datetime.datetime(2026, 3, 17, 9, 0, tzinfo=JAKARTA)  # Tuesday

    # Wed 18 - Tue 24 March 2026 are Nyepi, Idul Fitri and their cuti bersama, with a weekend.
    assert add_working_days(before_lebaran, 1, JAKARTA) == datetime.datetime(
        2026, 3, 25, 9, 0, tzinfo=JAKARTA
    )


def test_holidays_are_counted_in_the_year_the_deadline_reaches():
    new_years_eve = datetime.datetime(2026, 12, 31, 15, 0, tzinfo=JAKARTA)  # Thursday

    # 1 January 2027 is Tahun Baru (a Friday), then the weekend.
    assert add_working_days(new_years_eve, 1, JAKARTA) == datetime.datetime(
        2027, 1, 4, 15, 0, tzinfo=JAKARTA
    )


@pytest.fixture
def frozen_before_independence_day(monkeypatch):
    # Friday 14 August 2026, 10:00 WIB.
    now = datetime.datetime(2026, 8, 14, 3, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


@pytest.mark.django_db
def test_a_case_reported_before_a_long_weekend_is_due_after_the_holiday(
    handler, frozen_before_independence_day
):
    case = services.case_open(
        actor=handler,
        fields={"case_type": "trafficking", "source": "police", "description": "TPPO"},
    )

    # One working day for a trafficking report: not Monday 17 August, but Tuesday 18.
    assert timezone.localtime(case.due_at, JAKARTA) == datetime.datetime(
        2026, 8, 18, 10, 0, tzinfo=JAKARTA
    )
