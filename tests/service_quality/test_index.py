"""The SKM index computed as PermenPANRB 14/2017 prescribes, against an example by hand."""

import datetime
from decimal import Decimal

import pytest

from service_quality.ikm import grade_of, index_of
from service_quality.models import SurveyAnswer
from service_quality.selectors import index_by_period, monthly_sums, periods_of
from tests.service_quality.factories import SurveyAnswerFactory

# Four questionnaires, elements u1..u9.
ANSWERS = [
    (4, 4, 3, 4, 3, 3, 4, 3, 4),
    (3, 3, 3, 3, 3, 3, 3, 3, 3),
    (2, 3, 2, 4, 3, 3, 3, 2, 3),
    (4, 4, 3, 4, 4, 4, 4, 3, 4),
]
# By hand: the sums per element are 13 14 11 15 13 13 14 11 14, so the averages (NRR) are
# 3.25 3.50 2.75 3.75 3.25 3.25 3.50 2.75 3.50; they add up to 29.5; with the weight 1/9 each
# the weighted average is 29.5 / 9 = 3.2777... and the IKM 29.5 / 9 x 25 = 81.944... -> 81.94,
# in 76.61-88.30: B, good. (With the weight rounded to 0.111, as some offices' spreadsheets do,
# it would be 81.86: the regulation's weight is 1/9.)
BY_HAND = {
    "elements": ["3.25", "3.50", "2.75", "3.75", "3.25", "3.25", "3.50", "2.75", "3.50"],
    "weighted": Decimal("3.278"),
    "ikm": Decimal("81.94"),
    "grade": "B",
}


def _totals(answers) -> dict[str, int]:
    return {f"u{n + 1}": sum(answer[n] for answer in answers) for n in range(9)}


def test_the_index_of_four_answers_is_the_one_computed_by_hand():
    index = index_of(_totals(ANSWERS), len(ANSWERS))

    assert [str(value) for value in index.elements.values()] == BY_HAND["elements"]
    assert index.weighted == BY_HAND["weighted"]
    assert index.ikm == BY_HAND["ikm"]
    assert index.grade == BY_HAND["grade"]
    assert index.answers == 4


@pytest.mark.parametrize(
    ("ikm", "grade"),
    [
        ("100.00", "A"),
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("25.00", "D"),
    ],
)
def test_the_quality_of_service_follows_the_regulations_intervals(ikm, grade):
    assert grade_of(Decimal(ikm))[0] == grade


def test_all_fours_is_100_and_all_ones_is_25():
    assert index_of({f"u{n}": 4 for n in range(1, 10)}, 1).ikm == Decimal("100.00")
    assert index_of({f"u{n}": 1 for n in range(1, 10)}, 1).ikm == Decimal("25.00")


def test_no_answers_give_no_index_rather_than_a_zero():
    index = index_of({}, 0)

    assert (index.answers, index.ikm, index.grade) == (0, None, "")


@pytest.mark.django_db
def test_the_stored_answers_give_the_same_index_per_quarter_and_for_the_year():
    for answer in ANSWERS:
        SurveyAnswerFactory(
            answered_on=datetime.date(2026, 2, 10),
            **{f"u{n + 1}": score for n, score in enumerate(answer)},
        )
    SurveyAnswerFactory(answered_on=datetime.date(2026, 8, 1))  # all 3: 75.00, C

    indexes = index_by_period(SurveyAnswer.objects.all(), periods_of(2026))

    assert indexes["2026-Q1"].ikm == BY_HAND["ikm"]
    assert indexes["2026-Q2"].answers == 0
    assert (indexes["2026-Q3"].ikm, indexes["2026-Q3"].grade) == (Decimal("75.00"), "C")
    assert indexes["2026"].answers == 5


@pytest.mark.django_db
def test_each_period_counts_the_answers_of_its_own_days_and_no_others():
    days_and_scores = [
        (datetime.date(2025, 12, 31), 1),  # the year before: in no period
        (datetime.date(2026, 1, 1), 4),
        (datetime.date(2026, 3, 31), 2),
        (datetime.date(2026, 4, 1), 4),
        (datetime.date(2026, 9, 30), 1),
        (datetime.date(2026, 10, 1), 3),
        (datetime.date(2026, 12, 31), 2),
        (datetime.date(2027, 1, 1), 4),  # the year after: in no period
    ]
    for day, score in days_and_scores:
        SurveyAnswerFactory(answered_on=day, **{f"u{n}": score for n in range(1, 10)})
    periods = periods_of(2026)

    indexes = index_by_period(SurveyAnswer.objects.all(), periods)

    for period in periods:
        scores = [score for day, score in days_and_scores if period.start <= day < period.end]
        expected = index_of({f"u{n}": sum(scores) for n in range(1, 10)}, len(scores))
        assert indexes[period.code] == expected, period.code
    assert [indexes[period.code].answers for period in periods] == [2, 1, 1, 2, 6]


@pytest.mark.django_db
def test_each_office_has_the_index_of_its_own_answers_of_the_year_and_no_others():
    from pmi_portal.offices.selectors import OfficeName
    from service_quality.selectors import indexes_of
    from tests.factories import office

    serang, pontianak = office("upt-serang"), office("upt-pontianak")
    offices_days_and_scores = [
        (serang, datetime.date(2025, 12, 31), 1),  # the year before: in no index
        (serang, datetime.date(2026, 1, 1), 4),
        (serang, datetime.date(2026, 7, 15), 2),
        (pontianak, datetime.date(2026, 3, 31), 1),
        (pontianak, datetime.date(2026, 12, 31), 3),
        (pontianak, datetime.date(2027, 1, 1), 4),  # the year after: in no index
    ]
    for where, day, score in offices_days_and_scores:
        SurveyAnswerFactory(office=where, answered_on=day, **{f"u{n}": score for n in range(1, 10)})
    periods = periods_of(2026)

    by_period, by_office = indexes_of(SurveyAnswer.objects.all(), periods)

    expected = []
    for where in (serang, pontianak):
        scores = [s for o, day, s in offices_days_and_scores if o == where and day.year == 2026]
        name = OfficeName(where.code, where.name)
        expected.append((name, index_of({f"u{n}": sum(scores) for n in range(1, 10)}, 2)))
    assert by_office == sorted(expected, key=lambda pair: pair[0].name)
    assert by_period == index_by_period(SurveyAnswer.objects.all(), periods)
    assert by_period["2026"].answers == 4


@pytest.mark.django_db
def test_the_sums_are_one_row_per_month_and_office_not_one_per_answer():
    year = datetime.date.today().year
    for day, scores in zip((3, 9, 20, 27), ANSWERS, strict=True):
        SurveyAnswerFactory(answered_on=datetime.date(year, 2, day), **_totals([scores]))
    SurveyAnswerFactory(answered_on=datetime.date(year, 5, 1))

    rows = list(
        monthly_sums(
            SurveyAnswer.objects.all(),
            start=datetime.date(year, 1, 1),
            end=datetime.date(year + 1, 1, 1),
        )
    )

    assert len(rows) == 2
    february = next(row for row in rows if row[0].month == 2)
    assert february[2:] == (4, *_totals(ANSWERS).values())
