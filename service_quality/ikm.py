"""The community satisfaction index (Indeks Kepuasan Masyarakat, IKM) as PermenPANRB 14/2017
prescribes it: the average score of each of the nine elements (nilai rata-rata, NRR), their
weighted average with the same weight 1/9 each (NRR tertimbang), that average times 25 (IKM
converted to 25-100), and the quality of service (mutu pelayanan) from the regulation's
intervals. Computed in exact fractions and rounded once, to two decimals, at the end."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from service_quality.models import ELEMENT_CODES

WEIGHT = Fraction(1, len(ELEMENT_CODES))
CONVERSION = 25
# The lower bound of each quality of service on the converted IKM, best first.
GRADES = [
    (Decimal("88.31"), "A", _("very good")),
    (Decimal("76.61"), "B", _("good")),
    (Decimal("65.00"), "C", _("less than good")),
    (Decimal("25.00"), "D", _("poor")),
]


def _decimal(value: Fraction, places: str) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Index:
    answers: int
    elements: dict[str, Decimal] = field(default_factory=dict)  # NRR per element, 1.00-4.00
    weighted: Decimal | None = None  # NRR tertimbang, 1.000-4.000
    ikm: Decimal | None = None  # converted, 25.00-100.00
    grade: str = ""  # A-D; empty without answers
    grade_label: str = ""


def grade_of(ikm: Decimal) -> tuple[str, str]:
    for lower, grade, label in GRADES:
        if ikm >= lower:
            return grade, str(label)
    raise ValueError(f"an IKM below 25 cannot come from scores of 1 to 4: {ikm}")


def index_of(totals: dict[str, int], answers: int) -> Index:
    """The index of `answers` questionnaires whose scores add up to `totals` per element."""
    if not answers:
        return Index(answers=0)
    averages = {code: Fraction(totals[code], answers) for code in ELEMENT_CODES}
    weighted = sum((average * WEIGHT for average in averages.values()), Fraction(0))
    ikm = _decimal(weighted * CONVERSION, "0.01")
    grade, label = grade_of(ikm)
    return Index(
        answers=answers,
        elements={code: _decimal(average, "0.01") for code, average in averages.items()},
        weighted=_decimal(weighted, "0.001"),
        ikm=ikm,
        grade=grade,
        grade_label=label,
    )
