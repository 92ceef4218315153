"""Synthetic satisfaction surveys for scale tests (`generate_synthetic`): about one SKM answer
for every 20 workers, over the last three years, at the regional offices in proportion to their
workers, scores mostly 3 and 4. Rows for PostgreSQL COPY, deterministic for a seed."""

import datetime
import random
from collections import Counter

from django.utils import timezone

from placements.synthetic import Reference

WORKERS_PER_ANSWER = 20
YEARS = 3
SCORES = [1, 2, 3, 4]
SCORE_WEIGHTS = [0.03, 0.12, 0.5, 0.35]
COLUMNS = ("id", "office_id", "service", "answered_on", *(f"u{n}" for n in range(1, 10)))
TABLES = {"service_quality_surveyanswer": COLUMNS}


def answer_rows(*, rng: random.Random, workers: int, reference: Reference, first_id: int):
    """The answers for `workers` synthetic workers, with ids from `first_id`."""
    weight_of = Counter()
    for code, weight in zip(reference.regencies, reference.regency_weights, strict=True):
        if reference.regency_office.get(code):
            weight_of[reference.regency_office[code]] += weight
    offices, weights = list(weight_of), list(weight_of.values())
    today = timezone.localdate()
    for number in range(max(1, workers // WORKERS_PER_ANSWER)):
        yield (
            first_id + number,
            rng.choices(offices, weights)[0],
            "registration",
            today - datetime.timedelta(days=rng.randrange(365 * YEARS)),
            *rng.choices(SCORES, SCORE_WEIGHTS, k=9),
        )
